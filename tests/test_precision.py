"""Precision: `gen check` on correct documents it has never seen says (almost) nothing.

tests/precision/ holds real-shaped, correct documents of other committees, kinds and periods than
the seeds, typed the way offices type them: history and anniversaries, programmes over a term, list
lines without full stops, documents under 36-HD (2025) and 05-HD (after 27/5/2026), Thường trực
signed T/L. Each gets no error and at most one warning; a false alarm found later is fixed at its
root and its document added here."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from gen.workflow.build import check_all

CORPUS = ROOT / "tests" / "precision"
DOCUMENTS = sorted(CORPUS.glob("*.yaml"))


def test_the_corpus_is_varied():
    kinds = collections.Counter(yaml.safe_load(p.read_text(encoding="utf-8"))["loai"] for p in DOCUMENTS)
    years = {str(yaml.safe_load(p.read_text(encoding="utf-8"))["ngay"])[:4] for p in DOCUMENTS}
    orgs = {str(yaml.safe_load(p.read_text(encoding="utf-8"))["co_quan"]) for p in DOCUMENTS}  # a file or a mapping
    assert len(DOCUMENTS) >= 12 and len(kinds) >= 5 and {"2025", "2026"} <= years and len(orgs) >= 5


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_a_correct_document_gets_no_error_and_at_most_one_warning(path):
    ((_, findings),) = check_all([path], CORPUS)
    errors = [f.format() for f in findings if f.severity == "error"]
    warnings = [f.format() for f in findings if f.severity == "warning"]
    assert not errors and len(warnings) <= 1, errors + warnings


@pytest.mark.parametrize("folder", [CORPUS / "co-quan", ROOT / "content" / "co-quan"], ids=["corpus", "content"])
def test_organisation_files_are_checked_as_organisation_files(folder):
    checked = check_all([folder], folder.parent)
    assert len(checked) >= 5
    assert all(findings == [] for _, findings in checked), [f.format() for _, fs in checked for f in fs]


def test_a_placeholder_left_in_an_organisation_file_is_found_there(project):
    org = project / "content" / "co-quan" / "kien-minh.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", '"[ĐIỀN: TÊN CƠ QUAN]"'))
    ((_, findings),) = check_all([org], project / "content")
    assert [(f.rule, f.line) for f in findings] == [("content.placeholder", 3)]
    document = project / "content" / "docs" / "doc.yaml"
    shutil.copy(DOCUMENTS[0], document)
    text = document.read_text(encoding="utf-8").replace("co-quan/tan-dinh.yaml", "../co-quan/kien-minh.yaml")
    document.write_text(text, encoding="utf-8")
    ((_, findings),) = check_all([document], project / "content")
    (placeholder,) = [f for f in findings if f.rule == "content.placeholder"]
    assert placeholder.file.endswith("kien-minh.yaml") and placeholder.line == 3


def test_a_slip_written_twice_is_reported_at_each_place(project):
    from conftest import MINIMAL

    path = project / "content" / "docs" / "doc.yaml"
    path.write_text(MINIMAL.replace("Đoạn một.", "Phát triển kinh tế- xã hội và văn hóa- xã hội."), encoding="utf-8")
    ((_, findings),) = check_all([path], project / "content")
    columns = [f.column for f in findings if f.rule == "typing.hyphen_one_side"]
    assert len(columns) == 2 and columns[0] != columns[1]


def test_a_finding_cites_the_guide_in_force_on_the_documents_date(project):
    from conftest import MINIMAL

    slip = MINIMAL.replace("Đoạn một.", "Phát triển kinh tế- xã hội.")
    path = project / "content" / "docs" / "doc.yaml"
    for day, guide, other in (("2025-06-05", "36-HD/VPTW", "05-HD"), ("2026-06-05", "05-HD", "36-HD")):
        text = slip.replace("2026-06-05", day).replace("thang: 5, nam: 2026", f"thang: 5, nam: {day[:4]}")
        path.write_text(text.replace("tháng 6 năm 2026", f"tháng 6 năm {day[:4]}"), encoding="utf-8")
        ((_, findings),) = check_all([path], project / "content")
        (hyphen,) = [f for f in findings if f.rule == "typing.hyphen_one_side"]
        assert guide in hyphen.message and other not in hyphen.message, hyphen.message


def test_the_corpus_is_kept_apart_from_the_project_content():
    assert not any(Path(ROOT / "content").glob("**/precision*"))
