"""The month's traps: a colon that made a sentence a key, gen new losing the author's comments or
copying sentences about the old period unmarked, gen watch repeating itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time

import pytest
import yaml
from conftest import EXAMPLES, MINIMAL, ROOT
from docx_read import body_text, open_docx
from typer.testing import CliRunner

from gen.cli import app
from gen.workflow.build import check_all


def _check(project, text, name="doc.yaml"):
    path = project / "content" / "docs" / name
    path.write_text(text, encoding="utf-8")
    ((_, findings),) = check_all([path], project / "content")
    return findings


# --- a colon in a sentence --------------------------------------------------------------------------


def test_a_list_item_with_a_colon_gets_the_colon_hint_not_a_missing_field(project):
    text = MINIMAL.replace("      - Đoạn một.\n", "      - Kết quả: đạt 11/19 chỉ tiêu.\n")
    (finding,) = _check(project, text)
    assert (finding.rule, finding.line, finding.column) == ("schema.colon_key", 11, 9)
    assert "tieu_de" not in finding.message and "Thiếu" not in finding.message
    assert (
        'khóa "Kết quả"' in finding.message and 'đặt cả câu trong ngoặc kép: - "Kết quả: đạt 11/19' in finding.message
    )
    assert 'README, mục "Dấu hai chấm trong câu"' in finding.message


def test_the_colon_hint_in_recipients_and_beside_a_key(project):
    text = MINIMAL.replace("      - Đoạn một.\n", "      - y: Đoạn một.\n        Chú ý: đoạn hai.\n")
    text += "  - Văn phòng Thành ủy: để báo cáo\n"
    findings = _check(project, text)
    assert [(f.rule, f.line) for f in findings] == [("schema.colon_key", 12), ("schema.colon_key", 15)]
    # A key of the schema mistyped is still a mistyped key, with its "did you mean".
    typo = _check(project, MINIMAL.replace("      - Đoạn một.\n", "      - yy: Đoạn một.\n"))
    assert "schema.unknown_key" in {f.rule for f in typo} and "schema.colon_key" not in {f.rule for f in typo}


def test_the_readme_quoting_section_holds(project):
    """Every way of writing the sentence the README's section shows is a sentence; the first is the trap."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### A colon in a sentence") :]
    block = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n") + 8)]
    items = re.sub(r"(?m)  #.*$", "", block.split("\n", 1)[1])
    text = MINIMAL.replace("      - Đoạn một.\n", "".join("    " + line + "\n" for line in items.splitlines() if line))
    findings = _check(project, text)
    assert [f.rule for f in findings] == ["schema.colon_key"], [f.format() for f in findings]


# --- gen new ---------------------------------------------------------------------------------------


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def _new(root, source, out="content/next.yaml"):
    result = CliRunner().invoke(app, ["new", "--from", str(source), "--out", out])
    assert result.exit_code == 0, result.output
    return (root / out).read_text(encoding="utf-8")


# The examples of a period (a công văn or tờ trình has none, and gen new refuses it).
PERIODIC = sorted(p.name for p in EXAMPLES.glob("*.yaml") if "ky" in yaml.safe_load(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("example", PERIODIC)
def test_gen_new_keeps_each_examples_comments_and_key_order(tmp_path, monkeypatch, example):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "content" / "examples" / example
    old_text = source.read_text(encoding="utf-8")
    text = _new(tmp_path, source, "content/examples/next.yaml")
    new_comments = _comments(text)
    assert [c for c in _comments(old_text) if c not in new_comments] == []
    old, new = yaml.safe_load(old_text), yaml.safe_load(text)
    assert [k for k in old if k in new] == [k for k in new if k in old]
    assert set(old) - set(new) <= {"trich_yeu"} and set(new) - set(old) <= {"so"}
    for key in ("noi_nhan", "luu", "chu_ky", "co_quan", "chu_the", "danh_so"):
        assert new.get(key) == old.get(key), key


# A kết luận of another committee, a quarter, with the notes an office keeps in its file.
QUARTER = """\
# Kết luận sơ kết quý I/2026 — bản gửi Thường trực duyệt ngày 02/4.
loai: ket_luan
co_quan: ../co-quan/thuy-nguyen.yaml  # tệp cơ quan dùng chung
chu_the: ban_chap_hanh
so: 4
ngay: 2026-04-03
ky: {quy: 1, nam: 2026}
trich_yeu:
  tac_gia: HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ PHƯỜNG
  ve: về sơ kết quý I và nhiệm vụ quý II năm 2026  # theo ý kiến đồng chí Bí thư
  # Trích yếu dài thì xuống dòng bằng |-
mo_dau: Ngày 02/4/2026, Ban Chấp hành Đảng bộ phường họp sơ kết Quý I/2026, thống nhất kết luận như sau.
noi_dung:
  - tieu_de: Kết quả thực hiện nhiệm vụ quý I năm 2026
    noi_dung:
      - Quý I/2026, Đảng bộ hoàn thành 9/12 chỉ tiêu.
      - y: Thu ngân sách đạt 31% dự toán năm.  # số của Phòng Kinh tế, 31/3
  # Phần nhiệm vụ: mỗi cơ quan một mục, giữ thứ tự như Quy chế.
  - tieu_de: Nhiệm vụ trọng tâm quý II năm 2026
    nhan: "II."  # như bản giấy
    # Đoạn dẫn giữ nguyên mỗi quý, chỉ đổi kỳ.
    noi_dung:
      - >-
        Căn cứ kết quả quý I/2026, Ban Chấp hành yêu cầu các cấp ủy tập trung thực hiện nhiệm vụ trọng
        tâm quý II năm 2026 như sau.
      - tieu_de: Ủy ban nhân dân phường
        noi_dung:
          - y: Hoàn thành giải phóng mặt bằng tuyến đường 359 trước ngày 30/6/2026.  # hạn theo Thành phố
          - y: Tổ chức Hội nghị sơ kết 6 tháng đầu năm vào tháng 7.
      - tieu_de: Các chi bộ trực thuộc
        noi_dung:
          - y: Sinh hoạt chuyên đề quý II về chuyển đổi số.
          # Chi bộ khu dân cư báo cáo riêng.
noi_nhan:
  # Cấp trên
  - {ten: Thường trực Thành ủy, de: để báo cáo}
  - Các chi bộ trực thuộc  # gửi qua hệ thống điều hành
luu: VPĐU
"""


def test_gen_new_keeps_comments_everywhere_and_marks_the_sentences_naming_the_old_period(project, monkeypatch):
    monkeypatch.chdir(project)
    source = project / "content" / "docs" / "2026-q1.yaml"
    source.write_text(QUARTER, encoding="utf-8")
    text = _new(project, source, "content/docs/2026-q2.yaml")
    for comment in _comments(QUARTER):
        if comment != "# như bản giấy":  # the label goes (the tool numbers), and its note with it
            assert comment in text, comment
    assert "trich_yeu:  # Kiểm tra: trích yếu viết lại theo kỳ mới" in text

    new = yaml.safe_load(text)
    assert new["ky"] == {"quy": 2, "nam": 2026} and new["so"] == 5 and new["ngay"] is None
    assert "quý II năm 2026" in new["trich_yeu"]["ve"] and "[ĐIỀN" not in new["trich_yeu"]["ve"]
    tasks = new["noi_dung"][1]
    assert tasks["tieu_de"] == "Nhiệm vụ trọng tâm quý III năm 2026" and "nhan" not in tasks
    intro = tasks["noi_dung"][0]
    # Names quý I (assessed last time) and quý II (planned last time): marked for gen check.
    assert intro.startswith("[ĐIỀN: câu chép từ kỳ trước nói về quý I/2026, quý II năm 2026, sửa cho đúng kỳ] Căn cứ")
    assert tasks["noi_dung"][2]["noi_dung"][0]["y"].startswith("[ĐIỀN: câu chép từ kỳ trước nói về quý II")
    # A date is not a period; another period (6 tháng đầu năm) is not the old one.
    assert not tasks["noi_dung"][1]["noi_dung"][0]["y"].startswith("[ĐIỀN")
    assert not tasks["noi_dung"][1]["noi_dung"][1]["y"].startswith("[ĐIỀN")

    ((_, findings),) = check_all([project / "content" / "docs" / "2026-q2.yaml"], project / "content")
    marks = [f for f in findings if f.rule == "content.placeholder" and "câu chép từ kỳ trước" in f.message]
    assert len(marks) == 2
    assert "# Có 2 câu chép từ kỳ trước còn nói về kỳ cũ" in text


# --- gen watch -------------------------------------------------------------------------------------


def _wait_for(predicate, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("poll", [False, True], ids=["notices", "polling"])
def test_gen_watch_prints_a_broken_files_findings_once(project, poll):
    """A real `gen watch` in a subprocess: the findings of a broken file once, not again on a save that
    leaves them as they are, nothing on another file's save, and the build once it is fixed."""
    broken = MINIMAL.replace("trich_yeu:", "trich_yue:")
    path = project / "content" / "docs" / "bad.yaml"
    path.write_text(broken, encoding="utf-8")
    other = project / "content" / "docs" / "other.yaml"
    other.write_text(MINIMAL.replace("so: 7", "so: 8"), encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8", "GEN_LANG": "vi", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "gen", "watch", "content/docs"] + (["--poll"] if poll else [])
    process = subprocess.Popen(
        command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", env=env
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout or []), daemon=True).start()
    said = lambda text: any(text in line for line in lines)  # noqa: E731
    try:
        assert _wait_for(lambda: said("[schema.unknown_key]") and said("Đã tạo out/docs/other.docx")), lines
        path.write_text(broken + "# ghi chú\n", encoding="utf-8")  # saved, findings unchanged
        assert _wait_for(lambda: said("content/docs/bad.yaml: vẫn 1 lỗi")), lines
        other.write_text(MINIMAL.replace("so: 7", "so: 9"), encoding="utf-8")  # another file saved
        assert _wait_for(lambda: sum("Đã tạo out/docs/other.docx" in line for line in lines) == 2), lines
        path.write_text(MINIMAL, encoding="utf-8")  # fixed
        assert _wait_for(lambda: said("Đã tạo out/docs/bad.docx")), lines
        assert _wait_for(lambda: said("content/docs/bad.yaml: không còn lỗi")), lines
    finally:
        process.terminate()
        process.wait(10)
    assert sum("[schema.unknown_key]" in line for line in lines) == 1, lines
    assert sum("content/docs/bad.yaml: vẫn 1 lỗi" in line for line in lines) == 1, lines
    assert "Traceback" not in "".join(lines)


def test_watch_polls_when_the_watcher_cannot_start(project, monkeypatch):
    """No change notices (inotify limit reached, an unsupported file system): the same loop polls."""
    from gen.workflow import watch as watch_module

    (project / "content" / "docs" / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    modes: list[bool] = []
    real = watch_module._saves

    def saves(roots, out_dir, poll, stop):
        modes.append(poll)
        if not poll:
            raise OSError(28, "inotify watch limit reached")
        return real(roots, out_dir, poll, stop)

    monkeypatch.setattr(watch_module, "_saves", saves)
    stop, told, built = threading.Event(), [], []
    docs = project / "content" / "docs"

    def run() -> None:
        watch_module.watch(
            [docs], project / "out", project / "content", built.append, stop=stop, on_polling=told.append
        )

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert _wait_for(lambda: modes == [False, True] and len(built) == 1)
        # A save made before the poller's first look at the folder is its starting point, not a
        # change (on a loaded machine the thread may look late): save again until one is seen.
        for attempt in range(5):
            time.sleep(0.8)
            edited = MINIMAL.replace("Đoạn một.", f"Đoạn hai {attempt}.")
            (docs / "a.yaml").write_text(edited, encoding="utf-8")
            if _wait_for(lambda: len(built) >= 2, timeout=3):
                break
        assert len(built) >= 2
    finally:
        stop.set()
        thread.join(10)
    assert told == ["watcher"] and built[1].touched and not built[1].findings_changed


def test_polling_builds_a_second_save_of_the_same_size_within_one_second(project):
    """On a network drive the files are looked at, not noticed: two saves of the same size whose
    times differ by less than a second (a digit changed, then changed again) are two saves, each
    built. watchfiles' poller compared whole seconds and built the first only."""
    from gen.workflow import watch as watch_module

    docs = project / "content" / "docs"
    path = docs / "a.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    second = (int(time.time()) - 10) * 1_000_000_000  # one whole second, in the past: no clock race
    stop, built = threading.Event(), []

    def run() -> None:
        watch_module.watch([docs], project / "out", project / "content", built.append, poll=True, stop=stop)

    def save(text: str, nanoseconds: int) -> None:
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(second + nanoseconds, second + nanoseconds))

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert _wait_for(lambda: len(built) == 1)
        time.sleep(watch_module.POLL_MS / 1000 * 2)  # the poller has looked at the file as it was
        save(MINIMAL.replace("Đoạn một.", "Đoạn hai 1."), 100_000_000)
        assert _wait_for(lambda: len(built) == 2)
        save(MINIMAL.replace("Đoạn một.", "Đoạn hai 2."), 600_000_000)
        assert _wait_for(lambda: len(built) == 3)
    finally:
        stop.set()
        thread.join(10)
    assert "Đoạn hai 2." in body_text(open_docx(project / "out" / "docs" / "a.docx"))


def test_gen_new_on_paragraphs_only_with_windows_line_ends(project, monkeypatch):
    """A short TB typed in Notepad: CRLF, list dashes at the key's column, only paragraphs, comments."""
    monkeypatch.chdir(project)
    text = (
        "loai: thong_bao_ket_luan\r\nco_quan: ../co-quan/kien-minh.yaml\r\nngay: 2026-06-05\r\n"
        "ky: {thang: 5, nam: 2026}\r\ntrich_yeu:\r\n  ve: về kết quả tháng 5 năm 2026\r\n"
        "noi_dung:\r\n- Kết quả tháng 5 tốt.\r\n"
        '- "Nhiệm vụ tháng 6: tiếp tục."  # ghi chú\r\n'
    )
    (project / "content" / "docs" / "tb.yaml").write_bytes(text.encode("utf-8"))
    new_text = _new(project, project / "content" / "docs" / "tb.yaml", "content/docs/tb-6.yaml")
    assert "\r" not in new_text and "\n- tieu_de: Phương hướng, nhiệm vụ trọng tâm tháng 7 năm 2026\n" in new_text
    assert new_text.rstrip().endswith(
        '- "[ĐIỀN: câu chép từ kỳ trước nói về tháng 6, sửa cho đúng kỳ] Nhiệm vụ tháng 6: tiếp tục." # ghi chú'
    )
    assert yaml.safe_load(new_text)["so"] == 1
