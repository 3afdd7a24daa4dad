import datetime as dt

import pytest

from gen.content.formatting import IssueDate, Period, date_line, format_number, outline_label, so_ky_hieu
from gen.content.markup import Run, parse


@pytest.mark.parametrize(
    "date, expected",
    [
        ("2026-05-08", "ngày 08 tháng 5 năm 2026"),
        ("2026-02-05", "ngày 05 tháng 02 năm 2026"),
        ("2026-01-27", "ngày 27 tháng 01 năm 2026"),
        ("2026-03-03", "ngày 03 tháng 3 năm 2026"),
        ("2025-12-31", "ngày 31 tháng 12 năm 2025"),
        ("2026-04", "ngày            tháng 4 năm 2026"),
        ("2026", "ngày            tháng            năm 2026"),
        (2026, "ngày            tháng            năm 2026"),
    ],
)
def test_official_date_padding(date, expected):
    assert IssueDate.parse(date).words() == expected


@pytest.mark.parametrize(
    "text, first, last, full, short",
    [
        (
            "2026-05-08",
            dt.date(2026, 5, 8),
            dt.date(2026, 5, 8),
            True,
            "08/5/2026",
        ),  # as the documents write it (§4.2.2)
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28), False, "2/2026"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), False, "2/2024"),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), False, "2026"),
    ],
)
def test_issue_date_full_month_or_blank(text, first, last, full, short):
    date = IssueDate.parse(text)
    assert (date.first_day, date.last_day, date.is_full, date.short()) == (first, last, full, short)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13", "26-05-08", "08/05/2026", "", None, True, 3.5])
def test_issue_date_refuses_what_is_no_date(text):
    assert IssueDate.parse(text) is None


def test_date_line_and_number():
    assert date_line("Kiến Minh", IssueDate(2026, 5, 8)) == "Kiến Minh, ngày 08 tháng 5 năm 2026"
    assert so_ky_hieu(62, "TB", "ĐU") == "Số 62-TB/ĐU"
    assert so_ky_hieu(5, "NQ", "ĐU") == "Số 05-NQ/ĐU"
    assert so_ky_hieu(None, "TB", "ĐU") == "Số            -TB/ĐU"


def test_vietnamese_number_grouping():
    assert format_number(1234567) == "1.234.567"
    assert format_number(149.432, 3) == "149,432"


@pytest.mark.parametrize(
    "ky, name, following",
    [
        ({"thang": 4, "nam": 2026}, "tháng 4 năm 2026", "tháng 5 năm 2026"),
        ({"thang": 12, "nam": 2025}, "tháng 12 năm 2025", "tháng 1 năm 2026"),
        ({"quy": 4, "nam": 2025}, "quý IV năm 2025", "quý I năm 2026"),
        ({"nua_nam": "dau", "nam": 2026}, "6 tháng đầu năm 2026", "6 tháng cuối năm 2026"),
        ({"nua_nam": "cuoi", "nam": 2026}, "6 tháng cuối năm 2026", "6 tháng đầu năm 2027"),
        ({"chin_thang": "dau", "nam": 2025}, "9 tháng đầu năm 2025", "3 tháng cuối năm 2025"),
        ({"nam": 2025}, "năm 2025", "năm 2026"),
    ],
)
def test_periods_name_themselves_and_the_next(ky, name, following):
    period = Period.from_data(ky)
    assert period.name() == name and period.next().name() == following


def test_outline_labels():
    assert outline_label("I.", [4]) == "IV."
    assert outline_label("I-", [2]) == "II-"
    assert outline_label("1.1.", [2, 3]) == "2.3."
    assert outline_label("1.1.1.", [1, 2, 3]) == "1.2.3."
    assert outline_label("(1)", [1, 7]) == "(7)"
    assert outline_label("a)", [1, 1, 5]) == "đ)"


def test_inline_markup():
    assert parse("a **b** *c* d") == [Run("a "), Run("b", bold=True), Run(" "), Run("c", italic=True), Run(" d")]
    assert parse("{{ 7*7 }} và 2 * 3 * 4") == [Run("{{ 7*7 }} và 2 * 3 * 4")]
    assert parse(r"\*x\*") == [Run("*x*")]
