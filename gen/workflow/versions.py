"""Read a content file as it is on disk or as it was at a git revision (`PATH@REV`).

A revision is read with `git show REV:./NAME` run in the file's own folder, so the path needs no
translating to the repository root. The Source keeps the file's real path, so the organisation
file it names is found beside it (in the working tree: the organisation file is not versioned
with the document).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gen.content.files import real_path
from gen.content.loader import MAX_BYTES, Source, display_path, load, parse
from gen.exceptions import ERROR, Finding, GenError
from gen.messages import N_, t


@dataclass(frozen=True)
class Version:
    path: Path
    rev: str | None = None  # None: the working file

    @property
    def label(self) -> str:
        return f"{display_path(self.path)}@{self.rev}" if self.rev else display_path(self.path)


def parse_spec(spec: str) -> Version:
    """'a.yaml' or 'a.yaml@HEAD~1'. A path that exists as typed wins, so a file named with '@' still works."""
    try:
        exists = Path(spec).exists()
    except OSError:  # a name too long for the file system, which is no file either
        exists = False
    if exists or "@" not in spec:
        return Version(Path(spec))
    path, _, rev = spec.rpartition("@")
    return Version(Path(path), rev or "HEAD")


def read(version: Version) -> Source:
    """The version as a loaded Source; a revision that cannot be read raises GenError saying why."""
    if version.rev is None:
        return load(version.path)
    source = Source(version.path, label=version.label)
    return parse(_git_show(version), source)


def _git(args: list[str], folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, timeout=60)


def _git_show(version: Version) -> bytes:
    """The file's bytes at the revision. The revision never reaches git's option parser: one that
    starts with "-" is refused, the others are first verified as naming a commit (after
    --end-of-options), and the blob is then named by the commit's hash."""

    def fail(rule: str, **params) -> GenError:
        return GenError([Finding(version.label, 1, 1, rule, ERROR, t(rule, **params))])

    rev = version.rev or "HEAD"
    if rev.startswith("-") or any(c in rev for c in "\0\n\r"):
        raise fail(N_("diff.bad_revision"), rev=rev)
    if shutil.which("git") is None:
        raise fail(N_("diff.no_git"))
    folder = real_path(version.path.parent)
    if not folder.is_dir():
        raise fail(N_("input.missing"), path=display_path(version.path.parent))
    try:
        verified = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], folder)
        commit = verified.stdout.decode("ascii", "replace").strip()
        if verified.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
            raise fail(N_("diff.bad_revision"), rev=rev)
        blob = f"{commit}:./{version.path.name}"
        # The size first: a file committed at a gigabyte would be read whole before parse() refused it.
        sized = _git(["cat-file", "-s", blob], folder)
        size = sized.stdout.decode("ascii", "replace").strip()
        if sized.returncode == 0 and size.isdigit() and int(size) > MAX_BYTES:
            raise fail(N_("input.too_large"), size=int(size), limit=MAX_BYTES)
        done = _git(["show", "--no-textconv", blob, "--"], folder)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise fail(N_("diff.git_failed"), rev=rev, detail=str(exc)) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise fail(N_("diff.git_failed"), rev=rev, detail=detail[-1] if detail else done.returncode)
    return done.stdout


def previous(path: Path) -> Version:
    """What `gen diff PATH` compares the working file with: its last committed version."""
    return Version(Path(path), "HEAD")
