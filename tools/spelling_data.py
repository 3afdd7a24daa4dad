"""Rebuild gen/data/spelling/syllables.txt and places.txt from their sources, and lessons.tsv.

    apt-get download hunspell-vi && dpkg-deb -x hunspell-vi_*.deb hv
    pip download --no-deps vietnam-provinces && unzip vietnam_provinces-*.whl -d vp
    python tools/spelling_data.py hv/usr/share/hunspell/vi_VN.dic vp/vietnam_provinces/data/nested-divisions.json

After a change to compounds.yaml, names.yaml or the speller's sifting, rebuild only lessons.tsv
(what the speller learns of every syllable, made ahead; tests/test_spelling.py says when it is due):

    python tools/spelling_data.py --lessons

The outputs are committed: the checker never needs the packages at run time. Only the list's
words that are syllables of the language are kept (it also holds email, web, palăng), with the tone
placed one way (the list writes "hoà", offices mostly "hòa"; the speller compares in one placement).
"""

import json
import sys
from pathlib import Path

from gen.checks import vietnamese as vn

OUT = Path(__file__).resolve().parent.parent / "gen" / "data" / "spelling"


def syllables(dic: Path) -> list[str]:
    lines = dic.read_text(encoding="utf-8").split("\n")[1:]
    found = set()
    for word in lines:
        word = word.strip()
        if not word or word != word.lower():
            continue
        syllable = vn.parse(word)
        if syllable is None or vn.problem(syllable):
            continue  # loan words kept by the list (email, web, palăng): not syllables
        found.add(vn.normal(word))
    return sorted(found)


def _placed(name: str) -> str:
    """The name with its tone marks placed one way (Khánh Hòa), as the speller compares."""
    words = []
    for word in name.split():
        normal = vn.normal(word)
        if normal == word.lower():
            words.append(word)  # B'Lao, H'Leo: as written
        else:
            words.append(normal[:1].upper() + normal[1:] if word[:1].isupper() else normal)
    return " ".join(words)


def places(path: Path) -> list[str]:
    provinces = json.loads(path.read_text(encoding="utf-8"))
    names = []
    for province in provinces:
        names.append(province["name"].removeprefix("Thành phố "))
        for ward in province["wards"]:
            name = ward["name"]
            for prefix in ("Phường ", "Xã ", "Đặc khu "):
                name = name.removeprefix(prefix)
            names.append(name.strip())
    return sorted({_placed(name.replace("’", "'")) for name in names})


HEADER_SYLLABLES = """\
# Vietnamese syllables, one a line, lower case, tone marks placed the new way (hòa, thủy).
# Derived by tools/spelling_data.py from Debian's hunspell-vi 1:7.5.0-1 (vi_VN.dic, from
# libreoffice-dictionaries), © Ivan Garcia, Nguyễn Xuân Minh, licence GPL-2; kept only the words
# that are syllables of the language, with the tone placement normalised.
"""
HEADER_PLACES = """\
# Names of the 34 provinces and cities and of the 3,321 xã, phường and đặc khu after the
# reorganisation of 2025 (Nghị quyết 202/2025/QH15; the Nghị quyết of Ủy ban Thường vụ Quốc hội
# of 16/6/2025 on each province's communes), as gathered in the PyPI package vietnam-provinces
# 2025.10.1 (Nguyễn Hồng Quân). Public names of the State's administrative units. Tone marks placed
# one way (Khánh Hòa), as the speller compares.
"""

HEADER_FORMS = """\
# Every syllable of syllables.txt as it may be written (both tone placements), with what the speller
# reads from it: written form, normal form (new placement), style where the two differ (old/new, or
# -), sound without marks (consonants confused by ear folded), letters without marks. Made by
# tools/spelling_data.py from syllables.txt, so that a known word is judged by one look-up;
# tests/test_spelling.py checks it against the code.
"""


def forms(known: list[str]) -> list[str]:
    lines = []
    for normal in known:
        syllable = vn.parse(normal)
        assert syllable is not None
        written = {vn.compose(syllable.onset, syllable.rhyme, syllable.tone, style) for style in ("new", "old")}
        for form in sorted(written):
            parsed = vn.parse(form)
            style = (vn.style_of(parsed) if parsed is not None else None) or "-"
            lines.append("\t".join((form, normal, style, vn.sound(normal), vn.skeleton(normal))))
    return lines


def write_lessons() -> None:
    from gen.checks.lexicon import LESSONS
    from gen.checks.speller import make_lessons

    (OUT / LESSONS).write_text(make_lessons(), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--lessons"]:
        write_lessons()
        sys.exit()
    OUT.mkdir(parents=True, exist_ok=True)
    known = syllables(Path(sys.argv[1]))
    (OUT / "syllables.txt").write_text(HEADER_SYLLABLES + "\n".join(known) + "\n", encoding="utf-8")
    (OUT / "forms.tsv").write_text(HEADER_FORMS + "\n".join(forms(known)) + "\n", encoding="utf-8")
    (OUT / "places.txt").write_text(HEADER_PLACES + "\n".join(places(Path(sys.argv[2]))) + "\n", encoding="utf-8")
    write_lessons()
