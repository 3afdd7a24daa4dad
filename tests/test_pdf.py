"""The examples open in LibreOffice: converted to PDF in one call, page 1 without a page number."""

import re
import shutil
import subprocess
import warnings

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

if not (SOFFICE and PDFTOTEXT):
    warnings.warn("LibreOffice or poppler-utils is not installed: PDF conversion tests are SKIPPED", stacklevel=2)
    pytestmark = pytest.mark.skip(reason="SKIPPED: LibreOffice (soffice) and pdftotext are needed for PDF tests")


@pytest.fixture(scope="module")
def pdfs(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, built.values()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {seed: out / (path.stem + ".pdf") for seed, path in built.items()}


def page_text(pdf, page):
    return subprocess.run(
        [PDFTOTEXT, "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def page_count(pdf):
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def test_every_example_converts_and_pages_are_numbered_from_two(pdfs):
    for seed, pdf in pdfs.items():
        assert pdf.exists(), seed
        pages = page_count(pdf)
        assert 1 <= pages <= 9, (seed, pages)
        first = page_text(pdf, 1)
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
        assert first.strip().splitlines()[0].strip() != "1"
        if pages > 1:
            second = page_text(pdf, 2).strip().splitlines()
            assert second[0].strip() == "2", (seed, second[:2])


def test_signature_shares_its_page_with_text(pdfs):
    for seed, pdf in pdfs.items():
        # The signature page: the last one, or the one before the appendices.
        last = next(text for page in range(1, page_count(pdf) + 1) if "Nơi nhận" in (text := page_text(pdf, page)))
        before = last[: last.index("Nơi nhận")]
        assert len(before.split()) > 5, (seed, "the signature page has no body text")


def test_the_report_has_footnotes_tables_and_appendices_on_their_own_pages(pdfs):
    """Example 011 (báo cáo quý): footnotes at the foot of the page with their numbers, the table's
    header repeated on the next page, each appendix on a new page whose number starts again, the
    first page of each without a number."""
    pdf = pdfs["011"]
    pages = [page_text(pdf, page) for page in range(1, page_count(pdf) + 1)]
    foot = " ".join(" ".join(pages[0].rstrip().splitlines()[-12:]).split())
    assert "1 Quy chế làm việc số 01-QC/ĐU" in foot, foot  # note 1 at the foot of page 1, numbered
    assert "2 Tổ chức 02 hội nghị" in foot, foot
    assert re.search(r"Ban Thường vụ Đảng ủy ?1, Ban", pages[0])  # the reference mark after its word
    starts = [i for i, text in enumerate(pages) if text.strip().startswith(("Phụ lục 1", "Phụ lục 2"))]
    assert len(starts) == 2, [p[:40] for p in pages]
    assert "Nơi nhận" in pages[starts[0] - 1]
    for start in starts:
        assert "(Kèm theo Báo cáo số 44-BC/ĐU, ngày 30/9/2025" in " ".join(pages[start].split())
    second_of_annex_2 = pages[starts[1] + 1].strip().splitlines()
    assert second_of_annex_2[0].strip() == "2", second_of_annex_2[:2]  # numbered from 1 again
    assert "Ghi chú" in pages[starts[1] + 1] and "Chi bộ" in pages[starts[1] + 1]  # the header repeated
    assert "Tổng cộng" in pages[-1]
