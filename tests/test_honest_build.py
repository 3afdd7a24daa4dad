"""An honest build: a document with an error is written as a marked draft, counted in the summary,
reported on every build, and makes `gen build` exit 1; the examples build clean."""

from __future__ import annotations

import shutil

from conftest import EXAMPLES, MINIMAL, ROOT
from docx_read import open_docx
from typer.testing import CliRunner

from gen.cli import app

# A slip the rules call an error: the Quốc hội of 2016–2021 named in a 2026 document.
WRONG_TERM = MINIMAL.replace("      - Đoạn một.\n", "      - Bầu cử đại biểu Quốc hội khóa XIV.\n")


def _write(project, name, text):
    (project / "content" / "docs" / name).write_text(text, encoding="utf-8")


def test_the_examples_build_with_exit_0_and_no_finding(tmp_path, monkeypatch):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "content", project / "content")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "content/examples"])
    assert result.exit_code == 0, result.output
    count = len(list(EXAMPLES.glob("*.yaml")))
    assert f"{count} văn bản đã tạo, 0 không đổi, không văn bản nào có lỗi." in result.output
    assert "lỗi:" not in result.output and "cảnh báo:" not in result.output
    for path in (project / "out" / "examples").glob("*.docx"):
        properties = open_docx(path).core_properties
        assert not properties.content_status and "bản nháp" not in properties.keywords


def test_a_document_with_an_error_is_a_marked_draft_and_the_build_exits_1(project, monkeypatch):
    monkeypatch.chdir(project)
    _write(project, "a.yaml", MINIMAL)
    _write(project, "b.yaml", WRONG_TERM.replace("kien-minh", "ke-sat"))
    runner = CliRunner()
    result = runner.invoke(app, ["build", "content/docs"])
    assert result.exit_code == 1, result.output
    assert "[term.quoc_hoi]" in result.output
    assert "2 văn bản đã tạo, 0 không đổi, 1 văn bản có lỗi cần sửa trước khi ký." in result.output
    assert "Đã tạo bản nháp out/docs/b.docx" in result.output and "Đã tạo out/docs/a.docx" in result.output

    draft = open_docx(project / "out" / "docs" / "b.docx").core_properties
    assert draft.content_status == "Bản nháp có lỗi: sửa trước khi ký"
    assert "bản nháp có lỗi" in draft.keywords and "Số 07-TB/ĐU" in draft.keywords
    assert "1 lỗi: term.quoc_hoi (dòng 11)" in draft.comments
    clean = open_docx(project / "out" / "docs" / "a.docx").core_properties
    assert not clean.content_status and clean.keywords == "Số 07-TB/ĐU"
    # gen check on the Word file says it is a draft, and why.
    result = runner.invoke(app, ["check", "out/docs/b.docx", "out/docs/a.docx"])
    assert result.exit_code == 1
    assert "out/docs/b.docx:1:1:" in result.output and "[docx.draft]" in result.output
    assert "term.quoc_hoi (dòng 11)" in result.output and "out/docs/a.docx" not in result.output

    # Built again with nothing changed: the clean one is skipped, the draft's error is told again.
    result = runner.invoke(app, ["build", "content/docs"])
    assert result.exit_code == 1
    assert "[term.quoc_hoi]" in result.output
    assert "1 văn bản đã tạo, 1 không đổi, 1 văn bản có lỗi cần sửa trước khi ký." in result.output

    # Corrected: the draft mark goes, the build is clean.
    _write(project, "b.yaml", MINIMAL.replace("kien-minh", "ke-sat"))
    result = runner.invoke(app, ["build", "content/docs"])
    assert result.exit_code == 0, result.output
    assert "không văn bản nào có lỗi" in result.output
    assert not open_docx(project / "out" / "docs" / "b.docx").core_properties.content_status


def test_a_document_that_cannot_be_built_is_counted_too(project, monkeypatch):
    monkeypatch.chdir(project)
    _write(project, "a.yaml", MINIMAL)
    _write(project, "bad.yaml", MINIMAL.replace("trich_yeu:", "trich_yue:"))
    result = CliRunner().invoke(app, ["build", "content/docs"])
    assert result.exit_code == 1
    assert "1 văn bản đã tạo, 0 không đổi, 1 văn bản có lỗi cần sửa trước khi ký (1 tệp không tạo được)." in (
        result.output
    )
    assert not (project / "out" / "docs" / "bad.docx").exists()
    english = CliRunner().invoke(app, ["build", "--lang", "en", "content/docs"])
    assert "0 documents built, 1 unchanged, 1 documents have errors to fix before signing" in english.output


def test_a_number_used_twice_in_the_batch_marks_both_drafts(project, monkeypatch):
    """The number check runs across the batch after each document is written: what it finds still
    reaches the files' properties, the output and the exit code."""
    monkeypatch.chdir(project)
    _write(project, "a.yaml", MINIMAL)
    _write(project, "b.yaml", MINIMAL.replace("2026-06-05", "2026-07-03").replace("thang: 5", "thang: 6"))
    result = CliRunner().invoke(app, ["build", "content/docs"])
    assert result.exit_code == 1, result.output
    assert result.output.count("[number.duplicate]") == 2
    assert "2 văn bản có lỗi cần sửa trước khi ký" in result.output
    for name in ("a", "b"):
        properties = open_docx(project / "out" / "docs" / f"{name}.docx").core_properties
        assert properties.content_status and "number.duplicate" in properties.comments


def test_an_organisation_file_named_to_the_build_is_checked_as_one_and_not_built(tmp_path, monkeypatch):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "content", project / "content")
    monkeypatch.chdir(project)
    runner = CliRunner()
    result = runner.invoke(app, ["build", "content/co-quan/kien-minh.yaml"])
    assert result.exit_code == 0, result.output
    assert "tệp cơ quan" in result.output and "schema." not in result.output
    assert not (project / "out").exists() or not list((project / "out").rglob("*.docx"))
    org = project / "content" / "co-quan" / "kien-minh.yaml"
    text = org.read_text(encoding="utf-8")
    org.write_text(text.replace("ten: ĐẢNG ỦY XÃ KIẾN MINH", 'ten: "[ĐIỀN: TÊN CƠ QUAN]"'), encoding="utf-8")
    result = runner.invoke(app, ["build", "content/co-quan/kien-minh.yaml"])
    assert result.exit_code == 1 and "content.placeholder" in result.output, result.output
