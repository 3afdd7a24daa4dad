"""gen import: Word files typed by hand (tests/office_docs.py) read back into content files.

For every seed and several sets of office habits: the imported YAML builds, the built document
says what the original said (at least 99 % of its sentences, normalised for whitespace and the
punctuation the rules fix), and `gen check` finds nothing the original did not really have wrong.
A document built by the tool comes back as YAML that builds to the very same bytes.
"""

import re
import zipfile

import pytest
from conftest import EXAMPLES
from lxml import etree
from office_docs import Habits, type_document
from typer.testing import CliRunner

from gen.cli import app
from gen.content.model import OrgCache
from gen.workflow.build import build_all, check_one
from gen.workflow.importer import import_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEEDS = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
HABITS = [
    Habits(header="table", numbering="typed", signature="table"),
    Habits(header="tabs", numbering="auto", signature="tabs", recipients_heading="Nơi nhân:"),
    Habits(header="lines", numbering="auto", signature="below"),
]


@pytest.fixture(scope="module")
def workspace(fuzz_project):
    (fuzz_project / "content" / "imported").mkdir(parents=True, exist_ok=True)
    return fuzz_project


def example(seed: str):
    document, findings = check_one(EXAMPLES / f"{seed}.yaml", OrgCache())
    assert document is not None
    return document, {f.rule for f in findings}


def docx_lines(path) -> list[str]:
    """The paragraphs of the body (table cells included), then those of the footnotes."""
    package = zipfile.ZipFile(path)
    parts = ["word/document.xml"] + (["word/footnotes.xml"] if "word/footnotes.xml" in package.namelist() else [])
    return [
        "".join(
            "\n" if e.tag == f"{W}br" else "\t" if e.tag == f"{W}tab" else e.text or ""
            for e in p.iter(f"{W}t", f"{W}br", f"{W}tab")
        )
        for part in parts
        for p in etree.fromstring(package.read(part)).iter(f"{W}p")
    ]


def sentences(lines: list[str]) -> list[str]:
    """Sentences normalised for what the rules fix: whitespace, the end of a recipient line, the
    colon after Lưu, the spelling of the Nơi nhận heading and a bullet typed as list numbering; a
    date line broken after the place name (the header column decides) is one line."""
    out = []
    for line in (part for text in lines for part in text.replace(",\nngày", ", ngày").split("\n")):
        line = " ".join(line.split())
        line = re.sub(r"^Nơi nhân:", "Nơi nhận:", line)
        line = re.sub(r"^- Lưu:\s*", "- Lưu ", line)
        for sentence in re.split(r"(?<=[.;:!?])\s+", line):
            sentence = re.sub(r"[,;.]$", "", sentence.strip())
            if sentence:
                out.append(sentence)
    return out


@pytest.mark.parametrize("habits", HABITS, ids=lambda h: f"{h.header}-{h.numbering}-{h.signature}")
@pytest.mark.parametrize("seed", SEEDS)
def test_a_typed_document_imports_and_builds_to_the_same_text(workspace, seed, habits):
    document, example_rules = example(seed)
    data, seen = type_document(document, habits)
    name = f"{seed}-{habits.header}-{habits.numbering}"
    source = workspace / f"{name}.docx"
    source.write_bytes(data)
    target = workspace / "content" / "imported" / f"{name}.yaml"

    imported = import_file(source, target)
    text = target.read_text(encoding="utf-8")
    assert "co_quan: ../co-quan/" in text  # the header's organisation matched its file
    results = build_all([target], workspace / "out", workspace / "content", force=True)
    assert results[0].output is not None, [f.format() for f in results[0].findings]

    original = sentences(seen)
    rebuilt = set(sentences(docx_lines(results[0].output)))
    missing = [s for s in original if s not in rebuilt]
    assert len(missing) <= len(original) * 0.01, missing[:5]

    # Only what is really wrong in the original: every rule the imported file breaks, the
    # seed's own example breaks too (the reverse need not hold: "," after recipients is gone).
    _, findings = check_one(target, OrgCache())
    assert {f.rule for f in findings} <= example_rules, [f.format() for f in findings if f.rule not in example_rules]
    if document.period is not None:  # the period, at least, is a guess the author is told about
        assert imported.notes and "# Kiểm tra:" in text


@pytest.mark.parametrize("seed", SEEDS)
def test_a_built_document_imports_back_to_the_same_bytes(workspace, built, seed):
    target = workspace / "content" / "roundtrip" / f"{seed}.yaml"
    import_file(built[seed[:3]], target)
    # Numbered within its own folder: the other tests import the same documents (same numbers)
    # elsewhere in the workspace, and a number used twice would mark the file a draft.
    results = build_all([target], workspace / "out-roundtrip", target.parent, force=True)
    assert results[0].output is not None, [f.format() for f in results[0].findings]
    assert results[0].output.read_bytes() == built[seed[:3]].read_bytes()


def test_the_yaml_is_tidy(workspace, built):
    target = workspace / "content" / "tidy" / "000.yaml"
    import_file(built["000"], target)
    text = target.read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys == [
        "loai",
        "co_quan",
        "chu_the",
        "so",
        "ngay",
        "ky",
        "trich_yeu",
        "mo_dau",
        "noi_dung",
        "noi_nhan",
        "luu",
        "chu_ky",
    ]
    assert "ngay: 2026-05-08" in text and "ky: {thang: 4, nam: 2026}" in text
    assert "mo_dau: >-" in text and "ve: |-" in text  # long text folded, line breaks kept literally
    assert max(len(line) for line in text.splitlines()) <= 110
    assert "  - ten: Thường trực Thành ủy\n    de: Báo cáo" in text and "luu: VP ĐU" in text


def test_auto_numbering_labels_come_from_numbering_xml(workspace):
    from gen.word.reader import read

    document, _ = example("001-thuy-nguyen")
    data, _ = type_document(document, HABITS[1])
    source = workspace / "auto.docx"
    source.write_bytes(data)
    labels = [line.label for line in read(source) if line.label]
    assert labels[:4] == ["I.", "1.", "(1)", "(2)"]
    assert "II." in labels and "III." in labels
    assert not any(line.plain.startswith(("I. ", "(1) ")) for line in read(source))  # not typed in the text


def test_cli_import_reports_and_refuses_bad_input(workspace, monkeypatch, built):
    monkeypatch.chdir(workspace)
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(built["004"]), "--out", "content/cli/004.yaml"])
    assert result.exit_code == 0, result.output
    assert "Kiểm tra: kỳ đánh giá" in result.output and "content/cli/004.yaml" in result.output
    again = runner.invoke(app, ["import", str(built["004"]), "--out", "content/cli/004.yaml"])
    assert again.exit_code == 1 and "--force" in again.output

    (workspace / "broken.docx").write_bytes(b"not a zip")
    result = runner.invoke(app, ["import", "broken.docx", "--out", "content/cli/broken.yaml"])
    assert result.exit_code == 1 and "broken.docx:1:1: lỗi:" in result.output and ".docx" in result.output
    assert not (workspace / "content" / "cli" / "broken.yaml").exists()

    result = runner.invoke(app, ["import", "missing.docx", "--out", "content/cli/m.yaml"])
    assert result.exit_code == 1 and "missing.docx:1:1: lỗi:" in result.output and "[input.missing]" in result.output

    # --co-quan: refer to the given organisation file even when the document has no header.
    result = runner.invoke(
        app,
        ["import", str(built["002"]), "--out", "content/cli/002.yaml", "--co-quan", "content/co-quan/kien-hung.yaml"],
    )
    assert result.exit_code == 0, result.output
    assert "co_quan: ../co-quan/kien-hung.yaml" in (workspace / "content" / "cli" / "002.yaml").read_text(
        encoding="utf-8"
    )


def test_a_signing_form_typed_as_tm_is_corrected_and_said(workspace):
    import io

    document, _ = example("004-ke-sat")
    data, _ = type_document(document, HABITS[0])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "T/M BAN THƯỜNG VỤ".encode(), "TM. BAN THƯỜNG VỤ".encode()
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    source = workspace / "tm.docx"
    source.write_bytes(buffer.getvalue())
    target = workspace / "content" / "imported" / "tm.yaml"
    imported = import_file(source, target)
    text = target.read_text(encoding="utf-8")
    assert "quyen_han: T/M\n  thay_mat: BAN THƯỜNG VỤ" in text
    assert [n.params for n in imported.notes if n.message_id == "import.authority_fixed"] == [
        {"typed": "TM.", "fixed": "T/M"}
    ]
    assert '# Kiểm tra: bản gốc ghi "TM."' in text


def test_a_recipient_typed_on_the_heading_line_keeps_its_place():
    from gen.word.reader import Line
    from gen.workflow.importer import parse

    def line(text):
        return Line(text=text, plain=text, pieces=((text, False, False),))

    typed = [
        "KẾT LUẬN",
        "về nhiệm vụ tháng 5 năm 2026",
        "Nội dung.",
        "Nơi nhận: - Thường trực Thành ủy (báo cáo),",
        "- Các chi bộ trực thuộc,",
        "- Lưu VP.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Vũ Bình Dương",
    ]
    data = parse([line(text) for text in typed]).data
    assert data["noi_nhan"] == [{"ten": "Thường trực Thành ủy", "de": "báo cáo"}, "Các chi bộ trực thuộc"]
    assert data["luu"] == "VP"
    assert data["chu_ky"] == {
        "quyen_han": "T/M",
        "thay_mat": "BAN THƯỜNG VỤ",
        "chuc_vu": "BÍ THƯ",
        "ho_ten": "Vũ Bình Dương",
    }
