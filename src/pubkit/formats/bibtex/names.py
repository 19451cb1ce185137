"""Persons as BibTeX names: ``von Last, Jr, First`` with organizations braced whole."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pubkit.formats.bibtex.latex import LatexWriter
from pubkit.model import Person

_AND_WORD = re.compile(r"(?i)(?<![^\s~])and(?![^\s~])")


def _part(text: str, latex: LatexWriter) -> str:
    """One name part, escaped; a lone word ``and`` is braced so BibTeX never splits at it."""
    value = latex.escape(text)
    value = _AND_WORD.sub(lambda m: "{" + m.group() + "}", value)
    if "," in value:
        value = "{" + value + "}"
    return value


def bibtex_name(person: Person, latex: LatexWriter) -> str:
    """``van Merriënboer, Bart``; ``King, Jr., Martin Luther``; ``{DeepSeek-AI}``."""
    if person.literal is not None:
        return "{" + latex.escape(person.literal) + "}"
    family = _part(person.family or "", latex)
    particles = " ".join(p for p in (person.dropping_particle, person.particle) if p)
    if family and family[0].islower() and not particles:
        family = "{" + family + "}"  # `boyd` alone would read as a particle to BibTeX
    last = " ".join(p for p in (_part(particles, latex), family) if p)
    if not last:  # a given name only: keep it whole as the last name BibTeX requires
        return "{" + latex.escape(person.given or "") + "}"
    given = _part(person.given or "", latex)
    if person.suffix:
        return f"{last}, {_part(person.suffix, latex)}, {given}".rstrip()
    return f"{last}, {given}" if given else last


def bibtex_names(persons: Sequence[Person], truncated: bool, latex: LatexWriter) -> str:
    """Names joined by ``and``; ``and others`` when the source said "et al."."""
    names = [bibtex_name(person, latex) for person in persons]
    if truncated:
        names.append("others")
    return " and ".join(names)
