"""Text chunks as plain, readable text (``str(text)`` keeps math as its LaTeX source).

Math reads as pylatexenc renders it (``$\\tilde{O}(T^{-1/2})$`` -> ``Õ(T^-1/2)``,
``$\\alpha$`` -> ``α``). An unknown command reads as its name without the backslash (the
authors' own ``\\method`` reads ``method``), because its expansion is unknown and a backslash in
plain text would only confuse; one with arguments reads as its last argument
(``\\todo{fix}`` reads ``fix``), and one that opens a group reads as the rest of the group
(``{\\foo Bar}`` reads ``Bar``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pubkit.markup.braces import top_level_groups
from pubkit.markup.latex_commands import LOGOS
from pubkit.model.text import Chunk, Kind, Text

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text


@functools.cache
def latex_to_text() -> LatexNodes2Text:
    """pylatexenc's converter to text, made once (math as text, comments dropped)."""
    # Imported here: pylatexenc's tables take longer to load than a small conversion runs.
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", keep_comments=False)


@functools.cache
def math_as_text(source: str) -> str:
    try:
        text = latex_to_text().latex_to_text(f"${source}$")
    except Exception:  # pylatexenc is tolerant, but a formula must never break plain text
        text = source
    return " ".join(text.split()) or source


_COMMAND = re.compile(r"\\(?P<name>[A-Za-z]+)(?P<arguments>(?:\{.*\})*)$", re.DOTALL)
_DECLARATION = re.compile(r"\{\\[A-Za-z]+\s*(?P<scope>.*)\}$", re.DOTALL)


def command_as_text(source: str) -> str:
    """An unknown command as text: the text of its last argument (``\\todo{fix}``: "fix"), or,
    without one, the command as written (``\\radagrad``): its bare name would read as a word
    the authors never wrote."""
    from pubkit.markup.latex_parse import parse_latex  # an argument may hold LaTeX again

    if (declaration := _DECLARATION.match(source)) is not None:
        return str(parse_latex(declaration.group("scope")))  # `{\foo Bar}` reads "Bar"
    match = _COMMAND.match(source)
    if match is None:
        return source
    if match.group("name") in LOGOS and not match.group("arguments"):
        return LOGOS[match.group("name")]
    arguments = top_level_groups(match.group("arguments"))
    last = next((a for a in reversed(arguments) if a.strip()), None)
    if last is None:
        return "\\" + match.group("name")
    return str(parse_latex(last))


def chunk_as_text(chunk: Chunk) -> str:
    if chunk.kind is Kind.MATH:
        return math_as_text(chunk.text)
    if chunk.kind is Kind.COMMAND:
        return command_as_text(chunk.text)
    return chunk.text


def readable(text: Text | Iterable[Chunk]) -> str:
    """Text as people read it: math rendered (``Õ(T^-1/2)``), unknown commands as written."""
    return "".join(chunk_as_text(chunk) for chunk in text)
