"""Reading names into Persons: as people write them (``Bart van Merriënboer``), as BibTeX
writes them (``van Merri{\\"e}nboer, Bart``, ``{Barnes and Noble, Inc.}``), and as RIS writes
them (``King, Martin Luther, Jr.``). Every format reads names here.

Persons are split with pybtex's implementation of BibTeX's name grammar, so ``First von Last``
and ``von Last, First`` read the same way BibTeX reads them: lower-case words before the family
name are the particle (``van``, ``van der``, ``de``), everything before them is the given name.

A name is an organization, kept whole as a ``literal``, when

1. one of its words is an organizational word (``Team``, ``Lab``, ``Institute``, ``University``,
   ``Consortium``, ``Inc.`` ... see ``ORGANIZATION_WORDS``), or, in a name of three words or
   more, a word that is also a surname (``Center``, ``Board``, ``School`` ...:
   ``ORGANIZATION_WORDS_IN_LONG_NAMES``), so that ``Ann Center`` stays a person; or
2. it has an upper-case word that names organizations (``Meta AI``, ``Mistral AI``:
   ``ORGANIZATION_ACRONYMS``), or
3. it is a single word (``DeepSeek-AI``, ``OpenAI``): a one-word person name, if ever, is
   written the same way, and a literal is never split or abbreviated by BibTeX or CSL.

Invisible characters (soft hyphens, zero-width spaces, control characters) are removed first.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from pubkit.errors import InvalidValueError
from pubkit.markup.braces import braced_whole
from pubkit.markup.latex_parse import Dialect, parse_latex
from pubkit.markup.plain import readable
from pubkit.model import Person

ORGANIZATION_WORDS = frozenset(
    """
    academy agency alliance association authors collaboration college committee consortium
    contributors corporation council department developers foundation gmbh group inc inc.
    initiative institut institute institution laboratories laboratory lab labs limited llc ltd
    ltd. organisation organization project research society team university workshop
    deepmind openai nvidia anthropic alibaba tencent baidu bytedance huawei ibm
    """.split()
)
# Upper-case words that name organizations: `Meta AI`, `Mistral AI`.
ORGANIZATION_ACRONYMS = frozenset({"AI", "NLP", "ML", "LLC", "GmbH", "AG", "SA", "PLC"})
ORGANIZATION_WORDS_IN_LONG_NAMES = frozenset(
    "board bureau center centre community company division network office partnership "
    "program programme school survey".split()
)

_SUFFIX = re.compile(r"^(?P<name>.*?),?\s+(?P<suffix>Jr\.?|Sr\.?|II|III|IV)$")


def is_organization(name: str) -> bool:
    words = [word.casefold().strip(",") for word in name.split()]
    if len(words) == 1:
        return True
    if any(word in ORGANIZATION_WORDS for word in words):
        return True
    if any(word.strip(",") in ORGANIZATION_ACRONYMS for word in name.split()):
        return True
    return len(words) >= 3 and any(word in ORGANIZATION_WORDS_IN_LONG_NAMES for word in words)


@attrs.frozen
class _Parts:
    """A name split by BibTeX's grammar: ``First Middle von Last, Jr``."""

    first_names: list[str]
    middle_names: list[str]
    prelast_names: list[str]
    last_names: list[str]
    lineage_names: list[str]


# `and` or `&` as a word of its own.
_JOINING_WORD = re.compile(r"(?<!\S)(?:and|&)(?!\S)")
# Capitalized ASCII words and nothing else (`Jane Q. Public`, `Public, Jane Q.`): pybtex gives
# every word but the last (or those after the comma) to the given name, the others to the
# family name; split here without it.
_WORD = r"[A-Z][A-Za-z'.-]*"
_PLAIN_NAME = re.compile(rf"{_WORD}(?: {_WORD})+")
_PLAIN_INVERTED_NAME = re.compile(
    rf"(?P<family>{_WORD}(?: {_WORD})*), (?P<given>{_WORD}(?: {_WORD})*)"
)


def _name_parts(name: str, written: str) -> _Parts:
    """``name`` split as BibTeX splits it; InvalidValueError (naming ``written``) when the
    grammar cannot read it."""
    if _PLAIN_NAME.fullmatch(name):
        words = name.split(" ")
        return _Parts(words[:1], words[1:-1], [], words[-1:], [])
    if inverted := _PLAIN_INVERTED_NAME.fullmatch(name):
        given = inverted.group("given").split(" ")
        return _Parts(given[:1], given[1:], [], inverted.group("family").split(" "), [])
    # Imported here: pybtex loads importlib.metadata and more, a quarter of the start-up of
    # `pubkit convert`, and most names do not need it.
    from pybtex.database import Person as BibtexPerson
    from pybtex.exceptions import PybtexError

    try:
        parts = BibtexPerson(name)
    except PybtexError as exc:
        raise InvalidValueError(f"cannot read the name {written!r}: {exc}") from None
    return _Parts(
        parts.first_names,
        parts.middle_names,
        parts.prelast_names,
        parts.last_names,
        parts.lineage_names,
    )


def _visible(text: str) -> str:
    """``text`` without format and control characters (soft hyphen, zero-width space, NUL)."""
    if text.isprintable():  # most names: no such character (they are not printable)
        return text
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc") or c in "\t\n")


def parse_name(text: str, *, inverted: bool = False) -> Person:
    """``Bart van Merriënboer`` -> Person(given="Bart", particle="van", family="Merriënboer").

    ``inverted``: the name is ``Family, Given`` (as RIS writes it), so it is a person (not an
    organization, whatever its words) and what follows the comma is the given name, even
    ``Jr``. Raises InvalidValueError for an empty name or one the name grammar cannot read.
    """
    name = unicodedata.normalize("NFC", " ".join(_visible(text).split()))
    if not name:
        raise InvalidValueError("empty name")
    if not inverted and (is_organization(name) or _JOINING_WORD.search(name)):
        # `and` within one name, not a list of names, joins an organization's (`Procter and
        # Gamble`); BibTeX's grammar would read it as a particle.
        return Person(literal=name)
    suffix = None
    if not inverted and (match := _SUFFIX.match(name)):
        name, suffix = match.group("name"), match.group("suffix")
    parts = _name_parts(name, text)
    lineage = " ".join(parts.lineage_names) or None
    if not parts.first_names and parts.prelast_names and name.islower():
        # `danah boyd`, `bell hooks`: a name all in lower case has no particle to find.
        return Person(given=" ".join(parts.prelast_names), family=" ".join(parts.last_names))
    return Person(
        given=" ".join(parts.first_names + parts.middle_names),
        particle=" ".join(parts.prelast_names),
        family=" ".join(parts.last_names),
        suffix=suffix or lineage,
    )


def _latex_plain(text: str | None) -> str | None:
    return readable(parse_latex(text, Dialect.BIBTEX)) if text else None


# Names repeat heavily in real files (an editor, a journal's regular authors); a Person is
# immutable, so a name read once is read from the cache after that.
@functools.lru_cache(maxsize=4096)
def parse_bibtex_name(name: str) -> Person:
    """``van Merriënboer, Bart``, ``Bart van Merriënboer``, ``{Barnes and Noble, Inc.}``,
    ``King, Jr., Martin Luther``, and BibLaTeX's ``family=Smith, given=John, prefix=van``;
    LaTeX in the parts is decoded (``Kaiser, {\\L}ukasz``)."""
    if braced_whole(name) and not name.startswith("{\\"):
        return Person(literal=_latex_plain(name[1:-1]))
    if re.match(r"\s*(family|given|prefix|suffix)\s*=", name):
        return _extended_name(name)
    parts = _name_parts(name, name)
    return Person(
        given=_latex_plain(" ".join(parts.first_names + parts.middle_names)),
        particle=_latex_plain(" ".join(parts.prelast_names)),
        family=_latex_plain(" ".join(parts.last_names)),
        suffix=_latex_plain(" ".join(parts.lineage_names)),
    )


def _extended_name(name: str) -> Person:
    parts: dict[str, str] = {}
    for item in re.split(r",\s*(?=\w+\s*=)", name):
        key, _, value = item.partition("=")
        parts[key.strip().lower()] = value.strip().strip("{}")
    return Person(
        family=_latex_plain(parts.get("family")),
        given=_latex_plain(parts.get("given")),
        particle=_latex_plain(parts.get("prefix")),
        suffix=_latex_plain(parts.get("suffix")),
    )


# A family name (its last word capitalized, not in capitals), then its initials: `Smith JA`,
# `Brownstein C D`, `van der Berg AB` (MEDLINE's), `Smith J.`, `Smith J.A.`, `Smith J. A.`.
# (Two capitals at most without periods: `John DOE` is a family name in capitals.)
_VANCOUVER = re.compile(
    r"(?P<family>(?:\S+ )*[A-Z\u00c0-\u024f][^\sA-Z.]\S*)"
    r" (?P<initials>[A-Z]{1,2}|[A-Z](?: [A-Z]){1,2}|(?:[A-Z]\.){1,3}|[A-Z]\.(?: [A-Z]\.){1,2})"
)
# A generation after a given and a family name (`Henry Ford II`), which initials are not.
_GENERATION = re.compile(r"(?:\S+ )+\S+ (?:II|III|IV|VI)")


def parse_inverted_name(value: str) -> Person:
    """``Last, First[, Suffix]`` (RIS order); ``World Bank,`` (a trailing comma) is an
    organization; a name without a comma is read as people write it (``Jane Doe``,
    ``DeepSeek-AI``). No-break spaces (pubkit writes them in organizations' names) are spaces."""
    value = value.replace("\u00a0", " ")
    parts = [part.strip() for part in value.split(",")]
    if len(parts) == 2 and parts[0] and not parts[1]:
        return Person(literal=parts[0])
    if len(parts) >= 2 and not parts[0] and parts[1]:  # `, Madonna`: a given name alone
        return Person(given=parts[1])
    if len(parts) == 3 and not parts[1]:  # `Müller, , Jr.`
        return Person(family=parts[0], suffix=parts[2] or None)
    if len(parts) == 2 and _JOINING_WORD.search(parts[0]):
        # `Research and Development Office, Ministry of Health`: BibTeX's grammar would make
        # `Research and` a particle; a family name joined by `and` is an organization's.
        return Person(family=" ".join(parts[0].split()), given=" ".join(parts[1].split()))
    vancouver = _VANCOUVER.fullmatch(value.strip()) if len(parts) == 1 else None
    if vancouver is not None and not _GENERATION.fullmatch(value.strip()):
        # `Smith JA`, `Brownstein C D` (MEDLINE's style, in PubMed-based exports): the family
        # name, then the initials.
        initials = vancouver.group("initials").replace(".", "").replace(" ", "")
        given = " ".join(f"{letter}." for letter in initials)
        if not is_organization(value):
            return parse_name(f"{vancouver.group('family')}, {given}", inverted=True)
    try:
        if len(parts) >= 3:  # BibTeX's grammar wants `Last, Suffix, First`
            rest = ", ".join([parts[1], *parts[3:]])
            return parse_name(f"{parts[0]}, {parts[2]}, {rest}", inverted=True)
        return parse_name(value, inverted=len(parts) == 2)
    except InvalidValueError:
        if not value.strip(" ,"):
            raise
        return Person(literal=value.strip())
