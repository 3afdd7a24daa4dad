"""The content rules look for their needles and gates in the whole document at once and read only
the texts where they found something (gen/checks/content.py, View). That is a filter: it must never
hide a text where the rule's pattern matches. Checked here on each pattern rule's own examples, cut,
joined and wrapped the ways texts meet in a document (first, last, next to each other, after a line
break, with spaces around), and on the flattening that most texts skip."""

from __future__ import annotations

import random

import pytest

from gen.checks.content import Text, View
from gen.checks.registry import rules

PATTERN_RULES = [rule for rule in rules() if rule.scope == "content" and rule.pattern is not None]


def _pieces(rule) -> list[str]:
    texts = [example.value for example in rule.examples if isinstance(example.value, str)]
    pieces = list(texts)
    for text in texts:
        for cut in range(1, len(text)):
            pieces += [text[:cut], text[cut:]]
    return pieces


@pytest.mark.parametrize("rule", [r for r in PATTERN_RULES if r.needs or r.gate], ids=lambda r: r.id)
def test_a_rule_gate_finds_every_text_its_pattern_matches(rule):
    rng = random.Random(rule.id)
    pieces = _pieces(rule)
    assert pieces, f"{rule.id} has no example text"
    kinds = list(rule.texts)
    for _ in range(300):
        count = rng.randint(1, 4)
        strings = []
        for _ in range(count):
            parts = rng.sample(pieces, min(len(pieces), rng.randint(1, 3)))
            strings.append(rng.choice(["", " ", "\n", "x ", "- "]).join(parts))
        texts = [Text(("noi_dung", i), rng.choice(kinds), s) for i, s in enumerate(strings)]
        if rule.gate is not None:
            found = View(texts, [t.plain for t in texts]).holding(rule.gate)
        else:
            found = View(texts, [t.lower for t in texts]).holding(*rule.needs)
        for text in texts:
            if rule.pattern.search(text.plain):
                assert text in found, (rule.id, text.plain, strings)


@pytest.mark.parametrize(
    "text",
    ["", " ", "a", "a b", "a  b", " a", "a ", "a\nb", "a\tb", "a\u00a0b", "a\u2028b", "a\u3000b", "Đảng ủy\x1cxã"],
)
def test_a_text_on_one_line_is_flattened_as_split_and_join_would(text):
    assert Text(("noi_dung", 0), "heading", text).flat == " ".join(text.split())
