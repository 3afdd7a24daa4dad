"""Every kind and form a Văn phòng Đảng ủy issues (issue 15): the issue date as far as it is known,
kinds, trích yếu forms, openings, periods, labels and signatures, written without workarounds."""

from pathlib import Path

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
    assert "Kiến Minh, ngày    tháng    năm 2026" in built_text(project, path)


def test_build_returns_its_findings_and_leaves_the_source_alone(project):
    text = MINIMAL.replace("noi_nhan:", "chu_ky: {chuc_vu: PHÓ BÍ THƯ}\nnoi_nhan:")
    source = load(write(project, "no-name.yaml", text))
    assert validate_document(source) == []
    document, found = model.build(source)
    assert [f.rule for f in found] == ["signature.missing_name"]
    assert source.findings == []
    assert document.date.short() == "05/06/2026"
