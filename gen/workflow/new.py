"""`gen new --from FILE`: the next period's file, written from this period's.

The period advances (tháng 4 -> 5, quý IV/2025 -> quý I/2026, 6 tháng đầu -> cuối năm …); the
number is the next free one for the kind in the committee's term; the dates and the meeting are
left blank, and the assessment is the skeleton of last period's tasks with a [ĐIỀN: …] placeholder
each, so `gen check` lists exactly what is left to write. Recipients and signature carry over.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from gen.checks.numbers import org_identity, term_start
from gen.content import markup, tables
from gen.content.formatting import Period
from gen.content.loader import display_path
from gen.content.model import OrgCache
from gen.exceptions import ERROR, Finding, GenError
from gen.messages import t
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
    return {"nam": period.year}


def following(period: Period) -> Period:
    """The next period an author can write: after nine months comes the whole year's review."""
    nxt = period.next()
    return Period("nam", nxt.year) if nxt.kind == "ba_thang_cuoi" else nxt


def slug(period: Period, kind_key: str) -> str:
    part = {
        "thang": f"{period.number:02d}",
        "quy": f"q{period.number}",
        "nua_nam": f"6t-{'dau' if period.number == 1 else 'cuoi'}",
        "chin_thang": "9t",
        "nam": "nam",
    }[period.kind]
    return f"{period.year}-{part}-{kind_key.replace('_', '-')}"


def next_document(source_path: Path, content_dir: Path) -> tuple[str, Period, int]:
    """The YAML text of the next period's document, its period and its number."""

    document, findings = check_one(source_path, OrgCache())
    if document is None:
        raise GenError([f for f in findings if f.severity == ERROR])
    if document.period is None:
        raise GenError([document.source.finding(("ky",), "new.no_period")])
    data = document.source.data
    period = following(document.period)
    after = following(period)
    number = _next_number(document, number_index(content_dir))

    out: list[str] = []
    first_line = document.source.text.split("\n", 1)[0]
    if first_line.startswith("# yaml-language-server:"):
        out.append(first_line)
    out += [
        f'# Tạo bằng "gen new" từ {display_path(source_path)}: {period.name()}.',
        '# Còn phải điền: ngày ký (ngay), ngày họp, và mọi chỗ [ĐIỀN: …] — "gen check" chỉ ra từng chỗ.',
        "# Phần đánh giá là khung các nhiệm vụ kỳ trước: viết kết quả đạt được của từng nhiệm vụ.",
    ]
    out += _dump({"loai": data["loai"], "co_quan": data["co_quan"]})
    if "chu_the" in data:
        out += _dump({"chu_the": data["chu_the"]})
    out.append(f"so: {number}  # số tiếp theo của loại {document.kind.code} trong nhiệm kỳ cấp ủy (05-HD §3.1.1)")
    out.append("ngay:  # ĐIỀN: ngày ký, dạng 2026-06-05 (hoặc 2026-06 khi chưa có ngày)")
    out.append(f"ky: {_flow(ky_of(period))}")
    trich_yeu = data.get("trich_yeu") or {}
    if "tac_gia" in trich_yeu:
        out += _dump({"trich_yeu": {"tac_gia": trich_yeu["tac_gia"]}})
        out.append("  # ve: bỏ trống để dùng trích yếu mặc định theo kỳ; viết lại nếu cần")
    if isinstance(data.get("hoi_nghi"), dict):
        meeting = {k: v for k, v in data["hoi_nghi"].items() if k != "ngay"}
        out.append("hoi_nghi:")
        out.append("  ngay:  # ĐIỀN: ngày họp, dạng 2026-06-04")
        out += ["  " + line for line in _dump(meeting)]
        out.append("  # Kiểm tra: các dòng trên chép từ kỳ trước")
    elif data.get("mo_dau"):
        out += _dump({"mo_dau": PLACEHOLDER.format(what=f"đoạn mở đầu về hội nghị {period.name()}")})
    if data.get("danh_so"):
        out.append(f"danh_so: {_flow(data['danh_so'])}")
    carry = _Carry(document.source.path.parent, document.period, period)
    body = _body(data.get("noi_dung") or [], period, after, carry)
    annexes = [carry.appendix(item) for item in data.get("phu_luc") or []]
    notes = _notes(data.get("chu_thich") or {}, body, annexes)
    if notes:
        out += _dump({"chu_thich": notes})
        out.append("# Kiểm tra: chú thích chép từ kỳ trước; cập nhật nguồn và ngày của số liệu")
    out.append("noi_dung:")
    out += ["  " + line for line in _dump(body)]
    for key in ("noi_nhan", "luu", "chu_ky"):
        if data.get(key):
            out += _dump({key: data[key]})
    if annexes:
        out.append("# Phụ lục: bảng giữ nguyên khung, số liệu để trống; điền số liệu kỳ này (hoặc csv: tệp kỳ này)")
        out += _dump({"phu_luc": annexes})
    return "\n".join(out) + "\n", period, number


class _Carry:
    """What a new period keeps of last period's tables and appendices: the tables with their
    headings and row labels but their figures blank (a table read from a CSV file is written out as
    rows, since the file holds last period's figures), the appendices' headings, the rest as blanks."""

    def __init__(self, folder: Path, old: Period | None, new: Period):
        self.folder, self.old, self.new = folder, old, new

    def renamed(self, text: str) -> str:
        if self.old is None:
            return text
        new = re.sub(re.escape(self.old.name()), self.new.name(), text, flags=re.IGNORECASE)
        return new.upper() if text.isupper() else new

    def table(self, data: dict) -> dict:
        rows = tables.read_csv(self.folder / data["csv"]) if data.get("csv") else None
        built = tables.build(data, (), rows)
        out = {k: self.renamed(v) if isinstance(v, str) else v for k, v in data.items() if k in KEPT_TABLE_KEYS}
        out.update(tables.to_data(built, blank_figures=True))
        return out

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


KEPT_TABLE_KEYS = ("tieu_de", "don_vi", "tt", "ngang", "rong")


def _notes(notes: dict, *parts) -> dict:
    """The notes the carried text still refers to."""
    used = {key for key, _ in markup.notes(yaml.safe_dump(list(parts), allow_unicode=True, width=10**9))}
    return {key: text for key, text in notes.items() if str(key) in used}


def _body(blocks: list, period: Period, after: Period, carry: _Carry) -> list:
    """Assessment (last period's tasks as skeleton, then last period's tables with their figures
    blank), the new tasks, then any closing sections."""
    top = [
        i
        for i, b in enumerate(blocks)
        if isinstance(b, dict)
        and isinstance(b.get("tieu_de"), str)
        and _TASKS.search(b["tieu_de"])
        and not _NOT_TASKS.match(b["tieu_de"])
    ]
    if not top:
        top = [
            max((i for i, b in enumerate(blocks) if isinstance(b, dict) and "tieu_de" in b), default=len(blocks) - 1)
        ]
    index = top[-1]
    tasks: dict = blocks[index] if isinstance(blocks[index], dict) else {"noi_dung": [blocks[index]]}
    assessment: dict = {
        "tieu_de": f"Kết quả thực hiện nhiệm vụ {period.name()}",
        "noi_dung": [PLACEHOLDER.format(what=f"đánh giá chung {period.name()}")]
        + _skeleton([i for i in tasks.get("noi_dung") or [] if not isinstance(i, str)])  # top-level text is the intro
        + carry.tables_in(blocks[:index]),
    }
    title = str(tasks.get("tieu_de") or "")
    new_title = re.sub(re.escape(period.name()), after.name(), title, flags=re.IGNORECASE)
    if new_title == title:
        new_title = f"Phương hướng, nhiệm vụ trọng tâm {after.name()}"
    elif title.isupper():
        new_title = new_title.upper()
    new_tasks = {k: v for k, v in tasks.items() if k not in ("tieu_de", "nhan")}
    new_tasks = {"tieu_de": new_title, **new_tasks}
    return [assessment, new_tasks] + blocks[index + 1 :]


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


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else (">" if len(value) > 90 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(value) -> list[str]:
    text = yaml.dump(
        value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2, default_flow_style=False
    )
    return text.rstrip("\n").split("\n")


def _flow(value) -> str:
    return yaml.dump(
        value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=True, width=1000
    ).strip()


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
        raise GenError(
            [Finding(display_path(target), 1, 1, "new.exists", ERROR, t("new.exists", path=display_path(target)))]
        )
    write_output(target, text.encode("utf-8"), display_path(source_path), [source_path])
    return target, period
