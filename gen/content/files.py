"""Which files of a content folder are documents."""

from __future__ import annotations

import os
from pathlib import Path

# Organisation files live in folders of this name and are not documents.
ORG_FOLDER = "co-quan"


def real_path(path: Path | str) -> Path:
    """The absolute path with symbolic links followed. Unlike Path.resolve() in Python 3.11, a
    symlink loop gives a path (that then fails to open, a finding for that file) instead of an error."""
    return Path(os.path.realpath(path))


def discover(paths: list[Path], content_dir: Path) -> list[Path]:
    """The document files named by `paths` (files or folders), or all of content/ when none."""
    found: list[Path] = []
    for path in paths or [content_dir]:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.yaml") if ORG_FOLDER not in p.relative_to(path).parts[:-1])
        else:
            found.append(path)
    return list(dict.fromkeys(found))  # in order, each once
