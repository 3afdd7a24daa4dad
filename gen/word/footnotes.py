"""The footnotes part of a .docx: word/footnotes.xml with Word's separator and continuation
separator (ids -1 and 0) and one w:footnote per note, numbered as the references in the text; its
relationship, content type and the w:footnotePr of the settings that name the separators.
"""

from __future__ import annotations

import re

from lxml import etree

from gen.word.ooxml import W_NS
from gen.word.runs import FOOTNOTE_REFERENCE, runs_xml

PART = "word/footnotes.xml"
RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
SETTINGS = "word/settings.xml"
PARTS_CHANGED = (RELS, TYPES, SETTINGS)
TEXT_STYLE = "FootnoteText"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SEPARATOR_PPR = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'


def footnotes_xml(notes: list[str]) -> bytes:
    """Note n of `notes` (1-based) as w:footnote w:id=n, its number drawn by w:footnoteRef."""
    items = [
        f'<w:footnote w:type="separator" w:id="-1"><w:p>{_SEPARATOR_PPR}<w:r><w:separator/></w:r></w:p></w:footnote>',
        f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{_SEPARATOR_PPR}<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for number, text in enumerate(notes, 1):
        items.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{TEXT_STYLE}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REFERENCE}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs_xml(text)}</w:p></w:footnote>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        + "".join(items)
        + "</w:footnotes>"
    ).encode("utf-8")


def add_relationship(rels: bytes) -> bytes:
    if REL_TYPE.encode() in rels:
        return rels
    used = set(re.findall(rb'Id="([^"]+)"', rels))
    rid = next(f"rIdFootnotes{n or ''}" for n in range(100) if f"rIdFootnotes{n or ''}".encode() not in used)
    entry = f'<Relationship Id="{rid}" Type="{REL_TYPE}" Target="footnotes.xml"/>'.encode()
    return rels.replace(b"</Relationships>", entry + b"</Relationships>")


def add_content_type(types: bytes) -> bytes:
    if b'PartName="/word/footnotes.xml"' in types:
        return types
    entry = f'<Override PartName="/word/footnotes.xml" ContentType="{CONTENT_TYPE}"/>'.encode()
    return types.replace(b"</Types>", entry + b"</Types>")


# CT_Settings is a sequence: w:footnotePr comes before these.
_AFTER_FOOTNOTE_PR = {
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}


def add_settings(settings: bytes) -> bytes:
    """w:footnotePr naming the separator footnotes, as Word writes it."""
    root = etree.fromstring(settings)
    w = f"{{{W_NS}}}"
    if root.find(f"{w}footnotePr") is not None:
        return settings
    element = etree.fromstring(
        f'<w:footnotePr xmlns:w="{W_NS}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    anchor = next((c for c in root if etree.QName(c).localname in _AFTER_FOOTNOTE_PR), None)
    if anchor is not None:
        anchor.addprevious(element)
    else:
        root.append(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
