"""Everything that can go wrong for a user is a Finding; code raises GenError carrying them."""

from __future__ import annotations

from dataclasses import dataclass

from gen.messages import N_, t

ERROR = "error"
WARNING = "warning"
INFO = "info"

# The severity as an office worker reads it ("lỗi", "cảnh báo", "lưu ý"); JSON keeps the English key.
SEVERITY_WORDS = {ERROR: N_("severity.error"), WARNING: N_("severity.warning"), INFO: N_("severity.info")}


def severity_word(severity: str) -> str:
    return t(SEVERITY_WORDS[severity]) if severity in SEVERITY_WORDS else severity


@dataclass(frozen=True, order=True)
class Finding:
    """One located problem. `message` is already in the user's language."""

    file: str
    line: int
    column: int
    rule: str
    severity: str = ERROR
    message: str = ""
    # In a Word file there are no lines: the paragraph's first words say where.
    where: str = ""

    def format(self) -> str:
        place = f"{self.file}: «{self.where}»" if self.where else f"{self.file}:{self.line}:{self.column}"
        return f"{place}: {severity_word(self.severity)}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            **({"paragraph": self.where} if self.where else {}),
        }


class GenError(Exception):
    """Raised by any stage that cannot go on; carries the findings that explain why."""

    def __init__(self, findings: list[Finding]):
        self.findings = list(findings)
        super().__init__("\n".join(f.format() for f in self.findings))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def finding(
    file: str, rule: str, /, line: int = 1, column: int = 1, severity: str = ERROR, where: str = "", **params
) -> Finding:
    """A finding whose id is also its message id, written once: `finding(name, "input.missing", path=name)`
    (the id second, as in Source.finding, so that message extraction finds it)."""
    return Finding(file, line, column, rule, severity, t(rule, **params), where)


class WordFileError(Exception):
    """A Word file that cannot be read (damaged, password-protected, too large, not a Word file):
    `rule` is the message id, `params` fill its text."""

    def __init__(self, rule: str, **params):
        self.rule, self.params = rule, params
        super().__init__(f"{rule} {params}")

    def finding(self, file: str) -> Finding:
        return Finding(file, 1, 1, self.rule, ERROR, t(self.rule, **self.params))
