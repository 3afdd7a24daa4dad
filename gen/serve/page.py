"""The document as pages in HTML, drawn from the very .docx `gen build` writes.

Not a second implementation of the layout rules: the Word file rendered from the model is read
back (its paragraphs, runs, tables, styles, footnotes, sections with their page sizes, margins and
page numbers), so whatever the model and the template put in it — a new kind, a table, a landscape
phụ lục, tracked changes of a redline — shows here too. Lines are broken with the Times New Roman
metrics the header uses (gen/data/tnr-widths.json), each line is drawn as a block of its own so that
the browser breaks nowhere else, and pages are cut at lines as LibreOffice cuts them: two lines
kept together at either side of a break, a heading with what follows, each footnote at the foot of
the page of its mark (its room taken from the text; a long one begun there and carried on at the
next page's foot), each section on new pages of its own. The exact view is still the PDF from
LibreOffice; tests/test_page.py checks that every example's pages begin where that PDF's do.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html import escape
from typing import Any

from lxml import etree

from gen.content.formatting import roman
from gen.word.keep import cut_last_paragraph
from gen.word.layout import (
    RAISE,
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
class Cell:
    paras: list[Para]
    column: int  # its first column of the grid
    span: int = 1  # columns it spans (w:gridSpan)
    merge: str = ""  # "restart" | "continue": a cell merged with those under it (w:vMerge)
    valign: str = "top"
    borders: dict[str, float] = field(default_factory=dict)  # its own borders (w:tcBorders), pt; 0 for none

    @property
    def content(self) -> float:
        return sum(p.height(0, len(p.lines)) for p in self.paras)


@dataclass
class Table:
    columns: list[float]  # mm
    indent_mm: float
    rows: list[list[Cell]]
    padding_mm: float = 0.0  # left and right of each cell
    borders: dict[str, float] = field(default_factory=dict)  # top, left, … insideH, insideV: pt, 0 for none
    header_rows: int = 0  # rows repeated at the top of each page it runs onto (w:tblHeader)
    align: str = "left"
    heights: list[float] = field(init=False)  # pt, of each row: made from the rows
    key: tuple = ()  # what it was made from, for the caches

    def __post_init__(self) -> None:
        self.heights = self._row_heights()

    def height(self, start: int, end: int) -> float:
        return sum(self.heights[start:end])

    def _row_heights(self) -> list[float]:
        """Each row as tall as its tallest cell and its border below (LibreOffice adds the border's
        width); a cell merged down a column makes the last of its rows taller where it needs."""
        rule = self.borders.get("insideH", 0.0)
        heights = []
        for r, row in enumerate(self.rows):
            alone = [cell.content for cell in row if cell.merge == "" or self._merged_rows(r, cell) == 1]
            below = self.borders.get("bottom", 0.0) if r == len(self.rows) - 1 else rule
            above = self.borders.get("top", 0.0) if r == 0 else 0.0
            heights.append(max(alone, default=0.0) + below + above)
        for r, row in enumerate(self.rows):
            for cell in row:
                count = self._merged_rows(r, cell) if cell.merge == "restart" else 1
                if count > 1:
                    lacking = cell.content - sum(heights[r : r + count])
                    if lacking > 0:
                        heights[r + count - 1] += lacking
        return heights

    def _merged_rows(self, r: int, cell: Cell) -> int:
        """How many rows a cell that starts a vertical merge covers (itself included)."""
        count = 1
        while r + count < len(self.rows) and self.continues(r + count, cell.column):
            count += 1
        return count

    def continues(self, r: int, column: int) -> bool:
        """Whether row `r` goes on the vertical merge of the cell above it in `column`."""
        return any(cell.column == column and cell.merge == "continue" for cell in self.rows[r])


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
_TABLES = _Cache(256)  # a table of 30 rows is 300 paragraphs: read once while it does not change


def _paragraph(
    element, styles: Styles, width_mm: float, notes: dict[str, str] | None = None, own_note: str = ""
) -> Para:
    style = styles.of(element.find(f"{W}pPr"))
    runs = paragraph_runs(element, styles, style.run, notes, own_note)
    key = (tuple(runs), tuple(style.__dict__.values()), round(width_mm, 3))
    known = _LAYOUTS.get(key)
    if known is not None:
        return known
    para = lay_out_runs(style, runs, width_mm)
    para.key = key
    _LAYOUTS.put(key, para)
    return para


def _number_in(value: str | None, default: int) -> int:
    """A whole number of the file, or `default` where it is missing or not one (a file edited by hand)."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _borders(element) -> dict[str, float]:
    """w:tblBorders or w:tcBorders: side -> width in pt (0 where there is none)."""
    out: dict[str, float] = {}
    if element is None:
        return out
    for side in _SIDES:
        found = element.find(f"{W}{side}")
        if found is None and side in ("left", "right"):  # the bidi-neutral names
            found = element.find(f"{W}{'start' if side == 'left' else 'end'}")
        if found is not None:
            none = found.get(f"{W}val") in ("nil", "none")
            out[side] = 0.0 if none else _number_in(found.get(f"{W}sz"), 4) / 8
    return out


def _table(element, styles: Styles, notes: dict[str, str]) -> Table:
    refs = tuple(notes.get(ref.get(f"{W}id", ""), "") for ref in element.iter(f"{W}footnoteReference"))
    key = (etree.tostring(element), styles, refs)  # the styles themselves: their id could be reused
    known = _TABLES.get(key)
    if known is None:
        known = _read_table(element, styles, notes)
        known.key = key
        _TABLES.put(key, known)
    return known


def _read_table(element, styles: Styles, notes: dict[str, str]) -> Table:
    columns = [twips_mm(col.get(f"{W}w")) for col in element.findall(f"{W}tblGrid/{W}gridCol")]
    properties = element.find(f"{W}tblPr")
    margins = element.find(f"{W}tblPr/{W}tblCellMar")
    pad = 2 * twips_mm("108")  # Word's default cell margins, 0.19 cm either side
    if margins is not None:
        pad = sum(
            twips_mm(margins.find(f"{W}{side}").get(f"{W}w"))
            if margins.find(f"{W}{side}") is not None
            else twips_mm("108")
            for side in ("left", "right")
        )
    indent = element.find(f"{W}tblPr/{W}tblInd")
    rows: list[list[Cell]] = []
    header_rows = 0
    for tr in element.findall(f"{W}tr"):
        if is_on(tr.find(f"{W}trPr/{W}tblHeader")) and header_rows == len(rows):
            header_rows += 1
        cells, column = [], 0
        for tc in tr.findall(f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            span_element = tcpr.find(f"{W}gridSpan") if tcpr is not None else None
            span = max(1, _number_in(span_element.get(f"{W}val"), 1)) if span_element is not None else 1
            width = sum(columns[column : column + span]) if column < len(columns) else 50.0
            merge_element = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            merge = "" if merge_element is None else merge_element.get(f"{W}val", "continue")
            valign = tcpr.find(f"{W}vAlign") if tcpr is not None else None
            cells.append(
                Cell(
                    [_paragraph(p, styles, width - pad, notes) for p in tc.findall(f"{W}p")],
                    column,
                    span,
                    merge if merge in ("restart", "continue") else "",
                    {"center": "middle", "bottom": "bottom"}.get(
                        valign.get(f"{W}val", "") if valign is not None else "", "top"
                    ),
                    _borders(tcpr.find(f"{W}tcBorders") if tcpr is not None else None),
                )
            )
            column += span
        rows.append(cells)
    jc = properties.find(f"{W}jc") if properties is not None else None
    return Table(
        columns,
        twips_mm(indent.get(f"{W}w")) if indent is not None else 0.0,
        rows,
        pad / 2,
        _borders(properties.find(f"{W}tblBorders") if properties is not None else None),
        header_rows if header_rows < len(rows) else 0,
        {"center": "center", "right": "right", "end": "right"}.get(
            jc.get(f"{W}val", "") if jc is not None else "", "left"
        ),
    )


@dataclass
class Section:
    """A part of the document with its own page size, margins and page numbers (a w:sectPr)."""

    geometry: Geometry
    blocks: list  # Para | Table
    notes: dict[str, list[Para]]  # the footnotes referenced in it, laid out across its text width
    kind: str = "nextPage"  # how it begins: nextPage, continuous, oddPage or evenPage
    restart: int | None = None  # the page number of its first page, when it restarts the numbering
    number_format: str = "decimal"
    numbered_first: bool = False  # a PAGE field in the header of its first page (w:titlePg)

    def note_lines(self, note: str) -> list[tuple[Para, int]]:
        """A footnote's lines, (paragraph, line) in order: a long footnote may be cut between two."""
        return [(para, line) for para in self.notes.get(note, ()) for line in range(len(para.lines))]

    def note_height(self, note: str, start: int = 0, end: int | None = None) -> float:
        return sum(para.height(line, line + 1) for para, line in self.note_lines(note)[start:end])


@dataclass
class Parsed:
    sections: list[Section]
    number_style: Style


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PAGE_FIELD = re.compile(rb"\bPAGE\b")


def _geometry(sect) -> Geometry:
    geometry = Geometry()
    if sect is None:
        return geometry
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    if size is not None:
        geometry.width_mm, geometry.height_mm = twips_mm(size.get(f"{W}w")), twips_mm(size.get(f"{W}h"))
    if margins is not None:
        for name in ("top", "bottom", "left", "right", "header"):
            if margins.get(f"{W}{name}") is not None:
                setattr(geometry, f"{name}_mm", abs(twips_mm(margins.get(f"{W}{name}"))))
    geometry.title_page = is_on(sect.find(f"{W}titlePg"))
    return geometry


def _parts(element_list, final) -> list[tuple[list, Any]]:
    """The body's elements cut into sections: a paragraph holding a w:sectPr ends one."""
    parts: list[tuple[list, Any]] = []
    current: list = []
    for element in element_list:
        if element.tag not in (f"{W}p", f"{W}tbl"):
            continue
        current.append(element)
        sect = element.find(f"{W}pPr/{W}sectPr") if element.tag == f"{W}p" else None
        if sect is not None:
            parts.append((current, sect))
            current = []
    if current or not parts:
        parts.append((current, final))
    return parts


def parse_docx(data: bytes) -> Parsed:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())

        def part(name: str) -> bytes | None:
            return package.read(name) if name in names else None

        document = package.read("word/document.xml")
        styles_xml = part("word/styles.xml")
        footnotes_xml = part("word/footnotes.xml")
        collapse = _word_2013(part("word/settings.xml"))
        numbered = {  # relationship id -> whether that header shows the page number
            rid: bool(_PAGE_FIELD.search(part(target) or b""))
            for rid, target in _relationships(part("word/_rels/document.xml.rels"), "header").items()
        }
    styles = _styles(styles_xml)
    number_style = styles.paragraph.get("SoTrang", styles.default)
    body = etree.fromstring(document).find(f"{W}body")
    if body is None:
        return Parsed([Section(Geometry(), [], {})], number_style)
    # cut as in LibreOffice's copy, so that the pages break where the exact view's (the PDF's) do
    cut_last_paragraph(body, styles)
    marks = _note_marks(body)
    texts = _footnotes(footnotes_xml)
    sections = []
    headers: dict[str, bool] = {}  # a section without a header of a kind has the previous section's
    for elements, sect in _parts(body, body.find(f"{W}sectPr")):
        geometry = _geometry(sect)
        for ref in sect.findall(f"{W}headerReference") if sect is not None else ():
            headers[ref.get(f"{W}type", "default")] = numbered.get(ref.get(f"{_R}id", ""), False)
        geometry.numbered = headers.get("default", False)
        width = geometry.text_mm
        blocks = [
            _paragraph(e, styles, width, marks) if e.tag == f"{W}p" else _table(e, styles, marks) for e in elements
        ]
        if collapse:
            _collapse_spacing(blocks)
        notes = {
            note: [_paragraph(p, styles, width, marks, note) for p in texts[note].findall(f"{W}p")]
            for e in elements
            for ref in e.iter(f"{W}footnoteReference")
            if (note := ref.get(f"{W}id", "")) in marks and note in texts
        }
        section = Section(geometry, blocks, notes)
        if sect is not None:
            kind = sect.find(f"{W}type")
            section.kind = kind.get(f"{W}val", "nextPage") if kind is not None else "nextPage"
            numbering = sect.find(f"{W}pgNumType")
            if numbering is not None:
                start = numbering.get(f"{W}start")
                section.restart = _number_in(start, 0) if start else None
                section.number_format = numbering.get(f"{W}fmt", "decimal")
        section.numbered_first = headers.get("first", False) if geometry.title_page else geometry.numbered
        sections.append(section)
    return Parsed(sections, number_style)


def _word_2013(settings: bytes | None) -> bool:
    """Whether the document is in the compatibility mode of Word 2013 and later (w:compatibilityMode 15)."""
    found = re.search(rb'w:name="compatibilityMode"[^>]*w:val="(\d+)"', settings or b"")
    return found is not None and int(found.group(1)) >= 15


def _collapse_spacing(blocks: list) -> None:
    """Between two paragraphs, the larger of the space after the first and the space before the second,
    not their sum: what LibreOffice does with a document in Word 2013's mode (measured on 7.4)."""
    for i in range(1, len(blocks)):
        above, para = blocks[i - 1], blocks[i]
        if isinstance(above, Para) and isinstance(para, Para) and above.style.after_pt and para.style.before_pt:
            before = max(0.0, para.style.before_pt - above.style.after_pt)
            blocks[i] = replace(para, style=replace(para.style, before_pt=before), key=(*para.key, before))


def _relationships(xml: bytes | None, kind: str) -> dict[str, str]:
    """Relationship id -> part name, for the document's parts of one kind ("header"): only these
    are read and inflated (the others are styles, fonts, images: read on every key pressed, for
    nothing)."""
    if xml is None:
        return {}
    out = {}
    for rel in etree.fromstring(xml):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not rel.get("Type", "").endswith("/" + kind):
            continue
        out[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else f"word/{target}"
    return out


def _note_marks(body) -> dict[str, str]:
    """Footnote id -> its number: footnotes are numbered in the order their references come."""
    marks: dict[str, str] = {}
    for ref in body.iter(f"{W}footnoteReference"):
        if ref.get(f"{W}customMarkFollows") in (None, "0", "false", "off"):
            marks.setdefault(ref.get(f"{W}id", ""), str(len(marks) + 1))
    return marks


def _footnotes(xml: bytes | None) -> dict:
    """Footnote id -> its w:footnote, the separators left out (drawn as LibreOffice draws them)."""
    if xml is None:
        return {}
    return {
        note.get(f"{W}id", ""): note
        for note in etree.fromstring(xml).findall(f"{W}footnote")
        if note.get(f"{W}type") in (None, "normal")
    }


@lru_cache(maxsize=8)
def _styles(xml: bytes | None) -> Styles:
    return Styles(xml)


# -- pagination ---------------------------------------------------------------------------------
# The footnote area of LibreOffice's pages (its defaults, which it keeps for a .docx): the footnotes
# at the foot of the text area, under a rule a quarter of the text width long, 0.5 pt thick, with
# 57 twips (1 mm) above it and below it.
NOTE_SPACE_PT = 57 / 20
NOTE_RULE_PT = 10 / 20
NOTE_AREA_PT = 2 * NOTE_SPACE_PT + NOTE_RULE_PT


@dataclass
class Piece:
    block: Para | Table
    start: int  # first line (Para) or row (Table)
    end: int
    notes: tuple[str, ...] = ()  # the footnotes whose marks are in these lines or rows


@dataclass
@dataclass
class NotePart:
    """The lines [start, end) of a footnote at the foot of a page: all of it, or the part of a long one
    that fits, the rest going on at the foot of the next page."""

    section: Section  # where its mark is: its lines are laid out across that section's text width
    note: str
    start: int
    end: int

    @property
    def height(self) -> float:
        return self.section.note_height(self.note, self.start, self.end)


@dataclass
class Page:
    section: Section
    pieces: list[Piece]
    number: int = 0
    first: bool = False  # the first page of its section
    parts: list[NotePart] = field(default_factory=list)  # its footnotes, in order

    @property
    def notes(self) -> list[str]:
        return [part.note for part in self.parts]

    @property
    def numbered(self) -> bool:
        return (
            self.section.numbered_first
            if self.first and self.section.geometry.title_page
            else self.section.geometry.numbered
        )


def _para_notes(para: Para, start: int, end: int) -> tuple[str, ...]:
    return tuple(note for line, note in para.notes if start <= line < end)


def _row_notes(row: list[Cell]) -> tuple[str, ...]:
    return tuple(note for cell in row for para in cell.paras for _, note in para.notes)


class _Pager:
    """Fills pages section by section; each page's room is what its footnotes leave of the text area."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.used = 0.0
        self.rest: list[NotePart] = []  # the part of a long footnote that goes on at the next page's foot

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def begin(self, section: Section) -> None:
        if self.pages and section.kind == "continuous":
            return
        self._new_page(Page(section, [], first=True))

    def _notes_height(self, extra: float = 0.0, more: bool = False) -> float:
        """The room the page's footnotes take, with `extra` of new ones (`more`: there are new ones)."""
        parts = self.page.parts
        if not parts and not more:
            return 0.0
        return NOTE_AREA_PT + sum(part.height for part in parts) + extra

    def _full(self, notes: tuple[str, ...]) -> float:
        return sum(self.page.section.note_height(note) for note in notes)

    def fits(self, height: float, notes: tuple[str, ...] = ()) -> bool:
        usable = self.page.section.geometry.usable_pt
        return self.used + height + self._notes_height(self._full(notes), bool(notes)) <= usable

    def fits_cut(self, height: float, notes: tuple[str, ...]) -> int:
        """How many lines of the last of `notes` fit with `height` of text and the others whole (0: none):
        a long footnote begins under its mark and goes on at the foot of the next page, as in LibreOffice."""
        if not notes:
            return 0
        usable, section = self.page.section.geometry.usable_pt, self.page.section
        lines = section.note_lines(notes[-1])
        fitting = 0
        while fitting < len(lines) - 1:
            extra = self._full(notes[:-1]) + section.note_height(notes[-1], 0, fitting + 1)
            if self.used + height + self._notes_height(extra, True) > usable:
                break
            fitting += 1
        return fitting

    def add(self, piece: Piece, height: float, cut: int = 0) -> None:
        """`piece` on the page with its footnotes; with `cut`, only that many lines of the last one."""
        self.page.pieces.append(piece)
        self.used += height
        section = self.page.section
        for i, note in enumerate(piece.notes):
            end = len(section.note_lines(note))
            if cut and i == len(piece.notes) - 1:
                self.rest.append(NotePart(section, note, cut, end))
                end = cut
            self.page.parts.append(NotePart(section, note, 0, end))

    def break_page(self, carry_headings: bool = True) -> None:
        """A new page; headings kept with what follows move to it with the block that did not fit."""
        page, carried = self.page, list[Piece]()
        while carry_headings and len(page.pieces) > 1 and _heading(page.pieces[-1]):
            carried.insert(0, page.pieces.pop())
        moved = {note for piece in carried for note in piece.notes}
        self._new_page(Page(page.section, carried, parts=[p for p in page.parts if p.note in moved]))
        page.parts = [p for p in page.parts if p.note not in moved]
        self.used = sum((_height(p) for p in carried), 0.0)

    def _new_page(self, page: Page) -> None:
        page.parts[:0], self.rest = self.rest, []
        self.pages.append(page)
        self.used = 0.0


def paginate(parsed: Parsed) -> list[Page]:
    pager = _Pager()
    for section in parsed.sections:
        pager.begin(section)
        _paginate_blocks(pager, section.blocks)
    if pager.rest:  # the end of a long footnote, on a page of its own
        pager.break_page(carry_headings=False)
    pages = [page for page in pager.pages if page.pieces or page.parts] or [Page(parsed.sections[0], [], first=True)]
    return _number(pages)


def _paginate_blocks(pager: _Pager, blocks: list) -> None:
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Table):
            for r, row in enumerate(block.rows):
                height, notes = block.heights[r], _row_notes(row)
                if not pager.fits(height, notes) and pager.page.pieces:
                    pager.break_page()
                    if 0 < block.header_rows <= r:  # the heading rows again on the new page
                        pager.add(Piece(block, 0, block.header_rows), block.height(0, block.header_rows))
                pager.add(Piece(block, r, r + 1, notes), height)
            continue
        n = len(block.lines)
        keep = block.style.keep_next and following is not None
        # The space after the last paragraph of a page may fall below the text area (LibreOffice, Word).
        whole = block.height(0, n) - block.style.after_pt
        if keep and following is not None:
            whole += block.style.after_pt + _minimum(following)
        notes = _para_notes(block, 0, n)
        if pager.fits(whole, notes) or not pager.page.pieces:
            cut = 0 if pager.fits(whole, notes) else pager.fits_cut(whole, notes)
            pager.add(Piece(block, 0, n, notes), block.height(0, n), cut)
            continue
        # Split at a line, two lines at least on each side (Word's widow and orphan control).
        fits = 0
        while fits < n and pager.fits(block.height(0, fits + 1), _para_notes(block, 0, fits + 1)):
            fits += 1
        cut = 0 if keep else _cut_here(pager, block, fits)
        if cut:
            fits += 1
            if fits == n:
                pager.add(Piece(block, 0, n, notes), block.height(0, n), cut)
                continue
        elif keep:
            fits = 0
        elif n - fits < 2:
            fits = n - 2
        if fits >= 2:
            pager.add(Piece(block, 0, fits, _para_notes(block, 0, fits)), block.height(0, fits), cut)
            pager.break_page(carry_headings=False)
            pager.add(Piece(block, fits, n, _para_notes(block, fits, n)), block.height(fits, n))
        else:
            pager.break_page()
            pager.add(Piece(block, 0, n, notes), block.height(0, n))


def _cut_here(pager: _Pager, block: Para, fits: int) -> int:
    """Lines of a footnote to keep on this page when the line after the `fits` that fit brings that
    footnote's mark and the footnote does not fit whole: the line stays, with the footnote's beginning
    (the rest goes on at the next page's foot), where widow and orphan control let it; 0 otherwise."""
    n, line = len(block.lines), fits + 1
    if line > n or _para_notes(block, fits, line) == () or (line < n and (line < 2 or n - line < 2)):
        return 0
    height = block.height(0, line) - (block.style.after_pt if line == n else 0.0)
    return pager.fits_cut(height, _para_notes(block, 0, line))


def _number(pages: list[Page]) -> list[Page]:
    """Page numbers as Word counts them: on from the page before, or from a section's w:start; a
    section that begins on an odd (even) page after one that ended on an odd (even) page leaves a blank
    page between them, as LibreOffice prints it."""
    number, out = 0, list[Page]()
    for page in pages:
        restart = page.section.restart
        following = restart if page.first and restart is not None else number + 1
        wanted = {"oddPage": 1, "evenPage": 0}.get(page.section.kind if page.first else "")
        if out and wanted is not None and following % 2 != wanted:
            out.append(Page(out[-1].section, [], number + 1))
            following = restart if restart is not None else following + 1
        number = following
        page.number = number
        out.append(page)
    return out


def _heading(piece: Piece) -> bool:
    block = piece.block
    return isinstance(block, Para) and block.style.keep_next and piece.start == 0 and piece.end == len(block.lines)


def _height(piece: Piece) -> float:
    if isinstance(piece.block, Para):
        return piece.block.height(piece.start, piece.end)
    return piece.block.height(piece.start, piece.end)


def _minimum(block) -> float:
    """What of a block must stand on the page of the paragraph kept with it."""
    if isinstance(block, Table):
        return block.height(0, 1)
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
    if fmt.vert:  # raised (or lowered) by a share of the size of the text it stands in
        size = f' style="font-size:{fmt.drawn_size:.2f}pt;top:{-RAISE[fmt.vert] * fmt.size:.2f}pt"'
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


def _table_html(table: Table, shown: list[int]) -> str:
    """The rows `shown` of a table (on a page it runs onto, its heading rows, then the rows that follow)."""
    known = _HTML.get((table.key, tuple(shown)))
    if known is None:
        known = _draw_table(table, shown)
        _HTML.put((table.key, tuple(shown)), known)
    return known


def _draw_table(table: Table, shown: list[int]) -> str:
    cols = "".join(f'<col style="width:{w:.2f}mm">' for w in table.columns)
    rows = []
    for at, r in enumerate(shown):
        cells = []
        for cell in table.rows[r]:
            joined = at > 0 and shown[at - 1] == r - 1  # the row above is drawn right above it
            if cell.merge == "continue" and joined:
                continue  # covered by the merged cell above
            down = 1
            while at + down < len(shown) and shown[at + down] == r + down and table.continues(r + down, cell.column):
                down += 1
            if cell.merge == "":
                down = 1
            paras = "" if cell.merge == "continue" else "".join(_para_html(p, 0, len(p.lines)) for p in cell.paras)
            span = (f' colspan="{cell.span}"' if cell.span > 1 else "") + (f' rowspan="{down}"' if down > 1 else "")
            css = f"padding:0 {table.padding_mm:.2f}mm;vertical-align:{cell.valign}{_cell_borders(table, r, cell)}"
            cells.append(f'<td{span} style="{css}">{paras}</td>')
        rows.append(f'<tr style="height:{table.heights[r]:.2f}pt">{"".join(cells)}</tr>')
    width = sum(table.columns)
    margin = f"margin-left:{table.indent_mm:.2f}mm"
    if table.align == "center":
        margin = "margin-left:auto;margin-right:auto"
    elif table.align == "right":
        margin = "margin-left:auto"
    return f'<table class="t" style="width:{width:.2f}mm;{margin}"><colgroup>{cols}</colgroup>{"".join(rows)}</table>'


def _cell_borders(table: Table, r: int, cell: Cell) -> str:
    """The cell's borders: its own where it has them, else the table's (outer ones at its edges)."""
    last_column = cell.column + cell.span >= len(table.columns)
    sides = {
        "top": "top" if r == 0 else "insideH",
        "bottom": "bottom" if r == len(table.rows) - 1 else "insideH",
        "left": "left" if cell.column == 0 else "insideV",
        "right": "right" if last_column else "insideV",
    }
    css = ""
    for side, source in sides.items():
        width = cell.borders.get(side, table.borders.get(source, 0.0))
        if width:
            css += f";border-{side}:{width:.2f}pt solid #000"
    return css


def _body_html(page: Page) -> str:
    """A page's pieces; the rows of a table on the page are one table."""
    out, pieces = [], page.pieces
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if isinstance(piece.block, Para):
            out.append(_para_html(piece.block, piece.start, piece.end))
            i += 1
            continue
        shown: list[int] = []
        while i < len(pieces) and pieces[i].block is piece.block:
            shown.extend(range(pieces[i].start, pieces[i].end))
            i += 1
        out.append(_table_html(piece.block, shown))
    return "".join(out)


def _notes_html(page: Page) -> str:
    """The footnotes of a page at the foot of its text area, under a short rule."""
    if not page.parts:
        return ""
    g = page.section.geometry
    paras = "".join(_note_html(part) for part in page.parts)
    rule = f"margin:{NOTE_SPACE_PT:.2f}pt 0;border-top:{NOTE_RULE_PT:.2f}pt solid #000"
    return (
        f'<div class="footnotes" style="bottom:{g.bottom_mm:.2f}mm;left:{g.left_mm:.2f}mm;width:{g.text_mm:.2f}mm">'
        f'<div class="rule" style="{rule}"></div>{paras}</div>'
    )


def _note_html(part: NotePart) -> str:
    lines = part.section.note_lines(part.note)[part.start : part.end]
    out, i = [], 0
    while i < len(lines):  # each paragraph's lines of the part
        para, first = lines[i]
        while i < len(lines) and lines[i][0] is para:
            i += 1
        out.append(_para_html(para, first, lines[i - 1][1] + 1))
    return "".join(out)


def page_label(number: int, fmt: str) -> str:
    """A page number written as its section says (w:pgNumType w:fmt)."""
    if fmt in ("lowerRoman", "upperRoman") and 0 < number < 4000:
        numeral = roman(number)
        return numeral.lower() if fmt == "lowerRoman" else numeral
    if fmt in ("lowerLetter", "upperLetter") and number > 0:
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)  # Word's A … Z, AA …
        return letter.lower() if fmt == "lowerLetter" else letter
    return str(number)


def render_pages(data: bytes) -> tuple[str, int]:
    """The HTML of the pages of a .docx and how many there are."""
    parsed = parse_docx(data)
    pages = paginate(parsed)
    out = []
    for index, page in enumerate(pages, start=1):
        g = page.section.geometry
        body = _body_html(page)
        page_number = ""
        if page.numbered:
            label = page_label(page.number, page.section.number_format)
            page_number = f'<div class="pn" style="top:{g.header_mm:.2f}mm;left:{g.left_mm:.2f}mm;width:{g.text_mm:.2f}mm">{label}</div>'
        out.append(
            f'<section class="page" data-page="{index}" style="width:{g.width_mm:.2f}mm;height:{g.height_mm:.2f}mm">'
            f"{page_number}"
            f'<div class="body" style="top:{g.top_mm:.2f}mm;left:{g.left_mm:.2f}mm;width:{g.text_mm:.2f}mm">{body}</div>'
            f"{_notes_html(page)}"
            "</section>"
        )
    return "".join(out), len(pages)
