"""Footnotes (chú thích): markers in the text, notes under the document's `chu_thich` key, numbered
1, 2, 3 … in reading order across the document and its appendices.

An author writes `…đạt 102%[^so-lieu]` with `chu_thich: {so-lieu: "Số liệu của …"}`, or the note in
place, `…đạt 102%^[Số liệu của …]`. The model numbers every marker in the order a reader meets it
and rewrites it as `[^3]` (a new footnote) or `[^=3]` (a second reference to note 3, printed as its
number); the Word layer only writes what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gen.content import markup

MISSING = "[ĐIỀN: chú thích {key}]"


@dataclass
class Marker:
    key: str
    path: tuple  # where in the YAML the text with the marker is
    offset: int  # where in that text


@dataclass
class Notes:
    """The notes of a document and the markers met so far, in reading order."""

    texts: dict[str, str]  # key -> note text, from `chu_thich`
    paths: dict[str, tuple] = field(default_factory=dict)  # key -> where the note is written
    numbers: dict[str, int] = field(default_factory=dict)  # key -> its number
    markers: list[Marker] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # text of footnote 1, 2, …

    @classmethod
    def from_data(cls, data: dict) -> Notes:
        raw = data.get("chu_thich")
        if not isinstance(raw, dict):
            raw = {}
        texts = {str(key): str(value) for key, value in raw.items() if value is not None}
        return cls(texts, {str(key): ("chu_thich", key) for key in raw})

    def number(self, text: str, path: tuple) -> str:
        """The text with its markers numbered; records each marker where it is."""
        for key, offset in markup.notes(text):
            self.markers.append(Marker(key, path, offset))
        return markup.replace_notes(text, self._marker)

    def _marker(self, key: str) -> str:
        if key in self.numbers:
            return f"[^={self.numbers[key]}]"
        if key.startswith(markup.INLINE_NOTE):
            note = key[len(markup.INLINE_NOTE) :]
        else:
            note = self.texts.get(key, MISSING.format(key=key))
        self.footnotes.append(note)
        self.numbers[key] = len(self.footnotes)
        return f"[^{len(self.footnotes)}]"

    def missing(self) -> list[Marker]:
        """Markers whose key has no note under `chu_thich`."""
        return [m for m in self.markers if not m.key.startswith(markup.INLINE_NOTE) and m.key not in self.texts]

    def unused(self) -> list[str]:
        """Keys of notes no marker refers to."""
        used = {m.key for m in self.markers}
        return [key for key in self.texts if key not in used]
