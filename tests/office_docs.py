"""Word files typed the way offices type them, for the tests of `gen import`.

Made with python-docx on its blank document, never with our template: Times New Roman set run by
run (direct formatting, no styles), empty paragraphs for spacing, soft line breaks in the title
block, recipients ending in ",", and, depending on the habits chosen, the header in a borderless
table, with tabs or as plain lines; outline labels typed in the text or drawn by Word's automatic
numbering (word/numbering.xml); the signature beside Nơi nhận in a table, with tabs, or below it.

The text comes from a seed's example document (its header included: seeds 002–004 have none in
their text), so each seed's content is typed once per set of habits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.shared import Pt
from docx_read import with_part

from gen.content import markup
from gen.content.model import Document, label_value
from gen.content.tables import Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Habits:
    header: str  # "table", "tabs", "lines"
    numbering: str  # "typed", "auto"
    signature: str  # "table", "tabs", "below"
    recipients_heading: str = "Nơi nhận:"


def _run(paragraph, text: str, bold: bool = False, italic: bool = False, size: int = 14):
    run = paragraph.add_run(text)
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    return run


def _lines(paragraph, text: str, bold: bool = False, italic: bool = False, size: int = 14) -> None:
    """Text with its line breaks typed as Shift+Enter (soft breaks)."""
    for i, line in enumerate(text.split("\n")):
        run = _run(paragraph, line, bold, italic, size)
        if i < len(text.split("\n")) - 1:
            run.add_break()


class _Notes:
    """Footnotes typed with Word's Insert Footnote: a superscript reference in the text, the note in
    word/footnotes.xml (python-docx has no API for them: the part is added when the file is saved).
    A second reference to one note is typed as a new footnote with the same text, as offices do."""

    def __init__(self, texts: list[str]):
        self.texts = texts  # the model's footnote texts, note n at n - 1
        self.typed: list[str] = []

    def reference(self, paragraph, note: str) -> None:
        number = int(note.lstrip("="))
        self.typed.append(self.texts[number - 1])
        paragraph._p.append(
            parse_xml(
                f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{len(self.typed)}"/></w:r>'
            )
        )

    def package(self, data: bytes) -> bytes:
        if not self.typed:
            return data
        from xml.sax.saxutils import escape

        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="20"/></w:rPr>'
            f'<w:t xml:space="preserve"> {escape(markup.plain(text))}</w:t></w:r></w:p></w:footnote>'
            for i, text in enumerate(self.typed, 1)
        )
        part = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f"{notes}</w:footnotes>"
        )
        return with_part(
            data,
            "word/footnotes.xml",
            part.encode("utf-8"),
            "rIdNotes",
            "footnotes",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        )


_NOTES: _Notes | None = None  # the footnotes of the document being typed


def _marked(paragraph, text: str, bold: bool = False) -> None:
    for piece in markup.parse(text):
        if piece.note and _NOTES is not None:
            _NOTES.reference(paragraph, piece.note)
        else:
            _lines(paragraph, piece.text, bold or piece.bold, piece.italic)
            if piece.vert:
                paragraph.runs[-1].font.superscript = piece.vert == "sup" or None
                paragraph.runs[-1].font.subscript = piece.vert == "sub" or None


def _centered(container, text: str, bold: bool = False, italic: bool = False, size: int = 14):
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _lines(paragraph, text, bold, italic, size)
    return paragraph


class _AutoNumbering:
    """Word lists: one single-level list definition per label family, restarted per parent."""

    FORMATS = {
        "I.": ("upperRoman", "%1."),
        "1.": ("decimal", "%1."),
        "(1)": ("decimal", "(%1)"),
        "a)": ("lowerLetter", "%1)"),
        "-": ("bullet", "-"),
        "+": ("bullet", "+"),
    }

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.abstract: dict[str, int] = {}
        self.lists: dict[tuple, int] = {}
        self.next_id = 100

    def family(self, label: str) -> str | None:
        if label in ("-", "+"):
            return label
        for pattern, family in ((r"[IVX]+\.", "I."), (r"\d+\.", "1."), (r"\(\d+\)", "(1)"), (r"[a-zđ]\)", "a)")):
            if re.fullmatch(pattern, label):
                return family
        return None  # "1.1." and the like: typed, as offices do

    def apply(self, paragraph, label: str, parent: tuple) -> bool:
        family = self.family(label)
        if family is None:
            return False
        if family not in self.abstract:
            fmt, text = self.FORMATS[family]
            abstract_id = self.next_id
            self.next_id += 1
            xml = (
                f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
            )
            first_num = self.root.find(f"{{{W_NS}}}num")
            element = parse_xml(xml)
            if first_num is not None:
                first_num.addprevious(element)
            else:
                self.root.append(element)
            self.abstract[family] = abstract_id
        key = (parent, family)
        if key not in self.lists:
            num_id = self.next_id
            self.next_id += 1
            override = (
                ""
                if family in ("-", "+")
                else f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{_value(label)}"/></w:lvlOverride>'
            )
            self.root.append(
                parse_xml(
                    f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId '
                    f'w:val="{self.abstract[family]}"/>{override}</w:num>'
                )
            )
            self.lists[key] = num_id
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{self.lists[key]}"/></w:numPr>')
        )
        return True


def _value(label: str) -> int:
    """The start value of a Word list: Word counts letters in the Latin alphabet, our labels in the
    Vietnamese one (with đ), so letters are counted here and the rest as the model counts them."""
    if re.fullmatch(r"[a-z]\)", label):
        return "abcdefghijklmnopqrstuvwxyz".index(label[0]) + 1
    return label_value(label)


def _table(word, table: Table, habits: Habits, seen: list[str]) -> None:
    """A table of figures as an office types it: "Table Grid", merged cells, the figures aligned
    right; its header rows marked to repeat on each page (not in every habit)."""
    if table.caption:
        paragraph = _centered(word, "", bold=True)
        _marked(paragraph, table.caption, bold=True)
        seen.append(markup.plain(table.caption))
    if table.unit:
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(paragraph, markup.plain(table.unit), italic=True, size=13)
        seen.append(markup.plain(table.unit))
    out = word.add_table(rows=len(table.rows), cols=table.columns)
    out.style = "Table Grid"
    for r, row in enumerate(table.rows):
        column = 0
        for cell in row.cells:
            target = out.cell(r, column)
            if cell.colspan > 1 or (cell.rowspan > 1 and not cell.merged):
                target = target.merge(
                    out.cell(r + (cell.rowspan - 1 if not cell.merged else 0), column + cell.colspan - 1)
                )
            if not cell.merged and cell.text:
                paragraph = target.paragraphs[0]
                if cell.numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif row.header or cell.align == "center":
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for piece in markup.parse(cell.text):
                    if piece.note and _NOTES is not None:
                        _NOTES.reference(paragraph, piece.note)
                    else:
                        _run(
                            paragraph,
                            piece.text,
                            bold=row.header or row.total or piece.bold,
                            italic=piece.italic,
                            size=13,
                        )
                        if piece.vert:
                            paragraph.runs[-1].font.superscript = piece.vert == "sup" or None
                seen.append(markup.plain(cell.text))
            column += cell.colspan
        if row.header and habits.header == "table":
            out.rows[r]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))


def _outline(word, items: list, habits: Habits, numbering, seen: list[str]) -> None:
    previous_depth = None
    for paragraph in items:
        if isinstance(paragraph, Table):
            if paragraph.landscape:
                section = word.add_section(WD_SECTION.NEW_PAGE)
                section.orientation = WD_ORIENT.LANDSCAPE
                section.page_width, section.page_height = section.page_height, section.page_width
            _table(word, paragraph, habits, seen)
            if paragraph.landscape:
                section = word.add_section(WD_SECTION.NEW_PAGE)
                section.orientation = WD_ORIENT.PORTRAIT
                section.page_width, section.page_height = section.page_height, section.page_width
            continue
        depth = paragraph.style[5:] if paragraph.style.startswith("DeMuc") else None
        if depth == "1" and previous_depth is not None:
            word.add_paragraph()  # spacing before each part, as typists do
        previous_depth = depth
        out = word.add_paragraph()
        out.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        out.paragraph_format.first_line_indent = Pt(28)
        parent = paragraph.path[:-3] if len(paragraph.path) >= 3 else ()
        typed_label = paragraph.label
        if paragraph.label and numbering is not None and numbering.apply(out, paragraph.label, parent):
            typed_label = ""
        if typed_label:
            _run(out, typed_label + " ", bold=paragraph.style.startswith("DeMuc"))
        _marked(out, paragraph.text, bold=paragraph.style.startswith("DeMuc"))
        seen.append(f"{paragraph.label} {markup.plain(paragraph.text)}".strip())


def type_document(document: Document, habits: Habits) -> tuple[bytes, list[str]]:
    """The .docx, and the lines a reader sees in it (automatic labels included, footnotes last), in
    order."""
    global _NOTES
    _NOTES = _Notes(document.footnotes)
    try:
        data, seen = _type_document(document, habits)
        return _NOTES.package(data), seen + [markup.plain(text) for text in _NOTES.typed]
    finally:
        _NOTES = None


def _type_document(document: Document, habits: Habits) -> tuple[bytes, list[str]]:
    import io

    word = docx.Document()
    seen: list[str] = []
    org = document.org
    left = [(line, False) for line in org.cap_tren.upper().split("\n") if line] + [
        (line, True) for line in org.ten.upper().split("\n")
    ]
    left.append(("*", False))
    left.append((document.so_ky_hieu, False))
    if not document.kind.ten_loai:  # a công văn: its trích yếu under the number
        left += [(line, False) for line in markup.plain(document.ve).split("\n")]
    left += [(mark, mark.isupper()) for mark in (document.draft, document.urgency) if mark]
    right = [("ĐẢNG CỘNG SẢN VIỆT NAM", True), (document.date_line, False)]
    if habits.header == "table":
        table = word.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, (left, right)):
            cell.paragraphs[0].text = ""
            for i, (text, bold) in enumerate(lines):
                paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _lines(paragraph, text, bold, italic=text.startswith(org.dia_danh))
    elif habits.header == "tabs":
        for i in range(max(len(left), len(right))):
            paragraph = word.add_paragraph()
            l_text, l_bold = left[i] if i < len(left) else ("", False)
            r_text, r_bold = right[i] if i < len(right) else ("", False)
            _run(paragraph, l_text, l_bold)
            _run(paragraph, "\t\t")
            _run(paragraph, r_text, r_bold, italic=r_text.startswith(org.dia_danh))
    else:
        for text, bold in left + right:
            _centered(word, text, bold, italic=text.startswith(org.dia_danh))
    seen += [text for text, _ in left + right]
    word.add_paragraph()

    if document.kind.ten_loai:
        _centered(word, document.kind.ten_loai, bold=True, size=15)
        title = "\n".join(filter(None, [document.tac_gia, document.ve]))
        title_paragraph = word.add_paragraph()
        title_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _marked(title_paragraph, title, bold=True)
        _centered(word, "-----")
        seen += [document.kind.ten_loai, markup.plain(title)]

    numbering = _AutoNumbering(word) if habits.numbering == "auto" else None
    _outline(word, document.paragraphs, habits, numbering, seen)
    word.add_paragraph()

    recipients = [re.sub(r"[;.]$", ",", line) for line in document.recipients[:-1]] + [document.recipients[-1]]
    signature = [document.signature.quyen_han, document.signature.chuc_vu, "", "", document.signature.ho_ten]
    if habits.signature == "table":
        table = word.add_table(rows=1, cols=2)
        left_cell, right_cell = table.rows[0].cells
        left_cell.paragraphs[0].text = ""
        _run(left_cell.paragraphs[0], habits.recipients_heading, bold=True, italic=True, size=12)
        for line in recipients:
            _run(left_cell.add_paragraph(), line, size=11)
        right_cell.paragraphs[0].text = ""
        for i, line in enumerate(signature):
            paragraph = right_cell.paragraphs[0] if i == 0 else right_cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, line, bold=True)
    elif habits.signature == "tabs":
        left_lines = [habits.recipients_heading] + recipients
        for i in range(max(len(left_lines), len(signature))):
            paragraph = word.add_paragraph()
            _run(paragraph, left_lines[i] if i < len(left_lines) else "", size=11)
            _run(paragraph, "\t\t\t")
            _run(paragraph, signature[i] if i < len(signature) else "", bold=True)
    else:
        for line in [document.signature.quyen_han, document.signature.chuc_vu]:
            _centered(word, line, bold=True)
        word.add_paragraph()
        _centered(word, document.signature.ho_ten, bold=True)
        word.add_paragraph()
        _run(word.add_paragraph(), habits.recipients_heading, bold=True, italic=True, size=12)
        for line in recipients:
            _run(word.add_paragraph(), line, size=11)
    seen += [habits.recipients_heading] + recipients + [line for line in signature if line]
    for appendix in document.appendices:
        # Each appendix after a page break (Ctrl+Enter), its heading and title centred in bold.
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _centered(word, appendix.heading, bold=True)
        _centered(word, appendix.title, bold=True)
        _centered(word, appendix.reference, italic=True)
        _centered(word, "-----")
        seen += [appendix.heading, appendix.title, appendix.reference]
        _outline(word, appendix.paragraphs, habits, numbering, seen)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue(), seen
