"""Content rules of a document's structure beyond its text: footnotes (a marker without its note, a
note no marker refers to), tables (ragged rows, a merge past the edge, a word among figures, widths
that do not match the columns) and appendices (one the body never mentions, a mention of one that
does not exist, 05-HD §II.1).

The model has already met each of these while building (it must build something all the same);
here they become findings of the rules in force, located in the YAML — or in the CSV file a table
was read from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from gen.checks.registry import Rule, check
from gen.content import appendices, markup
from gen.content.loader import display_path
from gen.content.tables import Table
from gen.exceptions import Finding


class Context(Protocol):
    document: Any

    def at(self, rule: Rule, path: tuple, snippet: str = "", **params) -> Finding: ...


def _tables(document) -> Iterator[Table]:
    for item in document.paragraphs:
        if isinstance(item, Table):
            yield item
    for appendix in document.appendices:
        for item in appendix.paragraphs:
            if isinstance(item, Table):
                yield item


def _at(context: Context, rule: Rule, table: Table, where: tuple, snippet: str = "", **params) -> Finding:
    if where and where[0] == "csv" and table.csv_file is not None:
        return rule.finding(display_path(table.csv_file), where[1], where[2], **params)
    return context.at(rule, where, snippet, **params)


@check("footnote.no_note")
def footnote_without_note(rule: Rule, context: Context) -> Iterator[Finding]:
    notes = context.document.notes
    for marker in notes.missing() if notes is not None else []:
        yield context.at(rule, marker.path, f"[^{marker.key}]", key=marker.key)


@check("footnote.unused")
def footnote_unused(rule: Rule, context: Context) -> Iterator[Finding]:
    notes = context.document.notes
    for key in notes.unused() if notes is not None else []:
        yield context.at(rule, notes.paths.get(key, ("chu_thich",)), key=key)


def _problems(rule: Rule, context: Context) -> Iterator[Finding]:
    for table in _tables(context.document):
        for problem in table.problems:
            if problem.rule == rule.id:
                yield _at(context, rule, table, problem.where, **problem.params)


for _rule_id in ("table.ragged", "table.span_past_edge", "table.not_number", "table.widths"):
    check(_rule_id)(_problems)


def _body_texts(document) -> list[tuple[tuple, str]]:
    """(path, text) of everything written before the appendices: the trích yếu, the body, its tables."""
    found = [(("trich_yeu", "ve"), document.ve)]
    for item in document.paragraphs:
        if isinstance(item, Table):
            found += [(cell.where, cell.text) for cell in item.texts()]
        else:
            found.append((item.path, item.text))
    return [(path, markup.plain(text)) for path, text in found]


@check("appendix.unmentioned")
def appendix_unmentioned(rule: Rule, context: Context) -> Iterator[Finding]:
    document = context.document
    count = len(document.appendices)
    if not count:
        return
    seen, _ = appendices.mentioned([text for _, text in _body_texts(document)], count)
    for index, appendix in enumerate(document.appendices, 1):
        if index not in seen:
            yield context.at(rule, appendix.path + ("tieu_de",), heading=appendix.heading)


@check("appendix.missing")
def appendix_missing(rule: Rule, context: Context) -> Iterator[Finding]:
    document = context.document
    texts = _body_texts(document)
    _, wrong = appendices.mentioned([text for _, text in texts], len(document.appendices))
    for index, number in wrong:
        path, text = texts[index]
        match = next(m for m in appendices.MENTION.finditer(text) if appendices.mention_number(m) == number)
        yield context.at(rule, path, match.group(), text=match.group(), count=len(document.appendices))
