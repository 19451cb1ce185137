"""Where something is in a source: a line and column of a text file, or a path in a JSON one.

``Span("refs.bib", 12, 5)`` prints as ``refs.bib:12:5``; ``JsonPath("refs.json", "$[3].issued")``
as ``refs.json $[3].issued``. Diagnostics and ``Work.origin`` carry one; neither takes part in
what a work *is*.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Span:
    """A 1-based line and (where known) column in the source called ``source``."""

    source: str
    line: int
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}"
        return f"{where}:{self.column}" if self.column is not None else where


@attrs.frozen
class JsonPath:
    """A JSONPath into a JSON source: ``$``, ``$[3]``, ``$[3].issued.date-parts``."""

    source: str
    path: str = "$"

    def __str__(self) -> str:
        return f"{self.source} {self.path}"

    def child(self, step: str | int) -> JsonPath:
        """``$[3]`` -> ``$[3].issued`` (a name) or ``$[3][0]`` (an index)."""
        suffix = f"[{step}]" if isinstance(step, int) else f".{step}"
        return JsonPath(self.source, self.path + suffix)


Location = Span | JsonPath
