"""Spelling rules (chính tả): the typos that careful people still sign — "thưòng", "chỉ đao",
"quán triết", "đề nghị Các chi bộ", "hoà" in a document that writes "hòa".

All five rules read one pass of the speller over every text of the document (gen.checks.speller),
made once per document and shared. What an office knows better than the dictionary it writes in its
organisation file (`chinh_ta_cho_phep: [...]`); one occurrence is accepted with a comment on the
line where the text starts (`- >-  # chính tả: Lênin`).

`check_text` gives the page the slips of any text with offsets, so that it can underline them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import Any

from gen.checks import vietnamese as vn
from gen.checks.lexicon import lexicon
from gen.checks.registry import Rule, check, find
from gen.checks.speller import Slip, Speller
from gen.content import markup
from gen.exceptions import Finding
from gen.messages import N_, t

# The why of a slip, by the speller's reason.
REASONS = {
    vn.TWO_TONES: N_("spelling.why.two_tones"),
    vn.SHAPE: N_("spelling.why.shape"),
    vn.ONSET_SPELLING: N_("spelling.why.onset_spelling"),
    vn.STOP_TONE: N_("spelling.why.stop_tone"),
    vn.PLACEMENT: N_("spelling.why.placement"),
    "telex": N_("spelling.why.telex"),
    "vni": N_("spelling.why.vni"),
    "no_marks": N_("spelling.why.no_marks"),
    "unknown": N_("spelling.why.unknown"),
    "compound": N_("spelling.why.compound"),
    "confusable": N_("spelling.why.confusable"),
    "capital": N_("spelling.why.capital"),
    "old": N_("spelling.why.style_old"),
    "new": N_("spelling.why.style_new"),
}
# "# chính tả: Lênin, Ăngghen" (or "# chinh_ta: …") after a value: words accepted in that text.
ACCEPT = re.compile(r"(?:^|\s)#\s*(?:chính tả|chinh_ta|chinh ta)\s*:\s*(.*)$", re.IGNORECASE)
CODE = re.compile(r"[a-z_]+")
# Whether a file may hold such a comment at all: led by "#", the search skips to each "#" in C
# instead of trying the three words at every character (about 15 times faster on a file).
ACCEPT_MARK = re.compile(r"#\s*(?:chính tả|chinh_ta|chinh ta)", re.IGNORECASE)


@cache
def speller() -> Speller:
    """One speller per process: its verdicts on words are what a second document reuses."""
    return Speller(lexicon())


def style_of_uy(uy: str) -> str:
    """The organisation's tone-placement style from its spelling of "ủy"/"uỷ"."""
    return "old" if uy == "uỷ" else "new"


def hint(slip: Slip) -> str:
    return t("spelling.hint", suggestion=slip.suggestion) if slip.suggestion else ""


def why(slip: Slip) -> str:
    return t(REASONS[slip.reason]) if slip.reason in REASONS else ""


@dataclass(frozen=True)
class Mark:
    """A slip for the page: where it is in the text given, the rule, and what to say."""

    rule: str
    severity: str
    start: int
    end: int
    word: str
    suggestion: str | None
    message: str

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "word": self.word,
            "suggestion": self.suggestion,
            "message": self.message,
        }


def check_text(text: str, allowed: Iterable[str] = (), uy: str = "ủy") -> list[Mark]:
    """The spelling slips of one text, by offsets into it (for the page to underline).
    `allowed`: the office's words (its chinh_ta_cho_phep, names); `uy`: its "ủy"/"uỷ"."""
    marks = []
    for slip in speller().check(markup.blank_markers(text), allowed=_allowed(allowed), style=style_of_uy(uy)):
        rule = find(slip.rule)
        if rule is not None:
            message = rule.message(word=slip.word, why=why(slip), hint=hint(slip))
            marks.append(Mark(slip.rule, rule.severity, slip.start, slip.end, slip.word, slip.suggestion, message))
    return marks


def _allowed(words: Iterable[str]) -> frozenset[str]:
    found: set[str] = set()
    normal = lexicon().normal
    for phrase in words:
        if isinstance(phrase, str):
            found.add(phrase.lower())
            found.update(normal(word) for word in phrase.split())
    return frozenset(found)


# --- the rules on a document -------------------------------------------------------------------


@dataclass(frozen=True)
class _Located:
    text: Any  # gen.checks.content.Text: its path, kind and words
    slip: Slip  # offsets inside the document's texts joined
    offset: int  # where the text starts among them


def _slips(context) -> dict[str, list[_Located]]:
    """The document's slips by rule: one pass of the speller, made for the first of the five rules
    and kept on the context for the others."""
    return context.once("spelling slips", _slips_of)


def _slips_of(context) -> dict[str, list[_Located]]:
    # The organisation's own words (kind "org") belong to its file, which is checked as such; a
    # value that is a code (hoi_nghi.kieu: hop, to_chuc) is no text.
    texts = [
        text
        for text in context.texts
        if text.kind != "org" and not (text.text.isascii() and CODE.fullmatch(text.text))  # isascii: C speed
    ]
    more = list(_more_texts(context.source.data))
    if more:  # rare: the set of paths read is made only then
        read = {text.path for text in texts}
        texts += [text for text in more if text.path not in read]
    # A footnote's key is no word: blanked at its length, so that the offsets hold (a key never
    # spans two texts: it holds no space).
    joined = markup.blank_markers("\n\n".join([text.text for text in texts]))
    document = context.document
    org = getattr(document, "org", None)
    style = style_of_uy(org.uy) if org is not None else None
    slips = speller().check(joined, allowed=_names(context), style=style)
    if not slips:
        return {}  # most documents: where each text starts is never needed
    starts = list(accumulate((len(text.text) + 2 for text in texts), initial=0))[:-1]
    found: dict[str, list[_Located]] = {}
    accepted: dict[tuple, frozenset[str]] = {}
    for slip in slips:
        index = bisect_right(starts, slip.start) - 1
        text = texts[index]
        if text.path not in accepted:
            accepted[text.path] = _accepted(context.source, text.path)
        words = accepted[text.path]
        if words and (slip.word.lower() in words or vn.normal(slip.word) in words):
            continue
        found.setdefault(slip.rule, []).append(_Located(text, slip, starts[index]))
    return found


@dataclass(frozen=True)
class _Extra:
    """A text the content rules do not read (yet) but a reader does: Kính gửi, căn cứ."""

    path: tuple
    text: str
    kind: str = "extra"


def _more_texts(data) -> Iterator[_Extra]:
    if not isinstance(data, dict):
        return
    for key in ("kinh_gui", "kinh_trinh", "can_cu"):
        value = data.get(key)
        if isinstance(value, str):
            yield _Extra((key,), value)
        elif isinstance(value, list):
            yield from (_Extra((key, i), line) for i, line in enumerate(value) if isinstance(line, str))


def _names(context) -> frozenset[str]:
    """Words never taken for slips in this document: the organisation's allow-list, its place and
    its leaders' names, the signer's name."""
    document = context.document
    org = getattr(document, "org", None)
    words: list[str] = []
    if org is not None:
        words += list(org.spelling_allowed)
        words += [org.dia_danh]
        words += [name for name in org.lanh_dao.values() if isinstance(name, str)]
    signature = getattr(document, "signature", None)
    if signature is not None and signature.ho_ten:
        words.append(signature.ho_ten)
    return _allowed_once(tuple(word for word in words if isinstance(word, str)))


@lru_cache(maxsize=64)
def _allowed_once(words: tuple[str, ...]) -> frozenset[str]:
    """_allowed of an office's words, made once: every document of the office names them again."""
    return _allowed(words)


@lru_cache(maxsize=8)
def _has_comments(text: str) -> bool:
    return ACCEPT_MARK.search(text) is not None


_starts_memo: list = [None, []]  # (source, lines where its values start) of the last file asked


def _value_lines(source) -> list[int]:
    """The lines where a value of the file starts, in order."""
    if _starts_memo[0] is not source:
        _starts_memo[:] = [source, sorted({number for number, _ in source.positions.values()})]
    return _starts_memo[1]


def _accepted(source, path: tuple) -> frozenset[str]:
    """Words accepted by a "# chính tả: …" comment on the lines of the value at `path` — its first
    line only when it is a block (`>-`, `|`), whose other lines are text, not comments."""
    if not source.text or not _has_comments(source.text):
        return frozenset()
    line, _ = source.where(path)
    lines = source.lines
    last = line
    first_text = lines[line - 1] if 0 < line <= len(lines) else ""
    if not re.search(r"[>|][-+]?\s*(#.*)?$", first_text):
        starts = _value_lines(source)
        later = starts[bisect_right(starts, line) :]
        last = (later[0] - 1) if later else len(lines)
    words: set[str] = set()
    for number in range(line, min(last, len(lines)) + 1):
        match = ACCEPT.search(lines[number - 1])
        if match:
            words.update(part.strip() for part in match.group(1).split(",") if part.strip())
    return _allowed(words)


def _position(context, located: _Located) -> tuple[int, int]:
    """Line and column of the slip in the YAML file: the same occurrence of the word, counted from
    the start of its value (the value's lines are folded, so offsets do not carry over)."""
    source = context.source
    line, column = source.where(located.text.path)
    if not source.text:
        return line, column
    slip = located.slip
    word = slip.word.split()[0]
    occurrence = sum(1 for _ in _whole_words(located.text.text[: slip.start - located.offset], word))
    lines = source.lines
    for number in range(line - 1, min(len(lines), line + 400)):
        for start in _whole_words(lines[number], word, column - 1 if number == line - 1 else 0):
            if occurrence == 0:
                return number + 1, start + 1
            occurrence -= 1
    return line, column


def _whole_words(text: str, word: str, start: int = 0) -> Iterator[int]:
    r"""Where `word` stands whole in `text` from `start`, no letter or digit touching it: what the
    pattern (?<![^\W_])word(?![^\W_]) finds, without compiling one for each word (a new word's
    pattern costs more to compile than the search)."""
    at = text.find(word, start)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            yield at
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)


def _findings(rule: Rule, context) -> Iterator[Finding]:
    slips = _slips(context).get(rule.id)
    if not slips:
        return
    name = context.source.name
    for located in slips:
        slip = located.slip
        line, column = _position(context, located)
        yield rule.finding(name, line, column, date=context.date, word=slip.word, why=why(slip), hint=hint(slip))


# The five rules share one pass of the speller over the document (memoised per context): each
# rule's check is that pass, keeping the slips of its own rule.
for _rule_id in (
    "spelling.syllable",
    "spelling.unknown",
    "spelling.compound",
    "spelling.capital",
    "spelling.tone_placement",
):
    check(_rule_id)(_findings)
