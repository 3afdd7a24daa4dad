"""The rule checker: rules as data, each content rule with a failing and a passing case, the seeds'
slips found at their lines with no false alarm, and the audit of Word files."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, MINIMAL, SLIPS
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from gen.checks import audit as audit_module
from gen.checks import content as lint
from gen.checks import structure
from gen.checks.registry import rules
from gen.cli import app
from gen.workflow.build import check_all


def test_rules_are_well_formed_data():
    ids = [r.id for r in rules()]
    assert len(ids) == len(set(ids))
    for rule in rules():
        assert rule.severity in ("error", "warning", "info") and rule.scope in ("content", "docx")
        assert rule.vi and rule.en and rule.clause and rule.confidence
        assert (rule.pattern is not None) != (rule.check is not None), rule.id
        if rule.check:
            checks = {**lint.CHECKS, **structure.CHECKS} if rule.scope == "content" else audit_module.CHECKS
            assert rule.check in checks, rule.id
        if rule.pattern is not None:
            assert rule.texts, rule.id


def _findings(project, text, name="doc.yaml"):
    path = project / "content" / "docs" / name
    path.write_text(text, encoding="utf-8")
    ((_, findings),) = check_all([path], project / "content")
    return findings


def _add_section(text, title, label):
    return text.replace("noi_nhan:", f'  - tieu_de: {title}\n    nhan: "{label}"\nnoi_nhan:')


def _add_body(text, paragraph):
    return text.replace("      - Đoạn một.\n", f"      - {paragraph}\n")


CASES = [
    # rule, bad document, good document
    (
        "date.meeting_after_issue",
        MINIMAL + "hoi_nghi: {ngay: 2026-06-09}\n",
        MINIMAL + "hoi_nghi: {ngay: 2026-06-04}\n",
    ),
    (
        "date.meeting_far_from_issue",
        MINIMAL + "hoi_nghi: {ngay: 2024-06-04}\n",
        MINIMAL + "hoi_nghi: {ngay: 2026-06-04}\n",
    ),
    (
        "date.meeting_far_from_issue",
        MINIMAL + "mo_dau: Tại Hội nghị Đảng ủy họp ngày 08/4/2024, Đảng ủy kết luận.\n",
        MINIMAL + "mo_dau: Tại Hội nghị Đảng ủy họp ngày 04/6/2026, Đảng ủy kết luận.\n",
    ),
    ("date.impossible", _add_body(MINIMAL, "Họp ngày 30/02/2026."), _add_body(MINIMAL, "Họp ngày 28/02/2026.")),
    (
        "date.year_out_of_period",
        _add_body(MINIMAL, "Kết quả 6 tháng cuối năm 2024."),
        _add_body(MINIMAL, "Kết quả 6 tháng đầu năm 2026."),
    ),
    (
        "date.year_out_of_period",
        _add_body(MINIMAL, "Sơ kết quý I/2023."),
        _add_body(MINIMAL, "Thực hiện Nghị quyết số 05-NQ/TU ngày 12/3/2021."),
    ),
    ("period.not_this_or_next", MINIMAL.replace("tháng 6 năm 2026", "tháng 9 năm 2026"), MINIMAL),
    (
        "term.quoc_hoi",
        _add_body(MINIMAL, "Bầu cử đại biểu Quốc hội khóa XIV."),
        _add_body(MINIMAL, "Bầu cử đại biểu Quốc hội khóa XVI."),
    ),
    (
        "term.hdnd",
        _add_body(MINIMAL, "Bầu cử đại biểu HĐND các cấp nhiệm kỳ 2025 - 2030."),
        _add_body(MINIMAL, "Bầu cử đại biểu HĐND các cấp nhiệm kỳ 2026 - 2031."),
    ),
    (
        "term.dai_hoi_dang",
        _add_body(MINIMAL, "Tuyên truyền Đại hội XV của Đảng."),
        _add_body(MINIMAL, "Tuyên truyền Đại hội XIV của Đảng."),
    ),
    ("outline.mixed", _add_section(MINIMAL, "Hai", "2."), _add_section(MINIMAL, "Hai", "II.")),
    ("outline.sequence", _add_section(MINIMAL, "Ba", "III."), _add_section(MINIMAL, "Hai", "II.")),
    (
        "typing.hyphen_one_side",
        _add_body(MINIMAL, "Phát triển kinh tế- xã hội."),
        _add_body(MINIMAL, "Phát triển kinh tế - xã hội."),
    ),
    ("typing.bullet_no_space", _add_body(MINIMAL, "-Tập trung chỉ đạo."), _add_body(MINIMAL, "Tập trung chỉ đạo.")),
    ("typing.double_space", _add_body(MINIMAL, "Tập  trung chỉ đạo."), _add_body(MINIMAL, "Tập trung chỉ đạo.")),
    (
        "typing.space_before_punctuation",
        _add_body(MINIMAL, "Tập trung chỉ đạo , điều hành."),
        _add_body(MINIMAL, "Tập trung chỉ đạo, điều hành."),
    ),
    ("typing.unbalanced", _add_body(MINIMAL, "Tập trung (chỉ đạo."), _add_body(MINIMAL, "Tập trung (chỉ đạo).")),
    ("typing.doubled_word", _add_body(MINIMAL, "Kết quả của của xã."), _add_body(MINIMAL, "Xử lý hành vi vi phạm.")),
    ("typing.paragraph_end", _add_body(MINIMAL, "Tập trung chỉ đạo"), _add_body(MINIMAL, "Tập trung chỉ đạo.")),
    (
        "typing.month_padding",
        _add_body(MINIMAL, "Trong tháng 05 năm 2026."),
        _add_body(MINIMAL, "Trong tháng 02 và tháng 5 năm 2026."),
    ),
    (
        "typing.known_misspelling",
        _add_body(MINIMAL, "Hội nghị thông nhất."),
        _add_body(MINIMAL, "Hội nghị thống nhất."),
    ),
    ("title.lowercase", MINIMAL.replace("ve: về nhiệm vụ", "ve: VỀ nhiệm vụ"), MINIMAL),
    (
        "body.abolished",
        _add_body(MINIMAL, "Báo cáo Ban Thường vụ Huyện ủy."),
        _add_body(MINIMAL, "Báo cáo Ban Thường vụ Thành ủy."),
    ),
    (
        "signature.no_kt_for_committee",
        MINIMAL + "chu_ky: {quyen_han: K/T, chuc_vu: PHÓ BÍ THƯ}\n",
        MINIMAL + "chu_ky: {quyen_han: T/M, chuc_vu: PHÓ BÍ THƯ}\n",
    ),
    (
        "signature.tl_title",
        MINIMAL + "chu_ky: {quyen_han: T/L, chuc_vu: PHÓ BÍ THƯ}\n",
        MINIMAL + "chu_ky: {quyen_han: T/L, chuc_vu: CHÁNH VĂN PHÒNG}\n",
    ),
    (
        "signature.title_names_committee",
        MINIMAL + "chu_ky: {chuc_vu: BÍ THƯ ĐẢNG ỦY}\n",
        MINIMAL + "chu_ky: {chuc_vu: BÍ THƯ}\n",
    ),
    (
        "signature.name_with_title",
        MINIMAL + "chu_ky: {ho_ten: Đồng chí Vũ Bình Dương}\n",
        MINIMAL + "chu_ky: {ho_ten: Vũ Bình Dương}\n",
    ),
    (
        "signature.body_mismatch",
        MINIMAL + "chu_the: ban_chap_hanh\nchu_ky: {thay_mat: BAN CHẤP HÀNH}\n",
        MINIMAL + "chu_the: ban_chap_hanh\n",
    ),
    (
        "authority.kind",
        MINIMAL.replace("loai: thong_bao_ket_luan", "loai: nghi_quyet") + "chu_the: thuong_truc\n",
        MINIMAL.replace("loai: thong_bao_ket_luan", "loai: nghi_quyet"),
    ),
    ("recipients.punctuation", MINIMAL.replace("  - Thường trực Đảng ủy\n", "  - Thường trực Đảng ủy,\n"), MINIMAL),
]


@pytest.mark.parametrize("rule, bad, good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_content_rule_fails_and_passes(project, rule, bad, good):
    assert rule in {f.rule for f in _findings(project, bad)}, [f.format() for f in _findings(project, bad)]
    assert rule not in {f.rule for f in _findings(project, good)}, [f.format() for f in _findings(project, good)]


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
    "003-nguyen-luong-bang.yaml": [(78, "typing.known_misspelling"), (151, "typing.known_misspelling")],
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
        "docx.number_colon",
        "docx.date_padding",
        "docx.title_case",
        "docx.body",
        "docx.recipients",
        "docx.component",
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
    assert any(f["rule"] == "docx.unreadable" for f in findings)
    assert all("paragraph" in f for f in findings if f["rule"] == "docx.number_colon")
