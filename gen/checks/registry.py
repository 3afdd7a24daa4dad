"""The rules `gen check` applies, read from gen/data/rules.yaml, and the facts they use.

A rule is data: id, severity, message, the clause it comes from, its confidence and the dates it
is in force between. Its `check` names the function that applies it (gen/checks/content.py for content,
gen/checks/audit.py for Word files); a rule that is only a pattern needs no function at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from gen.exceptions import Finding
from gen.messages import language
from gen.settings import read_data


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    scope: str
    vi: str
    en: str
    clause: str
    confidence: str
    start: dt.date | None = None
    end: dt.date | None = None
    check: str | None = None
    pattern: re.Pattern | None = None
    texts: tuple[str, ...] = ()
    exceptions: frozenset[str] = frozenset()
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def in_force(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    def message(self, **params) -> str:
        text = (self.en if language() == "en" else self.vi).format(**params)
        return f"{text} — {self.clause}"

    def finding(self, file: str, line: int, column: int, where: str = "", **params) -> Finding:
        return Finding(file, line, column, self.id, self.severity, self.message(**params), where)


@cache
def rules() -> tuple[Rule, ...]:
    raw = read_data("rules.yaml")["rules"]
    return tuple(
        Rule(
            id=r["id"],
            severity=r["severity"],
            scope=r["scope"],
            vi=r["vi"],
            en=r["en"],
            clause=r["clause"],
            confidence=r["confidence"],
            start=r.get("from"),
            end=r.get("until"),
            check=r.get("check"),
            pattern=re.compile(r["pattern"], re.MULTILINE) if r.get("pattern") else None,
            texts=tuple(r.get("texts", ())),
            exceptions=frozenset(e.lower() for e in r.get("except", ())),
            params=r.get("params") or {},
        )
        for r in raw
    )


def in_force(scope: str, date: dt.date) -> list[Rule]:
    return [rule for rule in rules() if rule.scope == scope and rule.in_force(date)]


def find(rule_id: str, date: dt.date | None = None) -> Rule | None:
    """The rule with this id (if in force on `date`, when given)."""
    for rule in rules():
        if rule.id == rule_id and (date is None or rule.in_force(date)):
            return rule
    return None


def registry():
    """A table of check functions and the decorator that fills it: `@check("name")`."""
    checks: dict = {}

    def check(name: str):
        def register(function):
            checks[name] = function
            return function

        return register

    return checks, check


@cache
def facts() -> dict:
    return read_data("facts.yaml")
