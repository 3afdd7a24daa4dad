"""Tables (bảng) of the body and of the appendices: rows written in YAML or read from a CSV file
beside the document, placed on a grid (merged cells), numbers in Vietnamese grouping.

```yaml
- bang:
    tieu_de: Kết quả thực hiện các chỉ tiêu        # optional caption above the table
    don_vi: "Đơn vị tính: triệu đồng"              # optional, right-aligned above the table
    tt: true                                       # a "TT" column numbered 1, 2, 3 …
    dau:                                           # header row(s)
      - [Chỉ tiêu, {o: Năm 2025, gop_cot: 2}, Ghi chú]
      - [null, Kế hoạch, Thực hiện, null]          # null under a cell merged down? no: see gop_dong
    dong:                                          # data rows
      - [Thu ngân sách, 42000, 43260.5, ""]
    tong: 1                                        # the last row(s) are totals: bold, no TT number
    csv: so-lieu.csv                               # … or the rows from a CSV file (header rows: dau_csv)
    rong: [12, 70, 28, 28, 27]                     # column widths in mm (default: from the content)
    ngang: true                                    # the table on a landscape page
```

A cell is a text, a number, empty (null), or `{o: …, gop_cot: n, gop_dong: n}` for a cell merged
across columns or down rows; as in HTML, the rows below a merged-down cell leave its place out.
What does not fit — ragged rows, a merge past the edge, a word in a column of figures — is kept
as a problem for the checks to report (gen/checks/structure.py), and the table still builds.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from gen.content.formatting import format_number

# "1.234.567", "1.234,5", "70,69", "102%", "-3": figures as Vietnamese offices type them.
_VI_NUMBER = re.compile(r"^[-+−]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?\s*%?$")
# From a CSV written by a program or an English-locale spreadsheet: "1234.5", "1,234.5".
_MACHINE_NUMBER = re.compile(r"^[-+]?(\d+|\d{1,3}(,\d{3})+)\.\d+$|^[-+]?\d+$")
BLANKS = ("", "-", "–", "x", "X", "…", "...")
TOTAL_WORDS = ("tổng", "cộng", "toàn")


@dataclass
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    numeric: bool = False
    where: tuple = ()  # YAML path of the cell, or ("csv", line, column)
    merged: bool = False  # the continuation of a cell merged down from the row above
    align: str = ""  # "" (by content), "center"


@dataclass
class Row:
    cells: list[Cell]  # placed on the grid, continuations included, in column order
    header: bool = False
    total: bool = False
    where: tuple = ()


@dataclass
class Problem:
    rule: str  # the rule id: table.ragged, table.span_past_edge, table.not_number
    where: tuple  # YAML path, or ("csv", line, column)
    params: dict = field(default_factory=dict)


@dataclass
class Table:
    """One table of the outline. Paragraph-like (style, text, label, path) so that it travels in
    the list of paragraphs."""

    path: tuple
    rows: list[Row]
    columns: int
    caption: str = ""
    unit: str = ""
    widths_mm: list[float] | None = None
    landscape: bool = False
    numbered: bool = False
    total_rows: int = 0
    csv_file: Path | None = None
    csv_header_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    style: str = "Bang"
    label: str = ""

    @property
    def text(self) -> str:
        return ""

    def texts(self):
        """(cell, path) of every written cell, in reading order."""
        for row in self.rows:
            for cell in row.cells:
                if not cell.merged:
                    yield cell


class CsvError(Exception):
    """A CSV file that cannot be read as UTF-8 text; `args[0]` says why."""


def read_csv(path: Path) -> list[list[str]]:
    """Rows of a UTF-8 (or UTF-8 with BOM, as Excel writes it) CSV file, separated by ',' or ';'
    (a Vietnamese-locale Excel writes ';'). Anything else raises CsvError."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise CsvError("UTF-16") from exc
        raise CsvError(f"byte {exc.start + 1}") from exc
    if "\x00" in text:
        raise CsvError("NUL")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CsvError(str(exc)) from exc
    return [row for row in rows if any(cell.strip() for cell in row)]


def number_text(value) -> tuple[str, bool]:
    """(text as printed, is a figure) for a YAML cell value."""
    if isinstance(value, bool) or value is None:
        return ("" if value is None else str(value)), False
    if isinstance(value, (int, float)):
        return format_number(value), True
    text = str(value)
    return text, bool(_VI_NUMBER.match(text.strip()))


def csv_number_text(value: str) -> tuple[str, bool]:
    """A CSV cell: machine numbers ("1234", "43260.5", "1,234.5") are written the Vietnamese way;
    figures already typed the Vietnamese way stay as typed. "1.234" is read as Vietnamese grouping."""
    text = value.strip()
    if _MACHINE_NUMBER.match(text) and not re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text):
        number = float(text.replace(",", "")) if "." in text else int(text.replace(",", ""))
        return format_number(number), True
    return text, bool(_VI_NUMBER.match(text))


def is_blank(text: str) -> bool:
    return text.strip() in BLANKS


def build(data: dict, path: tuple, csv_rows: list[list[str]] | None = None, csv_file: Path | None = None) -> Table:
    """The Table of a validated `bang` mapping (its CSV rows already read, when it has one)."""
    problems: list[Problem] = []
    raw: list[tuple[list, tuple, bool]] = []  # (cells, path of the row, from csv)
    header_rows = data.get("dau") or []
    if header_rows and not isinstance(header_rows[0], list):
        header_rows = [header_rows]
        header_paths = [path + ("dau",)]
    else:
        header_paths = [path + ("dau", i) for i in range(len(header_rows))]
    csv_header = 0
    if csv_rows is not None:
        csv_header = data.get("dau_csv", 0 if header_rows else 1)
        csv_header = min(csv_header, len(csv_rows))
    rows_yaml = data.get("dong") or []
    for row, where in zip(header_rows, header_paths):
        raw.append(([_yaml_cell(c, where + (i,)) for i, c in enumerate(row)], where, False))
    if csv_rows is not None:
        for r, row in enumerate(csv_rows):
            raw.append(
                ([_csv_cell(c, r + 1, i + 1, r < csv_header) for i, c in enumerate(row)], ("csv", r + 1, 1), True)
            )
        if csv_header:
            _merge_csv_header(raw[len(header_rows) : len(header_rows) + csv_header])
    for r, row in enumerate(rows_yaml):
        where = path + ("dong", r)
        cells = row if isinstance(row, list) else [row]
        raw.append(([_yaml_cell(c, where + (i,)) for i, c in enumerate(cells)], where, False))
    n_header = len(header_rows) + csv_header
    total = data.get("tong") or 0
    rows = [
        Row([c for c in cells if c is not None], header=i < n_header, where=where)
        for i, (cells, where, _) in enumerate(raw)
    ]
    for row in rows[max(n_header, len(rows) - total) :]:
        row.total = True
    columns = _columns(rows)
    _place(rows, columns, problems)
    table = Table(
        path=path,
        rows=rows,
        columns=columns,
        caption=data.get("tieu_de") or "",
        unit=data.get("don_vi") or "",
        widths_mm=list(data["rong"]) if data.get("rong") else None,
        landscape=bool(data.get("ngang")),
        numbered=bool(data.get("tt")),
        total_rows=total,
        csv_file=csv_file,
        csv_header_rows=csv_header,
        problems=problems,
    )
    _check_figures(table)
    if table.numbered:
        _number(table)
    if table.widths_mm is not None and len(table.widths_mm) != table.columns:
        problems.append(
            Problem("table.widths", path + ("rong",), {"given": len(table.widths_mm), "columns": table.columns})
        )
        table.widths_mm = None
    return table


def _yaml_cell(value, where: tuple) -> Cell:
    if isinstance(value, dict):
        text, numeric = number_text(value.get("o"))
        return Cell(text, int(value.get("gop_cot") or 1), int(value.get("gop_dong") or 1), numeric, where)
    text, numeric = number_text(value)
    return Cell(text, numeric=numeric, where=where)


def _csv_cell(value: str, line: int, column: int, header: bool) -> Cell:
    if header:
        return Cell(value.strip(), where=("csv", line, column))
    text, numeric = csv_number_text(value)
    return Cell(text, numeric=numeric, where=("csv", line, column))


def _merge_csv_header(rows: list[tuple[list, tuple, bool]]) -> None:
    """Merged header cells as a spreadsheet exports them: the text in the first cell, the others
    empty. An empty cell after a filled one in the same row widens it; an empty cell under a
    filled one (with nothing beside it below) lengthens it."""
    grid = [cells for cells, _, _ in rows]
    for r, cells in enumerate(grid):
        for c, cell in enumerate(cells):
            if cell is None or cell.text:
                continue
            above = next((grid[k][c] for k in range(r - 1, -1, -1) if grid[k][c] is not None), None)
            left = next((cells[k] for k in range(c - 1, -1, -1) if cells[k] is not None), None)
            if (
                r
                and above is not None
                and above.text
                and above.colspan == 1
                and (left is None or left.text or left is above)
            ):
                above.rowspan += 1
                cells[c] = None
            elif left is not None and left.text:
                left.colspan += 1
                cells[c] = None


def _columns(rows: list[Row]) -> int:
    """The table's width: that of its first row, merged cells counted (a ragged row is a problem,
    not a new width)."""
    if not rows:
        return 0
    return sum(c.colspan for c in rows[0].cells) or 1


def columns_of(cells: list) -> int:
    """The width a row of YAML cells asks for, merged cells counted."""
    return sum(c.get("gop_cot") or 1 if isinstance(c, dict) and isinstance(c.get("gop_cot"), int) else 1 for c in cells)


def _place(rows: list[Row], columns: int, problems: list[Problem]) -> None:
    """Put each row's cells on the grid, adding the continuations of cells merged down, and
    record rows that are too short or too long and merges past the edge."""
    below: dict[int, tuple[int, Cell]] = {}  # column -> (rows still covered, the merged cell)
    for r, row in enumerate(rows):
        placed: list[Cell] = []
        column = 0
        queue = list(row.cells)
        while column < columns and (queue or column in below):
            if column in below:
                left, origin = below[column]
                placed.append(Cell(colspan=origin.colspan, merged=True, where=origin.where))
                below[column] = (left - 1, origin)
                if left - 1 == 0:
                    del below[column]
                column += origin.colspan
                continue
            cell = queue.pop(0)
            if column + cell.colspan > columns:
                problems.append(
                    Problem("table.span_past_edge", cell.where, {"span": cell.colspan, "free": columns - column})
                )
                cell.colspan = columns - column
            if r + cell.rowspan > len(rows):
                problems.append(
                    Problem("table.span_past_edge", cell.where, {"span": cell.rowspan, "free": len(rows) - r})
                )
                cell.rowspan = len(rows) - r
            if cell.rowspan > 1:
                below[column] = (cell.rowspan - 1, cell)
            placed.append(cell)
            column += cell.colspan
        if queue:
            problems.append(
                Problem(
                    "table.ragged", row.where, {"cells": column + sum(c.colspan for c in queue), "columns": columns}
                )
            )
        elif column < columns:
            problems.append(Problem("table.ragged", row.where, {"cells": column, "columns": columns}))
            while column < columns:
                placed.append(Cell(where=row.where))
                column += 1
        row.cells = placed


def _check_figures(table: Table) -> None:
    """A column of figures (most of its data cells are numbers) with a word in it."""
    body = [row for row in table.rows if not row.header]
    by_column: dict[int, list[Cell]] = {}
    for row in body:
        column = 0
        for cell in row.cells:
            if cell.colspan == 1 and not cell.merged:
                by_column.setdefault(column, []).append(cell)
            column += cell.colspan
    for column, cells in sorted(by_column.items()):
        filled = [c for c in cells if not is_blank(c.text)]
        figures = [c for c in filled if c.numeric]
        if len(figures) < 2 or len(figures) * 2 < len(filled):
            continue
        for cell in cells:
            if is_blank(cell.text):
                cell.align = cell.align or "right"  # "-" under figures stands where the figures stand
        for cell in filled:
            if not cell.numeric and not cell.text.lower().startswith(TOTAL_WORDS):
                table.problems.append(Problem("table.not_number", cell.where, {"text": cell.text, "col": column + 1}))


def _number(table: Table) -> None:
    """The "TT" column: its heading over all header rows, 1, 2, 3 … down the data rows; a total
    row's first cell spreads over it."""
    headers = [row for row in table.rows if row.header]
    count = 0
    for row in table.rows:
        if row.header:
            if row is headers[0]:
                row.cells.insert(0, Cell("TT", rowspan=len(headers), align="center", where=table.path + ("tt",)))
            else:
                row.cells.insert(0, Cell(merged=True))
        elif row.total:
            if row.cells and not row.cells[0].merged:
                row.cells[0].colspan += 1
            else:
                row.cells.insert(0, Cell())
        else:
            count += 1
            row.cells.insert(0, Cell(str(count), align="center", where=table.path + ("tt",)))
    table.columns += 1
    if table.widths_mm is not None and len(table.widths_mm) == table.columns - 1:
        table.widths_mm = [10.0] + table.widths_mm


def yaml_cell(value, colspan: int = 1, rowspan: int = 1):
    """A cell as YAML writes it: the value, or {o, gop_cot, gop_dong} for a merged one."""
    if colspan == 1 and rowspan == 1:
        return value
    out: dict = {"o": value}
    if colspan > 1:
        out["gop_cot"] = colspan
    if rowspan > 1:
        out["gop_dong"] = rowspan
    return out


def to_data(table: Table, blank_figures: bool = False) -> dict:
    """The rows of a built table as a `bang` mapping would write them (`dau`, `dong`, `tong`; merged
    cells as {o, gop_cot, gop_dong}; the TT column left to `tt`), figures blank when asked: the
    frame of last period's table for the next period's figures."""

    def value(cell: Cell, header: bool):
        text = None if not cell.text or blank_figures and cell.numeric and not header else cell.text
        return yaml_cell(text, cell.colspan, cell.rowspan)

    header: list[list] = []
    body: list[list] = []
    for row in table.rows:
        cells = list(row.cells)
        if table.numbered and cells:
            first = cells[0]
            if row.total and first.colspan > 1 and not first.merged:
                cells[0] = Cell(first.text, first.colspan - 1, first.rowspan, first.numeric, first.where)
            else:
                cells = cells[1:]
        values = [value(cell, row.header) for cell in cells if not cell.merged]
        (header if row.header else body).append(values)
    out: dict = {}
    if header:
        out["dau"] = header[0] if len(header) == 1 else header
    out["dong"] = body
    if table.total_rows:
        out["tong"] = table.total_rows
    return out
