"""Write content data as the YAML an author would write: keys in the order of our examples, short
text plain, long text as folded block scalars, text with line breaks as literal blocks, and
comments above the keys the author must check.

PyYAML's dumper cannot write comments or choose a style per value; this small writer can, and
checks every scalar it writes by reading it back, falling back to a quoted string when a block
would not give the same text.
"""

from __future__ import annotations

import re
import textwrap

import yaml

WIDTH = 100
FLOW_KEYS = {"ky"}  # written on one line, as in the examples: ky: {thang: 4, nam: 2026}
FLOW_LIST_KEYS = {"dau", "rong"}  # a table's header row and widths: dau: [Chỉ tiêu, Kế hoạch, Thực hiện]


def dump(data: dict, comments: dict[str, list[str]] | None = None, header: list[str] | None = None) -> str:
    """`comments`: top-level key → comment lines written above it."""
    comments = comments or {}
    out = [f"# {line}" if line else "#" for line in header or []]
    for key, value in data.items():
        out += [f"# {line}" for line in comments.get(key, [])]
        out += _entry(key, value, 0)
    return "\n".join(out) + "\n"


def _entry(key: str, value, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        if key in FLOW_KEYS and value and all(_is_short(v) for v in value.values()):
            inner = ", ".join(f"{k}: {_scalar_inline(v)}" for k, v in value.items())
            return [f"{pad}{key}: {{{inner}}}"]
        lines = [f"{pad}{key}:"]
        for k, v in value.items():
            lines += _entry(k, v, indent + 2)
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{pad}{key}: []"]
        flow = _flow(value) if key in FLOW_LIST_KEYS else None
        if flow is not None and len(flow) + len(pad) + len(key) + 2 <= WIDTH:
            return [f"{pad}{key}: {flow}"]
        lines = [f"{pad}{key}:"]
        for item in value:
            lines += _item(item, indent + 2)
        return lines
    return _scalar(f"{pad}{key}:", value, indent + 2)


def _item(value, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines: list[str] = []
        for i, (k, v) in enumerate(value.items()):
            entry = _entry(k, v, indent + 2)
            if i == 0:
                entry[0] = f"{pad}- {entry[0].lstrip()}"
            lines += entry
        return lines or [f"{pad}- {{}}"]
    if isinstance(value, list):
        flow = _flow(value)
        if flow is not None and len(flow) + indent + 2 <= WIDTH:
            return [f"{pad}- {flow}"]
        lines = [f"{pad}-"]
        for item in value:
            lines += _item(item, indent + 2)
        return lines
    return _scalar(f"{pad}-", value, indent + 2)


def _flow(row: list) -> str | None:
    """A list of short values on one line, as table rows are written: [Chi bộ, 1045, null]."""
    simple = (str, int, float, type(None))
    if not all(
        isinstance(v, simple) or isinstance(v, dict) and all(isinstance(x, simple) for x in v.values()) for v in row
    ):
        return None
    if any(isinstance(v, str) and "\n" in v for v in row):
        return None
    text = yaml.safe_dump(row, allow_unicode=True, default_flow_style=True, width=10**9).strip()
    return text if _reads_back(f"k: {text}", row) else None


def _is_short(value) -> bool:
    return len(str(value)) < 60 and "\n" not in str(value)


def _scalar_inline(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return value  # dates stay text in our loader: write them as authors do, unquoted
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_flow_style=True)
    dumped = dumped.removesuffix("\n...\n").removesuffix("\n")
    return dumped


def _reads_back(snippet: str, value) -> bool:
    try:
        return yaml.safe_load(snippet) == {"k": value}
    except yaml.YAMLError:
        return False


def _scalar(prefix: str, value, indent: int) -> list[str]:
    if value is None:
        return [prefix]
    if not isinstance(value, str) or (len(value) + len(prefix) <= WIDTH and "\n" not in value):
        inline = _scalar_inline(value)
        return [f"{prefix} {inline}" if inline else prefix]
    pad = " " * indent
    if "\n" in value:
        block = ["|-"] + [pad + line if line else "" for line in value.split("\n")]
    else:
        block = [">-"] + [
            pad + line for line in textwrap.wrap(value, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
        ]
    if _reads_back("k: " + "\n".join(line[indent - 2 :] if line.startswith(pad) else line for line in block), value):
        return [f"{prefix} {block[0]}"] + block[1:]
    return [f"{prefix} {_scalar_inline(value)}"]
