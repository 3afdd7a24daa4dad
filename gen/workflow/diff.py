"""`gen diff`: the new version of a document, with what changed since the old one as tracked changes.

Pipeline: read each version (a file, or a file at a git revision) → validate and build its model →
render both with the template → mark the differences (gen/word/redline.py) → write atomically. The
revisions carry one author and the new document's date, so the same two inputs give the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from gen.content.loader import Source
from gen.content.model import Document, OrgCache, spell
from gen.exceptions import ERROR, GenError, finding
from gen.word.redline import LayoutMismatch, Summary, redline
from gen.word.render import render
from gen.word.writer import write_output
from gen.workflow.build import check_one
from gen.workflow.versions import Version, read

AUTHOR_VARIABLE = "GEN_AUTHOR"


def default_output(new: Version, out_dir: Path = Path("out")) -> Path:
    return out_dir / "diff" / f"{new.path.stem}.docx"


def diff(old: Version, new: Version, target: Path, author: str | None = None) -> Summary:
    """Write the redline of `old` → `new` to `target`; raise GenError when either cannot be built."""
    summary, _ = diff_sources(read(old), read(new), target, author)
    return summary


def diff_sources(
    old: Source, new: Source, target: Path, author: str | None = None
) -> tuple[Summary, tuple[Document, Document]]:
    """`diff` of two sources already read (the page compares with a copy kept before a save);
    also returns the two documents, for showing the changes."""
    orgs = OrgCache()
    documents = []
    for source in (old, new):
        document, findings = check_one(source, orgs)
        if document is None:
            raise GenError([f for f in findings if f.severity == ERROR] or findings)
        documents.append(document)
    before, after = documents
    author = (
        author or os.environ.get(AUTHOR_VARIABLE) or after.org.van_phong or spell("Văn phòng Đảng ủy", after.org.uy)
    )
    try:
        data, summary = redline(render(before), render(after), author, after.first_day)
    except LayoutMismatch:
        raise GenError([finding(new.name, "diff.layout")]) from None
    inputs = [old.path, new.path, *before.inputs, *after.inputs]
    write_output(target, data, new.name, inputs)
    return summary, (before, after)
