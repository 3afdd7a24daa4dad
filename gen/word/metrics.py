"""Text widths in Times New Roman (Liberation Serif metrics, gen/data/tnr-widths.json, made by
tools/font_widths.py): to size the header columns and the columns of tables from their content."""

from __future__ import annotations

import json
from functools import lru_cache

from gen.settings import DATA_DIR


@lru_cache(maxsize=1)
def _widths() -> dict:
    return json.loads((DATA_DIR / "tnr-widths.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4096)
def text_width_mm(text: str, style: str, size_pt: float) -> float:
    """Width of one line in Times New Roman (Liberation Serif metrics), in millimetres."""
    table = _widths()[style]
    units = sum(table.get(ch, 500) for ch in text)
    return units / 1000 * size_pt / 72 * 25.4
