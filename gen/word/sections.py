"""Sections of a rendered document: the main text, each appendix, each landscape table.

Every section copies the document's own section properties (page size and margins of the rules in
force, the header with the page number): the first page of the document and of each appendix shows
no number (05-HD Phụ lục 2 row 15), each appendix numbers its pages from 1 again (05-HD §II.1:
"Page numbers restart in each appendix", party-format.md §3.10), and a landscape section turns the
page (05-HD §IV: tables "có thể trình bày theo chiều ngang").
"""

from __future__ import annotations

import copy
from typing import Any

from gen.word.ooxml import W, child_in_order

BREAK_STYLE = "NgatVung"
_ORIENTATION = {"portrait": "00000001", "landscape": "00000002"}
_FROM_MARK = {v: k for k, v in _ORIENTATION.items()}
APPENDIX_STYLE = "PhuLucSo"

# CT_SectPr is a sequence: its children in schema order.
SECTPR_ORDER = (
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def marker_xml(orientation: str) -> str:
    """The paragraph that ends a section of this orientation (filled by `finish`)."""
    return f'<w:p><w:pPr><w:pStyle w:val="{BREAK_STYLE}"/><w:sectPr w:rsidSect="{_ORIENTATION[orientation]}"/></w:pPr></w:p>'


def _set(sect, tag: str, attributes: dict | None) -> None:
    """Set (or with None, remove) the child `tag` of a sectPr, in schema order."""
    if attributes is None:
        found = sect.find(f"{W}{tag}")
        if found is not None:
            sect.remove(found)
        return
    found = child_in_order(sect, tag, SECTPR_ORDER)  # the one there, or a new one in its place
    for key in list(found.attrib):
        del found.attrib[key]
    for key, value in attributes.items():
        found.set(f"{W}{key}", value)


def has_markers(body) -> bool:
    return any(s.get(f"{W}rsidSect") in _FROM_MARK for s in body.iter(f"{W}sectPr"))


def finish(body) -> None:
    """Fill every placeholder section from the body's own w:sectPr (already set up for the date)."""
    final = body.find(f"{W}sectPr")
    if final is None or not has_markers(body):
        return
    template = copy.deepcopy(final)
    sections: list[dict[str, Any]] = []
    current: dict[str, Any] = {"appendix": False, "content": 0, "marker": None}
    for child in body:
        if child is final:
            break
        sect = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else None
        style = child.find(f"{W}pPr/{W}pStyle") if child.tag == f"{W}p" else None
        if style is not None and style.get(f"{W}val") == APPENDIX_STYLE and current["content"] == 0:
            current["appendix"] = True
        if sect is not None and sect.get(f"{W}rsidSect") in _FROM_MARK:
            current.update(marker=child, sect=sect, orientation=_FROM_MARK[sect.get(f"{W}rsidSect")])
            sections.append(current)
            current = {"appendix": False, "content": 0, "marker": None}
        else:
            current["content"] += 1
    if current["content"] == 0 and sections:
        # The document ends with a landscape table: its section is the last one.
        last = sections.pop()
        body.remove(last["marker"])
        current = {**last, "marker": None}
    current.update(sect=final, orientation=current.get("orientation", "portrait"))
    sections.append(current)
    for index, section in enumerate(sections):
        sect = section["sect"]
        filled = copy.deepcopy(template)
        _orient(filled, section["orientation"])
        _set(filled, "titlePg", {} if index == 0 or section["appendix"] else None)
        _set(filled, "pgNumType", {"start": "1"} if section["appendix"] else None)
        if sect is final:
            for child in list(final):
                final.remove(child)
            for child in filled:
                final.append(child)
        else:
            sect.getparent().replace(sect, filled)


def _orient(sect, orientation: str) -> None:
    size = sect.find(f"{W}pgSz")
    if size is None:
        return
    width, height = int(size.get(f"{W}w")), int(size.get(f"{W}h"))
    if orientation == "landscape":
        size.set(f"{W}w", str(max(width, height)))
        size.set(f"{W}h", str(min(width, height)))
        size.set(f"{W}orient", "landscape")
    else:
        size.set(f"{W}w", str(min(width, height)))
        size.set(f"{W}h", str(max(width, height)))
        if size.get(f"{W}orient") is not None:
            del size.attrib[f"{W}orient"]
