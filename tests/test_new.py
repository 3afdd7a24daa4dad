"""gen new writes the next period's file; gen watch rebuilds what changed."""

from __future__ import annotations

import re
import shutil
import threading
import time

import pytest
import yaml
from conftest import EXAMPLES, ROOT
from typer.testing import CliRunner

from gen.cli import app
from gen.workflow.build import check_all
from gen.workflow.watch import watch

BLANKS = {"schema.blank", "content.placeholder"}


@pytest.fixture
def examples(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "co-quan", root / "co-quan")
    shutil.copytree(EXAMPLES, root / "examples")
    return root


@pytest.mark.parametrize(
    "example, ky, title",
    [
        ("000-kien-minh", {"thang": 5, "nam": 2026}, "Phương hướng, nhiệm vụ trọng tâm tháng 6 năm 2026"),
        ("001-thuy-nguyen", {"quy": 2, "nam": 2026}, "NHIỆM VỤ TRỌNG TÂM QUÝ III NĂM 2026"),
        ("002-kien-hung", {"nua_nam": "cuoi", "nam": 2026}, "Một số nhiệm vụ trọng tâm trong 6 tháng đầu năm 2027"),
        ("003-nguyen-luong-bang", {"nam": 2025}, "Phương hướng, nhiệm vụ trọng tâm năm 2026"),
        ("004-ke-sat", {"thang": 2, "nam": 2026}, "Phương hướng, nhiệm vụ trọng tâm tháng 3 năm 2026"),
    ],
)
def test_new_writes_the_next_period_with_only_blanks_left(examples, monkeypatch, example, ky, title):
    monkeypatch.chdir(examples.parent)
    source = examples / "examples" / f"{example}.yaml"
    result = CliRunner().invoke(app, ["new", "--from", str(source), "--out", "content/examples/next.yaml"])
    assert result.exit_code == 0, result.output
    path = examples / "examples" / "next.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["ky"] == ky and data["ngay"] is None
    assert data["noi_dung"][1]["tieu_de"] == title
    old = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert data["noi_nhan"] == old["noi_nhan"] and data.get("chu_ky") == old.get("chu_ky")
    assert "# ĐIỀN: ngày ký" in text

    ((_, findings),) = check_all([path], examples)
    assert {f.rule for f in findings if f.severity == "error"} <= BLANKS and "schema.blank" in {
        f.rule for f in findings
    }
    assert any(f.rule == "content.placeholder" for f in findings)

    # Filled in, it builds with no error but what the example carried over on purpose.
    filled = re.sub(
        r"(?m)^(\s*)ngay:  # ĐIỀN.*$",
        lambda m: m.group(1) + ("ngay: 2026-06-05" if not m.group(1) else "ngay: 2026-06-04"),
        text,
    )
    filled = re.sub(r"\[ĐIỀN: [^\]]*\] ?", "Đã hoàn thành. ", filled)
    if data["ky"].get("nam") == 2025:
        filled = filled.replace("ngay: 2026-06-05", "ngay: 2026-01-05").replace("ngay: 2026-06-04", "ngay: 2026-01-04")
    path.write_text(filled, encoding="utf-8")
    ((_, findings),) = check_all([path], examples)
    assert not {f.rule for f in findings} & BLANKS, [f.format() for f in findings]


def test_new_takes_the_next_free_number_of_the_kind_in_the_term(examples, monkeypatch):
    monkeypatch.chdir(examples.parent)
    runner = CliRunner()
    assert runner.invoke(app, ["new", "--from", "content/examples/000-kien-minh.yaml"]).exit_code == 0
    written = examples / "examples" / "2026-05-thong-bao-ket-luan.yaml"
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["so"] == 63
    # A second TB of the same committee numbered 70 in the folder: the next is 71.
    other = (examples / "examples" / "000-kien-minh.yaml").read_text(encoding="utf-8").replace("so: 62", "so: 70")
    (examples / "examples" / "099-kien-minh.yaml").write_text(other, encoding="utf-8")
    result = runner.invoke(
        app, ["new", "--from", "content/examples/000-kien-minh.yaml", "--out", "content/examples/x.yaml"]
    )
    assert result.exit_code == 0
    assert yaml.safe_load((examples / "examples" / "x.yaml").read_text(encoding="utf-8"))["so"] == 71
    # Never overwrites.
    again = runner.invoke(app, ["new", "--from", "content/examples/000-kien-minh.yaml"])
    assert again.exit_code == 1 and "không ghi đè" in again.output


def test_watch_rebuilds_what_changed(examples, tmp_path):
    out = tmp_path / "out"
    source = examples / "examples" / "004-ke-sat.yaml"
    built: list[str] = []
    stop = threading.Event()

    def run() -> None:
        watch([examples / "examples"], out, examples, lambda change: built.append(change.result.source.name), stop=stop)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        names = sorted(p.name for p in (examples / "examples").glob("*.yaml"))
        deadline = time.monotonic() + 20
        while sorted(built) != names and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.8)  # the watcher is running
        text = source.read_text(encoding="utf-8").replace("Công tác xây dựng Đảng", "Công tác xây dựng Đảng mới", 1)
        source.write_text(text, encoding="utf-8")
        deadline = time.monotonic() + 10
        while len(built) < len(names) + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert sorted(built) == sorted(names + ["004-ke-sat.yaml"])
