"""Problems found while reading or writing, reported as data.

A Diagnostic says what is wrong (a stable kebab-case ``code`` listed in docs/errors.md, and a
message), how bad it is, and where: the source name plus a line and column for text formats,
or a JSON path (``$[3].issued``) for JSON formats.
"""

from __future__ import annotations

import enum

import attrs


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Diagnostic:
    code: str
    message: str
    severity: Severity = Severity.ERROR
    source: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    key: str | None = None  # the citation key of the record at fault, where known

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value}[{self.code}]: {self.message}"
        if self.key is not None and (self.line is not None or self.path is not None):
            text += f" (entry {self.key!r})"  # where the location is not the key already
        return text

    @property
    def location(self) -> str:
        """``FILE:LINE:COL``, ``FILE:LINE``, ``FILE $[3].issued``, or for what a writer reports,
        ``<output> [key]``."""
        where = self.source or "<output>"
        if self.path is not None:
            return f"{where} {self.path}"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        elif self.key is not None:
            where += f" [{self.key}]"  # a writer's report, or a reader's without a line
        return where


def error(code: str, message: str, **where: object) -> Diagnostic:
    return Diagnostic(code, message, Severity.ERROR, **where)  # type: ignore[arg-type]


def warning(code: str, message: str, **where: object) -> Diagnostic:
    return Diagnostic(code, message, Severity.WARNING, **where)  # type: ignore[arg-type]
