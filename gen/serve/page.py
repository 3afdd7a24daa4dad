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
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from lxml import etree

from gen.word.ooxml import W
from gen.word.render import text_width_mm

PT_PER_MM = 72 / 25.4
FALLBACK_SIZE = 11.0
SINGLE_LINE = 1.15  # Times New Roman's line height as a multiple of its size
# Word and LibreOffice break a line a little before the metrics' sum reaches the margin (rounding of
# glyph widths to their device units): measured on the examples, a line fuller than this breaks.
FULL_LINE = 0.993


@dataclass(frozen=True)
class Format:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float = 14.0
    caps: bool = False
    mark: str = ""  # "ins" | "del": a tracked change

    def css(self) -> str:
        classes = [name for name, on in (("b", self.bold), ("i", self.italic), ("u", self.underline)) if on]
        if self.mark:
            classes.append(self.mark)
        return " ".join(classes)


@dataclass
class Style:
    """What a paragraph style and its run properties amount to (basedOn resolved)."""

    align: str = "left"
    first_line_pt: float = 0.0  # negative for a hanging indent
    left_pt: float = 0.0
    right_pt: float = 0.0
    before_pt: float = 0.0
    after_pt: float = 0.0
    line: tuple[str, float] = ("auto", 1.0)  # ("exact" | "atLeast", pt) or ("auto", multiple)
    keep_next: bool = False
    border_bottom: tuple[float, float] | None = None  # (width, space) in pt: the rule under ĐẢNG CỘNG SẢN VIỆT NAM
    tabs: tuple[float, ...] = ()  # tab stops, pt from the left margin
    run: Format = field(default_factory=Format)


@dataclass
class Word:
    pieces: list[tuple[str, Format]]
    space: str = ""  # the space after it, in the format of its last piece
    width: float = 0.0  # mm, without the space
    space_width: float = 0.0
    newline: bool = False  # a line break (w:br) after it
    tab: bool = False  # a tab: its width is where the next tab stop is, found when the line is laid out


@dataclass
class Line:
    words: list[Word]
    last: bool = False  # the paragraph's last line, or before a w:br: not justified


@dataclass
class Para:
    style: Style
    lines: list[Line]
    height_line: float  # pt
    key: tuple = ()  # what its layout was made from, for the caches

    def height(self, start: int, end: int) -> float:
        before = self.style.before_pt if start == 0 else 0.0
        after = self.style.after_pt if end == len(self.lines) else 0.0
        if end == len(self.lines) and self.style.border_bottom:
            after += sum(self.style.border_bottom)
        return before + (end - start) * self.height_line + after


@dataclass
class Table:
    columns: list[float]  # mm
    indent_mm: float
    rows: list[list[list[Para]]]  # row -> cell -> paragraphs
    padding_mm: float = 0.0  # left and right of each cell

    def row_height(self, row: list[list[Para]]) -> float:
        return max((sum(p.height(0, len(p.lines)) for p in cell) for cell in row), default=0.0)


@dataclass
class Geometry:
    width_mm: float = 210.0
    height_mm: float = 297.0
    top_mm: float = 20.0
    bottom_mm: float = 20.0
    left_mm: float = 30.0
    right_mm: float = 15.0
    header_mm: float = 10.0
    title_page: bool = False
    numbered: bool = False  # a PAGE field in the header

    @property
    def text_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm

    @property
    def usable_pt(self) -> float:
        return (self.height_mm - self.top_mm - self.bottom_mm) * PT_PER_MM


def _twips_mm(value: str | None) -> float:
    return int(value or 0) / 1440 * 25.4


def _on(element) -> bool:
    """A toggle property (<w:b/>, <w:b w:val="0"/>)."""
    return element is not None and element.get(f"{W}val") not in ("0", "false", "off")


# -- styles ------------------------------------------------------------------------------------
def _read_ppr(ppr, style: Style) -> None:
    if ppr is None:
        return
    jc = ppr.find(f"{W}jc")
    if jc is not None:
        style.align = {"both": "justify", "center": "center", "right": "right", "end": "right"}.get(
            jc.get(f"{W}val", ""), "left"
        )
    ind = ppr.find(f"{W}ind")
    if ind is not None:
        if ind.get(f"{W}firstLine") is not None:
            style.first_line_pt = int(ind.get(f"{W}firstLine")) / 20
        if ind.get(f"{W}hanging") is not None:
            style.first_line_pt = -int(ind.get(f"{W}hanging")) / 20
        for side in ("left", "start"):
            if ind.get(f"{W}{side}") is not None:
                style.left_pt = int(ind.get(f"{W}{side}")) / 20
        for side in ("right", "end"):
            if ind.get(f"{W}{side}") is not None:
                style.right_pt = int(ind.get(f"{W}{side}")) / 20
    spacing = ppr.find(f"{W}spacing")
    if spacing is not None:
        if spacing.get(f"{W}before") is not None:
            style.before_pt = int(spacing.get(f"{W}before")) / 20
        if spacing.get(f"{W}after") is not None:
            style.after_pt = int(spacing.get(f"{W}after")) / 20
        if spacing.get(f"{W}line") is not None:
            rule = spacing.get(f"{W}lineRule", "auto")
            value = int(spacing.get(f"{W}line"))
            style.line = ("auto", value / 240) if rule == "auto" else (rule, value / 20)
    if ppr.find(f"{W}keepNext") is not None:
        style.keep_next = _on(ppr.find(f"{W}keepNext"))
    stops = ppr.findall(f"{W}tabs/{W}tab")
    if stops:
        kept = [int(t.get(f"{W}pos") or 0) / 20 for t in stops if t.get(f"{W}val") != "clear"]
        style.tabs = tuple(sorted(set(style.tabs) | set(kept)))
    bottom = ppr.find(f"{W}pBdr/{W}bottom")
    if bottom is not None:
        width = int(bottom.get(f"{W}sz") or 4) / 8
        space = int(bottom.get(f"{W}space") or 0)
        style.border_bottom = None if bottom.get(f"{W}val") in ("nil", "none") else (width, space)


def _read_rpr(rpr, fmt: Format) -> Format:
    if rpr is None:
        return fmt
    changes: dict = {}
    for tag, name in (("b", "bold"), ("i", "italic"), ("caps", "caps")):
        element = rpr.find(f"{W}{tag}")
        if element is not None:
            changes[name] = _on(element)
    underline = rpr.find(f"{W}u")
    if underline is not None:
        changes["underline"] = underline.get(f"{W}val", "single") != "none"
    size = rpr.find(f"{W}sz")
    if size is not None and (size.get(f"{W}val") or "").isdigit():
        changes["size"] = int(size.get(f"{W}val")) / 2
    return Format(**{**fmt.__dict__, **changes}) if changes else fmt


class Styles:
    def __init__(self, xml: bytes | None):
        self.paragraph: dict[str, Style] = {}
        self.character: dict[str, etree._Element] = {}
        self.default = Style(run=Format(size=FALLBACK_SIZE))
        if xml is None:
            return
        root = etree.fromstring(xml)
        defaults = root.find(f"{W}docDefaults")
        if defaults is not None:
            _read_ppr(defaults.find(f"{W}pPrDefault/{W}pPr"), self.default)
            self.default.run = _read_rpr(defaults.find(f"{W}rPrDefault/{W}rPr"), self.default.run)
        raw = {}
        default_id = None
        for element in root.findall(f"{W}style"):
            style_id = element.get(f"{W}styleId") or ""
            if element.get(f"{W}type") == "character":
                run_properties = element.find(f"{W}rPr")
                if run_properties is not None:
                    self.character[style_id] = run_properties
            elif element.get(f"{W}type") == "paragraph":
                raw[style_id] = element
                if element.get(f"{W}default") in ("1", "true"):
                    default_id = style_id

        def resolve(style_id: str, depth: int = 0) -> Style:
            if style_id in self.paragraph:
                return self.paragraph[style_id]
            element = raw.get(style_id)
            if element is None or depth > 20:
                return self.default
            based = element.find(f"{W}basedOn")
            parent = resolve(based.get(f"{W}val") or "", depth + 1) if based is not None else self.default
            style = Style(**{**parent.__dict__})
            _read_ppr(element.find(f"{W}pPr"), style)
            style.run = _read_rpr(element.find(f"{W}rPr"), parent.run)
            self.paragraph[style_id] = style
            return style

        for style_id in raw:
            resolve(style_id)
        if default_id:
            self.default = self.paragraph[default_id]

    def of(self, ppr) -> Style:
        style_id = (
            ppr.find(f"{W}pStyle").get(f"{W}val") if ppr is not None and ppr.find(f"{W}pStyle") is not None else None
        )
        base = self.paragraph.get(style_id, self.default) if style_id else self.default
        if ppr is None or len([c for c in ppr if c.tag != f"{W}pStyle"]) == 0:
            return base
        style = Style(**{**base.__dict__})
        _read_ppr(ppr, style)
        return style


# -- reading the body ----------------------------------------------------------------------------
_TOKENS = re.compile(r"\S+|\s+")


def _runs(paragraph, styles: Styles, base: Format) -> list[tuple[str, Format]]:
    """(text, format) of a paragraph in order; '\n' for a line break, tracked changes marked."""
    out: list[tuple[str, Format]] = []
    for run in paragraph.iter(f"{W}r"):
        mark = ""
        for ancestor in run.iterancestors():
            if ancestor.tag in (f"{W}ins", f"{W}del"):
                mark = "ins" if ancestor.tag == f"{W}ins" else "del"
                break
            if ancestor is paragraph:
                break
        rpr = run.find(f"{W}rPr")
        fmt = base
        if rpr is not None:
            style = rpr.find(f"{W}rStyle")
            if style is not None:
                fmt = _read_rpr(styles.character.get(style.get(f"{W}val")), fmt)
            fmt = _read_rpr(rpr, fmt)
        if mark:
            fmt = Format(**{**fmt.__dict__, "mark": mark})
        for child in run:
            tag = etree.QName(child).localname
            if tag in ("t", "delText"):
                text = child.text or ""
                out.append((text.upper() if fmt.caps else text, fmt))
            elif tag == "tab":
                out.append(("\t", fmt))
            elif tag in ("br", "cr"):
                out.append(("\n", fmt))
    return out


@lru_cache(maxsize=65536)
def _width(text: str, metric: str, size: float) -> float:
    """Words repeat through a document and between keystrokes: measured once."""
    return text_width_mm(text, metric, size)


def _metric(fmt: Format) -> str:
    return "bold" if fmt.bold else "italic" if fmt.italic else "regular"


def _words(runs: list[tuple[str, Format]]) -> list[Word]:
    words: list[Word] = []
    current: Word | None = None
    for text, fmt in runs:
        if text == "\t":
            current = Word([(text, fmt)], tab=True)
            words.append(current)
            current = None
            continue
        if text == "\n":
            if current is None:
                current = Word([])
                words.append(current)
            current.newline = True
            current = None
            continue
        for token in _TOKENS.findall(text):
            if token.isspace():
                if current is None:  # leading space: kept as a word of its own
                    current = Word([])
                    words.append(current)
                current.space += token
                current.space_width += _width(token, _metric(fmt), fmt.size)
                current = None
            else:
                if current is None:
                    current = Word([])
                    words.append(current)
                current.pieces.append((token, fmt))
                current.width += _width(token, _metric(fmt), fmt.size)
    return words


DEFAULT_TAB_MM = 12.7  # Word's default tab stops, every half inch


def _lines(words: list[Word], first_mm: float, rest_mm: float, starts: tuple[float, float] = (0.0, 0.0),
           stops: tuple[float, ...] = ()) -> list[Line]:  # fmt: skip
    """Greedy line breaking. `starts` are where the first and the other lines begin (mm from the
    margin), `stops` the tab stops (mm from the margin): a tab reaches the next one."""
    lines: list[Line] = [Line([])]
    x = 0.0
    for word in words:
        available = first_mm if len(lines) == 1 else rest_mm
        if word.tab:
            start = starts[0] if len(lines) == 1 else starts[1]
            here = start + x
            candidates = [stop for stop in stops if stop > here + 0.01]
            if len(lines) == 1 and starts[1] > here + 0.01:  # a hanging indent is a tab stop too
                candidates.append(starts[1])
            target = min(candidates) if candidates else (int(here / DEFAULT_TAB_MM) + 1) * DEFAULT_TAB_MM
            word.width = target - here
        if lines[-1].words and x + word.width > available * FULL_LINE:
            lines.append(Line([]))
            x = 0.0
        lines[-1].words.append(word)
        x += word.width + word.space_width
        if word.newline:
            lines[-1].last = True
            lines.append(Line([]))
            x = 0.0
    if len(lines) > 1 and not lines[-1].words:
        lines.pop()
    lines[-1].last = True
    return lines


def _line_height(style: Style, size: float) -> float:
    rule, value = style.line
    natural = size * SINGLE_LINE
    if rule == "exact":
        return value
    if rule == "atLeast":
        return max(value, natural)
    return natural * value


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
    runs = _runs(element, styles, style.run)
    key = (tuple(runs), tuple(style.__dict__.values()), round(width_mm, 3))
    known = _LAYOUTS.get(key)
    if known is not None:
        return known
    size = max((fmt.size for _, fmt in runs), default=style.run.size)
    left_mm = style.left_pt / PT_PER_MM
    right_mm = style.right_pt / PT_PER_MM
    first_mm = style.first_line_pt / PT_PER_MM
    stops = tuple(t / PT_PER_MM for t in style.tabs)
    lines = _lines(_words(runs), width_mm - left_mm - right_mm - first_mm, width_mm - left_mm - right_mm,
                   (left_mm + first_mm, left_mm), stops)  # fmt: skip
    para = Para(style, lines, _line_height(style, size), key)
    _LAYOUTS.put(key, para)
    return para


def _table(element, styles: Styles) -> Table:
    columns = [_twips_mm(col.get(f"{W}w")) for col in element.findall(f"{W}tblGrid/{W}gridCol")]
    margins = element.find(f"{W}tblPr/{W}tblCellMar")
    pad = 0.0
    if margins is not None:
        pad = sum(
            _twips_mm(margins.find(f"{W}{side}").get(f"{W}w"))
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
    return Table(columns, _twips_mm(indent.get(f"{W}w")) if indent is not None else 0.0, rows, pad / 2)


def _geometry(body, headers: list[bytes]) -> Geometry:
    geometry = Geometry()
    sect = body.find(f"{W}sectPr")
    if sect is not None:
        size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        if size is not None:
            geometry.width_mm, geometry.height_mm = _twips_mm(size.get(f"{W}w")), _twips_mm(size.get(f"{W}h"))
        if margins is not None:
            for name in ("top", "bottom", "left", "right", "header"):
                if margins.get(f"{W}{name}") is not None:
                    setattr(geometry, f"{name}_mm", abs(_twips_mm(margins.get(f"{W}{name}"))))
        geometry.title_page = _on(sect.find(f"{W}titlePg"))
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
    parsed = parse_docx(data)
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
