"""Stage 5: fill the Word template with a Document and return the .docx bytes.

Content reaches docxtpl only as finished, escaped WordprocessingML (runs and paragraphs built
here), never as template source: text from YAML is never evaluated, and `&<>"'`, `{{ }}` and
`{% %}` come out literally. The page setup of the rules in force on the document's date, the
header column widths and the document properties are set after rendering.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from gen.content import formatting, markup
from gen.content.files import real_path
from gen.content.kinds import KINDS
from gen.content.model import Document, Paragraph
from gen.content.tables import Table
from gen.exceptions import Finding, GenError
from gen.settings import Profile, layout
from gen.word import blocks, footnotes, sections, styles
from gen.word.metrics import text_width_mm
from gen.word.ooxml import W, child_in_order, deflate, write_zip
from gen.word.runs import paragraph_xml, runs_xml

PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
HEADER_MARGIN_MM = 6


class Xml:
    """Finished XML handed to jinja: `__html__` stops autoescape; falsy when there is no text."""

    def __init__(self, xml: str, text: str):
        self.xml, self.text = xml, text

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml

    def __bool__(self) -> bool:
        return bool(self.text.strip())


def runs(text: str, inline: bool = False) -> Xml:
    return Xml(runs_xml(text, inline), text)


def paragraphs(items: list[Paragraph], profile: Profile) -> Xml:
    """The outline's paragraphs and tables; the last paragraph keeps with the signature."""
    xml = blocks.blocks_xml(
        items, profile.text_width_mm, landscape_width_mm(profile), layout("table_size_pt"), keep_last=True
    )
    return Xml(xml, " ".join(p.text for p in items) + (" x" if any(isinstance(p, Table) for p in items) else ""))


def landscape_width_mm(profile: Profile) -> float:
    return profile.page_mm[1] - profile.margins_mm[2] - profile.margins_mm[3]


def context(document: Document, date_line: str) -> dict:
    org, signature = document.org, document.signature
    return {
        "cap_tren": runs(org.cap_tren.upper()),
        "co_quan": runs(org.ten.upper()),
        "so_ky_hieu": runs(document.so_ky_hieu),
        "dia_danh_ngay": runs(date_line),
        "ten_loai": runs(document.kind.ten_loai),
        "tac_gia": runs(document.tac_gia),
        # A công văn has no tên loại: its trích yếu goes under the number (05-HD Phụ lục 2 row 5b).
        "trich_yeu": runs(document.ve if document.kind.ten_loai else "", inline=True),
        "trich_yeu_cong_van": runs("" if document.kind.ten_loai else document.ve, inline=True),
        "du_thao": runs(document.draft),
        "dau_khan": runs(document.urgency),
        "noi_dung": paragraphs(document.paragraphs, document.profile),
        "noi_nhan": Xml("".join(paragraph_xml("NoiNhan", line, inline=False) for line in document.recipients), "x"),
        "quyen_han": runs(signature.quyen_han),
        "chuc_vu": runs(signature.chuc_vu),
        "ho_ten": runs(signature.ho_ten),
    }


@lru_cache(maxsize=1)
def party_title_mm() -> float:
    return text_width_mm(PARTY_TITLE, "bold", 15)


def render(document: Document, errors: list[Finding] | tuple = ()) -> bytes:
    """The .docx bytes; with `errors` (the document's error findings) its properties mark it a draft."""
    from jinja2 import TemplateError

    template = compiled(document.template)
    left_mm, right_mm = header_columns(document)
    values = context(document, date_line_text(document, right_mm))
    try:
        parts = template.render(values, tail=_appendices_xml(document))
    except (TemplateError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise GenError(
            [document.source.finding((), "template.invalid", value=document.template.name, detail=str(exc))]
        ) from exc
    body = parts.pop(template.main)
    _page_setup(body, document)
    _size_header(body, document, left_mm, right_mm)
    sections.finish(body)
    parts[template.main] = template.document_xml(body)
    parts[CORE] = core_xml(document, errors)
    _extra_parts(template, parts, document)
    return template.package(parts)


def _appendices_xml(document: Document) -> str:
    """The appendices, written after the signature block (before the body's own section properties)."""
    if not document.appendices:
        return ""
    profile = document.profile
    return blocks.appendices_xml(
        document.appendices, profile.text_width_mm, landscape_width_mm(profile), layout("table_size_pt")
    )


def _extra_parts(template: CompiledTemplate, parts: dict, document: Document) -> None:
    """The footnotes part and the styles of footnotes, tables and appendices, when the document
    has them (a document without them keeps the template's parts byte for byte)."""
    wanted = styles.used(parts[template.main])
    if document.footnotes:
        wanted |= {footnotes.TEXT_STYLE}
        parts[footnotes.PART] = footnotes.footnotes_xml(document.footnotes)
        for name, add in (
            (footnotes.RELS, footnotes.add_relationship),
            (footnotes.TYPES, footnotes.add_content_type),
            (footnotes.SETTINGS, footnotes.add_settings),
        ):
            if name in template.raw:
                parts[name] = add(template.raw[name])
    if wanted and template.styles_part in template.raw:
        parts[template.styles_part] = styles.ensure(template.raw[template.styles_part], wanted)


def compiled(path: Path) -> CompiledTemplate:
    stat = path.stat()
    return _compiled(real_path(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _compiled(path: Path, mtime_ns: int, size: int) -> CompiledTemplate:
    return CompiledTemplate(path)


CORE = "docProps/core.xml"


class CompiledTemplate:
    """A Word template read, patched by docxtpl and compiled by jinja once, then rendered many
    times: docxtpl would redo all three for every document. Parts without tags are compressed once."""

    def __init__(self, path: Path):
        from docxtpl import DocxTemplate
        from jinja2 import Environment, StrictUndefined

        self.docxtpl = DocxTemplate(str(path))
        self.docxtpl.render_init()
        env = Environment(autoescape=True, undefined=StrictUndefined)
        with zipfile.ZipFile(path) as package:
            self.order = [info.filename for info in package.infolist()]
            raw = {name: package.read(name) for name in self.order}
        main = self.docxtpl.docx.part
        self.main = main.partname.lstrip("/")
        self.templates = {self.main: env.from_string(self._source(self.docxtpl.get_xml()))}
        for rel in main.rels.values():
            if rel.is_external or not rel.reltype.endswith(("/header", "/footer")):
                continue
            xml = self.docxtpl.patch_xml(self.docxtpl.get_part_xml(rel.target_part))
            if "{{" in xml or "{%" in xml:
                self.templates[rel.target_part.partname.lstrip("/")] = env.from_string(self._source(xml, patched=True))
        # The document root without its body, to wrap each rendered body in.
        root = etree.fromstring(raw[self.main])
        body = root.find(f"{W}body")
        if body is None:
            raise GenError([])  # not a Word document body: caught where the template is read
        marker = etree.Element(f"{W}body")
        root.replace(body, marker)
        shell = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        empty = etree.tostring(marker)
        self.prefix, self.suffix = shell.split(empty) if empty in shell else shell.split(b"<w:body/>")
        self.static = {name: deflate(data) for name, data in raw.items() if name not in self.templates and name != CORE}
        # Parts a document with footnotes, tables or appendices changes.
        self.raw = {name: raw[name] for name in (*footnotes.PARTS_CHANGED, "word/styles.xml") if name in raw}
        self.styles_part = "word/styles.xml"
        if CORE not in self.order:
            self.order.append(CORE)

    def _source(self, xml: str, patched: bool = False) -> str:
        # docxtpl's own preparation of a part (repairing tags Word split across runs, {%p %} …).
        xml = xml if patched else self.docxtpl.patch_xml(xml)
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)

    def render(self, values: dict, tail: str = "") -> dict:
        """The parts rendered; `tail` is finished XML put at the end of the body, before its section
        properties (the appendices, after the signature block)."""
        parts: dict = {}
        for name, template in self.templates.items():
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", template.render(values))
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            if any(char in xml for char in "\t\a\n\f"):  # docxtpl's pass changes nothing without them
                xml = self.docxtpl.resolve_listing(xml)
            if tail and name == self.main:
                at = xml.rfind("<w:sectPr")
                xml = xml[:at] + tail + xml[at:] if at >= 0 else xml.replace("</w:body>", tail + "</w:body>")
            if name == self.main:
                self.docxtpl.docx_ids_index = 1000
                tree = self.fix_tables(xml)
                self.docxtpl.fix_docpr_ids(tree)
                parts[name] = tree
            else:
                parts[name] = xml.encode("utf-8")
        return parts

    def fix_tables(self, xml: str):
        """The body parsed as docxtpl parses it, its tables' grids mended by docxtpl when a row has
        more or fewer columns than the grid ({%tc %} in a template). The tables we write always fit
        their grid, and docxtpl's cell-by-cell pass over them was some 7 % of a long báo cáo's build."""
        tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
        for table in tree.iter(f"{W}tbl"):
            columns = len(table.findall(f"{W}tblGrid/{W}gridCol"))
            for row in table.iter(f"{W}tr"):  # nested tables' rows too, as docxtpl counts them
                cells = len(row.findall(f"{W}tc"))
                spans = row.findall(f"{W}tc/{W}tcPr/{W}gridSpan")
                if cells > columns or cells + sum(int(s.get(f"{W}val", 1)) - 1 for s in spans) != columns:
                    return self.docxtpl.fix_tables(xml)
        return tree

    def document_xml(self, body) -> bytes:
        return self.prefix + etree.tostring(body, encoding="UTF-8").split(b"?>", 1)[-1].lstrip() + self.suffix

    def package(self, parts: dict) -> bytes:
        order = self.order + [name for name in parts if name not in self.order]
        members = [(name, deflate(parts[name]) if name in parts else self.static[name]) for name in order]
        return write_zip(members)


def _page_setup(body, document: Document) -> None:
    profile = document.profile
    top, bottom, left, right = profile.margins_mm
    for sect in body.iter(f"{W}sectPr"):
        size = child_in_order(sect, "pgSz", sections.SECTPR_ORDER)
        size.set(f"{W}w", str(_twips(profile.page_mm[0])))
        size.set(f"{W}h", str(_twips(profile.page_mm[1])))
        margins = child_in_order(sect, "pgMar", sections.SECTPR_ORDER)
        for key, mm in (
            ("top", top),
            ("bottom", bottom),
            ("left", left),
            ("right", right),
            ("header", profile.header_distance_mm),
        ):
            margins.set(f"{W}{key}", str(_twips(mm)))
        for key in ("footer", "gutter"):
            if margins.get(f"{W}{key}") is None:
                margins.set(f"{W}{key}", "0" if key == "gutter" else str(_twips(profile.header_distance_mm)))
        child_in_order(sect, "titlePg", sections.SECTPR_ORDER)


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def header_columns(document: Document) -> tuple[float, float]:
    """Widths (mm) of the two header columns: each gets what its lines need, the rest is shared.

    Column widths are not regulated; what is (05-HD Phụ lục 1–2) is that each block sits centred
    in its column and the rule under ĐẢNG CỘNG SẢN VIỆT NAM is as long as the title.
    """
    text_width = document.profile.text_width_mm
    title = party_title_mm()
    org = document.org
    # Sized from the organisation alone (its names, the widest number and date line it can write),
    # so that every document of one committee has the same header.
    left_lines = [(line, "regular") for line in org.cap_tren.upper().split("\n")]
    left_lines += [(line, "bold") for line in org.ten.upper().split("\n")]
    left_lines += [
        (formatting.so_ky_hieu(888, code, org.ky_hieu), "regular") for code in {k.code for k in KINDS.values()}
    ]
    # The longest date line written in full; a draft's blanks to fill by hand are wider, and its date
    # line may break after the place name rather than widen every issued document's header.
    date_mm = text_width_mm(formatting.date_line(org.dia_danh, formatting.IssueDate(2028, 12, 28)), "italic", 14)
    # The margin covers the gap between the columns and small differences between renderers; a
    # narrow one (half) is tried before the table may reach into the left margin, and that before the
    # date line is broken after the place name.
    tiers = [(text_width, HEADER_MARGIN_MM), (text_width, HEADER_MARGIN_MM / 2)]
    tiers += [(text_width + layout("header_overhang_mm"), m) for m in (HEADER_MARGIN_MM, HEADER_MARGIN_MM / 2)]
    names = max(text_width_mm(text, style, 14) for text, style in left_lines)
    for available, margin in tiers:
        left_need = names + margin
        right_need = max(title, date_mm) + margin
        if left_need + right_need <= available:
            left = left_need + (available - left_need - right_need) / 2
            break
    else:  # the date line will break after the place name; the names keep their lines, in the text area
        available = text_width
        left = min(names + HEADER_MARGIN_MM, available - title - HEADER_MARGIN_MM)
    return left, available - left


def date_line_text(document: Document, right_mm: float) -> str:
    """The date line, broken after 'địa danh,' when the column cannot hold it on one line."""
    line = document.date_line
    if text_width_mm(line, "italic", 14) + HEADER_MARGIN_MM / 2 > right_mm:
        place, _, rest = line.partition(", ")
        return f"{place},\n{rest}"
    return line


def _size_header(body, document: Document, left_mm: float, right_mm: float) -> None:
    tables = body.findall(f"{W}tbl")
    if not tables:
        return
    table = tables[0]
    grid = table.find(f"{W}tblGrid")
    cells = table.findall(f"{W}tr/{W}tc")
    if grid is None or len(cells) != 2:
        return  # an office template with its own header layout: leave it as designed
    widths = [_twips(left_mm), _twips(left_mm + right_mm) - _twips(left_mm)]
    for col, width in zip(grid.findall(f"{W}gridCol"), widths):
        col.set(f"{W}w", str(width))
    for tc, width in zip(cells, widths):
        tcw = tc.find(f"{W}tcPr/{W}tcW")
        if tcw is not None:
            tcw.set(f"{W}w", str(width))
            tcw.set(f"{W}type", "dxa")
    tblw = table.find(f"{W}tblPr/{W}tblW")
    if tblw is not None:
        tblw.set(f"{W}w", str(sum(widths)))
    overhang = max(0, sum(widths) - _twips(document.profile.text_width_mm))
    tblpr = table.find(f"{W}tblPr")
    if overhang and tblpr is not None:
        ind = tblpr.find(f"{W}tblInd")
        if ind is None:
            ind = etree.Element(f"{W}tblInd")
            if tblw is not None:
                tblw.addnext(ind)  # schema order: tblW, jc, tblCellSpacing, tblInd
            else:
                tblpr.insert(0, ind)
        ind.set(f"{W}w", str(-overhang))
        ind.set(f"{W}type", "dxa")
    side = max(0, (widths[1] - _twips(party_title_mm() + 1)) // 2)
    for paragraph in cells[1].iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") == "TieuDeDang":
            ppr = paragraph.find(f"{W}pPr")
            ind = ppr.find(f"{W}ind")
            if ind is None:
                ind = etree.SubElement(ppr, f"{W}ind")
            ind.set(f"{W}left", str(side))
            ind.set(f"{W}right", str(side))


# The draft mark in the file's properties (Word: File > Info > Properties: Status, Tags, Comments).
# Part of the document, which is Vietnamese whatever the language of the messages, like "Thể thức".
DRAFT_STATUS = "Bản nháp có lỗi: sửa trước khi ký"
DRAFT_KEYWORD = "bản nháp có lỗi"


def core_xml(document: Document, errors: list[Finding] | tuple = ()) -> bytes:
    """Document properties derived from the document itself, so the same input gives the same bytes.
    A document with errors says so in its status, tags and comments: a draft must not pass for the
    signed document."""
    stamp = dt.datetime.combine(document.first_day, dt.time(0, 0)).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = " ".join(filter(None, [document.kind.ten_loai, document.tac_gia, document.ve]))
    fields = [
        ("dc:title", _one_line(markup.plain(title))),
        ("dc:subject", _one_line(markup.plain(document.ve))),
        ("dc:creator", _one_line(document.org.ten)),
        ("cp:keywords", _one_line("; ".join([document.so_ky_hieu] + ([DRAFT_KEYWORD] if errors else [])))),
        ("dc:description", _one_line(f"Thể thức: {document.profile.name}" + _error_list(errors))),
        ("cp:lastModifiedBy", "gen"),
        ("cp:revision", "1"),
        ("cp:category", document.kind.name.upper()),
    ]
    if errors:
        fields.append(("cp:contentStatus", DRAFT_STATUS))
    xml = "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in fields)
    xml += f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
    xml += f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{xml}</cp:coreProperties>"
    ).encode()


def _error_list(errors) -> str:
    """'; 2 lỗi: signature.body_mismatch (dòng 209), term.quoc_hoi (dòng 54)'."""
    if not errors:
        return ""
    return f"; {len(errors)} lỗi: " + ", ".join(f"{f.rule} (dòng {f.line})" for f in errors)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:255]
