"""Write gen/data/tnr-widths.json: advance widths of Times New Roman for the header and signature.

The header columns are sized per document from the width of their lines (gen/layout.py). Liberation
Serif is metric-compatible with Times New Roman, so its advances are TNR's; shipping them as a
table keeps the output identical on every machine, whatever fonts it has.

    python tools/font_widths.py   (needs fonttools and Debian's fonts-liberation2)
"""

import glob
import json
import string
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
CHARS = sorted(set(string.printable.strip() + " " + VIETNAMESE + VIETNAMESE.upper() + "–—“”‘’…"))


def advances(style: str) -> dict:
    # Liberation 2 first: 1.x has no ư and ơ, whose advances (542 and 529 per 1000) are wider than u and o.
    path = sorted(glob.glob(f"/usr/share/fonts/truetype/liberation*/LiberationSerif-{style}.ttf"))[-1]
    font = TTFont(path)
    cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    out = {}
    for ch in CHARS:
        glyph = cmap.get(ord(ch)) or cmap.get(ord(unicodedata.normalize("NFD", ch)[0]))
        if glyph:
            out[ch] = round(hmtx[glyph][0] * 1000 / upm, 2)
    return out


if __name__ == "__main__":
    table = {style.lower(): advances(style) for style in ("Regular", "Bold", "Italic")}
    target = Path(__file__).resolve().parent.parent / "gen" / "data" / "tnr-widths.json"
    target.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {target} ({sum(len(v) for v in table.values())} widths)")
