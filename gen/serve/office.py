"""LibreOffice kept running for the exact view of the pages, through unoserver.

Starting LibreOffice costs about a second per conversion; a running one converts a document in a
tenth of that. unoserver's server needs LibreOffice's Python bridge (`uno`), which is not in the
Python that runs `gen` but in the interpreter LibreOffice ships with (Windows, macOS) or in the
system's (Debian's python3-uno): that interpreter runs the server, with only unoserver's own
pure-Python package on its path, and we talk to it over XML-RPC on 127.0.0.1. When no such
interpreter is found, every conversion starts LibreOffice as `gen build --pdf` does.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from gen.word.keep import for_libreoffice
from gen.workflow.pdf import LibreOfficeMissing, convert, soffice


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gen"
    base.mkdir(parents=True, exist_ok=True)
    return base


def uno_python(program: str | None) -> str | None:
    """An interpreter that can import LibreOffice's `uno` module."""
    candidates = [sys.executable]
    if program:
        folder = Path(program).resolve().parent
        candidates += [str(folder / "python.exe"), str(folder / "python"), str(folder.parent / "Resources" / "python")]
    candidates += ["/usr/bin/python3", "/usr/local/bin/python3"]
    for candidate in dict.fromkeys(candidates):
        if not Path(candidate).is_file():
            continue
        try:
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def _server_path() -> Path | None:
    """unoserver's package alone in a folder of its own, for the other interpreter's path."""
    try:
        from importlib.metadata import version

        import unoserver
    except ImportError:
        return None
    folder = _cache_dir() / f"unoserver-{version('unoserver')}"
    if not (folder / "unoserver" / "server.py").is_file():
        staging = Path(tempfile.mkdtemp(prefix="unoserver-", dir=_cache_dir()))
        shutil.copytree(
            Path(unoserver.__file__).parent, staging / "unoserver", ignore=shutil.ignore_patterns("__pycache__")
        )
        info = staging / f"unoserver-{version('unoserver')}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: unoserver\nVersion: {version('unoserver')}\n")
        try:
            staging.rename(folder)
        except OSError:  # another page started at the same moment
            shutil.rmtree(staging, ignore_errors=True)
    return folder


class Office:
    """Converts .docx bytes to PDF bytes; starts LibreOffice in the background on `start()`."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.ready = threading.Event()
        self.failed = False
        self.profile: Path | None = None
        self._lock = threading.Lock()
        self._lock_start = threading.Lock()  # stop() does not miss a server being started
        self.stopping = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._start, name="gen-office", daemon=True).start()

    def _start(self) -> None:
        program = soffice()
        python = uno_python(program) if program else None
        path = _server_path() if python else None
        if not (program and python and path):
            self.failed = True
            return
        self.port = _free_port()
        # A profile of this run's own: a LibreOffice left running by a page that was killed holds
        # the lock of a shared one, and ours would never start.
        self.profile = Path(tempfile.mkdtemp(prefix="gen-serve-office-"))
        profile = self.profile
        command = [
            python, "-m", "unoserver.server", "--interface", "127.0.0.1", "--uno-interface", "127.0.0.1",
            "--port", str(self.port), "--uno-port", str(_free_port()), "--user-installation", str(profile),
            "--executable", program,
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(path)}
        env.pop("PYTHONHOME", None)
        # A process group of its own: Ctrl+C in the console reaches only gen, which ends the server
        # and LibreOffice together (stop()).
        group: dict = {"start_new_session": True}
        if os.name == "nt":
            group = {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200)}
        with self._lock_start:
            if self.stopping.is_set():
                return
            try:
                self.process = subprocess.Popen(
                    command,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    **group,
                )
            except OSError:
                self.failed = True
                return
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and self.process.poll() is None:
            if self._answers():
                self.ready.set()
                return
            time.sleep(0.3)
        self.failed = True

    def _answers(self) -> bool:
        import xmlrpc.client

        try:
            with xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}", allow_none=True) as proxy:
                proxy.info()
            return True
        except (OSError, xmlrpc.client.Error):
            return False

    def warm(self) -> bool:
        return self.ready.is_set() and self.process is not None and self.process.poll() is None

    def to_pdf(self, docx: bytes, wait: float = 0.0) -> bytes:
        """The PDF of a .docx; LibreOfficeMissing when there is no LibreOffice at all."""
        if wait and not self.failed:
            self.ready.wait(wait)
        if self.warm():
            from unoserver.client import UnoClient

            with self._lock:
                try:
                    client = UnoClient("127.0.0.1", str(self.port), host_location="remote")
                    result = client.convert(indata=for_libreoffice(docx), convert_to="pdf")
                    if result:
                        return bytes(result)
                except Exception:  # a crashed LibreOffice: fall back to starting one for this file
                    if os.environ.get("GEN_DEBUG"):
                        raise
        return self._cold(docx)

    @staticmethod
    def _cold(docx: bytes) -> bytes:
        with tempfile.TemporaryDirectory(prefix="gen-serve-pdf-") as work:
            path = Path(work) / "van-ban.docx"
            path.write_bytes(docx)
            written, failures = convert([path], force=True)
            if not written:
                raise LibreOfficeMissing(failures[0][1] if failures else "")
            return written[0].read_bytes()

    def stop(self) -> None:
        """End the server and the LibreOffice it started. One still starting is killed at once: asked
        to end, it finishes starting first (15 s and more)."""
        self.stopping.set()
        with self._lock_start:
            process = self.process
        if process is not None and process.poll() is None:
            _end_tree(process, grace=5.0 if self.ready.is_set() else 0.0)
        if self.profile is not None:
            shutil.rmtree(self.profile, ignore_errors=True)


def _end_tree(process: subprocess.Popen, grace: float) -> None:
    """Ask the server to end (it ends its LibreOffice), and after `grace` seconds kill what is left of
    it and its children (oosplash, soffice.bin)."""
    if grace:
        process.terminate()
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            pass
    if os.name == "nt":  # /T: the children too, which TerminateProcess leaves running
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        import signal

        try:
            os.killpg(process.pid, signal.SIGKILL)  # its own process group (start_new_session)
        except (ProcessLookupError, PermissionError):
            return
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        pass
