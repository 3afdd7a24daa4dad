"""Content is data, builds are reproducible and safe, bad input gets located messages, not tracebacks."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, MINIMAL
from docx_read import body_text, open_docx
from lxml import etree
from typer.testing import CliRunner

from gen.cli import app
from gen.content.loader import load
from gen.word import writer
from gen.workflow.build import build_all


def write(project: Path, name: str, text: str) -> Path:
    path = project / "content" / "docs" / name
    path.write_text(text, encoding="utf-8")
    return path


def build(project: Path, *paths: Path):
    return build_all(list(paths), project / "out", project / "content")


def test_special_characters_and_template_syntax_come_out_literally(project):
    tricky = "A & B <c> \"d\" 'e' {{ 7*7 }} {% if x %} {_{ %_} \\*sao\\*"
    text = MINIMAL.replace("      - Đoạn một.", "      - |-\n        " + tricky)
    text = text.replace("  - Thường trực Đảng ủy", '  - "Ban <Tổ chức> & {{ x }}"')
    (result,) = build(project, write(project, "tricky.yaml", text))
    assert result.ok, [f.format() for f in result.findings]
    with zipfile.ZipFile(result.output) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # well-formed
    doc = open_docx(result.output)
    expected = "A & B <c> \"d\" 'e' {{ 7*7 }} {% if x %} {_{ %_} *sao*"
    assert expected in body_text(doc)
    assert "49" not in body_text(doc)
    cells = doc.tables[1].rows[0].cells[0].text
    assert "- Ban <Tổ chức> & {{ x }};" in cells


def test_same_input_gives_identical_bytes(project):
    path = write(project, "a.yaml", MINIMAL)
    (first,) = build(project, path)
    data = first.output.read_bytes()
    (second,) = build(project, path)
    assert second.output.read_bytes() == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_failed_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    writer.write_atomic(target, b"old good content")

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        writer.write_atomic(target, b"new content that never lands")
    assert target.read_bytes() == b"old good content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_unwritable_output_is_reported_and_the_others_still_build(project):
    good = write(project, "good.yaml", MINIMAL)
    blocked = write(project, "blocked.yaml", MINIMAL.replace("so: 7", "so: 8"))
    (project / "out" / "docs" / "blocked.docx").mkdir(parents=True)  # a directory in the way
    results = {r.source.name: r for r in build(project, good, blocked)}
    assert results["good.yaml"].ok
    (finding,) = results["blocked.yaml"].findings
    assert finding.rule == "output.write" and "blocked.docx" in finding.message


@pytest.mark.parametrize(
    "mutation, rule, line",
    [
        (lambda t: t.replace("trich_yeu:", "trich_yue:"), "schema.unknown_key", 6),
        (lambda t: t.replace("ngay: 2026-06-05", "ngay: 2026-02-30"), "value.date", 4),
        (lambda t: t.replace("so: 7", "so: -3"), "value.number", 3),
        (lambda t: t.replace("loai: thong_bao_ket_luan", "loai: giay_moi"), "schema.allowed", 1),
        (lambda t: t + "so: 8\n", "yaml.duplicate_key", 14),
        (lambda t: t.replace("    noi_dung:", "\tnoi_dung:"), "yaml.tab", 10),
        (lambda t: t.replace("Đoạn một.", "Đoạn\x0bmột."), "text.control_char", 11),
        (lambda t: t.replace("../co-quan/kien-minh.yaml", "../co-quan/khong-co.yaml"), "org.missing", 2),
        (lambda t: t.replace("../co-quan/kien-minh.yaml", "../../../../etc/passwd"), "path.outside_project", 2),
        (lambda t: t.replace("noi_dung:\n  - tieu_de", "noi_dung:\n  - tieu_dee"), "schema.unknown_key", 9),
        (
            lambda t: t.replace("trich_yeu:\n  ve: về nhiệm vụ tháng 6 năm 2026", "trich_yeu: về nhiệm vụ"),
            "schema.type",
            6,
        ),
        (
            lambda t: t.replace("ky: {thang: 5, nam: 2026}\n", "").replace("  ve: về nhiệm vụ tháng 6 năm 2026\n", ""),
            "schema.required",
            5,
        ),
        (lambda t: t.replace("ngay: 2026-06-05\n", ""), "schema.required", 1),
        (lambda t: t.replace("ky: {thang: 5, nam: 2026}", "ky: {thang: 5, nam: 2026"), "yaml.syntax", 5),
        (lambda t: t.replace("  ve: về", "ve: về"), "schema.unknown_key", 7),
        (lambda t: t + "chu_the: ban_giam_doc\n", "schema.allowed", 14),
        (lambda t: t + "chu_ky:\n  quyen_han: Q/T\n", "schema.allowed", 15),
        (lambda t: t.replace("ky: {thang: 5, nam: 2026}", "ky: {thang: 13, nam: 2026}"), "schema.max", 5),
        (lambda t: t.replace("so: 7", "so: bảy"), "value.number", 3),
        (lambda t: t.replace("so: 7", "so: 7.5"), "value.number", 3),
        (lambda t: t.replace("Đoạn một.", '"Đoạn\\x0cmột."'), "text.control_char", 11),
        (lambda t: t + "mau: ../../../../tmp/rieng.docx\n", "path.outside_project", 14),
        (lambda t: t.replace("../co-quan/kien-minh.yaml", "x" * 5000 + "../co-quan/kien-minh.yaml"), "org.missing", 2),
        (lambda t: t.replace("- Đoạn một.", "- [Đoạn một.]"), "schema.block", 11),
    ],
)
def test_bad_input_gets_a_located_finding(project, mutation, rule, line):
    path = write(project, "bad.yaml", mutation(MINIMAL))
    (result,) = build(project, path)
    assert not result.ok and result.output is None
    assert (rule, line) in [(f.rule, f.line) for f in result.findings], [f.format() for f in result.findings]
    assert not (project / "out" / "docs" / "bad.docx").exists()


@pytest.mark.parametrize(
    "mutation, says",
    [
        (
            lambda t: t.replace("  ve: về", "ve: về"),
            'thuộc mục "trich_yeu": thụt lề dòng này vào dưới dòng "trich_yeu:"',
        ),
        (lambda t: t.replace("noi_nhan:", "noi_nhna:"), 'Có phải ý là "noi_nhan"?'),
        (lambda t: t.replace("- Đoạn một.", '- "Đoạn một.'), "dấu ngoặc kép mở mà chưa đóng"),
        (lambda t: t.replace("- Đoạn một.", "- Đoạn: một: hai."), "dấu hai chấm"),
        (lambda t: t.replace("kien-minh.yaml", "kien-mihn.yaml"), "content/co-quan/kien-mihn.yaml"),
        (lambda t: t.replace("ngay: 2026-06-05", "ngay: 2026-02-30"), "ví dụ 2026-05-08"),
    ],
)
def test_messages_say_what_to_do_in_the_authors_terms(project, mutation, says):
    (result,) = build(project, write(project, "bad.yaml", mutation(MINIMAL)))
    assert any(says in f.message for f in result.findings), [f.message for f in result.findings]


@pytest.mark.parametrize(
    "old, new, line, says",
    [
        (
            "      - tieu_de: Kết quả đạt được",
            "     - tieu_de: Kết quả đạt được",
            26,
            "thụt lề của dòng này hoặc dòng ngay trên",
        ),
        (
            "      - tieu_de: Kết quả đạt được",
            "      - tieu_de: Kết quả: đạt được",
            25,
            'dấu hai chấm ":" không đúng chỗ',
        ),
    ],
)
def test_an_indentation_slip_is_not_reported_as_a_colon_slip(project, old, new, line, says):
    text = (EXAMPLES / "001-thuy-nguyen.yaml").read_text(encoding="utf-8")
    assert old in text
    (result,) = build(project, write(project, "bad.yaml", text.replace(old, new)))
    assert [(f.line, f.rule) for f in result.findings] == [(line, "yaml.syntax")] and says in result.findings[0].message


def test_absurdly_large_input_is_refused_before_parsing(project):
    path = write(project, "huge.yaml", MINIMAL + "# " + "x" * 3_000_000 + "\n")
    (result,) = build(project, path)
    assert [f.rule for f in result.findings] == ["input.too_large"]


def test_an_output_path_cannot_leave_the_output_folder(project):
    """Documents outside content/ go to out/<name>.docx, never to a path built from ../ parts."""
    outside = project / "elsewhere"
    outside.mkdir()
    (outside / "loose.yaml").write_text(
        MINIMAL.replace("../co-quan/kien-minh.yaml", "../content/co-quan/kien-minh.yaml"), encoding="utf-8"
    )
    (result,) = build(project, project / "content" / ".." / "elsewhere" / "loose.yaml")
    assert result.ok, [f.format() for f in result.findings]
    assert result.output == project / "out" / "loose.docx"


def test_all_findings_of_a_file_are_reported(project):
    text = MINIMAL.replace("trich_yeu:", "trich_yue:").replace("so: 7", "so: 0").replace("2026-06-05", "2026-13-01")
    (result,) = build(project, write(project, "many.yaml", text))
    assert {"schema.unknown_key", "value.number", "value.date"} <= {f.rule for f in result.findings}


def test_decomposed_unicode_is_composed(project):
    import unicodedata

    text = MINIMAL.replace("Đoạn một.", unicodedata.normalize("NFD", "Kết quả đạt được."))
    (result,) = build(project, write(project, "nfd.yaml", text))
    assert "Kết quả đạt được." in body_text(open_docx(result.output))


def test_octal_looking_numbers_stay_decimal(project):
    source = load(write(project, "octal.yaml", MINIMAL.replace("so: 7", "so: 062")))
    assert source.data["so"] == 62


def test_alias_bomb_is_refused(project):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    source = load(write(project, "bomb.yaml", "\n".join(levels) + "\n"))
    assert [f.rule for f in source.findings] == ["yaml.too_complex"]


def test_cli_exit_codes_and_messages(project, monkeypatch):
    monkeypatch.chdir(project)
    write(project, "good.yaml", MINIMAL)
    runner = CliRunner()
    result = runner.invoke(app, ["build", "content/docs/good.yaml"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo" in result.output and (project / "out" / "docs" / "good.docx").exists()

    write(project, "bad.yaml", MINIMAL.replace("trich_yeu:", "trich_yue:"))
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 1
    assert "content/docs/bad.yaml:6:1: lỗi:" in result.output
    assert 'Có phải ý là "trich_yeu"?' in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert (project / "out" / "docs" / "good.docx").exists()

    result = runner.invoke(app, ["check", "--lang", "en", "content/docs/bad.yaml"])
    assert result.exit_code == 1 and 'Did you mean "trich_yeu"?' in result.output


def test_the_period_adds_nothing_to_the_title_and_the_opening_names_the_meeting(project):
    """`ky` never writes a trích yếu by itself (issue 15): without ve or tac_gia the title is missing."""
    text = MINIMAL.replace("  ve: về nhiệm vụ tháng 6 năm 2026\n", "").replace(
        "noi_dung:\n  - tieu_de", "hoi_nghi: {ngay: 2026-06-04, nghe: báo cáo}\nnoi_dung:\n  - tieu_de"
    )
    (result,) = build(project, write(project, "default.yaml", text))
    assert [f.rule for f in result.findings] == ["schema.required"] and not result.ok
    (result,) = build(
        project, write(project, "default.yaml", text.replace("trich_yeu:", "trich_yeu:\n  ve: về nhiệm vụ tháng 6"))
    )
    assert result.ok, [f.format() for f in result.findings]
    doc = open_docx(result.output)
    assert (
        "Ngày 04 tháng 6 năm 2026, Ban Thường vụ Đảng ủy xã tổ chức hội nghị về nhiệm vụ tháng 6. Sau khi nghe báo cáo, "
        "Ban Thường vụ Đảng ủy thống nhất kết luận như sau:"
    ) in body_text(doc)
    (tac_gia,) = [p.text for p in doc.paragraphs if p.style.style_id == "TacGia"]
    assert tac_gia == "KẾT LUẬN CỦA BAN THƯỜNG VỤ ĐẢNG ỦY"


def test_an_office_template_is_used_and_a_missing_one_reported(project):
    import shutil

    from gen.content.model import BUILTIN_TEMPLATE

    (project / "content" / "mau").mkdir()
    own = project / "content" / "mau" / "rieng.docx"
    shutil.copy(BUILTIN_TEMPLATE, own)
    with zipfile.ZipFile(own) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/styles.xml"] = parts["word/styles.xml"].replace("Nội dung".encode(), "Nội dung văn phòng".encode())
    with zipfile.ZipFile(own, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (result,) = build(project, write(project, "own.yaml", MINIMAL + "mau: ../mau/rieng.docx\n"))
    assert result.ok, [f.format() for f in result.findings]
    assert open_docx(result.output).styles["Nội dung văn phòng"] is not None
    (result,) = build(project, write(project, "own2.yaml", MINIMAL + "mau: ../mau/khong-co.docx\n"))
    assert [f.rule for f in result.findings] == ["template.missing"]


def test_check_json_lists_located_findings_and_strict_fails_on_warnings(project, monkeypatch):
    import json

    monkeypatch.chdir(project)
    runner = CliRunner()
    write(project, "good.yaml", MINIMAL)
    result = runner.invoke(app, ["check", "--format", "json", "content/docs/good.yaml"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []

    unsigned = MINIMAL.replace(
        "co_quan: ../co-quan/kien-minh.yaml", "co_quan: {ten: ĐẢNG ỦY XÃ A, dia_danh: A, ky_hieu: ĐU}"
    )
    write(project, "unsigned.yaml", unsigned)
    write(project, "bad.yaml", MINIMAL.replace("trich_yeu:", "trich_yue:").replace("so: 7", "so: 0"))
    result = runner.invoke(app, ["check", "--format", "json", "content/docs/unsigned.yaml", "content/docs/bad.yaml"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert {tuple(sorted(f)) for f in findings} == {("column", "file", "line", "message", "rule", "severity")}
    assert [(f["file"], f["line"], f["column"], f["rule"], f["severity"]) for f in findings] == [
        ("content/docs/unsigned.yaml", 1, 1, "signature.missing_name", "warning"),
        ("content/docs/bad.yaml", 3, 5, "value.number", "error"),
        ("content/docs/bad.yaml", 6, 1, "schema.unknown_key", "error"),
    ]

    assert runner.invoke(app, ["check", "content/docs/unsigned.yaml"]).exit_code == 0
    result = runner.invoke(app, ["check", "--strict", "content/docs/unsigned.yaml"])
    assert result.exit_code == 1
    assert "content/docs/unsigned.yaml:1:1: cảnh báo: " in result.output and "[signature.missing_name]" in result.output
    assert runner.invoke(app, ["build", "content/docs/unsigned.yaml"]).exit_code == 0
    (project / "out" / "docs" / "unsigned.docx").unlink()
    assert runner.invoke(app, ["build", "--strict", "content/docs/unsigned.yaml"]).exit_code == 1
    assert not (project / "out" / "docs" / "unsigned.docx").exists()


def test_a_files_name_in_messages_follows_the_working_directory(tmp_path, monkeypatch):
    """A loaded file is named relative to the working directory (kept once made: resolving paths
    on disk costs more than many a rule), and named anew where the directory changed."""
    from gen.content.loader import Source

    (tmp_path / "content").mkdir()
    source = Source(tmp_path / "content" / "a.yaml")
    monkeypatch.chdir(tmp_path)
    assert source.name == str(Path("content") / "a.yaml") == source.name
    monkeypatch.chdir(tmp_path / "content")
    assert source.name == "a.yaml"
    assert Source(tmp_path / "a.yaml", label="a.yaml@HEAD~1").name == "a.yaml@HEAD~1"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links as a user makes them: POSIX")
def test_a_files_name_in_messages_follows_links_to_where_it_is(tmp_path, monkeypatch):
    """A file reached through a linked folder or a link of its own is named where it really is (a
    folder is resolved once per run: the files of a folder are named many times)."""
    from gen.content.loader import display_path

    real = tmp_path / "project" / "content"
    real.mkdir(parents=True)
    (real / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "project" / "linked").symlink_to(real, target_is_directory=True)
    (real / "b.yaml").symlink_to(real / "a.yaml")
    monkeypatch.chdir(tmp_path / "project")
    assert display_path(Path("linked") / "a.yaml") == str(Path("content") / "a.yaml")
    assert display_path(Path("content") / "b.yaml") == str(Path("content") / "a.yaml")
    assert display_path(tmp_path / "elsewhere.yaml") == str(tmp_path / "elsewhere.yaml")
    assert display_path(tmp_path / "project") == "."


def test_a_files_lines_are_split_once_and_follow_its_text():
    """Every finding located in a file reads its lines: split once and kept on the Source (the
    content and spelling rules each kept their own copy, by the whole text as a key), and split
    again if the text it holds is another."""
    from gen.content.loader import Source

    source = Source(Path("a.yaml"), text="một\nhai")
    assert source.lines == ["một", "hai"] and source.lines is source.lines
    source.text = "ba"
    assert source.lines == ["ba"]
