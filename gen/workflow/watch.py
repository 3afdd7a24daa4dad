"""`gen watch`: rebuild what changed on every save, until Ctrl-C.

The operating system tells watchfiles when a file changes, however the editor saves it (in place,
or through a temporary file and a rename); the changes of one save are grouped over a short
debounce, so a save written in two steps builds once. Network drives (SMB/NFS shares) send no
such notices: there, and wherever the watcher cannot start, the same loop polls the files
instead (`--poll` forces it, for a share that is not recognised).

A document's findings are printed once, and again only when they change: an author saving every
minute sees what is new, not the same list again.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gen.exceptions import Finding
from gen.workflow.build import Result, build_all
from gen.workflow.cache import MANIFEST

# A save is the changes that arrive with less than STEP_MS between them (at most DEBOUNCE_MS in all).
DEBOUNCE_MS = 800
STEP_MS = 150
POLL_MS = 500
READY_MS = 500  # the watcher reports that it is running after this long without a change

# File systems that deliver no change notices for edits made through them or by other machines.
NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "9p",
    "afs",
    "davfs",
    "ncpfs",
    "fuse.sshfs",
    "sshfs",
}

WATCHED_SUFFIXES = {".yaml", ".yml", ".docx", ".dotx"}
IGNORED_FOLDERS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache"}


@dataclass
class Changes:
    """What `watch` reports for one document built again."""

    result: Result
    findings_changed: bool  # its findings differ from the last ones printed (or were never printed)
    touched: bool  # its own file was saved since it was last built
    fixed: bool = False  # it had findings, and has none now


@dataclass
class _Seen:
    """Per document: the findings last reported and the file's time when it was last built."""

    findings: dict[str, tuple[Finding, ...]] = field(default_factory=dict)
    times: dict[str, int] = field(default_factory=dict)

    def update(self, result: Result) -> Changes:
        key = os.path.abspath(result.source)
        try:
            time = os.stat(key).st_mtime_ns
        except OSError:
            time = -1
        touched = key in self.times and self.times[key] != time
        self.times[key] = time
        before, now = self.findings.get(key), tuple(result.findings)
        self.findings[key] = now
        return Changes(result, before != now, touched, bool(before) and not now)


def watch(
    paths: list[Path],
    out_dir: Path,
    content_dir: Path,
    report: Callable[[Changes], None],
    *,
    poll: bool | None = None,
    stop: threading.Event | None = None,
    on_polling: Callable[[str], None] | None = None,
) -> None:
    """Build once, then again after every save, until Ctrl-C or `stop` is set. `poll`: True to poll,
    False never to, None to poll on network drives and when the watcher cannot start. `on_polling`
    is told why polling was chosen ("network" or "watcher")."""
    seen = _Seen()
    roots = _roots(paths, content_dir)

    def build() -> None:
        for result in build_all(paths, out_dir, content_dir):
            if result.skipped:
                continue
            report(seen.update(result))
            roots.update(str(Path(p).resolve().parent) for p in result.inputs)

    build()
    if poll is None and any(_on_network_drive(Path(root)) for root in roots):
        poll = True
        if on_polling:
            on_polling("network")
    while not (stop and stop.is_set()):
        watched = set(roots)
        try:
            for _ in _saves(watched, out_dir, bool(poll), stop):
                build()
                if roots != watched:  # a new organisation file or template elsewhere: watch it too
                    break
            else:
                return
        except (OSError, RuntimeError):
            if poll:
                raise
            poll = True  # the watcher could not start (no inotify, too many watches …): poll instead
            if on_polling:
                on_polling("watcher")


def _saves(roots: set[str], out_dir: Path, poll: bool, stop: threading.Event | None) -> Iterator[set[str]]:
    """The sets of files saved together, as absolute paths; first an empty set once the watcher is
    ready, so that what was saved while it started is built too."""
    if poll:
        return _polled_saves(roots, out_dir, stop)
    return _noticed_saves(roots, out_dir, stop)


def _relevant(out_dir: Path) -> Callable[[str], bool]:
    """Whether a changed file is one a build reads: not our own output nor Word's lock files."""
    out = os.path.abspath(out_dir)

    def relevant(path: str) -> bool:
        path = os.path.abspath(path)
        name = os.path.basename(path)
        if path.startswith(out + os.sep) or name == MANIFEST or name.startswith(("~$", ".~")):
            return False  # our own output, Word's lock files
        if IGNORED_FOLDERS.intersection(Path(path).parts):
            return False
        return os.path.splitext(name)[1].lower() in WATCHED_SUFFIXES

    return relevant


def _noticed_saves(roots: set[str], out_dir: Path, stop: threading.Event | None) -> Iterator[set[str]]:
    """_saves by the operating system's change notices (watchfiles)."""
    from watchfiles import watch as notices

    relevant = _relevant(out_dir)
    ready = False
    for changes in notices(
        *sorted(roots),
        watch_filter=lambda _change, path: relevant(path),
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        yield_on_timeout=True,
        rust_timeout=READY_MS,
    ):
        if changes or not ready:
            yield {os.path.abspath(path) for _, path in changes}
        ready = True


def _polled_saves(roots: set[str], out_dir: Path, stop: threading.Event | None) -> Iterator[set[str]]:
    """_saves by looking at the files every POLL_MS: their times to the nanosecond and their sizes.
    (watchfiles' poller compares times in whole seconds: a second save of the same size within one
    second, a digit changed twice, was never built.) The changes of one save are those found until
    a look STEP_MS later finds nothing new, DEBOUNCE_MS at most."""
    relevant = _relevant(out_dir)

    def look() -> dict[str, tuple[int, int]]:
        found = {}
        for root in sorted(roots):
            for folder, folders, files in os.walk(root):
                folders[:] = [name for name in folders if name not in IGNORED_FOLDERS]
                for name in files:
                    path = os.path.join(folder, name)
                    if relevant(path):
                        try:
                            status = os.stat(path)
                        except OSError:
                            continue  # gone between the listing and the look
                        found[os.path.abspath(path)] = (status.st_mtime_ns, status.st_size)
        return found

    def changed(before: dict, now: dict) -> set[str]:
        return {path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}

    def wait(ms: int) -> bool:
        """False once asked to stop."""
        if stop is None:
            time.sleep(ms / 1000)
            return True
        return not stop.wait(ms / 1000)

    seen = look()
    yield set()
    while wait(POLL_MS):
        now = look()
        saved = changed(seen, now)
        waited = 0
        while saved and waited < DEBOUNCE_MS and wait(STEP_MS):
            waited += STEP_MS
            later = look()
            more = changed(now, later)
            now = later
            if not more:
                break
            saved |= more
        seen = now
        if saved:
            yield saved
        if stop is not None and stop.is_set():
            return


def _roots(paths: list[Path], content_dir: Path) -> set[str]:
    """Folders to watch: those named, and the folder of each file named."""
    roots = set()
    for path in paths or [content_dir]:
        path = Path(path).resolve()
        roots.add(str(path if path.is_dir() else path.parent))
    return roots


def _on_network_drive(path: Path) -> bool:
    """True for a Windows share (UNC path or mapped network drive) or a network file system mount."""
    if sys.platform == "win32":
        text = str(path.resolve())
        if text.startswith("\\\\"):
            return True
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # type: ignore[attr-defined]  # DRIVE_REMOTE
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            table = [line.split()[1:3] for line in mounts if len(line.split()) > 2]
    except OSError:
        return False  # macOS and others: --poll when notices do not arrive
    resolved = str(path.resolve())
    best = max(
        (entry for entry in table if resolved == entry[0] or resolved.startswith(entry[0].rstrip("/") + "/")),
        key=lambda entry: len(entry[0]),
        default=None,
    )
    return best is not None and best[1] in NETWORK_FS
