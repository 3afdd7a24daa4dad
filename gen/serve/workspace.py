"""The content folder the page works on: which files it may touch, what state each document is in,
and every action of the page as a call of the workflow function its command uses.

No path from the browser is trusted: it is resolved against the folder and refused when it leaves
it (a `../`, an absolute path, a link pointing out), or when it is not a content file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import shutil
import subprocess
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

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
    draft: bool = False  # no number or no day yet


@dataclass
class Checked:
    """The result of checking a text (saved or not): the findings of `gen check` and the model."""

    document: Document | None
    findings: list[Finding] = field(default_factory=list)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


P = ParamSpec("P")
R = TypeVar("R")


def serialised(method: Callable[Concatenate[Workspace, P], R]) -> Callable[Concatenate[Workspace, P], R]:
    @functools.wraps(method)
    def wrapper(self: Workspace, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.engine:
            return method(self, *args, **kwargs)

    return wrapper


class Workspace:
    def __init__(self, folder: Path):
        self.folder = Path(folder).resolve()
        # out/ beside content/, as `gen build` run from the project writes it.
        self.root = self.folder.parent if self.folder.name == "content" else self.folder
        self.out = self.root / "out"
        self._lock = threading.Lock()
        # The pipeline shares objects between calls (one Cerberus validator per schema, a compiled
        # template): one request at a time goes through it. The GIL would serialise it anyway.
        self.engine = threading.RLock()
        self._numbers: NumberIndex | None = None
        self._numbers_stamp: tuple = ()
        self._entries: dict[str, tuple[tuple, dict]] = {}  # path -> (stat, record): the list reads changed files only
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
        try:  # found by discover() under the resolved folder: no need to ask the file system
            return Path(path).relative_to(self.folder).as_posix()
        except ValueError:
            return Path(path).resolve().relative_to(self.folder).as_posix()

    def documents(self) -> list[Path]:
        return discover([self.folder], self.folder)

    def output(self, path: Path) -> Path:
        """Where `gen build` writes the document: out/<same relative path>.docx."""
        return self.out / Path(self.relative(path)).with_suffix(".docx")

    # -- checking ------------------------------------------------------------------------------
    def numbers(self) -> NumberIndex:
        """The number index of the folder, read again only when a file was added, removed or saved."""
        from gen.workflow.build import number_index
        from gen.workflow.cache import BuildCache

        stamp = tuple(_stat(p) for p in self.documents())
        with self._lock:
            if self._numbers is None or stamp != self._numbers_stamp:
                cache = BuildCache(self.out)  # what gen build already read from each file
                self._numbers = number_index(self.folder, cache)
                self._numbers.entries()
                cache.save()
                self._numbers_stamp = stamp
            return self._numbers

    def orgs(self) -> OrgCache:
        """Organisation files, read again when one changes (they are small and few)."""
        from gen.content.model import OrgCache

        org_folder_stamp = tuple(_stat(p) for p in sorted(self.folder.rglob(f"{ORG_FOLDER}/*.yaml")))
        if self._orgs is None or self._orgs[0] != org_folder_stamp:
            self._orgs = (org_folder_stamp, OrgCache())
        return self._orgs[1]

    @serialised
    def check_text(self, path: Path, text: str) -> Checked:
        """`gen check` on a text not yet saved: the same loader, validation, model and rules, with
        the file's own place (so its organisation file is found) and the folder's numbers."""
        from gen.content.loader import Source, parse
        from gen.workflow.build import check_one

        source = parse(text.encode("utf-8"), Source(path))
        document, findings = check_one(source, self.orgs(), self.numbers())
        return Checked(document, findings)

    @serialised
    def check_file(self, path: Path) -> Checked:
        from gen.workflow.build import check_one

        document, findings = check_one(path, self.orgs(), self.numbers())
        return Checked(document, findings)

    # -- the list ------------------------------------------------------------------------------
    @serialised
    def entries(self) -> list[Entry]:
        """Every document with its state. A document's own findings are kept (in memory and in
        out/.gen-serve/danh-sach.json) until the file, an organisation file or the tool changes;
        numbers used twice are found across the folder each time, from the number index."""
        import json

        from gen.checks.numbers import numbered
        from gen.checks.registry import find
        from gen.workflow.cache import BuildCache, tool_fingerprint

        cache = BuildCache(self.out)
        store = self.out / ".gen-serve" / "danh-sach.json"
        context = f"{tool_fingerprint()} {self._org_stamp()}"
        if not self._entries:
            try:
                saved = json.loads(store.read_text(encoding="utf-8"))
                if saved.get("context") == context:
                    self._entries = {k: (tuple(v["stat"]), v) for k, v in saved["entries"].items()}
            except (OSError, ValueError, AttributeError, KeyError, TypeError):
                pass
        changed = False
        index = self.numbers()
        given = Counter((e.key, e.number) for e in index.entries())
        rule = find("number.duplicate")
        duplicate = rule.severity if rule is not None else ERROR
        result = []
        fresh: dict = {}
        for path in self.documents():
            relative = self.relative(path)
            stamp = tuple(_stat(path) or ())
            known = self._entries.get(relative)
            if known is None or known[0] != stamp or known[1].get("context") != context:
                known = (stamp, self._entry(path, relative, numbered) | {"stat": list(stamp), "context": context})
                changed = True
            fresh[relative] = known
            record = known[1]
            entry = Entry(**record["entry"])
            mine = record.get("numbered")
            if mine:
                from gen.checks.numbers import Numbered

                number = Numbered.from_list(mine)
                twice = given[(number.key, number.number)] - 1
                if twice > 0:
                    entry.errors += twice if duplicate == ERROR else 0
                    entry.warnings += twice if duplicate == WARNING else 0
                    entry.state = _state(entry)
            entry.built = cache.fresh(path, self.output(path))
            result.append(entry)
        changed |= set(fresh) != set(self._entries)
        self._entries = fresh
        if changed:
            from gen.word.writer import write_atomic

            data = {"context": context, "entries": {k: v[1] for k, v in fresh.items()}}
            try:
                write_atomic(store, json.dumps(data, ensure_ascii=False).encode("utf-8"))
            except OSError:
                pass  # a read-only folder: the list is still right, only slower next time
        return sorted(result, key=lambda e: (e.organisation, e.kind, e.path))

    def _org_stamp(self) -> str:
        return repr([(str(p), _stat(p)) for p in sorted(self.folder.rglob(f"{ORG_FOLDER}/*.yaml"))])

    def _entry(self, path: Path, relative: str, numbered) -> dict:
        """The record of a document in the list: what gen check finds in it alone, and its number."""
        from gen.workflow.build import check_one

        document, findings = check_one(path, self.orgs(), None)
        errors = sum(f.severity == ERROR for f in findings)
        warnings = sum(f.severity == WARNING for f in findings)
        if document is None:
            entry = Entry(relative, "", "", "", "", None, "", STATE_ERRORS, errors, warnings)
            return {"entry": entry.__dict__, "numbered": None}
        entry = Entry(
            relative,
            " ".join(document.org.ten.split()),
            document.kind.name.capitalize(),
            document.kind.code,
            document.period.name() if document.period else "",
            document.number,
            document.date.short(),
            "",
            errors,
            warnings,
            draft=document.number is None or not document.date.is_full,
        )
        entry.state = _state(entry)
        mine = numbered(document.source)
        return {"entry": entry.__dict__, "numbered": mine.as_list() if mine else None}

    def next_numbers(self, entries: list[Entry], today: dt.date | None = None) -> list[tuple[str, str, int]]:
        """(organisation, kind code, next free number) for the committees' current terms: one more
        than the highest number given in the folder, as `gen new` counts."""
        from gen.checks.numbers import term_start

        term = term_start(today or dt.date.today())
        names = {os.path.abspath(self.folder / e.path): e.organisation for e in entries if e.kind_code}
        highest: dict[tuple[str, str], int] = {(e.organisation, e.kind_code): 0 for e in entries if e.kind_code}
        for numbered in self.numbers().entries():
            org_key, code, start = numbered.key
            if start != term:
                continue
            name = names.get(os.path.abspath(numbered.file), str(org_key))
            highest[(name, code)] = max(highest.get((name, code), 0), numbered.number)
        return sorted((name, code, n + 1) for (name, code), n in highest.items())

    # -- saving --------------------------------------------------------------------------------
    def read(self, path: Path) -> tuple[str, str]:
        """(text, version) of a file; the version is what a save must start from."""
        data = path.read_bytes()
        return data.decode("utf-8-sig", errors="replace"), digest(data)

    def save(self, path: Path, text: str, base: str | None) -> str:
        """Write `text` over `path` atomically, unless the file changed on disk since `base` was
        read: then Conflict. Returns the new version."""
        from gen.word.writer import write_output

        data = text.encode("utf-8")
        with self._lock:
            if path.exists():
                current = path.read_bytes()
                if base is not None and digest(current) != base and current != data:
                    raise Conflict(current.decode("utf-8-sig", errors="replace"), digest(current))
                if current == data:
                    return digest(data)
                self._keep_previous(path, current)
            # A folder that cannot be written, a file Word holds open: a finding, not a crash.
            write_output(path, data, self.relative(path))
        return digest(data)

    def _keep_previous(self, path: Path, data: bytes) -> None:
        """The version before a save, for "So sánh" in a folder that is not a git repository."""
        from gen.word.writer import write_output

        write_output(self.previous_copy(path), data, self.relative(path))

    def previous_copy(self, path: Path) -> Path:
        return self.out / ".gen-serve" / "truoc" / Path(self.relative(path))

    # -- the actions, each the workflow function of its command ----------------------------------
    @serialised
    def build(self, path: Path) -> Path:
        """`gen build FILE`; the .docx path, or GenError with the findings that stopped it."""
        from gen.workflow.build import build_all

        (result,) = build_all([path], self.out, self.folder)
        if not result.ok or result.output is None:
            raise GenError([f for f in result.findings if f.severity == ERROR] or result.findings)
        return result.output

    @serialised
    def new(self, path: Path) -> Path:
        """`gen new --from FILE`."""
        from gen.workflow.new import write_next

        target, _ = write_next(path, None, self.folder)
        return target

    @serialised
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

    @serialised
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


def _state(entry: Entry) -> str:
    if entry.errors or not entry.kind:
        return STATE_ERRORS
    if entry.draft:
        return STATE_DRAFT
    return STATE_WARNINGS if entry.warnings else STATE_CLEAN


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
