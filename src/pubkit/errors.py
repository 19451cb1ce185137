"""The exceptions pubkit raises.

::

    PubkitError
    ├── FormatError          unknown format or option, unsupported operation
    │   └── OptionError      an option's value the writer does not take (ValueError)
    ├── ParseError           one problem in one source (ValueError); carries its Diagnostic
    ├── InvalidValueError    a value that is not valid: a bad date, name, identifier (ValueError)
    ├── ReadError            strict mode: every error of one read (an ExceptionGroup of ParseError)
    └── WriteError           strict mode: values the target format cannot express

Readers do not raise for a user's bad input: they return diagnostics. Only strict mode turns
those diagnostics into exceptions, all of them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pubkit.diagnostics import Diagnostic


class PubkitError(Exception):
    """Base class of every exception pubkit raises on purpose."""


class FormatError(PubkitError):
    """An unknown format name, suffix or option, or an operation a format does not support."""


class OptionError(FormatError, ValueError):
    """A writer option with a value the writer does not take (``line_ending="cr"``)."""


class InvalidValueError(PubkitError, ValueError):
    """A value that the model rejects, such as June 31 or an empty name.

    ``at`` is where in the value the problem is, as a JSON path suffix (``.date-parts[0][2]``),
    and ``field`` the source's field at fault, for readers to report.
    """

    def __init__(self, message: str, at: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.at = at
        self.field = field


class ParseError(PubkitError, ValueError):
    """One problem found while reading, with its position."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def source_name(self) -> str | None:
        return self.diagnostic.source

    @property
    def line(self) -> int | None:
        return self.diagnostic.line

    @property
    def column(self) -> int | None:
        return self.diagnostic.column


class _DiagnosticGroup(PubkitError, ExceptionGroup[ParseError]):
    """An exception group of ParseError built from diagnostics; the message counts them."""

    verb = "problem"
    source_name: str
    diagnostics: tuple[Diagnostic, ...]

    def __new__(cls, source_name: str, diagnostics: Sequence[Diagnostic]) -> _DiagnosticGroup:
        message = _count_message(cls.verb, source_name, diagnostics)
        self = super().__new__(cls, message, [ParseError(d) for d in diagnostics])
        self.source_name = source_name
        self.diagnostics = tuple(diagnostics)
        return self

    def __init__(self, source_name: str, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(
            _count_message(self.verb, source_name, diagnostics),
            [ParseError(d) for d in diagnostics],
        )

    def derive(self, excs: Sequence[Exception]) -> _DiagnosticGroup:  # type: ignore[override]
        kept = [e.diagnostic for e in excs if isinstance(e, ParseError)]
        return type(self)(self.source_name, kept)

    def __str__(self) -> str:
        lines = [self.message, *(str(d) for d in self.diagnostics)]
        return "\n".join(lines)


class ReadError(_DiagnosticGroup):
    """Raised by ``strict=True`` reads: every error of the source, each a ParseError."""

    verb = "error"


class WriteError(_DiagnosticGroup):
    """Raised by strict writes: every value the target format could not express."""

    verb = "error"


def _count_message(verb: str, source_name: str, diagnostics: Sequence[Diagnostic]) -> str:
    n = len(diagnostics)
    return f"{n} {verb}{'s' if n != 1 else ''} in {source_name}"
