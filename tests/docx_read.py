"""Reading a built .docx back: text, styles resolved through the style hierarchy, sections; and a
part added to one."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.shared import Length

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path):
    return Document(str(path))


def body_text(doc) -> str:
    return " ".join(p.text for p in doc.paragraphs)


def style_value(style, getter):
    """The first value set on the style or its bases (python-docx does not resolve inheritance)."""
    while style is not None:
        value = getter(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def size_pt(paragraph) -> float | None:
    value = style_value(paragraph.style, lambda s: s.font.size)
    return Length(value).pt if value is not None else None


def is_bold(paragraph) -> bool:
    return bool(style_value(paragraph.style, lambda s: s.font.bold))


def is_italic(paragraph) -> bool:
    return bool(style_value(paragraph.style, lambda s: s.font.italic))


def alignment(paragraph):
    return style_value(paragraph.style, lambda s: s.paragraph_format.alignment)


def cell_paragraphs(doc, table_index: int, cell_index: int):
    return doc.tables[table_index].rows[0].cells[cell_index].paragraphs


def by_style(paragraphs, style_id: str):
    return [p for p in paragraphs if p.style.style_id == style_id]


RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def with_part(
    data: bytes,
    name: str,
    body: bytes,
    rel_id: str,
    kind: str,
    content_type: str = "",
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The .docx `data` with the part `name` (under word/) added, compressed by `compression`, and
    related to the document as a part of `kind` ("footnotes", "image"); its content type declared
    where one is given. The other parts are copied as they are."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            raw = source.read(info.filename)
            if info.filename == "[Content_Types].xml" and content_type:
                override = f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'
                raw = raw.replace(b"</Types>", override.encode())
            elif info.filename == "word/_rels/document.xml.rels":
                relationship = (
                    f'<Relationship Id="{rel_id}" Type="{RELATIONSHIPS}{kind}" Target="{name.removeprefix("word/")}"/>'
                )
                raw = raw.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")
            target.writestr(info, raw)
        target.writestr(name, body)
    return out.getvalue()
