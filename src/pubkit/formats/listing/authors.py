"""A listing's author line: ``Liang Chen, Runxin Xu et al. · pku, cmu``."""

from __future__ import annotations

import re

import attrs

from pubkit.affiliations import affiliation
from pubkit.diagnostics import Diagnostic, warning
from pubkit.errors import InvalidValueError
from pubkit.formats.listing.lines import Line
from pubkit.location import Span
from pubkit.model import Affiliation, Person
from pubkit.names import is_organization, parse_name

# `·` separates names from affiliation codes when a space stands on at least one side of it, so
# that the Catalan middle dot in `Marcel·lí` stays part of the name.
_AFFILIATION_SEPARATOR = re.compile(r"\s+[·•]\s*|\s*[·•]\s+")
_TRUNCATION = re.compile(
    r"(?:,?\s*\bet\.?\s+al\b\.?|,?\s*(?:\.\.\.|…)|,?\s+and\s+others)\s*$", re.IGNORECASE
)
_SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV)$")
_AND = re.compile(r"\s+(?:and|&)\s+")


@attrs.frozen
class AuthorLine:
    persons: tuple[Person, ...]
    truncated: bool
    affiliations: tuple[Affiliation, ...]
    problems: tuple[Diagnostic, ...]


def read_author_line(line: Line, source_name: str) -> AuthorLine:
    names_part, *after = _AFFILIATION_SEPARATOR.split(line.text.strip(), 1)
    codes = re.split(r"\s*[,·•]\s*", after[0]) if after else []
    problems: list[Diagnostic] = []
    truncated = False
    if truncation := _TRUNCATION.search(names_part):
        truncated = True
        names_part = names_part[: truncation.start()]

    persons: list[Person] = []
    for raw in _split_names(names_part):
        if not raw:
            problems.append(
                warning(
                    "empty-name",
                    "an empty name between commas was skipped",
                    Span(source_name, line.number),
                )
            )
            continue
        try:
            persons.append(parse_name(raw))
        except InvalidValueError as exc:
            persons.append(Person(literal=raw))
            problems.append(
                warning(
                    "unreadable-name",
                    f"{exc}; kept as written",
                    Span(source_name, line.number, line.text.find(raw) + 1),
                )
            )
    return AuthorLine(
        tuple(persons),
        truncated,
        tuple(affiliation(code) for code in codes if code),
        tuple(problems),
    )


def _split_names(text: str) -> list[str]:
    """Names separated by commas (and a final `and`); `King, Jr.` stays one name."""
    if not text.strip():
        return []
    names: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if _SUFFIX.match(part) and names:
            names[-1] = f"{names[-1]}, {part}"
        elif part.lower().startswith(("and ", "& ")):
            names.append(part.split(None, 1)[1].strip())
        elif _AND.search(part) and not is_organization(part):
            names.extend(name.strip() for name in _AND.split(part))
        else:
            names.append(part)
    return names
