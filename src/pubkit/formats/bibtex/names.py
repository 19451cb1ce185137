"""Persons as BibTeX names: ``von Last, Jr, First`` with organizations braced whole."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from pubkit.formats.bibtex.latex import LatexWriter
from pubkit.model import Person

_AND_WORD = re.compile(r"(?i)(?<![^\s~])and(?![^\s~])")


def _safe_initials(text: str, latex: LatexWriter) -> str:
    """Each word's first letter as a LaTeX command where it is not ASCII (``{\\L}ukasz``).

    Classic BibTeX counts bytes, not characters: a style that abbreviates given names or builds
    labels from family names (abbrv, alpha) would cut a UTF-8 letter in half. The rest of the
    word stays as it is.
    """
    parts = re.split(r"([\s~-]+)", text)
    safe = []
    for part in parts:
        if part and not part[0].isascii() and "LATIN" in unicodedata.name(part[0], ""):
            first = LatexWriter(ascii=True).escape(part[0])
            safe.append(first + latex.escape(part[1:]))
        else:
            safe.append(latex.escape(part))
    return "".join(safe)


def _part(text: str, latex: LatexWriter, *, ascii_initials: bool = False) -> str:
    """One name part, escaped; a lone word ``and`` is braced so BibTeX never splits at it."""
    value = _safe_initials(text, latex) if ascii_initials else latex.escape(text)
    value = _AND_WORD.sub(lambda m: "{" + m.group() + "}", value)
    if "," in value:
        value = "{" + value + "}"
    return value


def bibtex_name(person: Person, latex: LatexWriter, *, ascii_initials: bool = False) -> str:
    """``van Merriënboer, Bart``; ``King, Jr., Martin Luther``; ``{DeepSeek-AI}``.

    ``ascii_initials`` (classic BibTeX): see ``_safe_initials``.
    """
    if person.literal is not None:
        name = person.literal
        return "{" + (_safe_initials(name, latex) if ascii_initials else latex.escape(name)) + "}"
    family = _part(person.family or "", latex, ascii_initials=ascii_initials)
    particles = " ".join(p for p in (person.dropping_particle, person.particle) if p)
    if family and family[0].islower() and not particles:
        family = "{" + family + "}"  # `boyd` alone would read as a particle to BibTeX
    elif " " in family and not person.given and not person.suffix:
        family = "{" + family + "}"  # without `, Given`, BibTeX would split it
    last = " ".join(p for p in (_part(particles, latex), family) if p)
    if not last:  # a given name only: keep it whole as the last name BibTeX requires
        return "{" + latex.escape(person.given or "") + "}"
    given = _part(person.given or "", latex, ascii_initials=ascii_initials)
    if person.suffix:
        return f"{last}, {_part(person.suffix, latex)}, {given}".rstrip()
    return f"{last}, {given}" if given else last


def bibtex_names(
    persons: Sequence[Person], truncated: bool, latex: LatexWriter, *, ascii_initials: bool = False
) -> str:
    """Names joined by ``and``; ``and others`` when the source said "et al."."""
    names = [bibtex_name(person, latex, ascii_initials=ascii_initials) for person in persons]
    if truncated:
        names.append("others")
    return " and ".join(names)
