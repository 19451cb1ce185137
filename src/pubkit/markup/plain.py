"""Text chunks as plain, readable text.

Math reads as pylatexenc renders it (``$\\tilde{O}(T^{-1/2})$`` -> ``Õ(T^-1/2)``,
``$\\alpha$`` -> ``α``); an unknown command reads as its name without the backslash (the
authors' own ``\\method`` reads ``method``), because its expansion is unknown and a backslash in
plain text would only confuse.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from pylatexenc.latex2text import LatexNodes2Text

from pubkit.model.text import Chunk, Kind


@functools.cache
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", keep_comments=False)


@functools.cache
def math_as_text(source: str) -> str:
    try:
        text = _converter().latex_to_text(f"${source}$")
    except Exception:  # pylatexenc is tolerant, but a formula must never break plain text
        text = source
    return " ".join(text.split()) or source


def chunk_as_text(chunk: Chunk) -> str:
    if chunk.kind is Kind.MATH:
        return math_as_text(chunk.text)
    if chunk.kind is Kind.COMMAND:
        return chunk.text.lstrip("\\")
    return chunk.text


def plain_text(chunks: Iterable[Chunk]) -> str:
    return "".join(chunk_as_text(chunk) for chunk in chunks)
