"""Stage 1: read a YAML file into plain data, remembering where every key and value came from.

PyYAML alone is not safe for hand-edited office files: it keeps the last of two duplicate keys,
reads `so: 062` as octal 50 and `ngay: 2026-02-30` as a crash, and expands alias bombs. So the
document is composed into a node graph and built here, with YAML 1.2 style scalars (decimal
integers, true/false only, no implicit dates), every problem recorded as a located Finding.
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from gen.content.files import real_path
from gen.exceptions import ERROR, Finding, finding
from gen.messages import N_, t

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
# Nesting of lists and mappings: an outline five levels deep is about 12; the parsers recurse per level.
MAX_DEPTH = 60

# Characters XML 1.0 cannot hold; a docx containing one does not open.
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Path_ = tuple  # a path into the data: ("noi_dung", 3, "tieu_de")


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema, minus the surprises of 1.1 (octal, sexagesimal, yes/no, dates)."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _PureComposer(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Resolver):
    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


if yaml.__with_libyaml__:
    # libyaml parses about ten times faster; the nodes, marks and errors are the same.
    from yaml.cyaml import CParser  # type: ignore[attr-defined]  # not re-exported in the stubs

    class _Composer(CParser, _Resolver):
        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            _Resolver.__init__(self)
else:
    _Composer = _PureComposer  # type: ignore[misc,assignment]


@dataclass
class Source:
    """A loaded YAML file: its data and where each part of it is."""

    path: Path
    data: Any = None
    # path -> (line, column) of the value; keys of mappings at ("key",) + path
    positions: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    text: str = ""  # the file as read (NFC), for locating words inside long values
    label: str = ""  # how to name it when it is not the file on disk ("content/a.yaml@HEAD~1")
    # display_path of `path` and the working directory it was made in: resolving both paths on
    # disk costs more than many a rule, and every finding of the file names it.
    _named: tuple[str, str] | None = field(default=None, repr=False, compare=False)
    _lines: tuple[str, list[str]] | None = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> list[str]:
        """The file's lines as read, split once for all the findings located in them."""
        if self._lines is None or self._lines[0] is not self.text:
            self._lines = (self.text, self.text.split("\n"))
        return self._lines[1]

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        cwd = os.getcwd()
        if self._named is None or self._named[0] != cwd:
            self._named = (cwd, display_path(self.path, cwd))
        return self._named[1]

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path` (or of its key), else of the nearest parent."""
        path = tuple(path)
        while True:
            if key and ("key",) + path in self.positions:
                return self.positions[("key",) + path]
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]
            key = False

    def finding(self, path: Path_, rule: str, /, severity: str = ERROR, at_key: bool = False, **params) -> Finding:
        line, column = self.where(path, key=at_key)
        return Finding(self.name, line, column, rule, severity, t(rule, **params))


def display_path(path: Path, cwd: str | None = None) -> str:
    """Paths in messages are relative to the working directory (`cwd`, else asked) when they can be."""
    real, base = _resolved(str(path)), _resolved_folder(cwd or os.getcwd())
    if os.path.normcase(real) == os.path.normcase(base):
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if os.path.normcase(real).startswith(os.path.normcase(prefix)):
        return real[len(prefix) :]
    return str(path)


def _resolved(path: str) -> str:
    """real_path of a file, as text: its folder resolved once (every file of a folder is named, and
    resolving reads each folder of the path on disk), the file itself only when it is a link."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return str(real_path(path))
    return os.path.join(_resolved_folder(os.path.abspath(folder)), name)


@lru_cache(maxsize=256)
def _resolved_folder(folder: str) -> str:
    return str(real_path(folder))


def read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file. A pipe or a device (a FIFO or a link to /dev/zero put
    under content/) would block or never end: it is an OSError here, a finding for that file."""
    import stat

    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, t("input.not_regular"), str(path))
    with open(path, "rb") as handle:
        return handle.read(limit)


def load(path: Path) -> Source:
    source = Source(Path(path))
    try:
        raw = read_regular(source.path, MAX_BYTES + 1)
    except FileNotFoundError:
        source.findings.append(finding(source.name, "input.missing", path=source.name))
        return source
    except OSError as exc:
        source.findings.append(finding(source.name, "input.missing", path=f"{source.name} ({exc.strerror})"))
        return source
    return parse(raw, source)


def parse(raw: bytes, source: Source) -> Source:
    if len(raw) > MAX_BYTES:
        source.findings.append(finding(source.name, "input.too_large", size=len(raw), limit=MAX_BYTES))
        return source
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        source.findings.append(finding(source.name, "input.encoding", line, column))
        return source
    # Text pasted from PDFs and Mac software is often decomposed (NFD); Word renders and
    # searches composed text only.
    text = unicodedata.normalize("NFC", text)
    text = _strip_forbidden(text, source)
    source.text = text
    _check_tabs(text, source)
    if any(f.rule == "yaml.tab" for f in source.findings):
        return source
    try:
        _check_depth(text)
        composer = _Composer(text)
        node = composer.get_single_node()
    except _TooDeep as exc:
        source.findings.append(finding(source.name, "yaml.too_deep", exc.line, exc.column, limit=MAX_DEPTH))
        return source
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark
        if "expected a single document" in str(exc) and mark is not None:
            source.findings.append(finding(source.name, "yaml.multiple_documents", mark.line + 1, mark.column + 1))
        else:
            _syntax_finding(exc, source, text)
        return source
    except yaml.MarkedYAMLError as exc:
        _syntax_finding(exc, source, text)
        return source
    except yaml.YAMLError as exc:  # reader errors carry no mark of the usual kind
        source.findings.append(finding(source.name, "yaml.syntax", problem=str(exc)))
        return source
    if node is None:
        source.findings.append(finding(source.name, "yaml.empty"))
        return source
    builder = _Builder(source)
    try:
        source.data = builder.build(node, ())
    except _TooComplex:
        source.data = None
        source.findings.append(finding(source.name, "yaml.too_complex", limit=MAX_NODES))
        return source
    if not isinstance(source.data, dict):
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        source.findings.append(finding(source.name, "yaml.not_mapping", line, column))
    return source


def _strip_forbidden(text: str, source: Source) -> str:
    if not FORBIDDEN_CHARS.search(text):
        return text
    for line_no, line in enumerate(text.split("\n"), start=1):
        for match in FORBIDDEN_CHARS.finditer(line):
            source.findings.append(
                finding(source.name, "text.control_char", line_no, match.start() + 1, code=ord(match.group()))
            )
    # Parsing goes on without them so that every other problem is reported too.
    return FORBIDDEN_CHARS.sub("", text)


def _check_tabs(text: str, source: Source) -> None:
    for line_no, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            source.findings.append(finding(source.name, "yaml.tab", line_no, indent.index("\t") + 1))


_KEY_LINE = re.compile(r"^\s*(?:- )?[a-z_]+(?=:(?:\s|$))")


def _syntax_finding(exc: yaml.MarkedYAMLError, source: Source, text: str) -> None:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "?"
    for pattern, message_id in _PROBLEMS:
        if pattern in problem or pattern in (exc.context or ""):
            # A colon "not allowed here" on a line that is just a key means the line above it
            # is indented differently from its siblings, not that the colon is wrong.
            lines = text.split("\n")
            key = _KEY_LINE.match(lines[mark.line]) if mark and mark.line < len(lines) else None
            if message_id == "yaml.problem.colon" and key and mark and key.end() == mark.column:
                message_id = N_("yaml.problem.indent_above")
            problem = t(message_id)
            # An unclosed quote or bracket is noticed lines later; point at where it was opened.
            if message_id in _OPENED_AT_CONTEXT and exc.context_mark:
                mark = exc.context_mark
            break
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    last = text.count("\n") + 1  # libyaml may point just past the end of the file
    if line > last:
        line, column = last, 1
    source.findings.append(finding(source.name, "yaml.syntax", line, column, problem=problem))


# PyYAML's wording of the usual mistakes -> the same said in the author's terms.
_PROBLEMS = [
    ("mapping values are not allowed", N_("yaml.problem.colon")),
    ("could not find expected ':'", N_("yaml.problem.missing_colon")),
    ("expected <block end>", N_("yaml.problem.indent")),
    ("did not find expected key", N_("yaml.problem.indent")),
    ("did not find expected '-' indicator", N_("yaml.problem.indent")),
    ("expected ',' or '}'", N_("yaml.problem.brace")),
    ("expected ',' or ']'", N_("yaml.problem.bracket")),
    ("while scanning a quoted scalar", N_("yaml.problem.quote")),
    ("found undefined alias", N_("yaml.problem.alias")),
    ("found unknown escape character", N_("yaml.problem.escape")),
]
_OPENED_AT_CONTEXT = {"yaml.problem.brace", "yaml.problem.bracket", "yaml.problem.quote"}


class _TooComplex(Exception):
    pass


_LINE_PREFIX = re.compile(r"^[ \t-]*", re.M)
_FLAT_PAIR = re.compile(r"\[[^\[\]{}\"'#\n]*\]")


class _TooDeep(Exception):
    def __init__(self, line: int, column: int):
        self.line, self.column = line, column


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing: PyYAML's composer recurses once per
    level (500 "[" in a 1 KB file exhaust Python's stack). Scanned with PyYAML's own tokens, so
    brackets inside quoted text do not count; indentation counts through block start tokens."""
    # Each block level starts at least one column (a space or "- ") further in, give or take a mapping
    # and the sequence under its key sharing a column; each flow level needs a bracket. Most files are
    # shallow by that bound, and the token scan (0.7 ms) is only for the others.
    # Bracket pairs on one line with nothing that could nest, quote or comment between them (table
    # rows, footnote keys "[^1]" in text) are taken out pass by pass: pairs taken out in one pass
    # nest in none of the same pass, so each pass adds at most one level, however many rows.
    budget = MAX_DEPTH - 2 * (max(map(len, _LINE_PREFIX.findall(text)), default=0) + 1)
    flat, passes, pairs = text, 0, 1
    while pairs and passes <= budget:
        flat, pairs = _FLAT_PAIR.subn("", flat)
        passes += bool(pairs)
    if passes + flat.count("[") + flat.count("{") <= budget:
        return
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
            if isinstance(
                token,
                (
                    yaml.FlowSequenceStartToken,
                    yaml.FlowMappingStartToken,
                    yaml.BlockSequenceStartToken,
                    yaml.BlockMappingStartToken,
                ),
            ):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _TooDeep(token.start_mark.line + 1, token.start_mark.column + 1)
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports the syntax error with its place


_SCALARS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": lambda v: int(v, 10),
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:null": lambda v: None,
}


class _Builder:
    def __init__(self, source: Source):
        self.source = source
        self.count = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooComplex()
        self.source.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        convert = _SCALARS.get(node.tag)
        if convert is None:
            self._tag(node, path)
            return node.value
        if convert is str and isinstance(node, yaml.ScalarNode):
            return self._text(node)
        return convert(node.value)

    def _text(self, node: yaml.ScalarNode) -> str:
        """Escapes in double-quoted text ("\\x0b", "e\\u0301") can bring back what the raw-text pass
        removed, so the value itself is checked and composed too."""
        value = unicodedata.normalize("NFC", node.value)
        for match in FORBIDDEN_CHARS.finditer(value):
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            self.source.findings.append(
                finding(self.source.name, "text.control_char", line, column, code=ord(match.group()))
            )
        return FORBIDDEN_CHARS.sub("", value)

    def _tag(self, node: yaml.Node, path: Path_) -> None:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.source.findings.append(finding(self.source.name, "yaml.tag", line, column, tag=node.tag))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        result: dict = {}
        first_seen: dict[str, int] = {}
        if node.tag != "tag:yaml.org,2002:map":
            self._tag(node, path)
        for key_node, value_node in node.value:
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.source.findings.append(finding(self.source.name, "yaml.key_type", line, column))
                continue
            key = key_node.value
            if key in first_seen:
                self.source.findings.append(
                    finding(self.source.name, "yaml.duplicate_key", line, column, key=key, first_line=first_seen[key])
                )
                continue
            first_seen[key] = line
            self.source.positions[("key",) + path + (key,)] = (line, column)
            result[key] = self.build(value_node, path + (key,))
        return result
