"""The rules `gen check` applies, read from gen/data/rules.yaml, and the one contract of their checks.

A rule is data: id, severity, the clause it comes from, its confidence, the dates it is in force
between, the parameters its check reads, its known limits and its failing and passing examples. Its
message is in the gettext catalogues under the rule's id (gen/locale), like every other text.

A check is a function registered under its rule's id, `@check("recipients.punctuation")`, that
takes `(rule, ctx)` and yields findings: content checks (gen/checks/content.py) get the document's
context, audit checks (gen/checks/audit.py) a Word file's. A rule with a `pattern` needs no function.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from gen.exceptions import Finding
from gen.messages import t, template
from gen.settings import read_data

# The day Hướng dẫn 05-HD/VPTW replaced 36-HD/VPTW (party-format.md §0): a clause citing 05-HD is
# cited as 36-HD for a document dated before it.
_GUIDE_05 = re.compile(r"05-HD(?:/VPTW)?(?: §[\dIVX.]+)?")


@dataclass(frozen=True)
class Example:
    """A document that the rule must flag (`fails`) or let pass: a paragraph of the body, or keys
    laid over the example document of rules.yaml (`example_document`)."""

    fails: bool
    value: Any
    note: str = ""

    def describe(self) -> str:
        if isinstance(self.value, str):
            return self.value
        return ", ".join(f"{key}: {value}" for key, value in self.value.items())


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    scope: str
    clause: str
    confidence: str
    start: dt.date | None = None
    end: dt.date | None = None
    pattern: re.Pattern | None = None
    texts: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # a pattern runs only on texts holding one of these (in lower case)
    gate: re.Pattern | None = None  # or only on texts where this matches
    exceptions: frozenset[str] = frozenset()
    params: dict = field(default_factory=dict, hash=False, compare=False)
    limits: str = ""
    examples: tuple[Example, ...] = ()

    def in_force(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    def cited(self, date: dt.date | None = None) -> str:
        """The clause in the user's language (the Vietnamese text of rules.yaml is its message id), as
        the guide in force on `date` names it."""
        clause = template(self.clause)
        if date is not None and date < guide_05_from() and "05-HD" in clause:
            return _GUIDE_05.sub("36-HD/VPTW", clause)
        return clause

    def message(self, date: dt.date | None = None, **params) -> str:
        cited = self.cited(date)
        # A rule of the tool itself has no clause ("—"): the message ends with the text, not "— —".
        return f"{t(self.id, **params)} — {cited}" if cited.strip(" —-") else t(self.id, **params)

    def finding(
        self, file: str, line: int = 1, column: int = 1, where: str = "", date: dt.date | None = None, **params
    ) -> Finding:
        """A finding of this rule: its id, severity and text written once, here."""
        return Finding(file, line, column, self.id, self.severity, self.message(date, **params), where)


def _examples(raw: dict | None) -> tuple[Example, ...]:
    raw = raw or {}
    found = []
    for key, fails in (("fail", True), ("pass", False)):
        for item in raw.get(key) or ():
            if isinstance(item, dict) and "note" in item and "doc" in item:
                found.append(Example(fails, item["doc"], item["note"]))
            else:
                found.append(Example(fails, item))
    return tuple(found)


@cache
def rules() -> tuple[Rule, ...]:
    raw = read_data("rules.yaml")["rules"]
    return tuple(
        Rule(
            id=r["id"],
            severity=r["severity"],
            scope=r["scope"],
            clause=r["clause"],
            confidence=r["confidence"],
            start=r.get("from"),
            end=r.get("until"),
            pattern=re.compile(r["pattern"], re.MULTILINE) if r.get("pattern") else None,
            texts=tuple(r.get("texts", ())),
            needs=tuple(n.lower() for n in r.get("needs", ())),
            gate=re.compile(r["gate"]) if r.get("gate") else None,
            exceptions=frozenset(e.lower() for e in r.get("except", ())),
            params=r.get("params") or {},
            limits=" ".join((r.get("limits") or "").split()),
            examples=_examples(r.get("examples")),
        )
        for r in raw
    )


@cache
def example_document() -> dict:
    """The document the examples of content rules are laid over (rules.yaml, `example_document`)."""
    return read_data("rules.yaml")["example_document"]


@cache
def guide_05_from() -> dt.date:
    return next(p["from"] for p in read_data("the-thuc.yaml")["profiles"] if p["id"] == "HD05")


def in_force(scope: str, date: dt.date) -> list[Rule]:
    return [rule for rule in rules() if rule.scope == scope and rule.in_force(date)]


def find(rule_id: str, date: dt.date | None = None) -> Rule | None:
    """The rule with this id (if in force on `date`, when given)."""
    for rule in rules():
        if rule.id == rule_id and (date is None or rule.in_force(date)):
            return rule
    return None


Check = Callable[[Rule, Any], Iterator[Finding]]

# Every check of every scope, by the id of the rule it applies.
CHECKS: dict[str, Check] = {}


def check(rule_id: str) -> Callable[[Check], Check]:
    """Register the function that applies rule `rule_id`: `@check("recipients.punctuation")`."""

    def register(function: Check) -> Check:
        if rule_id in CHECKS:
            raise ValueError(f"two checks for rule {rule_id}")
        CHECKS[rule_id] = function
        return function

    return register


@cache
def facts() -> dict:
    return read_data("facts.yaml")


def extract_rule_ids(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list]]:
    """Babel extractor (babel.cfg): the ids of gen/data/rules.yaml are message ids of the catalogues,
    and so are their clauses (the Vietnamese citation is the id; the English catalogue translates it)."""
    import yaml

    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        match = re.match(r"\s*- id: ([a-z_]+\.[a-z_.]+)\s*$", line)
        if match:
            yield number, "", match.group(1), []
        match = re.match(r"\s+clause: (.+)$", line)
        if match:
            yield number, "", yaml.safe_load(match.group(1)), []
