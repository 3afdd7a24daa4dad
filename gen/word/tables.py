"""Word tables of the body and the appendices, as Party documents set them: single thin borders,
the header row(s) bold, centred and repeated on every page, rows never split across pages,
figures right-aligned, a total row bold; column widths from the content unless given.

Formatting is in named styles ("Bảng - chữ", "Bảng - tiêu đề cột" …, gen/word/styles.py) so an
office can change the table text size in Word; only alignment is set on the paragraph.
"""

from __future__ import annotations

from gen.content.markup import plain
from gen.content.tables import Cell, Table
from gen.word.metrics import text_width_mm
from gen.word.runs import paragraph_xml

TEXT, HEAD, TOTAL, CAPTION, UNIT = "BangChu", "BangDau", "BangTong", "BangTieuDe", "BangDonVi"
CELL_MARGIN_MM = 1.5
_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
_MIN_COLUMN_MM = 8.0


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def table_xml(table: Table, width_mm: float, size_pt: float) -> str:
    """The caption and unit line (when given) and the table."""
    widths = [twips(w) for w in (table.widths_mm or auto_widths(table, width_mm, size_pt))]
    out = []
    if table.caption:
        out.append(paragraph_xml(CAPTION, table.caption, keep_next=True))
    if table.unit:
        out.append(paragraph_xml(UNIT, table.unit, keep_next=True))
    borders = "".join(_BORDER.format(side=side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margin = twips(CELL_MARGIN_MM)
    out.append(
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/>'
        f'</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{''.join(f'<w:gridCol w:w={chr(34)}{w}{chr(34)}/>' for w in widths)}</w:tblGrid>"
    )
    for row in table.rows:
        props = "<w:cantSplit/>" + ("<w:tblHeader/>" if row.header else "")
        cells, column = [], 0
        for cell in row.cells:
            span = widths[column : column + cell.colspan]
            cells.append(_cell_xml(cell, sum(span), row.header, row.total))
            column += cell.colspan
        out.append(f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _cell_xml(cell: Cell, width: int, header: bool, total: bool) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if cell.colspan > 1:
        props.append(f'<w:gridSpan w:val="{cell.colspan}"/>')
    if cell.merged:
        props.append("<w:vMerge/>")
    elif cell.rowspan > 1:
        props.append('<w:vMerge w:val="restart"/>')
    props.append('<w:vAlign w:val="center"/>')
    if cell.merged:
        return f'<w:tc><w:tcPr>{"".join(props)}</w:tcPr><w:p><w:pPr><w:pStyle w:val="{HEAD if header else TEXT}"/></w:pPr></w:p></w:tc>'
    style = HEAD if header else TOTAL if total else TEXT
    jc = "" if header else "right" if cell.numeric else cell.align
    paragraph = paragraph_xml(style, cell.text, jc=jc)
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paragraph}</w:tc>"


def auto_widths(table: Table, width_mm: float, size_pt: float) -> list[float]:
    """Column widths filling `width_mm`: each column gets at least its longest word (a figure is
    never broken), and the rest of the width goes to the columns whose text is longest."""
    shortest = [_MIN_COLUMN_MM] * table.columns
    longest = [_MIN_COLUMN_MM] * table.columns
    padding = 2 * CELL_MARGIN_MM + 1
    for row in table.rows:
        column = 0
        for cell in row.cells:
            if cell.colspan == 1 and not cell.merged and cell.text:
                text = plain(cell.text)
                style = "bold" if row.header or row.total else "regular"
                lines = text.split("\n")
                whole = max(text_width_mm(line, style, size_pt) for line in lines) + padding
                words = [w for line in lines for w in line.split()] or [text]
                word = whole if cell.numeric else max(text_width_mm(w, style, size_pt) for w in words) + padding
                shortest[column] = max(shortest[column], word)
                # A heading wraps under its figures: only the data decides how wide a column wants to be.
                longest[column] = max(longest[column], max(word, whole / 2) if row.header else whole)
            column += cell.colspan
    if sum(shortest) >= width_mm:
        return [w * width_mm / sum(shortest) for w in shortest]
    if sum(longest) <= width_mm:
        return [w + (width_mm - sum(longest)) * w / sum(longest) for w in longest]
    spare = width_mm - sum(shortest)
    wants = [max(0.0, b - a) for a, b in zip(shortest, longest)]
    return [a + spare * want / sum(wants) for a, want in zip(shortest, wants)]
