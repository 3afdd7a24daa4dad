"""Inline markup of content text: **bold**, *italic*, ^superscript^, ~subscript~, footnote markers
([^key] for a note written under `chu_thich`, ^[text] for a note written in place), a backslash
before * ^ ~ [ for the character itself, newline = line break.

Only these; everything else in content is literal text (never a template, never XML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    vert: str = ""  # "" | "sup" | "sub"
    note: str = ""  # a footnote marker: its key (or, once numbered by the model, "3" / "=3")


# The delimiters must touch text on the inside, as in Markdown, so that "2 * 3 * 4" and
# "{{ 7*7 }}" stay literal. Superscript and subscript hold no spaces (Pandoc's rule), so a lone
# "~" ("5~7 người") or "^" stays literal too.
_INLINE = re.compile(
    r"(?P<escape>\\[*^~\[])"
    r"|\[\^(?P<key>[^\]\s]+)\]"
    r"|\^\[(?P<inline>(?:\\\]|[^\]])+)\]"
    r"|\*\*(?P<bold>(?=\S)(?:\\\*|[^*]|\*(?!\*))+?(?<=\S))\*\*"
    r"|\*(?P<italic>(?=[^\s*])(?:\\\*|[^*])+?(?<=[^\s\\]))\*(?!\*)"
    r"|\^(?P<sup>[^\s^\[]+?)\^"
    r"|~(?P<sub>[^\s~]+?)~"
)

INLINE_NOTE = "^"  # the key of a note written in place starts with this: "^" + its text


_SPECIAL = re.compile(r"[*^~\[\\]")


def parse(text: str, bold: bool = False, italic: bool = False, vert: str = "") -> list[Run]:
    """The runs of a text. The same text is read several times in a build (its runs, its width in a
    table, the checks) and again at every rebuild of `gen watch`: the result is cached."""
    return list(_parse(text, bold, italic, vert))


@lru_cache(maxsize=8192)
def _parse(text: str, bold: bool, italic: bool, vert: str) -> tuple[Run, ...]:
    if not _SPECIAL.search(text):  # most text has no markup at all: one run
        return (Run(text, bold, italic, vert),) if text else ()
    runs: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()], bold, italic, vert))
        if match.group("escape"):
            runs.append(Run(match.group("escape")[1], bold, italic, vert))
        elif match.group("key") is not None:
            runs.append(Run("", bold, italic, "", note=match.group("key")))
        elif match.group("inline") is not None:
            runs.append(Run("", bold, italic, "", note=INLINE_NOTE + match.group("inline").replace("\\]", "]")))
        elif match.group("bold") is not None:
            runs.extend(parse(match.group("bold"), True, italic, vert))
        elif match.group("italic") is not None:
            runs.extend(parse(match.group("italic"), bold, True, vert))
        elif match.group("sup") is not None:
            runs.extend(parse(match.group("sup"), bold, italic, "sup"))
        else:
            runs.extend(parse(match.group("sub"), bold, italic, "sub"))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold, italic, vert))
    return tuple(_merge(runs))


@lru_cache(maxsize=8192)
def plain(text: str) -> str:
    """The text without markup (and without footnote markers), as it reads in the document."""
    return "".join(run.text for run in _parse(text, False, False, ""))


def notes(text: str) -> list[tuple[str, int]]:
    """The footnote markers of a text: (key, offset of the marker in the text), in order."""
    if "[^" not in text and "^[" not in text:
        return []
    found = []
    for match in _INLINE.finditer(text):
        if match.group("key") is not None:
            found.append((match.group("key"), match.start()))
        elif match.group("inline") is not None:
            found.append((INLINE_NOTE + match.group("inline").replace("\\]", "]"), match.start()))
        elif match.group("bold") or match.group("italic"):
            inner = match.group("bold") or match.group("italic")
            offset = match.start() + (2 if match.group("bold") else 1)
            found += [(key, offset + at) for key, at in notes(inner)]
    return found


def replace_notes(text: str, replace) -> str:
    """The text with each footnote marker replaced by `replace(key)` (a marker, e.g. "[^3]")."""
    if "[^" not in text and "^[" not in text:
        return text
    out, pos = [], 0
    for match in _INLINE.finditer(text):
        if match.group("key") is not None or match.group("inline") is not None:
            key = (
                match.group("key")
                if match.group("key") is not None
                else INLINE_NOTE + match.group("inline").replace("\\]", "]")
            )
            out += [text[pos : match.start()], replace(key)]
            pos = match.end()
        elif match.group("bold") is not None or match.group("italic") is not None:
            inner = match.group("bold") if match.group("bold") is not None else match.group("italic")
            mark = "**" if match.group("bold") is not None else "*"
            out += [text[pos : match.start()], mark + replace_notes(inner, replace) + mark]
            pos = match.end()
    out.append(text[pos:])
    return "".join(out)


_KEY_MARKER = re.compile(r"\[\^[^\]\s]+\]")


def blank_markers(text: str) -> str:
    """The text with each footnote key marker ([^so-lieu]) turned into spaces of its length: a key
    is no word, and readers of the text (the speller) keep their offsets."""
    return _KEY_MARKER.sub(lambda m: " " * len(m.group()), text) if "[^" in text else text


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if run.note:
            merged.append(run)
        elif (
            merged
            and not merged[-1].note
            and (merged[-1].bold, merged[-1].italic, merged[-1].vert) == (run.bold, run.italic, run.vert)
        ):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.vert)
        elif run.text:
            merged.append(run)
    return merged
