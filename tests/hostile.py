"""Hostile and broken Word files, made on the fly (none is stored: some inflate to gigabytes).

Each maker writes one file into a folder and returns its path. The zip bombs are written by
streaming a deflate compressor over repeated bytes, so making them costs a few MB of memory and
well under a second, while a careless reader would inflate them to 240 MB-2 GiB.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'numbering" Target="numbering.xml"/></Relationships>'
)
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
TAIL = "</w:body></w:document>"


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def package(path: Path, document: bytes | str, numbering: bytes | str | None = None, extra: dict | None = None) -> Path:
    """A minimal Word package around the given parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/_rels/document.xml.rels", DOC_RELS)
        archive.writestr("word/document.xml", document)
        if numbering is not None:
            archive.writestr("word/numbering.xml", numbering)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def _repeated_deflate(head: bytes, unit: bytes, count: int, tail: bytes) -> tuple[bytes, int, int]:
    """Deflate data of `head + unit * count + tail` made by repeating one compressed block: a full
    flush makes each block independent of what came before, so copies of it can follow each other.
    Returns (deflated bytes, inflated size, crc) in a few MB and well under a second."""
    per_block = max(1, (1 << 20) // len(unit))
    block = unit * per_block
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    packed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks, rest = divmod(count, per_block)
    last = compressor.compress(unit * rest + tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(unit * rest + tail, crc)
    size = len(head) + len(unit) * count + len(tail)
    return first + packed * blocks + last, size, crc


def _bomb(path: Path, head: bytes, unit: bytes, count: int, tail: bytes) -> Path:
    deflated, size, crc = _repeated_deflate(head, unit, count, tail)
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES.encode(), None),
        ("_rels/.rels", RELS.encode(), None),
        ("word/document.xml", deflated, (size, crc)),
    ]
    return _raw_zip(path, entries, io.BytesIO())


def bomb_paragraphs(path: Path, count: int = 40_000_000) -> Path:
    """document.xml of `count` empty paragraphs (40 M: 240 MB inflated, ~250 KB on disk)."""
    return _bomb(path, HEAD.encode(), b"<w:p/>", count, TAIL.encode())


def bomb_text(path: Path, size: int = 2 << 30) -> Path:
    """One paragraph of `size` bytes of text (2 GiB inflated, ~2 MB on disk)."""
    return _bomb(
        path, (HEAD + "<w:p><w:r><w:t>").encode(), b"a" * 1024, size // 1024, ("</w:t></w:r></w:p>" + TAIL).encode()
    )


def bomb_declared_small(path: Path) -> Path:
    """A part whose local and central headers declare 1 KB while its deflate stream inflates to 1 GiB
    (zipfile stops at the declared size and the CRC fails: a broken file, not a big one)."""
    raw = io.BytesIO()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"<w:p/>" * 100_000
    body = [compressor.compress(HEAD.encode())]
    for _ in range(1 << 30 // len(block)):
        body.append(compressor.compress(block))
    body.append(compressor.compress(TAIL.encode()) + compressor.flush())
    compressed = b"".join(body)
    return _raw_zip(
        path, [("[Content_Types].xml", CONTENT_TYPES.encode(), None), ("word/document.xml", compressed, (1024, 0))], raw
    )


def _raw_zip(path: Path, entries, raw: io.BytesIO) -> Path:
    """Write a zip by hand; an entry is (name, data, None) stored deflated honestly, or (name, deflated
    bytes, (declared size, crc)) with the sizes we want to lie about."""
    central = []
    for name, data, lie in entries:
        if lie is None:
            crc, size = zlib.crc32(data), len(data)
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            data = compressor.compress(data) + compressor.flush()
        else:
            size, crc = lie
        offset = raw.tell()
        encoded = name.encode()
        raw.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0))
        raw.write(encoded)
        raw.write(data)
        central.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = raw.tell()
    for record in central:
        raw.write(record)
    raw.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), raw.tell() - start, start, 0))
    path.write_bytes(raw.getvalue())
    return path


def billion_laughs(path: Path) -> Path:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(entities)}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{paragraph("&lol9;")}{TAIL}'
    )
    return package(path, document)


def external_entity(path: Path, target: str = "/etc/passwd") -> Path:
    numbering = (
        f'<?xml version="1.0"?><!DOCTYPE w:numbering [<!ENTITY x SYSTEM "file://{target}">]>'
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:lvlText w:val="&x;"/></w:lvl></w:abstractNum></w:numbering>'
    )
    return package(path, HEAD + paragraph("Xin chào") + TAIL, numbering)


def external_dtd(path: Path, url: str = "http://127.0.0.1:9/x.dtd") -> Path:
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "{url}">' + HEAD.split("?>", 1)[1] + paragraph("x") + TAIL
    )
    return package(path, document)


def deep_nesting(path: Path, depth: int = 2000) -> Path:
    return package(path, HEAD + "<w:p>" * depth + "</w:p>" * depth + TAIL)


def malformed(path: Path) -> Path:
    return package(path, HEAD + "<w:p><w:r><w:t>không đóng thẻ</w:r></w:p>" + TAIL)


def corrupt_deflate(path: Path) -> Path:
    package(path, HEAD + paragraph("Nội dung") * 2000 + TAIL)
    data = bytearray(path.read_bytes())
    start = data.find(b"word/document.xml") + len("word/document.xml") + 40
    for i in range(start, start + 200):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def bad_numbers(path: Path) -> Path:
    """w:ilvl and w:start that are not numbers (Word itself refuses to open these, LibreOffice shrugs)."""
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="một"><w:start w:val="x"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="zero"><w:startOverride w:val="-"/></w:lvlOverride></w:num></w:numbering>'
    )
    body = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="không"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>Mục một</w:t></w:r></w:p>"
    )
    return package(path, HEAD + body + TAIL, numbering)


def hello(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Hello")
    document.save(path)
    return path


def huge_valid(path: Path, megabytes: int = 50) -> Path:
    """A real document with `megabytes` MB of text in ordinary paragraphs."""
    sentence = "Đảng ủy xã tập trung lãnh đạo thực hiện thắng lợi các chỉ tiêu kinh tế - xã hội năm 2026. "
    para = paragraph(sentence * 4).encode()
    count = megabytes * (1 << 20) // len(para) + 1
    return _bomb(path, HEAD.encode(), para, count, TAIL.encode())


def many_parts(path: Path, count: int = 5_000) -> Path:
    """A zip directory of 5,000 entries (each one costs the reader an object before any limit on sizes)."""
    return package(path, HEAD + paragraph("x") + TAIL, extra={f"word/media/p{i}.bin": b"" for i in range(count)})


def bomb_spread(path: Path, parts: int = 12, each: int = 20 << 20) -> Path:
    """Twelve parts of 20 MB each: every one under the per-part limit, together over the total."""
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES.encode(), None),
        ("word/document.xml", (HEAD + TAIL).encode(), None),
    ]
    for i in range(parts):
        deflated, size, crc = _repeated_deflate(b"<w:hdr>", b"<w:p/>", each // 6, b"</w:hdr>")
        entries.append((f"word/header{i}.xml", deflated, (size, crc)))
    return _raw_zip(path, entries, io.BytesIO())


def bomb_media(path: Path) -> Path:
    """An image part that inflates to 1 GiB (not XML, but a reader that loads every part would hold it)."""
    deflated, size, crc = _repeated_deflate(b"\x89PNG", b"\x00" * 4096, (1 << 30) // 4096, b"")
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES.encode(), None),
        ("word/document.xml", (HEAD + paragraph("x") + TAIL).encode(), None),
        ("word/media/image1.png", deflated, (size, crc)),
    ]
    return _raw_zip(path, entries, io.BytesIO())


def bomb_styles(path: Path) -> Path:
    """The bomb in styles.xml instead of document.xml."""
    deflated, size, crc = _repeated_deflate(
        f'<w:styles xmlns:w="{W_NS}">'.encode(), b"<w:style/>", 30_000_000, b"</w:styles>"
    )
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES.encode(), None),
        ("word/document.xml", (HEAD + paragraph("x") + TAIL).encode(), None),
        ("word/styles.xml", deflated, (size, crc)),
    ]
    return _raw_zip(path, entries, io.BytesIO())


def many_tags(path: Path) -> Path:
    """Under the size limit, but 2 million elements (each costs the parser far more than its 6 bytes)."""
    return _bomb(path, HEAD.encode(), b"<w:p/>", 2_000_000, TAIL.encode())


def encrypted_entry(path: Path) -> Path:
    """A zip entry flagged as encrypted with the old zip password scheme."""
    package(path, HEAD + paragraph("x") + TAIL)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x03\x04")
    while at >= 0:
        data[at + 6] |= 1
        at = data.find(b"PK\x03\x04", at + 4)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 8] |= 1
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def unknown_method(path: Path) -> Path:
    """document.xml stored with a compression method no reader knows (99)."""
    package(path, HEAD + paragraph("x") + TAIL)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    local = data.find(b"PK\x03\x04" + bytes(4))  # not used: patch by name below
    del local
    for signature, method_at, name_at in ((b"PK\x03\x04", 8, 30), (b"PK\x01\x02", 10, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                data[at + method_at : at + method_at + 2] = struct.pack("<H", 99)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def truncated(path: Path) -> Path:
    hello(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def utf16_doctype(path: Path) -> Path:
    """The DOCTYPE in a UTF-16 part, where a search for its UTF-8 bytes would not see it."""
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]>' + HEAD.split("?>", 1)[1]
    return package(path, (text + paragraph("&x;") + TAIL).encode("utf-16"))


def comments_in_body(path: Path) -> Path:
    """Comments and processing instructions among paragraphs and runs (valid XML, odd for Word)."""
    body = "<!-- c --><?pi x?><w:p><!-- c --><w:r><!-- c --><w:t>Nội dung</w:t><?pi y?></w:r></w:p>"
    return package(path, HEAD + body + TAIL)


def huge_numbers(path: Path) -> Path:
    """w:start of a billion with roman numbering, a level beyond Word's nine, %9 with no such level."""
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="999999999"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1.%9"/></w:lvl>'
        '<w:lvl w:ilvl="40"><w:start w:val="-5"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%41)"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    body = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"<w:r><w:t>Mục {level}</w:t></w:r></w:p>"
        for level in (0, 40, 0, 99999999999999999999)
    )
    return package(path, HEAD + body + TAIL, numbering)


def no_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    return path


def not_a_document(path: Path) -> Path:
    """document.xml whose root is not w:document (an HTML page saved under the name)."""
    return package(path, "<html><body><p>Xin chào</p></body></html>")


MAKERS = {
    "bomb_paragraphs": bomb_paragraphs,
    "bomb_text": bomb_text,
    "bomb_declared_small": bomb_declared_small,
    "billion_laughs": billion_laughs,
    "external_entity": external_entity,
    "external_dtd": external_dtd,
    "deep_nesting": deep_nesting,
    "malformed": malformed,
    "corrupt_deflate": corrupt_deflate,
    "bad_numbers": bad_numbers,
    "hello": hello,
    "huge_valid": huge_valid,
    "many_parts": many_parts,
    "bomb_spread": bomb_spread,
    "bomb_media": bomb_media,
    "bomb_styles": bomb_styles,
    "many_tags": many_tags,
    "encrypted_entry": encrypted_entry,
    "unknown_method": unknown_method,
    "truncated": truncated,
    "empty": empty,
    "utf16_doctype": utf16_doctype,
    "comments_in_body": comments_in_body,
    "huge_numbers": huge_numbers,
    "no_document": no_document,
    "not_a_document": not_a_document,
}

# What each file must give: the rule of the one finding that says why it cannot be read, or None
# for a file that is odd but readable (import reads it, check audits it).
EXPECTED = {
    "bomb_paragraphs": "docx.too_large",
    "bomb_text": "docx.too_large",
    "bomb_declared_small": "docx.broken",
    "billion_laughs": "docx.broken",
    "external_entity": "docx.broken",
    "external_dtd": "docx.broken",
    "deep_nesting": "docx.broken",
    "malformed": "docx.broken",
    "corrupt_deflate": "docx.broken",
    "bad_numbers": None,
    "hello": None,
    "huge_valid": "docx.too_large",
    "many_parts": "docx.broken",
    "bomb_spread": "docx.too_large",
    "bomb_media": "docx.too_large",
    "bomb_styles": "docx.too_large",
    "many_tags": "docx.too_many",
    "encrypted_entry": "docx.broken",
    "unknown_method": "docx.broken",
    "truncated": "docx.broken",
    "empty": "docx.not_word",
    "utf16_doctype": "docx.broken",
    "comments_in_body": None,
    "huge_numbers": None,
    "no_document": "docx.broken",
    "not_a_document": "docx.broken",
}
