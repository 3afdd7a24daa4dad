"""What a new office met when it wrote its own documents from the README alone (a trial of every
kind and form by other committees: a phường of Thanh Hóa, a xã of Đắk Lắk and of Nghệ An, a chi bộ,
an Ủy ban Kiểm tra, a Đảng ủy cơ quan). Each test is one slip of the tool that trial found."""

import zipfile
from pathlib import Path

import pytest
from docx_read import W, open_docx

from gen.workflow.build import build_all, check_all
from gen.workflow.importer import import_file

HAC_THANH = """\
co_quan:
  cap_tren: ĐẢNG BỘ TỈNH THANH HÓA
  ten: ĐẢNG ỦY PHƯỜNG HẠC THÀNH
  cap: phuong
  dia_danh: Hạc Thành
  ky_hieu: ĐU
  van_phong: Văn phòng Đảng ủy
  lanh_dao: {bi_thu: Lê Văn Thắng, pho_bi_thu: Nguyễn Thị Hồng Nhung, chanh_van_phong: Trịnh Minh Đức}
"""

WORKING_SESSION = (
    """\
loai: thong_bao_ket_luan
"""
    + HAC_THANH
    + """\
chu_the: thuong_truc
so: 41
ngay: 2026-08-28
trich_yeu:
  ve: >-
    kết luận của Thường trực Đảng ủy tại buổi làm việc với Ủy ban nhân dân phường
    về tiến độ giải phóng mặt bằng
hoi_nghi:
  kieu: hop
  ngay: 2026-08-26
  chu_tri: Lê Văn Thắng - Bí thư Đảng ủy phường
  ket_luan: "Thường trực Đảng ủy kết luận như sau:"
noi_dung:
  - tieu_de: Nhiệm vụ trong thời gian tới
    noi_dung:
      - y: Ủy ban nhân dân phường hoàn thành kiểm đếm khu dân cư số 3 trước ngày 30/9/2026.
      - y: Giao Văn phòng Đảng ủy theo dõi, đôn đốc việc thực hiện Thông báo này.
noi_nhan:
  - {ten: Thường trực Tỉnh ủy, de: để báo cáo}
  - Ủy ban nhân dân phường
"""
)


def write(project: Path, name: str, text: str) -> Path:
    path = project / "content" / "docs" / name
    path.write_text(text, encoding="utf-8")
    return path


def paragraphs(project: Path, path: Path) -> list[str]:
    results = build_all([path], project / "out", project / "content", force=True)
    assert results[0].ok, [f.format() for f in results[0].findings]
    body = open_docx(results[0].output).element.body
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


def findings(project: Path, path: Path) -> list[str]:
    return [f.format() for _, found in check_all([path], project / "content") for f in found]


def test_a_title_that_opens_with_the_verdict_gets_no_second_author_line(project):
    """THÔNG BÁO / "kết luận của Thường trực Đảng ủy tại …" (the form party-format.md §3.5 names) was
    printed under an invented "KẾT LUẬN CỦA THƯỜNG TRỰC ĐẢNG ỦY": "kết luận" said twice."""
    text = paragraphs(project, write(project, "tb.yaml", WORKING_SESSION))
    title = text[text.index("THÔNG BÁO") : text.index("-----")]
    assert title == [
        "THÔNG BÁO",
        "kết luận của Thường trực Đảng ủy tại buổi làm việc với Ủy ban nhân dân phường về tiến độ giải phóng mặt bằng",
    ]
    # … and the opening reads the matter after "về", not "đã họp về kết luận của Thường trực …".
    assert any(
        p.startswith("Ngày 26/8/2026, Thường trực Đảng ủy phường đã họp về tiến độ giải phóng mặt bằng.") for p in text
    )
    assert findings(project, write(project, "tb.yaml", WORKING_SESSION)) == []


@pytest.mark.parametrize(
    "ve, title",
    [
        # an inspection's conclusion of an Ủy ban Kiểm tra
        (
            "kết luận kiểm tra đối với đồng chí Nguyễn Văn B",
            ["THÔNG BÁO", "kết luận kiểm tra đối với đồng chí Nguyễn Văn B"],
        ),
        # the usual form keeps the kind's author line
        (
            "về công tác phòng, chống bão lũ",
            ["THÔNG BÁO", "KẾT LUẬN CỦA THƯỜNG TRỰC ĐẢNG ỦY", "về công tác phòng, chống bão lũ"],
        ),
    ],
)
def test_the_kinds_author_line_is_added_only_when_the_title_does_not_say_it(project, ve, title):
    text = WORKING_SESSION.replace(
        "  ve: >-\n    kết luận của Thường trực Đảng ủy tại buổi làm việc với Ủy ban nhân dân phường\n"
        "    về tiến độ giải phóng mặt bằng\n",
        f"  ve: {ve}\n",
    )
    built = paragraphs(project, write(project, "tb.yaml", text))
    assert built[built.index("THÔNG BÁO") : built.index("-----")] == title


def conference_conclusion(before_title: str = "") -> str:
    """WORKING_SESSION as a kết luận of the Ban Chấp hành titled by its conference alone."""
    text = WORKING_SESSION.replace("loai: thong_bao_ket_luan", "loai: ket_luan").replace(
        "chu_the: thuong_truc", "chu_the: ban_chap_hanh"
    )
    return text.replace(
        "trich_yeu:\n  ve: >-\n    kết luận của Thường trực Đảng ủy tại buổi làm việc với Ủy ban nhân dân phường\n"
        "    về tiến độ giải phóng mặt bằng\n",
        before_title + "trich_yeu:\n  tac_gia: HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ PHƯỜNG LẦN THỨ TƯ\n",
    ).replace('  ket_luan: "Thường trực Đảng ủy kết luận như sau:"\n', "")


def test_a_conclusion_by_its_conference_alone_imports_without_asking_for_a_subject(project, tmp_path):
    """A title that is only the conference's name is a form the rules allow: gen import read it right
    but told the office "không tìm thấy trích yếu … điền trich_yeu.ve"."""
    text = conference_conclusion()
    path = write(project, "kl.yaml", text)
    results = build_all([path], project / "out", project / "content", force=True)
    assert results[0].ok
    target = project / "content" / "docs" / "kl-nhap.yaml"
    imported = import_file(results[0].output, target)
    assert [note.key for note in imported.notes if note.key == "trich_yeu"] == []
    assert imported.data["trich_yeu"] == {"tac_gia": "HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ PHƯỜNG LẦN THỨ TƯ"}


@pytest.mark.parametrize(
    "kieu, noi_dung, opening",
    [
        # a topic written as a noun phrase gets the verb the form needs (it read "đã kết quả …")
        (
            "tai_hoi_nghi",
            "kết quả thực hiện nhiệm vụ năm 2025",
            "Tại hội nghị ngày 26/8/2026, Thường trực Đảng ủy phường đã thảo luận, cho ý kiến về kết quả thực hiện "
            "nhiệm vụ năm 2025.",
        ),
        (
            "hop",
            "công tác tuyển quân năm 2027",
            "Ngày 26/8/2026, Thường trực Đảng ủy phường đã họp về công tác tuyển quân năm 2027.",
        ),
        (
            "to_chuc",
            "công tác tuyển quân năm 2027",
            "Ngày 26 tháng 8 năm 2026, Thường trực Đảng ủy phường tổ chức hội nghị về công tác tuyển quân năm 2027.",
        ),
        # a topic that opens with its own verb is written as it is
        (
            "to_chuc",
            "đánh giá công tác tuyển quân năm 2026",
            "Ngày 26 tháng 8 năm 2026, Thường trực Đảng ủy phường tổ chức hội nghị đánh giá công tác tuyển quân năm 2026.",
        ),
        (
            "hop",
            "nghe Ban Chỉ huy Quân sự phường báo cáo công tác tuyển quân",
            "Ngày 26/8/2026, Thường trực Đảng ủy phường đã họp nghe Ban Chỉ huy Quân sự phường báo cáo công tác "
            "tuyển quân.",
        ),
    ],
)
def test_a_topic_written_in_the_meeting_facts_reads_as_a_sentence(project, kieu, noi_dung, opening):
    text = WORKING_SESSION.replace("  kieu: hop\n", f"  kieu: {kieu}\n  noi_dung: {noi_dung}\n")
    assert any(p.startswith(opening) for p in paragraphs(project, write(project, "tb.yaml", text)))


@pytest.mark.parametrize(
    "text",
    [
        "Thành lập Tổ giúp việc Ban Chỉ đạo chuyển đổi số của Đảng ủy xã, gồm các đồng chí có tên sau:",
        "Giao Tổ biên tập hoàn thiện dự thảo Báo cáo chính trị trình Ban Thường vụ.",
    ],
)
def test_a_working_group_named_in_a_decision_keeps_its_capital(text):
    """A quyết định that sets up "Tổ giúp việc …" got "Tổ" viết hoa giữa câu (spelling.capital)."""
    from gen.checks.spelling import check_text

    assert [mark.word for mark in check_text(text, allowed=[], uy="ủy")] == []
    assert [mark.word for mark in check_text("Đề nghị Các chi bộ thực hiện.", allowed=[], uy="ủy")] == ["Các"]


AGENCY = """\
loai: nghi_quyet
co_quan:
  cap_tren: ĐẢNG BỘ TỈNH QUẢNG TRỊ
  ten: ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH
  cap: co_quan
  dia_danh: Quảng Trị
  ky_hieu: ĐU
  van_phong: Văn phòng Đảng ủy
  lanh_dao: {bi_thu: Hoàng Nam}
chu_the: ban_chap_hanh
so: 21
ngay: 2026-07-10
ky: {nua_nam: cuoi, nam: 2026}
trich_yeu:
  ve: về nhiệm vụ trọng tâm 6 tháng cuối năm 2026
hoi_nghi:
  kieu: hop
  ngay: 2026-07-08
noi_dung:
  - tieu_de: Nhiệm vụ trọng tâm
    noi_dung:
      - y: Lãnh đạo các chi bộ trực thuộc hoàn thành sắp xếp tổ chức bộ máy các sở, ngành (Phụ lục kèm theo).
  - Giao các chi bộ trực thuộc xây dựng kế hoạch thực hiện Nghị quyết này.
noi_nhan:
  - {ten: Ban Thường vụ Tỉnh ủy, de: để báo cáo}
  - Các chi bộ trực thuộc
phu_luc:
  - tieu_de: CÁC CHI BỘ TRỰC THUỘC THỰC HIỆN SẮP XẾP
    noi_dung:
      - bang:
          tt: true
          dau: [[Chi bộ, Thời hạn]]
          dong:
            - [Chi bộ Sở Nội vụ, Quý III/2026]
            - [Chi bộ Sở Tài chính, Quý IV/2026]
"""


def test_a_dang_uy_co_quan_is_not_given_a_commune(project):
    """A Đảng ủy of an agency has no xã or phường: `cap` defaulted to xã and the opening read "Ban Chấp
    hành Đảng bộ xã đã họp", the appendix "(Kèm theo … của Ban Chấp hành Đảng bộ xã Quảng Trị)"."""
    path = write(project, "nq-co-quan.yaml", AGENCY)
    text = paragraphs(project, path)
    assert any(p.startswith("Ngày 08/7/2026, Ban Chấp hành Đảng bộ đã họp về nhiệm vụ trọng tâm") for p in text)
    assert "(Kèm theo Nghị quyết số 21-NQ/ĐU, ngày 10/7/2026 của Ban Chấp hành Đảng bộ Ủy ban nhân dân tỉnh)" in text
    assert not [p for p in text if " xã" in p]
    assert findings(project, path) == []
    # gen import reads it back as a Đảng ủy cơ quan, and the YAML builds to the same document.
    built = project / "out" / "docs" / "nq-co-quan.docx"
    imported = import_file(built, project / "content" / "docs" / "nhap.yaml")
    assert imported.data["co_quan"]["cap"] == "co_quan" and "kem_theo" not in imported.data["phu_luc"][0]


@pytest.mark.parametrize(
    "body, cap, ten, by",
    [
        (
            "Ban Thường vụ Đảng ủy{cap}",
            "",
            "ĐẢNG ỦY BỆNH VIỆN ĐA KHOA HẠC THÀNH",
            "Ban Thường vụ Đảng ủy Bệnh viện đa khoa Hạc Thành",
        ),
        (
            "Ban Chấp hành Đảng bộ{cap}",
            "",
            "ĐẢNG ỦY CÔNG AN TỈNH\nQUẢNG TRỊ",
            "Ban Chấp hành Đảng bộ Công an tỉnh Quảng Trị",
        ),
        ("Chi bộ", "phường", "CHI BỘ KHU PHỐ 5", "Chi bộ Khu phố 5"),
        ("Chi bộ", "xã", "CHI BỘ TRƯỜNG THCS TÂN KỲ", "Chi bộ Trường THCS Tân Kỳ"),
        ("Ban Thường vụ Đảng ủy{cap}", "xã", "ĐẢNG ỦY XÃ TÂN KỲ", "Ban Thường vụ Đảng ủy xã Tân Kỳ"),
    ],
)
def test_the_issuer_in_running_text_is_named_from_its_header(body, cap, ten, by):
    """The appendix line "(Kèm theo … của …)" named a chi bộ by the commune ("Chi bộ Hạc Thành") and a
    Đảng ủy cơ quan's place names in lower case."""
    from gen.content.appendices import issuer

    assert issuer(body, cap, "Tân Kỳ", ten) == by


def _round_trip(project: Path, name: str, text: str) -> tuple[dict, list[str]]:
    """Build `text`, import the .docx into a folder of its own and build that again: the imported
    data and what gen check says of it; the two documents' text parts are the same."""
    path = write(project, name, text)
    results = build_all([path], project / "out", project / "content", force=True)
    assert results[0].ok, [f.format() for f in results[0].findings]
    folder = project / "content" / "nhap"
    folder.mkdir(exist_ok=True)
    imported = import_file(results[0].output, folder / name)
    again = build_all([folder / name], project / "out", folder, force=True)
    assert again[0].output is not None
    with zipfile.ZipFile(results[0].output) as first, zipfile.ZipFile(again[0].output) as second:
        assert first.read("word/document.xml") == second.read("word/document.xml")
    return imported.data, [f.format() for _, found in check_all([folder / name], folder) for f in found]


def test_a_standing_committee_conclusion_signed_for_the_secretary_imports_as_its_own(project):
    """With no author line, gen import took "K/T BÍ THƯ" for the Ban Chấp hành, and gen check then
    refused the imported file (a committee has no K/T)."""
    text = WORKING_SESSION.replace("noi_nhan:", "chu_ky: {nguoi_ky: pho_bi_thu, quyen_han: K/T}\nnoi_nhan:")
    data, found = _round_trip(project, "tb-kt.yaml", text)
    assert data["chu_the"] == "thuong_truc" and found == []


PROPOSAL = (
    """\
loai: to_trinh
"""
    + HAC_THANH
    + """\
chu_the: ban_thuong_vu
so: 15
ngay: 2026-07-02
kinh_trinh: Ban Chấp hành Đảng bộ phường
trich_yeu:
  ve: về việc thông qua dự toán ngân sách Đảng năm 2027
noi_dung:
  - >-
    Căn cứ Quy định số 02-QĐ/TW, ngày 20/11/2025 của Ban Chấp hành Trung ương về chế độ chi hoạt động
    công tác đảng, Ban Thường vụ Đảng ủy kính trình Ban Chấp hành Đảng bộ phường xem xét, thông qua
    dự toán ngân sách Đảng năm 2027 như sau:
  - "Tổng dự toán chi năm 2027: 1.860 triệu đồng, tăng 4,5% so với năm 2026."
  - Ban Thường vụ Đảng ủy kính trình Ban Chấp hành Đảng bộ phường xem xét, quyết định.
noi_nhan:
  - Các đồng chí Ủy viên Ban Chấp hành Đảng bộ phường
"""
)


def test_a_proposal_that_opens_with_its_legal_basis_imports_as_body_text(project):
    """ "Căn cứ …, Ban Thường vụ kính trình … như sau:" is the tờ trình's first paragraph; gen import
    read it as a quyết định's căn cứ line ("- Căn cứ …;" in its own style)."""
    data, found = _round_trip(project, "to-trinh.yaml", PROPOSAL)
    assert "can_cu" not in data
    assert (data.get("mo_dau") or data["noi_dung"][0]).startswith("Căn cứ Quy định số 02-QĐ/TW")
    assert found == []


def test_gen_new_on_a_proposal_says_how_a_next_one_is_made(project):
    """A tờ trình has no period: gen new told the office to add "ky: {thang: 5, nam: 2026}" to it."""
    from gen.exceptions import GenError
    from gen.workflow.new import write_next

    path = write(project, "to-trinh.yaml", PROPOSAL)
    with pytest.raises(GenError) as raised:
        write_next(path, None, project / "content")
    (found,) = raised.value.findings
    assert found.rule == "new.no_period_kind" and "16" in found.message and "thang" not in found.message


@pytest.mark.parametrize(
    "line, meant",
    [
        ("chu_the: Ban Thường vụ", "ban_thuong_vu"),
        ("loai: Thông báo kết luận", "thong_bao_ket_luan"),
        ("khan: Hỏa tốc", "hoa_toc"),
    ],
)
def test_a_value_typed_in_words_is_answered_with_the_key_it_means(project, line, meant):
    """An office types the words it knows ("chu_the: Ban Thường vụ"): the message lists the keys but
    did not say which one was meant."""
    key = line.split(":")[0]
    lines = [ln for ln in WORKING_SESSION.splitlines() if not ln.startswith(f"{key}:")]
    path = write(project, "tb.yaml", "\n".join([line] + lines) + "\n")
    (allowed,) = [f for f in findings(project, path) if "schema.allowed" in f]
    assert f'Có phải ý là "{meant}"?' in allowed


POINTS = (
    """\
loai: thong_bao_ket_luan
"""
    + HAC_THANH
    + """\
chu_the: thuong_truc
so: 73
ngay: 2025-11-14
ky: {thang: 10, nam: 2025}
trich_yeu:
  ve: về việc chuẩn bị tổng kết công tác năm 2025
hoi_nghi: {kieu: hop, ngay: 2025-11-12}
noi_dung:
  - muc: "**Về báo cáo tổng kết:** Văn phòng Đảng ủy chủ trì dự thảo, trình Thường trực trước ngày 05/12/2025."
    noi_dung:
      - muc: Các ban xây dựng Đảng gửi số liệu trước ngày 28/11/2025.
  - muc: "**Về khen thưởng:** Ban Xây dựng Đảng tổng hợp đề nghị khen thưởng các chi bộ."
noi_nhan:
  - Các ban xây dựng Đảng
chu_ky:
  nguoi_ky: chanh_van_phong
"""
)


def test_numbered_points_with_no_heading_over_them_are_numbered_1_2(project):
    """A Thường trực's conclusion in points "1. Về …", "2. Về …" came out "I. Về …", "II. Về …": Roman
    numerals number headings; and the document imports back to the same numbering."""
    text = paragraphs(project, write(project, "tb-diem.yaml", POINTS))
    assert [p[:17] for p in text if p.startswith(("1", "2", "I"))] == [
        "1. Về báo cáo tổn",
        "1.1. Các ban xây ",
        "2. Về khen thưởng",
    ]
    data, found = _round_trip(project, "tb-diem.yaml", POINTS)
    assert "danh_so" not in data and found == []


CORPUS = sorted((Path(__file__).parent / "precision").glob("*.yaml"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_correct_document_of_the_corpus_passes_its_audit_and_imports_back_to_itself(tmp_path, path):
    """gen import of each built precision document gives YAML that builds to the same text, tables
    and footnotes (the trial found a tờ trình whose first paragraph came back as a căn cứ line)."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(path.parent, project / "content", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "out").mkdir()
    source = project / "content" / path.name
    results = build_all([source], project / "out", project / "content", force=True)
    assert results[0].ok, [f.format() for f in results[0].findings]
    # … which passes its own Word-file audit (a table title and a body ending in a table did not)
    audit = check_all([results[0].output], project / "content")
    assert [f.format() for _, found in audit for f in found] == []
    folder = project / "content" / "nhap"
    folder.mkdir()
    import_file(results[0].output, folder / path.name)
    again = build_all([folder / path.name], project / "out" / "nhap", folder, force=True)
    assert again[0].output is not None, [f.format() for f in again[0].findings]
    with zipfile.ZipFile(results[0].output) as first, zipfile.ZipFile(again[0].output) as second:
        for part in ("word/document.xml", "word/footnotes.xml"):
            if part in first.namelist():
                assert first.read(part) == second.read(part), part


def test_a_report_after_27_5_2026_with_a_table_title_passes_its_own_audit(tmp_path):
    """The title of a table (centred, bold, single-spaced) was audited as body text under 05-HD
    ("giãn dòng không cố định"): gen check failed on the báo cáo gen build had just written."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "precision", project / "content")
    (project / "out").mkdir()
    source = project / "content" / "21-bc-6-thang.yaml"
    results = build_all([source], project / "out", project / "content", force=True)
    assert results[0].ok and results[0].output is not None
    assert [f.format() for _, found in check_all([results[0].output], project / "content") for f in found] == []


YEAR_REPORT = (
    """\
loai: bao_cao
"""
    + HAC_THANH
    + """\
chu_the: ban_chap_hanh
so: 102
ngay: 2026-12-18
ky: {nam: 2026}
trich_yeu:
  ve: tổng kết công tác xây dựng Đảng năm 2026
noi_dung:
  - tieu_de: KẾT QUẢ
    noi_dung:
      - Kết quả thực hiện các chỉ tiêu năm 2026 tại Phụ lục kèm theo.
noi_nhan:
  - Các chi bộ trực thuộc
phu_luc:
  - tieu_de: KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2026
    noi_dung:
      - bang:
          dau:
            - [{o: Chỉ tiêu, gop_dong: 2}, {o: Năm 2026, gop_cot: 2}]
            - [Kế hoạch, Thực hiện]
          dong:
            - [Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ, 90, 92.5]
"""
)


def test_gen_new_moves_the_period_named_in_a_table_header(project):
    """gen new renamed the appendix title to the new year but left its table's header "Năm 2026"
    (and a renamed text lost its capital: "năm 2027")."""
    import yaml

    from gen.workflow.new import write_next

    target, _ = write_next(write(project, "bc-nam.yaml", YEAR_REPORT), None, project / "content")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    (appendix,) = data["phu_luc"]
    assert appendix["tieu_de"] == "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2027"
    assert appendix["noi_dung"][0]["bang"]["dau"][0][1] == {"o": "Năm 2027", "gop_cot": 2}


def test_gen_new_asks_for_the_next_conferences_name(project):
    """A kết luận titled by its conference ("HỘI NGHỊ … LẦN THỨ TƯ") was carried to the next period
    as it was: the next conference's number was never asked for."""
    import yaml

    from gen.workflow.new import write_next

    text = conference_conclusion("ky: {quy: 3, nam: 2026}\n")
    target, _ = write_next(write(project, "kl.yaml", text), None, project / "content")
    title = yaml.safe_load(target.read_text(encoding="utf-8"))["trich_yeu"]["tac_gia"]
    assert title.startswith("[ĐIỀN:") and title.endswith("HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ PHƯỜNG LẦN THỨ TƯ")
    assert any("content.placeholder" in f and "tên hội nghị" in f for f in findings(project, target))


@pytest.mark.parametrize("name", ["27-tb-chi-bo", "28-tb-ubkt", "31-cv-van-phong"])
def test_a_chi_bo_ubkt_or_van_phong_imports_onto_its_dang_uys_file(tmp_path, name):
    """Their header names the đảng ủy above them (cấp trên): gen import copied the whole organisation
    inline and said no file matched, though the đảng ủy's file was there."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "precision", project / "content")
    (project / "out").mkdir()
    results = build_all([project / "content" / f"{name}.yaml"], project / "out", project / "content", force=True)
    imported = import_file(results[0].output, project / "content" / "nhap" / f"{name}.yaml")
    assert imported.data["co_quan"]["tep"].startswith("../co-quan/")
    assert "co_quan" not in [note.key for note in imported.notes]


@pytest.mark.parametrize("name, archive", [("32-qd-ubkt", "- Lưu Ủy ban Kiểm tra."), ("33-nq-chi-bo", "- Lưu Chi bộ.")])
def test_a_body_with_its_own_header_keeps_its_own_archive(tmp_path, name, archive):
    """A quyết định of an Ủy ban Kiểm tra ended "- Lưu Văn phòng Đảng ủy.", the đảng ủy's office."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "precision", project / "content")
    (project / "out").mkdir()
    results = build_all([project / "content" / f"{name}.yaml"], project / "out", project / "content", force=True)
    assert results[0].ok, [f.format() for f in results[0].findings]
    assert archive in open_docx(results[0].output).tables[-1].rows[0].cells[0].text.splitlines()


def test_one_content_in_the_meeting_facts_is_no_numbered_list(project):
    """hoi_nghi.noi_dung with one item read "các nội dung: (1) Báo cáo …"."""
    text = WORKING_SESSION.replace(
        "  kieu: hop\n", "  kieu: hop\n  noi_dung: [Báo cáo tiến độ giải phóng mặt bằng các dự án trọng điểm]\n"
    )
    assert any(
        p.startswith(
            "Ngày 26/8/2026, Thường trực Đảng ủy phường đã họp xem xét, cho ý kiến về Báo cáo tiến độ giải phóng mặt "
            "bằng các dự án trọng điểm."
        )
        for p in paragraphs(project, write(project, "tb.yaml", text))
    )


def test_a_rule_of_the_tool_itself_ends_its_message_without_a_dangling_dash(project):
    """table.widths has no clause ("—"): its message ended "… tự tính. — —"."""
    text = WORKING_SESSION.replace(
        "  - tieu_de: Nhiệm vụ trong thời gian tới\n",
        "  - bang: {rong: [30, 40], dau: [Chỉ tiêu, Kế hoạch, Thực hiện], dong: [[Thu ngân sách, 1200, 1150]]}\n"
        "  - tieu_de: Nhiệm vụ trong thời gian tới\n",
    )
    (widths,) = [f for f in findings(project, write(project, "tb.yaml", text)) if "table.widths" in f]
    assert widths.endswith("tự tính. [table.widths]")


def test_a_report_that_ends_with_a_table_passes_its_own_audit(project):
    """A báo cáo whose last section is a table: the audit took the heading above the table for the
    last paragraph and wanted its full stop (docx.body), on the file gen build had just written."""
    text = YEAR_REPORT.replace(
        "      - Kết quả thực hiện các chỉ tiêu năm 2026 tại Phụ lục kèm theo.\n",
        "      - Kết quả thực hiện các chỉ tiêu năm 2026 tại Phụ lục kèm theo.\n"
        "  - tieu_de: THU, CHI NGÂN SÁCH\n"
        "    noi_dung:\n"
        "      - bang: {dau: [Nội dung, Dự toán, Thực hiện], dong: [[Thu ngân sách, 1200, 1150.5]]}\n",
    )
    path = write(project, "bc-bang.yaml", text)
    results = build_all([path], project / "out", project / "content", force=True)
    assert results[0].ok and results[0].output is not None
    assert [f.format() for _, found in check_all([results[0].output], project / "content") for f in found] == []


def test_gen_new_on_points_with_no_heading_keeps_every_point(project):
    """gen new on "1. Về …", "2. Về …" with no heading dropped the first point and gave the last one a
    heading and a point at once (schema.block_kind in the new file)."""
    import yaml

    from gen.workflow.new import write_next

    target, _ = write_next(write(project, "tb-diem.yaml", POINTS), None, project / "content")
    body = yaml.safe_load(target.read_text(encoding="utf-8"))["noi_dung"]
    assert [block["tieu_de"] for block in body] == [
        "Kết quả thực hiện nhiệm vụ tháng 11 năm 2025",
        "Phương hướng, nhiệm vụ trọng tâm tháng 12 năm 2025",
    ]
    assert [point["muc"][:22] for point in body[1]["noi_dung"]] == ["**Về báo cáo tổng kết:", "**Về khen thưởng:** Ba"]
    rules = {f.split("[")[-1] for f in findings(project, target)}
    assert rules <= {"schema.blank]", "content.placeholder]"}, rules


def test_gen_new_on_a_one_matter_document_says_how_a_next_one_is_made(tmp_path):
    """A kết luận kiểm tra of an Ủy ban Kiểm tra has no period: gen new only said to add a month."""
    import shutil

    from gen.exceptions import GenError
    from gen.workflow.new import write_next

    project = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "precision", project / "content")
    with pytest.raises(GenError) as raised:
        write_next(project / "content" / "28-tb-ubkt.yaml", None, project / "content")
    (found,) = raised.value.findings
    assert found.rule == "new.no_period" and "đổi so thành 05" not in found.message and "so thành 5" in found.message


def test_an_ubkt_numbers_its_documents_apart_from_its_dang_uy(tmp_path):
    """Thông báo số 04 of the Ủy ban Kiểm tra (its own header over the đảng ủy's file, ký hiệu UBKTĐU)
    and Thông báo số 04 of the Đảng ủy (ĐU) were called one number used twice (number.duplicate, an
    error on two correct documents); a document restating its đảng ủy's own name still counts as it."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "precision", project / "content")
    content = project / "content"
    own = (content / "30-tb-tt-tl.yaml").read_text(encoding="utf-8").replace("so: 73", "so: 4")
    (content / "30-tb-so-4.yaml").write_text(own, encoding="utf-8")
    checked = check_all([content / "30-tb-so-4.yaml", content / "28-tb-ubkt.yaml"], content)
    assert [f.format() for _, found in checked for f in found] == []
    restated = own.replace(
        "co_quan: co-quan/tan-ky.yaml", "co_quan: {tep: co-quan/tan-ky.yaml, ten: ĐẢNG ỦY XÃ TÂN KỲ}"
    )
    (content / "30-tb-so-4-lai.yaml").write_text(restated, encoding="utf-8")
    checked = check_all([content / "30-tb-so-4-lai.yaml"], content)
    assert [f.rule for _, found in checked for f in found] == ["number.duplicate"]
