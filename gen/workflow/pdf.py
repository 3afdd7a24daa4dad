"""PDF beside each .docx through LibreOffice, all documents of a build in one call: LibreOffice's
start-up (about a second) is paid once, not per document."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gen.content.loader import display_path
from gen.word.writer import write_atomic, write_finding


class LibreOfficeMissing(Exception):
    pass


# Where a user may name the program (a portable LibreOffice, an unusual install).
PROGRAM_VARIABLE = "GEN_SOFFICE"


def _install_places() -> list[Path]:
    """Where LibreOffice's installers put the program on Windows and macOS (not on PATH there)."""
    places = []
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        if base:
            places.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
            places.append(Path(base) / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    places += [Path(r"C:\Program Files\LibreOffice\program\soffice.exe")] if os.name == "nt" else []
    for apps in (Path("/Applications"), Path.home() / "Applications"):
        places.append(apps / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    return places


def soffice() -> str | None:
    """The LibreOffice program: GEN_SOFFICE, else on PATH, else at its usual install place."""
    named = os.environ.get(PROGRAM_VARIABLE)
    if named:
        return named if Path(named).is_file() else shutil.which(named)
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(p) for p in _install_places() if p.is_file()), None)


def install_advice(system: str | None = None) -> str:
    """The message for a missing LibreOffice, with the way to install it on `system` ("windows",
    "macos", "linux"; this one when None)."""
    import sys

    from gen.messages import N_, t

    if system is None:
        system = "windows" if os.name == "nt" else "macos" if sys.platform == "darwin" else "linux"
    how = {"windows": N_("pdf.install.windows"), "macos": N_("pdf.install.macos")}.get(system, N_("pdf.install.linux"))
    return t("pdf.missing", how=t(how), variable=PROGRAM_VARIABLE)


def convert(
    docx_files: list[Path], force: bool = False, timeout: int = 600
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Write X.pdf beside each X.docx whose PDF is missing or older (all, with `force`).
    Returns the PDFs written and the (docx, reason) pairs that failed."""
    wanted = [Path(p) for p in docx_files if force or not _fresh(Path(p))]
    if not wanted:
        return [], []
    program = soffice()
    if program is None:
        raise LibreOfficeMissing()
    from gen.word.keep import for_libreoffice  # lxml: loaded when a conversion is wanted

    written: list[Path] = []
    failures: list[tuple[Path, str]] = []
    _sweep_stale(timeout)
    with tempfile.TemporaryDirectory(prefix="gen-pdf-") as folder:
        work = Path(folder)
        # A profile of this run's own: two conversions at once sharing one profile make one of them
        # fail ("failed to launch javaldx", no PDF), and a LibreOffice the user has open would swallow ours.
        profile = work / "profile"
        # Unique names: two folders may both hold a 05-tb.docx.
        staged = {}
        for i, path in enumerate(wanted):
            copy = work / f"{i:05d}-{path.name}"
            try:
                # LibreOffice's copy has its last paragraph cut so that only two lines go with the signature.
                copy.write_bytes(for_libreoffice(path.read_bytes()))
            except OSError as exc:
                failures.append((path, exc.strerror or str(exc)))
                continue
            staged[copy.with_suffix(".pdf")] = path
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "pdf"),
            *map(str, sorted(p.with_suffix(".docx") for p in staged)),
        ]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
            detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or [f"exit {run.returncode}"]
        except (subprocess.TimeoutExpired, OSError) as exc:
            detail = [str(exc)]
        for staged_pdf, docx in staged.items():
            produced = work / "pdf" / staged_pdf.name
            if produced.exists() and produced.stat().st_size > 0:
                target = docx.with_suffix(".pdf")
                try:
                    write_atomic(target, produced.read_bytes())
                except OSError as exc:  # this PDF only: the others are still written
                    failures.append((docx, write_finding(display_path(docx), target, exc).message))
                    continue
                written.append(target)
            else:
                failures.append((docx, detail[0]))
    return written, failures


def _sweep_stale(timeout: int) -> None:
    """Remove the work folders (copies and a LibreOffice profile, some MB) of conversions killed
    before they could clean up: any older than twice the longest a conversion may run."""
    import time

    limit = time.time() - 2 * timeout
    for folder in Path(tempfile.gettempdir()).glob("gen-pdf-*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _fresh(docx: Path) -> bool:
    try:
        return docx.with_suffix(".pdf").stat().st_mtime_ns >= docx.stat().st_mtime_ns
    except OSError:
        return False
