"""Open a Word file safely: the one way the tool reads a .docx it did not make.

A Word file is a zip of XML parts, and both layers can be turned against a reader: a few hundred
kilobytes can inflate to gigabytes (a zip bomb), an XML part can declare entities that expand
without end ("billion laughs") or fetch a file or URL (an external entity), and nesting or element
counts can be made large enough to exhaust memory. So every limit is checked while the bytes are
inflated and parsed, never after: the read stops at the first byte past a limit.

- the file on disk, the zip's central directory and its number of entries are bounded before the
  zip is opened;
- each part is inflated in chunks and counted, against a per-part and a total limit, and the zip's
  CRC is checked at the end of each part (corrupt deflate data is a broken file, not a crash);
- XML is parsed by lxml with no entity resolution, no DTD loading, no network and no huge-tree
  option, and a parser target that refuses a DOCTYPE outright and counts depth and elements.

Every failure is a WordFileError carrying a rule id and parameters, which the caller turns into a
finding located at the file: "tệp Word hỏng", "tệp có mật khẩu", "tệp quá lớn sau khi giải nén".
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from gen.exceptions import WordFileError
from gen.messages import N_

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Generous for any real document of an office (a 300-page report is a few MB of XML),
    small enough that a hostile file is refused within a second and ~100 MB of memory."""

    file: int = 64 * MB  # on disk
    part: int = 16 * MB  # one part, inflated (a 300-page report is 3-5 MB; 16 MB read and audited take ~160 MB)
    total: int = 64 * MB  # all parts, inflated
    entries: int = 4000  # parts in the zip
    directory: int = 2 * MB  # the zip's central directory
    elements: int = 250_000  # tags in one XML part (a 60-page report has ~25,000; reading costs ~0.1 ms a tag)


LIMITS = Limits()

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .doc, or an encrypted .docx
_CHUNK = 64 * 1024


def _mb(size: int) -> str:
    """Megabytes as a Vietnamese reader writes them: "2048", "24,7" (a decimal where it tells 24,7 from 24)."""
    if size >= 100 * MB:
        return f"{size / MB:.0f}"
    text = f"{size / MB:.1f}"
    return (text[:-2] if text.endswith(".0") else text).replace(".", ",")


def broken(detail: object) -> WordFileError:
    return WordFileError(N_("docx.broken"), detail=str(detail) or type(detail).__name__)


def too_large(size: int, limit: int) -> WordFileError:
    """Inflated past a limit: `size` is how far the read got (at least that much), or the size declared."""
    return WordFileError(N_("docx.too_large"), size=_mb(size), limit=_mb(limit))


@dataclass
class WordPackage:
    """The parts of a Word file, read within the limits; XML parts are parsed on request."""

    data: bytes  # the file as read, once (so a later reader sees exactly what was checked)
    parts: dict[str, bytes]  # XML parts (and .rels) by name; other parts were inflated, counted and dropped
    limits: Limits = LIMITS
    _trees: dict = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.parts

    def xml(self, name: str):
        """The part parsed, or None when the package has no such part."""
        if name not in self.parts:
            return None
        if name not in self._trees:
            self._trees[name] = parse_xml(self.parts[name], self.limits, name)
        return self._trees[name]

    def check_all(self) -> None:
        """Parse every XML part once (keeping no tree): what a reader of the whole package needs."""
        for name, data in self.parts.items():
            if name not in self._trees:
                parse_xml(data, self.limits, name)


def open_word(path: Path, limits: Limits = LIMITS) -> WordPackage:
    """Read `path` as a Word (.docx) file or raise WordFileError. OSError passes through."""
    from gen.content.loader import read_regular

    path = Path(path)
    data = read_regular(path, limits.file + 1)
    if len(data) > limits.file:
        raise WordFileError(N_("docx.too_large_file"), size=_mb(path.stat().st_size), limit=_mb(limits.file))
    return open_bytes(data, limits)


def open_bytes(data: bytes, limits: Limits = LIMITS) -> WordPackage:
    if data.startswith(_CFB_MAGIC):
        raise WordFileError(_compound_kind(data))
    if not data.startswith(b"PK"):
        raise WordFileError(N_("docx.not_word"))
    _check_directory(data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
        raise broken(exc) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.entries:
            raise broken(f"{len(infos)} parts")
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            if "[Content_Types].xml" not in names:
                raise WordFileError(N_("docx.not_word"))
            raise broken("word/document.xml")
        declared = 0
        for info in infos:
            # zipfile never returns more than the declared size, so declared sizes are a first bound;
            # the count while inflating below is the one that cannot be lied to.
            if info.file_size > limits.part and _is_xml(info.filename):
                raise too_large(info.file_size, limits.part)
            declared += info.file_size
            if declared > limits.total:
                raise too_large(declared, limits.total)
        parts: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            keep = _is_xml(info.filename)
            chunks: list[bytes] = []
            size = 0
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if keep and size > limits.part:
                            raise too_large(size, limits.part)
                        if total > limits.total:
                            raise too_large(total, limits.total)
                        if keep:
                            chunks.append(chunk)
            except WordFileError:
                raise
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                ValueError,
                NotImplementedError,
                RuntimeError,
                struct.error,
                OSError,
            ) as exc:
                # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method
                raise broken(f"{info.filename}: {exc}") from None
            if keep:
                parts[info.filename] = b"".join(chunks)
    return WordPackage(data, parts, limits)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _check_directory(data: bytes, limits: Limits) -> None:
    """The end record states the central directory's size and entry count: refuse a huge one before
    zipfile builds an object per entry."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        raise broken("no zip end record")
    entries, size = struct.unpack("<HI", data[end + 10 : end + 16])
    if entries == 0xFFFF or size == 0xFFFFFFFF:  # zip64: read the zip64 end record through its locator
        locator = end - 20
        if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
            raise broken("zip64 locator")
        (offset,) = struct.unpack("<Q", data[locator + 8 : locator + 16])
        if offset + 56 > len(data) or data[offset : offset + 4] != b"PK\x06\x06":
            raise broken("zip64 end record")
        entries, size = struct.unpack("<QQ", data[offset + 32 : offset + 48])
    if entries > limits.entries:
        raise broken(f"{entries} parts")
    if size > limits.directory:
        raise too_large(size, limits.directory)


def _compound_kind(data: bytes) -> str:
    """An OLE compound file is an encrypted .docx (streams EncryptionInfo/EncryptedPackage), an old
    Word 97-2003 .doc (stream WordDocument, perhaps itself with a password) or something else."""
    try:
        import olefile
    except ImportError:  # pragma: no cover - a dependency
        return N_("docx.old_format")
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # olefile raises many kinds on a damaged file; all mean the same here
        return N_("docx.not_word")
    with ole:
        if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
            return N_("docx.password")
        if ole.exists("WordDocument"):
            try:
                fib = ole.openstream("WordDocument").read(12)
            except Exception:
                return N_("docx.old_format")
            if len(fib) >= 12 and struct.unpack("<H", fib[10:12])[0] & 0x0100:  # FIB fEncrypted
                return N_("docx.password")
            return N_("docx.old_format")
    return N_("docx.not_word")


# -- XML ---------------------------------------------------------------------------------------

# A DOCTYPE is where entities and external DTDs are declared; no Word part has one. Looked for in
# the encodings an XML part may use, and again on the parsed tree (a cheap belt and braces).
_DOCTYPE = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def parse_xml(data: bytes, limits: Limits = LIMITS, name: str = ""):
    """Parse one XML part within the limits and return its root element.

    Elements are bounded by counting the tags' opening brackets before parsing (an element needs
    at least one), depth by libxml2's own limit without the huge-tree option (256)."""
    from lxml import etree

    where = f"{name}: " if name else ""
    if any(pattern in data for pattern in _DOCTYPE):
        raise broken(f"{where}DOCTYPE")
    if data.count(b"<") > limits.elements:
        raise WordFileError(N_("docx.too_many"), count=f"{limits.elements:,}".replace(",", "."))
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise broken(f"{where}{exc}") from None
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise broken(f"{where}DOCTYPE")
    return root
