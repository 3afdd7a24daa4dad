"""Every kind and form a Văn phòng Đảng ủy issues (issue 15): the issue date as far as it is known,
kinds, trích yếu forms, openings, periods, labels and signatures, written without workarounds."""

from pathlib import Path

import pytest
from conftest import MINIMAL
from docx_read import W, open_docx

from gen.content import model
from gen.content.loader import load
from gen.content.schema import validate_document
from gen.workflow.build import build_all, check_all


def write(project: Path, name: str, text: str) -> Path:
    path = project / "content" / "docs" / name
    path.write_text(text, encoding="utf-8")
    return path


def built_text(project: Path, path: Path) -> str:
    """Every paragraph of the built file, the header and signature tables included, one per line."""
    results = build_all([path], project / "out", project / "content", force=True)
    assert results[0].ok, [f.format() for f in results[0].findings]
    root = open_docx(results[0].output).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p"))


def findings(project: Path, path: Path) -> list[str]:
    return [f"{f.rule}: {f.message}" for _, found in check_all([path], project / "content") for f in found]


def test_an_issue_date_with_day_and_month_blank(project):
    path = write(project, "blank.yaml", MINIMAL.replace("ngay: 2026-06-05", "ngay: 2026"))
    assert "Kiến Minh, ngày            tháng            năm 2026" in built_text(project, path).replace(
        ",ngày", ", ngày"
    )


def test_build_returns_its_findings_and_leaves_the_source_alone(project):
    text = MINIMAL.replace("noi_nhan:", "chu_ky: {chuc_vu: PHÓ BÍ THƯ}\nnoi_nhan:")
    source = load(write(project, "no-name.yaml", text))
    assert validate_document(source) == []
    document, found = model.build(source)
    assert [f.rule for f in found] == ["signature.missing_name"]
    assert source.findings == []
    assert document.date.short() == "05/6/2026"


# --- the cases of issue 15's "Why", written as an office writes them, without workarounds ----------------

NAM_DAN = """\
co_quan:
  ten: ĐẢNG ỦY XÃ NAM ĐÀN
  cap_tren: ĐẢNG BỘ TỈNH NGHỆ AN
  dia_danh: Nam Đàn
  ky_hieu: ĐU
  lanh_dao: {bi_thu: Nguyễn Văn Hòa, pho_bi_thu: Trần Thị Lan, chanh_van_phong: Lê Văn Minh}
"""

CONFERENCE_ONLY = (
    """\
loai: ket_luan
"""
    + NAM_DAN
    + """\
chu_the: ban_chap_hanh
so: 4
ngay: 2025-09-05
ky: {quy: 3, nam: 2025}
trich_yeu:
  tac_gia: HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ XÃ LẦN THỨ 2
hoi_nghi:
  ngay: 2025-09-04
  mo_rong: true
  chu_tri: Nguyễn Văn Hòa, Bí thư Đảng ủy xã
  noi_dung:
    - Báo cáo kết quả thực hiện nhiệm vụ quý III năm 2025
    - Quy chế làm việc của Ban Chấp hành Đảng bộ xã khóa I, nhiệm kỳ 2025 - 2030
noi_dung:
  - tieu_de: Về kết quả thực hiện nhiệm vụ quý III năm 2025
    noi_dung:
      - Tình hình kinh tế - xã hội ổn định; thu ngân sách đạt 78% dự toán năm.
  - tieu_de: Về Quy chế làm việc
    noi_dung:
      - Thống nhất thông qua Quy chế làm việc của Ban Chấp hành Đảng bộ xã khóa I, nhiệm kỳ 2025 - 2030.
noi_nhan:
  - {ten: Ban Thường vụ Tỉnh ủy, de: để báo cáo}
  - Các đồng chí Ủy viên Ban Chấp hành Đảng bộ xã
"""
)


def test_a_conclusion_titled_by_its_conference_alone(project):
    """No "về …" line is refused or invented: the title is the conference's name, as the original."""
    path = write(project, "kl-hoi-nghi.yaml", CONFERENCE_ONLY)
    text = built_text(project, path)
    assert "KẾT LUẬN\nHỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ XÃ LẦN THỨ 2\n-----" in text
    assert "về " not in text.split("-----")[0].split("LẦN THỨ 2")[1]
    assert (
        "Ngày 04 tháng 9 năm 2025, Ban Chấp hành Đảng bộ xã tổ chức hội nghị mở rộng xem xét, cho ý kiến các nội "
        "dung: (1) Báo cáo kết quả thực hiện nhiệm vụ quý III năm 2025; (2) Quy chế làm việc của Ban Chấp hành Đảng "
        "bộ xã khóa I, nhiệm kỳ 2025 - 2030." in text
    )
    assert "T/M ĐẢNG ỦY\nBÍ THƯ\nNguyễn Văn Hòa" in text
    assert findings(project, path) == []


STANDING = (
    """\
loai: thong_bao_ket_luan
"""
    + NAM_DAN
    + """\
chu_the: thuong_truc
so: 112
ngay: 2025-08-27
trich_yeu:
  tac_gia: KẾT LUẬN CỦA THƯỜNG TRỰC ĐẢNG ỦY
  ve: về công tác chuẩn bị khai giảng năm học 2025 - 2026
hoi_nghi:
  kieu: hop
  ngay: 2025-08-26
  noi_dung: nghe Ủy ban nhân dân xã báo cáo công tác chuẩn bị khai giảng năm học 2025 - 2026
  ket_luan: "Thường trực Đảng ủy kết luận như sau:"
danh_so: ["1.", "*"]
noi_dung:
  - muc: "**Về cơ sở vật chất:** hoàn thành sửa chữa 06 phòng học trước ngày 03/9/2025."
    noi_dung:
      - muc: Ủy ban nhân dân xã bố trí kinh phí từ nguồn sự nghiệp giáo dục.
      - muc: Các trường rà soát, báo cáo nhu cầu bàn ghế trước ngày 30/8/2025.
  - muc: "**Về an toàn giao thông:** Công an xã bố trí lực lượng tại các cổng trường trong tuần khai giảng."
noi_nhan:
  - Ủy ban nhân dân xã
  - Các trường học trên địa bàn xã
"""
)


def test_a_standing_committee_meeting_opens_date_first_and_signs_for_itself(project):
    """ "Ngày 26/8/2025, Thường trực … đã họp …", the verdict's own subject not doubled, "*" items,
    a bold label with its lead-in, and T/M THƯỜNG TRỰC from the acting body alone."""
    path = write(project, "tb-thuong-truc.yaml", STANDING)
    text = built_text(project, path)
    assert (
        "Ngày 26/8/2025, Thường trực Đảng ủy xã đã họp nghe Ủy ban nhân dân xã báo cáo công tác chuẩn bị khai giảng "
        "năm học 2025 - 2026. Thường trực Đảng ủy kết luận như sau:" in text
    )
    assert "Thường trực Đảng ủy Thường trực" not in text
    assert "\n* Ủy ban nhân dân xã bố trí" in text and "\n2. Về an toàn giao thông:" in text
    assert "T/M THƯỜNG TRỰC\nBÍ THƯ\nNguyễn Văn Hòa" in text
    assert findings(project, path) == []


def test_a_bold_lead_in_makes_its_label_bold(project):
    path = write(project, "tb-thuong-truc.yaml", STANDING)
    results = build_all([path], project / "out", project / "content", force=True)
    body = open_docx(results[0].output).element.body
    first = next(p for p in body.iter(W + "p") if "Về cơ sở vật chất" in "".join(t.text or "" for t in p.iter(W + "t")))
    label = first.find(W + "r")
    assert label.find(W + "t").text == "1. " and label.find(f"{W}rPr/{W}b") is not None


PARTS = (
    """\
loai: bao_cao
"""
    + NAM_DAN
    + """\
chu_the: ban_thuong_vu
so: 61
ngay: 2025-12-18
ky: {nam: 2025}
trich_yeu:
  ve: tổng kết công tác xây dựng Đảng năm 2025; phương hướng, nhiệm vụ năm 2026
danh_so: ["A.", "I.", "1."]
noi_dung:
  - tieu_de: KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025
    noi_dung:
      - tieu_de: CÔNG TÁC CHÍNH TRỊ, TƯ TƯỞNG
        noi_dung:
          - Tổ chức học tập các nghị quyết cho 100% cán bộ, đảng viên.
      - tieu_de: CÔNG TÁC TỔ CHỨC, CÁN BỘ
        noi_dung:
          - Kết nạp 24 đảng viên, đạt 120% chỉ tiêu.
  - tieu_de: HẠN CHẾ, NGUYÊN NHÂN
    noi_dung:
      - Việc số hóa hồ sơ đảng viên còn chậm.
  - nhan: "C."
    tieu_de: PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026
    noi_dung:
      - tieu_de: NHIỆM VỤ TRỌNG TÂM
        noi_dung:
          - Hoàn thành số hóa hồ sơ đảng viên trong quý I năm 2026.
noi_nhan:
  - {ten: Ban Thường vụ Tỉnh ủy, de: để báo cáo}
"""
)


def test_parts_a_b_c_above_roman_headings_are_one_scheme(project):
    """A./B./C. number themselves; I. restarts in each part; "C." typed after "B." is a letter."""
    path = write(project, "bc-nam.yaml", PARTS)
    text = built_text(project, path)
    for line in (
        "A. KẾT QUẢ",
        "I. CÔNG TÁC CHÍNH TRỊ",
        "II. CÔNG TÁC TỔ CHỨC",
        "B. HẠN CHẾ",
        "C. PHƯƠNG HƯỚNG",
        "I. NHIỆM VỤ TRỌNG TÂM",
    ):
        assert f"\n{line}" in text, line
    assert findings(project, path) == []


def test_parts_typed_out_of_order_are_still_reported(project):
    path = write(project, "bc-nam.yaml", PARTS.replace('nhan: "C."', 'nhan: "D."'))
    assert [f.split(":")[0] for f in findings(project, path)] == ["outline.sequence"]


TERM = (
    """\
loai: chuong_trinh
"""
    + NAM_DAN
    + """\
chu_the: ban_chap_hanh
so: 2
ngay: 2025-10-06
ky: {nhiem_ky: 2025-2030, khoa: I}
trich_yeu:
  ve: làm việc toàn khóa của Ban Chấp hành Đảng bộ xã khóa I, nhiệm kỳ 2025 - 2030
noi_dung:
  - tieu_de: NỘI DUNG
    noi_dung:
      - muc: Năm 2027, sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ xã.
      - muc: Năm 2029, chuẩn bị Đại hội Đảng bộ xã nhiệm kỳ 2030 - 2035.
noi_nhan:
  - Các đồng chí Ủy viên Ban Chấp hành Đảng bộ xã
"""
)


def test_a_programme_for_the_whole_term(project, monkeypatch):
    """A period of several years is a period: no year in the term is out of it, and gen new goes to
    the next term, not the next month."""
    path = write(project, "ctr-toan-khoa.yaml", TERM)
    assert findings(project, path) == []
    from gen.workflow.new import next_document

    text, period, _ = next_document(path, project / "content")
    assert period.name() == "khóa II, nhiệm kỳ 2030 - 2035"
    assert "ky: {nhiem_ky: 2030-2035, khoa: II}" in text


# --- signatures from the acting body (05-HD §7.1), no line written by hand -------------------------------

SIGNED = (
    """\
loai: @loai
"""
    + NAM_DAN.replace(
        "chanh_van_phong: Lê Văn Minh}",
        "chanh_van_phong: Lê Văn Minh, pho_chanh_van_phong: Hồ Thị Thu, "
        "chu_nhiem: Phan Văn Tâm, pho_chu_nhiem: Đặng Văn Bình}",
    )
    + """\
chu_the: @chu_the
so: 9
ngay: 2026-06-10
trich_yeu:
  ve: về việc chuẩn bị hội nghị sơ kết 6 tháng đầu năm 2026
noi_dung:
  - Đề nghị các đơn vị chuẩn bị báo cáo theo đề cương gửi kèm.
noi_nhan:
  - Các chi bộ trực thuộc
chu_ky: {@chu_ky}
"""
)


def signed(loai: str, chu_the: str, chu_ky: str) -> str:
    return SIGNED.replace("@loai", loai).replace("@chu_the", chu_the).replace("@chu_ky", chu_ky)


@pytest.mark.parametrize(
    "loai, chu_the, chu_ky, lines",
    [
        ("ke_hoach", "ban_chap_hanh", "nguoi_ky: pho_bi_thu", "T/M ĐẢNG ỦY\nPHÓ BÍ THƯ\nTrần Thị Lan"),
        ("ke_hoach", "ban_thuong_vu", "", "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn Hòa"),
        ("cong_van", "ban_thuong_vu", "nguoi_ky: chanh_van_phong", "T/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\nLê Văn Minh"),
        ("cong_van", "thuong_truc", "nguoi_ky: pho_bi_thu", "T/M THƯỜNG TRỰC\nPHÓ BÍ THƯ\nTrần Thị Lan"),
        ("cong_van", "thuong_truc", "nguoi_ky: pho_bi_thu, quyen_han: K/T", "K/T BÍ THƯ\nPHÓ BÍ THƯ\nTrần Thị Lan"),
        ("cong_van", "chi_bo", "", "T/M CHI BỘ\nBÍ THƯ\nNguyễn Văn Hòa"),
        ("ke_hoach", "uy_ban_kiem_tra", "", "T/M ỦY BAN KIỂM TRA\nCHỦ NHIỆM\nPhan Văn Tâm"),
        ("cong_van", "van_phong", "", "\nCHÁNH VĂN PHÒNG\nLê Văn Minh"),
        (
            "cong_van",
            "van_phong",
            "nguoi_ky: pho_chanh_van_phong",
            "K/T CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nHồ Thị Thu",
        ),
    ],
)
def test_every_signing_form_comes_from_the_acting_body(project, loai, chu_the, chu_ky, lines):
    path = write(project, "ky.yaml", signed(loai, chu_the, chu_ky))
    text = built_text(project, path)
    assert text.endswith(lines), text[-120:]
    assert findings(project, path) == []


def test_who_may_issue_which_kind_is_checked_for_every_body(project):
    path = write(project, "nq-van-phong.yaml", signed("nghi_quyet", "van_phong", ""))
    assert [f.split(":")[0] for f in findings(project, path)] == ["authority.kind"]


# --- layout points seen on the pages ---------------------------------------------------------------------


def test_one_organisation_one_header_inside_the_text_area(project):
    """Every document of a committee has the same header columns, and the table stays in the text."""
    widths = set()
    for name, text in (
        ("a.yaml", MINIMAL),
        ("b.yaml", MINIMAL.replace("so: 7", "so: 215").replace("ngay: 2026-06-05", "ngay: 2026-12-28")),
    ):
        path = write(project, name, text)
        results = build_all([path], project / "out", project / "content", force=True)
        table = open_docx(results[0].output).element.body.find(W + "tbl")
        grid = tuple(int(col.get(W + "w")) for col in table.iter(W + "gridCol"))
        assert table.find(f"{W}tblPr/{W}tblInd") is None and sum(grid) <= 9356  # 165 mm
        widths.add(grid)
    assert len(widths) == 1


def _header(project, name, text):
    path = write(project, name, text)
    results = build_all([path], project / "out", project / "content", force=True)
    table = open_docx(results[0].output).element.body.find(W + "tbl")
    indent = table.find(f"{W}tblPr/{W}tblInd")
    date_cell = table.findall(f"{W}tr/{W}tc")[1]
    return (-int(indent.get(W + "w")) if indent is not None else 0), date_cell.find(f".//{W}br") is not None


def test_a_header_reaches_into_the_margin_only_when_its_lines_do_not_fit_the_text_area(project, monkeypatch):
    """Phường Thủy Nguyên's names and its longest date line need 168 mm of the 165: the table reaches
    at most header_overhang_mm (10 mm) into the left margin and the date line stays on one line;
    with the setting at 0 it stays inside and the date line breaks after the place name. Kiến Minh's
    fit: inside, one line (the test above)."""
    from gen import settings

    text = MINIMAL.replace("kien-minh.yaml", "thuy-nguyen.yaml")
    overhang, broken = _header(project, "a.yaml", text)
    assert 0 < overhang <= 567 and not broken  # 10 mm = 567 twips
    values = settings.settings()["layout"]["header_overhang_mm"]
    monkeypatch.setitem(values, "value", 0)
    overhang, broken = _header(project, "b.yaml", text)
    assert overhang == 0 and broken


def test_the_package_has_a_font_table_and_a_theme_and_headings_are_not_stretched(project):
    import zipfile

    path = write(project, "a.yaml", MINIMAL)
    results = build_all([path], project / "out", project / "content", force=True)
    with zipfile.ZipFile(results[0].output) as package:
        names = package.namelist()
        settings = package.read("word/settings.xml").decode()
        styles = package.read("word/styles.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "word/fontTable.xml" in names and "word/theme/theme1.xml" in names
    assert "fontTable.xml" in rels and "theme/theme1.xml" in rels
    assert "<w:doNotExpandShiftReturn/>" in settings
    recipients = styles[styles.index('w:styleId="NoiNhan"') :]
    assert 'w:hanging="142"' in recipients[: recipients.index("</w:style>")]


def test_a_draft_leaves_about_15_mm_for_its_number_and_day(project):
    from gen.word.render import text_width_mm

    path = write(project, "draft.yaml", MINIMAL.replace("so: 7", "so:").replace("ngay: 2026-06-05", "ngay: 2026-06"))
    text = built_text(project, path)
    number = next(line for line in text.split("\n") if line.startswith("Số "))
    blank = number[len("Số") : number.index("-")]
    assert 14 <= text_width_mm(blank, "regular", 14) <= 16
    assert "ngày" + blank + "tháng 6 năm 2026" in text


# --- gen import: every kind, and no internal error on a document that lacks a part --------------------


def _typed(paragraphs: list[str]) -> bytes:
    import io

    import docx

    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "paragraphs, loai",
    [
        (["KẾT LUẬN", "Ban Chấp hành thống nhất như sau:", "1. Tăng cường công tác kiểm tra."], "ket_luan"),
        (["Nội dung không có tiêu đề, không có số, không có chữ ký."], "thong_bao_ket_luan"),
        (
            ["Số 12-CV/ĐU", "Nam Đàn, ngày 05 tháng 3 năm 2026", "Đề nghị các chi bộ báo cáo trước ngày 10/3/2026."],
            "cong_van",
        ),
        (
            ["TỜ TRÌNH", "về việc kiện toàn Ban Chỉ đạo", "Kính trình: Ban Thường vụ Đảng ủy xã", "Đề nghị xem xét."],
            "to_trinh",
        ),
        (
            [
                "QUYẾT ĐỊNH",
                "về việc thành lập Tổ công tác",
                "- Căn cứ Điều lệ Đảng;",
                "BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH:",
                "Điều 1. Thành lập Tổ công tác.",
                "Điều 2. Quyết định có hiệu lực từ ngày ký.",
                "T/M BAN THƯỜNG VỤ",
            ],
            "quyet_dinh",
        ),
    ],
)
def test_import_reads_a_document_that_lacks_parts_without_an_internal_error(project, paragraphs, loai):
    import yaml

    from gen.workflow.importer import import_file

    source = project / "thieu.docx"
    source.write_bytes(_typed(paragraphs))
    target = project / "content" / "docs" / "thieu.yaml"
    import_file(source, target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["loai"] == loai
    if loai == "quyet_dinh":
        assert data["can_cu"] == ["Căn cứ Điều lệ Đảng"] and data["chu_the"] == "ban_thuong_vu"
        assert [item["muc"] for item in data["noi_dung"]][0] == "Thành lập Tổ công tác."
    if loai == "to_trinh":
        assert data["kinh_trinh"] == "Ban Thường vụ Đảng ủy xã"


def test_gen_new_carries_the_addressee_and_starts_a_new_draft(project):
    from gen.workflow.new import next_document

    text = MINIMAL.replace("noi_nhan:", "du_thao: 3\nkinh_gui: Ban Thường vụ Thành ủy\nnoi_nhan:")
    text, period, _ = next_document(write(project, "bc.yaml", text), project / "content")
    assert period.name() == "tháng 6 năm 2026"
    assert "du_thao: 1" in text and "kinh_gui: Ban Thường vụ Thành ủy" in text


@pytest.mark.parametrize(
    "kieu, opening",
    [
        (
            "to_chuc",
            "Ngày 09 tháng 3 năm 2026, Ban Thường vụ Đảng ủy xã tổ chức hội nghị về công tác phòng, chống cháy rừng.",
        ),
        ("hop", "Ngày 09/3/2026, Ban Thường vụ Đảng ủy xã đã họp về công tác phòng, chống cháy rừng."),
        (
            "tai_hoi_nghi",
            "Tại hội nghị ngày 09/3/2026, Ban Thường vụ Đảng ủy xã đã thảo luận, cho ý kiến về công tác "
            "phòng, chống cháy rừng.",
        ),
    ],
)
def test_the_opening_forms_read_the_title_as_the_matter_discussed(project, kieu, opening):
    text = (
        MINIMAL.replace("  ve: về nhiệm vụ tháng 6 năm 2026", "  ve: về công tác phòng, chống cháy rừng")
        .replace("noi_dung:\n  - tieu_de", f"hoi_nghi: {{kieu: {kieu}, ngay: 2026-03-09}}\nnoi_dung:\n  - tieu_de")
        .replace("ngay: 2026-06-05", "ngay: 2026-03-10")
    )
    assert opening in built_text(project, write(project, "mo-dau.yaml", text))
