"""The copy of a document given to LibreOffice for its PDF: the last paragraph cut where its last two
lines begin, so that only those two lines go with the signature to a new page.

The last paragraph of the text keeps with the signature (keep with next, widow control, lines allowed
to split): a signature alone on a page is what a forger would want. Word then carries only the
paragraph's last lines to the signature's page. LibreOffice (7.x, which `gen build --pdf` and the
exact view of gen serve use) moves a paragraph kept with the next one whole, and a long last
paragraph leaves up to a third of a page blank at the foot of the page before.

So the copy for LibreOffice holds that paragraph as two, cut where its last two lines begin: the
first part justified to its very last line (w:jc="distribute", which LibreOffice reads as justified
with the last line justified too, by word spaces), with no space after it; the second part (the
last two lines) without first-line indent, kept together and with the signature. On a page where
the whole fits, the two parts look exactly like the one paragraph. The .docx itself is never cut:
Word does the right thing with it, and the author's paragraph stays one paragraph.

The cut needs the line breaks LibreOffice will make, found with gen/word/layout.py's Times New Roman
metrics. A line whose end comes within `MARGIN` of the point where a line breaks could break one word
earlier or later there, and a part cut at the wrong word would show a short line stretched across
the page; so the paragraph is cut only when every break before the cut is clear of that margin, and
only a paragraph of plain text runs (no footnote mark, field, tab or picture, whose widths the
metrics do not know) is cut. Otherwise the copy is the document unchanged.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

from lxml import etree

from gen.exceptions import WordFileError
from gen.word.layout import FULL_LINE, Line, Para, Styles, lay_out_paragraph, twips_mm
from gen.word.ooxml import W, child_in_order, deflate, write_zip
from gen.word.package import open_bytes

# Share of the line width, either side of the point where a line breaks, within which a break is not
# trusted. Measured against LibreOffice 7.4 (tests/test_keep.py, and 6,000 lines of random text while
# this was written): every line it broke otherwise than the metrics ended within 0.01 % of that point.
MARGIN = 0.001
SIGNATURE_STYLES = frozenset({"QuyenHan", "ChucVu", "HoTen"})
# The order of the children of w:pPr in the schema (CT_PPrBase), as far as w:jc.
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
]  # fmt: skip
_PLAIN_RUN_CHILDREN = frozenset({f"{W}rPr", f"{W}t"})
# A word LibreOffice never breaks inside: letters and digits, numbers like 9,8 or 22/6/2026, and
# punctuation before or after; or a dash standing alone. It may break after a hyphen or a slash before letters ("06/CP",
# "kinh tế-xã hội"), where the metrics would see one word.
_SAFE_WORD = re.compile(r"[-–—]|[(“\"‘]?\w+(?:[.,/:-]\d+)*[.,;:!?)”\"’%…]*")


def for_libreoffice(docx: bytes) -> bytes:
    """`docx` with its last paragraph cut for LibreOffice, or unchanged where it cannot be cut safely."""
    try:
        package = open_bytes(docx)
        document = package.xml("word/document.xml")
        styles = Styles(package.xml("word/styles.xml"))  # parsed once, safely
    except (WordFileError, ValueError, etree.LxmlError):
        return docx  # not a file gen wrote as it writes them: LibreOffice gets it as it is
    body = document.find(f"{W}body")
    if body is None or not cut_last_paragraph(body, styles):
        return docx
    return _replace_part(
        docx, "word/document.xml", etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    )


def cut_last_paragraph(body, styles: Styles) -> bool:
    """Cut, in the parsed w:body, the paragraph kept with the signature where its last two lines
    begin; False (and the body as it was) where it cannot be cut safely."""
    paragraph = _last_paragraph(body)
    if paragraph is None:
        return False
    try:
        width_mm = _text_width_mm(paragraph, body)
        cut = _cut_offset(lay_out_paragraph(paragraph, styles, width_mm))
    except ValueError:  # a size that is not a number
        return False
    if cut is None:
        return False
    first, second = _split(paragraph, cut)
    paragraph.addprevious(first)
    paragraph.addprevious(second)
    paragraph.getparent().remove(paragraph)
    return True


def _last_paragraph(body):
    """The paragraph right before the signature's table, when it is one kept with the signature."""
    for table in body.iterchildren(f"{W}tbl"):
        styles = {s.get(f"{W}val") for s in table.iter(f"{W}pStyle")}
        if styles & SIGNATURE_STYLES:
            before = table.getprevious()
            if before is None or before.tag != f"{W}p":
                return None
            ppr = before.find(f"{W}pPr")
            if ppr is None or ppr.find(f"{W}keepNext") is None or ppr.find(f"{W}keepLines") is not None:
                return None
            if ppr.find(f"{W}numPr") is not None or ppr.find(f"{W}sectPr") is not None:
                return None
            if any(child.tag != f"{W}pPr" and not _plain_run(child) for child in before):
                return None
            return before
    return None


def _plain_run(element) -> bool:
    if element.tag != f"{W}r":
        return False
    if any(child.tag not in _PLAIN_RUN_CHILDREN for child in element):
        return False
    rpr = element.find(f"{W}rPr")
    return rpr is None or rpr.find(f"{W}vertAlign") is None


def _text_width_mm(paragraph, body) -> float:
    """The width of the text area of the section the paragraph is in: the next section end after it."""
    sect = None
    for following in paragraph.itersiblings(f"{W}p"):
        sect = following.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            break
    if sect is None:
        sect = body.find(f"{W}sectPr")
    if sect is None:
        return 0.0
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    if size is None or margins is None:
        return 0.0
    return twips_mm(size.get(f"{W}w")) - twips_mm(margins.get(f"{W}left")) - twips_mm(margins.get(f"{W}right"))


def _cut_offset(layout: Para) -> int | None:
    """Where, in the paragraph's text, its last two lines begin — when the breaks before them are
    certain and two lines at least stay before the cut (Word's and LibreOffice's orphan control)."""
    lines = layout.lines
    if len(lines) < 4 or any(word.tab or word.newline for line in lines for word in line.words):
        return None
    if not all(_SAFE_WORD.fullmatch(_text(word)) for line in lines[:-1] for word in line.words if word.pieces):
        return None
    if not all(clear_break(line, following) for line, following in zip(lines[:-2], lines[1:-1], strict=True)):
        return None
    offset = 0
    for line in lines[:-2]:
        for word in line.words:
            offset += len(_text(word)) + len(word.space)
    return offset


def _text(word) -> str:
    return "".join(text for text, _ in word.pieces)


def clear_break(line: Line, following: Line) -> bool:
    """Whether the break after `line` is clear of `MARGIN`: its last word ends, and the `following`
    line's first word would have ended, far enough either side of where a line breaks."""
    available = line.room * FULL_LINE
    after = line.end + line.words[-1].space_width + following.words[0].width
    return not (line.end > available * (1 - MARGIN) or after < available * (1 + MARGIN))


def _split(paragraph, offset: int):
    first, second = copy.deepcopy(paragraph), copy.deepcopy(paragraph)
    _keep_text(first, 0, offset, trim_end=True)
    _keep_text(second, offset, None)
    first_ppr, second_ppr = first.find(f"{W}pPr"), second.find(f"{W}pPr")
    for name in ("keepNext", "keepLines"):
        for element in first_ppr.findall(f"{W}{name}"):
            first_ppr.remove(element)
    _set(first_ppr, "spacing", after="0")
    _set(first_ppr, "jc", val="distribute")
    _set(second_ppr, "keepLines")
    _set(second_ppr, "spacing", before="0")
    _set(second_ppr, "ind", firstLine="0", hanging=None)
    return first, second


def _keep_text(paragraph, start: int, end: int | None, trim_end: bool = False) -> None:
    """Keep only the characters [start, end) of the paragraph's runs."""
    position = 0
    runs = [child for child in paragraph if child.tag == f"{W}r"]
    kept = []
    for run in runs:
        texts = run.findall(f"{W}t")
        length = sum(len(t.text or "") for t in texts)
        run_start, run_end = position, position + length
        position = run_end
        if run_end <= start or (end is not None and run_start >= end):
            paragraph.remove(run)
            continue
        at = run_start
        for t in texts:
            text = t.text or ""
            low = max(start - at, 0)
            high = len(text) if end is None else min(end - at, len(text))
            at += len(text)
            t.text = text[low : max(high, low)]
        kept.append(run)
    if trim_end and kept:
        last_texts = kept[-1].findall(f"{W}t")
        if last_texts:
            last_texts[-1].text = (last_texts[-1].text or "").rstrip()


def _set(ppr, name: str, **attributes: str | None) -> None:
    """Set a child of w:pPr (its attributes; None removes one), placed in the schema's order."""
    element = child_in_order(ppr, name, _PPR_ORDER)
    for key, value in attributes.items():
        if value is None:
            element.attrib.pop(f"{W}{key}", None)
        else:
            element.set(f"{W}{key}", value)


def _replace_part(docx: bytes, name: str, data: bytes) -> bytes:
    """`docx` with one part replaced, zipped as every .docx gen writes (ooxml.write_zip)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        members = [(info.filename, data if info.filename == name else source.read(info)) for info in source.infolist()]
    return write_zip([(part, deflate(body)) for part, body in members])
