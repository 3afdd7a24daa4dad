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
    cell: tuple[int, int, int] | None = None  # (table, row, column) for a line in a table
    pieces: tuple = ()  # (text, bold, italic) as typed, to cut a typed label off the front

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


def read(path: Path) -> list[Line]:
    """The lines of a Word file; WordFileError (a located finding) when it cannot be read safely."""
    package = open_word(path)
    document = package.xml("word/document.xml")
    numbering = package.xml("word/numbering.xml")
    styles = package.xml("word/styles.xml")
    body = document.find(f"{W}body")
    if body is None:
        raise broken("word/document.xml: w:body")
    reader = _Reader(_Numbering(numbering), _Styles(styles))
    lines: list[Line] = []
    table_index = 0
    for element in body:
        name = _local(element)
        if name == "p":
            lines.append(reader.line(element))
        elif name == "tbl":
            for r, row in enumerate(element.findall(f"{W}tr")):
                for c, cell in enumerate(row.findall(f"{W}tc")):
                    for paragraph in cell.iter(f"{W}p"):
                        line = reader.line(paragraph)
                        line.cell = (table_index, r, c)
                        lines.append(line)
            table_index += 1
    return lines


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


class _Reader:
    def __init__(self, numbering: _Numbering, styles: _Styles):
        self.numbering, self.styles = numbering, styles

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
            for child in run:
                name = _local(child)
                if name == "t":
                    pieces.append((child.text or "", bold, italic))
                elif name in ("br", "cr"):
                    if child.get(f"{W}type") not in ("page", "column"):
                        pieces.append(("\n", bold, italic))
                elif name == "tab":
                    pieces.append(("\t", bold, italic))
        plain = "".join(text for text, _, _ in pieces)
        visible = [(b, i) for text, b, i in pieces if text.strip()]
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
    return text.replace("*", "\\*")


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
        if not (bold or italic) or not text.strip():
            out.append(_escape(text))
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        core = _escape(text.strip())
        mark = "**" if bold else ""
        if italic:
            core = f"*{core}*"
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out)


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
