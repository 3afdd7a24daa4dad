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
from pathlib import Path
from typing import Any

from gen.checks.registry import find, in_force, registry
from gen.content.loader import display_path
from gen.exceptions import ERROR, Finding
from gen.messages import t
from gen.settings import layout, profile_for
from gen.word.ooxml import W

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
_DATE_LINE = re.compile(r"^(?P<place>[^,]+), ngày (?P<day>[\d ]*?) ?tháng (?P<month>\d+) năm (?P<year>\d{4})$")
_NUMBER = re.compile(r"^Số\s*(?P<colon>:)?\s*(?P<n>\d*)\s*[-/]")
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
    """Findings for a Word file. An unreadable file is one finding, not a traceback."""
    from docx import Document
    from docx.opc.exceptions import OpcError

    name = display_path(path)
    try:
        docx = Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return [
            Finding(name, 1, 1, "docx.unreadable", ERROR, t("docx.unreadable", detail=str(exc) or type(exc).__name__))
        ]
    reader = Reader(docx)
    paragraphs = reader.paragraphs()
    date = _document_date(paragraphs) or dt.date.today()
    context = AuditContext(name, docx, reader, paragraphs, date)
    findings: list[Finding] = []
    done = set()
    for rule in in_force("docx", date):
        if rule.check in CHECKS and rule.check not in done:
            done.add(rule.check)
            findings += CHECKS[rule.check](context)
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
class AuditContext:
    file: str
    docx: Any  # a python-docx Document (imported lazily: python-docx is slow to load)
    reader: Reader
    paragraphs: list[Para]
    date: dt.date

    def report(self, rule_id: str, para: Para | None = None, **params) -> Iterator[Finding]:
        rule = find(rule_id, self.date)
        if rule is not None:
            yield rule.finding(self.file, para.index if para else 1, 1, para.where if para else "", **params)


CHECKS, check = registry()


@check("page_setup")
def page_setup(context: AuditContext) -> Iterator[Finding]:
    profile = profile_for(context.date)
    section = context.docx.sections[0]
    size = (section.page_width / EMU_PER_MM, section.page_height / EMU_PER_MM)
    margins = tuple(
        v / EMU_PER_MM for v in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    )
    expected = "A4 {:.0f}×{:.0f} mm, lề {:.0f}/{:.0f}/{:.0f}/{:.0f} mm".format(*profile.page_mm, *profile.margins_mm)
    if any(abs(a - b) > 1 for a, b in zip(size, profile.page_mm)):
        yield from context.report("docx.page", detail="{:.0f}×{:.0f} mm".format(*size), expected=expected)
    if any(abs(a - b) > 1 for a, b in zip(margins, profile.margins_mm)):
        yield from context.report(
            "docx.page", detail="lề {:.0f}/{:.0f}/{:.0f}/{:.0f} mm".format(*margins), expected=expected
        )


_FONT_ATTRS = (f"{W}ascii", f"{W}hAnsi")
_THEME_ATTRS = (f"{W}asciiTheme", f"{W}hAnsiTheme")


@check("fonts")
def fonts(context: AuditContext) -> Iterator[Finding]:
    found: set[str] = set()
    for root in (context.docx.styles.element, context.docx.element):
        for rfonts in root.iter(f"{W}rFonts"):
            found.update(rfonts.get(a) for a in _FONT_ATTRS if rfonts.get(a))
            if any(rfonts.get(a) for a in _THEME_ATTRS) and not any(rfonts.get(a) for a in _FONT_ATTRS):
                found.add("theme: " + (rfonts.get(_THEME_ATTRS[0]) or rfonts.get(_THEME_ATTRS[1])))
    for font in sorted(found - {"Times New Roman"}):
        yield from context.report("docx.font", font=font)


def _size_ok(size: float | None, low: float, high: float) -> bool:
    return size is not None and low - 0.01 <= size <= high + 0.01


def _describe(reader: Reader, para: Para) -> str:
    size = reader.size(para.paragraph)
    parts = [f"{size:g} pt" if size else "? pt"]
    for name, word in (("bold", "đậm"), ("italic", "nghiêng"), ("underline", "gạch chân")):
        if reader.flag(para.paragraph, name):
            parts.append(word)
    parts.append(
        {"center": "giữa", "both": "đều hai lề", "left": "trái", "right": "phải"}.get(
            reader.alignment(para.paragraph), "?"
        )
    )
    return ", ".join(parts)


def _expect(
    context: AuditContext,
    para: Para,
    component: str,
    sizes: tuple[float, float],
    bold: bool | None,
    italic: bool | None = False,
    align: str | None = "center",
    caps: bool | None = None,
) -> Iterator[Finding]:
    reader, paragraph = context.reader, para.paragraph
    wrong = not _size_ok(reader.size(paragraph), *sizes)
    wrong |= bold is not None and reader.flag(paragraph, "bold") != bold
    wrong |= italic is not None and reader.flag(paragraph, "italic") != italic
    wrong |= align is not None and reader.alignment(paragraph) != align
    letters = [c for c in para.text if c.isalpha()]
    wrong |= caps is True and any(c.islower() for c in letters)
    size_text = f"{sizes[0]:g}" if sizes[0] == sizes[1] else f"{sizes[0]:g}–{sizes[1]:g}"
    expected = ", ".join(
        filter(
            None,
            [
                f"{size_text} pt",
                "in hoa" if caps else "",
                "đậm" if bold else "không đậm" if bold is False else "",
                "nghiêng" if italic else "",
                {"center": "giữa", "both": "đều hai lề", "left": "trái"}.get(align or "", ""),
            ],
        )
    )
    if wrong:
        yield from context.report(
            "docx.component", para, component=component, detail=_describe(reader, para), expected=expected
        )


@check("components")
def components(context: AuditContext) -> Iterator[Finding]:
    paragraphs = [p for p in context.paragraphs if p.text]
    texts = [" ".join(p.text.split()) for p in paragraphs]

    def first(predicate) -> int | None:
        return next((i for i, text in enumerate(texts) if predicate(text)), None)

    title = first(lambda s: s == "ĐẢNG CỘNG SẢN VIỆT NAM")
    star = first(lambda s: s == "*")
    number = first(lambda s: _NUMBER.match(s) is not None)
    date = first(lambda s: _DATE_LINE.match(s) is not None)
    kind = first(lambda s: s in KIND_NAMES)
    dashes = first(lambda s: re.fullmatch(r"-{3,}", s) is not None)
    recipients = first(lambda s: re.match(r"^Nơi nh\w*\s*:?$", s) is not None)
    authority = first(lambda s: _AUTHORITY.match(s) is not None)

    for index, component in (
        (title, 'tiêu đề "ĐẢNG CỘNG SẢN VIỆT NAM"'),
        (star, "dấu sao (*) dưới tên cơ quan"),
        (number, "số và ký hiệu"),
        (date, "địa danh và ngày tháng năm"),
        (kind, "tên loại văn bản"),
        (dashes, "năm dấu gạch nối (-----) dưới trích yếu"),
        (recipients, "nơi nhận"),
        (authority, "quyền hạn, chức vụ, họ tên người ký"),
    ):
        if index is None:
            yield from context.report("docx.missing", component=component)

    if title is not None:
        yield from _expect(context, paragraphs[title], "Tiêu đề", (15, 15), True, caps=True)
    if star is not None:
        if star >= 1:
            yield from _expect(context, paragraphs[star - 1], "Tên cơ quan ban hành", (14, 14), True, caps=True)
        if star >= 2 and paragraphs[star - 2].in_table and star - 2 != title:
            yield from _expect(context, paragraphs[star - 2], "Tên cơ quan cấp trên", (14, 14), False, caps=True)
    if number is not None:
        para = paragraphs[number]
        number_match = _NUMBER.match(texts[number])
        if number_match and number_match["colon"]:
            yield from context.report("docx.number_colon", para, text=texts[number])
        yield from _expect(context, para, "Số và ký hiệu", (14, 14), False)
    if date is not None:
        para = paragraphs[date]
        yield from _expect(context, para, "Địa danh, ngày tháng năm", (14, 14), None, italic=True)
        match = _DATE_LINE.match(texts[date])
        assert match is not None  # the date line was found by this pattern
        day, month = match["day"].strip(), match["month"]
        good_day = not day or (len(day) == 2 if int(day) < 10 else True)
        good_month = len(month) == 2 if int(month) < 3 else not month.startswith("0")
        if not (good_day and good_month):
            fixed_day = f"{int(day):02d}" if day else "   "
            fixed_month = f"{int(month):02d}" if int(month) < 3 else str(int(month))
            expected = f"{match['place']}, ngày {fixed_day} tháng {fixed_month} năm {match['year']}"
            yield from context.report("docx.date_padding", para, text=texts[date], expected=expected)
    if kind is not None:
        yield from _expect(context, paragraphs[kind], "Tên loại văn bản", (15, 16), True, caps=True)
        end = dashes if dashes is not None and dashes > kind else min(kind + 3, len(paragraphs))
        for i in range(kind + 1, end):
            author_line = texts[i].isupper()
            yield from _expect(context, paragraphs[i], "Trích yếu", (14, 16), True, caps=True if author_line else None)
            if i == end - 1 and not author_line and texts[i][:1].isupper():
                yield from context.report("docx.title_case", paragraphs[i], text=texts[i].split()[0])
    if recipients is not None:
        yield from _recipients(context, paragraphs, texts, recipients)
    if authority is not None:
        yield from _signature(context, paragraphs, texts, authority)


def _recipients(context: AuditContext, paragraphs: list[Para], texts: list[str], start: int) -> Iterator[Finding]:
    label = paragraphs[start]
    if texts[start] != "Nơi nhận:":
        yield from context.report("docx.recipients", label, detail=f'viết "{texts[start]}", cần "Nơi nhận:"')
    reader = context.reader
    underlined = any(
        reader.run_value(label.paragraph, run, "underline")
        for run in reader.text_runs(label.paragraph)
        if "Nơi" in run.text or "nhận" in run.text
    )
    if (
        not _size_ok(reader.size(label.paragraph), 14, 14)
        or not underlined
        or reader.flag(label.paragraph, "bold")
        or reader.flag(label.paragraph, "italic")
    ):
        yield from context.report(
            "docx.component",
            label,
            component='Từ "Nơi nhận"',
            detail=_describe(reader, label),
            expected="14 pt, đứng, gạch chân, không đậm",
        )
    items = []
    for i in range(start + 1, len(paragraphs)):
        if not texts[i].startswith(("-", "–", "+")) or not paragraphs[i].in_table:
            break
        items.append(i)
    if not items:
        yield from context.report("docx.recipients", label, detail="không có nơi nhận nào")
        return
    for i in items:
        para, text = paragraphs[i], texts[i]
        last = i == items[-1]
        if not re.match(r"^- \S", text):
            yield from context.report("docx.recipients", para, detail=f'"{text[:30]}" phải bắt đầu bằng "- "')
        if last and not (text.startswith("- Lưu") and text.endswith(".")):
            yield from context.report(
                "docx.recipients", para, detail='dòng cuối là "- Lưu …" và kết thúc bằng dấu chấm'
            )
        elif not last and not text.endswith(";"):
            yield from context.report(
                "docx.recipients", para, detail=f'"…{text[-20:]}" phải kết thúc bằng dấu chấm phẩy (;)'
            )
        if not _size_ok(reader.size(para.paragraph), 12, 12):
            yield from context.report(
                "docx.component", para, component="Nơi nhận", detail=_describe(reader, para), expected="12 pt"
            )


def _signature(context: AuditContext, paragraphs: list[Para], texts: list[str], start: int) -> Iterator[Finding]:
    para = paragraphs[start]
    authority = _AUTHORITY.match(texts[start])
    prefix = authority.group(1) if authority else ""
    if prefix not in ("T/M", "T/L", "K/T", "Q."):
        yield from context.report(
            "docx.component",
            para,
            component="Quyền hạn ký",
            detail=f'"{prefix}"',
            expected="T/M, T/L, K/T hoặc Q. (không dùng TM., KT., TL., TUQ.)",
        )
    yield from _expect(context, para, "Quyền hạn ký", (14, 14), True, caps=True)
    rest = [i for i in range(start + 1, len(paragraphs)) if paragraphs[i].in_table == para.in_table][:2]
    if len(rest) == 2:
        title, name = paragraphs[rest[0]], paragraphs[rest[1]]
        yield from _expect(context, title, "Chức vụ người ký", (14, 14), False, caps=True)
        yield from _expect(context, name, "Họ tên người ký", (14, 14), True)
        if re.match(r"(?i)^(đồng chí|đ/c|ts\.|ths\.|pgs\.|gs\.)", texts[rest[1]]):
            yield from context.report(
                "docx.component",
                name,
                component="Họ tên người ký",
                detail=f'"{texts[rest[1]]}"',
                expected='chỉ họ và tên, không "đồng chí", học hàm, học vị',
            )


@check("body_paragraphs")
def body_paragraphs(context: AuditContext) -> Iterator[Finding]:
    texts = [" ".join(p.text.split()) for p in context.paragraphs]
    start = next((i for i, s in enumerate(texts) if re.fullmatch(r"-{3,}", s)), None)
    if start is None:
        return
    annex = next((i for i, s in enumerate(texts) if i > start and _APPENDIX_HEADING.match(s)), len(texts))
    body = [
        p for p in context.paragraphs[start + 1 : annex] if not p.in_table and p.text and not _UNIT_LINE.match(p.text)
    ]
    reader = context.reader
    for para in body:
        paragraph = para.paragraph
        problems = []
        if not _size_ok(reader.size(paragraph), 14, 15):
            problems.append(f"cỡ {reader.size(paragraph) or 0:g} pt")
        align = reader.alignment(paragraph)
        centred_heading = align == "center" and reader.flag(paragraph, "bold")
        if align != "both" and not centred_heading:
            problems.append("không dàn đều hai lề")
        if not centred_heading and not 9 <= reader.first_line_mm(paragraph) <= 13:
            problems.append(f"thụt đầu dòng {reader.first_line_mm(paragraph):.1f} mm")
        before, after, line, rule = reader.spacing(paragraph)
        if before + after < 6 - 0.01:
            problems.append(f"cách đoạn {before + after:g} pt")
        if line is None or rule != "EXACTLY" or not 18 <= line <= 22:
            problems.append(
                "giãn dòng "
                + (f"{line:g} pt" if line else "không cố định")
                + ("" if rule == "EXACTLY" else f" ({rule or 'auto'})")
            )
        if problems:
            yield from context.report(
                "docx.body",
                para,
                detail=", ".join(problems),
                expected="14–15 pt, đều hai lề, thụt đầu dòng 10 mm, cách đoạn ≥ 6 pt, giãn dòng chính xác 18–22 pt",
            )
    if body and not body[-1].text.rstrip().endswith("."):
        yield from context.report(
            "docx.body", body[-1], detail="đoạn cuối không kết thúc bằng dấu chấm", expected="dấu chấm (.)"
        )


@check("page_numbers")
def page_numbers(context: AuditContext) -> Iterator[Finding]:
    section = context.docx.sections[0]
    title_page = section.different_first_page_header_footer

    def has_page_field(header) -> bool:
        if header is None or header.is_linked_to_previous:
            return False
        xml = header._element.xml
        return "PAGE" in xml and ("fldSimple" in xml or "instrText" in xml)

    if not has_page_field(section.header):
        yield from context.report("docx.page_numbers", detail="không có số trang ở đầu trang (từ trang 2)")
    if not title_page or has_page_field(section.first_page_header):
        yield from context.report("docx.page_numbers", detail="trang đầu không được đánh số")


# --- footnotes, tables of figures, appendices ------------------------------------------------------
_APPENDIX_HEADING = re.compile(r"^(Phụ lục|PHỤ LỤC)(\s+(số\s+)?(\d+|[IVX]+))?$")
_UNIT_LINE = re.compile(r"^\(?\s*Đơn vị(\s+tính)?\s*:")
_REFERENCE_LINE = re.compile(r"^\(Kèm theo .+ số .+, ngày .+ của .+\)$")


def _range(name: str) -> tuple[float, float]:
    low, high = layout(name)
    return float(low), float(high)


@check("footnote_size")
def footnote_size(context: AuditContext) -> Iterator[Finding]:
    """Footnote text in the size the settings allow (the-thuc.yaml footnote_size_range_pt)."""
    from docx.oxml import parse_xml
    from docx.text.paragraph import Paragraph

    part = next((p for p in context.docx.part.package.iter_parts() if str(p.partname) == "/word/footnotes.xml"), None)
    if part is None:
        return
    low, high = _range("footnote_size_range_pt")
    root = parse_xml(part.blob)
    for note in root.findall(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        for element in note.findall(f"{W}p"):
            paragraph = Paragraph(element, context.docx)  # type: ignore[arg-type]  # parse_xml gives CT_P
            size = context.reader.size(paragraph)
            if paragraph.text.strip() and not _size_ok(size, low, high):
                para = Para(0, paragraph, paragraph.text.strip(), False)
                yield from context.report(
                    "docx.footnote_size", para, size=f"{size or 0:g}", low=f"{low:g}", high=f"{high:g}"
                )
                return  # one finding says it: the notes share their style


@check("table_size")
def table_size(context: AuditContext) -> Iterator[Finding]:
    """Text of the tables of figures (not the header's or the signature's layout tables) in the
    size the settings allow (table_size_range_pt)."""
    from docx.table import Table

    from gen.word.reader import is_figures_table

    low, high = _range("table_size_range_pt")
    styles = context.docx.styles.element
    for element in context.docx.element.body.iterchildren(f"{W}tbl"):
        if not is_figures_table(element, styles):
            continue
        for row in Table(element, context.docx).rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    size = context.reader.size(paragraph)
                    if paragraph.text.strip() and not _size_ok(size, low, high):
                        para = Para(0, paragraph, paragraph.text.strip(), True)
                        yield from context.report(
                            "docx.table_size", para, size=f"{size or 0:g}", low=f"{low:g}", high=f"{high:g}"
                        )
                        break
                else:
                    continue
                break
            else:
                continue
            break


@check("appendices")
def appendix_headings(context: AuditContext) -> Iterator[Finding]:
    """Each appendix after the signature: on a new page, "Phụ lục n" (or "PHỤ LỤC" alone) centred in
    bold, its title, the "(Kèm theo …)" line, "-----"; its pages numbered from 1 (05-HD §II.1)."""
    paragraphs = context.paragraphs
    texts = [" ".join(p.text.split()) for p in paragraphs]
    signed = max((i for i, p in enumerate(paragraphs) if p.in_table and _AUTHORITY.match(texts[i])), default=None)
    if signed is None:
        return
    headings = [
        i
        for i in range(signed + 1, len(paragraphs))
        if not paragraphs[i].in_table and _APPENDIX_HEADING.match(texts[i])
    ]
    reader = context.reader
    for n, at in enumerate(headings, 1):
        para = paragraphs[at]
        expected = f"Phụ lục {n}" if len(headings) > 1 else "PHỤ LỤC"
        problems = []
        if len(headings) > 1 and texts[at] != expected:
            problems.append(f'viết "{texts[at]}", cần "{expected}"')
        if reader.alignment(para.paragraph) != "center" or not reader.flag(para.paragraph, "bold"):
            problems.append("không căn giữa, in đậm")
        element = para.paragraph._p  # type: ignore[attr-defined]  # a python-docx Paragraph
        if not _starts_page(element):
            problems.append("không sang trang mới")
        following = [i for i in range(at + 1, min(at + 8, len(paragraphs))) if texts[i]]
        reference = next((i for i in following if texts[i].startswith("(Kèm theo")), None)
        if reference is None or not _REFERENCE_LINE.match(texts[reference]):
            problems.append('thiếu dòng "(Kèm theo … số …, ngày … của …)"')
        elif reference == following[0]:
            problems.append("thiếu tên phụ lục")
        if problems:
            yield from context.report("docx.appendix", para, detail="; ".join(problems))
        if not _restarts_numbering(element):
            yield from context.report("docx.appendix_pages", para)


def _starts_page(element) -> bool:
    """The paragraph opens a page: a section break or a page break just before it, or its own
    "page break before"."""
    ppr = element.find(f"{W}pPr")
    if ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None:
        return True
    previous = element.getprevious()
    while previous is not None and previous.tag == f"{W}p" and not "".join(previous.itertext()).strip():
        if previous.find(f"{W}pPr/{W}sectPr") is not None or any(
            br.get(f"{W}type") == "page" for br in previous.iter(f"{W}br")
        ):
            return True
        previous = previous.getprevious()
    if previous is not None and previous.tag == f"{W}p":
        return previous.find(f"{W}pPr/{W}sectPr") is not None or any(
            br.get(f"{W}type") == "page" for br in previous.iter(f"{W}br")
        )
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
