"""LibreOffice's copy of a document: only the last two lines of the last paragraph go with the signature.

The .docx keeps one paragraph (keep with next, lines allowed to split: what Word needs); the copy
given to LibreOffice for the PDF has it cut where its last two lines begin (gen/word/keep.py). The
LibreOffice tests measure the two things the cut rests on: that the metrics break lines where
LibreOffice does, and that the PDF then carries only two lines to the signature's page.
"""

import html
import io
import random
import re
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from gen.word import keep
from gen.word.keep import for_libreoffice
from gen.word.layout import Styles, lay_out_paragraph
from gen.word.ooxml import W

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def _times_font() -> str:
    """The file LibreOffice will use for Times New Roman: the metrics are Liberation Serif 2's (1.x
    has no ư and ơ, which another font then draws, wider)."""
    if not shutil.which("fc-match"):
        return "unknown"
    found = subprocess.run(["fc-match", "-f", "%{file}", "Times New Roman"], capture_output=True, text=True)
    return found.stdout.lower()


FONT_OK = any(name in _times_font() for name in ("liberation2", "times"))
needs_libreoffice = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT and FONT_OK),
    reason="SKIPPED: LibreOffice (soffice), pdftotext and Liberation Serif 2 (fonts-liberation2) are needed",
)
if not (SOFFICE and PDFTOTEXT and FONT_OK):
    warnings.warn(
        "LibreOffice, poppler-utils or fonts-liberation2 is not installed: the keep-with-signature PDF tests are SKIPPED",
        stacklevel=2,
    )

# Real words of the kind the documents hold, none with a break inside (see keep._SAFE_WORD's note).
WORDS = """Đảng ủy xã phường thị trấn Ban Thường vụ Chấp hành lãnh đạo chỉ đạo thực hiện nhiệm vụ chính trị
kinh tế văn hóa xã hội quốc phòng an ninh trật tự tăng cường công tác xây dựng chỉnh đốn Đảng hệ thống
tổ chức cơ sở đảng viên quần chúng nhân dân Mặt trận Tổ quốc đoàn thể chính quyền HĐND UBND MTTQ
triển khai quán triệt nghị quyết kết luận kế hoạch chương trình báo cáo đánh giá kết quả hạn chế
nguyên nhân giải pháp trọng tâm thời gian tới năm 2025 2026 quý III tháng 9 đầu năm cuối năm
thu ngân sách đạt 105,6% dự toán giao; nông thôn mới nâng cao, kiểu mẫu; chuyển đổi số; cải cách
hành chính, thủ tục; giải quyết đơn thư, khiếu nại, tố cáo; phòng, chống tham nhũng, lãng phí;
(đạt 100%) “Dân vận khéo” 22/6/2026 các chi bộ trực thuộc cơ quan tham mưu, giúp việc đồng chí
Ủy viên bảo đảm đúng quy định, thiết thực, hiệu quả. Trên đây là giao cụ thể hóa tổ chức""".split()


def _document_parts(docx: bytes):
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml")), package.read("word/styles.xml")


def _signature_table(body):
    return next(t for t in body.iterchildren(f"{W}tbl") if {"HoTen", "QuyenHan"} & set(_styles_in(t)))


def _styles_in(element):
    return [s.get(f"{W}val") for s in element.iter(f"{W}pStyle")]


def _text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def _with_last_paragraph(docx: bytes, text: str) -> bytes:
    """The document with the text of its last paragraph replaced (one plain run)."""
    root, _ = _document_parts(docx)
    last = _signature_table(root.find(f"{W}body")).getprevious()
    for run in last.findall(f"{W}r"):
        last.remove(run)
    run = etree.SubElement(last, f"{W}r")
    t = etree.SubElement(run, f"{W}t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return _replace(docx, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _replace(docx: bytes, document: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = document if info.filename == "word/document.xml" else source.read(info.filename)
            target.writestr(info.filename, data)
    return out.getvalue()


def test_the_last_paragraph_is_cut_where_its_last_two_lines_begin(built):
    docx = built["003"].read_bytes()
    original_root, styles_xml = _document_parts(docx)
    original = _signature_table(original_root.find(f"{W}body")).getprevious()
    root, _ = _document_parts(for_libreoffice(docx))
    body = root.find(f"{W}body")
    second = _signature_table(body).getprevious()
    first = second.getprevious()
    assert _text(first) + " " + _text(second) == _text(original)
    styles = Styles(styles_xml)
    width = 210 - 30 - 15
    whole = lay_out_paragraph(original, styles, width)
    assert len(lay_out_paragraph(second, styles, width).lines) == 2
    assert len(lay_out_paragraph(first, styles, width).lines) == len(whole.lines) - 2
    first_ppr, second_ppr = first.find(f"{W}pPr"), second.find(f"{W}pPr")
    assert first_ppr.find(f"{W}keepNext") is None
    assert first_ppr.find(f"{W}jc").get(f"{W}val") == "distribute"
    assert first_ppr.find(f"{W}spacing").get(f"{W}after") == "0"
    assert second_ppr.find(f"{W}keepNext") is not None and second_ppr.find(f"{W}keepLines") is not None
    assert second_ppr.find(f"{W}ind").get(f"{W}firstLine") == "0"
    assert second_ppr.find(f"{W}spacing").get(f"{W}before") == "0"
    # children of w:pPr in the schema's order (Word refuses a file where they are not)
    order = [etree.QName(c).localname for c in first_ppr]
    assert order == sorted(order, key=keep._PPR_ORDER.index)
    # the .docx itself is never cut: one paragraph kept with the signature
    assert original.find(f"{W}pPr/{W}keepNext") is not None and original.find(f"{W}pPr/{W}keepLines") is None


@pytest.mark.parametrize(
    "text",
    [
        "Trên đây là Kết luận của Ban Thường vụ Đảng ủy, đề nghị các chi bộ thực hiện.",  # one line
        " ".join(WORDS[:45]),  # three lines: two cannot stay before the cut
        " ".join(WORDS[:40]) + " theo Hướng dẫn số 06/CP và " + " ".join(WORDS[40:120]),  # a word it may break
    ],
)
def test_a_paragraph_that_cannot_be_cut_safely_is_left_whole(built, text):
    docx = _with_last_paragraph(built["003"].read_bytes(), text)
    assert for_libreoffice(docx) == docx


def test_breaks_near_the_margin_are_not_trusted(built, monkeypatch):
    docx = _with_last_paragraph(built["003"].read_bytes(), " ".join(WORDS[:130]))
    assert for_libreoffice(docx) != docx
    monkeypatch.setattr(keep, "MARGIN", 0.2)  # every break "near": the paragraph stays whole
    assert for_libreoffice(docx) == docx


def test_a_paragraph_with_a_footnote_mark_is_left_whole(built):
    docx = built["011"].read_bytes()
    root, _ = _document_parts(docx)
    last = _signature_table(root.find(f"{W}body")).getprevious()
    mark = etree.SubElement(last, f"{W}r")
    etree.SubElement(mark, f"{W}footnoteReference").set(f"{W}id", "1")
    docx = _with_last_paragraph(docx, " ".join(WORDS[:130]))  # long enough to cut
    assert for_libreoffice(docx) != docx
    root, _ = _document_parts(docx)
    last = _signature_table(root.find(f"{W}body")).getprevious()
    mark = etree.SubElement(last, f"{W}r")
    etree.SubElement(mark, f"{W}footnoteReference").set(f"{W}id", "1")
    marked = _replace(docx, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    assert for_libreoffice(marked) == marked


@pytest.mark.parametrize(
    "part, change",
    [
        ("word/styles.xml", lambda x: x[: len(x) // 2]),  # cut short: not XML
        ("word/styles.xml", lambda x: re.sub(r'w:(line|after|firstLine|sz)="\d+"', r'w:\1="abc"', x)),
        ("word/document.xml", lambda x: re.sub(r'w:w="\d+"', 'w:w="x"', x)),
        ("word/document.xml", lambda x: x.replace("<w:pgSz", "<w:pgSzX")),
    ],
)
def test_a_file_gen_did_not_write_as_it_writes_them_passes_unchanged(built, part, change):
    """for_libreoffice never fails a conversion: what it cannot read it leaves to LibreOffice."""
    source = _with_last_paragraph(built["003"].read_bytes(), " ".join(WORDS[:130]))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as package, zipfile.ZipFile(out, "w") as target:
        for name in package.namelist():
            data = package.read(name)
            target.writestr(name, change(data.decode()).encode() if name == part else data)
    changed = out.getvalue()
    assert for_libreoffice(changed) == changed


def test_what_is_not_a_word_file_passes_unchanged():
    for data in (b"", b"not a zip", b"PK\x03\x04broken"):
        assert for_libreoffice(data) == data


# -- against LibreOffice ------------------------------------------------------------------------------
def _convert(paths: list[Path], folder: Path) -> None:
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, paths)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def _pdf_lines(pdf: Path) -> list[list[tuple[list[str], float]]]:
    """Pages → lines (their words, and the bottom of the line in points from the top of the page),
    as pdftotext reads them; page numbers left out."""
    xml = subprocess.run([PDFTOTEXT, "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        lines = []
        for bottom, line in re.findall(
            r'<line xMin="[^"]*" yMin="[^"]*" xMax="[^"]*" yMax="([^"]*)">(.*?)</line>', page, re.S
        ):
            words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", line)]
            if words and not (len(words) == 1 and words[0].isdigit()):
                lines.append((words, float(bottom)))
        pages.append(lines)
    return pages


@needs_libreoffice
def test_the_metrics_break_lines_where_libreoffice_does(built, tmp_path):
    """Random paragraphs of the documents' words in the body's styles: every break the metrics call
    certain (clear of keep.MARGIN) is where LibreOffice breaks, and most breaks are certain."""
    docx = built["003"].read_bytes()
    root, styles_xml = _document_parts(docx)
    body = root.find(f"{W}body")
    width = 210 - 30 - 15
    rng = random.Random(2026)
    for child in list(body):
        if child.tag != f"{W}sectPr":
            body.remove(child)
    paragraphs = []
    for _ in range(120):
        style = rng.choice(["NoiDung", "NoiDung", "Y"])
        text = ("- " if style == "Y" else "") + " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 110)))
        p = etree.Element(f"{W}p")
        etree.SubElement(etree.SubElement(p, f"{W}pPr"), f"{W}pStyle").set(f"{W}val", style)
        t = etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t")
        t.text = text
        body.find(f"{W}sectPr").addprevious(p)
        paragraphs.append(p)
    path = tmp_path / "lines.docx"
    path.write_bytes(_replace(docx, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)))
    _convert([path], tmp_path)
    theirs = [words for page in _pdf_lines(tmp_path / "lines.pdf") for words, _ in page]
    styles = Styles(styles_xml)
    certain = agreed = total = 0
    at = 0
    for p in paragraphs:
        layout = lay_out_paragraph(p, styles, width)
        ours = [["".join(t for t, _ in w.pieces) for w in line.words if w.pieces] for line in layout.lines]
        words = sum(len(line) for line in ours)
        counts, seen = [], 0
        while seen < words:
            counts.append(len(theirs[at]))
            seen += len(theirs[at])
            at += 1
        assert seen == words, "LibreOffice's lines do not add up to the paragraph's words"
        ends_theirs = {sum(counts[: i + 1]) for i in range(len(counts) - 1)}
        for i, line in enumerate(layout.lines[:-1]):
            total += 1
            if not keep.clear_break(line, layout.lines[i + 1]):
                break  # the lines after an uncertain break depend on it (keep.py then cuts nothing)
            certain += 1
            agreed += sum(len(x) for x in ours[: i + 1]) in ends_theirs
    assert agreed == certain, f"{certain - agreed} of {certain} certain breaks are not LibreOffice's"
    assert certain >= 0.8 * total, (certain, total)


@needs_libreoffice
def test_only_the_last_two_lines_go_with_the_signature_in_the_pdf(built, tmp_path):
    """Example 003 with 0–9 paragraphs taken out before its end, so that the page ends at every
    place in and around the last paragraph, converted as `gen build --pdf` converts
    (gen.workflow.pdf): the signature never stands alone on its page, and when the page breaks in
    the last paragraph, only its last two lines go with the signature (before, the paragraph moved
    whole and left up to 60 mm blank at the foot of the page before)."""
    from gen.workflow.pdf import convert

    docx = built["003"].read_bytes()
    root, styles_xml = _document_parts(docx)
    last = _signature_table(root.find(f"{W}body")).getprevious()
    layout = lay_out_paragraph(last, Styles(styles_xml), 210 - 30 - 15)
    lines = [["".join(t for t, _ in w.pieces) for w in line.words if w.pieces] for line in layout.lines]
    foot = (297 - 20) / 25.4 * 72  # the bottom margin's line, in points from the top
    paths = []
    for removed in range(10):
        variant, _ = _document_parts(docx)
        body = variant.find(f"{W}body")
        signature = _signature_table(body)
        for _ in range(removed):  # the paragraphs right before the last one
            body.remove(signature.getprevious().getprevious())
        path = tmp_path / f"v{removed}.docx"
        path.write_bytes(
            _replace(docx, etree.tostring(variant, xml_declaration=True, encoding="UTF-8", standalone=True))
        )
        paths.append(path)
    written, failures = convert(paths, force=True)
    assert not failures and len(written) == len(paths), failures
    cut = 0
    for path in paths:
        pages = _pdf_lines(path.with_suffix(".pdf"))
        index = next(i for i, page in enumerate(pages) if any(words[:1] == ["Nơi"] for words, _ in page))
        page = pages[index]
        before = [words for words, _ in page[: next(i for i, (w, _) in enumerate(page) if w[:1] == ["Nơi"])]]
        assert before, f"{path.name}: the signature stands alone on its page"
        if before[0] in lines and index > 0:  # the page starts inside, or with, the last paragraph
            if before[:2] == lines[-2:]:
                cut += 1
                assert len(before) == 2, (path.name, before)
                assert pages[index - 1][-1][0] == lines[-3], path.name  # the rest of it on the page before
            else:  # moved whole: only when fewer than two of its lines had room on the page before
                assert before[: len(lines)] == lines, (path.name, before)
                bottom = pages[index - 1][-1][1]
                assert bottom > foot - 2.5 * 18, (
                    f"{path.name}: {foot - bottom:.0f} pt blank at the foot of page {index}"
                )
    assert cut >= 1, "no variant put the page break inside the last paragraph"
