"""The XML of the outline's blocks — paragraphs and tables — and of the appendices after the signature.

A table on a landscape page (`ngang: true`) and each appendix are separate sections of the Word
document. Here a section's end is written as a paragraph holding a placeholder w:sectPr that only
says the orientation of the section it ends; gen/word/sections.py fills every one from the
document's own section properties once the template is rendered.
"""

from __future__ import annotations

from gen.content.tables import Table
from gen.word.runs import paragraph_xml
from gen.word.sections import BREAK_STYLE, marker_xml
from gen.word.tables import table_xml

APPENDIX_HEADING, APPENDIX_TITLE, APPENDIX_REFERENCE = "PhuLucSo", "PhuLucTieuDe", "PhuLucKemTheo"
AFTER_TABLE = '<w:p><w:pPr><w:pStyle w:val="BangSau"/></w:pPr></w:p>'


def blocks_xml(
    items: list,
    width_mm: float,
    landscape_width_mm: float,
    table_pt: float,
    keep_last: bool = False,
    turn_first: bool = False,
) -> str:
    """Paragraphs and tables in order. With `keep_last`, the last paragraph keeps with the next (the
    signature): a signature page with no text on it is what a forger would want. With `turn_first`,
    a landscape table first in the list turns the page it starts on (an appendix's first page)."""
    out = []
    for i, item in enumerate(items):
        if isinstance(item, Table):
            if item.landscape:
                before = "" if turn_first and i == 0 else marker_xml("portrait")
                out.append(before + table_xml(item, landscape_width_mm, table_pt) + marker_xml("landscape"))
            else:
                # A little space between the table and the text after it, which has none before it.
                out.append(table_xml(item, width_mm, table_pt) + AFTER_TABLE)
        else:
            out.append(
                paragraph_xml(
                    item.style,
                    item.text,
                    item.label,
                    keep_next=keep_last and i == len(items) - 1,
                    label_bold=getattr(item, "label_bold", False),
                )
            )
    return "".join(out)


def appendices_xml(appendices: list, width_mm: float, landscape_width_mm: float, table_pt: float) -> str:
    """Each appendix on a new page (a section of its own, whose page numbers start again at 1):
    "Phụ lục 1" (or "PHỤ LỤC"), its title, "(Kèm theo …)", "-----", then its content."""
    out = []
    previous_landscape = False
    for appendix in appendices:
        if not previous_landscape:  # a landscape table already ended the section before
            out.append(marker_xml("portrait"))
        out.append(paragraph_xml(APPENDIX_HEADING, appendix.heading, keep_next=True))
        out.append(paragraph_xml(APPENDIX_TITLE, appendix.title, keep_next=True))
        if appendix.reference:
            out.append(paragraph_xml(APPENDIX_REFERENCE, appendix.reference, keep_next=True))
        out.append(paragraph_xml("GachNgang", "-----", inline=False, keep_next=True))
        out.append(blocks_xml(appendix.paragraphs, width_mm, landscape_width_mm, table_pt, turn_first=True))
        last = appendix.paragraphs[-1] if appendix.paragraphs else None
        previous_landscape = isinstance(last, Table) and last.landscape
    return "".join(out)


__all__ = ["BREAK_STYLE", "appendices_xml", "blocks_xml"]
