"""Output audit: check any Word file — ours, or one typed by hand — against the layout rules in
force on its date (page, fonts, each header component, body, Nơi nhận, signature, page numbers).

Formatting is read as Word shows it: a run's direct formatting, else its character style, else the
paragraph's style and the styles it is based on, else the document defaults. Findings name the
paragraph by its first words, since a Word file has no lines.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from gen.checks.registry import CHECKS, Rule, check, in_force
from gen.content.loader import display_path
from gen.exceptions import Finding, WordFileError, finding
from gen.messages import N_, t
from gen.settings import layout, profile_for, read_data
from gen.word.ooxml import W
from gen.word.package import broken, open_word
from gen.word.render import DRAFT_KEYWORD, DRAFT_STATUS

EMU_PER_MM = 36000
EMU_PER_PT = 12700

KIND_NAMES = (
    "THÔNG BÁO",
    "KẾT LUẬN",
    "NGHỊ QUYẾT",
    "BÁO CÁO",
    "CHƯƠNG TRÌNH",
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "QUY ĐỊNH",
    "CHỈ THỊ",
    "HƯỚNG DẪN",
    "TỜ TRÌNH",
    "QUY CHẾ",
    "ĐỀ ÁN",
    "BIÊN BẢN",
    "THÔNG TRI",
)
_DATE_LINE = re.compile(r"^(?P<place>[^,]+), ngày (?P<day>[\d ]*?) ?tháng (?P<month>[\d ]*?) ?năm (?P<year>\d{4})$")
_NUMBER = re.compile(r"^Số\s*(?P<colon>:)?\s*(?P<n>\d*)\s*[-/]\s*(?P<code>[^/\s]*)")
# "Kính gửi:" (công văn) and "Kính trình:" (tờ trình) with the addressees, 05-HD §9.
_ADDRESSED = re.compile(r"^Kính\s+(gửi|trình)\s*:")


def addressed_block(paragraphs: list, texts: list[str]) -> set[int]:
    """Indexes of the "Kính gửi:" paragraph and of the list of addressees hanging under it."""
    found: set[int] = set()
    for i, text in enumerate(texts):
        if _ADDRESSED.match(text) and not paragraphs[i].in_table:
            found.add(i)
            j = i + 1
            while j < len(texts) and texts[j].startswith("- ") and not paragraphs[j].in_table:
                found.add(j)
                j += 1
    return found


_AUTHORITY = re.compile(r"^(T/M|T/L|K/T|Q\.|TM\.|KT\.|TL\.|TUQ\.|T/UQ)\s")


@dataclass
class Para:
    """A paragraph of the body or of a table cell, with its formatting resolved."""

    index: int
    paragraph: object  # docx.text.paragraph.Paragraph
    text: str
    in_table: bool

    @property
    def where(self) -> str:
        words = self.text.split()
        return " ".join(words[:6]) + (" …" if len(words) > 6 else "")


class Reader:
    def __init__(self, docx):
        self.docx = docx
        defaults = docx.styles.element.find(f"{W}docDefaults")
        self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.default_ppr = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None

    def paragraphs(self) -> list[Para]:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        found: list[Para] = []

        def add(paragraph, in_table):
            found.append(Para(len(found) + 1, paragraph, paragraph.text.strip(), in_table))

        for element in self.docx.element.body.iterchildren():
            if element.tag == f"{W}p":
                add(Paragraph(element, self.docx), False)
            elif element.tag == f"{W}tbl":
                for row in Table(element, self.docx).rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        for paragraph in cell.paragraphs:
                            add(paragraph, True)
        return found

    # -- paragraph properties through the style chain ---------------------------------------------
    def para_value(self, paragraph, name: str):
        value = getattr(paragraph.paragraph_format, name)
        style = paragraph.style
        while value is None and style is not None:
            value = getattr(style.paragraph_format, name)
            style = style.base_style
        return value

    def alignment(self, paragraph) -> str:
        value = self.para_value(paragraph, "alignment")
        return {None: "left", 0: "left", 1: "center", 2: "right", 3: "both"}.get(
            int(value) if value is not None else None, str(value)
        )

    def spacing(self, paragraph) -> tuple[float, float, float | None, str]:
        """(before pt, after pt, line pt or None, line rule)."""
        before = self.para_value(paragraph, "space_before")
        after = self.para_value(paragraph, "space_after")
        line = self.para_value(paragraph, "line_spacing")
        rule = self.para_value(paragraph, "line_spacing_rule")
        if after is None and self.default_ppr is not None:
            spacing = self.default_ppr.find(f"{W}spacing")
            if spacing is not None and spacing.get(f"{W}after") is not None:
                after = int(spacing.get(f"{W}after")) * 635
        return (
            (before or 0) / EMU_PER_PT,
            (after or 0) / EMU_PER_PT,
            line.pt if hasattr(line, "pt") else None,
            str(rule).split(" ")[0] if rule is not None else "",
        )

    def first_line_mm(self, paragraph) -> float:
        value = self.para_value(paragraph, "first_line_indent")
        return (value or 0) / EMU_PER_MM

    # -- run properties -------------------------------------------------------------------------
    def run_value(self, paragraph, run, name: str):
        value = getattr(run.font, name)
        style = run.style
        while value is None and style is not None and style.style_id != "DefaultParagraphFont":
            value = getattr(style.font, name)
            style = style.base_style
        style = paragraph.style
        while value is None and style is not None:
            value = getattr(style.font, name)
            style = style.base_style
        if value is None and name == "size" and self.default_rpr is not None:
            size = self.default_rpr.find(f"{W}sz")
            value = int(size.get(f"{W}val")) * EMU_PER_PT // 2 if size is not None else None
        return value

    def text_runs(self, paragraph) -> list:
        return [run for run in paragraph.runs if run.text.strip()]

    def size(self, paragraph) -> float | None:
        sizes = {self.run_value(paragraph, run, "size") for run in self.text_runs(paragraph)}
        sizes.discard(None)
        return max(sizes) / EMU_PER_PT if sizes else None

    def flag(self, paragraph, name: str) -> bool | None:
        """True if every run with text has the property, False if none has it, None if mixed."""
        values = {bool(self.run_value(paragraph, run, name)) for run in self.text_runs(paragraph)}
        return values.pop() if len(values) == 1 else None


def audit(path: Path) -> list[Finding]:
    """Findings for a Word file. A file that cannot be read (damaged, with a password, too large once
    unpacked) is one finding, never a traceback: it is opened by gen/word/package.py within limits,
    every XML part parsed safely, and only then handed to python-docx (from the bytes checked)."""
    import io

    from docx import Document
    from docx.opc.exceptions import OpcError

    name = display_path(path)
    try:
        package = open_word(path)
        package.check_all()
        docx = Document(io.BytesIO(package.data))
    except WordFileError as exc:
        return [exc.finding(name)]
    except OSError as exc:
        return [finding(name, "input.missing", path=f"{name} ({exc.strerror or exc})")]
    except (
        OpcError,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        zipfile.BadZipFile,
    ) as exc:  # parts python-docx needs and cannot find (a relationship without its Target: TypeError;
        # a relationships part whose root is another element: AttributeError inside python-docx)
        return [broken(exc).finding(name)]
    try:
        return _audit(name, docx)
    except (ValueError, KeyError, IndexError, TypeError, OverflowError, AttributeError) as exc:
        # python-docx converts attribute values as it reads them (w:sz="abc", w:w="-") and takes a
        # part whose content type it does not know for a plain blob (no .element): what Word would
        # refuse makes the file damaged, not the program.
        return [broken(exc).finding(name)]


def _audit(name: str, docx) -> list[Finding]:
    reader = Reader(docx)
    paragraphs = reader.paragraphs()
    date = _document_date(paragraphs) or dt.date.today()
    context = AuditContext(name, docx, reader, paragraphs, date)
    findings: list[Finding] = []
    for rule in in_force("docx", date):
        findings += CHECKS[rule.id](rule, context)
    return findings


def _document_date(paragraphs: list[Para]) -> dt.date | None:
    for para in paragraphs:
        match = _DATE_LINE.match(" ".join(para.text.split()))
        if match:
            day = int(match["day"]) if match["day"].strip() else 1
            try:
                return dt.date(int(match["year"]), int(match["month"]), day)
            except ValueError:
                return None
    return None


@dataclass
class Parts:
    """Where each component of the first page is: an index into `lines`, or None when it is missing."""

    lines: list[Para]  # the paragraphs with text
    texts: list[str]  # their text on one line
    title: int | None
    star: int | None
    number: int | None
    date: int | None
    kind: int | None
    dashes: int | None
    recipients: int | None
    authority: int | None

    @property
    def letter(self) -> bool:
        """A công văn ("Số 12-CV/…"): no tên loại, its trích yếu under the number (05-HD §5.2.1)."""
        match = _NUMBER.match(self.texts[self.number]) if self.number is not None else None
        return match is not None and match["code"] == "CV"


@dataclass
class AuditContext:
    file: str
    docx: Any  # a python-docx Document (imported lazily: python-docx is slow to load)
    reader: Reader
    paragraphs: list[Para]
    date: dt.date

    def report(self, rule: Rule, para: Para | None = None, **params) -> Iterator[Finding]:
        yield rule.finding(
            self.file, para.index if para else 1, 1, para.where if para else "", date=self.date, **params
        )

    @cached_property
    def parts(self) -> Parts:
        lines = [p for p in self.paragraphs if p.text]
        texts = [" ".join(p.text.split()) for p in lines]

        def first(predicate) -> int | None:
            return next((i for i, text in enumerate(texts) if predicate(text)), None)

        return Parts(
            lines,
            texts,
            title=first(lambda s: s == "ĐẢNG CỘNG SẢN VIỆT NAM"),
            star=first(lambda s: s == "*"),
            number=first(lambda s: _NUMBER.match(s) is not None),
            date=first(lambda s: _DATE_LINE.match(s) is not None),
            kind=first(lambda s: s in KIND_NAMES),
            dashes=first(lambda s: re.fullmatch(r"-{3,}", s) is not None),
            recipients=first(lambda s: re.match(r"^Nơi nh\w*\s*:?$", s) is not None),
            authority=first(lambda s: _AUTHORITY.match(s) is not None),
        )


@cache
def component(name: str) -> dict:
    """What Phụ lục 2 asks of a component (gen/data/the-thuc.yaml, `components`)."""
    return read_data("the-thuc.yaml")["components"][name]


# Component names and the words of a format, as the office reads them.
PART_NAMES = {
    "tieu_de": N_("docx.part.tieu_de"),
    "co_quan": N_("docx.part.co_quan"),
    "cap_tren": N_("docx.part.cap_tren"),
    "dau_sao": N_("docx.part.dau_sao"),
    "so": N_("docx.part.so"),
    "ngay": N_("docx.part.ngay"),
    "ten_loai": N_("docx.part.ten_loai"),
    "trich_yeu": N_("docx.part.trich_yeu"),
    "trich_yeu_cong_van": N_("docx.part.trich_yeu_cong_van"),
    "kinh_gui": N_("docx.part.kinh_gui"),
    "gach_noi": N_("docx.part.gach_noi"),
    "noi_nhan_label": N_("docx.part.noi_nhan_label"),
    "noi_nhan": N_("docx.part.noi_nhan"),
    "quyen_han": N_("docx.part.quyen_han"),
    "chuc_vu": N_("docx.part.chuc_vu"),
    "ho_ten": N_("docx.part.ho_ten"),
}
WORDS = {
    "bold": N_("docx.word.bold"),
    "not_bold": N_("docx.word.not_bold"),
    "italic": N_("docx.word.italic"),
    "underline": N_("docx.word.underline"),
    "caps": N_("docx.word.caps"),
    "center": N_("docx.word.center"),
    "both": N_("docx.word.both"),
    "left": N_("docx.word.left"),
    "right": N_("docx.word.right"),
}


def _word(key: str) -> str:
    return t(WORDS[key]) if key in WORDS else "?"


def _missing(part: str) -> str:
    return t("docx.detail.missing", component=t(PART_NAMES[part]))


@check("docx.page")
def page_setup(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    profile = profile_for(context.date)
    tolerance = rule.params["tolerance_mm"]
    expected = t(
        "docx.detail.page",
        size="{:.0f}×{:.0f}".format(*profile.page_mm),
        margins="{:.0f}/{:.0f}/{:.0f}/{:.0f}".format(*profile.margins_mm),
    )
    section = context.docx.sections[0] if len(context.docx.sections) else None
    sides = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) if section else ()
    if section is None or section.page_width is None or section.page_height is None or None in sides:
        # A file typed elsewhere may leave the page to the program's defaults (Letter in many).
        yield from context.report(rule, detail=t("docx.detail.no_page_setup"), expected=expected)
        return
    size = (section.page_width / EMU_PER_MM, section.page_height / EMU_PER_MM)
    margins = tuple(v / EMU_PER_MM for v in sides)
    if any(abs(a - b) > tolerance for a, b in zip(size, profile.page_mm)):
        yield from context.report(rule, detail="{:.0f}×{:.0f} mm".format(*size), expected=expected)
    if any(abs(a - b) > tolerance for a, b in zip(margins, profile.margins_mm)):
        detail = t("docx.detail.margins", margins="{:.0f}/{:.0f}/{:.0f}/{:.0f}".format(*margins))
        yield from context.report(rule, detail=detail, expected=expected)


_FONT_ATTRS = (f"{W}ascii", f"{W}hAnsi")
_THEME_ATTRS = (f"{W}asciiTheme", f"{W}hAnsiTheme")


@check("docx.font")
def fonts(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    found: set[str] = set()
    for root in (context.docx.styles.element, context.docx.element):
        for rfonts in root.iter(f"{W}rFonts"):
            found.update(rfonts.get(a) for a in _FONT_ATTRS if rfonts.get(a))
            if any(rfonts.get(a) for a in _THEME_ATTRS) and not any(rfonts.get(a) for a in _FONT_ATTRS):
                found.add("theme: " + (rfonts.get(_THEME_ATTRS[0]) or rfonts.get(_THEME_ATTRS[1])))
    for font in sorted(found - set(rule.params["fonts"])):
        yield from context.report(rule, font=font)


def _size_ok(size: float | None, low: float, high: float) -> bool:
    return size is not None and low - 0.01 <= size <= high + 0.01


def _describe(reader: Reader, para: Para) -> str:
    size = reader.size(para.paragraph)
    parts = [f"{size:g} pt" if size else "? pt"]
    parts += [_word(name) for name in ("bold", "italic", "underline") if reader.flag(para.paragraph, name)]
    parts.append(_word(reader.alignment(para.paragraph)))
    return ", ".join(parts)


def _expected(spec: dict) -> str:
    low, high = spec["size"]
    words = [f"{low:g} pt" if low == high else f"{low:g}–{high:g} pt"]
    words += [_word("caps")] if spec.get("caps") else []
    words += [_word("bold")] if spec.get("bold") else [_word("not_bold")] if spec.get("bold") is False else []
    words += [_word(name) for name in ("italic", "underline") if spec.get(name)]
    words += [_word(spec["align"])] if spec.get("align") else []
    return ", ".join(words)


def _format(context: AuditContext, para: Para, part: str, caps: bool | None = None) -> list[str]:
    """The detail of a component laid out unlike Phụ lục 2 (an empty list when it is right)."""
    spec, reader, paragraph = component(part), context.reader, para.paragraph
    caps = spec.get("caps") if caps is None else caps
    wrong = not _size_ok(reader.size(paragraph), *spec["size"])
    for name in ("bold", "italic"):
        wrong |= spec.get(name) is not None and reader.flag(paragraph, name) != spec[name]
    if spec.get("underline"):
        runs = [run for run in reader.text_runs(paragraph) if run.text.strip(" :")]
        wrong |= not runs or not all(reader.run_value(paragraph, run, "underline") for run in runs)
    wrong |= spec.get("align") is not None and reader.alignment(paragraph) != spec["align"]
    wrong |= caps is True and any(c.islower() for c in para.text if c.isalpha())
    if not wrong:
        return []
    expected = _expected({**spec, "caps": caps})
    return [t("docx.detail.format", component=t(PART_NAMES[part]), found=_describe(reader, para), expected=expected)]


def _report_details(rule: Rule, context: AuditContext, details: list[tuple[Para | None, str]]) -> Iterator[Finding]:
    for para, detail in details:
        yield from context.report(rule, para, detail=detail)


@check("docx.header")
def header(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Tiêu đề, tên cơ quan cấp trên and ban hành, and the star under them (Phụ lục 2 rows 1–2)."""
    parts = context.parts
    lines = parts.lines
    details: list[tuple[Para | None, str]] = []
    if parts.title is None:
        details.append((None, _missing("tieu_de")))
    else:
        details += [(lines[parts.title], d) for d in _format(context, lines[parts.title], "tieu_de")]
    if parts.star is None:
        details.append((None, _missing("dau_sao")))
    else:
        if parts.star >= 1:
            details += [(lines[parts.star - 1], d) for d in _format(context, lines[parts.star - 1], "co_quan")]
        if parts.star >= 2 and lines[parts.star - 2].in_table and parts.star - 2 != parts.title:
            details += [(lines[parts.star - 2], d) for d in _format(context, lines[parts.star - 2], "cap_tren")]
    yield from _report_details(rule, context, details)


@check("docx.number")
def number(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Số và ký hiệu: "Số 62-TB/ĐU", no colon (05-HD §3.2.2), Phụ lục 2 row 3."""
    parts = context.parts
    if parts.number is None:
        yield from _report_details(rule, context, [(None, _missing("so"))])
        return
    para, text = parts.lines[parts.number], parts.texts[parts.number]
    details = []
    if _NUMBER.match(text)["colon"]:  # type: ignore[index]
        details.append(t("docx.detail.number_colon", text=text, expected=re.sub(r"^Số\s*:\s*", "Số ", text)))
    details += _format(context, para, "so")
    yield from _report_details(rule, context, [(para, d) for d in details])


@check("docx.date_line")
def date_line(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Địa danh, ngày tháng năm: italic, and days below 10 and months 1–2 padded (05-HD §4.2.2)."""
    parts = context.parts
    if parts.date is None:
        yield from _report_details(rule, context, [(None, _missing("ngay"))])
        return
    para, text = parts.lines[parts.date], parts.texts[parts.date]
    details = _format(context, para, "ngay")
    match = _DATE_LINE.match(text)
    assert match is not None  # found by this pattern
    day, month = match["day"].strip(), match["month"].strip() or "12"  # a blank month needs no padding
    good_day = not day or (len(day) == 2 if int(day) < 10 else True)
    good_month = len(month) == 2 if int(month) < 3 else not month.startswith("0")
    if not (good_day and good_month):
        fixed_day = f"{int(day):02d}" if day else "   "
        fixed_month = f"{int(month):02d}" if int(month) < 3 else str(int(month))
        expected = f"{match['place']}, ngày {fixed_day} tháng {fixed_month} năm {match['year']}"
        details.append(t("docx.detail.date_padding", text=text, expected=expected))
    yield from _report_details(rule, context, [(para, d) for d in details])


def _title_lines(parts: Parts) -> range:
    """The trích yếu's lines (and an author line), between the tên loại and the dashes."""
    if parts.kind is None:
        return range(0)
    end = (
        parts.dashes
        if parts.dashes is not None and parts.dashes > parts.kind
        else min(parts.kind + 3, len(parts.lines))
    )
    return range(parts.kind + 1, end)


@check("docx.title")
def title(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Tên loại, trích yếu and the five dashes under them (Phụ lục 2 row 5a, 05-HD §5.2.1)."""
    parts = context.parts
    details: list[tuple[Para | None, str]] = []
    if parts.letter:  # a công văn: the trích yếu under the number, no tên loại and no dashes
        about = (parts.number or 0) + 1
        if about < len(parts.lines) and parts.lines[about].in_table and parts.texts[about].startswith("về"):
            details += [(parts.lines[about], d) for d in _format(context, parts.lines[about], "trich_yeu_cong_van")]
    elif parts.kind is None:
        details.append((None, _missing("ten_loai")))
    else:
        details += [(parts.lines[parts.kind], d) for d in _format(context, parts.lines[parts.kind], "ten_loai")]
    if parts.dashes is None and not parts.letter:
        details.append((None, _missing("gach_noi")))
    for i in _title_lines(parts):
        author_line = parts.texts[i].isupper()
        details += [
            (parts.lines[i], d) for d in _format(context, parts.lines[i], "trich_yeu", caps=author_line or None)
        ]
    yield from _report_details(rule, context, details)


@check("docx.title_case")
def title_case(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    parts = context.parts
    lines = _title_lines(parts)
    if lines:
        last = lines[-1]
        text = parts.texts[last]
        if not text.isupper() and text[:1].isupper():
            yield from context.report(rule, parts.lines[last], text=text.split()[0])


@check("docx.recipients")
def recipients(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Nơi nhận: the label 14 pt underlined, each recipient "- …;" at 12 pt, "- Lưu …." last (05-HD §9)."""
    parts = context.parts
    if parts.recipients is None:
        yield from _report_details(rule, context, [(None, _missing("noi_nhan_label"))])
        return
    lines, texts, start = parts.lines, parts.texts, parts.recipients
    label = lines[start]
    details: list[tuple[Para | None, str]] = []
    if texts[start] != "Nơi nhận:":
        details.append((label, t("docx.detail.recipients_label", text=texts[start])))
    details += [(label, d) for d in _format(context, label, "noi_nhan_label")]
    items = []
    for i in range(start + 1, len(lines)):
        if not texts[i].startswith(("-", "–", "+")) or not lines[i].in_table:
            break
        items.append(i)
    if not items:
        details.append((label, t("docx.detail.recipients_none")))
    for i in items:
        para, text = lines[i], texts[i]
        last = i == items[-1]
        if not re.match(r"^- \S", text):
            details.append((para, t("docx.detail.recipient_dash", text=text[:30])))
        if last and not (text.startswith("- Lưu") and text.endswith(".")):
            details.append((para, t("docx.detail.recipient_archive")))
        elif not last and not text.endswith(";"):
            details.append((para, t("docx.detail.recipient_semicolon", text=text[-20:])))
        details += [(para, d) for d in _format(context, para, "noi_nhan")]
    yield from _report_details(rule, context, details)


_NAME_TITLES = re.compile(r"(?i)^(đồng chí|đ/c|ts\.|ths\.|pgs\.|gs\.)")


@check("docx.signature")
def signature(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Quyền hạn (T/M, T/L, K/T, Q.), chức vụ and họ tên (05-HD §7.1, Phụ lục 2 rows 7a–7b)."""
    parts = context.parts
    if parts.authority is None:
        yield from _report_details(rule, context, [(None, _missing("quyen_han"))])
        return
    lines, texts, start = parts.lines, parts.texts, parts.authority
    para = lines[start]
    details: list[tuple[Para | None, str]] = []
    prefix = _AUTHORITY.match(texts[start]).group(1)  # type: ignore[union-attr]
    if prefix not in rule.params["prefixes"]:
        details.append((para, t("docx.detail.authority", prefix=prefix)))
    details += [(para, d) for d in _format(context, para, "quyen_han")]
    rest = [i for i in range(start + 1, len(lines)) if lines[i].in_table == para.in_table][:2]
    if len(rest) == 2:
        chuc_vu, name = lines[rest[0]], lines[rest[1]]
        details += [(chuc_vu, d) for d in _format(context, chuc_vu, "chuc_vu")]
        details += [(name, d) for d in _format(context, name, "ho_ten")]
        if _NAME_TITLES.match(texts[rest[1]]):
            details.append((name, t("docx.detail.name_title", text=texts[rest[1]])))
    yield from _report_details(rule, context, details)


def _is_caption(reader, paragraphs: list, i: int) -> bool:
    """A table's title: a centred line right above the table or its "Đơn vị tính" line. It is laid
    out as a title, not as body text (05-HD gives no rule for it)."""
    after = next((p for p in paragraphs[i + 1 :] if p.in_table or p.text.strip()), None)
    if after is None or not (after.in_table or _UNIT_LINE.match(after.text)):
        return False
    return reader.alignment(paragraphs[i].paragraph) == "center"


@check("docx.body")
def body_paragraphs(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Body text: size, justified, indent, spacing and exact line height (05-HD §6.2.2)."""
    spec = component("noi_dung")
    texts = [" ".join(p.text.split()) for p in context.paragraphs]
    start = next((i for i, s in enumerate(texts) if re.fullmatch(r"-{3,}", s)), None)
    if start is None and context.parts.letter:  # a công văn's body follows the header
        start = next((i - 1 for i, p in enumerate(context.paragraphs) if not p.in_table and p.text), None)
    if start is None:
        return
    annex = next((i for i, s in enumerate(texts) if i > start and _APPENDIX_HEADING.match(s)), len(texts))
    addressed = addressed_block(context.paragraphs, texts)
    for i in sorted(addressed):
        for detail in _format(context, context.paragraphs[i], "kinh_gui"):
            yield from context.report(
                rule, context.paragraphs[i], detail=detail, expected=_expected(component("kinh_gui"))
            )
    reader = context.reader
    paragraphs = context.paragraphs
    body = [
        p
        for i, p in enumerate(paragraphs)
        if start < i < annex
        and i not in addressed
        and not p.in_table
        and p.text
        and not _UNIT_LINE.match(p.text)
        and not _is_caption(reader, paragraphs, i)
    ]
    (size_low, size_high), (indent_low, indent_high) = spec["size"], spec["first_line_mm"]
    (line_low, line_high), spacing_min = spec["line_pt"], spec["spacing_min_pt"]
    expected = t(
        "docx.detail.body_expected",
        size=f"{size_low:g}–{size_high:g}",
        indent=spec["indent_mm"],
        spacing=f"{spacing_min:g}",
        line=f"{line_low:g}–{line_high:g}",
    )
    for para in body:
        paragraph = para.paragraph
        problems = []
        if not _size_ok(reader.size(paragraph), size_low, size_high):
            problems.append(t("docx.detail.size", size=f"{reader.size(paragraph) or 0:g}"))
        align = reader.alignment(paragraph)
        centred_heading = align == "center" and reader.flag(paragraph, "bold")
        if align != "both" and not centred_heading:
            problems.append(t("docx.detail.not_justified"))
        if not centred_heading and not indent_low <= reader.first_line_mm(paragraph) <= indent_high:
            problems.append(t("docx.detail.indent", mm=f"{reader.first_line_mm(paragraph):.1f}"))
        before, after, line, line_rule = reader.spacing(paragraph)
        if before + after < spacing_min - 0.01:
            problems.append(t("docx.detail.spacing", pt=f"{before + after:g}"))
        if line is None or line_rule != "EXACTLY" or not line_low <= line <= line_high:
            problems.append(
                t(
                    "docx.detail.line",
                    line=f"{line:g} pt" if line else t("docx.detail.line_auto"),
                    rule=line_rule or "auto",
                )
            )
        if problems:
            yield from context.report(rule, para, detail=", ".join(problems), expected=expected)
    if body and not body[-1].text.rstrip().endswith("."):
        yield from context.report(rule, body[-1], detail=t("docx.detail.no_full_stop"), expected=".")


@check("docx.page_numbers")
def page_numbers(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    if not len(context.docx.sections):
        yield from context.report(rule, detail=t("docx.detail.no_page_numbers"))
        return
    section = context.docx.sections[0]
    title_page = section.different_first_page_header_footer

    def has_page_field(header) -> bool:
        if header is None or header.is_linked_to_previous:
            return False
        xml = header._element.xml
        return "PAGE" in xml and ("fldSimple" in xml or "instrText" in xml)

    if not has_page_field(section.header):
        yield from context.report(rule, detail=t("docx.detail.no_page_numbers"))
    if not title_page or has_page_field(section.first_page_header):
        yield from context.report(rule, detail=t("docx.detail.first_page_numbered"))


@check("docx.draft")
def draft(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """A file gen build wrote for a document with errors: a draft, not the document to sign."""
    properties = context.docx.core_properties
    if properties.content_status == DRAFT_STATUS or DRAFT_KEYWORD in (properties.keywords or ""):
        errors = (properties.comments or "").partition("; ")[2] or "?"
        yield from context.report(rule, errors=errors)


# --- footnotes, tables of figures, appendices ------------------------------------------------------
_APPENDIX_HEADING = re.compile(r"^(Phụ lục|PHỤ LỤC)(\s+(số\s+)?(\d+|[IVX]+))?$")
_UNIT_LINE = re.compile(r"^\(?\s*Đơn vị(\s+tính)?\s*:")
_REFERENCE_LINE = re.compile(r"^\(Kèm theo .+ số .+, ngày .+ của .+\)$")


def _range(name: str) -> tuple[float, float]:
    low, high = layout(name)
    return float(low), float(high)


@check("docx.footnote_size")
def footnote_size(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Footnote text in the size the settings allow (the-thuc.yaml footnote_size_range_pt)."""
    from docx.oxml import parse_xml
    from docx.text.paragraph import Paragraph

    # The document's own relationship (walking the whole package would follow whatever the file says).
    part = next(
        (
            rel.target_part
            for rel in context.docx.part.rels.values()
            if not rel.is_external and rel.reltype.endswith("/footnotes")
        ),
        None,
    )
    if part is None:
        return
    low, high = _range("footnote_size_range_pt")
    for note in parse_xml(part.blob).findall(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        for element in note.findall(f"{W}p"):
            paragraph = Paragraph(element, context.docx)  # type: ignore[arg-type]  # parse_xml gives CT_P
            size = context.reader.size(paragraph)
            if paragraph.text.strip() and not _size_ok(size, low, high):
                para = Para(0, paragraph, paragraph.text.strip(), False)
                yield from context.report(rule, para, size=f"{size or 0:g}", low=f"{low:g}", high=f"{high:g}")
                return  # one finding says it: the notes share their style


@check("docx.table_size")
def table_size(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Text of each table of figures (not the header's or the signature's layout tables) in the size
    the settings allow (table_size_range_pt); one finding per table."""
    from docx.table import Table

    from gen.word.reader import is_figures_table

    low, high = _range("table_size_range_pt")
    styles = context.docx.styles.element
    for element in context.docx.element.body.iterchildren(f"{W}tbl"):
        if not is_figures_table(element, styles):
            continue
        paragraphs = [p for row in Table(element, context.docx).rows for cell in row.cells for p in cell.paragraphs]
        wrong = next(
            (p for p in paragraphs if p.text.strip() and not _size_ok(context.reader.size(p), low, high)), None
        )
        if wrong is not None:
            para = Para(0, wrong, wrong.text.strip(), True)
            size = context.reader.size(wrong)
            yield from context.report(rule, para, size=f"{size or 0:g}", low=f"{low:g}", high=f"{high:g}")


def _appendix_headings(context: AuditContext) -> list[int]:
    """The appendix headings after the signature block, as indexes of context.paragraphs."""
    paragraphs = context.paragraphs
    texts = [" ".join(p.text.split()) for p in paragraphs]
    signed = max((i for i, p in enumerate(paragraphs) if p.in_table and _AUTHORITY.match(texts[i])), default=None)
    if signed is None:
        return []
    return [
        i
        for i in range(signed + 1, len(paragraphs))
        if not paragraphs[i].in_table and _APPENDIX_HEADING.match(texts[i])
    ]


@check("docx.appendix")
def appendix_headings(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Each appendix after the signature: on a new page, "Phụ lục n" (or "PHỤ LỤC" alone) centred in
    bold, its title, the "(Kèm theo …)" line (05-HD §II.1)."""
    paragraphs = context.paragraphs
    texts = [" ".join(p.text.split()) for p in paragraphs]
    headings = _appendix_headings(context)
    reader = context.reader
    for n, at in enumerate(headings, 1):
        para = paragraphs[at]
        expected = f"Phụ lục {n}" if len(headings) > 1 else "PHỤ LỤC"
        problems = []
        if len(headings) > 1 and texts[at] != expected:
            problems.append(t("docx.detail.appendix_number", text=texts[at], expected=expected))
        if reader.alignment(para.paragraph) != "center" or not reader.flag(para.paragraph, "bold"):
            problems.append(t("docx.detail.appendix_heading"))
        if not _starts_page(para.paragraph._p):  # type: ignore[attr-defined]  # a python-docx Paragraph
            problems.append(t("docx.detail.appendix_page"))
        following = [i for i in range(at + 1, min(at + 8, len(paragraphs))) if texts[i]]
        reference = next((i for i in following if texts[i].startswith("(Kèm theo")), None)
        if reference is None or not _REFERENCE_LINE.match(texts[reference]):
            problems.append(t("docx.detail.appendix_reference"))
        elif reference == following[0]:
            problems.append(t("docx.detail.appendix_title"))
        if problems:
            yield from context.report(rule, para, detail="; ".join(problems))


@check("docx.appendix_pages")
def appendix_pages(rule: Rule, context: AuditContext) -> Iterator[Finding]:
    """Each appendix numbers its pages from 1 (05-HD §II.1)."""
    for at in _appendix_headings(context):
        para = context.paragraphs[at]
        if not _restarts_numbering(para.paragraph._p):  # type: ignore[attr-defined]  # a python-docx Paragraph
            yield from context.report(rule, para)


def _page_break(element) -> bool:
    return element.find(f"{W}pPr/{W}sectPr") is not None or any(
        br.get(f"{W}type") == "page" for br in element.iter(f"{W}br")
    )


def _starts_page(element) -> bool:
    """The paragraph opens a page: a section break or a page break just before it (empty
    paragraphs between), or its own "page break before"."""
    ppr = element.find(f"{W}pPr")
    if ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None:
        return True
    previous = element.getprevious()
    while previous is not None and previous.tag == f"{W}p":
        if _page_break(previous):
            return True
        if "".join(previous.itertext()).strip():
            return False
        previous = previous.getprevious()
    return False


def _restarts_numbering(element) -> bool:
    """The section the paragraph is in numbers its pages from 1."""
    node = element
    while node is not None:
        sect = node.find(f"{W}pPr/{W}sectPr") if node.tag == f"{W}p" else node if node.tag == f"{W}sectPr" else None
        if sect is not None:
            start = sect.find(f"{W}pgNumType")
            return start is not None and start.get(f"{W}start") == "1"
        node = node.getnext()
    return False
