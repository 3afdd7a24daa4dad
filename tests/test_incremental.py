"""Incremental builds skip exactly the documents whose inputs did not change; --pdf converts in one call."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from conftest import MINIMAL, ROOT
from docx_read import body_text, open_docx
from typer.testing import CliRunner

from gen.cli import app
from gen.workflow import cache as cache_module
from gen.workflow.build import build_all


def _build(project, **options):
    results = build_all([project / "content" / "docs"], project / "out", project / "content", **options)
    return {r.source.name: ("skipped" if r.skipped else "built" if r.ok else "failed") for r in results}


def _write(project, name, text):
    (project / "content" / "docs" / name).write_text(text, encoding="utf-8")


def test_unchanged_documents_are_skipped_and_changed_inputs_rebuild(project):
    _write(project, "a.yaml", MINIMAL)
    _write(project, "b.yaml", MINIMAL.replace("so: 7", "so: 8").replace("kien-minh", "ke-sat"))
    assert _build(project) == {"a.yaml": "built", "b.yaml": "built"}
    assert _build(project) == {"a.yaml": "skipped", "b.yaml": "skipped"}

    # Touched without a change (a git checkout, a save without edits): still skipped.
    os.utime(project / "content" / "docs" / "a.yaml", ns=(1, 1))
    assert _build(project) == {"a.yaml": "skipped", "b.yaml": "skipped"}

    _write(project, "a.yaml", MINIMAL.replace("Đoạn một.", "Đoạn đã sửa."))
    assert _build(project) == {"a.yaml": "built", "b.yaml": "skipped"}
    assert "Đoạn đã sửa." in body_text(open_docx(project / "out" / "docs" / "a.docx"))

    org = project / "content" / "co-quan" / "kien-minh.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("Vũ Bình Dương", "Nguyễn Văn An"), encoding="utf-8")
    assert _build(project) == {"a.yaml": "built", "b.yaml": "skipped"}

    assert _build(project, force=True) == {"a.yaml": "built", "b.yaml": "built"}

    (project / "out" / "docs" / "b.docx").unlink()
    assert _build(project) == {"a.yaml": "skipped", "b.yaml": "built"}


def test_a_changed_template_rebuilds(project):
    template = project / "content" / "mau.docx"
    shutil.copyfile(ROOT / "templates" / "docx" / "dang-uy.docx", template)
    _write(project, "a.yaml", MINIMAL + "mau: ../mau.docx\n")
    assert _build(project) == {"a.yaml": "built"}
    assert _build(project) == {"a.yaml": "skipped"}
    template.write_bytes(template.read_bytes())  # same bytes, new time: no rebuild
    assert _build(project) == {"a.yaml": "skipped"}
    shutil.copyfile(ROOT / "templates" / "make_template.py", project / "x")  # unrelated file: no rebuild
    assert _build(project) == {"a.yaml": "skipped"}
    import zipfile

    with zipfile.ZipFile(template, "a") as z:  # a changed template
        z.writestr("customXml/note.xml", "<note/>")
    assert _build(project) == {"a.yaml": "built"}


def test_a_new_tool_version_rebuilds(project, monkeypatch):
    _write(project, "a.yaml", MINIMAL)
    assert _build(project) == {"a.yaml": "built"}
    monkeypatch.setattr(cache_module, "tool_fingerprint", lambda: "another version")
    assert _build(project) == {"a.yaml": "built"}


def test_a_corrupt_cache_file_means_a_full_build(project):
    _write(project, "a.yaml", MINIMAL)
    _build(project)
    (project / "out" / cache_module.MANIFEST).write_text("{not json", encoding="utf-8")
    assert _build(project) == {"a.yaml": "built"}


def test_the_cli_says_what_it_skipped(project, monkeypatch):
    monkeypatch.chdir(project)
    _write(project, "a.yaml", MINIMAL)
    runner = CliRunner()
    assert "Đã tạo" in runner.invoke(app, ["build", "content/docs"]).stdout
    result = runner.invoke(app, ["build", "content/docs"])
    assert (
        "Không đổi, bỏ qua out/docs/a.docx" in result.stdout
        and "0 văn bản đã tạo, 1 không đổi, không văn bản nào có lỗi." in result.stdout
    )
    assert "Đã tạo" in runner.invoke(app, ["build", "--force", "content/docs"]).stdout


def test_pdf_without_libreoffice_says_how_to_install_and_keeps_the_docx(project, monkeypatch):
    monkeypatch.chdir(project)
    monkeypatch.setenv("PATH", str(project))  # no soffice on this PATH
    _write(project, "a.yaml", MINIMAL)
    result = CliRunner().invoke(app, ["build", "--pdf", "content/docs"])
    assert result.exit_code == 1
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert (project / "out" / "docs" / "a.docx").exists() and not (project / "out" / "docs" / "a.pdf").exists()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    not (SOFFICE and shutil.which("pdftotext")),
    reason="SKIPPED: LibreOffice (soffice) and poppler-utils are needed for gen build --pdf",
)
def test_build_pdf_writes_a_pdf_beside_each_docx_with_the_same_text(project, monkeypatch):
    monkeypatch.chdir(project)
    _write(project, "a.yaml", MINIMAL)
    (project / "content" / "docs" / "sub").mkdir()
    _write(
        project,
        "sub/a.yaml",
        MINIMAL.replace("so: 7", "so: 9")
        .replace("../co-quan", "../../co-quan")
        .replace("Đoạn một.", "Một đoạn khác, với chữ Việt có dấu."),
    )
    result = CliRunner().invoke(app, ["build", "--pdf", "content/docs"])
    assert result.exit_code == 0, result.output
    for docx in (project / "out" / "docs" / "a.docx", project / "out" / "docs" / "sub" / "a.docx"):
        pdf = docx.with_suffix(".pdf")
        assert pdf.exists()
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info  # a short document fits one page
        text = _plain(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        paragraphs = [p.text for p in open_docx(docx).paragraphs] + [
            p.text for table in open_docx(docx).tables for cell in table._cells for p in cell.paragraphs
        ]
        for paragraph in paragraphs:
            if paragraph.strip():
                assert _plain(paragraph) in text, paragraph


def _plain(text: str) -> str:
    """Whitespace and dash runs as the PDF text layer gives them ("-----" comes out as one rule)."""
    return " ".join(re.sub(r"[-–—]+", "-", text).split())


def test_parallel_build_gives_the_same_files_and_finds_numbers_across_workers(project, monkeypatch):
    import gen.workflow.build as build_module

    for i in range(6):
        _write(
            project, f"d{i}.yaml", MINIMAL.replace("so: 7", f"so: {i % 5 + 1}").replace("Đoạn một.", f"Đoạn số {i}.")
        )
    monkeypatch.setattr(build_module, "PARALLEL_MIN", 2)
    parallel = build_all([project / "content" / "docs"], project / "par", project / "content", workers=2)
    serial = build_all([project / "content" / "docs"], project / "ser", project / "content", workers=1)
    assert [r.source.name for r in parallel] == [r.source.name for r in serial] == [f"d{i}.yaml" for i in range(6)]
    for p, s in zip(parallel, serial):
        assert p.ok and s.ok and p.output.read_bytes() == s.output.read_bytes()
        assert [f.format() for f in p.findings] == [f.format() for f in s.findings]
    duplicates = {r.source.name for r in parallel if any(f.rule == "number.duplicate" for f in r.findings)}
    assert duplicates == {"d0.yaml", "d5.yaml"}


def test_the_number_check_rereads_a_file_that_changed_since_the_last_run(project):
    _write(project, "a.yaml", MINIMAL)
    _write(project, "b.yaml", MINIMAL.replace("so: 7", "so: 8"))
    a = project / "content" / "docs" / "a.yaml"
    (result,) = build_all([a], project / "out", project / "content")
    assert "number.duplicate" not in {f.rule for f in result.findings}
    _write(project, "b.yaml", MINIMAL.replace("so: 7", "so: 7 "))  # now the same number
    os.utime(project / "content" / "docs" / "b.yaml", ns=(10**18, 10**18))
    (result,) = build_all([a], project / "out", project / "content", force=True)
    assert "number.duplicate" in {f.rule for f in result.findings}
