"""Mark what changed between two renderings of a document as Word tracked changes (w:ins, w:del).

Both renderings come from our own template, so their paragraphs live in the same containers (the
body and the cells of the header and signature tables) with the same styles. Within each container
paragraphs are aligned first (difflib on style and text); a changed paragraph is diffed word by
word, a paragraph with no counterpart is inserted or deleted whole, its paragraph mark included, so
that "accept all" in Word gives exactly the new document and "reject all" exactly the old one.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from lxml import etree

from gen.messages import N_
from gen.word.ooxml import W, deflate, write_zip

MAIN = "word/document.xml"
SETTINGS = "word/settings.xml"
FOOTNOTES = "word/footnotes.xml"
_TOKEN = re.compile(r"\s+|\S+")
# Aligning paragraph pairs costs len(old) × len(new) comparisons; past this, a block is simply
# deleted and inserted whole.
_MAX_PAIRING = 2500
_SIMILAR = 0.5  # at least half the words in common: one paragraph edited rather than two different ones

# Which part of the document a paragraph style belongs to, for the summary.
SECTIONS = {
    "CapTren": N_("diff.section.org"),
    "CoQuan": N_("diff.section.org"),
    "SoKyHieu": N_("diff.section.number"),
    "DiaDanhNgay": N_("diff.section.date"),
    "TenLoai": N_("diff.section.title"),
    "TacGia": N_("diff.section.title"),
    "TrichYeu": N_("diff.section.title"),
    "NoiNhanNhan": N_("diff.section.recipients"),
    "NoiNhan": N_("diff.section.recipients"),
    "QuyenHan": N_("diff.section.signature"),
    "ChucVu": N_("diff.section.signature"),
    "HoTen": N_("diff.section.signature"),
}
HEADING = "DeMuc1"


class LayoutMismatch(Exception):
    """The two renderings do not share a template layout (different tables), so cannot be aligned."""


@dataclass(frozen=True)
class Token:
    kind: str  # "t" text, "br" line break, "tab"
    text: str
    rpr: bytes  # serialised run properties: bold/italic changed is a change

    @property
    def is_word(self) -> bool:
        return self.kind == "t" and not self.text.isspace()


@dataclass
class Section:
    """What changed in one part of the document. `name` is a message id or a heading's text."""

    name: str
    changed: int = 0
    inserted: int = 0
    deleted: int = 0

    def add(self, action: str) -> None:
        field_name = {"insert": "inserted", "delete": "deleted", "change": "changed"}[action]
        setattr(self, field_name, getattr(self, field_name) + 1)


@dataclass
class Summary:
    sections: list[Section] = field(default_factory=list)
    words_inserted: int = 0
    words_deleted: int = 0

    @property
    def empty(self) -> bool:
        return not self.sections

    def section(self, name: str) -> Section:
        for section in self.sections:
            if section.name == name:
                return section
        self.sections.append(Section(name))
        return self.sections[-1]


class _Marker:
    """Makes w:ins/w:del elements with unique ids, one author and one date."""

    def __init__(self, author: str, date: dt.date):
        self.author, self.date, self.next_id = author, f"{date.isoformat()}T00:00:00Z", 1

    def make(self, tag: str):
        element = etree.Element(f"{W}{tag}")
        element.set(f"{W}id", str(self.next_id))
        element.set(f"{W}author", self.author)
        element.set(f"{W}date", self.date)
        self.next_id += 1
        return element


def redline(old_docx: bytes, new_docx: bytes, author: str, date: dt.date) -> tuple[bytes, Summary]:
    """The new .docx with every difference from the old one as a tracked change, and a summary."""
    old_parts = _read(old_docx)
    new_parts = _read(new_docx)
    old_body = etree.fromstring(old_parts[MAIN]).find(f"{W}body")
    new_root = etree.fromstring(new_parts[MAIN])
    new_body = new_root.find(f"{W}body")
    marker = _Marker(author, date)
    changes: dict = {}
    for old, new in _pairs(old_body, new_body, marker, changes):
        _mark_container(old, new, marker, changes)
    summary = _summarise(new_body, changes)
    if FOOTNOTES in old_parts and FOOTNOTES in new_parts:
        new_parts[FOOTNOTES] = _mark_footnotes(old_parts[FOOTNOTES], new_parts[FOOTNOTES], marker, summary)
    new_parts[MAIN] = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if SETTINGS in new_parts:
        new_parts[SETTINGS] = _track_revisions(new_parts[SETTINGS])
    return write_zip([(name, deflate(data)) for name, data in new_parts.items()]), summary


def _mark_footnotes(old_xml: bytes, new_xml: bytes, marker: _Marker, summary: Summary) -> bytes:
    """The changed text of each footnote, paired by number, as tracked changes in footnotes.xml."""
    old_notes = {n.get(f"{W}id"): n for n in etree.fromstring(old_xml).findall(f"{W}footnote")}
    new_root = etree.fromstring(new_xml)
    changes: dict = {}
    for note in new_root.findall(f"{W}footnote"):
        old = old_notes.get(note.get(f"{W}id"))
        if old is not None and note.get(f"{W}type") is None:
            _mark_container(old, note, marker, changes)
    for action, inserted, deleted in changes.values():
        summary.section(N_("diff.section.footnotes")).add(action)
        summary.words_inserted += inserted
        summary.words_deleted += deleted
    return etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info.filename) for info in package.infolist()}


def _cells(row) -> list:
    return row.findall(f"{W}tc")


def _row_key(row) -> str:
    """A row's text, without its TT number (which shifts when a row above is added or removed)."""
    cells = [" ".join(text(p) for p in cell.iter(f"{W}p")).strip() for cell in _cells(row)]
    if cells and cells[0].isdecimal():
        cells = cells[1:]
    return "\t".join(cells)


def _pairs(old_body, new_body, marker: _Marker, changes: dict) -> list[tuple[Any, Any]]:
    """The containers to compare, old with new: the body, then the cells of each table. A table of
    figures whose rows were added or removed is aligned row by row; a new row is marked inserted and
    an old one put back as deleted (w:trPr/w:ins, w:del), so accepting or rejecting gives each table."""
    old_tables, new_tables = list(old_body.iter(f"{W}tbl")), list(new_body.iter(f"{W}tbl"))
    if len(old_tables) != len(new_tables):
        raise LayoutMismatch
    pairs: list[tuple[Any, Any]] = [(old_body, new_body)]
    for old_table, new_table in zip(old_tables, new_tables):
        old_rows, new_rows = old_table.findall(f"{W}tr"), new_table.findall(f"{W}tr")
        if [len(_cells(r)) for r in old_rows] == [len(_cells(r)) for r in new_rows]:
            pairs += [pair for o, n in zip(old_rows, new_rows) for pair in zip(_cells(o), _cells(n))]
            continue
        matcher = SequenceMatcher(
            None, [_row_key(r) for r in old_rows], [_row_key(r) for r in new_rows], autojunk=False
        )
        for _op, i1, i2, j1, j2 in matcher.get_opcodes():
            olds, news = list(old_rows[i1:i2]), list(new_rows[j1:j2])
            while olds and news and len(_cells(olds[0])) == len(_cells(news[0])):
                pairs += list(zip(_cells(olds.pop(0)), _cells(news.pop(0))))
            for row in news:
                _row_revision(row, "ins", marker, changes)
            anchor = news[0] if news else new_rows[j2] if j2 < len(new_rows) else None
            for row in olds:
                copy = etree.fromstring(etree.tostring(row))
                _row_revision(copy, "del", marker, changes)
                if anchor is not None:
                    anchor.addprevious(copy)
                else:
                    new_table.append(copy)
    return pairs


def _row_revision(row, kind: str, marker: _Marker, changes: dict) -> None:
    """A whole row inserted or deleted: the row's own mark and each of its paragraphs."""
    props = row.find(f"{W}trPr")
    if props is None:
        props = etree.Element(f"{W}trPr")
        tblpr = row.find(f"{W}tblPrEx")
        if tblpr is not None:
            tblpr.addnext(props)
        else:
            row.insert(0, props)
    props.append(marker.make(kind))
    for paragraph in row.iter(f"{W}p"):
        words = sum(token.is_word for token in tokens(paragraph))
        _mark_paragraph_end(paragraph, marker.make(kind))
        _replace_runs(paragraph, [("+" if kind == "ins" else "-", token) for token in tokens(paragraph)], marker)
        changes[paragraph] = ("insert", words, 0) if kind == "ins" else ("delete", 0, words)


def _paragraphs(container) -> list:
    return container.findall(f"{W}p")


def _style(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else ""


def tokens(paragraph) -> tuple[Token, ...]:
    out = []
    for run in paragraph.iter(f"{W}r"):
        props = run.find(f"{W}rPr")
        rpr = etree.tostring(props) if props is not None else b""
        for child in run:
            name = etree.QName(child).localname
            if name in ("t", "delText"):
                out += [Token("t", match.group(), rpr) for match in _TOKEN.finditer(child.text or "")]
            elif name in ("br", "cr"):
                out.append(Token("br", "\n", rpr))
            elif name == "tab":
                out.append(Token("tab", "\t", rpr))
            elif name == "footnoteReference":  # the mark of footnote n, kept whatever else changes
                out.append(Token(f"footnoteReference:{child.get(f'{W}id')}", "", rpr))
            elif name == "footnoteRef":
                out.append(Token("footnoteRef", "", rpr))
    return tuple(out)


def text(paragraph) -> str:
    return "".join(token.text for token in tokens(paragraph))


@dataclass
class _Item:
    action: str  # "insert", "delete", "change"; "anchor": where the next deletions go after
    old: Any = None  # lxml paragraph elements
    new: Any = None


def _mark_container(old_container, new_container, marker: _Marker, changes: dict) -> None:
    """Mark the container's differences in the new tree; record each marked paragraph in `changes`
    (paragraph → (action, words inserted, words deleted)) for the summary."""
    old_ps, new_ps = _paragraphs(old_container), _paragraphs(new_container)
    old_keys = [(_style(p), tokens(p)) for p in old_ps]
    new_keys = [(_style(p), tokens(p)) for p in new_ps]
    items: list[_Item] = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        items.append(_Item("anchor", new=new_ps[j1 - 1] if j1 else None))
        items += _pair(list(zip(old_ps[i1:i2], old_keys[i1:i2])), list(zip(new_ps[j1:j2], new_keys[j1:j2])))
    last: etree._Element | None = None
    for item in items:
        if item.action == "anchor":
            last = item.new
        elif item.action == "delete":
            copy = _deleted_paragraph(item.old, marker)
            if last is not None:
                last.addnext(copy)
            elif new_ps:
                new_ps[0].addprevious(copy)
            else:
                _append(new_container, copy)
            last = copy
            changes[copy] = ("delete", 0, sum(token.is_word for token in tokens(item.old)))
        elif item.action == "insert":
            last = item.new
            _inserted_paragraph(item.new, marker)
            changes[item.new] = ("insert", sum(token.is_word for token in tokens(item.new)), 0)
        else:
            last = item.new
            changes[item.new] = ("change", *_changed_paragraph(item.old, item.new, marker))


def _summarise(body, changes: dict) -> Summary:
    """Changes counted by the part of the document they are in, in reading order."""
    summary, heading = Summary(), None
    for paragraph in body.iter(f"{W}p"):
        style = _style(paragraph)
        if style == HEADING:
            heading = text(paragraph).strip()
        if paragraph in changes:
            action, inserted, deleted = changes[paragraph]
            summary.section(SECTIONS.get(style) or heading or N_("diff.section.opening")).add(action)
            summary.words_inserted += inserted
            summary.words_deleted += deleted
    return summary


def _pair(olds: list, news: list) -> list[_Item]:
    """Within a block that differs, pair each old paragraph with its most similar new one (in
    order); what stays unpaired was deleted or inserted."""
    if len(olds) == len(news) == 1 and olds[0][1][0] == news[0][1][0]:
        return [_Item("change", olds[0][0], news[0][0])]  # one line for one line in the same place: an edit
    if not olds or not news or len(olds) * len(news) > _MAX_PAIRING:
        return [_Item("delete", old=p) for p, _ in olds] + [_Item("insert", new=p) for p, _ in news]
    best, best_i, best_j = _SIMILAR, -1, -1
    words = [[t.text for t in key[1] if t.is_word] for _, key in news]
    for i, (_, (_, old_tokens)) in enumerate(olds):
        old_words = [t.text for t in old_tokens if t.is_word]
        for j, new_words in enumerate(words):
            matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                ratio = matcher.ratio()
                if ratio > best:
                    best, best_i, best_j = ratio, i, j
    if best_i < 0:
        if olds[0][1][0] == news[0][1][0]:
            # Nothing alike, but the same kind of line in the same place (a new signer's name, a
            # rewritten paragraph): an edit, so the table cells keep their shape.
            return [_Item("change", olds[0][0], news[0][0])] + _pair(olds[1:], news[1:])
        return [_Item("delete", old=p) for p, _ in olds] + [_Item("insert", new=p) for p, _ in news]
    return (
        _pair(olds[:best_i], news[:best_j])
        + [_Item("change", olds[best_i][0], news[best_j][0])]
        + _pair(olds[best_i + 1 :], news[best_j + 1 :])
    )


def _append(container, paragraph) -> None:
    last = container[-1] if len(container) else None
    if last is not None and etree.QName(last).localname == "sectPr":
        last.addprevious(paragraph)
    else:
        container.append(paragraph)


def _mark_paragraph_end(paragraph, revision) -> None:
    """Mark the paragraph mark itself as inserted or deleted (w:pPr/w:rPr/w:ins|w:del), so accepting
    or rejecting removes the paragraph, not only its words."""
    ppr = paragraph.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        paragraph.insert(0, ppr)
    rpr = ppr.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.Element(f"{W}rPr")
        anchor = next((c for c in ppr if etree.QName(c).localname in ("sectPr", "pPrChange")), None)
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, revision)


def _inserted_paragraph(paragraph, marker: _Marker) -> None:
    _mark_paragraph_end(paragraph, marker.make("ins"))
    _replace_runs(paragraph, [("+", token) for token in tokens(paragraph)], marker)


def _deleted_paragraph(paragraph, marker: _Marker):
    copy = etree.fromstring(etree.tostring(paragraph))
    _mark_paragraph_end(copy, marker.make("del"))
    _replace_runs(copy, [("-", token) for token in tokens(paragraph)], marker)
    return copy


def _changed_paragraph(old, new, marker: _Marker) -> tuple[int, int]:
    """Word-level changes inside one paragraph; returns (words inserted, words deleted)."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    segments = _word_diff(old_tokens, new_tokens)
    if _style(old) != _style(new):
        _record_style_change(old, new, marker)
    if any(state != "=" for state, _ in segments):
        _replace_runs(new, segments, marker)
    inserted = sum(token.is_word for state, token in segments if state == "+")
    deleted = sum(token.is_word for state, token in segments if state == "-")
    return inserted, deleted


def _word_diff(old: tuple[Token, ...], new: tuple[Token, ...]) -> list[tuple[str, Token]]:
    """("=" | "-" | "+", token) in reading order; deletions before insertions in each change."""
    blocks: list[list] = []  # [kind, old tokens, new tokens]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        blocks.append(["=" if op == "equal" else "~", list(old[i1:i2]), list(new[j1:j2])])
    # A lone space kept between two changes reads as noise ("[-a-][+x+] [-b-][+y+]"): fold it
    # into the change around it, then join neighbouring changes.
    for index in range(1, len(blocks) - 1):
        block = blocks[index]
        if (
            block[0] == "="
            and blocks[index - 1][0] == "~"
            and blocks[index + 1][0] == "~"
            and all(token.kind == "t" and token.text.isspace() for token in block[1])
        ):
            block[0] = "~"
    merged: list[list] = []
    for block in blocks:
        if merged and block[0] == "~" and merged[-1][0] == "~":
            merged[-1][1] += block[1]
            merged[-1][2] += block[2]
        else:
            merged.append(block)
    out: list[tuple[str, Token]] = []
    for kind, olds, news in merged:
        if kind == "=":
            out += [("=", token) for token in news]
        else:
            out += [("-", token) for token in olds] + [("+", token) for token in news]
    return out


def _replace_runs(paragraph, segments: list[tuple[str, Token]], marker: _Marker) -> None:
    """Rebuild the paragraph's runs from the segments, wrapping insertions and deletions."""
    for child in list(paragraph):
        if etree.QName(child).localname != "pPr":
            paragraph.remove(child)
    index = 0
    while index < len(segments):
        state = segments[index][0]
        end = index
        while end < len(segments) and segments[end][0] == state:
            end += 1
        runs = _runs([token for _, token in segments[index:end]], deleted=state == "-")
        if state == "=":
            for run in runs:
                paragraph.append(run)
        else:
            wrapper = marker.make("ins" if state == "+" else "del")
            for run in runs:
                wrapper.append(run)
            paragraph.append(wrapper)
        index = end


def _runs(chunk: list[Token], deleted: bool) -> list:
    runs, current, current_rpr = [], None, None
    for token in chunk:
        if current is None or token.rpr != current_rpr:
            current, current_rpr = etree.Element(f"{W}r"), token.rpr
            if token.rpr:
                current.append(etree.fromstring(token.rpr))
            runs.append(current)
        if token.kind == "t":
            last = current[-1] if len(current) else None
            tag = f"{W}delText" if deleted else f"{W}t"
            if last is None or last.tag != tag:
                last = etree.SubElement(current, tag)
                last.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                last.text = ""
            last.text = (last.text or "") + token.text
        elif token.kind.startswith("footnoteReference:"):
            etree.SubElement(current, f"{W}footnoteReference").set(f"{W}id", token.kind.split(":", 1)[1])
        else:
            etree.SubElement(current, f"{W}{token.kind}")
    return runs


def _record_style_change(old, new, marker: _Marker) -> None:
    """w:pPrChange: the old paragraph properties, so rejecting restores the old style (a heading
    demoted to body text shows as a formatting change, not as a silent one)."""
    ppr = new.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        new.insert(0, ppr)
    change = marker.make("pPrChange")
    old_ppr = etree.Element(f"{W}pPr")
    source = old.find(f"{W}pPr")
    if source is not None:
        for child in source:
            if etree.QName(child).localname not in ("rPr", "sectPr", "pPrChange"):
                old_ppr.append(etree.fromstring(etree.tostring(child)))
    change.append(old_ppr)
    ppr.append(change)


# CT_Settings is a sequence: w:trackRevisions comes after these and before everything else.
_BEFORE_TRACK = {
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
}


def _track_revisions(settings: bytes) -> bytes:
    """Turn on Track Changes, so the reviewers' own edits to the redline are tracked too."""
    root = etree.fromstring(settings)
    if root.find(f"{W}trackRevisions") is None:
        track = etree.Element(f"{W}trackRevisions")
        anchor = next((c for c in root if etree.QName(c).localname not in _BEFORE_TRACK), None)
        if anchor is not None:
            anchor.addprevious(track)
        else:
            root.append(track)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
