"""The named styles of footnotes, tables and appendices, added to a template's styles.xml when a
document uses them and the template (the official one, or an office's own) lacks them.

Sizes come from gen/data/the-thuc.yaml (footnote_size_pt, table_size_pt), each with its source.
Footnote styles carry Word's built-in names ("footnote text", "footnote reference"), so Word and
LibreOffice treat them as theirs; the others are named in Vietnamese like the template's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from gen.settings import layout
from gen.word.ooxml import W_NS


def _half(pt: float) -> int:
    return round(pt * 2)


def _paragraph(style_id: str, name: str, ppr: str, rpr: str, based_on: str = "Normal", custom: bool = True) -> str:
    flag = ' w:customStyle="1"' if custom else ""
    return (
        f'<w:style w:type="paragraph"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>'
        f'<w:uiPriority w:val="1"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>'
    )


@lru_cache(maxsize=1)
def definitions() -> dict[str, str]:
    """style id -> its w:style element."""
    note = _half(layout("footnote_size_pt"))
    table = _half(layout("table_size_pt"))
    body = _half(layout("body_size_pt"))
    size = lambda half: f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'  # noqa: E731
    cell = '<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'
    return {
        "FootnoteText": _paragraph(
            "FootnoteText",
            "footnote text",
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/>',
            size(note),
            custom=False,
        ),
        "FootnoteReference": (
            '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
            '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        ),
        "BangChu": _paragraph("BangChu", "Bảng - chữ", cell, size(table)),
        "BangDau": _paragraph(
            "BangDau", "Bảng - tiêu đề cột", cell + '<w:jc w:val="center"/>', "<w:b/><w:bCs/>", based_on="BangChu"
        ),
        "BangTong": _paragraph("BangTong", "Bảng - dòng tổng", cell, "<w:b/><w:bCs/>", based_on="BangChu"),
        "BangTieuDe": _paragraph(
            "BangTieuDe",
            "Bảng - tên bảng",
            '<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>',
            "<w:b/><w:bCs/>" + size(body),
        ),
        "BangDonVi": _paragraph(
            "BangDonVi",
            "Bảng - đơn vị tính",
            '<w:keepNext/><w:spacing w:after="60"/><w:jc w:val="right"/>',
            "<w:i/><w:iCs/>" + size(table),
        ),
        "PhuLucSo": _paragraph(
            "PhuLucSo", "Phụ lục - số", '<w:keepNext/><w:jc w:val="center"/>', "<w:b/><w:bCs/>" + size(body)
        ),
        "PhuLucTieuDe": _paragraph(
            "PhuLucTieuDe",
            "Phụ lục - tên",
            '<w:keepNext/><w:spacing w:before="60"/><w:jc w:val="center"/>',
            "<w:b/><w:bCs/>" + size(body),
        ),
        "PhuLucKemTheo": _paragraph(
            "PhuLucKemTheo", "Phụ lục - kèm theo", '<w:keepNext/><w:jc w:val="center"/>', "<w:i/><w:iCs/>" + size(body)
        ),
        "BangSau": _paragraph(
            "BangSau", "Bảng - khoảng cách sau", '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', size(12)
        ),
        "NgatVung": _paragraph(
            "NgatVung", "Ngắt vùng", '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', size(2)
        ),
    }


def used(document_xml: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb'w:(?:pStyle|rStyle) w:val="([^"]+)"', document_xml)} & set(definitions())


def ensure(styles_xml: bytes, wanted: set[str]) -> bytes:
    """styles.xml with the `wanted` styles added where the template has no style of that id."""
    root = etree.fromstring(styles_xml)
    have = {style.get(f"{{{W_NS}}}styleId") for style in root.iter(f"{{{W_NS}}}style")}
    missing = [name for name in definitions() if name in wanted and name not in have]
    if not missing:
        return styles_xml
    for name in missing:
        root.append(etree.fromstring(f'<w:styles xmlns:w="{W_NS}">{definitions()[name]}</w:styles>')[0])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
