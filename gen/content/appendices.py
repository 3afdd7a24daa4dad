"""Appendices (phụ lục) after the signature block, 05-HD §II.1 (party-format.md §3.10).

```yaml
phu_luc:
  - tieu_de: KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 9 THÁNG NĂM 2025
    noi_dung:                      # the same outline as the body: headings, paragraphs, tables
      - bang: {csv: chi-tieu.csv, tt: true}
    # kem_theo: "(Kèm theo …)"     # only to replace the computed reference line
```

Each appendix gets "Phụ lục 1", "Phụ lục 2" … ("PHỤ LỤC" when there is one), its title, and the
reference line computed from the document — "(Kèm theo Báo cáo số 44-BC/ĐU, ngày 30/9/2025 của
Ban Thường vụ Đảng ủy xã Kiến Hưng)" — with the number and day left blank in a draft.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from gen.content.formatting import IssueDate, blank
from gen.settings import DATA_DIR

# "Phụ lục 2", "phụ lục số 02", "Phụ lục II" in the text of the body.
MENTION = re.compile(r"(?i)\bphụ\s+lục(?:\s+số)?\s+(\d+|[IVX]+)\b")
ANY_MENTION = re.compile(r"(?i)\bphụ\s+lục\b")
_LEVEL_WORD = re.compile(r"(?i)^(xã|phường|đặc khu|thị trấn|tp\.?|đk\.?)\s+")


@dataclass
class Appendix:
    heading: str  # "Phụ lục 1" or "PHỤ LỤC"
    title: str
    reference: str  # "(Kèm theo …)"
    paragraphs: list = field(default_factory=list)  # Paragraph and Table, as the body's
    path: tuple = ()


def heading(index: int, count: int) -> str:
    """05-HD §II.1: with two or more appendices they are numbered in Arabic numerals."""
    return f"Phụ lục {index}" if count > 1 else "PHỤ LỤC"


def short_date(date: IssueDate) -> str:
    """'30/9/2025', '05/02/2026' (the padding of the date line, 05-HD §4.2.2); '    /9/2025' in a
    draft awaiting its day."""
    day = f"{date.day:02d}" if date.day is not None else blank()  # as wide as in the date line
    if date.month is None:
        month = blank()
    else:
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{day}/{month}/{date.year}"


def author(body_name: str, level: str, place: str) -> str:
    """'Ban Thường vụ Đảng ủy xã Kiến Hưng' from the body's name, the level word and the place
    (written without its own level word: 'Xã Nguyễn Lương Bằng' -> 'Nguyễn Lương Bằng')."""
    return f"{body_name.format(cap=' ' + level if level else '')} {_LEVEL_WORD.sub('', place.strip())}".strip()


def issuer(body_name: str, level: str, dia_danh: str, ten: str) -> str:
    """Who issued the document, in running text, from the body and the organisation's header:
    "Ban Thường vụ Đảng ủy xã Kiến Hưng"; a chi bộ by its own name ("CHI BỘ KHU PHỐ 5" -> "Chi bộ
    Khu phố 5", not the commune's); a Đảng ủy cơ quan (no level word) by what it serves ("ĐẢNG ỦY
    ỦY BAN NHÂN DÂN TỈNH" -> "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh")."""
    name = " ".join(ten.split()).upper()
    own = body_name.upper() + " "
    if "{cap}" not in body_name and name.startswith(own):
        return author(body_name, "", running_case(name[len(own) :]))
    served = re.sub(r"^ĐẢNG\s+(?:ỦY|UỶ)\s+", "", name)
    if level or served == name:
        return author(body_name, level, dia_danh)
    return author(body_name, "", running_case(served))


def running_case(name: str) -> str:
    """A name in capitals as running text: "KHU PHỐ 5" -> "Khu phố 5". Capitals keep no case, so the
    place names it holds get theirs back ("Hạc Thành", from the 2025 list the speller reads) and a
    word with no vowel stays an abbreviation ("THCS", "UBND")."""
    words = name.lower().split()
    places = _place_names()
    i = 0
    while i < len(words):
        span = next((n for n in (3, 2) if i + n <= len(words) and " ".join(words[i : i + n]) in places), 0)
        for j in range(i, i + span):
            words[j] = words[j][:1].upper() + words[j][1:]
        i += span or 1
    words = [w.upper() if not _VOWEL.search(_plain(w)) and w.isalpha() else w for w in words]
    if words:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


_VOWEL = re.compile("[aeiouy]")


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def _place_names() -> frozenset[str]:
    """The provinces' and communes' names of 2025 (gen/data/spelling/places.txt), in lower case."""
    lines = (DATA_DIR / "spelling" / "places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def reference_line(ten_loai: str, number_symbol: str, date: IssueDate, by: str) -> str:
    """'(Kèm theo Báo cáo số 44-BC/ĐU, ngày 30/9/2025 của Ban Thường vụ Đảng ủy xã …)'."""
    kind = ten_loai[:1] + ten_loai[1:].lower()
    return f"(Kèm theo {kind} số {number_symbol}, ngày {short_date(date)} của {by})"


def mentioned(texts: list[str], count: int) -> tuple[set[int], list[tuple[int, int]]]:
    """The appendices the texts refer to, and the references to ones that do not exist:
    (numbers mentioned, [(index of the text, number)])."""
    seen: set[int] = set()
    wrong: list[tuple[int, int]] = []
    if "lục" not in "\n".join(texts).lower():
        return seen, wrong  # no mention without the word: one look at C speed before any pattern
    for index, text in enumerate(texts):
        for match in MENTION.finditer(text):
            value = mention_number(match)
            if 1 <= value <= count:
                seen.add(value)
            else:
                wrong.append((index, value))
        if count == 1 and ANY_MENTION.search(text):
            seen.add(1)
    return seen, wrong


def mention_number(match: re.Match) -> int:
    """The appendix number of a MENTION match ('2', '02', 'II')."""
    token = match.group(1)
    if token.isdigit():
        return int(token)
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(token.upper()):
        value = values[ch]
        total += -value if i + 1 < len(token) and values[token[i + 1].upper()] > value else value
    return total
