"""Content rules: the slips a careful reader catches before a document is signed — a meeting dated
two years back, "Quốc hội khóa XIV" in 2026, numbering that runs I., 2., 3., "kinh tế- xã hội",
"K/T" under a committee, a number used twice in a term.

Each check applies one rule of gen/data/rules.yaml to a built document model and reports at the
line of the YAML where the words are. Only the rules in force on the document's date run.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import re
from bisect import bisect_right
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gen.checks import (
    spelling,  # noqa: F401  (registers the checks of the spelling rules)
    structure,  # noqa: F401  (registers the checks of footnotes, tables, appendices)
)
from gen.checks.numbers import NumberIndex, numbered
from gen.checks.registry import CHECKS, Rule, check, facts, find, in_force
from gen.content import formatting, markup
from gen.content.kinds import SIGNERS, TITLES
from gen.content.loader import Source, display_path, load
from gen.content.model import Document, label_value
from gen.content.schema import parse_date, validate_org
from gen.exceptions import Finding, has_errors
from gen.messages import N_, t


class Text:
    """One text an author wrote, with what it is and the forms the rules read it in."""

    __slots__ = ("path", "kind", "text", "source", "flat", "plain", "_lower", "_words")

    def __init__(self, path: tuple, kind: str, text: str, source: Source | None = None):
        self.path = path  # where in the YAML
        self.kind = kind  # ve | heading | body | item | opening | recipient | signature | org
        self.text = text
        self.source = source  # the file it is in, when not the document (an organisation file)
        self.flat = _flat(text)  # the text on one line, as the rules read it
        # What patterns read: the paragraph as typed (its double spaces), else `flat`.
        self.plain = text.strip() if kind in ("body", "item") else self.flat
        self._lower: str | None = None
        self._words: list[str] | None = None

    @property
    def lower(self) -> str:
        """`plain` in lower case, where a rule's needles are looked for."""
        if self._lower is None:
            self._lower = self.plain.lower()
        return self._lower

    @property
    def words(self) -> list[str]:
        """The words, split once for every rule that reads words (and only when one does)."""
        if self._words is None:
            self._words = self.text.split()
        return self._words


def _flat(text: str) -> str:
    """The text with its runs of white space made one space. Most texts are typed that way already:
    a printable text (no white space but the plain space) without two spaces in a row needs no split."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


class View:
    """The texts of a document end to end, each after a line break, in one of their forms: a rule searches
    the whole document in one call at C speed (a needle, or a pattern that starts with a plain
    string), then reads text by text only the texts where it found something. Most texts of a
    correct document hold nothing a rule looks for."""

    def __init__(self, texts: list[Text], strings: list[str]):
        self.texts = texts
        self.string = "\n" + "\n".join(strings)
        self.starts = list(itertools.accumulate((len(s) + 1 for s in strings), initial=1))

    def holding(self, *gates: str | re.Pattern, kinds: Container[str] | None = None) -> list[Text]:
        """The texts (in order) in which one of the gates is found: a string, or a pattern that
        matches in the view wherever it matches in a text alone (no look-behind past its start). A
        gate may begin with the line break before a text ("\\n-": a text that starts with "-"); a
        hit belongs to the text its last character is in."""
        found: set[int] = set()
        for gate in gates:
            position = 0
            while True:
                last = self._hit(gate, position)
                if last < 0:
                    break
                index = bisect_right(self.starts, last) - 1
                found.add(index)
                position = self.starts[index + 1] - 1  # the next text: one hit is enough to read this one
        texts = self.texts
        return [texts[i] for i in sorted(found) if kinds is None or texts[i].kind in kinds]

    def _hit(self, gate: str | re.Pattern, position: int) -> int:
        """Where the first hit of `gate` from `position` ends (its last character), or -1."""
        if isinstance(gate, str):
            at = self.string.find(gate, position)
            return at + len(gate) - 1 if at >= 0 else -1
        match = gate.search(self.string, position)
        return max(match.start(), match.end() - 1) if match is not None else -1


@dataclass
class Context:
    document: Document  # no document (None) only for the pattern rules on a file that cannot be built
    source: Source
    texts: list[Text]
    numbers: NumberIndex | None
    date: dt.date | None = None
    # What several rules read, made once per document (see `once`).
    _once: dict = field(default_factory=dict, repr=False)

    def at(
        self, rule: Rule, path: tuple, snippet: str = "", occurrence: int = 0, source: Source | None = None, **params
    ) -> Finding:
        source = source or self.source
        line, column = locate(source, path, snippet, occurrence)
        return rule.finding(source.name, line, column, date=self.date, **params)

    def once(self, key: str, make: Callable[[Context], Any]) -> Any:
        """`make(self)`, computed for the first rule that asks and kept for the others."""
        if key not in self._once:
            self._once[key] = make(self)
        return self._once[key]

    @property
    def flat(self) -> View:
        """Every text's `flat`, end to end."""
        return self.once("view.flat", lambda c: View(c.texts, [text.flat for text in c.texts]))

    @property
    def plain(self) -> View:
        """Every text's `plain`, end to end."""
        return self.once("view.plain", lambda c: View(c.texts, [text.plain for text in c.texts]))

    @property
    def lower(self) -> View:
        """Every text's `lower`, end to end (lowered at once when that keeps every length)."""

        def make(context: Context) -> View:
            plain = context.plain
            lowered = plain.string.lower()
            if len(lowered) == len(plain.string):
                view = View(context.texts, [])
                view.string, view.starts = lowered, plain.starts
                return view
            return View(context.texts, [text.lower for text in context.texts])

        return self.once("view.lower", make)

    @property
    def raw(self) -> View:
        """Every text as written, end to end."""
        return self.once("view.raw", lambda c: View(c.texts, [text.text for text in c.texts]))


def lint(
    document: Document, numbers: NumberIndex | None = None, select: Callable[[Rule], bool] | None = None
) -> list[Finding]:
    """The findings of the content rules in force on the document's date (those `select` keeps,
    when given: the benchmark times the spelling rules apart from the others)."""
    source = document.source
    context = Context(
        document, source, list(texts(source.data)) + list(org_texts(document)), numbers, document.first_day
    )
    patterns, checks = _in_force(document.first_day)
    if select is not None:
        patterns, checks = [r for r in patterns if select(r)], [r for r in checks if select(r)]
    findings = list(_patterns(patterns, context))
    for rule in checks:
        findings += CHECKS[rule.id](rule, context)
    return findings


def is_spelling(rule: Rule) -> bool:
    """A rule of chính tả (gen/checks/spelling.py), which has a budget of its own (bench/spelling.py)."""
    return rule.id.startswith("spelling.")


@functools.lru_cache(maxsize=64)
def _in_force(day: dt.date) -> tuple[list[Rule], list[Rule]]:
    rules = in_force("content", day)
    return [r for r in rules if r.pattern is not None], [r for r in rules if r.pattern is None]


def placeholders(source: Source) -> list[Finding]:
    """The [ĐIỀN: …] marks of a file that cannot be built yet (its dates are still blank), so that
    the author sees every blank at once."""
    rule = find("content.placeholder", dt.date.today())
    if rule is None:
        return []
    inline = source.data.get("co_quan") if isinstance(source.data, dict) else None
    found = list(texts(source.data)) + list(
        _org_mapping_texts(inline if isinstance(inline, dict) else {}, ("co_quan",))
    )
    return list(_pattern(rule, Context(None, source, found, None)))  # type: ignore[arg-type]


# Keys of an organisation file (or of a document's co_quan mapping) that are printed in the header,
# the date line, Nơi nhận or the signature.
ORG_TEXT_KEYS = ("cap_tren", "ten", "dia_danh", "ky_hieu", "van_phong")


def is_org_file(data) -> bool:
    """An organisation file, recognised by its shape: an issuer's name and symbol, no document kind."""
    return isinstance(data, dict) and "loai" not in data and "noi_dung" not in data and "ten" in data


def _org_mapping_texts(data: dict, base: tuple, source: Source | None = None) -> Iterator[Text]:
    for key in ORG_TEXT_KEYS:
        if isinstance(data.get(key), str):
            yield Text(base + (key,), "org", data[key], source=source)
    leaders = data.get("lanh_dao")
    if isinstance(leaders, dict):
        for key, value in leaders.items():
            if isinstance(value, str):
                yield Text(base + ("lanh_dao", key), "org", value, source=source)


def _org_source(path: Path) -> Source | None:
    """An organisation file as read: shared by the documents of a batch, read again once changed
    (`gen watch` and `gen serve` run for hours). None when it has gone since the model was built."""
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _ORG_SOURCES:
        if len(_ORG_SOURCES) > 64:
            _ORG_SOURCES.clear()
        _ORG_SOURCES[key] = load(path)
    return _ORG_SOURCES[key]


_ORG_SOURCES: dict[tuple, Source] = {}


def org_texts(document: Document) -> Iterator[Text]:
    """The organisation's texts the document prints: from its co_quan mapping, else its organisation file."""
    inline = document.source.data.get("co_quan")
    inline = inline if isinstance(inline, dict) else {}
    yield from _org_mapping_texts(inline, ("co_quan",))
    if document.org.file is not None:
        org_source = _org_source(document.org.file)
        if org_source is not None and isinstance(org_source.data, dict):
            rest = {k: v for k, v in org_source.data.items() if k not in inline}
            yield from _org_mapping_texts(rest, (), org_source)


def check_org(source: Source) -> list[Finding]:
    """An organisation file checked as such: its shape, and the rules on the words it prints
    (a [ĐIỀN: …] mark left by gen import, a district body that no longer exists)."""
    if source.data is None or has_errors(source.findings):
        return source.findings
    findings = source.findings + validate_org(source)
    today = dt.date.today()
    context = Context(None, source, list(_org_mapping_texts(source.data, ())), None, today)  # type: ignore[arg-type]
    for rule in in_force("content", today):
        if rule.pattern is not None and "org" in rule.texts:
            findings += _pattern(rule, context)
    return sorted(findings, key=lambda f: (f.line, f.column))


def texts(data: dict) -> Iterator[Text]:
    """Every text an author wrote, with what it is: the rules differ for a title and a recipient.
    Also called on data that failed validation (for the [ĐIỀN] marks), so nothing is assumed."""

    def mapping(value) -> dict:
        return value if isinstance(value, dict) else {}

    trich_yeu = mapping(data.get("trich_yeu"))
    for key, kind in (("tac_gia", "heading"), ("ve", "ve")):
        if isinstance(trich_yeu.get(key), str):
            yield Text(("trich_yeu", key), kind, trich_yeu[key])
    opening = data.get("mo_dau")
    if isinstance(opening, str):
        yield Text(("mo_dau",), "opening", opening)
    elif isinstance(opening, list):
        yield from (Text(("mo_dau", i), "opening", line) for i, line in enumerate(opening) if isinstance(line, str))
    for key, value in mapping(data.get("hoi_nghi")).items():
        if isinstance(value, str) and key != "ngay":
            yield Text(("hoi_nghi", key), "opening", value)
    if isinstance(data.get("noi_dung"), list):
        yield from _outline_texts(data["noi_dung"], ("noi_dung",))
    recipients = data.get("noi_nhan")
    for i, item in enumerate(recipients if isinstance(recipients, list) else []):
        if isinstance(item, dict) and isinstance(item.get("ten"), str):
            yield Text(("noi_nhan", i, "ten"), "recipient", item["ten"])
        elif isinstance(item, str):
            yield Text(("noi_nhan", i), "recipient", item)
    if isinstance(data.get("luu"), str):
        yield Text(("luu",), "recipient", data["luu"])
    for key, value in mapping(data.get("chu_ky")).items():
        if isinstance(value, str):
            yield Text(("chu_ky", key), "signature", value)


def _outline_texts(items: list, path: tuple) -> Iterator[Text]:
    for i, item in enumerate(items):
        if isinstance(item, str):
            yield Text(path + (i,), "body", item)
        elif isinstance(item, dict):
            # A muc or y is an item of a list: a title-like line of a programme needs no full stop.
            for key, kind in (("tieu_de", "heading"), ("muc", "item"), ("y", "item")):
                if isinstance(item.get(key), str):
                    yield Text(path + (i, key), kind, item[key])
            if isinstance(item.get("noi_dung"), list):
                yield from _outline_texts(item["noi_dung"], path + (i, "noi_dung"))


def locate(source: Source, path: tuple, snippet: str = "", occurrence: int = 0) -> tuple[int, int]:
    """The line and column of `snippet` inside the value at `path`: long values span many lines,
    and a slip is worth pointing at exactly; the `occurrence`-th one (from 0) when it is there more
    than once. Falls back to the value's start."""
    line, column = source.where(path)
    snippet = " ".join(snippet.split())
    if not snippet or not source.text:
        return line, column
    lines = source.lines
    for candidate in (snippet, snippet.split(" ")[0]):
        seen = 0
        for number in range(line - 1, min(len(lines), line + 200)):
            found = lines[number].find(candidate, column - 1 if number == line - 1 else 0)
            while found >= 0:
                if seen == occurrence:
                    return number + 1, found + 1
                seen += 1
                found = lines[number].find(candidate, found + 1)
    return line, column


def _pattern(rule: Rule, context: Context) -> Iterator[Finding]:
    return _patterns([rule], context)


def _patterns(rules: list[Rule], context: Context) -> Iterator[Finding]:
    """All pattern rules in one pass. A rule's needles (plain substrings) are looked for in the whole
    document at once, at C speed, and its regular expression runs only on the texts that hold one:
    most texts have no slip, and a pattern is dear in pure Python. A rule without needles reads
    every text of its kinds; a rule with a gate (a pattern quick to find) reads the texts where it
    matches. Findings come text by text, in the order of the rules."""
    todo: set[tuple[int, int]] = set()
    index = {id(text): i for i, text in enumerate(context.texts)}
    for number, rule in enumerate(rules):
        if rule.gate is not None:
            chosen = context.plain.holding(rule.gate, kinds=rule.texts)
        elif rule.needs:
            chosen = context.lower.holding(*rule.needs, kinds=rule.texts)
        else:
            chosen = [text for text in context.texts if text.kind in rule.texts]
        todo.update((index[id(text)], number) for text in chosen)
    texts = context.texts
    for i, number in sorted(todo):
        text, rule = texts[i], rules[number]
        plain = text.plain
        for match in rule.pattern.finditer(plain):  # type: ignore[union-attr]
            if match.group().lower() in rule.exceptions:
                continue
            around = _around(plain, match)
            # A slip written twice is reported at each place, not twice at the first.
            occurrence = plain.count(around, 0, max(plain.rfind(around, 0, match.end()), 0))
            yield context.at(rule, text.path, around, occurrence, text.source, text=around)


def _around(text: str, match: re.Match, width: int = 12) -> str:
    """The match with a few characters each side, so the author finds it by eye."""
    start = max(0, match.start() - width)
    start = text.rfind(" ", 0, match.start()) + 1 if text.rfind(" ", start, match.start()) >= 0 else start
    end = text.find(" ", min(len(text), match.end() + 1))
    end = len(text) if end < 0 else end
    return " ".join(text[start:end].split())


# --- dates and years -----------------------------------------------------------------------------

# Written to start with a digit, so the scan jumps from digit to digit; the character before a
# match is checked by hand (_dates), as a leading \b would make the scan try every position.
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_LONG = re.compile(r"\bngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})\b", re.IGNORECASE)
# Necessary for a match of _DMY (in `flat`) and of _LONG (in `lower`), and quick to find: they start
# with a plain character.
_DMY_GATE = re.compile(r"/\d{1,2}/\d{4}")
_LONG_GATE = re.compile(r"ngày\s+\d")
_MEETING = re.compile(r"(?:họp|hội nghị|kỳ họp|phiên họp)[^.;]{0,80}?", re.IGNORECASE)


def _dates(text: str) -> Iterator[tuple[re.Match, dt.date | None]]:
    for pattern in (_DMY, _LONG) if "/" in text else (_LONG,):
        for match in pattern.finditer(text):
            if (
                pattern is _DMY
                and match.start()
                and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "/")
            ):
                continue
            day, month, year = (int(g) for g in match.groups())
            try:
                yield match, dt.date(year, month, day)
            except ValueError:
                yield match, None


def _issued(document: Document) -> tuple[dt.date, dt.date]:
    """The first and last day the issue date can be (a date awaiting its day covers its month)."""
    return document.date.first_day, document.date.last_day


def _meeting(context: Context) -> tuple[dt.date, tuple, str] | None:
    return context.once("meeting", _find_meeting)


def _find_meeting(context: Context) -> tuple[dt.date, tuple, str] | None:
    """The meeting's date: hoi_nghi.ngay, or the first date in the opening that follows 'họp'/'hội nghị'."""
    meeting = context.source.data.get("hoi_nghi") or {}
    date = parse_date(meeting.get("ngay")) if isinstance(meeting, dict) else None
    if date is not None and date.is_full:
        return date.first_day, ("hoi_nghi", "ngay"), ""
    for text in context.texts:
        if text.kind == "opening":
            flat = text.flat
            for match, found in _dates(flat):
                before = flat[max(0, match.start() - 100) : match.start()]
                if found and _MEETING.search(before + " "):
                    return found, text.path, match.group()
    return None


@check("date.meeting_after_issue")
def meeting_after_issue(rule: Rule, context: Context) -> Iterator[Finding]:
    found = _meeting(context)
    if found and found[0] > _issued(context.document)[1]:
        date, path, snippet = found
        yield context.at(rule, path, snippet, meeting=date.strftime("%d/%m/%Y"), issued=_issue_text(context.document))


@check("date.meeting_far_from_issue")
def meeting_far_from_issue(rule: Rule, context: Context) -> Iterator[Finding]:
    found = _meeting(context)
    days = rule.params["days"]
    if found and (_issued(context.document)[0] - found[0]).days > days:
        date, path, snippet = found
        yield context.at(
            rule, path, snippet, meeting=date.strftime("%d/%m/%Y"), issued=_issue_text(context.document), days=days
        )


def _issue_text(document: Document) -> str:
    return document.date.short()


@check("date.impossible")
def impossible_dates(rule: Rule, context: Context) -> Iterator[Finding]:
    found = context.flat.holding(_DMY_GATE) + context.lower.holding(_LONG_GATE)
    for text in sorted(set(found), key=context.texts.index):
        for match, date in _dates(text.flat):
            if date is None:
                yield context.at(rule, text.path, match.group(), text=match.group())


# A year named with the period it belongs to, or a full date.
_PERIOD_YEAR = re.compile(
    r"\b(?:(?:\d{1,2}|sáu|chín) tháng (?:đầu |cuối )?năm |tháng \d{1,2}(?:/| năm )|[Qq]uý [IV\d]+(?:/| năm )"
    r"|ngày \d{1,2} tháng \d{1,2} năm |\d{1,2}/\d{1,2}/)(\d{4})\b"
)
_YEAR = re.compile(r"(?:19|20)\d\d\b")
# The same years, each pattern starting with plain characters (quick to find in a whole document).
_YEAR_19, _YEAR_20 = re.compile(r"19\d\d\b"), re.compile(r"20\d\d\b")
# "Nghị quyết số 05-NQ/TU ngày 12/3/2021", "Luật số 72/2025/QH15": references to other documents
# carry their own dates.
_REFERENCE = re.compile(r"(?:\bsố\s*\d|\d+-[A-ZĐ]{1,6}/|\b\d+/\d{4}/[A-ZĐ]|[A-ZĐ]{2,}\d+)[^;.]{0,60}$")


# A span of years ("2025 - 2030", "(19/8/1945 - 19/8/2025)"): a term, a programme, an anniversary.
_SPAN = re.compile(r"\b(?:\d{1,2}/\d{1,2}/)?(\d{4})\s?[-–]\s?(?:\d{1,2}/\d{1,2}/)?(\d{4})\b")
# Words that put a year in history: an anniversary, a founding, a life, a war.
_HISTORY = re.compile(
    r"(?i)(?:kỷ niệm|thành lập|vào đảng|lịch sử|truyền thống|ngày sinh|giải phóng|kháng chiến|cách mạng|"
    r"tổng tuyển cử|ra đời|hy sinh|khởi nghĩa|chiến thắng|đầu tiên|từ năm|trước năm)[^.;]{0,60}$"
)


def spans(texts: list[Text]) -> list[tuple[int, int]]:
    """The spans of years a document is about, named in its trích yếu or headings (its term, a
    programme's years), at most 10 years long. A span in a sentence is about that sentence only."""
    found = []
    for text in texts:
        if text.kind not in ("ve", "heading"):
            continue
        for match in _SPAN.finditer(text.flat):
            start, end = int(match.group(1)), int(match.group(2))
            if 0 < end - start <= 10:
                found.append((start, end))
    return found


@check("date.year_out_of_period")
def years_out_of_period(rule: Rule, context: Context) -> Iterator[Finding]:
    """A year of the last period left in a sentence copied forward; history, citations and the spans
    the document names are let pass (the rule's limits)."""
    document = context.document
    period = document.period
    low = (period.year if period else document.first_day.year) - rule.params["years_before"]
    high = (period.next().year if period else document.first_day.year) + rule.params["years_after"]
    own = context.once("spans", lambda c: spans(c.texts))
    # Most years are the period's: find the others in the whole document first, then read only the
    # texts that hold one, and the words around it.
    years = set(_YEAR_19.findall(context.flat.string)) | set(_YEAR_20.findall(context.flat.string))
    others = [year for year in years if not low <= int(year) <= high]
    if not others:
        return
    for text in context.flat.holding(*others, kinds=("ve", "heading", "body", "item", "opening")):
        flat = text.flat
        outside = [m for m in _YEAR.finditer(flat) if not low <= int(m.group()) <= high]
        if not outside:
            continue
        in_spans = [(m.start(), m.end()) for m in _SPAN.finditer(flat)]
        for year_match in outside:
            match = _PERIOD_YEAR.search(flat, max(0, year_match.start() - 30), year_match.end())
            while match is not None and match.end(1) != year_match.end():
                match = _PERIOD_YEAR.search(flat, match.end(), year_match.end())
            if match is None:
                continue
            year = int(match.group(1))
            if (
                low <= year <= high
                or year < low - rule.params["history_years"]
                or any(a <= match.start() < b for a, b in in_spans)
                or any(a <= year <= b for a, b in own)
                or _REFERENCE.search(flat[: match.start()])
                or _HISTORY.search(flat[: match.start()])
            ):
                continue
            yield context.at(
                rule,
                text.path,
                match.group(),
                text=match.group(),
                year=year,
                period=period.name() if period else str(document.first_day.year),
            )


# Periods as headings and sentences name them, in any case ("QUÝ III/2025" in a heading typed in capitals).
_MONTH = re.compile(r"\btháng (\d{1,2})(?:(?:/| năm )(\d{4}))?\b", re.IGNORECASE)
_QUARTER = re.compile(r"\bquý ([IV]+|[1-4])(?:(?:/| năm )(\d{4}))?\b", re.IGNORECASE)
_HALF = re.compile(r"\b(?:6|sáu) tháng (đầu|cuối) năm(?: (\d{4}))?\b", re.IGNORECASE)


def _covered(period: formatting.Period) -> set[tuple[int, int]]:
    first, last = period.months()
    return {(year, month) for year in period.years() for month in range(first, last + 1)}


@check("period.not_this_or_next")
def period_in_title(rule: Rule, context: Context) -> Iterator[Finding]:
    """In the trích yếu and the headings, a month, quarter or half must be the period or the next."""
    period = context.document.period
    if period is None:
        return
    covered = _covered(period) | _covered(period.next())
    # Every phrase _period_phrases reads holds "tháng" or "quý".
    for text in context.lower.holding("tháng", "quý", kinds=("ve", "heading")):
        flat = text.flat
        for match, months in _period_phrases(flat):
            year = int(match.group(2)) if match.group(2) else None
            if not any((y, m) in covered for y, m in covered if m in months and (year is None or y == year)):
                yield context.at(
                    rule, text.path, match.group(), text=match.group(), period=period.name(), next=period.next().name()
                )
    # A year alone ("KẾT QUẢ CÔNG TÁC NĂM 2024" in the report of 2026): only one older than the year
    # before the period's, outside a span, a history or a citation ("so với năm 2025", "thành lập
    # năm 1948", "mục tiêu đến năm 2030" are let pass).
    oldest = min(period.years()) - 1
    for text in context.lower.holding("năm", kinds=("ve", "heading")):
        flat = text.flat
        for match in _YEAR_ALONE.finditer(flat):
            before, after = flat[max(0, match.start() - 40) : match.start()], flat[match.end() : match.end() + 3]
            if int(match.group(1)) >= oldest or _YEAR_CONTEXT.search(before) or re.match(r"\s*[-–/]", after):
                continue
            yield context.at(
                rule, text.path, match.group(), text=match.group(), period=period.name(), next=period.next().name()
            )


_YEAR_ALONE = re.compile(r"(?<![\d/] )(?<!tháng \d )(?<!tháng \d\d )\bnăm (\d{4})\b", re.IGNORECASE)
_YEAR_CONTEXT = re.compile(
    r"(?i)(?:tháng \d{1,2}|quý [ivx\d]+|(?:6|sáu|9|chín) tháng(?: đầu| cuối)?|kỷ niệm|thành lập|truyền thống|lịch sử"
    r"|từ|đến|tới|sau|trước|số|ngày|\d{4}\s*[-–])\s*$"
)


def _period_phrases(text: str) -> Iterator[tuple[re.Match, range]]:
    for match in _MONTH.finditer(text):
        if text[max(0, match.start() - 6) : match.start()].strip().split(" ")[-1].isdigit():
            continue  # "6 tháng đầu năm" is a half, read below
        month = int(match.group(1))
        if 1 <= month <= 12:
            yield match, range(month, month + 1)
    for match in _QUARTER.finditer(text):
        token = match.group(1).upper()
        number = int(token) if token.isdigit() else {"I": 1, "II": 2, "III": 3, "IV": 4}.get(token, 0)
        if 1 <= number <= 4:
            yield match, range(3 * number - 2, 3 * number + 1)
    for match in _HALF.finditer(text):
        yield match, range(1, 7) if match.group(1).lower() == "đầu" else range(7, 13)


def _previous(period: formatting.Period) -> formatting.Period | None:
    """The period before: the one a document copied forward was written for."""
    if period.kind == "nam":
        return formatting.Period("nam", period.year - 1)
    size = {"thang": 12, "quy": 4, "nua_nam": 2}.get(period.kind)
    if size is None:
        return None
    if period.number > 1:
        return formatting.Period(period.kind, period.year, period.number - 1)
    return formatting.Period(period.kind, period.year - 1, size)


def _names(period: formatting.Period, match: re.Match, months: range) -> bool:
    first, last = period.months()
    year = int(match.group(2)) if match.group(2) else period.year
    return year == period.year and (months.start, months.stop - 1) == (first, last)


_RESULTS = re.compile(r"(?i)\b(?:kết quả|đánh giá|sơ kết|tổng kết)\b[^.;]{0,60}$")
_TASKS = re.compile(r"(?i)\bnhiệm vụ(?: trọng tâm| chủ yếu)?\s*$")
_SENTENCES = re.compile(r"(?<=[.;:])\s+")


@check("period.copied_sentence")
def copied_sentence(rule: Rule, context: Context) -> Iterator[Finding]:
    """A sentence naming the results of the period before this one and the tasks of this one: the
    sentence of last period's document, copied forward by gen new or by hand, one period behind."""
    period = context.document.period
    previous = _previous(period) if period is not None else None
    if period is None or previous is None:
        return
    # The previous period's words ("tháng 4", "tháng 04", "quý i"), looked for before any sentence is read.
    number = previous.number
    hints = {
        "thang": (f"tháng {number}", f"tháng 0{number}"),
        "quy": (f"quý {formatting.roman(number).lower()}", f"quý {number}"),
    }.get(previous.kind, ())
    for text in context.lower.holding("nhiệm vụ", kinds=("body", "item", "opening", "heading")):
        if hints and not any(hint in text.lower for hint in hints):
            continue
        if not any(word in text.lower for word in ("kết quả", "đánh giá", "sơ kết", "tổng kết")):
            continue
        for sentence in _SENTENCES.split(text.flat):
            phrases = list(_period_phrases(sentence))
            results = [
                m for m, months in phrases if _names(previous, m, months) and _RESULTS.search(sentence[: m.start()])
            ]
            tasks = [m for m, months in phrases if _names(period, m, months) and _TASKS.search(sentence[: m.start()])]
            if results and tasks:
                yield context.at(
                    rule,
                    text.path,
                    results[0].group(),
                    text=results[0].group(),
                    period=period.name(),
                    previous=previous.name(),
                    next=period.next().name(),
                )


# A span of years whose end is not a year: "2025-20230", "2025 - 203", or runs backwards "2025 - 2020".
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d) ?[-–] ?(\d+)(?![\d/])")
_RANGE_GATES = (re.compile(r"19\d\d ?[-–] ?\d"), re.compile(r"20\d\d ?[-–] ?\d"))


@check("date.malformed_range")
def malformed_range(rule: Rule, context: Context) -> Iterator[Finding]:
    for text in context.flat.holding(*_RANGE_GATES):
        if text.kind in ("recipient", "signature"):
            continue
        flat = text.flat
        for match in _YEAR_RANGE.finditer(flat):
            if match.start() and flat[match.start() - 1] in "0123456789/.,":
                continue
            start, end = match.group(1), match.group(2)
            # "2025-26" is a school or crop year written short.
            wrong = len(end) not in (2, 4) or len(end) == 4 and not 0 < int(end) - int(start) <= rule.params["years"]
            if wrong:
                yield context.at(rule, text.path, match.group(), text=match.group())


# Characters that print nothing or turn the text around: zero-width spaces and joiners, the soft
# hyphen, the byte-order mark, and the bidirectional controls (U+202A–U+202E, U+2066–U+2069).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


@check("typing.invisible")
def invisible(rule: Rule, context: Context) -> Iterator[Finding]:
    for text in context.raw.holding(_INVISIBLE):
        for match in _INVISIBLE.finditer(text.text):
            flat = _INVISIBLE.sub("", text.text[: match.start()]).split()
            around = " ".join(flat[-3:]) if flat else ""
            code = f"U+{ord(match.group()):04X}"
            occurrence = text.text.count(match.group(), 0, match.start())
            yield context.at(rule, text.path, match.group(), occurrence, text.source, text=around, code=code)


# --- terms of office -------------------------------------------------------------------------------

_QUOC_HOI = re.compile(r"Quốc hội khó[aá] ([IVXL]+)\b")
_HDND_TERM = re.compile(r"(?:HĐND|Hội đồng nhân dân)[^.;]{0,80}?nhiệm kỳ (\d{4}) ?[-–] ?(\d{4})")
_HDND_GATE = re.compile(r"nhiệm kỳ \d{4} ?[-–] ?\d{4}")
_DAI_HOI = re.compile(r"Đại hội (?:đại biểu toàn quốc lần thứ |đại biểu toàn quốc |lần thứ )?([IVXL]+) của Đảng")


def _doc_year(context: Context) -> int:
    return context.document.first_day.year


@check("term.quoc_hoi")
def term_quoc_hoi(rule: Rule, context: Context) -> Iterator[Finding]:
    terms = facts()["quoc_hoi"]["terms"]
    year = _doc_year(context)
    current = ", ".join(f"khóa {k} ({a}–{b})" for k, (a, b) in terms.items() if a <= year <= b)
    for text in context.flat.holding(_QUOC_HOI):
        flat = text.flat
        for match in _QUOC_HOI.finditer(flat):
            khoa = match.group(1)
            # The year before a term starts is the year of its election's preparations.
            if khoa in terms and not terms[khoa][0] - 1 <= year <= terms[khoa][1]:
                start, end = terms[khoa]
                yield context.at(
                    rule,
                    text.path,
                    match.group(),
                    text=match.group(),
                    khoa=khoa,
                    start=start,
                    end=end,
                    year=year,
                    current=current,
                )


@check("term.hdnd")
def term_hdnd(rule: Rule, context: Context) -> Iterator[Finding]:
    terms = [tuple(t) for t in facts()["hdnd"]["terms"]]
    known = ", ".join(f"{a}–{b}" for a, b in terms)
    for text in context.flat.holding(_HDND_GATE):
        flat = text.flat
        for match in _HDND_TERM.finditer(flat):
            start, end = int(match.group(1)), int(match.group(2))
            if (start, end) not in terms:
                snippet = flat[flat.find("nhiệm kỳ", match.start()) : match.end()]
                yield context.at(rule, text.path, snippet, text=snippet, start=start, end=end, known=known)


@check("term.dai_hoi_dang")
def term_dai_hoi(rule: Rule, context: Context) -> Iterator[Finding]:
    held = facts()["dai_hoi_dang"]["held"]
    year = _doc_year(context)
    # A programme for a term (2025 - 2030) prepares the congress after its last year.
    latest = max([year] + [end for _, end in context.once("spans", lambda c: spans(c.texts))])
    for text in context.flat.holding(_DAI_HOI):
        flat = text.flat
        for match in _DAI_HOI.finditer(flat):
            khoa = match.group(1)
            if khoa in held and held[khoa] > latest + 1:
                yield context.at(
                    rule, text.path, match.group(), text=match.group(), khoa=khoa, held=held[khoa], year=year
                )


# --- outline -----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _label_kind(label: str, previous: str = "") -> str:
    """The family of a label. "I-" and "I." are one scheme to the reader: the rules compare families,
    not punctuation. "A.", "B." label the parts of a programme, one family as "I.", "II." are; "C."
    after "B." is a part's letter, not the Roman hundred (label_token reads it with `previous`)."""
    token = formatting.label_token(label, previous)
    return {"I-": "I.", "1-": "1."}.get(token, token)


def _siblings(document: Document) -> Iterator[list]:
    """The numbered headings of each level, in order: [(paragraph, explicit label?)]."""
    groups: dict[tuple, list] = {}
    for paragraph in document.paragraphs:
        if paragraph.label and paragraph.path and paragraph.path[-1] in ("tieu_de", "muc"):
            groups.setdefault(paragraph.path[:-2], []).append(paragraph)
    yield from groups.values()


def _explicit(context: Context, paragraph) -> bool:
    """Whether the author typed the label (`nhan`): the tool's own numbering needs no check."""
    return paragraph.path[:-1] + ("nhan",) in context.source.positions


@check("outline.sequence")
def outline_sequence(rule: Rule, context: Context) -> Iterator[Finding]:

    for group in context.once("siblings", lambda c: list(_siblings(c.document))):
        previous = None
        for paragraph in group:
            before = previous[0].strip() if previous else ""
            value = label_value(paragraph.label.strip(), before)
            if previous is not None and value is not None and previous[1] is not None and _explicit(context, paragraph):
                if value != previous[1] + 1 and _label_kind(paragraph.label, before) == _label_kind(before):
                    yield context.at(
                        rule,
                        paragraph.path[:-1] + ("nhan",),
                        paragraph.label.strip(),
                        label=paragraph.label.strip(),
                        previous=previous[0].strip(),
                    )
            previous = (paragraph.label, value)


_KIND_NAMES = {
    "I.": N_("outline.kind.roman"),
    "1.": N_("outline.kind.arabic"),
    "(1)": N_("outline.kind.bracketed"),
    "a)": N_("outline.kind.letter"),
    "A.": N_("outline.kind.capital"),
}


def _kind_name(kind: str) -> str:
    return t(_KIND_NAMES[kind]) if kind in _KIND_NAMES else kind


@check("outline.mixed")
def outline_mixed(rule: Rule, context: Context) -> Iterator[Finding]:
    for group in context.once("siblings", lambda c: list(_siblings(c.document))):
        first = group[0]
        for before, paragraph in zip(group, group[1:]):
            kind, other = _label_kind(paragraph.label, before.label), _label_kind(first.label)
            if kind != other and _explicit(context, paragraph):
                yield context.at(
                    rule,
                    paragraph.path[:-1] + ("nhan",),
                    paragraph.label.strip(),
                    label=paragraph.label.strip(),
                    kind=_kind_name(kind),
                    other=_kind_name(other),
                    first=first.label.strip(),
                )


@check("title.lowercase")
def title_lowercase(rule: Rule, context: Context) -> Iterator[Finding]:
    for text in context.texts:
        if text.kind == "ve":
            first = text.text.strip().split(" ")[0] if text.text.strip() else ""
            if len(first) > 1 and first.isupper():
                yield context.at(rule, text.path, first, text=first, expected=first.lower())


# --- typing --------------------------------------------------------------------------------------------

_PAIRS = (("(", ")"), ("“", "”"), ("[", "]"))


_PUNCTUATION = ',.;:!?)”"'


@check("typing.doubled_word")
def doubled_word(rule: Rule, context: Context) -> Iterator[Finding]:
    """A function word typed twice ("của của") or two syllables typed twice ("chỉ đạo chỉ đạo"). A
    syllable that ends one word and starts the next ("hành vi vi phạm") is normal Vietnamese, so a
    single repeated syllable is flagged only for function words. Words are compared with map and
    compress, at C speed, as typed (see the rule's limits); no pattern with back-references, which is
    dear in pure Python."""
    function_words = frozenset(rule.params["function_words"])
    kinds = rule.params["texts"]
    chosen = [text for text in context.texts if text.kind in kinds]
    # First the whole document at once: each text's words followed by its number (a number never
    # equals a word, so no repetition runs from one text into the next); most documents have none.
    every: list = []
    for number, text in enumerate(chosen):
        every += text.words
        every.append(number)
    next_same = map(operator.eq, every, itertools.islice(every, 1, None))
    if not any(every[i] in function_words for i in itertools.compress(itertools.count(), next_same)):
        # Two words equal to the two after them: two true values in a row, looked for as bytes.
        if b"\x01\x01" not in bytes(map(operator.eq, every, itertools.islice(every, 2, None))):
            return
    for text in chosen:
        words = text.words
        found = []
        if any(map(operator.eq, words, itertools.islice(words, 1, None))):
            next_same = map(operator.eq, words, itertools.islice(words, 1, None))
            found += [(i, 1) for i in itertools.compress(itertools.count(), next_same) if words[i] in function_words]
        if any(map(operator.eq, words, itertools.islice(words, 2, None))):
            skip_same = list(map(operator.eq, words, itertools.islice(words, 2, None)))
            pair_same = map(operator.and_, skip_same, itertools.islice(skip_same, 1, None))
            found += [(i, 2) for i in itertools.compress(itertools.count(), pair_same)]
        for i, size in sorted(found):
            snippet = " ".join(words[i : i + 2 * size]).rstrip(_PUNCTUATION)
            occurrence = " ".join(words[:i]).count(snippet)
            yield context.at(rule, text.path, snippet, occurrence, text.source, text=snippet)


_MARKS = tuple('()“”[]"')


@check("typing.unbalanced")
def unbalanced(rule: Rule, context: Context) -> Iterator[Finding]:

    for text in context.raw.holding(*_MARKS):
        plain = markup.plain(text.text)
        problems = [
            f"{plain.count(a)} {a} / {plain.count(b)} {b}" for a, b in _PAIRS if plain.count(a) != plain.count(b)
        ]
        if plain.count('"') % 2:
            problems.append(f'{plain.count(chr(34))} "')
        if problems:
            yield context.at(rule, text.path, detail=", ".join(problems))


# A sentence ends inside the text: ". " followed by a capital.
_SENTENCE_END = re.compile(r"[.!?…] +[A-ZĐÀ-Ỹ]")


@check("typing.paragraph_end")
def paragraph_end(rule: Rule, context: Context) -> Iterator[Finding]:
    """A paragraph of running text ends with a full stop. A title, an item of a list (y, muc) and a
    short line of a programme are not paragraphs: they are let pass unless they hold two sentences."""
    for text in context.texts:
        stripped = text.text.rstrip()
        if text.kind not in ("body", "item") or not stripped or not stripped[-1].isalnum():
            continue
        sentences = bool(_SENTENCE_END.search(text.flat))
        if sentences or text.kind == "body" and len(text.words) >= rule.params["paragraph_words"]:
            tail = " ".join(stripped.split()[-2:])
            yield context.at(rule, text.path, tail, text=tail)


# --- signature -------------------------------------------------------------------------------------------


def _signature_fields(context: Context) -> dict:
    return context.once("signature", _read_signature)


def _read_signature(context: Context) -> dict:
    """The signature as the model wrote it (defaults from the acting body included); the name as
    the author typed it (a name from the organisation file is the office's own)."""
    data = context.source.data.get("chu_ky") or {}
    signature = context.document.signature
    return {
        "quyen_han": signature.authority.strip(),
        "thay_mat": " ".join(signature.on_behalf.upper().split()),
        "chuc_vu": " ".join(signature.chuc_vu.upper().split()),
        "ho_ten": (data.get("ho_ten") or "").strip(),
    }


_COMMITTEES = ("ban_chap_hanh", "ban_thuong_vu")


@check("signature.no_kt_for_committee")
def no_kt_for_committee(rule: Rule, context: Context) -> Iterator[Finding]:
    if _signature_fields(context)["quyen_han"].upper().startswith("K/T") and context.document.body.key in _COMMITTEES:
        yield context.at(rule, ("chu_ky", "quyen_han"))


@check("signature.tl_title")
def tl_title(rule: Rule, context: Context) -> Iterator[Finding]:
    fields = _signature_fields(context)
    if fields["quyen_han"].upper().startswith("T/L") and fields["chuc_vu"] not in (
        "CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
    ):
        yield context.at(rule, ("chu_ky", "chuc_vu"), chuc_vu=fields["chuc_vu"])


@check("signature.delegated_kind")
def delegated_kind(rule: Rule, context: Context) -> Iterator[Finding]:
    """A nghị quyết, quyết định or kết luận is the committee's decision: signed T/M, not T/L."""
    document = context.document
    if document.signature.authority.upper() == "T/L" and document.kind.code in rule.params["collective"]:
        yield context.at(rule, ("chu_ky",), kind=document.kind.name, body=document.signature.on_behalf)


@check("signature.title_names_committee")
def title_names_committee(rule: Rule, context: Context) -> Iterator[Finding]:
    chuc_vu = _signature_fields(context)["chuc_vu"]
    words = sorted(rule.params["committee_words"], key=len, reverse=True)
    for word in words:
        index = chuc_vu.find(" " + word)
        if index > 0:
            yield context.at(rule, ("chu_ky", "chuc_vu"), chuc_vu=chuc_vu, short=chuc_vu[:index])
            return


@check("signature.name_with_title")
def name_with_title(rule: Rule, context: Context) -> Iterator[Finding]:
    name = _signature_fields(context)["ho_ten"]
    for title in rule.params["titles"]:
        if name.lower().startswith(title.lower()):
            yield context.at(rule, ("chu_ky", "ho_ten"), title=name[: len(title)])
            return


def _same(a: str, b: str) -> bool:
    return a.replace("UỶ", "ỦY") == b.replace("UỶ", "ỦY")


@check("signature.signer_of_body")
def signer_of_body(rule: Rule, context: Context) -> Iterator[Finding]:
    """A signer the acting body has no form for: "T/M BAN THƯỜNG VỤ / CHỦ NHIỆM", a chi bộ signed by
    the Chánh Văn phòng (05-HD §7.1: each body's own signers)."""
    body, chuc_vu = context.document.body, _signature_fields(context)["chuc_vu"]
    signer = next((key for title, key in SIGNERS if chuc_vu.startswith(title)), "")
    if signer and signer not in body.forms:
        allowed = ", ".join(TITLES[key].lower() for key in body.forms)
        yield context.at(rule, ("chu_ky",), chuc_vu=chuc_vu, body=body.name.format(cap=""), allowed=allowed)


@check("signature.body_mismatch")
def body_mismatch(rule: Rule, context: Context) -> Iterator[Finding]:
    fields, body = _signature_fields(context), context.document.body
    # The words this body signs T/M under (05-HD §7.1); a body that never signs T/M is not checked.
    expected = next((words for authority, words in body.forms.values() if authority == "T/M"), None)
    if fields["quyen_han"].upper() == "T/M" and expected and not _same(fields["thay_mat"], expected):
        name = body.name.format(cap="")
        yield context.at(
            rule,
            ("chu_ky", "thay_mat"),
            body=name,
            quyen_han="T/M",
            thay_mat=fields["thay_mat"],
            expected=expected,
        )


# --- authority, numbering, recipients -------------------------------------------------------------------------


@check("authority.kind")
def authority_kind(rule: Rule, context: Context) -> Iterator[Finding]:
    document = context.document
    allowed = rule.params["may_issue"].get(document.body.key)
    if allowed is not None and document.kind.code not in allowed:
        yield context.at(rule, ("loai",), body=document.body.name.format(cap=""), kind=document.kind.name)


@check("recipients.punctuation")
def recipient_punctuation(rule: Rule, context: Context) -> Iterator[Finding]:
    for text in context.texts:
        if text.kind != "recipient":
            continue
        stripped = text.text.strip()
        marks = [m for m in (re.match(r"^[-–+]", stripped), re.search(r"[,;.]$", stripped)) if m]
        for mark in marks:
            yield context.at(rule, text.path, stripped[:20], text=" ".join(stripped.split()), mark=mark.group())


@check("number.duplicate")
def number_duplicate(rule: Rule, context: Context) -> Iterator[Finding]:
    if context.numbers is None:
        return
    mine = numbered(context.source)
    for other in context.numbers.others(mine) if mine is not None else []:
        yield context.at(
            rule,
            ("so",),
            number=other.number,
            kind=context.document.kind.code,
            other=f"{display_path(Path(other.file))}:{other.line}",
        )
