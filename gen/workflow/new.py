"""`gen new --from FILE`: the next period's file, written from this period's.

The period advances (tháng 4 -> 5, quý IV/2025 -> quý I/2026, 6 tháng đầu -> cuối năm …); the
number is the next free one for the kind in the committee's term; the dates and the meeting are
left blank, and the assessment is the skeleton of last period's tasks with a [ĐIỀN: …] placeholder
each, so `gen check` lists exactly what is left to write. Recipients and signature carry over.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString

from gen.checks.numbers import org_identity, term_start
from gen.content import markup, tables
from gen.content.formatting import Period, roman
from gen.content.loader import display_path
from gen.content.model import OrgCache
from gen.exceptions import ERROR, GenError, finding
from gen.word.writer import write_output
from gen.workflow.build import check_one, number_index

PLACEHOLDER = "[ĐIỀN: {what}]"
_TASKS = re.compile(r"(?i)phương hướng|nhiệm vụ trọng tâm|nhiệm vụ,? giải pháp|nhiệm vụ trong thời gian tới")
_NOT_TASKS = re.compile(r"(?i)^\s*(đánh giá|kết quả|về tình hình|tình hình)")


def ky_of(period: Period) -> dict:
    if period.kind == "thang":
        return {"thang": period.number, "nam": period.year}
    if period.kind == "quy":
        return {"quy": period.number, "nam": period.year}
    if period.kind == "nua_nam":
        return {"nua_nam": "dau" if period.number == 1 else "cuoi", "nam": period.year}
    if period.kind == "chin_thang":
        return {"chin_thang": "dau", "nam": period.year}
    if period.kind in ("giai_doan", "nhiem_ky"):
        span = {period.kind: f"{period.year}-{period.end}"}
        return {**span, "khoa": period.khoa} if period.khoa else span
    return {"nam": period.year}


def following(period: Period) -> Period:
    """The next period an author can write: after nine months comes the whole year's review; after
    a term (a programme toàn khóa) the next term, after a giai đoạn the next one of its length."""
    nxt = period.next()
    return Period("nam", nxt.year) if nxt.kind == "ba_thang_cuoi" else nxt


def slug(period: Period, kind_key: str) -> str:
    part = {
        "thang": f"{period.number:02d}",
        "quy": f"q{period.number}",
        "nua_nam": f"6t-{'dau' if period.number == 1 else 'cuoi'}",
        "chin_thang": "9t",
        "nam": "nam",
        "giai_doan": f"{period.end}",
        "nhiem_ky": f"{period.end}-nhiem-ky",
    }[period.kind]
    return f"{period.year}-{part}-{kind_key.replace('_', '-')}"


# Kinds written for one matter, never for a period (README: "none at all for a quyết định, tờ trình
# or công văn").
UNPERIODIC = ("quyet_dinh", "to_trinh", "cong_van")


def next_document(source_path: Path, content_dir: Path) -> tuple[str, Period, int]:
    """The YAML text of the next period's document, its period and its number.

    The file is edited, not rewritten: ruamel.yaml reads it with its comments, key order, quoting
    and block styles, and only what belongs to the period changes, so the author's notes to self
    survive from month to month (PyYAML drops every comment)."""

    document, findings = check_one(source_path, OrgCache())
    if document is None:
        raise GenError([f for f in findings if f.severity == ERROR])
    if document.period is None:
        if document.kind.key in UNPERIODIC:  # no "next month" to make: say how a next one is made
            number = _next_number(document, number_index(content_dir))
            found = document.source.finding(
                ("loai",), "new.no_period_kind", kind=document.kind.name, number=number, code=document.kind.code
            )
            raise GenError([found])
        raise GenError([document.source.finding(("ky",), "new.no_period")])
    data = document.source.data
    period = following(document.period)
    after = following(period)
    number = _next_number(document, number_index(content_dir))
    stale = _Stale((document.period, period), after)

    text = document.source.text.replace("\r\n", "\n")  # written back with "\n" (ruamel keeps a "\r" in comments)
    rt = _round_trip(text)
    tree = rt.load(text)
    _set(
        tree,
        "so",
        number,
        f"số tiếp theo của loại {document.kind.code} trong nhiệm kỳ cấp ủy (05-HD §3.1.1)",
        "chu_the",
    )
    _set(tree, "ngay", None, "ĐIỀN: ngày ký, dạng 2026-06-05 (hoặc 2026-06 khi chưa có ngày)", "so")
    if tree.get("du_thao"):  # a new period's draft starts its rounds again
        _set(tree, "du_thao", 1, "bản dự thảo đầu tiên của kỳ mới")
    ky = CommentedMap(ky_of(period))
    ky.fa.set_flow_style()
    _set(tree, "ky", ky, None, "ngay")
    # The model never writes a title by itself: the new one is written here, where the author sees it.
    trich_yeu = tree.get("trich_yeu")
    if not isinstance(trich_yeu, CommentedMap):
        trich_yeu = CommentedMap()
        _set(tree, "trich_yeu", trich_yeu, None, "ky")
    if trich_yeu.get("ve") or not trich_yeu.get("tac_gia"):
        old = trich_yeu.get("ve") or ""
        _set(trich_yeu, "ve", _like(old, _next_title(str(old), document, period, after)))
        _eol(tree, "trich_yeu", "Kiểm tra: trích yếu viết lại theo kỳ mới")
    elif not str(trich_yeu["tac_gia"]).lstrip().startswith("[ĐIỀN"):
        # A title that is the conference's name ("HỘI NGHỊ … LẦN THỨ TƯ") names last period's meeting.
        old = trich_yeu["tac_gia"]
        _set(trich_yeu, "tac_gia", _like(old, f"{PLACEHOLDER.format(what='tên hội nghị kỳ này')} {old}"))
    if "tac_gia" in trich_yeu:
        stale.mark_in(trich_yeu, "tac_gia")
    meeting = tree.get("hoi_nghi")
    if isinstance(meeting, CommentedMap):
        if "ngay" not in meeting:
            meeting.insert(0, "ngay", None)
        _set(meeting, "ngay", None, "ĐIỀN: ngày họp, dạng 2026-06-04")
        _eol(tree, "hoi_nghi", "Kiểm tra: các dòng dưới chép từ kỳ trước")
        stale.mark_in(meeting)
    elif tree.get("mo_dau"):
        tree["mo_dau"] = PLACEHOLDER.format(what=f"đoạn mở đầu về hội nghị {period.name()}")
    if tree.get("mo_dau") and isinstance(meeting, CommentedMap):
        stale.mark_in(tree, "mo_dau")
    carry = _Carry(document.source.path.parent, document.period, period)
    _body(text, tree["noi_dung"], data.get("noi_dung") or [], period, after, stale, carry)
    if data.get("phu_luc"):
        tree["phu_luc"] = _folded([carry.appendix(item) for item in data["phu_luc"]])
        _eol(tree, "phu_luc", "Kiểm tra: bảng giữ khung, số liệu để trống; điền số liệu kỳ này (hoặc csv: tệp kỳ này)")
    notes = tree.get("chu_thich")
    if isinstance(notes, CommentedMap):
        cited = {key for key, _ in markup.notes(yaml.safe_dump(_plain_data(tree), allow_unicode=True, width=10**9))}
        for key in [k for k in notes if str(k) not in cited]:
            _delete(notes, key)
        if notes:
            _eol(tree, "chu_thich", "Kiểm tra: chú thích chép từ kỳ trước; cập nhật nguồn và ngày của số liệu")
        else:
            _delete(tree, "chu_thich")

    out = _dump(rt, tree).split("\n")
    at = 1 if out[0].startswith("# yaml-language-server:") else 0
    out[at:at] = [
        f'# Tạo bằng "gen new" từ {display_path(source_path)}: {period.name()}.',
        '# Còn phải điền: ngày ký (ngay), ngày họp, và mọi chỗ [ĐIỀN: …] — "gen check" chỉ ra từng chỗ.',
        "# Phần đánh giá là khung các nhiệm vụ kỳ trước: viết kết quả đạt được của từng nhiệm vụ.",
    ]
    if stale.count:
        out.insert(
            at + 3, f"# Có {stale.count} câu chép từ kỳ trước còn nói về kỳ cũ: mỗi câu có dấu [ĐIỀN: …] để sửa."
        )
    return "\n".join(out), period, number


def _next_title(old: str, document, period: Period, after: Period) -> str:
    """Last period's trích yếu with its periods moved on, or the kind's usual one for the new period."""
    current, upcoming = document.period, following(document.period)
    if current.name() in old:
        return old.replace(upcoming.name(), after.name()).replace(current.name(), period.name())
    return document.kind.ve.format(ky=period.name(), ky_sau=after.name())


def _tasks_index(blocks: list) -> int:
    """Which top-level block holds last period's tasks: the last whose title says so, else the last titled one."""
    top = [
        i
        for i, b in enumerate(blocks)
        if isinstance(b, dict)
        and isinstance(b.get("tieu_de"), str)
        and _TASKS.search(b["tieu_de"])
        and not _NOT_TASKS.match(b["tieu_de"])
    ]
    if top:
        return top[-1]
    return max((i for i, b in enumerate(blocks) if isinstance(b, dict) and "tieu_de" in b), default=len(blocks) - 1)


def _plain_data(node):
    """A ruamel tree as plain dicts and lists (the chú thích themselves left out), to read its text."""
    if isinstance(node, dict):
        return {str(k): _plain_data(v) for k, v in node.items() if k != "chu_thich"}
    if isinstance(node, list):
        return [_plain_data(v) for v in node]
    return node if node is None or isinstance(node, (int, float)) else str(node)


class _Carry:
    """What a new period keeps of last period's tables and appendices: the tables with their
    headings and row labels but their figures blank (a table read from a CSV file is written out as
    rows, since the file holds last period's figures), the appendices' headings, the rest as blanks."""

    def __init__(self, folder: Path, old: Period | None, new: Period):
        self.folder, self.old, self.new = folder, old, new

    def renamed(self, text: str) -> str:
        if self.old is None:
            return text
        name = self.new.name()

        def like(match: re.Match) -> str:  # "Năm 2026" -> "Năm 2027", "năm 2026" -> "năm 2027"
            return name[:1].upper() + name[1:] if match.group()[:1].isupper() else name

        new = re.sub(re.escape(self.old.name()), like, text, flags=re.IGNORECASE)
        return new.upper() if text.isupper() else new

    def table(self, data: dict) -> dict:
        rows = tables.read_csv(self.folder / data["csv"]) if data.get("csv") else None
        built = tables.build(data, (), rows)
        out = {k: self.renamed(v) if isinstance(v, str) else v for k, v in data.items() if k in KEPT_TABLE_KEYS}
        for key, rows in tables.to_data(built, blank_figures=True).items():
            if key == "dau":  # a header names last period ("Năm 2026", "Quý III"): the new one
                rows = self._renamed_cells(rows)
            if key == "dau" and rows and not isinstance(rows[0], list):
                rows = _row(rows)
            elif key in ("dau", "dong"):
                rows = [_row(row) for row in rows]
            out[key] = rows
        return out

    def _renamed_cells(self, rows):
        if isinstance(rows, str):
            return self.renamed(rows)
        if isinstance(rows, list):
            return [self._renamed_cells(cell) for cell in rows]
        if isinstance(rows, dict):
            return {k: self.renamed(v) if k == "o" and isinstance(v, str) else v for k, v in rows.items()}
        return rows

    def tables_in(self, items: list) -> list:
        """The tables of an outline, in order, blanked."""
        found = []
        for item in items:
            if isinstance(item, dict) and "bang" in item:
                found.append({"bang": self.table(item["bang"])})
            elif isinstance(item, dict):
                found += self.tables_in(item.get("noi_dung") or [])
        return found

    def outline(self, items: list) -> list:
        """An appendix's outline: headings kept, tables blanked, every text a blank to fill."""
        out: list = []
        for item in items:
            if isinstance(item, str):
                out.append(PLACEHOLDER.format(what="nội dung"))
            elif isinstance(item, dict) and "bang" in item:
                out.append({"bang": self.table(item["bang"])})
            elif isinstance(item, dict) and "tieu_de" in item:
                out.append(
                    {"tieu_de": self.renamed(item["tieu_de"]), "noi_dung": self.outline(item.get("noi_dung") or [])}
                )
            elif isinstance(item, dict):
                key = "muc" if "muc" in item else "y"
                out.append({key: PLACEHOLDER.format(what="nội dung")})
        return out or [PLACEHOLDER.format(what="nội dung")]

    def appendix(self, item: dict) -> dict:
        out: dict = {"tieu_de": self.renamed(item["tieu_de"])}
        if item.get("kem_theo"):
            out["kem_theo"] = item["kem_theo"]
        out["noi_dung"] = self.outline(item.get("noi_dung") or [])
        return out


def _row(cells: list) -> CommentedSeq:
    """A table row written on one line: [Thu ngân sách, null, null]."""
    row = CommentedSeq(cells)
    row.fa.set_flow_style()
    return row


KEPT_TABLE_KEYS = ("tieu_de", "don_vi", "tt", "ngang", "rong")


def _notes(notes: dict, *parts) -> dict:
    """The notes the carried text still refers to."""
    used = {key for key, _ in markup.notes(yaml.safe_dump(list(parts), allow_unicode=True, width=10**9))}
    return {key: text for key, text in notes.items() if str(key) in used}


def _body(
    text: str, seq: CommentedSeq, blocks: list, period: Period, after: Period, stale: _Stale, carry: _Carry
) -> None:
    """In place: the assessment (last period's tasks as skeleton, then last period's tables with
    their figures blank), the tasks as they were (comments and all) under the next period's title,
    then any closing sections."""
    index = _tasks_index(blocks)
    tasks_data: dict = blocks[index] if isinstance(blocks[index], dict) else {"noi_dung": [blocks[index]]}
    assessment: dict = {
        "tieu_de": f"Kết quả thực hiện nhiệm vụ {period.name()}",
        "noi_dung": [PLACEHOLDER.format(what=f"đánh giá chung {period.name()}")]
        + _skeleton([i for i in tasks_data.get("noi_dung") or [] if not isinstance(i, str)])  # top text is the intro
        + carry.tables_in(blocks[:index]),
    }
    title = str(tasks_data.get("tieu_de") or "")
    new_title = re.sub(re.escape(period.name()), after.name(), title, flags=re.IGNORECASE)
    if new_title == title:
        new_title = f"Phương hướng, nhiệm vụ trọng tâm {after.name()}"
    elif title.isupper():
        new_title = new_title.upper()

    tasks = seq[index]
    if not isinstance(tasks, CommentedMap):
        inner = CommentedSeq([tasks])
        if index in seq.ca.items:  # the text's comment goes with it
            inner.ca.items[0] = seq.ca.items.pop(index)
        tasks = CommentedMap([("noi_dung", inner)])
        seq[index] = tasks
    if "tieu_de" in tasks:
        tasks["tieu_de"] = _like(tasks["tieu_de"], new_title)
    else:
        tasks.insert(0, "tieu_de", new_title)
    if "nhan" in tasks:
        _delete(tasks, "nhan")
    for key in tasks:
        if key != "tieu_de":
            stale.mark_in(tasks, key)
    for i in range(index + 1, len(seq)):
        stale.mark_in(seq, i)

    # The comment lines just above the tasks belong to them, but ruamel keeps them on the block
    # before, which goes: carry them over.
    above = _comments_above(text, tasks.lc.line) if index and tasks.lc.line is not None else []
    for _ in range(index):
        del seq[0]
    seq.insert(0, _folded(assessment))
    if above:
        seq.yaml_set_comment_before_after_key(1, before="\n".join(above), indent=_column(seq))


class _Stale:
    """Marks the copied sentences that name the old periods (the one assessed and the one planned
    last time): under next period's tasks they are wrong until rewritten, and a [ĐIỀN: …] mark
    makes `gen check` list each of them (a comment would go unseen)."""

    def __init__(self, periods: tuple[Period, ...], target: Period):
        self.patterns = [_mention(p) for p in dict.fromkeys(periods)]
        self.target = target
        self.count = 0

    def mark(self, text: str) -> str:
        out, last = [], 0
        for start, end in _sentences(text):
            sentence = text[start:end]
            named = [m for p in self.patterns for m in _mentions(p, sentence)]
            if not named or sentence.lstrip().startswith("[ĐIỀN"):
                continue
            names = ", ".join(dict.fromkeys(" ".join(m.split()) for m in named))
            out += [text[last:start], f"[ĐIỀN: câu chép từ kỳ trước nói về {names}, sửa cho đúng kỳ] "]
            last = start
            self.count += 1
        return "".join(out) + text[last:] if out else text

    def mark_in(self, node, key=None) -> None:
        """Every text under node[key] (or under node), in place."""
        value = node if key is None else node[key]
        if isinstance(value, str):
            if key is not None:
                marked = self.mark(value)
                # A one-line text with a comment after it stays one line: as a block, the comment
                # would have to move below it.
                commented = isinstance(node, (CommentedMap, CommentedSeq)) and key in node.ca.items
                node[key] = marked if commented and type(value) is str else _like(value, marked)
            return
        if isinstance(value, dict):
            for k in list(value):
                self.mark_in(value, k)
        elif isinstance(value, list):
            for i in range(len(value)):
                self.mark_in(value, i)


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def _sentences(text: str):
    """(start, end) of each sentence: up to . ! ? or the end of a line, leading spaces left out."""
    for match in _SENTENCE.finditer(text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        if match.group().strip():
            yield start, match.end()


def _mention(period: Period) -> tuple[re.Pattern, int | None]:
    """A pattern for the ways offices write a period ('tháng 4', 'tháng 04/2026', 'Quý I năm 2026',
    '6 tháng đầu năm', 'năm 2025', '2025 - 2030'); the year group, when written, must be the period's."""
    year = r"(?:\s*(?:/|năm)\s*(\d{4}))?"
    if period.kind == "thang":
        body = rf"tháng\s+0?{period.number}(?!\d)(?!\s*/\s*\d{{1,2}}/)"
    elif period.kind == "quy":
        body = rf"quý\s+(?:{roman(period.number)}|0?{period.number})(?![\w])"
    elif period.kind == "nua_nam":
        body = rf"6\s+tháng\s+{'đầu' if period.number == 1 else 'cuối'}(?:\s+năm(?!\s*\d))?"
    elif period.kind in ("chin_thang", "ba_thang_cuoi"):
        body = r"9\s+tháng\s+đầu(?:\s+năm(?!\s*\d))?" if period.kind == "chin_thang" else r"3\s+tháng\s+cuối"
    elif period.kind in ("giai_doan", "nhiem_ky"):  # "2025 - 2030", "2025-2030"
        return re.compile(rf"(?<!\d)({period.year})\s*[-–]\s*{period.end}(?!\d)"), period.year
    else:
        return re.compile(rf"\bnăm\s+({period.year})(?!\d)", re.IGNORECASE), period.year
    return re.compile(rf"(?<!\w){body}{year}", re.IGNORECASE), period.year


def _mentions(pattern: tuple[re.Pattern, int | None], sentence: str) -> list[str]:
    regex, year = pattern
    found = []
    for match in regex.finditer(sentence):
        if match.group(1) and int(match.group(1)) != year:
            continue  # the same month of another year
        if re.search(r"ngày\s+\d{1,2}\s+$", sentence[: match.start()], re.IGNORECASE):
            continue  # a date, "ngày 08 tháng 4", not the period
        found.append(match.group())
    return found


# --- ruamel.yaml round trip ---------------------------------------------------------------------------


def _round_trip(text: str) -> YAML:
    """A round-trip reader/writer indenting as the file does (mapping keys, list dashes)."""
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never re-fold the author's lines; new long texts are folded by _fold
    keys = [len(m.group(1)) for m in re.finditer(r"(?m)^( +)[^\s#-][^:\n]*:(?: |$)", text)]
    dashes = [len(m.group(1)) for m in re.finditer(r"(?m)^[^\s#-][^:\n]*:\s*\n((?: *\n|\s*#.*\n)*? *)- ", text)]
    offset = min(dashes, default=2)
    rt.indent(mapping=min(keys, default=2), sequence=offset + 2, offset=offset)
    return rt


def _dump(rt: YAML, tree) -> str:
    stream = io.StringIO()
    rt.dump(tree, stream)
    return stream.getvalue()


def _like(old, new: str):
    """`new` in the style `old` was written in: a block stays a block, a quoted text stays quoted."""
    if new == old:
        return old
    if isinstance(old, FoldedScalarString) and "\n" not in new:
        return _fold(new)
    if isinstance(old, ScalarString) and ("\n" not in new or isinstance(old, LiteralScalarString)):
        return type(old)(new)
    return _folded(new)


def _fold(text: str, width: int = 90) -> FoldedScalarString:
    """A folded block (">-") broken at single spaces into lines of about `width` characters."""
    folded = FoldedScalarString(text)
    spaces = [i for i in range(1, len(text) - 1) if text[i] == " " and text[i - 1] != " " and text[i + 1] != " "]
    positions, line_start, last = [], 0, None
    for i in spaces:
        if i - line_start > width and last is not None:
            positions.append(last)
            line_start = last + 1
        last = i
    folded.fold_pos = positions
    return folded


def _folded(value):
    """New text: a long line as a folded block (">-"), several lines as a literal one ("|-")."""
    if isinstance(value, CommentedSeq) and value.fa.flow_style():
        return value  # a table's row, on one line
    if isinstance(value, dict):
        return {k: _folded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_folded(v) for v in value]
    if isinstance(value, str) and not isinstance(value, ScalarString) and value == value.strip():
        if "\n" in value:
            return LiteralScalarString(value)
        if len(value) > 70:
            return _fold(value)
    return value


def _eol(mapping: CommentedMap, key, text: str) -> None:
    """A comment at the end of the key's line, replacing the one there; the comment lines below it stay."""
    token = mapping.ca.items.get(key, [None, None, None, None])[2]
    # Two spaces after a key with nothing after it ("ngay:  # ĐIỀN: …"), as one types it.
    value = mapping[key]
    bare = value is None or isinstance(value, (CommentedMap, CommentedSeq)) and not value.fa.flow_style()
    column = _column(mapping) + len(str(key)) + 3 if bare else None
    if token is None:
        mapping.yaml_add_eol_comment(f"# {text}", key, column=column)
        return
    _, newline, rest = token.value.partition("\n")
    token.value = f"# {text}{newline or chr(10)}{rest}"
    token.start_mark.column = column or max(token.start_mark.column, 1)


def _set(mapping: CommentedMap, key, value, comment: str | None = None, after: str | None = None) -> None:
    """mapping[key] = value in its place (a new key after `after`, or at the end), with its comment."""
    if key in mapping:
        mapping[key] = value
    else:
        keys = list(mapping)
        anchor = next((k for k in (after, "co_quan", "loai") if k in keys), None)
        mapping.insert(keys.index(anchor) + 1 if anchor else len(keys), key, value)
    if comment:
        _eol(mapping, key, comment)


def _delete(mapping: CommentedMap, key, outer: tuple[CommentedMap, str] | None = None) -> None:
    """Delete a key and keep the comment lines that followed its value: they are about what comes
    next, and ruamel stores them on the value's last line."""
    keys = list(mapping)
    lines = _trailing_comments(mapping, key)
    del mapping[key]
    if not lines:
        return
    following = keys.index(key) + 1
    if following < len(keys):
        target, target_key = mapping, keys[following]
    elif outer is not None:
        parent, name = outer
        parent_keys = list(parent)
        if parent_keys.index(name) + 1 >= len(parent_keys):
            return
        target, target_key = parent, parent_keys[parent_keys.index(name) + 1]
    else:
        return
    target.yaml_set_comment_before_after_key(target_key, before="\n".join(lines), indent=_column(target))


def _trailing_comments(node, key) -> list[str]:
    """The whole-line comments stored after node[key]'s last line (its end-of-line comment left out)."""
    value = node[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        inner = _trailing_comments(value, last)
        if inner:
            return inner
    slot = 0 if isinstance(node, CommentedSeq) else 2
    entry = node.ca.items.get(key)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or isinstance(token, list):
        return []
    lines = token.value.split("\n")[1:]
    return [line.strip()[1:].strip() for line in lines if line.strip().startswith("#")]


def _comments_above(text: str, line: int) -> list[str]:
    """The comment lines directly above 0-based `line` of the source, as comment texts."""
    lines = text.split("\n")
    found: list[str] = []
    for above in reversed(lines[:line]):
        if not above.strip().startswith("#"):
            break
        found.insert(0, above.strip()[1:].strip())
    return found


def _column(node) -> int:
    return node.lc.col if getattr(node.lc, "col", None) is not None else 0


def _skeleton(items: list) -> list:
    """Each task of last period, as an item to answer: the headings kept, every task a placeholder."""
    result: list[dict] = []
    for item in items:
        if isinstance(item, str):
            result.append({"y": f"{PLACEHOLDER.format(what='kết quả')} {_first_sentence(item)}"})
        elif isinstance(item, dict) and ("tieu_de" in item or "muc" in item):
            key = "tieu_de" if "tieu_de" in item else "muc"
            children = _skeleton(item.get("noi_dung") or [])
            result.append({key: item[key], "noi_dung": children or [PLACEHOLDER.format(what="kết quả")]})
        elif isinstance(item, dict) and "y" in item:
            result.append({"y": f"{PLACEHOLDER.format(what='kết quả')} {_first_sentence(item['y'])}"})
    return result


def _first_sentence(text: str) -> str:
    """The task's own words, up to its first full stop: enough to recognise it."""
    flat = " ".join(str(text).split())
    match = re.match(r"(.+?[.;:])(\s|$)", flat)
    return match.group(1) if match else flat


def _next_number(document, numbers) -> int:
    """One more than the highest number of the kind in the committee's current term."""

    key = (org_identity(document.source), document.kind.code, term_start(max(document.first_day, dt.date.today())))
    used = [e.number for e in numbers.entries() if e.key == key]
    if document.number and (key[0], key[1], term_start(document.first_day)) == key:
        used.append(document.number)
    return max(used, default=0) + 1


def write_next(source_path: Path, out: Path | None, content_dir: Path) -> tuple[Path, Period]:

    text, period, _ = next_document(source_path, content_dir)
    data = yaml.safe_load(text)
    target = out or Path(source_path).parent / f"{slug(period, data['loai'])}.yaml"
    if target.exists():
        raise GenError([finding(display_path(target), "new.exists", path=display_path(target))])
    write_output(target, text.encode("utf-8"), display_path(source_path), [source_path])
    return target, period
