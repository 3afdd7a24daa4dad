"""Incremental builds: skip a document whose inputs have not changed since its last build.

The manifest `out/.gen-cache.json` records, for each output, the files it was made from (the YAML,
the organisation file, the template) with their size, modification time and SHA-256, the tool's
fingerprint (its code and data), and the output's own size and time. A document is fresh when
all of these still hold: a changed time with unchanged content (a `git checkout`, a save without
edits) still counts as fresh. Deliberately light: a no-op build of many documents imports none of
the rendering pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from gen.word.writer import write_atomic

MANIFEST = ".gen-cache.json"
PACKAGE = Path(__file__).parents[1]


@cache
def tool_fingerprint() -> str:
    """Changes whenever the code or the rule data change, so a new version rebuilds everything."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*.py"), *(p for p in PACKAGE.glob("data/**/*") if p.is_file())]):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class BuildCache:
    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / MANIFEST
        self.changed = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data = data if isinstance(data, dict) else {}
        # What we wrote to each output (SHA-256) outlives a new version of the tool: it is how a
        # hand-edited output is told from ours.
        written = data.get("written")
        self.written: dict = written if isinstance(written, dict) else {}
        data = data if data.get("tool") == tool_fingerprint() else {}
        outputs, numbers = data.get("outputs"), data.get("numbers")
        self.entries: dict = outputs if isinstance(outputs, dict) else {}
        # What the number check read from each content file, so that it is not read again.
        self.numbers: dict = numbers if isinstance(numbers, dict) else {}

    @staticmethod
    def _key(target: Path) -> str:
        return os.path.abspath(target)  # no resolve(): a stat per file would add up over big folders

    def fresh(self, source: Path, target: Path) -> bool:
        try:
            return self._fresh(source, target)
        except (TypeError, KeyError, ValueError, AttributeError, OSError):
            return False  # a manifest damaged by hand or by a merge: build again

    def _fresh(self, source: Path, target: Path) -> bool:
        entry = self.entries.get(self._key(target))
        # A manifest written by another version of the tool was discarded on loading.
        if not entry or entry.get("source") != os.path.abspath(source):
            return False
        if list(_stat(Path(target)) or ()) != entry.get("output"):
            return False
        for record in entry.get("inputs", []):
            path = Path(record["path"])
            now = _stat(path)
            if now is None:
                return False
            if list(now) == record["stat"]:
                continue
            if _sha(path) != record["sha256"]:
                return False
            record["stat"] = list(now)  # touched, not changed
            self.changed = True
        return True

    def record(self, source: Path, target: Path, inputs: list[Path]) -> None:
        self.entries[self._key(target)] = {
            "source": os.path.abspath(source),
            "output": list(_stat(Path(target)) or ()),
            "inputs": [{"path": os.path.abspath(p), "stat": list(_stat(p) or ()), "sha256": _sha(p)} for p in inputs],
        }
        self.changed = True

    def wrote(self, target: Path, sha256: str) -> None:
        self.written[self._key(target)] = sha256
        self.changed = True

    def written_sha(self, target: Path) -> str | None:
        value = self.written.get(self._key(target))
        return value if isinstance(value, str) else None

    def number(self, path: Path):
        """The number entry recorded for `path` if the file is unchanged since, else KeyError."""
        record = self.numbers.get(os.path.abspath(path))
        if not isinstance(record, dict) or "entry" not in record or record.get("stat") != list(_stat(Path(path)) or ()):
            raise KeyError(path)
        return record["entry"]

    def remember_number(self, path: Path, entry) -> None:
        self.numbers[os.path.abspath(path)] = {"stat": list(_stat(Path(path)) or ()), "entry": entry}
        self.changed = True

    def forget(self, target: Path) -> None:
        self.changed |= self.entries.pop(self._key(target), None) is not None

    def save(self) -> None:
        if not self.changed or not self.path.parent.is_dir():
            return

        data = {
            "version": 1,
            "tool": tool_fingerprint(),
            "outputs": self.entries,
            "numbers": self.numbers,
            "written": self.written,
        }
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            write_atomic(self.path, text.encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs a rebuild next time
        self.changed = False
