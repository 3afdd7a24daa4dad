"""gen diff: the new document with every change from the old one as Word tracked changes.

The markup is checked by applying it the way Word does, with lxml: accepting every change must give
exactly the new document's paragraphs (text and style), rejecting every change exactly the old one's.
"""

import io
import shutil
import subprocess
import warnings
import zipfile

import pytest
from lxml import etree
from typer.testing import CliRunner

from gen.cli import app
from gen.content.loader import Source, parse
from gen.content.model import OrgCache
from gen.word.redline import redline
from gen.word.render import W, render
from gen.workflow.build import check_one

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
GIT = shutil.which("git")

BASE = """\
loai: thong_bao_ket_luan
co_quan: ../co-quan/kien-minh.yaml
chu_the: ban_thuong_vu
so: 62
ngay: 2026-05-08
ky: {thang: 4, nam: 2026}
trich_yeu:
  tac_gia: KẾT LUẬN CỦA BAN THƯỜNG VỤ ĐẢNG ỦY
  ve: về đánh giá kết quả thực hiện nhiệm vụ tháng 4; triển khai nhiệm vụ tháng 5 năm 2026
hoi_nghi:
  ngay: 2026-05-07
  chu_tri: Vũ Bình Dương - Bí thư Đảng ủy
noi_dung:
  - tieu_de: Kết quả thực hiện nhiệm vụ tháng 4 năm 2026
    noi_dung:
      - Kinh tế - xã hội cơ bản ổn định, nhiều lĩnh vực đạt kết quả tích cực; thu ngân sách đạt khá.
      - Công tác cải cách hành chính, chuyển đổi số tiếp tục được đẩy mạnh.
      - Bên cạnh đó, công tác quản lý đất đai ở một số khu vực chưa thật sự chặt chẽ.
  - tieu_de: Nhiệm vụ trọng tâm tháng 5 năm 2026
    noi_dung:
      - y: Tập trung chỉ đạo sản xuất vụ Xuân, chủ động phòng, chống sâu bệnh cuối vụ.
      - y: Đẩy nhanh tiến độ giải phóng mặt bằng Dự án đường bộ cao tốc Ninh Bình - Hải Phòng.
      - y: Tăng cường quản lý thu, chi ngân sách; chống thất thu.
  - tieu_de: Tổ chức thực hiện
    noi_dung:
      - Giao Văn phòng Đảng ủy theo dõi, đôn đốc việc thực hiện Kết luận.
noi_nhan:
  - Thường trực Thành ủy (báo cáo)
  - Thường trực Đảng ủy, HĐND, UBND xã
  - Các chi bộ, đảng bộ trực thuộc
chu_ky:
  quyen_han: T/L
  chuc_vu: CHÁNH VĂN PHÒNG
  ho_ten: Đỗ Đức Úy
"""


def edited(*pairs: tuple[str, str]) -> str:
    text = BASE
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


VARIANTS = {
    "edit inside a sentence": edited(
        ("cơ bản ổn định, nhiều", "ổn định, nhiều"), ("thu ngân sách đạt khá", "thu ngân sách đạt cao")
    ),
    "bullet added": edited(
        (
            "      - y: Tăng cường quản lý thu",
            "      - y: Rà soát quy chế phối hợp giữa Đảng ủy và Ủy ban nhân dân xã.\n      - y: Tăng cường quản lý thu",
        )
    ),
    "section removed": edited(
        (
            "  - tieu_de: Nhiệm vụ trọng tâm tháng 5 năm 2026\n    noi_dung:\n"
            "      - y: Tập trung chỉ đạo sản xuất vụ Xuân, chủ động phòng, chống sâu bệnh cuối vụ.\n"
            "      - y: Đẩy nhanh tiến độ giải phóng mặt bằng Dự án đường bộ cao tốc Ninh Bình - Hải Phòng.\n"
            "      - y: Tăng cường quản lý thu, chi ngân sách; chống thất thu.\n",
            "",
        )
    ),
    "paragraph moved": edited(
        ("      - Công tác cải cách hành chính, chuyển đổi số tiếp tục được đẩy mạnh.\n", ""),
        (
            "      - Bên cạnh đó, công tác quản lý đất đai ở một số khu vực chưa thật sự chặt chẽ.\n",
            "      - Bên cạnh đó, công tác quản lý đất đai ở một số khu vực chưa thật sự chặt chẽ.\n"
            "      - Công tác cải cách hành chính, chuyển đổi số tiếp tục được đẩy mạnh.\n",
        ),
    ),
    "header fields changed": edited(
        ("so: 62", "so: 63"),
        ("ngay: 2026-05-08", "ngay: 2026-05-11"),
        ("triển khai nhiệm vụ tháng 5", "triển khai nhiệm vụ trọng tâm tháng 5"),
        (
            "  - Các chi bộ, đảng bộ trực thuộc\n",
            "  - Các chi bộ, đảng bộ trực thuộc\n  - Các đồng chí Ủy viên Ban Chấp hành\n",
        ),
        ("  - Thường trực Thành ủy (báo cáo)\n", ""),
        (
            "quyen_han: T/L\n  chuc_vu: CHÁNH VĂN PHÒNG\n  ho_ten: Đỗ Đức Úy",
            "quyen_han: T/M\n  chuc_vu: BÍ THƯ\n  ho_ten: Vũ Bình Dương",
        ),
    ),
    "diacritics and formatting": edited(
        ("đạt kết quả tích cực", "đạt **kết quả** rất tích cực"),
        ("chưa thật sự chặt chẽ", "chưa thật sự chặt chẽ, *còn để xảy ra vi phạm*"),
        ("sâu bệnh", "sâu bệnh, dịch hại"),
        ("đôn đốc", "đôn đóc"),
    ),
    "everything at once": edited(
        ("so: 62", "so: 70"),
        ("cơ bản ổn định", "ổn định"),
        (
            "  - tieu_de: Tổ chức thực hiện\n    noi_dung:\n      - Giao Văn phòng Đảng ủy theo dõi, đôn đốc việc thực hiện Kết luận.\n",
            "",
        ),
        ("      - y: Tập trung chỉ đạo sản xuất vụ Xuân, chủ động phòng, chống sâu bệnh cuối vụ.\n", ""),
        ("  - Thường trực Thành ủy (báo cáo)\n", "  - Thường trực Thành ủy (để báo cáo)\n  - Ban Tổ chức Thành ủy\n"),
    ),
}


def rendering(project, text: str, name: str) -> bytes:
    path = project / "content" / "docs" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    document, findings = check_one(parse(text.encode(), Source(path)), OrgCache())
    assert document is not None, [f.format() for f in findings]
    return render(document)


def body(docx: bytes):
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml")).find(f"{W}body")


def _is_run_level(element) -> bool:
    return etree.QName(element.getparent()).localname != "rPr"


def apply(docx: bytes, accept: bool):
    """Accept or reject every tracked change, as Word does: the markup dropped or unwrapped, and a
    paragraph whose mark was deleted (accept) or inserted (reject) joined to the next one."""
    root = body(docx)
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    for element in [e for e in root.iter(f"{W}{drop}") if _is_run_level(e)]:
        element.getparent().remove(element)
    for element in [e for e in root.iter(f"{W}{keep}") if _is_run_level(e)]:
        parent = element.getparent()
        index = parent.index(element)
        for child in reversed(list(element)):
            parent.insert(index, child)
        parent.remove(element)
    for deleted_text in root.iter(f"{W}delText"):
        deleted_text.tag = f"{W}t"
    for change in list(root.iter(f"{W}pPrChange")):
        ppr = change.getparent()
        if not accept:  # back to the old paragraph properties
            for child in [c for c in ppr if etree.QName(c).localname not in ("rPr", "sectPr", "pPrChange")]:
                ppr.remove(child)
            for index, child in enumerate(change.find(f"{W}pPr")):
                ppr.insert(index, child)
        ppr.remove(change)
    for mark in [e for e in root.iter(f"{W}{drop}") if not _is_run_level(e)]:
        paragraph = mark.getparent().getparent().getparent()
        following = paragraph.getnext()
        runs = [c for c in paragraph if etree.QName(c).localname != "pPr"]
        if following is None or following.tag != f"{W}p":  # before a table or at the end of a cell
            assert not "".join(paragraph.itertext()), "a paragraph with text left cannot lose its mark here"
            paragraph.getparent().remove(paragraph)
            continue
        position = 1 if following.find(f"{W}pPr") is not None else 0
        for run in reversed(runs):
            following.insert(position, run)
        paragraph.getparent().remove(paragraph)
    for mark in [e for e in root.iter(f"{W}{keep}") if not _is_run_level(e)]:
        mark.getparent().remove(mark)
    return root


def paragraphs(root) -> list[tuple[str, str]]:
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(
            "\n" if etree.QName(e).localname == "br" else "\t" if etree.QName(e).localname == "tab" else e.text or ""
            for e in p.iter(f"{W}t", f"{W}br", f"{W}tab")
        )
        out.append((style.get(f"{W}val") if style is not None else "", text))
    return out


def formatted_words(root) -> list[tuple[str, bool, bool]]:
    """Every character with its bold and italic: however the runs are cut, the formatting must match."""
    return [
        (char, t.getparent().find(f"{W}rPr/{W}b") is not None, t.getparent().find(f"{W}rPr/{W}i") is not None)
        for t in root.iter(f"{W}t")
        for char in t.text or ""
    ]


@pytest.fixture(scope="module")
def base_project(fuzz_project):
    return fuzz_project


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_accept_all_gives_new_and_reject_all_gives_old(base_project, variant):
    import datetime as dt

    old = rendering(base_project, BASE, "old")
    new = rendering(base_project, VARIANTS[variant], "new")
    marked, summary = redline(old, new, "Văn phòng Đảng ủy", dt.date(2026, 5, 8))
    assert not summary.empty
    assert paragraphs(apply(marked, accept=True)) == paragraphs(body(new))
    assert paragraphs(apply(marked, accept=False)) == paragraphs(body(old))
    assert formatted_words(apply(marked, accept=True)) == formatted_words(body(new))
    assert formatted_words(apply(marked, accept=False)) == formatted_words(body(old))
    # Every revision has a unique id, the author and the date.
    revisions = [e for e in body(marked).iter(f"{W}ins", f"{W}del", f"{W}pPrChange")]
    ids = [e.get(f"{W}id") for e in revisions]
    assert len(ids) == len(set(ids))
    assert {(e.get(f"{W}author"), e.get(f"{W}date")) for e in revisions} == {
        ("Văn phòng Đảng ủy", "2026-05-08T00:00:00Z")
    }


def test_changes_are_at_word_level_and_the_summary_names_the_sections(base_project):
    import datetime as dt

    old = rendering(base_project, BASE, "old")
    new = rendering(base_project, VARIANTS["header fields changed"], "new")
    marked, summary = redline(old, new, "VP", dt.date(2026, 5, 11))
    root = body(marked)
    inserted = [
        " ".join("".join(t.text for t in e.iter(f"{W}t")).split()) for e in root.iter(f"{W}ins") if _is_run_level(e)
    ]
    deleted = [
        " ".join("".join(t.text for t in e.iter(f"{W}delText")).split())
        for e in root.iter(f"{W}del")
        if _is_run_level(e)
    ]
    assert "trọng tâm" in inserted  # two words inside the trích yếu, not the whole line
    assert "63-TB/ĐU" in inserted and "62-TB/ĐU" in deleted
    assert "- Các đồng chí Ủy viên Ban Chấp hành;" in inserted
    assert "- Thường trực Thành ủy (báo cáo);" in deleted
    names = [s.name for s in summary.sections]
    # The opening paragraph repeats the trích yếu, so it changed with it.
    assert names == [
        "diff.section.number",
        "diff.section.date",
        "diff.section.title",
        "diff.section.opening",
        "diff.section.recipients",
        "diff.section.signature",
    ]
    recipients = summary.sections[4]
    assert (recipients.inserted, recipients.deleted) == (1, 1)
    assert summary.words_inserted > 0 and summary.words_deleted > 0
    # No change at all: no revision, an empty summary.
    same, nothing = redline(old, old, "VP", dt.date(2026, 5, 8))
    assert nothing.empty and not list(body(same).iter(f"{W}ins", f"{W}del"))


def test_the_redline_turns_on_track_changes_and_is_reproducible(base_project):
    import datetime as dt

    old = rendering(base_project, BASE, "old")
    new = rendering(base_project, VARIANTS["everything at once"], "new")
    first, _ = redline(old, new, "VP", dt.date(2026, 5, 8))
    second, _ = redline(old, new, "VP", dt.date(2026, 5, 8))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert package.testzip() is None
        settings = etree.fromstring(package.read("word/settings.xml"))
        assert settings[0].tag == f"{W}trackRevisions"  # schema order: before defaultTabStop
        with zipfile.ZipFile(io.BytesIO(new)) as original:
            assert package.namelist() == original.namelist()


@pytest.mark.skipif(not SOFFICE, reason="SKIPPED: LibreOffice (soffice) is needed to open the redline")
def test_the_redline_opens_in_libreoffice(base_project, tmp_path):
    import datetime as dt

    old = rendering(base_project, BASE, "old")
    new = rendering(base_project, VARIANTS["everything at once"], "new")
    marked, _ = redline(old, new, "VP", dt.date(2026, 5, 8))
    (tmp_path / "redline.docx").write_bytes(marked)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "redline.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "redline.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        # LibreOffice shows deletions struck through, so both numbers are on the page.
        assert "70-TB/ĐU" in text and "62-TB/ĐU" in text


if not SOFFICE:
    warnings.warn("LibreOffice is not installed: the test that opens a redline in LibreOffice is SKIPPED", stacklevel=2)


def git(cwd, *args):
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@x",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@x",
            "HOME": str(cwd),
            "PATH": "/usr/bin:/bin",
        },
    )


@pytest.mark.skipif(not GIT, reason="git is needed for PATH@REV")
def test_cli_reads_revisions_from_git(project, monkeypatch):
    monkeypatch.chdir(project)
    document = project / "content" / "docs" / "05-tb.yaml"
    document.write_text(BASE, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "one")
    document.write_text(VARIANTS["edit inside a sentence"], encoding="utf-8")
    git(project, "commit", "-q", "-am", "two")
    document.write_text(VARIANTS["everything at once"], encoding="utf-8")
    runner = CliRunner()

    result = runner.invoke(
        app, ["diff", "content/docs/05-tb.yaml@HEAD~1", "content/docs/05-tb.yaml@HEAD", "--out", "r1.docx"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "content/docs/05-tb.yaml@HEAD~1" in result.output and "thêm 1 từ, bỏ 3 từ" in result.output
    )  # "cơ bản", "khá" → "cao"
    accepted = paragraphs(apply((project / "r1.docx").read_bytes(), accept=True))
    assert any("Kinh tế - xã hội ổn định" in text for _, text in accepted)

    # PATH alone: the working file against its last commit.
    result = runner.invoke(app, ["diff", "content/docs/05-tb.yaml", "--author", "Chánh Văn phòng"])
    assert result.exit_code == 0, result.output
    out = project / "out" / "diff" / "05-tb.docx"
    assert "Số và ký hiệu" in result.output and "Nơi nhận" in result.output
    assert "diff." not in result.output  # every summary line in words, not message ids
    assert {e.get(f"{W}author") for e in body(out.read_bytes()).iter(f"{W}ins")} == {"Chánh Văn phòng"}

    # FILE@REV alone: that revision against the working file.
    result = runner.invoke(app, ["diff", "content/docs/05-tb.yaml@HEAD~1", "--out", "r2.docx"])
    assert result.exit_code == 0, result.output
    assert "05-tb.yaml@HEAD~1 sang content/docs/05-tb.yaml:" in result.output
    assert paragraphs(apply((project / "r2.docx").read_bytes(), accept=False)) == paragraphs(
        apply((project / "r1.docx").read_bytes(), accept=False)
    )  # the same old version

    # The opening repeats the trích yếu: its section is named in words too.
    document.write_text(VARIANTS["header fields changed"], encoding="utf-8")
    result = runner.invoke(app, ["diff", "content/docs/05-tb.yaml", "--out", "r3.docx"])
    assert "  Phần mở đầu: 1 đoạn sửa" in result.output and "diff." not in result.output
    document.write_text(VARIANTS["everything at once"], encoding="utf-8")

    previous = out.read_bytes()
    result = runner.invoke(app, ["diff", "content/docs/05-tb.yaml@nosuchrev"])
    assert result.exit_code == 1
    assert 'content/docs/05-tb.yaml@nosuchrev:1:1: lỗi: Không có phiên bản "nosuchrev" trong git' in result.output
    assert out.read_bytes() == previous  # a failed diff leaves the last good output alone

    document.write_text(BASE.replace("so: 62", "so: [62"), encoding="utf-8")
    result = runner.invoke(app, ["diff", "content/docs/05-tb.yaml"])
    assert result.exit_code == 1 and "content/docs/05-tb.yaml:4:" in result.output
    assert "Traceback" not in result.output
