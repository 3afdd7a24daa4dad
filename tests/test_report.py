"""Báo cáo: footnotes, tables and appendices — what an author writes, what Word gets, what is found
wrong (each finding at its line), and what the Word-file audit says of them."""

from __future__ import annotations

import re
import shutil
import textwrap
import zipfile

import pytest
from conftest import EXAMPLES, ROOT
from lxml import etree

from gen.checks.audit import audit
from gen.content.model import OrgCache
from gen.workflow.build import build_all, check_one

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

HEAD = """\
loai: bao_cao
co_quan: ../co-quan/kien-hung.yaml
chu_the: ban_thuong_vu
so: 44
ngay: 2025-09-30
ky: {quy: 3, nam: 2025}
"""
TAIL = """\
noi_nhan:
  - Ban Thường vụ Thành ủy
trich_yeu: {ve: "kết quả thực hiện nhiệm vụ quý III năm 2025"}
"""


def write(project, body: str, name: str = "bc.yaml", head: str = HEAD):
    path = project / "content" / "docs" / name
    path.write_text(head + textwrap.dedent(body) + TAIL, encoding="utf-8")
    return path


def findings(path):
    _, found = check_one(path, OrgCache())
    return found


def rules_at(path) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in findings(path)]


def build(project, path):
    results = build_all([path], project / "out", project / "content", force=True)
    return results[0]


def part(docx, name: str):
    return etree.fromstring(zipfile.ZipFile(docx).read(name))


def data_tables(body) -> list:
    """The tables of figures (bordered), not the header's or the signature's layout tables."""
    return [t for t in body.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblBorders/{W}top[@{W}val='single']") is not None]


# --- footnotes ----------------------------------------------------------------------------------


def test_footnotes_are_numbered_in_reading_order_across_the_appendices(project):
    path = write(
        project,
        """\
        chu_thich:
          b: Nguồn B.
          a: Nguồn A.
        noi_dung:
          - Câu một[^a] và câu hai^[Ghi chú tại chỗ.] (chi tiết tại Phụ lục).
          - bang:
              dau: [Chỉ tiêu, Số liệu]
              dong:
                - ["Thu ngân sách[^b]", 1234.5]
          - Nhắc lại nguồn A[^a].
        phu_luc:
          - tieu_de: SỐ LIỆU
            noi_dung:
              - Theo nguồn B[^b] và nguồn mới^[Nguồn trong phụ lục.].
        """,
    )
    assert findings(path) == []
    result = build(project, path)
    body = part(result.output, "word/document.xml")
    ids = [ref.get(f"{W}id") for ref in body.iter(f"{W}footnoteReference")]
    assert ids == ["1", "2", "3", "4"]  # a, the inline note, b (in the table), the appendix's inline note
    notes = part(result.output, "word/footnotes.xml")
    texts = {n.get(f"{W}id"): "".join(n.itertext()).strip() for n in notes.findall(f"{W}footnote")}
    assert texts["1"] == "Nguồn A." and texts["2"] == "Ghi chú tại chỗ." and texts["3"] == "Nguồn B."
    assert texts["4"] == "Nguồn trong phụ lục."
    assert [n.get(f"{W}type") for n in notes.findall(f"{W}footnote")][:2] == ["separator", "continuationSeparator"]
    # A second reference to a note prints its number, in the footnote reference style.
    repeats = [
        r
        for r in body.iter(f"{W}r")
        if r.find(f"{W}rPr/{W}rStyle[@{W}val='FootnoteReference']") is not None and r.find(f"{W}t") is not None
    ]
    assert ["".join(r.itertext()) for r in repeats] == ["1", "3"]
    package = zipfile.ZipFile(result.output)
    assert b"footnotes+xml" in package.read("[Content_Types].xml")
    assert b"relationships/footnotes" in package.read("word/_rels/document.xml.rels")
    assert b'<w:footnote w:id="-1"/>' in package.read("word/settings.xml")
    assert b'w:styleId="FootnoteText"' in package.read("word/styles.xml")


def test_a_marker_without_a_note_and_a_note_never_used_are_found_at_their_lines(project):
    path = write(
        project,
        """\
        chu_thich:
          dung: Có dùng.
          thua: Không ai dẫn.
        noi_dung:
          - Đoạn có chú thích[^dung].
          - Đoạn dẫn chú thích không có[^thieu].
        """,
    )
    found = rules_at(path)
    assert ("footnote.no_note", 12) in found
    assert ("footnote.unused", 9) in found
    result = build(project, path)  # still builds, the missing note marked for the author to fill
    assert "ĐIỀN: chú thích thieu" in "".join(part(result.output, "word/footnotes.xml").itertext())


def test_two_notes_with_one_key_are_refused_at_the_second(project):
    path = write(
        project,
        """\
        chu_thich:
          nguon: Một.
          nguon: Hai.
        noi_dung:
          - Đoạn[^nguon].
        """,
    )
    assert ("yaml.duplicate_key", 9) in rules_at(path)
    assert build(project, path).output is None


# --- tables -------------------------------------------------------------------------------------

TABLE = """\
noi_dung:
  - Bảng dưới đây (chi tiết tại Phụ lục).
  - bang:
      tieu_de: Kết quả
      don_vi: "Đơn vị tính: triệu đồng"
      tt: true
      dau:
        - [{o: Chỉ tiêu, gop_dong: 2}, {o: Năm 2025, gop_cot: 2}]
        - [Kế hoạch, Thực hiện]
      dong:
        - [Thu, 48500, 36861.4]
        - [Chi, 39210, "-"]
        - [Tổng cộng, 87710, 36861.4]
      tong: 1
"""


def test_a_table_in_word(project):
    path = write(project, TABLE)
    assert findings(path) == []
    body = part(build(project, path).output, "word/document.xml")
    (table,) = data_tables(body)
    rows = table.findall(f"{W}tr")
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows] == [True, True, False, False, False]
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    cells = lambda r: ["".join(c.itertext()) for c in rows[r].findall(f"{W}tc")]  # noqa: E731
    assert cells(0) == ["TT", "Chỉ tiêu", "Năm 2025"]
    assert cells(2) == ["1", "Thu", "48.500", "36.861,4"]  # Vietnamese grouping
    assert cells(4) == ["Tổng cộng", "87.710", "36.861,4"]  # the total spreads over TT
    first = rows[0].findall(f"{W}tc")
    assert first[0].find(f"{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"
    assert first[2].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    assert rows[1].findall(f"{W}tc")[0].find(f"{W}tcPr/{W}vMerge").get(f"{W}val") is None  # continuation
    figure = rows[2].findall(f"{W}tc")[2].find(f"{W}p/{W}pPr/{W}jc")
    assert figure.get(f"{W}val") == "right"
    assert rows[4].findall(f"{W}tc")[0].find(f"{W}p/{W}pPr/{W}pStyle").get(f"{W}val") == "BangTong"
    widths = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
    assert abs(sum(widths) - 165 * 1440 / 25.4) < 5  # the text width
    assert widths[1] > widths[0]
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    assert {b.get(f"{W}val") for b in borders} == {"single"}


def test_widths_and_landscape(project):
    path = write(
        project,
        """\
        noi_dung:
          - Xem bảng (Phụ lục).
          - bang:
              ngang: true
              rong: [60, 40]
              dau: [A, B]
              dong: [[x, 1], [y, 2]]
          - Sau bảng.
        """,
    )
    body = part(build(project, path).output, "word/document.xml")
    widths = [int(c.get(f"{W}w")) for c in data_tables(body)[0].find(f"{W}tblGrid")]
    assert widths == [round(60 * 1440 / 25.4), round(40 * 1440 / 25.4)]
    sections = [s for s in body.iter(f"{W}sectPr")]
    sizes = [(s.find(f"{W}pgSz").get(f"{W}orient"), s.find(f"{W}titlePg") is not None) for s in sections]
    assert sizes == [(None, True), ("landscape", False), (None, False)]  # page numbers go on


def test_table_findings_at_their_lines(project):
    path = write(
        project,
        """\
        noi_dung:
          - bang:
              rong: [10, 20]
              dau: [A, B, C]
              dong:
                - [x, 1, 2]
                - [y, 3]
                - [{o: z, gop_cot: 4}]
                - [w, nhiều, 5]
                - [v, 7, 8]
        """,
    )
    found = rules_at(path)
    assert ("table.widths", 9) in found
    assert ("table.ragged", 13) in found
    assert ("table.span_past_edge", 14) in found
    assert ("table.not_number", 15) in found
    assert build(project, path).output is not None  # a draft with slips still prints


def test_a_table_from_csv_with_merged_header_and_bom(project):
    csv = "\ufeffChi bộ;Số đảng viên;;Ghi chú\r\n;Tổng số;Dự bị;\r\nThôn A;1234;2;\r\nThôn B;56.5;x;Mới\r\n"
    (project / "content" / "docs" / "so-lieu.csv").write_bytes(csv.encode("utf-8"))
    path = write(
        project,
        """\
        noi_dung:
          - Số liệu (Phụ lục).
          - bang: {csv: so-lieu.csv, dau_csv: 2, tt: true}
        """,
    )
    assert findings(path) == []
    body = part(build(project, path).output, "word/document.xml")
    rows = data_tables(body)[0].findall(f"{W}tr")
    assert ["".join(c.itertext()) for c in rows[0]] == ["", "TT", "Chi bộ", "Số đảng viên", "Ghi chú"]
    assert ["".join(c.itertext()) for c in rows[2].findall(f"{W}tc")] == ["1", "Thôn A", "1.234", "2", ""]
    assert ["".join(c.itertext()) for c in rows[3].findall(f"{W}tc")] == ["2", "Thôn B", "56,5", "x", "Mới"]


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        ("Chi bộ,Số\r\nA,1\r\n".encode("utf-16"), "table.csv_encoding"),
        ("Chi bo,So\nThôn,1\n".encode("cp1252"), "table.csv_encoding"),
        (None, "table.csv_missing"),
    ],
)
def test_a_csv_that_cannot_be_read_is_told_and_nothing_is_written(project, content, rule):
    if content is not None:
        (project / "content" / "docs" / "x.csv").write_bytes(content)
    path = write(project, "noi_dung:\n  - bang: {csv: x.csv}\n")
    result = build(project, path)
    assert result.output is None and not (project / "out" / "docs" / "bc.docx").exists()
    assert [(f.rule, f.line) for f in result.findings if f.rule.startswith("table.")] == [(rule, 8)]
    assert "x.csv" in result.findings[-1].message


def test_a_csv_outside_the_project_is_refused(project):
    path = write(project, "noi_dung:\n  - bang: {csv: ../../../x.csv}\n")
    assert ("path.outside_project", 8) in rules_at(path)


# --- appendices ---------------------------------------------------------------------------------


def test_appendices_after_the_signature_each_a_section_numbered_from_one(project):
    path = write(
        project,
        """\
        noi_dung:
          - Chi tiết tại Phụ lục 1 và Phụ lục 2.
        phu_luc:
          - tieu_de: CHỈ TIÊU
            noi_dung: [Nội dung một.]
          - tieu_de: CHI BỘ
            noi_dung:
              - tieu_de: Phần một
                noi_dung: [Nội dung hai.]
        """,
    )
    assert findings(path) == []
    body = part(build(project, path).output, "word/document.xml")
    texts = ["".join(p.itertext()) for p in body.iter(f"{W}p")]
    signed = texts.index("Nơi nhận:")
    assert texts.index("Phụ lục 1") > signed
    at = texts.index("Phụ lục 2")
    assert texts[at + 1 : at + 4] == [
        "CHI BỘ",
        "(Kèm theo Báo cáo số 44-BC/ĐU, ngày 30/9/2025 của Ban Thường vụ Đảng ủy xã Kiến Hưng)",
        "-----",
    ]
    assert texts[at + 4] == "I. Phần một"  # its own outline, numbered from the start
    sections = list(body.iter(f"{W}sectPr"))
    assert len(sections) == 3
    assert [s.find(f"{W}pgNumType") is not None and s.find(f"{W}pgNumType").get(f"{W}start") for s in sections] == [
        False,
        "1",
        "1",
    ]
    assert all(s.find(f"{W}titlePg") is not None for s in sections)  # no number on each first page


def test_one_appendix_is_headed_phu_luc_and_a_draft_leaves_number_and_day_blank(project):
    head = HEAD.replace("so: 44", "so:").replace("ngay: 2025-09-30", "ngay: 2025-09")
    path = write(
        project,
        """\
        noi_dung:
          - Xem phụ lục kèm theo.
        phu_luc:
          - tieu_de: SỐ LIỆU
            noi_dung: [Nội dung.]
        """,
        head=head,
    )
    assert findings(path) == []
    body = part(build(project, path).output, "word/document.xml")
    texts = ["".join(p.itertext()) for p in body.iter(f"{W}p")]
    assert "PHỤ LỤC" in texts
    reference = next(t for t in texts if t.startswith("(Kèm theo"))
    assert re.fullmatch(
        r"\(Kèm theo Báo cáo số {3,}-BC/ĐU, ngày {3,}/9/2025 của Ban Thường vụ Đảng ủy xã Kiến Hưng\)", reference
    )


def test_appendix_findings(project):
    path = write(
        project,
        """\
        noi_dung:
          - Chi tiết tại Phụ lục 1 và Phụ lục 3.
        phu_luc:
          - tieu_de: MỘT
            noi_dung: [Nội dung.]
          - tieu_de: HAI
            noi_dung: [Nội dung.]
        """,
    )
    found = rules_at(path)
    assert ("appendix.missing", 8) in found
    assert ("appendix.unmentioned", 12) in found


# --- inline markup ------------------------------------------------------------------------------


def test_superscript_subscript_and_a_bold_label_with_a_bold_lead_in(project):
    path = write(
        project,
        """\
        noi_dung:
          - muc: "**Về đất đai:** hiến 1.250 m^2^ đất; nước H~2~O; 5~7 người; 2^10 lần."
        """,
    )
    body = part(build(project, path).output, "word/document.xml")
    paragraph = next(p for p in body.iter(f"{W}p") if "đất đai" in "".join(p.itertext()))
    runs = paragraph.findall(f"{W}r")
    assert "".join(runs[0].itertext()) == "1. " and runs[0].find(f"{W}rPr/{W}b") is not None
    vert = [
        ("".join(r.itertext()), r.find(f"{W}rPr/{W}vertAlign").get(f"{W}val"))
        for r in runs
        if r.find(f"{W}rPr/{W}vertAlign") is not None
    ]
    assert vert == [("2", "superscript"), ("2", "subscript")]
    assert "5~7 người; 2^10 lần." in "".join(paragraph.itertext())


# --- the Word-file audit ------------------------------------------------------------------------


def _rewrite(source, target, name: str, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, change(data) if info.filename == name else data)


def test_the_audit_checks_footnote_and_table_sizes_and_the_appendix_heading(built, tmp_path):
    report = built["011"]
    assert audit(report) == []
    small = tmp_path / "small.docx"
    _rewrite(
        report,
        small,
        "word/styles.xml",
        lambda d: re.sub(rb'(w:styleId="FootnoteText".*?w:sz w:val=")24', rb"\g<1>16", d, flags=re.S),
    )
    assert [f.rule for f in audit(small)] == ["docx.footnote_size"]
    large = tmp_path / "large.docx"
    _rewrite(
        report,
        large,
        "word/styles.xml",
        lambda d: re.sub(rb'(w:styleId="BangChu".*?w:sz w:val=")26', rb"\g<1>32", d, flags=re.S),
    )
    assert {f.rule for f in audit(large)} == {"docx.table_size"}
    bare = tmp_path / "bare.docx"
    _rewrite(
        report,
        bare,
        "word/document.xml",
        lambda d: d.replace("(Kèm theo Báo cáo".encode(), "(Theo Báo cáo".encode(), 1),
    )
    found = audit(bare)
    assert [f.rule for f in found] == ["docx.appendix"] and "Kèm theo" in found[0].message


# --- gen diff -----------------------------------------------------------------------------------


def test_diff_shows_a_changed_figure_and_a_changed_footnote_as_tracked_changes(project):
    import datetime as dt
    import io

    from gen.content.loader import Source, parse
    from gen.word.redline import redline
    from gen.word.render import render

    example = (EXAMPLES / "011-bao-cao-quy-nguyen-luong-bang.yaml").read_text(encoding="utf-8")
    shutil.copy(EXAMPLES / "bao-cao-quy-iii-2025-chi-bo.csv", project / "content" / "docs")
    changed = (
        example.replace(
            "[Thu bổ sung từ ngân sách cấp trên, 21340, 16005, 75]",
            "[Thu bổ sung từ ngân sách cấp trên, 21340, 16105, 75]",
        )
        .replace("Số liệu của Công an xã đến ngày 20/9/2025.", "Số liệu của Công an xã đến ngày 22/9/2025.")
        .replace("phạm pháp hình sự giảm 3 vụ", "phạm pháp hình sự giảm 4 vụ")
    )
    assert changed.count("16105") == 1 and "22/9/2025" in changed and "giảm 4 vụ" in changed

    def rendered(text: str) -> bytes:
        path = project / "content" / "docs" / "bc.yaml"
        document, found = check_one(parse(text.encode(), Source(path)), OrgCache())
        assert document is not None, [f.format() for f in found]
        return render(document)

    marked, summary = redline(rendered(example), rendered(changed), "Văn phòng Đảng ủy", dt.date(2025, 9, 30))
    package = zipfile.ZipFile(io.BytesIO(marked))
    body = etree.fromstring(package.read("word/document.xml"))
    cell = next(tc for tc in body.iter(f"{W}tc") if tc.find(f".//{W}ins") is not None)
    assert "".join(t.text for t in cell.iter(f"{W}delText")) == "16.005"
    assert "".join(t.text for t in cell.iter(f"{W}ins") for t in t.iter(f"{W}t")) == "16.105"
    # The edited paragraph keeps its footnote reference.
    paragraph = next(p for p in body.iter(f"{W}p") if "phạm pháp hình sự" in "".join(p.itertext()))
    assert [r.get(f"{W}id") for r in paragraph.iter(f"{W}footnoteReference")] == ["9"]
    notes = etree.fromstring(package.read("word/footnotes.xml"))
    note = next(n for n in notes.findall(f"{W}footnote") if n.get(f"{W}id") == "9")
    assert "".join(t.text for t in note.iter(f"{W}delText")).strip() == "20/9/2025."
    assert note.find(f".//{W}footnoteRef") is not None
    assert "diff.section.footnotes" in {section.name for section in summary.sections}


# --- gen new ------------------------------------------------------------------------------------


def test_gen_new_carries_the_tables_over_with_their_figures_blank(project):
    import yaml

    from gen.workflow.new import next_document

    shutil.copy(EXAMPLES / "011-bao-cao-quy-nguyen-luong-bang.yaml", project / "content" / "docs" / "bc.yaml")
    shutil.copy(EXAMPLES / "bao-cao-quy-iii-2025-chi-bo.csv", project / "content" / "docs")
    text, period, _ = next_document(project / "content" / "docs" / "bc.yaml", project / "content")
    data = yaml.safe_load(text)
    assert period.name() == "quý IV năm 2025"

    def tables(items):
        for item in items:
            if isinstance(item, dict) and "bang" in item:
                yield item["bang"]
            elif isinstance(item, dict):
                yield from tables(item.get("noi_dung") or [])

    (budget,) = tables(data["noi_dung"])
    assert budget["dau"] == ["Nội dung", "Dự toán năm 2025", "Thực hiện 9 tháng", "So với dự toán (%)"]
    assert budget["dong"][1] == ["Thu bổ sung từ ngân sách cấp trên", None, None, None]
    assert budget["tt"] is True
    targets, members = (next(tables(a["noi_dung"])) for a in data["phu_luc"])
    assert targets["ngang"] is True and targets["dau"][0][0] == {"o": "Chỉ tiêu", "gop_dong": 2}
    assert "csv" not in members  # the CSV holds last quarter's figures: its frame is written out
    assert members["dong"][0] == ["Thôn Lương Xâm", None, None, None, None, None, "Sinh hoạt chuyên đề tháng 8"]
    assert members["tong"] == 1 and members["dong"][-1][0] == "Tổng cộng"
    assert set(data["chu_thich"]) == {"thu-ngan-sach", "thong-ke"}  # the notes the carried tables cite
    # Once dated, the new file builds (its blanks are what gen check lists).
    path = project / "content" / "docs" / "bc-q4.yaml"
    path.write_text(text.replace("ngay:  #", "ngay: 2025-12-30  #"), encoding="utf-8")
    assert build(project, path).output is not None


@pytest.mark.parametrize(
    ("table", "rule"),
    [
        ("{rong: [1, 20], dong: [[a, 1]]}", "schema.min"),
        ("{dong: [[a, {o: 1, gop_cot: 0}]]}", "schema.min"),
        ("{dong: [[a, [1]]]}", "schema.type"),
        ("{dong: [a, b]}", "schema.type"),
        ("{tt: có, dong: [[a]]}", "schema.type"),
        ("{dongg: [[a]]}", "schema.unknown_key"),
        ("{tieu_de: Bảng}", "table.no_rows"),
    ],
)
def test_a_table_written_wrong_is_told_at_its_line(project, table, rule):
    path = write(project, f"noi_dung:\n  - Đoạn.\n  - bang: {table}\n")
    found = [(f.rule, f.line) for f in findings(path) if f.severity == "error"]
    assert (rule, 9) in found, found


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf\r\n;;\r\n"])
def test_an_empty_csv_is_told_and_nothing_is_written(project, content):
    (project / "content" / "docs" / "x.csv").write_bytes(content)
    path = write(project, "noi_dung:\n  - bang: {csv: x.csv}\n")
    result = build(project, path)
    assert result.output is None
    assert [(f.rule, f.line) for f in result.findings if f.rule.startswith("table.")] == [("table.no_rows", 8)]


def _table_texts(docx: bytes, accept: bool | None = None) -> list[list[str]]:
    """The cells of the tables of figures, with every tracked change accepted or rejected (None: as is)."""
    import io

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    if accept is not None:
        gone, kept = ("del", "ins") if accept else ("ins", "del")
        for row in list(root.iter(f"{W}tr")):
            if row.find(f"{W}trPr/{W}{gone}") is not None:
                row.getparent().remove(row)
        for element in [e for e in root.iter(f"{W}{gone}") if e.getparent().tag != f"{W}rPr"]:
            element.getparent().remove(element)
        for deleted in root.iter(f"{W}delText"):
            deleted.tag = f"{W}t"
    return [
        ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iter(f"{W}tc")]
        for table in data_tables(root)
        for row in table.iter(f"{W}tr")
    ]


def test_diff_marks_a_table_row_added_and_one_removed(project):
    import datetime as dt

    from gen.content.loader import Source, parse
    from gen.word.redline import redline
    from gen.word.render import render

    shutil.copy(EXAMPLES / "bao-cao-quy-iii-2025-chi-bo.csv", project / "content" / "docs")
    example = (EXAMPLES / "011-bao-cao-quy-nguyen-luong-bang.yaml").read_text(encoding="utf-8")
    changed = example.replace("                - [Chi đầu tư phát triển, 27600, 18216, 66]\n", "").replace(
        "                - [Chi thường xuyên, 39210, 28231.2, 72]\n",
        "                - [Chi thường xuyên, 39210, 28231.2, 72]\n                - [Dự phòng ngân sách, 1200, 0, 0]\n",
    )
    assert changed.count("Dự phòng") == 1 and "Chi đầu tư phát triển" not in changed

    def rendered(text: str) -> bytes:
        document, found = check_one(parse(text.encode(), Source(project / "content" / "docs" / "bc.yaml")), OrgCache())
        assert document is not None, [f.format() for f in found]
        return render(document)

    old, new = rendered(example), rendered(changed)
    marked, summary = redline(old, new, "Văn phòng Đảng ủy", dt.date(2025, 9, 30))
    assert _table_texts(marked, accept=True) == _table_texts(new)
    assert _table_texts(marked, accept=False) == _table_texts(old)
    assert summary.words_inserted and summary.words_deleted


@pytest.mark.parametrize(
    "table",
    [
        "{dong: [[{o: a, gop_dong: 1000000000, gop_cot: 1000000000}]]}",
        "{dong: [[{o: a, gop_cot: 60}, {o: b, gop_cot: 60}]]}",
        "{rong: [3, 1.0e+308], dong: [[a, b]]}",
    ],
)
def test_a_table_too_large_for_any_page_is_refused_quickly(project, table):
    path = write(project, f"noi_dung:\n  - bang: {table}\n")
    result = build(project, path)
    assert result.output is None
    assert {f.rule for f in result.findings} & {"schema.max", "table.too_large"}


@pytest.mark.parametrize(
    "rows",
    [
        ["<w:tc/><w:tc/>", "<w:tc/><w:tc/>"],  # a column short of the grid ({%tc %} took one out)
        ["<w:tc/><w:tc/><w:tc/><w:tc/>", "<w:tc/>"],  # a column more than the grid
        ['<w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr></w:tc>', "<w:tc/><w:tc/><w:tc/>"],  # fits: unchanged
    ],
)
def test_template_tables_that_do_not_fit_their_grid_are_mended_as_docxtpl_mends_them(rows):
    from gen.word.render import compiled

    template = compiled(ROOT / "templates" / "docx" / "dang-uy.docx")
    grid = "".join('<w:gridCol w:w="3000"/>' for _ in range(3))
    body = "".join(f"<w:tr>{row}</w:tr>" for row in rows)
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl></w:body></w:document>"
    )
    ours = etree.tostring(template.fix_tables(xml))
    assert ours == etree.tostring(template.docxtpl.fix_tables(xml))
    assert (ours.count(b"<w:gridCol") == 3) == ("gridSpan" in xml)
