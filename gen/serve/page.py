"""The document as pages in HTML, drawn from the very .docx `gen build` writes.

Not a second implementation of the layout rules: the Word file rendered from the model is read
back (its paragraphs, runs, tables, styles, page size and margins), so whatever the model and the
template put in it — a new kind, a table, tracked changes of a redline — shows here too. Lines are
broken with the Times New Roman metrics the header uses (gen/data/tnr-widths.json), each line is
drawn as a block of its own so that the browser breaks nowhere else, and pages are cut at lines,
keeping two lines together at either side of a break and a heading with what follows, as Word does
by default. The break points are therefore close to Word's, not identical: the exact view is the
PDF from LibreOffice.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from lxml import etree

from gen.word.keep import for_libreoffice
from gen.word.layout import (
    Format,
    Geometry,
    Line,
    Para,
    Style,
    Styles,
    is_on,
    lay_out_runs,
    paragraph_runs,
    twips_mm,
)
from gen.word.ooxml import W


@dataclass
class Table:
    columns: list[float]  # mm
    indent_mm: float
    rows: list[list[list[Para]]]  # row -> cell -> paragraphs
    padding_mm: float = 0.0  # left and right of each cell

    def row_height(self, row: list[list[Para]]) -> float:
        return max((sum(p.height(0, len(p.lines)) for p in cell) for cell in row), default=0.0)


class _Cache:
    """A bounded map shared by the threads of the server: between two keystrokes almost every
    paragraph is the same, and is laid out and written as HTML once."""

    def __init__(self, size: int):
        self.size, self.lock = size, threading.Lock()
        self.items: OrderedDict = OrderedDict()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_LAYOUTS = _Cache(8192)
_HTML = _Cache(8192)


def _paragraph(element, styles: Styles, width_mm: float) -> Para:
    style = styles.of(element.find(f"{W}pPr"))
    runs = paragraph_runs(element, styles, style.run)
    key = (tuple(runs), tuple(style.__dict__.values()), round(width_mm, 3))
    known = _LAYOUTS.get(key)
    if known is not None:
        return known
    para = lay_out_runs(style, runs, width_mm)
    para.key = key
    _LAYOUTS.put(key, para)
    return para


def _table(element, styles: Styles) -> Table:
    columns = [twips_mm(col.get(f"{W}w")) for col in element.findall(f"{W}tblGrid/{W}gridCol")]
    margins = element.find(f"{W}tblPr/{W}tblCellMar")
    pad = 0.0
    if margins is not None:
        pad = sum(
            twips_mm(margins.find(f"{W}{side}").get(f"{W}w"))
            for side in ("left", "right")
            if margins.find(f"{W}{side}") is not None
        )
    indent = element.find(f"{W}tblPr/{W}tblInd")
    rows = []
    for tr in element.findall(f"{W}tr"):
        cells = []
        for i, tc in enumerate(tr.findall(f"{W}tc")):
            width = columns[i] if i < len(columns) else 50.0
            cells.append([_paragraph(p, styles, width - pad) for p in tc.findall(f"{W}p")])
        rows.append(cells)
    return Table(columns, twips_mm(indent.get(f"{W}w")) if indent is not None else 0.0, rows, pad / 2)


def _geometry(body, headers: list[bytes]) -> Geometry:
    geometry = Geometry()
    sect = body.find(f"{W}sectPr")
    if sect is not None:
        size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        if size is not None:
            geometry.width_mm, geometry.height_mm = twips_mm(size.get(f"{W}w")), twips_mm(size.get(f"{W}h"))
        if margins is not None:
            for name in ("top", "bottom", "left", "right", "header"):
                if margins.get(f"{W}{name}") is not None:
                    setattr(geometry, f"{name}_mm", abs(twips_mm(margins.get(f"{W}{name}"))))
        geometry.title_page = is_on(sect.find(f"{W}titlePg"))
    geometry.numbered = any(b"PAGE" in header for header in headers)
    return geometry


@dataclass
class Parsed:
    geometry: Geometry
    blocks: list  # Para | Table
    number_style: Style


def parse_docx(data: bytes) -> Parsed:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        document = package.read("word/document.xml")
        styles_xml = package.read("word/styles.xml") if "word/styles.xml" in names else None
        headers = [package.read(n) for n in names if re.fullmatch(r"word/header\d*\.xml", n)]
    styles = _styles(styles_xml)
    body = etree.fromstring(document).find(f"{W}body")
    if body is None:
        return Parsed(Geometry(), [], styles.default)
    geometry = _geometry(body, headers)
    blocks: list = []
    for element in body:
        if element.tag == f"{W}p":
            blocks.append(_paragraph(element, styles, geometry.text_mm))
        elif element.tag == f"{W}tbl":
            blocks.append(_table(element, styles))
    number_style = styles.paragraph.get("SoTrang", styles.default)
    return Parsed(geometry, blocks, number_style)


@lru_cache(maxsize=8)
def _styles(xml: bytes | None) -> Styles:
    return Styles(xml)


# -- pagination ---------------------------------------------------------------------------------
@dataclass
class Piece:
    block: Para | Table
    start: int  # first line (Para) or row (Table)
    end: int


def paginate(parsed: Parsed) -> list[list[Piece]]:
    usable = parsed.geometry.usable_pt
    pages: list[list[Piece]] = [[]]
    used = 0.0
    blocks = parsed.blocks

    def break_page() -> None:
        """A new page; headings kept with what follows move to it with the block that did not fit."""
        nonlocal used
        page, carried = pages[-1], list[Piece]()
        while len(page) > 1 and _heading(page[-1]):
            carried.insert(0, page.pop())
        pages.append(carried)
        used = sum((_height(p) for p in carried), 0.0)

    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Table):
            for r, row in enumerate(block.rows):
                height = block.row_height(row)
                if used + height > usable and pages[-1]:
                    break_page()
                pages[-1].append(Piece(block, r, r + 1))
                used += height
            continue
        n = len(block.lines)
        keep = block.style.keep_next and following is not None
        whole = block.height(0, n) + (_minimum(following) if keep and following is not None else 0.0)
        if used + whole <= usable or not pages[-1]:
            pages[-1].append(Piece(block, 0, n))
            used += block.height(0, n)
            continue
        # Split at a line, two lines at least on each side (Word's widow and orphan control).
        fits = 0
        while fits < n and used + block.height(0, fits + 1) <= usable:
            fits += 1
        if keep:
            fits = 0
        elif n - fits < 2:
            fits = n - 2
        if fits >= 2:
            pages[-1].append(Piece(block, 0, fits))
            pages.append([Piece(block, fits, n)])
            used = block.height(fits, n)
        else:
            break_page()
            pages[-1].append(Piece(block, 0, n))
            used += block.height(0, n)
    return [page for page in pages if page] or [[]]


def _heading(piece: Piece) -> bool:
    block = piece.block
    return isinstance(block, Para) and block.style.keep_next and piece.start == 0 and piece.end == len(block.lines)


def _height(piece: Piece) -> float:
    if isinstance(piece.block, Para):
        return piece.block.height(piece.start, piece.end)
    return sum(piece.block.row_height(row) for row in piece.block.rows[piece.start : piece.end])


def _minimum(block) -> float:
    """What of a block must stand on the page of the paragraph kept with it."""
    if isinstance(block, Table):
        return block.row_height(block.rows[0]) if block.rows else 0.0
    return block.height(0, min(2, len(block.lines)))


# -- HTML --------------------------------------------------------------------------------------
def _line_html(line: Line, style: Style, first: bool, para_height: float) -> str:
    merged: list[tuple[str, Format]] = []
    for word in line.words:
        if word.tab:
            merged.append((f"\t{word.width:.2f}", word.pieces[0][1]))
            continue
        pieces = list(word.pieces)
        if word.space:  # also at the end of a line: it hangs there, and copied text keeps its spaces
            pieces.append((" ", word.pieces[-1][1] if word.pieces else Format()))
        for text, fmt in pieces:
            if merged and (merged[-1][1] is fmt or merged[-1][1] == fmt) and not merged[-1][0].startswith("\t"):
                merged[-1] = (merged[-1][0] + text, fmt)
            else:
                merged.append((text, fmt))
    parts = [
        f'<span class="tab" style="width:{text[1:]}mm"></span>' if text.startswith("\t") else _span(text, fmt)
        for text, fmt in merged
    ]
    indent = f"margin-left:{style.first_line_pt:.2f}pt;" if first and style.first_line_pt else ""
    align = style.align
    if align == "justify":
        align = "left" if line.last else "justify"
    elif align == "distribute":  # justified to its last line: the first part of a cut paragraph (gen/word/keep.py)
        align = "justify"
    css = f"{indent}height:{para_height:.2f}pt;line-height:{para_height:.2f}pt"
    justify = " j" if align == "justify" else ""
    return f'<div class="ln a-{align}{justify}" style="{css}">{"".join(parts) or "&nbsp;"}</div>'


def _span(text: str, fmt: Format) -> str:
    classes = fmt.css()
    size = f' style="font-size:{fmt.size:g}pt"' if fmt.size != 14.0 else ""
    attr = f' class="{classes}"' if classes else ""
    return f"<span{attr}{size}>{escape(text)}</span>" if attr or size else escape(text)


def _para_html(para: Para, start: int, end: int) -> str:
    known = _HTML.get((para.key, start, end))
    if known is None:
        known = _draw_para(para, start, end)
        _HTML.put((para.key, start, end), known)
    return known


def _draw_para(para: Para, start: int, end: int) -> str:
    style = para.style
    top = style.before_pt if start == 0 else 0.0
    bottom = style.after_pt if end == len(para.lines) else 0.0
    lines = "".join(_line_html(para.lines[i], style, i == 0, para.height_line) for i in range(start, end))
    css = f"padding-top:{top:.2f}pt;margin-bottom:{bottom:.2f}pt;font-size:{style.run.size:g}pt"
    if style.left_pt or style.right_pt:
        css += f";margin-left:{style.left_pt:.2f}pt;margin-right:{style.right_pt:.2f}pt"
    if style.border_bottom and end == len(para.lines):
        width, space = style.border_bottom
        css += f";border-bottom:{width:.2f}pt solid #000;padding-bottom:{space:.2f}pt"
    return f'<div class="p" style="{css}">{lines}</div>'


def _table_html(table: Table, start: int, end: int) -> str:
    cols = "".join(f'<col style="width:{w:.2f}mm">' for w in table.columns)
    rows = []
    for row in table.rows[start:end]:
        cells = "".join(
            f'<td style="padding:0 {table.padding_mm:.2f}mm">'
            + "".join(_para_html(p, 0, len(p.lines)) for p in cell)
            + "</td>"
            for cell in row
        )
        rows.append(f"<tr>{cells}</tr>")
    width = sum(table.columns)
    return (
        f'<table class="t" style="width:{width:.2f}mm;margin-left:{table.indent_mm:.2f}mm">'
        f"<colgroup>{cols}</colgroup>{''.join(rows)}</table>"
    )


def render_pages(data: bytes) -> tuple[str, int]:
    """The HTML of the pages of a .docx and how many there are."""
    # LibreOffice's copy, so that the pages break where the exact view's (the PDF's) do.
    parsed = parse_docx(for_libreoffice(data))
    pages = paginate(parsed)
    g = parsed.geometry
    out = []
    for number, pieces in enumerate(pages, start=1):
        body = "".join(
            _para_html(p.block, p.start, p.end) if isinstance(p.block, Para) else _table_html(p.block, p.start, p.end)
            for p in pieces
        )
        page_number = ""
        if g.numbered and not (g.title_page and number == 1):
            page_number = f'<div class="pn" style="top:{g.header_mm:.2f}mm;left:{g.left_mm:.2f}mm;width:{g.text_mm:.2f}mm">{number}</div>'
        out.append(
            f'<section class="page" data-page="{number}" style="width:{g.width_mm:.2f}mm;height:{g.height_mm:.2f}mm">'
            f"{page_number}"
            f'<div class="body" style="top:{g.top_mm:.2f}mm;left:{g.left_mm:.2f}mm;width:{g.text_mm:.2f}mm">{body}</div>'
            "</section>"
        )
    return "".join(out), len(pages)
