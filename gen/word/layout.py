"""Paragraphs laid out in lines as Word and LibreOffice lay them out, read from a .docx.

The Word file rendered from the model is read back (its paragraphs' runs, their styles, the page's
width), and each paragraph is broken into lines with the Times New Roman metrics the header uses
(gen/data/tnr-widths.json, Liberation Serif's, which LibreOffice uses for Times New Roman where the
font is missing and which match it). gen serve draws its pages from these lines, and the copy of a
document given to LibreOffice for its PDF is split where its lines break (gen/word/keep.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from gen.word.metrics import text_width_mm
from gen.word.ooxml import W

PT_PER_MM = 72 / 25.4
FALLBACK_SIZE = 11.0
SINGLE_LINE = 1.15  # Times New Roman's line height as a multiple of its size
# A word goes on the line when the line, spaces between words counted, still fits the text width.
# Measured against LibreOffice 7.4 on 6,000 lines of random Vietnamese text (tests/test_keep.py): with
# Liberation Serif 2's advances the longest line it kept and the shortest it refused are both within
# 0.01 % of the width.
FULL_LINE = 1.0
# LibreOffice's automatic superscript and subscript (DFLT_ESC_PROP, DFLT_ESC_AUTO_SUPER): 58 % of the
# size, raised by 33 % of it (lowered by 8 %).
ESCAPED_SIZE = 0.58
RAISE = {"superscript": 0.33, "subscript": -0.08}


@dataclass(frozen=True)
class Format:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float = 14.0
    caps: bool = False
    mark: str = ""  # "ins" | "del": a tracked change
    vert: str = ""  # "superscript" | "subscript": smaller, raised or lowered (a footnote mark)
    note: str = ""  # the id of the footnote this mark refers to

    def css(self) -> str:
        classes = [name for name, on in (("b", self.bold), ("i", self.italic), ("u", self.underline)) if on]
        if self.mark:
            classes.append(self.mark)
        if self.vert:
            classes.append("sup" if self.vert == "superscript" else "sub")
        return " ".join(classes)

    @property
    def drawn_size(self) -> float:
        """The size the glyphs are drawn at: LibreOffice draws a superscript or subscript at 58 %."""
        return self.size * ESCAPED_SIZE if self.vert else self.size


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
    room: float = 0.0  # mm: the width it was filled to (the text area less the paragraph's indents)
    end: float = 0.0  # mm from its start to where its last word ends, the spaces between words counted


@dataclass
class Para:
    style: Style
    lines: list[Line]
    height_line: float  # pt
    key: tuple = ()  # what its layout was made from, for the caches
    notes: tuple[tuple[int, str], ...] = ()  # (line, footnote id) of each footnote mark in it

    def height(self, start: int, end: int) -> float:
        before = self.style.before_pt if start == 0 else 0.0
        after = self.style.after_pt if end == len(self.lines) else 0.0
        if end == len(self.lines) and self.style.border_bottom:
            after += sum(self.style.border_bottom)
        return before + (end - start) * self.height_line + after


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


def twips_mm(value: str | None) -> float:
    return int(value or 0) / 1440 * 25.4


def is_on(element) -> bool:
    """A toggle property (<w:b/>, <w:b w:val="0"/>)."""
    return element is not None and element.get(f"{W}val") not in ("0", "false", "off")


# -- styles ------------------------------------------------------------------------------------
def read_ppr(ppr, style: Style) -> None:
    if ppr is None:
        return
    jc = ppr.find(f"{W}jc")
    if jc is not None:
        style.align = {
            "both": "justify",
            "distribute": "distribute",
            "center": "center",
            "right": "right",
            "end": "right",
        }.get(jc.get(f"{W}val", ""), "left")
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
        style.keep_next = is_on(ppr.find(f"{W}keepNext"))
    stops = ppr.findall(f"{W}tabs/{W}tab")
    if stops:
        kept = [int(t.get(f"{W}pos") or 0) / 20 for t in stops if t.get(f"{W}val") != "clear"]
        style.tabs = tuple(sorted(set(style.tabs) | set(kept)))
    bottom = ppr.find(f"{W}pBdr/{W}bottom")
    if bottom is not None:
        width = int(bottom.get(f"{W}sz") or 4) / 8
        space = int(bottom.get(f"{W}space") or 0)
        style.border_bottom = None if bottom.get(f"{W}val") in ("nil", "none") else (width, space)


def read_rpr(rpr, fmt: Format) -> Format:
    if rpr is None:
        return fmt
    changes: dict = {}
    for tag, name in (("b", "bold"), ("i", "italic"), ("caps", "caps")):
        element = rpr.find(f"{W}{tag}")
        if element is not None:
            changes[name] = is_on(element)
    underline = rpr.find(f"{W}u")
    if underline is not None:
        changes["underline"] = underline.get(f"{W}val", "single") != "none"
    vert = rpr.find(f"{W}vertAlign")
    if vert is not None:
        changes["vert"] = vert.get(f"{W}val") if vert.get(f"{W}val") in RAISE else ""
    size = rpr.find(f"{W}sz")
    if size is not None and (size.get(f"{W}val") or "").isdigit():
        changes["size"] = int(size.get(f"{W}val")) / 2
    return Format(**{**fmt.__dict__, **changes}) if changes else fmt


class Styles:
    def __init__(self, xml: bytes | etree._Element | None):
        """The styles of a styles.xml, given as its bytes or as the tree already parsed."""
        self.paragraph: dict[str, Style] = {}
        self.character: dict[str, etree._Element] = {}
        self.default = Style(run=Format(size=FALLBACK_SIZE))
        if xml is None:
            return
        root = etree.fromstring(xml) if isinstance(xml, bytes) else xml
        defaults = root.find(f"{W}docDefaults")
        if defaults is not None:
            read_ppr(defaults.find(f"{W}pPrDefault/{W}pPr"), self.default)
            self.default.run = read_rpr(defaults.find(f"{W}rPrDefault/{W}rPr"), self.default.run)
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
            read_ppr(element.find(f"{W}pPr"), style)
            style.run = read_rpr(element.find(f"{W}rPr"), parent.run)
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
        read_ppr(ppr, style)
        return style


# -- reading the body ----------------------------------------------------------------------------
_TOKENS = re.compile(r"\S+|\s+")


def paragraph_runs(
    paragraph, styles: Styles, base: Format, notes: dict[str, str] | None = None, own_note: str = ""
) -> list[tuple[str, Format]]:
    """(text, format) of a paragraph in order; '\n' for a line break, tracked changes marked.

    A footnote reference is its number, `notes[id]` (footnotes are numbered in the order of their
    references, so the caller who read the whole document knows it), its format carrying the
    footnote's id; in the footnote's own text, its mark (w:footnoteRef) is `own_note`'s number.
    Both are superscript unless their run says otherwise, as LibreOffice draws them."""
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
                fmt = read_rpr(styles.character.get(style.get(f"{W}val")), fmt)
            fmt = read_rpr(rpr, fmt)
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
            elif tag in ("footnoteReference", "footnoteRef") and notes is not None:
                note = child.get(f"{W}id", "") if tag == "footnoteReference" else own_note
                custom = child.get(f"{W}customMarkFollows") not in (None, "0", "false", "off")
                if note in notes and not custom:  # a custom mark is the text that follows
                    sign = Format(**{**fmt.__dict__, "vert": fmt.vert or "superscript", "note": note})
                    out.append((notes[note], sign))
    return out


@lru_cache(maxsize=65536)
def measure(text: str, metric: str, size: float) -> float:
    """Words repeat through a document and between keystrokes: measured once."""
    return text_width_mm(text, metric, size)


def metric_of(fmt: Format) -> str:
    return "bold" if fmt.bold else "italic" if fmt.italic else "regular"


def words_of(runs: list[tuple[str, Format]]) -> list[Word]:
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
                current.space_width += measure(token, metric_of(fmt), fmt.drawn_size)
                current = None
            else:
                if current is None:
                    current = Word([])
                    words.append(current)
                current.pieces.append((token, fmt))
                current.width += measure(token, metric_of(fmt), fmt.drawn_size)
    return words


DEFAULT_TAB_MM = 12.7  # Word's default tab stops, every half inch


def break_lines(words: list[Word], first_mm: float, rest_mm: float, starts: tuple[float, float] = (0.0, 0.0),
           stops: tuple[float, ...] = ()) -> list[Line]:  # fmt: skip
    """Greedy line breaking. `starts` are where the first and the other lines begin (mm from the
    margin), `stops` the tab stops (mm from the margin): a tab reaches the next one."""
    lines: list[Line] = [Line([], room=first_mm)]
    x = 0.0
    for word in words:
        available = lines[-1].room
        if word.tab:
            start = starts[0] if len(lines) == 1 else starts[1]
            here = start + x
            candidates = [stop for stop in stops if stop > here + 0.01]
            if len(lines) == 1 and starts[1] > here + 0.01:  # a hanging indent is a tab stop too
                candidates.append(starts[1])
            target = min(candidates) if candidates else (int(here / DEFAULT_TAB_MM) + 1) * DEFAULT_TAB_MM
            word.width = target - here
        if lines[-1].words and x + word.width > available * FULL_LINE:
            lines.append(Line([], room=rest_mm))
            x = 0.0
        lines[-1].words.append(word)
        lines[-1].end = x + word.width
        x += word.width + word.space_width
        if word.newline:
            lines[-1].last = True
            lines.append(Line([], room=rest_mm))
            x = 0.0
    if len(lines) > 1 and not lines[-1].words:
        lines.pop()
    lines[-1].last = True
    return lines


def line_height(style: Style, size: float) -> float:
    rule, value = style.line
    natural = size * SINGLE_LINE
    if rule == "exact":
        return value
    if rule == "atLeast":
        return max(value, natural)
    return natural * value


def lay_out_runs(style: Style, runs: list[tuple[str, Format]], width_mm: float) -> Para:
    """A paragraph's runs broken into lines across a text area `width_mm` wide."""
    size = max((fmt.size for _, fmt in runs), default=style.run.size)
    left_mm = style.left_pt / PT_PER_MM
    right_mm = style.right_pt / PT_PER_MM
    first_mm = style.first_line_pt / PT_PER_MM
    stops = tuple(t / PT_PER_MM for t in style.tabs)
    lines = break_lines(words_of(runs), width_mm - left_mm - right_mm - first_mm, width_mm - left_mm - right_mm,
                        (left_mm + first_mm, left_mm), stops)  # fmt: skip
    notes = tuple(
        (number, fmt.note)
        for number, line in enumerate(lines)
        for word in line.words
        for _, fmt in word.pieces
        if fmt.note
    )
    return Para(style, lines, line_height(style, size), notes=notes)


def lay_out_paragraph(element, styles: Styles, width_mm: float) -> Para:
    """A w:p broken into lines across a text area `width_mm` wide."""
    style = styles.of(element.find(f"{W}pPr"))
    return lay_out_runs(style, paragraph_runs(element, styles, style.run), width_mm)
