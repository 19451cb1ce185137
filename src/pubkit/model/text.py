"""Text that carries markup: titles and abstracts.

A Text is a sequence of chunks. A chunk is literal text, a math formula (its LaTeX source), or a
command the source used that pubkit does not know (kept verbatim), and it may carry marks:
italic, bold, case-protected ("nocase": a style must not change its case), and so on. Keeping
markup as data lets each writer emit what its format wants: ``{BERT}`` and ``\\emph{...}`` in
BibTeX, ``<span class="nocase">`` and ``<i>`` in CSL-JSON, readable text in RIS.

``str(text)`` is the text without its marks: literal text as it is, math as its LaTeX source
between dollars (``$\\mathcal{O}(n)$``), a command as written. It is pure (no LaTeX is decoded;
``pubkit.markup.plain.readable`` renders math as readable text), and a Text compares equal to
its ``str``, so ``work.title == "Focus on the Target's Vocabulary"`` works whatever marks the
title carries.
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


def _marks(marks: Iterable[Mark]) -> frozenset[Mark]:
    return frozenset(marks)


def _marks_repr(marks: frozenset[Mark]) -> str:
    """Sorted: a set's order follows the process's hash seed, and a work's repr must not (it
    orders works whose generated keys collide)."""
    return f"frozenset({sorted(mark.value for mark in marks)!r})"


@attrs.frozen
class Chunk:
    text: str
    kind: Kind = Kind.TEXT
    marks: frozenset[Mark] = attrs.field(default=frozenset(), converter=_marks, repr=_marks_repr)

    @property
    def is_plain(self) -> bool:
        return self.kind is Kind.TEXT and not self.marks


def _merge(chunks: Iterable[Chunk]) -> tuple[Chunk, ...]:
    """Drop empty chunks and join neighbours of the same kind and marks (in linear time)."""
    merged: list[Chunk] = []
    pending: list[str] = []  # texts of plain-kind neighbours still to be joined
    marks: frozenset[Mark] | None = None
    for chunk in chunks:
        if not chunk.text:
            continue
        if chunk.kind is Kind.TEXT and chunk.marks == marks:
            pending.append(chunk.text)
            continue
        if marks is not None:
            merged.append(Chunk("".join(pending), Kind.TEXT, marks))
        pending, marks = [], None
        if chunk.kind is Kind.TEXT:
            pending, marks = [chunk.text], chunk.marks
        else:
            merged.append(chunk)
    if marks is not None:
        merged.append(Chunk("".join(pending), Kind.TEXT, marks))
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
        return "".join(
            f"${chunk.text}$" if chunk.kind is Kind.MATH else chunk.text for chunk in self.chunks
        )

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
