"""An install from a wheel or an sdist (`pip install .`, not `-e`) is complete: the wheel carries the
code, gen/data, the compiled messages, the page's templates and scripts (CodeMirror vendored) and the
official Word template, which lives at the repository root in templates/docx/ and goes in as
gen/templates/docx/ (pyproject.toml). Built the way pip builds from an sdist, then used from the
unpacked wheel in a folder outside the repository: gen new, build and check, and the page's files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "gen"
TEMPLATES = ROOT / "templates" / "docx"
# Not read at run time: the catalogues' sources (the .mo files are what gen reads).
SOURCES_ONLY = {".po", ".pot", ".pyc"}


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", env={**os.environ, **env}, timeout=120
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """sdist first, then the wheel from the sdist, as `pip install .` of a release would: so a file the
    sdist leaves out is missed too. From a clean copy of the sources, because setuptools reuses a
    build/ folder in the source tree, where a file of an earlier build would hide a missing one."""
    setuptools_version = version("setuptools")
    if tuple(int(part) for part in setuptools_version.split(".")[:2]) < (70, 1):
        pytest.fail(f"setuptools {setuptools_version} cannot build a wheel by itself: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("packaging")
    source, dist = tmp / "source", tmp / "dist"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(GEN, source / "gen", ignore=ignore)
    shutil.copytree(ROOT / "templates", source / "templates", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    sdist = _run(
        [sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(dist)!r})"],
        source,
    )
    assert sdist.returncode == 0, sdist.stderr[-3000:]
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(dist),
         str(next(dist.glob("*.tar.gz")))],
        tmp,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")
    return wheel


def test_the_wheel_carries_every_file_gen_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "gen/" + path.relative_to(GEN).as_posix()
        for path in GEN.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in SOURCES_ONLY
        and not path.name.startswith(".")
    }  # fmt: skip
    expected |= {f"gen/templates/docx/{path.name}" for path in TEMPLATES.glob("*.docx")}
    assert "gen/templates/docx/dang-uy.docx" in expected
    assert "gen/data/rules.yaml" in expected and "gen/serve/static/vendor/codemirror/codemirror.js" in expected
    missing = sorted(expected - names)
    assert not missing, (
        f"missing from the wheel: {missing}. Add a new subpackage to [tool.setuptools] packages, or the file's "
        "pattern to [tool.setuptools.package-data], in pyproject.toml"
    )


def test_an_installed_wheel_works_in_a_folder_outside_the_repository(wheel, tmp_path):
    site, project = tmp_path / "site-packages", tmp_path / "project"
    zipfile.ZipFile(wheel).extractall(site)
    for folder in ("examples", "co-quan"):
        (project / "content" / folder).mkdir(parents=True)
    shutil.copy2(ROOT / "content" / "examples" / "000-kien-minh.yaml", project / "content" / "examples")
    shutil.copy2(ROOT / "content" / "co-quan" / "kien-minh.yaml", project / "content" / "co-quan")
    # The wheel's gen comes first on the path, before the editable install of the checkout.
    env = {"PYTHONPATH": str(site), "GEN_LANG": "vi", "PYTHONDONTWRITEBYTECODE": "1"}
    script = f"""
import sys
import gen, gen.content.model as model, gen.serve.app as page
from pathlib import Path
site = Path({str(site)!r}).resolve()  # macOS: /tmp is /private/tmp; Windows: short names
assert Path(gen.__file__).resolve().is_relative_to(site), gen.__file__
assert model.BUILTIN_TEMPLATE.resolve().is_relative_to(site), model.BUILTIN_TEMPLATE
assert model.BUILTIN_TEMPLATE.is_file()
assert (page.HERE / "static" / "vendor" / "codemirror" / "codemirror.js").is_file()
from gen.checks.lexicon import lexicon
assert lexicon().lessons is not None  # the syllables' roles made ahead, from the same files
from gen.cli import main
blank = "content/examples/2026-05-thong-bao-ket-luan.yaml"
for args, code in ((["build"], 0), (["check"], 0), (["new", "--from", "content/examples/000-kien-minh.yaml"], 0), (["check", blank], 1)):
    sys.argv = ["gen", *args]
    try:
        main()
        got = 0
    except SystemExit as exit:
        got = exit.code or 0
    assert got == code, (args, got)
"""
    result = _run([sys.executable, "-c", script], project, **env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert (project / "out" / "examples" / "000-kien-minh.docx").is_file(), output[-3000:]
    # The messages come from the wheel's compiled catalogue, in Vietnamese: the new file's blanks are named.
    assert "Đã tạo out/examples/000-kien-minh.docx" in output and "Chỗ cần điền" in output, output[-3000:]
