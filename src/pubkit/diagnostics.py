"""Problems found while reading or writing, reported as data.

A Diagnostic says what is wrong (a stable kebab-case ``code`` listed in docs/errors.md, and a
message), how bad it is, and where: a ``Span`` (line and column) for text formats, a
``JsonPath`` for JSON formats, or nothing for what a writer reports about a whole work (then
``key`` names the work).
"""

from __future__ import annotations

import enum

import attrs

from pubkit.location import JsonPath, Location, Span


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Diagnostic:
    code: str
    message: str
    severity: Severity = Severity.ERROR
    where: Location | None = None
    key: str | None = None  # the citation key of the record at fault, where known

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def source(self) -> str | None:
        return self.where.source if self.where is not None else None

    @property
    def line(self) -> int | None:
        return self.where.line if isinstance(self.where, Span) else None

    @property
    def column(self) -> int | None:
        return self.where.column if isinstance(self.where, Span) else None

    @property
    def path(self) -> str | None:
        return self.where.path if isinstance(self.where, JsonPath) else None

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value}[{self.code}]: {self.message}"
        if self.key is not None and self.where is not None:
            text += f" (entry {self.key!r})"  # where the location is not the key already
        return text

    @property
    def location(self) -> str:
        """``FILE:LINE:COL``, ``FILE:LINE``, ``FILE $[3].issued``, or for what a writer reports,
        ``<output> [key]``."""
        if self.where is not None:
            return str(self.where)
        return f"<output> [{self.key}]" if self.key is not None else "<output>"


def error(
    code: str, message: str, where: Location | None = None, key: str | None = None
) -> Diagnostic:
    return Diagnostic(code, message, Severity.ERROR, where, key)


def warning(
    code: str, message: str, where: Location | None = None, key: str | None = None
) -> Diagnostic:
    return Diagnostic(code, message, Severity.WARNING, where, key)
