import os
import shutil
from pathlib import Path

import pytest

from gen.workflow.build import build_all

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "content" / "examples"
# The seeds as typed, with every slip they carry, for the checker's tests (content/examples holds
# the same documents corrected, as issued).
SLIPS = ROOT / "tests" / "fixtures" / "slips"
# GEN_SEEDS: where the seeds are when the checkout is not beside ../shared (a git worktree).
SEEDS = Path(os.environ.get("GEN_SEEDS") or ROOT.parent / "shared" / "seeds")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """The five examples built once for the whole session: {'000': path to .docx, …}."""
    out = tmp_path_factory.mktemp("out")
    results = build_all([EXAMPLES], out, ROOT / "content")
    failed = [(r.source, [f.format() for f in r.findings]) for r in results if not r.ok]
    assert not failed, failed
    return {r.source.name[:3]: r.output for r in results}


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway project with the organisation files, for documents written by a test."""
    (tmp_path / "content" / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "co-quan", tmp_path / "content" / "co-quan")
    return tmp_path


MINIMAL = """\
loai: thong_bao_ket_luan
co_quan: ../co-quan/kien-minh.yaml
so: 7
ngay: 2026-06-05
ky: {thang: 5, nam: 2026}
trich_yeu:
  ve: về nhiệm vụ tháng 6 năm 2026
noi_dung:
  - tieu_de: Kết quả
    noi_dung:
      - Đoạn một.
noi_nhan:
  - Thường trực Đảng ủy
"""


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> Path:
    """Like `project`, shared by all the cases of a property test (Hypothesis reruns one test many times)."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "content" / "docs").mkdir(parents=True)
    (root / "out").mkdir()
    shutil.copytree(ROOT / "content" / "co-quan", root / "content" / "co-quan")
    return root
