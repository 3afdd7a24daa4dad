"""OOXML at the byte level, shared by everything that writes or reads Word files: the namespaces, a
child placed in schema order, and a deterministic zip writer that takes members already deflated."""

from __future__ import annotations

import io
import struct
import zlib

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def child_in_order(parent, name: str, order: tuple[str, ...] | list[str]):
    """The child w:`name` of an lxml element, created where the schema's sequence `order` (local
    names, `name` among them) puts it: after the last child that comes before it. Word refuses a
    part whose children are out of order; LibreOffice reads any order."""
    found = parent.find(f"{W}{name}")
    if found is None:
        found = parent.makeelement(f"{W}{name}")
        before = set(order[: order.index(name)])
        anchors = [c for c in parent if isinstance(c.tag, str) and c.tag.rpartition("}")[2] in before]
        if anchors:
            anchors[-1].addnext(found)
        else:
            parent.insert(0, found)
    return found


_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01, 00:00: the same bytes on every run


def deflate(data: bytes) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size), as a zip member stores them."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def write_zip(members: list[tuple[str, tuple[bytes, int, int]]]) -> bytes:
    """A zip of already-deflated members, in the given order, with fixed times and permissions.
    (zipfile cannot take compressed data, and would recompress the unchanging parts every time.)"""
    out = io.BytesIO()
    central = []
    for name, (data, crc, size) in members:
        encoded = name.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        offset = out.tell()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, _DOS_DATE, crc, len(data), size, len(encoded), 0)
        )
        out.write(encoded)
        out.write(data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                flags,
                8,
                0,
                _DOS_DATE,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0o600 << 16,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()
