"""Numbers used twice: a number runs per kind for the whole term of a committee (05-HD §3.1.1), so
checking one document means knowing the numbers of every other document of its folder.

`NumberIndex` reads them once (or from the build cache) and serves both the per-document rule and
the check across a batch built in worker processes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from gen.checks.registry import facts, find
from gen.content.files import discover, real_path
from gen.content.kinds import KINDS
from gen.content.loader import Source, display_path, load
from gen.content.schema import parse_date
from gen.exceptions import Finding


@dataclass(frozen=True)
class Numbered:
    file: str
    line: int
    key: tuple  # (organisation, kind code, start of the committee's term)
    number: int

    def as_list(self) -> list:
        """For the JSON cache."""
        return [self.file, self.line, self.key[0], self.key[1], self.key[2].isoformat(), self.number]

    @classmethod
    def from_list(cls, values: list) -> Numbered:
        file, line, org, code, term, number = values
        return cls(file, line, (org, code, dt.date.fromisoformat(term)), number)


class NumberIndex:
    """The numbers already given in the content folder, per organisation, kind and term."""

    def __init__(self, root: Path, cache=None):
        self.root = root
        self.cache = cache  # gen.workflow.cache.BuildCache: entries of files unchanged since the last run
        # Entries already read (by the build that just ran, by absolute path), so each file is read once.
        self.known: dict[str, Numbered | None] = {}
        self._entries: list[Numbered] | None = None

    def entries(self) -> list[Numbered]:
        if self._entries is None:
            self._entries = []
            for path in discover([self.root], self.root):
                key = os.path.abspath(path)
                entry = self.known[key] if key in self.known else self._read(path)
                if entry is not None:
                    self._entries.append(entry)
        return self._entries

    def _read(self, path: Path) -> Numbered | None:
        if self.cache is not None:
            try:
                stored = self.cache.number(path)
                return Numbered.from_list(stored) if stored else None
            except (KeyError, TypeError, ValueError):
                pass  # not recorded, or the record damaged (the manifest edited by hand): read the file
        source = load(path)
        entry = numbered(source) if isinstance(source.data, dict) else None
        if self.cache is not None:
            self.cache.remember_number(path, entry and entry.as_list())
        return entry

    def others(self, mine: Numbered) -> list[Numbered]:
        """Other documents with the same number, kind, committee and term."""
        same = [e for e in self.entries() if e.key == mine.key and e.number == mine.number]
        if not same:
            return []  # the usual case, known without asking the file system where the file is
        here = real_path(mine.file)
        return [e for e in same if real_path(e.file) != here]


def number_findings(entries: dict[Path, Numbered | None], index: NumberIndex) -> dict[Path, list[Finding]]:
    """number.duplicate for documents built in a batch (in worker processes that did not each read the folder)."""
    rule = find("number.duplicate")
    assert rule is not None  # rules.yaml has it
    result: dict[Path, list[Finding]] = {}
    for path, mine in entries.items():
        if mine is None:
            continue
        for other in index.others(mine):
            result.setdefault(path, []).append(
                rule.finding(
                    display_path(Path(mine.file)),
                    mine.line,
                    1,
                    number=mine.number,
                    kind=mine.key[1],
                    other=f"{display_path(Path(other.file))}:{other.line}",
                )
            )
    return result


def numbered(source: Source) -> Numbered | None:
    """The document's number with what it must be unique within, or None if it has none yet."""
    data = source.data
    number, kind = data.get("so"), KINDS.get(data.get("loai"))
    date = parse_date(data.get("ngay"))
    if not isinstance(number, int) or isinstance(number, bool) or kind is None or date is None:
        return None
    day = date.first_day
    line = source.where(("so",))[0]
    return Numbered(str(source.path), line, (org_identity(source), kind.code, term_start(day)), number)


def org_identity(source: Source) -> str | None:
    """Which committee issues: its organisation file (resolved), or the name written inline. A chi
    bộ, an Ủy ban Kiểm tra or a Văn phòng that writes its own header over its đảng ủy's file numbers
    its documents on its own (its ký hiệu: CB, UBKTĐU, VPĐU), apart from the đảng ủy's."""
    value = source.data.get("co_quan")
    own = ""
    org = value
    if isinstance(value, dict):
        org = value.get("tep") or value.get("ten")
        if value.get("tep") and (value.get("ky_hieu") or value.get("ten")) and _own_header(source, value):
            own = f"#{_identity_text(value.get('ky_hieu'))}#{_identity_text(value.get('ten'))}"
    if isinstance(org, str) and org.endswith((".yaml", ".yml")):
        try:
            org = str(real_path(source.path.parent / org))
        except OSError:
            pass
    return f"{org}{own}" if isinstance(org, str) else org


def _own_header(source: Source, value: dict) -> bool:
    """Whether the mapping names another body than its file (a ký hiệu or a name of its own)."""
    try:
        base = load(real_path(source.path.parent / value["tep"])).data
    except OSError:
        return True
    base = base if isinstance(base, dict) else {}
    return any(value.get(k) and _identity_text(value[k]) != _identity_text(base.get(k)) for k in ("ky_hieu", "ten"))


def _identity_text(value) -> str:
    return " ".join(str(value or "").upper().replace("UỶ", "ỦY").split())


def term_start(day: dt.date) -> dt.date:
    starts = [s for s in facts()["nhiem_ky_co_so"]["starts"] if s <= day]
    return max(starts) if starts else dt.date.min
