"""Nothing lost, nothing let in: git revisions that look like options, killed and interrupted
builds, writes that fail or meet a locked file, hand-edited outputs, inputs that collide or would be
overwritten, symlink loops and deep nesting under content/, legacy console code pages, and finding
LibreOffice where Windows and macOS install it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL
from typer.testing import CliRunner

from gen.cli import app
from gen.word import writer

GIT = shutil.which("git")
POSIX = os.name == "posix"
GEN = [sys.executable, "-m", "gen"]


def _doc(number: int, extra: str = "") -> str:
    return MINIMAL.replace("so: 7", f"so: {number}") + extra


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


# -- revisions --------------------------------------------------------------------------------


@pytest.mark.skipif(not GIT, reason="git is needed for PATH@REV")
@pytest.mark.parametrize(
    "rev",
    ["--output=d", "--output=precious.txt", "-p", "--output=../precious.txt", "HEAD --output=x", "nosuch", "a" * 5000],
)
def test_a_revision_never_reaches_gits_option_parser(project, monkeypatch, rev):
    monkeypatch.chdir(project)
    document = project / "content" / "docs" / "05-tb.yaml"
    document.write_text(_doc(5), encoding="utf-8")
    precious = project / "precious.txt"
    precious.write_text("PRECIOUS")
    # `git show --output=d:./05-tb.yaml` would write its patch over this file of the user's
    aimed = project / "content" / "docs" / "d:." / "05-tb.yaml"
    aimed.parent.mkdir()
    aimed.write_text("PRECIOUS")
    _git(project, "init", "-q")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@x", "add", ".")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "one")
    result = CliRunner().invoke(app, ["diff", f"content/docs/05-tb.yaml@{rev}", "--out", "d.docx"])
    assert result.exit_code == 1, result.output
    assert "[diff.bad_revision]" in result.output
    assert precious.read_text() == "PRECIOUS" and aimed.read_text() == "PRECIOUS"
    assert not (project / "d.docx").exists()
    assert sorted(p.name for p in project.iterdir()) == [".git", "content", "precious.txt"]


# -- write failures -----------------------------------------------------------------------------


def _lock(monkeypatch, times: int | None = None) -> list[str]:
    """os.replace raises PermissionError (Windows, Word holding the target open) `times` times, or always."""
    calls: list[str] = []
    real = os.replace

    def replace(source, target):
        calls.append(str(target))
        if times is None or len(calls) <= times:
            raise PermissionError(13, "The process cannot access the file because it is being used", str(target))
        return real(source, target)

    monkeypatch.setattr(writer.os, "replace", replace)
    monkeypatch.setattr(writer, "RETRY_SECONDS", 0.6)
    monkeypatch.setattr(writer, "_RETRY_STEP", 0.05)
    return calls


def test_a_locked_output_is_retried_then_written(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "content" / "docs" / "05-tb.yaml").write_text(_doc(5), encoding="utf-8")
    calls = _lock(monkeypatch, times=3)
    result = CliRunner().invoke(app, ["build", "content/docs/05-tb.yaml"])
    assert result.exit_code == 0, result.output
    assert len([c for c in calls if c.endswith(".docx")]) == 4
    assert zipfile.is_zipfile(project / "out" / "docs" / "05-tb.docx")
    assert not list((project / "out").rglob("*.tmp"))


def test_every_writing_command_says_to_close_a_locked_file_and_goes_on(project, monkeypatch, tmp_path):
    monkeypatch.chdir(project)
    docs = project / "content" / "docs"
    (docs / "05-tb.yaml").write_text(_doc(5), encoding="utf-8")
    (docs / "06-tb.yaml").write_text(_doc(6), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["build"]).exit_code == 0
    word = project / "out" / "docs" / "05-tb.docx"
    _lock(monkeypatch)
    commands = {
        "build": ["build", "--force"],
        "diff": ["diff", "content/docs/05-tb.yaml", "content/docs/06-tb.yaml", "--out", "out/docs/05-tb.docx"],
        "new": ["new", "--from", "content/docs/05-tb.yaml", "--out", "content/docs/moi.yaml"],
        "import": ["import", str(word), "--out", "content/docs/nhap.yaml"],
    }
    for name, args in commands.items():
        if name == "new":
            (docs / "moi.yaml").write_text("x: 1\n")  # new refuses an existing file: lock its replacement instead
            (docs / "moi.yaml").unlink()
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (name, result.output)
        assert "trong Word rồi chạy lại" in result.output, (name, result.output)
        assert "[output.locked]" in result.output, (name, result.output)
        assert "Lỗi bên trong" not in result.output
    # build went on with the other document after the first failed, and said so for both
    result = runner.invoke(app, ["build", "--force"])
    assert result.output.count("[output.locked]") == 2
    assert not list(project.rglob("*.tmp"))


def test_writes_into_a_place_that_cannot_be_written_are_findings(project, monkeypatch):
    """A folder that is a file (root ignores read-only folders, so this stands for them too)."""
    monkeypatch.chdir(project)
    docs = project / "content" / "docs"
    (docs / "05-tb.yaml").write_text(_doc(5), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["build"]).exit_code == 0
    (project / "tep").write_text("không phải thư mục")
    for args in (
        ["build", "--force", "--out", "tep"],
        ["new", "--from", "content/docs/05-tb.yaml", "--out", "tep/moi.yaml"],
        ["import", "out/docs/05-tb.docx", "--out", "tep/nhap.yaml"],
        ["diff", "content/docs/05-tb.yaml", "content/docs/05-tb.yaml", "--out", "tep/d.docx"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert "[output.write]" in result.output, (args, result.output)
        assert "Lỗi bên trong" not in result.output


def test_no_command_writes_over_its_own_inputs(project, monkeypatch):
    monkeypatch.chdir(project)
    source = project / "content" / "docs" / "05-tb.yaml"
    source.write_text(_doc(5), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["build"]).exit_code == 0
    word = project / "out" / "docs" / "05-tb.docx"
    before, word_before = source.read_bytes(), word.read_bytes()
    result = runner.invoke(app, ["diff", "content/docs/05-tb.yaml", "content/docs/05-tb.yaml", "--out", str(source)])
    assert result.exit_code == 1 and "[output.is_input]" in result.output, result.output
    result = runner.invoke(app, ["import", str(word), "--out", str(word), "--force"])
    assert result.exit_code == 1 and "[output.is_input]" in result.output, result.output
    org = project / "content" / "co-quan" / "kien-minh.yaml"
    org_before = org.read_bytes()
    result = runner.invoke(app, ["import", str(word), "--out", str(org), "--force"])  # the organisation it names
    assert result.exit_code == 1 and "[output.is_input]" in result.output, result.output
    assert org.read_bytes() == org_before
    template = project / "templates" / "docx"
    template.mkdir(parents=True)
    shutil.copy(Path(__file__).parents[1] / "templates" / "docx" / "dang-uy.docx", template / "dang-uy.docx")
    (project / "content" / "docs" / "dang-uy.yaml").write_text(
        _doc(9, "mau: ../../templates/docx/dang-uy.docx\n"), encoding="utf-8"
    )
    template_before = (template / "dang-uy.docx").read_bytes()
    result = runner.invoke(app, ["build", "content/docs/dang-uy.yaml", "--out", "templates"])
    assert (template / "dang-uy.docx").read_bytes() == template_before, result.output
    assert source.read_bytes() == before and word.read_bytes() == word_before


def test_outputs_follow_the_umask(project, monkeypatch):
    if not POSIX:
        pytest.skip("file modes are POSIX")
    monkeypatch.chdir(project)
    (project / "content" / "docs" / "05-tb.yaml").write_text(_doc(5), encoding="utf-8")
    for mask, mode in ((0o022, 0o644), (0o002, 0o664)):
        old = os.umask(mask)
        try:
            shutil.rmtree(project / "out", ignore_errors=True)
            assert CliRunner().invoke(app, ["build"]).exit_code == 0
            made = project / "out" / "docs" / "05-tb.docx"
            assert made.stat().st_mode & 0o777 == mode, oct(made.stat().st_mode)
        finally:
            os.umask(old)


def test_two_inputs_for_one_output_are_both_refused(tmp_path, monkeypatch):
    shutil.copytree(Path(__file__).parents[1] / "content" / "co-quan", tmp_path / "co-quan")
    for folder, number in (("a", 5), ("b", 6)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "tb.yaml").write_text(_doc(number).replace("../co-quan/", "../co-quan/"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "a/tb.yaml", "b/tb.yaml", "--content", "content"])
    assert result.exit_code == 1
    assert result.output.count("[output.collision]") == 2, result.output
    assert "a/tb.yaml" in result.output and "b/tb.yaml" in result.output
    assert not (tmp_path / "out" / "tb.docx").exists()


# -- hand edits -----------------------------------------------------------------------------------


def test_a_hand_edited_output_is_kept_beside_the_new_one(project, monkeypatch):
    monkeypatch.chdir(project)
    source = project / "content" / "docs" / "05-tb.yaml"
    source.write_text(_doc(5), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["build"]).exit_code == 0
    made = project / "out" / "docs" / "05-tb.docx"
    with zipfile.ZipFile(made) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "Đoạn một.".encode(), "Đoạn một, sửa tay.".encode(), 1
    )
    with zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    hand = made.read_bytes()
    for args in (["build"], ["build", "--force"]):
        result = runner.invoke(app, args)
        kept = project / "out" / "docs" / "05-tb.sua-tay.docx"
        assert kept.read_bytes() == hand, args
        assert "[output.hand_edited]" in result.output and "05-tb.sua-tay.docx" in result.output, result.output
        assert made.read_bytes() != hand
        kept.unlink()
        made.write_bytes(hand)
    # an output we wrote ourselves is replaced without a word
    result = runner.invoke(app, ["build", "--force"])
    made_again = runner.invoke(app, ["build", "--force"])
    assert "[output.hand_edited]" not in made_again.output, made_again.output
    assert result.exit_code == 0


# -- temporary files, kills, Ctrl-C -------------------------------------------------------------------


def test_leftover_temp_files_of_ours_are_swept_at_the_next_build(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "content" / "docs" / "05-tb.yaml").write_text(_doc(5), encoding="utf-8")
    folder = project / "out" / "docs"
    folder.mkdir(parents=True)
    dead = folder / ".05-tb.docx.gen-999999999-abcdef01.tmp"  # no such process
    dead.write_bytes(b"x" * 1000)
    old = folder / f".06-tb.docx.gen-{os.getpid()}-abcdef02.tmp"  # alive, but far too old to be writing
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    live = folder / f".07-tb.docx.gen-{os.getpid()}-abcdef03.tmp"  # being written right now
    live.write_bytes(b"x")
    theirs = folder / ".05-tb.docx.ABCDEF.tmp"  # not of ours: left alone
    theirs.write_bytes(b"x")
    assert CliRunner().invoke(app, ["build", "--force"]).exit_code == 0
    assert not dead.exists() and not old.exists()
    assert live.exists() and theirs.exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """A project of 40 documents: enough for worker processes."""
    root = tmp_path_factory.mktemp("many")
    (root / "content" / "docs").mkdir(parents=True)
    shutil.copytree(Path(__file__).parents[1] / "content" / "co-quan", root / "content" / "co-quan")
    for n in range(1, 41):
        (root / "content" / "docs" / f"{n:02d}-tb.yaml").write_text(_doc(n), encoding="utf-8")
    subprocess.run(GEN + ["build"], cwd=root, check=True, capture_output=True, env=_env())
    return root


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEN_")}
    return {**env, "GEN_NO_PROGRESS": "1", **extra}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc to find the workers")
def test_kills_at_any_moment_leave_every_output_old_or_new_and_no_worker(many):
    outputs = sorted((many / "out").rglob("*.docx"))
    reference = {p: p.read_bytes() for p in outputs}
    assert len(reference) == 40
    for delay in (0.35, 0.6, 0.8, 1.0, 1.3, 1.6):
        process = subprocess.Popen(GEN + ["build", "--force"], cwd=many, env=_env(), stdout=subprocess.DEVNULL)
        time.sleep(delay)
        workers = _children(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 6  # the workers poll for their parent every 0.2 s; CI machines are slow
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], f"workers outlived their parent (after {delay} s)"
        for path, data in reference.items():  # the same inputs give the same bytes: old == new here
            assert path.is_file(), (delay, path, sorted(p.name for p in path.parent.iterdir())[:8])
            now = path.read_bytes()
            assert now == data, (delay, path, len(now), len(data), zipfile.is_zipfile(path))
    # the next build sweeps what the kills left, once their writers are gone (a worker started after
    # the list above was taken ends within its 0.2 s poll too)
    writers = {int(p.name.split(".gen-")[1].split("-")[0]) for p in (many / "out").rglob("*.tmp")}
    deadline = time.monotonic() + 6
    while any(_alive(w) for w in writers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in writers if _alive(w)], "a writer outlived the build"
    subprocess.run(GEN + ["build"], cwd=many, check=True, capture_output=True, env=_env())
    assert not list((many / "out").rglob("*.tmp"))


@pytest.mark.skipif(not POSIX, reason="Ctrl-C is a signal to the process group on POSIX")
def test_ctrl_c_stops_a_parallel_build_promptly(many):
    process = subprocess.Popen(
        GEN + ["build", "--force"], cwd=many, env=_env(), stdout=subprocess.DEVNULL, start_new_session=True
    )
    time.sleep(0.8)
    workers = _children(process.pid) if Path("/proc").exists() else []
    started = time.monotonic()
    # To the build alone (a terminal would send it to the workers too: then they stop by themselves)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=20)
    assert time.monotonic() - started < 1.5
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)]


def _parsed(text: str):
    from gen.content.loader import Source, parse

    return parse(text.encode("utf-8"), Source(Path("bang.yaml")))


def test_many_table_rows_on_one_line_each_are_not_deep_but_deep_nesting_among_them_is(monkeypatch):
    import yaml

    rows = "".join(f"  - [Chi bộ {i}, {i}, 12]\n  - Đạt chỉ tiêu[^{i}] năm [2025]\n" for i in range(80))
    deep = "b: " + "[" * 70 + "]" * 70 + "\n"
    # 80 table rows of one level each and 80 texts citing footnotes: the quick bound holds, no token scan.
    monkeypatch.setattr(yaml, "scan", lambda *a, **k: pytest.fail("token scan for a shallow file"))
    source = _parsed("a:\n" + rows)
    assert not source.findings and source.data["a"][:2] == [["Chi bộ 0", 0, 12], "Đạt chỉ tiêu[^0] năm [2025]"]
    monkeypatch.undo()
    for text in ("a:\n" + rows + deep, deep + "a:\n" + rows, "a:\n" + rows + "b: " + "[x, " * 70 + "]" * 70 + "\n"):
        assert [f.rule for f in _parsed(text).findings] == ["yaml.too_deep"]
    # Brackets in quoted text are not levels (PyYAML's token scan tells them apart).
    source = _parsed("a: '" + "[" * 100 + "'\n" + "b:\n" + rows.replace("12]", "'1.234,5']"))
    assert not source.findings and source.data["b"][0] == ["Chi bộ 0", 0, "1.234,5"]


# -- content/ that breaks every build ----------------------------------------------------------------


def test_symlink_loops_and_deep_nesting_are_findings_for_that_file_only(project, monkeypatch):
    monkeypatch.chdir(project)
    content = project / "content"
    (content / "docs" / "05-tb.yaml").write_text(_doc(5), encoding="utf-8")
    (content / "vong.yaml").symlink_to("vong.yaml")
    (content / "docs" / "lap").symlink_to("..")
    (content / "long.yaml").write_text("a: " + "[" * 500 + "]" * 500 + "\n")
    (content / "sau.yaml").write_text("a: " + "[" * 200_000 + "\n")
    if POSIX:  # a pipe would block the read for ever, a device never end it
        os.mkfifo(content / "ong.yaml")
        (content / "docs" / "khong.yaml").symlink_to("/dev/zero")
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 1, result.output
    rules = {(Path(f["file"]).name, f["rule"]) for f in json.loads(result.stdout)}
    assert ("long.yaml", "yaml.too_deep") in rules and ("sau.yaml", "yaml.too_deep") in rules
    assert ("vong.yaml", "input.missing") in rules
    if POSIX:
        assert ("ong.yaml", "input.missing") in rules and ("khong.yaml", "input.missing") in rules
    result = runner.invoke(app, ["build"])
    assert (project / "out" / "docs" / "05-tb.docx").is_file(), result.output
    assert "Lỗi bên trong" not in result.output


# -- Windows: consoles, LibreOffice ---------------------------------------------------------------------


def test_a_legacy_code_page_never_crashes_the_output(project):
    """cp1258 (a Vietnamese Windows) cannot encode every Vietnamese letter in its composed form."""
    docs = project / "content" / "docs"
    (docs / "05-tb.yaml").write_text(_doc(5, "ghi_chu_loi: [\n"), encoding="utf-8")
    env = _env(PYTHONIOENCODING="cp1258")
    done = subprocess.run(GEN + ["check", "--format", "json"], cwd=project, env=env, capture_output=True)
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    assert json.loads(done.stdout.decode("utf-8"))  # UTF-8 JSON whatever the code page
    (docs / "05-tb.yaml").write_text(_doc(5), encoding="utf-8")
    done = subprocess.run(GEN + ["new", "--from", "content/docs/05-tb.yaml"], cwd=project, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "Đã" in done.stdout.decode("utf-8")


def test_colour_goes_through_rich(monkeypatch):
    import io

    from gen.cli import _report
    from gen.exceptions import Finding

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = Terminal()
    _report([Finding("a.yaml", 3, 4, "x.y", "error", "Sai.")], stream)
    text = stream.getvalue()
    assert "a.yaml:3:4" in text and "Sai. [x.y]" in text and "\x1b[" in text


def test_libreoffice_is_found_where_it_is_installed(tmp_path, monkeypatch):
    from gen.workflow import pdf

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv(pdf.PROGRAM_VARIABLE, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    program_files = tmp_path / "Program Files"
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432", "LOCALAPPDATA"):
        monkeypatch.delenv(variable, raising=False)
    if not any(p.is_file() for p in pdf._install_places()):
        assert pdf.soffice() is None
    windows = program_files / "LibreOffice" / "program" / "soffice.exe"
    windows.parent.mkdir(parents=True)
    windows.write_text("")
    monkeypatch.setenv("PROGRAMFILES", str(program_files))
    assert pdf.soffice() == str(windows)
    mac = tmp_path / "home" / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"
    mac.parent.mkdir(parents=True)
    mac.write_text("")
    monkeypatch.delenv("PROGRAMFILES")
    assert pdf.soffice() == str(mac)
    named = tmp_path / "portable" / "soffice"
    named.parent.mkdir()
    named.write_text("")
    monkeypatch.setenv(pdf.PROGRAM_VARIABLE, str(named))
    assert pdf.soffice() == str(named)
    assert "libreoffice.org" in pdf.install_advice("windows") and "Program Files" in pdf.install_advice("windows")
    assert "brew" in pdf.install_advice("macos")
    assert "apt-get" in pdf.install_advice("linux") and "apt-get" not in pdf.install_advice("windows")
    assert pdf.PROGRAM_VARIABLE in pdf.install_advice("macos")


def _fake_libreoffice(monkeypatch, seen: list[list[str]]):
    """Stands in for LibreOffice: writes a PDF for each document it is given."""
    from gen.workflow import pdf

    def run(command, **kwargs):
        seen.append(command)
        out = Path(command[command.index("--outdir") + 1])
        out.mkdir(parents=True, exist_ok=True)
        for name in command[command.index("--outdir") + 2 :]:
            (out / Path(name).with_suffix(".pdf").name).write_bytes(b"%PDF-1.4 fake")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(pdf, "soffice", lambda: "soffice")
    monkeypatch.setattr(pdf.subprocess, "run", run)


def test_each_run_has_its_own_libreoffice_profile_and_one_bad_pdf_stops_nothing(tmp_path, monkeypatch):
    from gen.workflow import pdf

    seen: list[list[str]] = []
    _fake_libreoffice(monkeypatch, seen)
    docs = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(b"PK")
        docs.append(path)
    (tmp_path / "b.pdf").mkdir()  # b.pdf cannot be written: a folder is in the way
    written, failures = pdf.convert(docs, force=True)
    assert sorted(p.name for p in written) == ["a.pdf", "c.pdf"]
    assert [d.name for d, _ in failures] == ["b.docx"]
    pdf.convert(docs[:1], force=True)
    profiles = [next(a for a in command if a.startswith("-env:UserInstallation=")) for command in seen]
    assert len(set(profiles)) == 2  # a new one each run
    assert all(".cache" not in p for p in profiles)
    assert not any(Path(p.split("=", 1)[1].removeprefix("file://")).exists() for p in profiles)  # removed after


def test_the_page_reports_a_locked_file_on_save(tmp_path, monkeypatch):
    """`gen serve`: saving over a file Word holds open is a finding for that file, not a crash."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from gen.serve.app import create_app

    shutil.copytree(Path(__file__).parents[1] / "content", tmp_path / "content")
    client = TestClient(create_app(tmp_path / "content", "s", 8765), base_url="http://127.0.0.1:8765")
    client.cookies.set("gen_serve", "s")
    path = "examples/000-kien-minh.yaml"
    before = (tmp_path / "content" / path).read_bytes()
    _lock(monkeypatch)
    answer = client.post(
        "/api/save",
        json={"path": path, "text": before.decode("utf-8") + "# sửa\n", "force": True},
        headers={"origin": "http://127.0.0.1:8765"},
    )
    assert answer.status_code in (409, 422), answer.text
    assert "output.locked" in answer.text and "trong Word rồi chạy lại" in answer.text
    assert (tmp_path / "content" / path).read_bytes() == before


def test_work_folders_of_killed_conversions_are_removed(tmp_path, monkeypatch):
    from gen.workflow import pdf

    monkeypatch.setattr(pdf.tempfile, "tempdir", str(tmp_path))
    stale, recent = tmp_path / "gen-pdf-old", tmp_path / "gen-pdf-running"
    for folder in (stale, recent):
        (folder / "profile").mkdir(parents=True)
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    other = tmp_path / "gen-pdf-link"
    other.symlink_to(stale)
    seen: list[list[str]] = []
    _fake_libreoffice(monkeypatch, seen)
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    pdf.convert([docx], force=True)
    assert not stale.exists() and recent.exists()


def test_a_damaged_build_cache_only_costs_a_rebuild(project, monkeypatch):
    """out/.gen-cache.json edited by hand or mangled by a merge: never the internal error."""
    monkeypatch.chdir(project)
    docs = project / "content" / "docs"
    (docs / "05-tb.yaml").write_text(_doc(5), encoding="utf-8")
    (docs / "06-tb.yaml").write_text(_doc(6), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["build"]).exit_code == 0
    manifest = project / "out" / ".gen-cache.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["outputs"].values():
        entry["inputs"] = [1, {"path": 5}, "x"]
    data["numbers"] = {key: {"stat": value["stat"], "entry": ["x", 5]} for key, value in data["numbers"].items()}
    data["written"] = {"x": 5}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    for args in (["build"], ["build", "--force", "content/docs/05-tb.yaml"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    for text in ("[1, 2", '{"tool": 5, "outputs": [], "written": []}', "null"):
        manifest.write_text(text, encoding="utf-8")
        assert runner.invoke(app, ["build"]).exit_code == 0


@pytest.mark.skipif(not GIT, reason="git is needed for PATH@REV")
def test_a_huge_file_at_a_revision_is_refused_by_its_size(project, monkeypatch):
    monkeypatch.chdir(project)
    document = project / "content" / "docs" / "05-tb.yaml"
    document.write_bytes(b"a: " + b"x" * 3_000_000 + b"\n")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "big")
    document.write_text(_doc(5), encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", "content/docs/05-tb.yaml@HEAD", "--out", "d.docx"])
    assert result.exit_code == 1 and "[input.too_large]" in result.output, result.output
