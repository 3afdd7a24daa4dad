"""Stage 6: put bytes on disk so that a failure never leaves a truncated file or destroys the last good one.

The new file is written beside the target under a temporary name of ours, flushed to disk, then
renamed over the target in one step (os.replace is atomic on POSIX and Windows within one volume).
So a kill at any moment leaves the target either the old or the new complete file; what it can
leave is the temporary file, which `sweep` removes at the next build.

- The file gets the mode the user's umask gives new files (0644 typically), or the mode the file
  it replaces had: mkstemp's 0600 would hide it from colleagues on a shared folder.
- While Word holds the target open, Windows refuses to replace it: the rename is retried for a few
  seconds, then OutputLocked says to close the file in Word.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable
from pathlib import Path

# Temporary files are named .NAME.gen-PID-RANDOM.tmp: the PID tells `sweep` whether their writer lives.
_TEMP = re.compile(r"^\..+\.gen-(?P<pid>\d+)-[0-9a-f]+\.tmp$")
# A temporary file older than this is left over whatever its PID says (PIDs are reused; and on
# Windows we cannot ask whether a process lives without risk): a write takes milliseconds.
STALE_SECONDS = 600
# How long a locked target is retried before giving up.
RETRY_SECONDS = 4.0
_RETRY_STEP = 0.2


class OutputLocked(PermissionError):
    """The target stayed locked (open in Word) for RETRY_SECONDS."""


def _default_mode() -> int:
    if os.name == "nt":
        return 0o666
    mask = os.umask(0)  # the only way to read the umask; set back at once
    os.umask(mask)
    return 0o666 & ~mask


def temp_name(target: Path) -> Path:
    return target.parent / f".{target.name}.gen-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def write_atomic(target: Path, data: bytes) -> None:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = _default_mode()
    temp = temp_name(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name != "nt":
            os.chmod(temp, mode)
        replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def replace(source: Path, target: Path) -> None:
    """os.replace, retried while the target is locked (Word on Windows holds the files it has open)."""
    deadline = time.monotonic() + RETRY_SECONDS
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if Path(target).is_dir():
                raise
            if time.monotonic() >= deadline:
                raise OutputLocked(exc.errno, exc.strerror, str(target)) from exc
            time.sleep(_RETRY_STEP)


def sweep(folder: Path) -> int:
    """Remove temporary files of ours left in `folder` (and below) by a killed run; how many."""
    removed = 0
    now = time.time()
    for root, _dirs, files in os.walk(folder):
        for name in files:
            match = _TEMP.match(name)
            if not match:
                continue
            path = os.path.join(root, name)
            try:
                stale = now - os.stat(path).st_mtime > STALE_SECONDS or not _alive(int(match["pid"]))
                if stale:
                    os.unlink(path)
                    removed += 1
            except OSError:
                continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would end the process there: rely on the age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # exists, owned by someone else
    try:  # Linux: a killed writer may linger as a zombie that nobody has reaped yet
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def digest(path: Path) -> str | None:
    """SHA-256 of a file, None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def hand_copy_path(target: Path) -> Path:
    """Where a hand-edited output is kept: NAME.sua-tay.docx, or NAME.sua-tay-2.docx … when taken."""
    candidate = target.with_name(f"{target.stem}.sua-tay{target.suffix}")
    n = 2
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.sua-tay-{n}{target.suffix}")
        n += 1
    return candidate


def keep_hand_edit(target: Path, written: str | None) -> Path | None:
    """If `target` is no longer the file we wrote (its SHA-256 was `written`), move it aside to
    NAME.sua-tay.docx before it is replaced; the path it was kept at, or None."""
    if written is None:
        return None
    now = digest(target)
    if now is None or now == written:
        return None
    kept = hand_copy_path(target)
    replace(target, kept)
    return kept


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links, case-insensitive file systems, '..')."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def write_finding(file: str, target: Path, exc: OSError):
    """The finding for an output that could not be written, located at the input it came from."""
    from gen.content.loader import display_path
    from gen.exceptions import finding

    shown = display_path(target)
    if isinstance(exc, OutputLocked):
        return finding(file, "output.locked", path=shown, name=Path(target).name)
    detail = exc.strerror or str(exc) or type(exc).__name__
    return finding(file, "output.write", path=shown, detail=detail)


def write_output(target: Path, data: bytes, file: str, inputs: Iterable[Path] = ()) -> None:
    """write_atomic for a command's output: a target that is one of the command's own inputs is
    refused, and a failure to write is a GenError whose finding is located at `file`."""
    from gen.content.loader import display_path
    from gen.exceptions import GenError, finding

    for used in inputs:
        if same_file(target, used):
            raise GenError([finding(file, "output.is_input", path=display_path(target))])
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise GenError([write_finding(file, target, exc)]) from None
