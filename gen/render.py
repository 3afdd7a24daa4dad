"""Stage 5: fill the Word template with a Document and return the .docx bytes.

Content reaches docxtpl only as finished, escaped WordprocessingML (runs and paragraphs built
here), never as template source: text from YAML is never evaluated, and `&<>"'`, `{{ }}` and
`{% %}` come out literally. The page setup of the rules in force on the document's date, the
header column widths and the document properties are set after rendering.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from gen import markup
from gen.exceptions import GenError
from gen.model import Document, Paragraph
from gen.settings import DATA, layout

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
HEADER_MARGIN_MM = 6
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _text_xml(text: str) -> str:
    # Braces become character references: docxtpl rewrites "{_{" and "%_}" in its output.
    text = escape(text).replace("{", "&#123;").replace("}", "&#125;")
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    return f'<w:t xml:space="preserve">{text}</w:t>'


def runs_xml(text: str, inline: bool = True) -> str:
    """Runs for `text`: inline **bold**/*italic* when `inline`, newlines as line breaks."""
    pieces = markup.parse(text) if inline else [markup.Run(text)]
    out = []
    for piece in pieces:
        props = ("<w:b/><w:bCs/>" if piece.bold else "") + ("<w:i/><w:iCs/>" if piece.italic else "")
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        lines = piece.text.split("\n")
        body = "<w:br/>".join(_text_xml(line) for line in lines)
        out.append(f"<w:r>{rpr}{body}</w:r>")
    return "".join(out)


def paragraph_xml(style: str, text: str, label: str = "", inline: bool = True, keep_next: bool = False) -> str:
    label_xml = f"<w:r>{_text_xml(label + ' ')}</w:r>" if label else ""
    keep = "<w:keepNext/>" if keep_next else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{label_xml}{runs_xml(text, inline)}</w:p>'


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


def paragraphs(items: list[Paragraph]) -> Xml:
    # The last paragraph stays on the page of the signature: a signature page with no text on it
    # is what a forger would want.
    xml = "".join(paragraph_xml(p.style, p.text, p.label, keep_next=i == len(items) - 1) for i, p in enumerate(items))
    return Xml(xml, " ".join(p.text for p in items))


def context(document: Document, date_line: str) -> dict:
    org, signature = document.org, document.signature
    return {
        "cap_tren": runs(org.cap_tren.upper()),
        "co_quan": runs(org.ten.upper()),
        "so_ky_hieu": runs(document.so_ky_hieu),
        "dia_danh_ngay": runs(date_line),
        "ten_loai": runs(document.kind.ten_loai),
        "tac_gia": runs(document.tac_gia),
        "trich_yeu": runs(document.ve, inline=True),
        "noi_dung": paragraphs(document.paragraphs),
        "noi_nhan": Xml("".join(paragraph_xml("NoiNhan", line, inline=False) for line in document.recipients), "x"),
        "quyen_han": runs(signature.quyen_han),
        "chuc_vu": runs(signature.chuc_vu),
        "ho_ten": runs(signature.ho_ten),
    }


@lru_cache(maxsize=16)
def _template_bytes(path: Path, mtime: float) -> bytes:
    return path.read_bytes()


@lru_cache(maxsize=1)
def _widths() -> dict:
    return json.loads((DATA.parent / "tnr-widths.json").read_text(encoding="utf-8"))


def text_width_mm(text: str, style: str, size_pt: float) -> float:
    """Width of one line in Times New Roman (Liberation Serif metrics), in millimetres."""
    table = _widths()[style]
    units = sum(table.get(ch, 500) for ch in text)
    return units / 1000 * size_pt / 72 * 25.4


@lru_cache(maxsize=1)
def party_title_mm() -> float:
    return text_width_mm(PARTY_TITLE, "bold", 15)


def render(document: Document) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import Environment, StrictUndefined, TemplateError

    path = document.template
    template = DocxTemplate(io.BytesIO(_template_bytes(path, path.stat().st_mtime)))
    env = Environment(autoescape=True, undefined=StrictUndefined)
    left_mm, right_mm = header_columns(document)
    try:
        template.render(context(document, date_line_text(document, right_mm)), jinja_env=env)
    except (TemplateError, KeyError, ValueError) as exc:
        raise GenError([document.source.finding((), "template.invalid", value=path.name, detail=str(exc))]) from exc
    _page_setup(template.docx, document)
    _size_header(template.docx, document, left_mm, right_mm)
    _properties(template.docx, document)
    buffer = io.BytesIO()
    template.docx.save(buffer)
    return normalise_zip(buffer.getvalue())


def _page_setup(docx, document: Document) -> None:
    from docx.shared import Mm

    profile = document.profile
    for section in docx.sections:
        section.page_width, section.page_height = (Mm(v) for v in profile.page_mm)
        top, bottom, left, right = profile.margins_mm
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.header_distance = Mm(profile.header_distance_mm)
        section.different_first_page_header_footer = True


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
    left_lines = [(line, "regular") for line in org.cap_tren.upper().split("\n")]
    left_lines += [(line, "bold") for line in org.ten.upper().split("\n")]
    left_lines += [(document.so_ky_hieu, "regular")]
    # The margin covers the gap between the columns and small differences between renderers.
    left_need = max(text_width_mm(text, style, 14) for text, style in left_lines) + HEADER_MARGIN_MM
    right_need = max(title, text_width_mm(document.date_line, "italic", 14)) + HEADER_MARGIN_MM
    available = text_width + min(layout("header_overhang_mm"), max(0, left_need + right_need - text_width))
    if left_need + right_need <= available:
        left = left_need + (available - left_need - right_need) / 2
    else:  # the date line will break after the place name; the names keep their lines
        left = min(left_need, available - title - HEADER_MARGIN_MM)
    return left, available - left


def date_line_text(document: Document, right_mm: float) -> str:
    """The date line, broken after 'địa danh,' when the column cannot hold it on one line."""
    line = document.date_line
    if text_width_mm(line, "italic", 14) + HEADER_MARGIN_MM / 2 > right_mm:
        place, _, rest = line.partition(", ")
        return f"{place},\n{rest}"
    return line


def _size_header(docx, document: Document, left_mm: float, right_mm: float) -> None:
    tables = docx.element.body.findall(f"{W}tbl")
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


def _properties(docx, document: Document) -> None:
    """Document properties derived from the document itself, so the same input gives the same bytes."""
    props = docx.core_properties
    stamp = dt.datetime.combine(document.first_day, dt.time(0, 0))
    title = " ".join(filter(None, [document.kind.ten_loai, document.tac_gia, document.ve]))
    # Core properties hold at most 255 characters (python-docx refuses more); they are only a summary.
    props.title = _one_line(markup.plain(title))
    props.subject = _one_line(markup.plain(document.ve))
    props.author = _one_line(document.org.ten)
    props.last_modified_by = "gen"
    props.keywords = _one_line(document.so_ky_hieu)
    props.comments = f"Thể thức: {document.profile.name}"
    props.category = document.kind.ten_loai
    props.created = stamp
    props.modified = stamp
    props.revision = 1


def _one_line(text: str) -> str:
    return " ".join(text.split())[:255]


def normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed member times: python-docx stamps every member with 'now'."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
