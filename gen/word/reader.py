"""Read a Word file typed by hand into lines: text with inline markup, style, alignment, and the
label Word draws for an automatically numbered or bulleted paragraph (which is not in the text;
it comes from word/numbering.xml).

Only what `gen import` needs: paragraphs of the body and of table cells, in reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from gen.content.formatting import roman
from gen.word.ooxml import W
from gen.word.package import broken, open_word

# Word keeps numbers of lists within these (a hostile file can write anything in w:start or w:ilvl).
_LEVELS = 9
_MAX_START = 32767


def _number(text: str | None, default: int, highest: int = _MAX_START) -> int:
    """An integer attribute as Word reads it; a value that is not a number, or out of range, gives the default."""
    try:
        value = int(text or "")
    except ValueError:
        return default
    return value if 0 <= value <= highest else default


def _local(element) -> str:
    """The local name of an element; "" for a comment or processing instruction."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


@dataclass
class Line:
    text: str  # with **bold** / *italic* markup, "\n" for a soft line break, "\t" for a tab
    plain: str  # the same without markup
    style: str = ""  # style id
    centered: bool = False
    bold: bool = False  # every character bold (a heading typed with direct formatting)
    italic: bool = False
    label: str = ""  # the automatic number or bullet Word draws before the text ("1.", "-")
    cell: tuple[int, int, int] | None = None  # (table, row, column) for a line in a layout table
    pieces: tuple = ()  # (text, bold, italic) as typed, to cut a typed label off the front
    table: TableData | None = None  # a table of figures, read whole (its line has no text of its own)
    right: bool = False  # right-aligned

    def columns(self) -> list[tuple[str, bool]]:
        """The parts of a line laid out with tabs, each with whether all of it is bold."""
        columns: list[list] = [[]]
        for text, bold, _ in self.pieces:
            for i, part in enumerate(text.split("\t")):
                if i:
                    columns.append([])
                columns[-1].append((part, bold))
        out = []
        for column in columns:
            visible = [bold for text, bold in column if text.strip()]
            out.append(("".join(text for text, _ in column), bool(visible) and all(visible)))
        return out

    def without_prefix(self, length: int) -> str:
        """The marked-up text without its first `length` characters (a label typed in the text)."""
        pieces, skipped = [], 0
        for text, bold, italic in self.pieces:
            if skipped < length:
                take = min(len(text), length - skipped)
                skipped += take
                text = text[take:]
            if text:
                pieces.append((text, bold, italic))
        if pieces:
            first = pieces[0]
            pieces[0] = (first[0].lstrip(" \t"), first[1], first[2])
        return _markup(pieces, skip_bold=self.bold, skip_italic=self.italic)


@dataclass
class CellData:
    text: str  # with markup; paragraphs joined by "\n"
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False  # every paragraph of the cell bold


@dataclass
class RowData:
    cells: list[CellData]
    header: bool = False  # repeated on every page (w:tblHeader)


@dataclass
class TableData:
    rows: list[RowData]
    widths_twips: list[int]
    landscape: bool = False


@dataclass
class WordDocument:
    lines: list[Line]
    footnotes: dict[str, str]  # key ("ct1", "ct2" … in the order the text refers to them) -> text


def read(path: Path) -> list[Line]:
    return read_document(path).lines


def read_document(path: Path) -> WordDocument:
    """The lines of the body (tables of figures whole) and the footnotes they refer to;
    WordFileError (a located finding) when the file cannot be read safely."""
    package = open_word(path)
    document = package.xml("word/document.xml")
    numbering = package.xml("word/numbering.xml")
    styles = package.xml("word/styles.xml")
    notes = package.xml("word/footnotes.xml")
    body = document.find(f"{W}body")
    if body is None:
        raise broken("word/document.xml: w:body")
    reader = _Reader(_Numbering(numbering), _Styles(styles), notes)
    lines: list[Line] = []
    table_index = 0
    landscape = _landscape_elements(body)
    for element in body:
        name = _local(element)
        if name == "p":
            lines.append(reader.line(element))
        elif name == "tbl" and _is_figures(element, reader.styles):
            data = reader.table(element)
            data.landscape = element in landscape
            lines.append(Line(text="", plain="[bảng]", table=data))
        elif name == "tbl":
            for r, row in enumerate(element.findall(f"{W}tr")):
                for c, cell in enumerate(row.findall(f"{W}tc")):
                    for paragraph in cell.iter(f"{W}p"):
                        line = reader.line(paragraph)
                        line.cell = (table_index, r, c)
                        lines.append(line)
            table_index += 1
    return WordDocument(lines, reader.footnotes())


def _landscape_elements(body) -> set:
    """The body elements that sit in a landscape section."""
    found: set = set()
    pending: list = []
    for element in body:
        pending.append(element)
        sect = (
            element.find(f"{W}pPr/{W}sectPr")
            if element.tag == f"{W}p"
            else element
            if element.tag == f"{W}sectPr"
            else None
        )
        if sect is not None:
            size = sect.find(f"{W}pgSz")
            if size is not None and (
                size.get(f"{W}orient") == "landscape"
                or _number(size.get(f"{W}w"), 0, 10**6) > _number(size.get(f"{W}h"), 0, 10**6)
            ):
                found.update(pending)
            pending = []
    return found


def is_figures_table(table, styles_root) -> bool:
    """A table of figures (see _is_figures), for a reader of the file's styles.xml root."""
    return _is_figures(table, _Styles(styles_root))


def _is_figures(table, styles: _Styles) -> bool:
    """A table of figures, not the layout table of a header or signature: it has borders, or
    three columns or more, and is neither the header (ĐẢNG CỘNG SẢN VIỆT NAM) nor Nơi nhận."""
    text = " ".join("".join(t.text or "" for t in table.iter(f"{W}t")).split())
    if "ĐẢNG CỘNG SẢN VIỆT NAM" in text.upper() or re.search(r"(?i)nơi\s+nh[aâậ]n", text):
        return False
    if re.search(
        r"^(T/M|T/L|K/T|TM\.|KT\.|TL\.)\s",
        "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in table.iter(f"{W}p")),
        re.M,
    ):
        return False
    columns = len(table.findall(f"{W}tblGrid/{W}gridCol"))
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    style = table.find(f"{W}tblPr/{W}tblStyle")
    if style is not None:
        borders = borders if borders is not None else styles.find(style.get(f"{W}val"), f"{W}tblPr/{W}tblBorders")
    visible = borders is not None and any(side.get(f"{W}val") not in ("nil", "none") for side in borders)
    return visible or columns >= 3


class _Styles:
    """Paragraph styles: whether a style centres or makes bold, and its numbering, through basedOn."""

    def __init__(self, root):
        self.styles = {}
        if root is not None:
            for style in root.iter(f"{W}style"):
                self.styles[style.get(f"{W}styleId")] = style

    def chain(self, style_id: str):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else ""

    def find(self, style_id: str, path: str):
        for style in self.chain(style_id):
            found = style.find(path)
            if found is not None:
                return found
        return None


def _on(element) -> bool:
    """A toggle property (w:b, w:i) is on when present and not val=0/false."""
    return element is not None and element.get(f"{W}val", "true") not in ("0", "false", "off")


_NOTE_OPEN, _NOTE_CLOSE = "\ue000", "\ue001"  # a footnote marker inside a piece's text, until marked up
_VERT = {"superscript": ("\ue002", "\ue003", "^"), "subscript": ("\ue004", "\ue005", "~")}


class _Reader:
    def __init__(self, numbering: _Numbering, styles: _Styles, notes=None):
        self.numbering, self.styles = numbering, styles
        self.notes_part = notes
        self.note_keys: dict[str, str] = {}  # footnote id -> key, in the order the text refers to them

    def _note_key(self, note_id: str) -> str:
        if note_id not in self.note_keys:
            self.note_keys[note_id] = f"ct{len(self.note_keys) + 1}"
        return self.note_keys[note_id]

    def footnotes(self) -> dict[str, str]:
        """The text of each footnote the body refers to, by its key."""
        found: dict[str, str] = {}
        if self.notes_part is None:
            return found
        by_id = {note.get(f"{W}id"): note for note in self.notes_part.findall(f"{W}footnote")}
        inner = _Reader(self.numbering, self.styles)
        for note_id, key in self.note_keys.items():
            note = by_id.get(note_id)
            if note is None:
                continue
            texts = [inner.line(p).text for p in note.findall(f"{W}p")]
            found[key] = "\n".join(t for t in texts if t.strip()).strip()
        return found

    def table(self, table) -> TableData:
        widths = [_number(col.get(f"{W}w"), 0, 10**6) for col in table.findall(f"{W}tblGrid/{W}gridCol")]
        rows: list[RowData] = []
        open_cells: dict[int, CellData] = {}  # grid column -> the cell merged down from above
        for tr in table.findall(f"{W}tr"):
            flag = tr.find(f"{W}trPr/{W}tblHeader")
            header = flag is not None and _on(flag)
            cells: list[CellData] = []
            column = 0
            for tc in tr.findall(f"{W}tc"):
                span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                span = max(1, _number(span_el.get(f"{W}val"), 1, 64)) if span_el is not None else 1
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(f"{W}val", "continue") != "restart" and column in open_cells:
                    open_cells[column].rowspan += 1
                    column += span
                    continue
                lines = [self.line(p) for p in tc.findall(f"{W}p")]
                text = "\n".join(line.text for line in lines if line.plain.strip())
                bold = any(line.plain.strip() for line in lines) and all(
                    line.bold for line in lines if line.plain.strip()
                )
                cell = CellData(text, span, 1, bold)
                if merge is not None:
                    open_cells[column] = cell
                else:
                    open_cells.pop(column, None)
                cells.append(cell)
                column += span
            rows.append(RowData(cells, header))
        return TableData(rows, widths)

    def line(self, paragraph) -> Line:
        ppr = paragraph.find(f"{W}pPr")
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        style = style_el.get(f"{W}val") if style_el is not None else ""
        jc = ppr.find(f"{W}jc") if ppr is not None else None
        if jc is None:
            jc = self.styles.find(style, f"{W}pPr/{W}jc")
        centered = jc is not None and jc.get(f"{W}val") == "center"
        style_bold = _on(self.styles.find(style, f"{W}rPr/{W}b"))
        style_italic = _on(self.styles.find(style, f"{W}rPr/{W}i"))
        pieces: list[tuple[str, bool, bool]] = []
        for run in paragraph.iter(f"{W}r"):
            if any(etree.QName(a).localname in ("del", "moveFrom") for a in run.iterancestors()):
                continue  # deleted text of a tracked change is not part of the document
            rpr = run.find(f"{W}rPr")
            bold = _on(rpr.find(f"{W}b")) if rpr is not None and rpr.find(f"{W}b") is not None else style_bold
            italic = _on(rpr.find(f"{W}i")) if rpr is not None and rpr.find(f"{W}i") is not None else style_italic
            run_style = rpr.find(f"{W}rStyle") if rpr is not None else None
            note_style = run_style is not None and run_style.get(f"{W}val") in ("FootnoteReference", "Funotenzeichen")
            vert_el = rpr.find(f"{W}vertAlign") if rpr is not None else None
            vert = _VERT.get(vert_el.get(f"{W}val", "")) if vert_el is not None and not note_style else None
            for child in run:
                name = _local(child)
                if name == "footnoteReference":
                    key = self._note_key(child.get(f"{W}id", ""))
                    pieces.append((f"{_NOTE_OPEN}{key}{_NOTE_CLOSE}", bold, italic))
                elif name == "t" and note_style and (child.text or "").strip().isdecimal():
                    # A second reference to a note, printed as its number.
                    number = int((child.text or "").strip())
                    keys = list(self.note_keys.values())
                    text = (
                        f"{_NOTE_OPEN}{keys[number - 1]}{_NOTE_CLOSE}" if 0 < number <= len(keys) else child.text or ""
                    )
                    pieces.append((text, bold, italic))
                elif name == "t" and vert and (child.text or "").strip() and " " not in (child.text or ""):
                    pieces.append((f"{vert[0]}{child.text}{vert[1]}", bold, italic))
                elif name == "t":
                    pieces.append((child.text or "", bold, italic))
                elif name in ("br", "cr"):
                    if child.get(f"{W}type") not in ("page", "column"):
                        pieces.append(("\n", bold, italic))
                elif name == "tab":
                    pieces.append(("\t", bold, italic))
        plain = _plain("".join(text for text, _, _ in pieces))
        visible = [(b, i) for text, b, i in pieces if _plain(text).strip()]
        all_bold = bool(visible) and all(b for b, _ in visible)
        all_italic = bool(visible) and all(i for _, i in visible)
        text = _markup(pieces, skip_bold=all_bold, skip_italic=all_italic)
        label = self.numbering.label(ppr, style, self.styles)
        return Line(
            text=text,
            plain=plain,
            style=style,
            centered=centered,
            bold=all_bold,
            italic=all_italic,
            label=label,
            pieces=tuple(pieces),
        )


def _escape(text: str) -> str:
    """Characters our markup reads (gen/content/markup.py) written so that they stay literal."""
    text = text.replace("\\", "\\\\") if re.search(r"\\[*^~\[]", text) else text
    return text.replace("*", "\\*").replace("^", "\\^").replace("~", "\\~").replace("[\\^", "\\[\\^")


def _plain(text: str) -> str:
    """A piece's text as it reads: footnote markers out, superscript and subscript marks off."""
    text = re.sub(f"{_NOTE_OPEN}[^{_NOTE_CLOSE}]*{_NOTE_CLOSE}", "", text)
    return re.sub("[\ue002-\ue005]", "", text)


def _finish(text: str) -> str:
    """Markers and superscript/subscript as markup, once the text is escaped."""
    text = re.sub(f"{_NOTE_OPEN}([^{_NOTE_CLOSE}]*){_NOTE_CLOSE}", r"[^\1]", text)
    for start, end, mark in _VERT.values():
        text = text.replace(start, mark).replace(end, mark)
    return text


def _markup(pieces: list[tuple[str, bool, bool]], skip_bold: bool, skip_italic: bool) -> str:
    """Runs as **bold** / *italic*; spaces stay outside the delimiters (Markdown needs them to touch text)."""
    merged: list[list] = []
    for text, bold, italic in pieces:
        bold, italic = bold and not skip_bold, italic and not skip_italic
        if merged and merged[-1][1:] == [bold, italic]:
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic])
    out = []
    for text, bold, italic in merged:
        if not (bold or italic) or not _plain(text).strip():
            out.append(_escape(text))
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        core = _escape(text.strip())
        mark = "**" if bold else ""
        if italic:
            core = f"*{core}*"
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return _finish("".join(out))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # Word letters lists in the Latin alphabet, not the Vietnamese one


class _Numbering:
    """Counters of Word's automatic numbering, advanced paragraph by paragraph as Word draws them."""

    def __init__(self, root):
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.restarted: set[tuple[str, int]] = set()
        if root is None:
            return
        for abstract in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{W}lvl"):

                def val(tag, default="", lvl=lvl):
                    element = lvl.find(f"{W}{tag}")
                    return element.get(f"{W}val") if element is not None else default

                levels[_number(lvl.get(f"{W}ilvl"), 0, _LEVELS - 1)] = {
                    "fmt": val("numFmt", "decimal"),
                    "text": val("lvlText", ""),
                    "start": _number(val("start", "1"), 1),
                }
            self.abstract[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            overrides = {}
            for override in num.findall(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None:
                    overrides[_number(override.get(f"{W}ilvl"), 0, _LEVELS - 1)] = _number(start.get(f"{W}val"), 1)
            if ref is not None:
                self.nums[num.get(f"{W}numId")] = (ref.get(f"{W}val"), overrides)

    def label(self, ppr, style: str, styles: _Styles) -> str:
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        if numpr is None:
            numpr = styles.find(style, f"{W}pPr/{W}numPr")
        if numpr is None:
            return ""
        num_el, level_el = numpr.find(f"{W}numId"), numpr.find(f"{W}ilvl")
        num_id = num_el.get(f"{W}val") if num_el is not None else ""
        level = _number(level_el.get(f"{W}val"), 0, _LEVELS - 1) if level_el is not None else 0
        if num_id not in self.nums or num_id == "0":
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if level not in levels:
            return ""
        # Lists sharing an abstract numbering continue one another, as in Word, unless a list
        # restarts a level with its own start value (w:lvlOverride/w:startOverride).
        counters = self.counters.setdefault(abstract_id, [None] * _LEVELS)
        definition = levels[level]
        restart = level in overrides and (num_id, level) not in self.restarted
        if restart:
            self.restarted.add((num_id, level))
        current = counters[level]
        if current is None or restart:
            counters[level] = overrides.get(level, definition["start"])
        else:
            counters[level] = current + 1
        for deeper in range(level + 1, _LEVELS):
            counters[deeper] = None
        if definition["fmt"] == "bullet":
            return "+" if definition["text"] == "+" else "-"

        def number(match) -> str:
            at = int(match.group(1)) - 1
            value = counters[at]
            if value is None:
                value = levels.get(at, {}).get("start", 1)
            return _format(value, levels.get(at, definition)["fmt"])

        return re.sub(r"%(\d)", number, definition["text"])


def _format(value: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(value)
    if fmt == "lowerRoman":
        return roman(value).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _LETTERS[(value - 1) % len(_LETTERS)]
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
