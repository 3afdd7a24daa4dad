"""Stage 4: the Vietnamese formats the tool writes itself.

Babel's Vietnamese long date ("5 tháng 2, 2026") is not the official line, so dates are written
here by the 05-HD §4.2.2 rule: day below 10 and month below 3 padded with 0. Babel is used for
number grouping only ("1.234.567,5"), and lazily, because loading it costs time at start-up.
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import re
from dataclasses import dataclass
from functools import lru_cache

from gen.settings import layout


@lru_cache(maxsize=1)
def blank() -> str:
    """Blank space a signer fills in by hand on a draft awaiting its number or day: spaces as wide
    as the blank_mm setting at 14 pt Times New Roman (a space is a quarter of an em), counting the
    space written on each side of it ("Số            -TB/ĐU", "ngày            tháng 4")."""
    space_mm = 0.25 * 14 / 72 * 25.4
    return " " * max(1, round(layout("blank_mm") / space_mm) - 2)


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class IssueDate:
    """The day a document is issued, as far as it is known: a full date, the month only (a draft
    awaiting the day it is signed) or the year only (a draft with day and month still blank).
    Every caller asks it what it needs (the words of the date line, the first and last day it can
    be, a short form for messages) instead of branching on what was written."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value) -> IssueDate | None:
        """'2026-05-08', '2026-05' or '2026' (also the integer 2026); None for anything else."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not (m := _ISO.match(value.strip())):
            return None
        year, month, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None:
            try:
                dt.date(year, month or 1, day)
            except ValueError:
                return None
        return cls(year, month, day)

    @property
    def is_full(self) -> bool:
        return self.day is not None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def words(self) -> str:
        """'ngày 08 tháng 5 năm 2026'; blanks to fill by hand where the day or month is not known:
        'ngày    tháng 4 năm 2026', 'ngày    tháng    năm 2026'."""
        day = f"{self.day:02d}" if self.day is not None else blank()
        if self.month is None:
            month = blank()
        else:
            month = f"{self.month:02d}" if self.month < 3 else str(self.month)
        return f"ngày {day} tháng {month} năm {self.year}"

    def numeric(self) -> str:
        """'26/8/2025', '05/02/2026' in running text: day padded, month below 3 padded (as §4.2.2)."""
        if self.day is None:
            return self.short()
        month = f"{self.month:02d}" if (self.month or 1) < 3 else str(self.month)
        return f"{self.day:02d}/{month}/{self.year}"

    def short(self) -> str:
        """'08/5/2026', '5/2026' or '2026', for messages: written as the documents write dates."""
        if self.day is not None:
            return self.numeric()
        return f"{self.month}/{self.year}" if self.month is not None else str(self.year)


def date_line(dia_danh: str, date: IssueDate) -> str:
    return f"{dia_danh}, {date.words()}"


def so_ky_hieu(number: int | None, kind_code: str, org_code: str) -> str:
    """'Số 62-TB/ĐU', 'Số 05-NQ/ĐU'; a draft awaiting its number gets 'Số   -TB/ĐU'. No colon."""
    text = blank() + " " if number is None else f"{number:02d}"
    return f"Số {text}-{kind_code}/{org_code}"


def format_number(value: float | int, decimals: int | None = None) -> str:
    """Vietnamese grouping: 1.234.567 and 149,432."""
    from babel.numbers import format_decimal

    if decimals is None:
        return _vi_decimal(value)
    return format_decimal(value, format=f"#,##0.{'0' * decimals}", locale="vi")


@lru_cache(maxsize=1)
def _vi_symbols() -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_group_symbol("vi"), get_decimal_symbol("vi")


@lru_cache(maxsize=4096)
def _vi_decimal(value: float | int) -> str:
    """What Babel's format_decimal(value, locale="vi") gives ("#,##0.###", half-even), without its
    locale lookups on every call: a table of figures formats thousands of numbers."""
    group, point = _vi_symbols()
    number = decimal.Decimal(str(value)).quantize(decimal.Decimal("0.001"), rounding=decimal.ROUND_HALF_EVEN)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", group)
    if sign and grouped == "0" and not fraction:
        sign = ""
    return sign + grouped + (point + fraction if fraction else "")


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese alphabet order for điểm a), b), c) …


def letter(n: int) -> str:
    return LETTERS[(n - 1) % len(LETTERS)] * ((n - 1) // len(LETTERS) + 1)


def outline_label(token: str, counters: list[int]) -> str:
    """The label of the item whose counters (one per level, this one last) are `counters`.

    Tokens: A. (parts) I. I- 1. 1- 1.1. 1.1.1. (1) a) "Điều 1." (articles), the bullets - + *
    and '' for none.
    """
    n = counters[-1]
    if token == "A.":
        return letter(n).upper() + "."
    if token in ("I.", "I-"):
        return roman(n) + token[1]
    if token in ("1.", "1-"):
        return f"{n}{token[1]}"
    if token.startswith("1.1"):
        depth = token.count("1")
        chain = counters[-depth:] if len(counters) >= depth else counters
        return ".".join(str(c) for c in chain) + "."
    if token == "(1)":
        return f"({n})"
    if token == "a)":
        return f"{letter(n)})"
    if token == "Điều 1.":
        return f"Điều {n}."
    return token  # '-', '+', '*', ''


# Labels printed bold whatever the text after them: an article's "Điều 1." (05-HD §6.2.4).
BOLD_TOKENS = ("Điều 1.",)


@dataclass(frozen=True)
class Period:
    """The period a document assesses or plans (kỳ): a month, a quarter, a half, nine months, a
    year, several years (giai đoạn) or a committee's term (nhiệm kỳ, with its khóa)."""

    kind: str  # thang | quy | nua_nam | chin_thang | ba_thang_cuoi | nam | giai_doan | nhiem_ky
    year: int
    number: int = 0  # month 1–12, quarter 1–4, half 1–2
    end: int = 0  # the last year of a giai đoạn or nhiệm kỳ
    khoa: str = ""  # the term's number, "I"

    @classmethod
    def from_data(cls, ky: dict) -> Period:
        for key in ("nhiem_ky", "giai_doan"):
            if key in ky:
                start, end = years_span(ky[key]) or (0, 0)
                return cls(key, start, end=end, khoa=str(ky.get("khoa") or "").strip())
        year = ky["nam"]
        if "thang" in ky:
            return cls("thang", year, ky["thang"])
        if "quy" in ky:
            return cls("quy", year, ky["quy"])
        if "nua_nam" in ky:
            return cls("nua_nam", year, 1 if ky["nua_nam"] == "dau" else 2)
        if "chin_thang" in ky:
            return cls("chin_thang", year)
        return cls("nam", year)

    def name(self) -> str:
        """'tháng 4 năm 2026', 'quý I năm 2026', '6 tháng đầu năm 2026', 'giai đoạn 2026 - 2028',
        'khóa I, nhiệm kỳ 2025 - 2030' …"""
        if self.kind == "thang":
            return f"tháng {self.number} năm {self.year}"
        if self.kind == "quy":
            return f"quý {roman(self.number)} năm {self.year}"
        if self.kind == "nua_nam":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == "chin_thang":
            return f"9 tháng đầu năm {self.year}"
        if self.kind == "ba_thang_cuoi":
            return f"3 tháng cuối năm {self.year}"
        if self.kind == "giai_doan":
            return f"giai đoạn {self.year} - {self.end}"
        if self.kind == "nhiem_ky":
            return f"{f'khóa {self.khoa}, ' if self.khoa else ''}nhiệm kỳ {self.year} - {self.end}"
        return f"năm {self.year}"

    def next(self) -> Period:
        if self.kind == "thang":
            return Period("thang", self.year + self.number // 12, self.number % 12 + 1)
        if self.kind == "quy":
            return Period("quy", self.year + self.number // 4, self.number % 4 + 1)
        if self.kind == "nua_nam":
            return Period("nua_nam", self.year + self.number // 2, self.number % 2 + 1)
        if self.kind == "chin_thang":
            return Period("ba_thang_cuoi", self.year)
        if self.kind in ("giai_doan", "nhiem_ky"):
            # The term after this one begins the year this one ends (a congress closes one term
            # and opens the next); a giai đoạn of N years is followed by the next N years.
            length = self.end - self.year
            start = self.end if self.kind == "nhiem_ky" else self.end + 1
            khoa = roman(roman_value(self.khoa) + 1) if roman_value(self.khoa) else ""
            return Period(self.kind, start, end=start + length, khoa=khoa)
        return Period("nam", self.year + 1)

    def months(self) -> tuple[int, int]:
        """First and last month covered in each of its years, for checks that a date or 'tháng N'
        fits the period."""
        if self.kind == "thang":
            return (self.number, self.number)
        if self.kind == "quy":
            return (3 * self.number - 2, 3 * self.number)
        if self.kind == "nua_nam":
            return (1, 6) if self.number == 1 else (7, 12)
        if self.kind == "chin_thang":
            return (1, 9)
        if self.kind == "ba_thang_cuoi":
            return (10, 12)
        return (1, 12)

    def years(self) -> range:
        return range(self.year, max(self.year, self.end) + 1)


def years_span(value) -> tuple[int, int] | None:
    """'2025-2030', '2025 - 2030' or '2025–2030' -> (2025, 2030); None when it is not a span."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", str(value))
    if not match or int(match[2]) <= int(match[1]):
        return None
    return int(match[1]), int(match[2])


def roman_value(text: str) -> int:
    """'IV' -> 4; 0 when `text` is not a Roman numeral."""
    if not re.fullmatch(r"[IVXLC]+", text or ""):
        return 0
    total, prev = 0, 0
    for ch in reversed(text):
        n = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}[ch]
        total, prev = (total - n, prev) if n < prev else (total + n, n)
    return total


def label_token(label: str, previous: str = "") -> str:
    """The scheme token (as in `danh_so`) a label is written in: 'III.' -> 'I.', '2-' -> '1-',
    '1.2.' -> '1.1.', 'b)' -> 'a)', '(3)' -> '(1)', 'B.' -> 'A.', 'Điều 2.' -> 'Điều 1.'; anything
    else is its own token. A capital that is also a Roman numeral ('C.', 'I.') is a part's letter
    when it follows the `previous` sibling's letter ('B.' then 'C.'), a Roman numeral otherwise."""
    label = label.strip()
    if (
        previous
        and re.fullmatch(r"[IVXLC]\.", label)
        and label_token(previous) == "A."
        and letter_value(label[0]) == letter_value(previous.strip()[0]) + 1
    ):
        return "A."
    if match := re.fullmatch(r"[IVXLC]+\s*([.\-]?)", label):
        return "I" + (match.group(1) or ".")
    if re.fullmatch(r"[A-ZĐ]\.", label):
        return "A."
    if re.fullmatch(r"Điều\s+\d+\.?", label):
        return "Điều 1."
    if re.fullmatch(r"\d+(\.\d+)+\.?", label):
        return "1" + ".1" * label.rstrip(".").count(".") + "."
    if match := re.fullmatch(r"\d+\s*([.\-]?)", label):
        return "1" + (match.group(1) or ".")
    if re.fullmatch(r"\(\d+\)", label):
        return "(1)"
    if re.fullmatch(r"[a-zđ]\s*\)", label):
        return "a)"
    return label


def letter_value(text: str) -> int:
    """'a' -> 1, 'đ' -> 5, 'C' -> 3 in the Vietnamese alphabet order of LETTERS; 0 if none."""
    index = LETTERS.find(text.lower())
    return index + 1 if index >= 0 and len(text) == 1 else 0
