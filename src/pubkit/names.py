"""Reading a name as people write it (``Bart van Merriënboer``) into a Person.

Persons are split with pybtex's implementation of BibTeX's name grammar, so ``First von Last``
and ``von Last, First`` read the same way BibTeX reads them: lower-case words before the family
name are the particle (``van``, ``van der``, ``de``), everything before them is the given name.

A name is an organization, kept whole as a ``literal``, when

1. one of its words is an organizational word (``Team``, ``Lab``, ``Institute``, ``University``,
   ``Consortium``, ``Inc.`` ... see ``ORGANIZATION_WORDS``), or
2. it starts with ``The`` (``The Theano Development Team``), or
3. it is a single word (``DeepSeek-AI``, ``OpenAI``): a one-word person name, if ever, is
   written the same way, and a literal is never split or abbreviated by BibTeX or CSL.
"""

from __future__ import annotations

import re
import unicodedata

from pybtex.database import Person as BibtexPerson
from pybtex.exceptions import PybtexError

from pubkit.errors import InvalidValueError
from pubkit.model import Person

ORGANIZATION_WORDS = frozenset(
    """
    academy agency alliance association authors board bureau center centre collaboration
    college committee community company consortium contributors corporation council department
    developers division foundation gmbh group inc inc. initiative institut institute
    institution laboratories laboratory lab labs limited llc ltd ltd. network office
    organisation organization partnership program programme project research school society
    survey team university working
    """.split()
)

_SUFFIX = re.compile(r"^(?P<name>.*?),?\s+(?P<suffix>Jr\.?|Sr\.?|II|III|IV|V)$")


def is_organization(name: str) -> bool:
    words = name.split()
    if len(words) == 1:
        return True
    if words[0] == "The":
        return True
    return any(word.casefold().strip(",") in ORGANIZATION_WORDS for word in words)


def parse_name(text: str) -> Person:
    """``Bart van Merriënboer`` -> Person(given="Bart", particle="van", family="Merriënboer").

    Raises InvalidValueError for an empty name or one that the name grammar cannot read.
    """
    name = unicodedata.normalize("NFC", " ".join(text.split()))
    if not name:
        raise InvalidValueError("empty name")
    if is_organization(name):
        return Person(literal=name)
    suffix = None
    if match := _SUFFIX.match(name):
        name, suffix = match.group("name"), match.group("suffix")
    try:
        parts = BibtexPerson(name)
    except PybtexError as exc:
        raise InvalidValueError(f"cannot read the name {text!r}: {exc}") from exc
    lineage = " ".join(parts.lineage_names) or None
    return Person(
        given=" ".join(parts.first_names + parts.middle_names),
        particle=" ".join(parts.prelast_names),
        family=" ".join(parts.last_names),
        suffix=suffix or lineage,
    )
