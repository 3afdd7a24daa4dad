"""Inline markup of content text: **bold**, *italic*, \\* for a literal asterisk, newline = line break.

Only these; everything else in content is literal text (never a template, never XML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


# The delimiters must touch text on the inside, as in Markdown, so that "2 * 3 * 4" and
# "{{ 7*7 }}" stay literal.
_INLINE = re.compile(
    r"(?P<escape>\\\*)"
    r"|\*\*(?P<bold>(?=\S)(?:\\\*|[^*]|\*(?!\*))+?(?<=\S))\*\*"
    r"|\*(?P<italic>(?=[^\s*])(?:\\\*|[^*])+?(?<=[^\s\\]))\*(?!\*)"
)


def parse(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()], bold, italic))
        if match.group("escape"):
            runs.append(Run("*", bold, italic))
        elif match.group("bold") is not None:
            runs.extend(parse(match.group("bold"), True, italic))
        else:
            runs.extend(parse(match.group("italic"), bold, True))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold, italic))
    return _merge(runs)


def plain(text: str) -> str:
    """The text without markup, as it reads in the document."""
    return "".join(run.text for run in parse(text))


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    return merged
