"""The content folder the page works on: which files it may touch, what state each document is in,
and every action of the page as a call of the workflow function its command uses.

No path from the browser is trusted: it is resolved against the folder and refused when it leaves
it (a `../`, an absolute path, a link pointing out), or when it is not a content file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gen.content.files import ORG_FOLDER, discover
from gen.exceptions import ERROR, WARNING, Finding, GenError
from gen.messages import t

if TYPE_CHECKING:
    from gen.checks.numbers import NumberIndex
    from gen.content.model import Document, OrgCache


class Refused(Exception):
    """A request the page must refuse; the message is for the user, already translated."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


# What a document's state is, from its findings and its number/day.
STATE_CLEAN, STATE_WARNINGS, STATE_ERRORS, STATE_DRAFT = "clean", "warnings", "errors", "draft"


@dataclass
class Entry:
    """One document in the list."""

    path: str  # relative to the folder, with '/'
    organisation: str
    kind: str
    kind_code: str
    period: str
    number: int | None
    day: str
    state: str
    errors: int = 0
    warnings: int = 0
    built: bool = False


@dataclass
class Checked:
    """The result of checking a text (saved or not): the findings of `gen check` and the model."""

    document: Document | None
    findings: list[Finding] = field(default_factory=list)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Workspace:
    def __init__(self, folder: Path):
        self.folder = Path(folder).resolve()
        # out/ beside content/, as `gen build` run from the project writes it.
        self.root = self.folder.parent if self.folder.name == "content" else self.folder
        self.out = self.root / "out"
        self._lock = threading.Lock()
        self._numbers: NumberIndex | None = None
        self._numbers_stamp: tuple = ()
        self._entries: dict[str, tuple[tuple, Entry]] = {}  # path -> (stat, entry): the list reads changed files only
        self._orgs: tuple[tuple, OrgCache] | None = None

    # -- paths ---------------------------------------------------------------------------------
    def resolve(self, relative: str, suffixes: tuple[str, ...] = (".yaml",), must_exist: bool = True) -> Path:
        """The file `relative` names inside the folder, or Refused."""
        if not isinstance(relative, str) or not relative or "\x00" in relative or len(relative) > 400:
            raise Refused(t("serve.path_refused", path=str(relative)[:80]))
        candidate = Path(relative)
        if candidate.is_absolute() or candidate.drive or ".." in candidate.parts:
            raise Refused(t("serve.path_refused", path=relative))
        try:
            resolved = (self.folder / candidate).resolve()
        except (OSError, ValueError):
            raise Refused(t("serve.path_refused", path=relative)) from None
        if not resolved.is_relative_to(self.folder) or resolved.suffix.lower() not in suffixes:
            raise Refused(t("serve.path_refused", path=relative))
        if must_exist and not resolved.is_file():
            raise Refused(t("serve.not_found", path=relative), 404)
        return resolved

    def relative(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.folder).as_posix()

    def documents(self) -> list[Path]:
        return discover([self.folder], self.folder)

    def output(self, path: Path) -> Path:
        from gen.workflow.build import output_path

        return output_path(path, self.out, self.folder)

    # -- checking ------------------------------------------------------------------------------
    def numbers(self) -> NumberIndex:
        """The number index of the folder, read again only when a file was added, removed or saved."""
        from gen.workflow.build import number_index

        stamp = tuple(_stat(p) for p in self.documents())
        with self._lock:
            if self._numbers is None or stamp != self._numbers_stamp:
                self._numbers = number_index(self.folder)
                self._numbers.entries()
                self._numbers_stamp = stamp
            return self._numbers

    def orgs(self) -> OrgCache:
        """Organisation files, read again when one changes (they are small and few)."""
        from gen.content.model import OrgCache

        org_folder_stamp = tuple(_stat(p) for p in sorted(self.folder.rglob(f"{ORG_FOLDER}/*.yaml")))
        if self._orgs is None or self._orgs[0] != org_folder_stamp:
            self._orgs = (org_folder_stamp, OrgCache())
        return self._orgs[1]

    def check_text(self, path: Path, text: str) -> Checked:
        """`gen check` on a text not yet saved: the same loader, validation, model and rules, with
        the file's own place (so its organisation file is found) and the folder's numbers."""
        from gen.content.loader import Source, parse
        from gen.workflow.build import check_one

        source = parse(text.encode("utf-8"), Source(path))
        document, findings = check_one(source, self.orgs(), self.numbers())
        return Checked(document, findings)

    def check_file(self, path: Path) -> Checked:
        from gen.workflow.build import check_one

        document, findings = check_one(path, self.orgs(), self.numbers())
        return Checked(document, findings)

    # -- the list ------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """Every document with its state; a file unchanged since the last listing is not read again."""
        from gen.workflow.cache import BuildCache

        cache = BuildCache(self.out)
        result = []
        seen = set()
        paths = self.documents()
        numbers_stamp = tuple(_stat(p) for p in paths)
        for path in paths:
            relative = self.relative(path)
            seen.add(relative)
            stamp = (_stat(path), numbers_stamp)
            known = self._entries.get(relative)
            if known is None or known[0] != stamp:
                known = (stamp, self._entry(path, relative))
                self._entries[relative] = known
            entry = known[1]
            entry.built = cache.fresh(path, self.output(path))
            result.append(entry)
        for gone in set(self._entries) - seen:
            del self._entries[gone]
        return sorted(result, key=lambda e: (e.organisation, e.kind, e.path))

    def _entry(self, path: Path, relative: str) -> Entry:
        checked = self.check_file(path)
        errors = sum(f.severity == ERROR for f in checked.findings)
        warnings = sum(f.severity == WARNING for f in checked.findings)
        document = checked.document
        if document is None:
            return Entry(relative, "", "", "", "", None, "", STATE_ERRORS, errors, warnings)
        day = document.date
        draft = document.number is None or not day.is_full
        state = STATE_ERRORS if errors else STATE_DRAFT if draft else STATE_WARNINGS if warnings else STATE_CLEAN
        return Entry(
            relative,
            " ".join(document.org.ten.split()),
            document.kind.ten_loai.capitalize(),
            document.kind.code,
            document.period.name() if document.period else "",
            document.number,
            day.short(),
            state,
            errors,
            warnings,
        )

    def next_numbers(self, today: dt.date | None = None) -> list[tuple[str, str, int]]:
        """(organisation, kind code, next free number) for the committees' current terms: one more
        than the highest number given in the folder, as `gen new` counts."""
        from gen.checks.numbers import term_start

        term = term_start(today or dt.date.today())
        names = {}
        for entry in self.entries():
            if entry.kind_code:
                names[(self.resolve(entry.path), entry.kind_code)] = entry.organisation
        highest: dict[tuple[str, str], int] = {}
        for numbered in self.numbers().entries():
            org_key, code, start = numbered.key
            if start != term:
                continue
            name = next((n for (p, c), n in names.items() if str(p) == numbered.file and c == code), str(org_key))
            highest[(name, code)] = max(highest.get((name, code), 0), numbered.number)
        for (_, code), name in names.items():
            highest.setdefault((name, code), 0)
        return sorted((name, code, n + 1) for (name, code), n in highest.items())

    # -- saving --------------------------------------------------------------------------------
    def read(self, path: Path) -> tuple[str, str]:
        """(text, version) of a file; the version is what a save must start from."""
        data = path.read_bytes()
        return data.decode("utf-8-sig", errors="replace"), digest(data)

    def save(self, path: Path, text: str, base: str | None) -> str:
        """Write `text` over `path` atomically, unless the file changed on disk since `base` was
        read: then Conflict. Returns the new version."""
        from gen.word.writer import write_atomic

        data = text.encode("utf-8")
        with self._lock:
            if path.exists():
                current = path.read_bytes()
                if base is not None and digest(current) != base and current != data:
                    raise Conflict(current.decode("utf-8-sig", errors="replace"), digest(current))
                if current == data:
                    return digest(data)
                self._keep_previous(path, current)
            write_atomic(path, data)
        return digest(data)

    def _keep_previous(self, path: Path, data: bytes) -> None:
        """The version before a save, for "So sánh" in a folder that is not a git repository."""
        from gen.word.writer import write_atomic

        write_atomic(self.previous_copy(path), data)

    def previous_copy(self, path: Path) -> Path:
        return self.out / ".gen-serve" / "truoc" / Path(self.relative(path))

    # -- the actions, each the workflow function of its command ----------------------------------
    def build(self, path: Path) -> Path:
        """`gen build FILE`; the .docx path, or GenError with the findings that stopped it."""
        from gen.workflow.build import build_all

        (result,) = build_all([path], self.out, self.folder)
        if not result.ok or result.output is None:
            raise GenError([f for f in result.findings if f.severity == ERROR] or result.findings)
        return result.output

    def new(self, path: Path) -> Path:
        """`gen new --from FILE`."""
        from gen.workflow.new import write_next

        target, _ = write_next(path, None, self.folder)
        return target

    def import_docx(self, name: str, data: bytes) -> tuple[Path, list[str]]:
        """`gen import`: the uploaded Word file, kept under out/, read into a new content file."""
        import tempfile

        from gen.workflow.importer import import_file

        stem = _safe_stem(name)
        target = self.folder / "nhap" / f"{stem}.yaml"
        counter = 2
        while target.exists():
            target = self.folder / "nhap" / f"{stem}-{counter}.yaml"
            counter += 1
        with tempfile.TemporaryDirectory(prefix="gen-import-") as work:
            upload = Path(work) / f"{stem}.docx"
            upload.write_bytes(data)
            imported = import_file(upload, target)
        notes = [t("import.check", what=t(note.message_id, **note.params)) for note in imported.notes]
        return target, notes

    def in_git(self) -> bool:
        return shutil.which("git") is not None and _git(self.folder, "rev-parse", "--is-inside-work-tree")[0] == 0

    def tracked(self, path: Path) -> bool:
        return self.in_git() and _git(path.parent, "cat-file", "-e", f"HEAD:./{path.name}")[0] == 0

    def diff(self, path: Path):
        """`gen diff FILE`: the saved file against its last commit, or, outside git, against the
        version before the last save from this page. Returns (redline path, summary, old label)."""
        from gen.content.loader import Source, parse
        from gen.workflow.diff import diff_sources
        from gen.workflow.versions import Version, previous, read

        target = self.out / "diff" / Path(self.relative(path)).with_suffix(".docx")
        if self.tracked(path):
            old = previous(path)
            before = read(old)
            label = old.label
        else:
            kept = self.previous_copy(path)
            if not kept.is_file():
                raise Refused(t("serve.no_previous"))
            label = t("serve.previous_label")
            before = parse(kept.read_bytes(), Source(path, label=label))
        after = read(Version(path))
        summary, documents = diff_sources(before, after, target)
        return target, summary, label, documents

    def commit(self, path: Path, message: str) -> str:
        """`git add FILE && git commit -m MESSAGE`: a version of the document kept in the repository."""
        if not self.in_git():
            raise Refused(t("serve.no_git"))
        message = " ".join(message.split())[:300] or t("serve.commit_default", name=path.name)
        code, out = _git(path.parent, "add", "--", path.name)
        if code == 0:
            code, out = _git(path.parent, "commit", "-m", message, "--", path.name)
        if code != 0:
            if "nothing to commit" in out or "no changes added" in out:
                raise Refused(t("serve.commit_nothing"))
            raise Refused(t("serve.commit_failed", detail=out.strip().splitlines()[-1:] or ""))
        return message


class Conflict(Exception):
    """The file changed on disk since it was opened: its text and version, to show beside ours."""

    def __init__(self, text: str, version: str):
        super().__init__("conflict")
        self.text, self.version = text, version


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _safe_stem(name: str) -> str:
    """A file name from the browser, reduced to letters, digits, '-' and '_' (Vietnamese kept)."""
    stem = Path(name.replace("\\", "/")).name
    stem = stem[: -len(".docx")] if stem.lower().endswith(".docx") else stem
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem).strip("-.")
    return cleaned[:80] or "van-ban"


def _git(folder: Path, *args: str) -> tuple[int, str]:
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 1, str(exc)
    return done.returncode, done.stdout + done.stderr
