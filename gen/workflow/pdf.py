"""PDF beside each .docx through LibreOffice, all documents of a build in one call: LibreOffice's
start-up (about a second) is paid once, not per document."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gen.word.writer import write_atomic


class LibreOfficeMissing(Exception):
    pass


def soffice() -> str | None:
    """LibreOffice's program: on the PATH, else where its installer puts it on Windows and macOS
    (an office machine rarely has it on the PATH)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    for variable in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
        if os.environ.get(variable):
            places.append(Path(os.environ[variable]) / "LibreOffice" / "program" / "soffice.exe")
    return next((str(p) for p in places if p.is_file()), None)


def _profile() -> Path:
    """A profile of our own, so a LibreOffice the user has open does not swallow the conversion;
    kept between runs because creating one costs seconds."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gen" / "libreoffice"
    base.mkdir(parents=True, exist_ok=True)
    return base


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
    written: list[Path] = []
    failures: list[tuple[Path, str]] = []
    with tempfile.TemporaryDirectory(prefix="gen-pdf-") as folder:
        work = Path(folder)
        # Unique names: two folders may both hold a 05-tb.docx.
        staged = {}
        for i, path in enumerate(wanted):
            copy = work / f"{i:05d}-{path.name}"
            shutil.copyfile(path, copy)
            staged[copy.with_suffix(".pdf")] = path
        command = [
            program,
            f"-env:UserInstallation={_profile().as_uri()}",
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
                write_atomic(target, produced.read_bytes())
                written.append(target)
            else:
                failures.append((docx, detail[0]))
    return written, failures


def _fresh(docx: Path) -> bool:
    pdf = docx.with_suffix(".pdf")
    return pdf.exists() and pdf.stat().st_mtime_ns >= docx.stat().st_mtime_ns
