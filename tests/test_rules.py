"""The rule checker: rules as data, each content rule with a failing and a passing case, the seeds'
slips found at their lines with no false alarm, and the audit of Word files."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from conftest import EXAMPLES, MINIMAL, SLIPS
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from typer.testing import CliRunner

import gen.checks.content  # noqa: F401  (registers the content checks)
from gen.checks import audit as audit_module
from gen.checks.registry import CHECKS, example_document, rules
from gen.cli import app
from gen.settings import read_data
from gen.workflow.build import check_all


def test_rules_are_well_formed_data():
    ids = [r.id for r in rules()]
    assert len(ids) == len(set(ids))
    for rule in rules():
        assert rule.severity in ("error", "warning", "info") and rule.scope in ("content", "docx")
        assert rule.clause and rule.confidence and rule.limits, rule.id
        # One contract: a pattern, or a check registered under the rule's own id; never both.
        assert (rule.pattern is not None) != (rule.id in CHECKS), rule.id
        if rule.pattern is not None:
            assert rule.texts, rule.id
    assert set(CHECKS) <= set(ids), "a check registered under no rule id"


def _findings(project, text, name="doc.yaml"):
    path = project / "content" / "docs" / name
    path.write_text(text, encoding="utf-8")
    ((_, findings),) = check_all([path], project / "content")
    return findings


def _add_body(text, paragraph):
    return text.replace("      - Đoạn một.\n", f"      - {paragraph}\n")


def _laid_over(base: dict, value) -> dict:
    """The example document with an example laid over it (rules.yaml, `examples`)."""
    document = copy.deepcopy(base)
    if isinstance(value, str):
        document["noi_dung"] = [{"tieu_de": "Kết quả", "noi_dung": [value]}]
        return document
    for key, item in value.items():
        if item is None:
            document.pop(key, None)
        elif isinstance(item, dict) and isinstance(document.get(key), dict):
            document[key] = {**document[key], **item}
        else:
            document[key] = item
    return document


def _judge(tmp_path, rule, example) -> list:
    """The findings of `gen check` on the example, written as a file beside a neighbour document."""
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    base = example_document()
    neighbour = _laid_over(base, read_data("rules.yaml")["example_neighbour"])
    (folder / "ke-ben.yaml").write_text(yaml.safe_dump(neighbour, allow_unicode=True), encoding="utf-8")
    path = folder / "vi-du.yaml"
    path.write_text(yaml.safe_dump(_laid_over(base, example.value), allow_unicode=True), encoding="utf-8")
    ((_, findings),) = check_all([path], folder)
    return findings


CONTENT_RULES = [rule for rule in rules() if rule.scope == "content"]


@pytest.mark.parametrize("rule", CONTENT_RULES, ids=[r.id for r in CONTENT_RULES])
def test_each_content_rule_judges_its_examples(tmp_path, rule):
    """Every content rule carries failing and passing examples in rules.yaml, and judges each rightly."""
    assert any(e.fails for e in rule.examples) and any(not e.fails for e in rule.examples), f"{rule.id}: no examples"
    for example in rule.examples:
        findings = _judge(tmp_path, rule, example)
        found = [f for f in findings if f.rule == rule.id]
        if example.fails:
            assert found, (example.describe(), [f.format() for f in findings])
        else:
            assert not found, (example.describe(), [f.format() for f in found])
        # An example is about its rule: it is otherwise a correct document.
        others = [f.format() for f in findings if f.rule != rule.id and f.severity == "error"]
        assert not others, (example.describe(), others)


def test_gen_rules_prints_the_examples():
    result = CliRunner().invoke(app, ["rules", "--vi-du"])
    assert result.exit_code == 0
    assert "Sai: Phát triển kinh tế- xã hội." in result.output and "Đúng: Phát triển kinh tế - xã hội." in result.output
    assert "Giới hạn:" in result.output
    listed = json.loads(CliRunner().invoke(app, ["rules", "--vi-du", "--format", "json"]).stdout)
    assert all(r["examples"]["fail"] and r["examples"]["pass"] for r in listed if r["scope"] == "content")


def test_rules_follow_the_document_date(project):
    """Bodies abolished on 01/7/2025 may be named in a document of June 2025."""
    before = (
        _add_body(MINIMAL, "Báo cáo Ban Thường vụ Huyện ủy.")
        .replace("2026-06-05", "2025-06-05")
        .replace("nam: 2026", "nam: 2025")
    )
    assert "body.abolished" not in {f.rule for f in _findings(project, before)}


def test_a_number_used_twice_in_a_term_is_found(project):
    _findings(project, MINIMAL, "a.yaml")
    findings = _findings(
        project, MINIMAL.replace("2026-06-05", "2027-01-10").replace("thang: 5", "thang: 12"), "b.yaml"
    )
    (duplicate,) = [f for f in findings if f.rule == "number.duplicate"]
    assert duplicate.line == 3 and "a.yaml:3" in duplicate.message
    other_term = _findings(
        project,
        MINIMAL.replace("2026-06-05", "2031-01-10").replace("thang: 5, nam: 2026", "thang: 12, nam: 2030"),
        "b.yaml",
    )
    assert "number.duplicate" not in {f.rule for f in other_term}
    other_kind = _findings(project, MINIMAL.replace("thong_bao_ket_luan", "ket_luan"), "b.yaml")
    assert "number.duplicate" not in {f.rule for f in other_kind}


# The seeds' slips (tests/fixtures/slips keeps them), each at its line; and nothing else.
EXPECTED = {
    "000-kien-minh.yaml": [(15, "typing.month_padding"), (16, "typing.month_padding")]
    + [(n, "recipients.punctuation") for n in range(249, 254)],
    "001-thuy-nguyen.yaml": [
        (17, "date.meeting_far_from_issue"),
        (17, "date.year_out_of_period"),
        (209, "signature.body_mismatch"),
    ],
    "002-kien-hung.yaml": [
        (54, "term.quoc_hoi"),
        (59, "typing.hyphen_one_side"),
        (111, "outline.mixed"),
        (151, "typing.hyphen_one_side"),
        (164, "typing.hyphen_one_side"),
        (167, "typing.hyphen_one_side"),
        (168, "typing.hyphen_one_side"),
        (171, "typing.bullet_no_space"),
        (171, "typing.hyphen_one_side"),
        (198, "typing.hyphen_one_side"),
        (233, "date.year_out_of_period"),
        (238, "outline.mixed"),
        (254, "signature.body_mismatch"),
    ],
    "003-nguyen-luong-bang.yaml": [(78, "spelling.compound"), (151, "typing.known_misspelling")],
    "004-ke-sat.yaml": [(14, "title.lowercase"), (45, "typing.paragraph_end")],
}


def test_the_seeds_slips_are_found_at_their_lines_and_nothing_else():
    found = {}
    for path, findings in check_all([SLIPS], SLIPS):
        found[path.name] = sorted((f.line, f.rule) for f in findings)
    assert found == {name: sorted(expected) for name, expected in EXPECTED.items()}


def test_the_examples_are_issued_documents_with_no_finding():
    """content/examples holds the seeds corrected, as they would be signed: not one finding."""
    checked = check_all([EXAMPLES], EXAMPLES.parent)
    assert len(checked) >= 5
    assert {path.name: [f.format() for f in findings] for path, findings in checked} == {
        path.name: [] for path, _ in checked
    }


def test_gen_rules_lists_the_rules_with_their_clauses():
    result = CliRunner().invoke(app, ["rules", "--format", "json"])
    listed = json.loads(result.stdout)
    assert {r["id"] for r in listed} == {r.id for r in rules()}
    assert all(r["clause"] for r in listed)
    in_2025 = {
        r["id"]
        for r in json.loads(CliRunner().invoke(app, ["rules", "--ngay", "2025-01-01", "--format", "json"]).stdout)
    }
    assert "authority.kind" not in in_2025 and "docx.body" not in in_2025 and "term.quoc_hoi" in in_2025


# --- the audit of Word files ------------------------------------------------------------------------


def test_every_built_document_passes_the_audit(built):
    for name, path in built.items():
        findings = audit_module.audit(path)
        assert not findings, (name, [f.format() for f in findings])


def _hand_typed(path):
    """A document typed the way offices type it, with one slip of each kind."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)  # Letter
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Mm(25)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG")
    left.add_paragraph().add_run("ĐẢNG ỦY XÃ KIẾN MINH").bold = True
    left.add_paragraph("*")
    left.add_paragraph("Số: 62-TB/ĐU")
    run = right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    run.bold, run.font.size = True, Pt(15)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    date = right.add_paragraph()
    date.add_run("Kiến Minh, ngày 8 tháng 06 năm 2026").italic = True
    for cell_paragraph in list(left.paragraphs) + list(right.paragraphs):
        cell_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in cell_paragraph.runs:
            r.font.size = r.font.size or Pt(14)
    kind = doc.add_paragraph()
    kind.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = kind.add_run("THÔNG BÁO")
    run.bold, run.font.size = True, Pt(16)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("Về kết luận của Ban Thường vụ Đảng ủy")
    run.bold, run.font.size = True, Pt(14)
    doc.add_paragraph("-----").alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = doc.add_paragraph()
    body.add_run("Ban Thường vụ Đảng ủy thống nhất kết luận như sau").font.size = Pt(13)
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhân:").underline = True
    left.add_paragraph("- Thường trực Thành ủy,")
    left.add_paragraph("- Lưu VP")
    right.paragraphs[0].add_run("TM. BAN THƯỜNG VỤ").bold = True
    right.add_paragraph("BÍ THƯ")
    right.add_paragraph().add_run("Đồng chí Vũ Bình Dương").bold = True
    doc.save(path)
    return path


def test_a_hand_typed_document_gets_each_deviation(tmp_path):
    findings = audit_module.audit(_hand_typed(tmp_path / "go-tay.docx"))
    text = "\n".join(f.format() for f in findings)
    rules_found = {f.rule for f in findings}
    assert {
        "docx.page",
        "docx.font",
        "docx.number",
        "docx.date_line",
        "docx.title_case",
        "docx.body",
        "docx.recipients",
        "docx.signature",
        "docx.page_numbers",
    } <= rules_found, text
    for expected in (
        "216×279 mm",
        "lề 25/25/25/25 mm",
        "Số: 62-TB/ĐU",
        "ngày 08 tháng 6 năm 2026",
        "Nơi nhân:",
        "Thường trực Thành ủy,",
        "- Lưu",
        "TM.",
        "Đồng chí Vũ Bình Dương",
        "cỡ 13",
        "thụt đầu dòng",
        "không kết thúc bằng dấu chấm",
        "trang đầu",
    ):
        assert expected in text, expected
    assert all(f.where for f in findings if f.rule not in ("docx.page", "docx.font", "docx.page_numbers"))


def test_check_audits_docx_files_from_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _hand_typed(tmp_path / "go-tay.docx")
    (tmp_path / "hong.docx").write_bytes(b"not a zip")
    result = CliRunner().invoke(app, ["check", "--format", "json", "go-tay.docx", "hong.docx"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert {f["file"] for f in findings} == {"go-tay.docx", "hong.docx"}
    assert any(f["rule"] == "docx.not_word" for f in findings)
    assert all("paragraph" in f for f in findings if f["rule"] == "docx.number_colon")


def test_the_audit_speaks_one_language(tmp_path):
    """Audit details, part names and severity words come from the catalogues: English on request,
    with no Vietnamese fragment left in the English text (the words quoted from the document aside)."""
    from gen.messages import set_language

    path = _hand_typed(tmp_path / "go-tay.docx")
    try:
        set_language("en")
        english = "\n".join(f.format() for f in audit_module.audit(path))
    finally:
        set_language("vi")
    vietnamese = "\n".join(f.format() for f in audit_module.audit(path))
    assert "Body text: size 13 pt, not justified" in english and ": error: " in english
    for fragment in ("không dàn đều", "thụt đầu dòng", "cần ", "đậm", "giữa", "Nơi nhận: nơi nhận", ": lỗi: "):
        assert fragment not in english, fragment
    assert "không dàn đều hai lề" in vietnamese and ": lỗi: " in vietnamese
