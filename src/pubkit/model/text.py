"""Text that carries markup: titles and abstracts.

A Text is a sequence of chunks. A chunk is literal text, a math formula (its LaTeX source), or a
command the source used that pubkit does not know (kept verbatim), and it may carry marks:
italic, bold, case-protected ("nocase": a style must not change its case), and so on. Keeping
markup as data lets each writer emit what its format wants: ``{BERT}`` and ``\\emph{...}`` in
BibTeX, ``<span class="nocase">`` and ``<i>`` in CSL-JSON, readable text in RIS.

``str(text)`` is the plain text, and a Text compares equal to the ``str`` of its plain text, so
``work.title == "Focus on the Target's Vocabulary"`` works whatever markup the title carries.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs


class Kind(enum.StrEnum):
    TEXT = "text"
    MATH = "math"  # LaTeX math source without the dollars
    COMMAND = "command"  # an unknown LaTeX command, verbatim, e.g. "\\method"


class Mark(enum.StrEnum):
    ITALIC = "italic"
    BOLD = "bold"
    NOCASE = "nocase"
    SMALLCAPS = "smallcaps"
    SUP = "sup"
    SUB = "sub"
    MONO = "mono"


@attrs.frozen
class Chunk:
    text: str
    kind: Kind = Kind.TEXT
    marks: frozenset[Mark] = attrs.field(default=frozenset(), converter=frozenset)

    @property
    def is_plain(self) -> bool:
        return self.kind is Kind.TEXT and not self.marks


def _merge(chunks: Iterable[Chunk]) -> tuple[Chunk, ...]:
    """Drop empty chunks and join neighbours of the same kind and marks."""
    merged: list[Chunk] = []
    for chunk in chunks:
        if not chunk.text:
            continue
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.kind is Kind.TEXT
            and chunk.kind is Kind.TEXT
            and last.marks == chunk.marks
        ):
            merged[-1] = Chunk(last.text + chunk.text, Kind.TEXT, last.marks)
        else:
            merged.append(chunk)
    return tuple(merged)


@attrs.frozen(eq=False)
class Text:
    chunks: tuple[Chunk, ...] = attrs.field(converter=_merge)

    @classmethod
    def plain(cls, text: str) -> Text:
        return cls((Chunk(text),))

    @property
    def is_plain(self) -> bool:
        return all(chunk.is_plain for chunk in self.chunks)

    def __iter__(self) -> Iterator[Chunk]:
        return iter(self.chunks)

    def __str__(self) -> str:
        from pubkit.markup.plain import plain_text  # math and commands read as plain text

        return plain_text(self.chunks)

    def __bool__(self) -> bool:
        return bool(self.chunks)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return self.chunks == other.chunks
        if isinstance(other, str):
            return str(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


def to_text(value: Text | str | None) -> Text | None:
    """Attrs converter: a ``str`` becomes plain Text; empty text becomes None."""
    if value is None:
        return None
    text = Text.plain(value) if isinstance(value, str) else value
    return text or None
