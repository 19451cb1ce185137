"""The CSL-JSON table: model fields <-> CSL variables, both ways. Values are JSON values.

CSL is the model's lingua franca (its types are CSL's), so most rules are one variable each.
What CSL has no variable for travels as lines of ``note`` (``formats/carriers.py``), which
Zotero keeps in an item's Extra field: a truncated author list, the code repository,
affiliations. Titles are rich text (``richtext.py``: ``<i>``, ``<span class="nocase">``); where
CSL cannot say a text exactly (math, LaTeX commands) its exact chunks are kept under
``custom.pubkit.markup``, with other machine data (``extra``, other formats' ``native``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pubkit.diagnostics import warning
from pubkit.errors import InvalidValueError
from pubkit.formats.carriers import carriers
from pubkit.formats.csljson.dates import (
    read_issued,
    read_issued_or_text,
    write_issued,
    write_issued_or_text,
)
from pubkit.formats.csljson.richtext import from_csl, looks_like_markup, to_csl
from pubkit.formats.rules import Parts, ReadContext, Rule, TypeTable, WriteContext
from pubkit.formats.table import Table
from pubkit.location import JsonPath
from pubkit.markup.casing import protect_case
from pubkit.markup.plain import readable
from pubkit.model import (
    ArxivId,
    Doi,
    Isbn,
    Issn,
    JsonValue,
    Kind,
    Mark,
    Native,
    PageRange,
    Person,
    Text,
    WorkType,
)
from pubkit.model.person import is_et_al
from pubkit.names import parse_name

TYPES = TypeTable(
    read={t.value: t for t in WorkType},
    write={t: t.value for t in WorkType},
    read_default=WorkType.DOCUMENT,
    write_default="document",
    fold=lambda name: name,
)
OURS = "custom.pubkit."


def _string(value: object) -> str | None:
    """A variable's string: numbers are read as their text; anything else is not a string."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InvalidValueError("expected a string")
    return value


def _read_container_short(ctx: ReadContext, short: object, abbreviation: object) -> str | None:
    """citeproc's container-title-short, or Zotero's spelling of it; where both say
    something, and not the same, journalAbbreviation is kept as it came."""
    found = _string(short)
    try:
        other = _string(abbreviation)
    except InvalidValueError as exc:  # kept as it came, beside the variable that is a string
        if found is None:
            raise
        other = None
        ctx.leave("journalAbbreviation")
        ctx.warn("journalAbbreviation", "invalid-value", f"{exc}; kept as it was")
    if found is not None and other not in (None, found):
        ctx.leave("journalAbbreviation")
    return found or other


def _scalar(model: str, variable: str, parse: Any = str, invalid: str = "invalid-value") -> Rule:
    """One model string (or value type) <-> one CSL variable."""
    return Rule(
        (model,),
        (variable,),
        lambda ctx, value: parse(v) if (v := _string(value)) is not None else None,
        lambda ctx, value: str(value),
        invalid=invalid,
    )


# -- rich text ------------------------------------------------------------------------------


def _lossy_in_rich_text(text: Text) -> bool:
    """Whether CSL rich text cannot say ``text`` exactly: math, commands, monospace, or text
    that itself looks like a tag (`<i>` meant literally)."""
    return any(
        chunk.kind is not Kind.TEXT or Mark.MONO in chunk.marks or looks_like_markup(chunk.text)
        for chunk in text.chunks
    )


def _protected(text: Text) -> Text:
    """A title from a tool that marks no case (Zotero without nocase spans, a plain string)
    gets pubkit's case protection: "BERT" must not print as "Bert" in sentence case."""
    has_marks = any(Mark.NOCASE in chunk.marks for chunk in text.chunks)
    return text if has_marks else protect_case(text)


def _text(model: str, variable: str, *, rich: bool = True, protect: bool = False) -> Rule:
    """Text, with its exact chunks under ``custom.pubkit.markup`` where CSL loses some. Titles
    are written as rich text (``<i>``, ``<span class="nocase">``); abstracts and notes as plain
    text, because CSL processors do not format them and Zotero shows their tags as they are.
    Tags other tools wrote (citation-js's ``<i>`` in an abstract) are read as marks."""

    def read(ctx: ReadContext, value: object, exact: object) -> Text | None:
        text = _string(value)
        if text is None:
            return None
        visible = from_csl(text)
        if protect:
            visible = _protected(visible)
        if exact is None:
            return visible
        from pubkit.jsonmodel import make_converter

        try:
            chunks: Text = make_converter().structure(exact, Text)
        except Exception:  # an edited or foreign custom value: the visible text wins
            return visible
        # The exact chunks, if the visible text was not edited since they were written.
        same = _written(chunks) == text or readable(chunks) == readable(visible)
        return chunks if same else visible

    def _written(text: Text) -> str:
        return to_csl(text) if rich else to_csl(text, marks=frozenset())

    def write(ctx: WriteContext, text: Text) -> tuple[str, Any]:
        exact = None
        plain = text.is_plain and not looks_like_markup(str(text))
        lossy = _lossy_in_rich_text(text) if rich else not plain
        # A title the reader would protect differently from how it is: its exact chunks too.
        if lossy or (protect and _protected(text) != text):
            from pubkit.jsonmodel import make_converter

            exact = make_converter().unstructure(text)
        return _written(text), exact

    return Rule((model,), (variable, f"{OURS}markup.{model}"), read, write, invalid="invalid-value")


# -- names ----------------------------------------------------------------------------------


def csl_name(person: Person) -> dict[str, str]:
    if person.literal is not None:
        return {"literal": person.literal}
    parts = {
        "family": person.family,
        "given": person.given,
        "non-dropping-particle": person.particle,
        "dropping-particle": person.dropping_particle,
        "suffix": person.suffix,
    }
    return {name: value for name, value in parts.items() if value}


def _person(name: object) -> Person:
    if isinstance(name, str):
        return parse_name(name)
    if not isinstance(name, dict):
        raise InvalidValueError("a name must be an object")
    if isinstance(name.get("parse"), str):
        return parse_name(name["parse"])
    fields = {
        "family": name.get("family"),
        "given": name.get("given"),
        "particle": name.get("non-dropping-particle"),
        "dropping_particle": name.get("dropping-particle"),
        "suffix": name.get("suffix"),
        "literal": name.get("literal"),
    }
    for part, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InvalidValueError(f"the {part} part must be a string")
    return Person(**fields)


def _alone(name: object) -> str | None:
    """The one string of a name that is only a literal (or, as citation-js writes it, only a
    family name)."""
    if isinstance(name, str):
        return name
    if isinstance(name, dict):
        if isinstance(name.get("literal"), str):
            return str(name["literal"])
        if set(name) == {"family"} and isinstance(name["family"], str):
            return str(name["family"])
    return None


def _write_authors(
    ctx: WriteContext, persons: tuple[Person, ...], truncated: bool
) -> list[dict[str, str]] | None:
    """The authors; "et al." only as a note line, unless asked for pandoc's "others"."""
    names = [csl_name(p) for p in persons]
    if truncated and getattr(ctx.state, "et_al_as_others", False):
        names.append({"literal": "others"})
    return names or None


def _read_names(ctx: ReadContext, value: object) -> tuple[tuple[Person, ...], bool]:
    """Names; a final "et al." (as pubkit wrote it once), or "others" as pandoc (literal) and
    citation-js (family) write BibTeX's ``and others``, marks the list as truncated. pubkit
    writes no such name: Zotero would make it a person."""
    if not isinstance(value, list):
        raise InvalidValueError("names must be an array of name objects")
    persons: list[Person] = []
    truncated = False
    for index, name in enumerate(value):
        alone = _alone(name)
        if index == len(value) - 1 and alone is not None and is_et_al(alone):
            truncated = True
            continue
        try:
            persons.append(_person(name))
        except InvalidValueError as exc:
            # One bad name is left out and reported; the other names are still the work's.
            field = ctx.rule.native[0] if ctx.rule is not None else None
            where = ctx.where(field)
            if isinstance(where, JsonPath):
                where = JsonPath(where.source, f"{where.path}[{index}]")
            message = f"{exc}; this name was left out"
            ctx.problems.append(warning("invalid-name", message, where, ctx.record.key))
    return tuple(persons), truncated


# -- identifiers ----------------------------------------------------------------------------

_ARXIV_NUMBER = re.compile(r"^arxiv:\s*(?P<id>\S+)$", re.IGNORECASE)


def _read_number(ctx: ReadContext, value: object) -> tuple[ArxivId | None, str | None]:
    """``arXiv:1706.03762`` is an arXiv id; any other number is the work's (a report's)."""
    text = _string(value)
    match = _ARXIV_NUMBER.match(text or "")
    try:
        return (ArxivId(match.group("id")), None) if match else (None, text)
    except InvalidValueError:
        return None, text


def _write_number(ctx: WriteContext, arxiv_id: ArxivId | None, number: str | None) -> Any:
    return number if number is not None else f"arXiv:{arxiv_id}" if arxiv_id else None


# A preprint's repository, DOI and URL are derived from its arXiv id where it has none of its
# own, as Zotero exports preprints; what is derived is listed in `custom.pubkit.derived`, so
# that reading it back does not take it for data of the work's own.


def _write_publisher(ctx: WriteContext, publisher: str | None, arxiv_id: Any) -> Any:
    return publisher or ("arXiv" if ctx.work.arxiv_doi is not None else None)


def _write_doi(ctx: WriteContext, doi: Doi | None, arxiv_id: Any) -> Any:
    found = doi or ctx.work.arxiv_doi
    return str(found) if found else None


def _write_url(ctx: WriteContext, url: str | None, arxiv_id: ArxivId | None) -> Any:
    return url or (arxiv_id.url if ctx.work.arxiv_doi is not None and arxiv_id else None)


# -- lists and the rest -----------------------------------------------------------------------


def _read_keywords(ctx: ReadContext, value: object) -> tuple[str, ...]:
    """Keywords joined by commas, or by semicolons when one of them has a comma."""
    text = _string(value) or ""
    separator = ";" if ";" in text else ","
    return tuple(k.strip() for k in text.split(separator) if k.strip())


def _write_keywords(ctx: WriteContext, keywords: tuple[str, ...]) -> str:
    return ("; " if any("," in k for k in keywords) else ", ").join(keywords)


def _strings(ctx: ReadContext, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValueError("expected an array of strings")
    return tuple(value)


_LINES = Parts(
    split=lambda note, labels: str(note).split("\n"),
    join=lambda lines: "\n".join(lines) or None,
)


def _structured(kind: Any, expected: str) -> Any:
    """A reading converter for data pubkit keeps in ``custom`` through its JSON converter;
    ``expected`` says what it takes, for the warning about anything else."""

    def read(ctx: ReadContext, value: object) -> Any:
        from pubkit.jsonmodel import make_converter

        try:
            return make_converter().structure(value, kind)
        except Exception:  # cattrs' own messages name Python types, not what to fix
            raise InvalidValueError(f"not what pubkit writes there (expected {expected})") from None

    return read


def _unstructured(kind: Any) -> Any:
    def write(ctx: WriteContext, value: object) -> Any:
        from pubkit.jsonmodel import make_converter

        return make_converter().unstructure(value, kind)

    return write


def _write_native(ctx: WriteContext, native: Any) -> Any:
    """Other formats' own data (a BibTeX entry's unread fields ...), so that they come back."""
    from pubkit.jsonmodel import make_converter

    others = {name: data for name, data in native.items() if name != MAPPING.format}
    return make_converter().unstructure(others, dict[str, Native]) if others else None


def _names(model: str, variable: str) -> Rule:
    return Rule(
        (model,), (variable,), lambda ctx, value: _read_names(ctx, value)[0],
        lambda ctx, persons: [csl_name(p) for p in persons], invalid="invalid-name",
    )  # fmt: skip


def _flag(ctx: ReadContext, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError("expected true or false")
    return value


MAPPING = Table(
    format="csl-json",
    types=TYPES,
    library=("profile",),
    parts={"note": _LINES},
    order=(
        *"title title-short author editor translator container-author issued genre container-title "
        "container-title-short journalAbbreviation event-title event-date event-place volume "
        "number-of-volumes issue "
        "chapter-number page number-of-pages publisher publisher-place edition collection-title "
        "collection-number original-title original-date original-publisher "
        "original-publisher-place ISBN ISSN language status number DOI URL accessed abstract "
        "keyword categories note annote".split(),
        *(OURS + name for name in "markup.title markup.short_title markup.container_title "
          "markup.original_title markup.abstract markup.note markup.annotation extra "
          "native".split()),
    ),
    rules=(
        _text("title", "title", protect=True),
        _text("short_title", "title-short", protect=True),
        Rule(("authors", "authors_truncated"), ("author",), _read_names, _write_authors,
             invalid="invalid-name"),
        _names("editors", "editor"),
        _names("translators", "translator"),
        _names("container_authors", "container-author"),
        Rule(("issued", "issued_text"), ("issued",), read_issued_or_text, write_issued_or_text,
             invalid="invalid-date"),
        _text("container_title", "container-title"),
        Rule(("container_short",), ("container-title-short", "journalAbbreviation"),
             _read_container_short, lambda ctx, short: (str(short), str(short)),
             doc="journalAbbreviation is what Zotero's CSL JSON import reads"),
        _scalar("volume", "volume"),
        _scalar("volumes", "number-of-volumes"),
        _scalar("issue", "issue"),
        _scalar("pages", "page", PageRange),
        # The arXiv id travels in a note line too: a report's number leaves it no room here.
        Rule(("arxiv_id", "number"), ("number",), _read_number, _write_number),
        _scalar("chapter", "chapter-number"),
        _scalar("page_count", "number-of-pages"),
        Rule(("publisher",), ("publisher",), lambda ctx, value: _string(value),
             _write_publisher, uses=("arxiv_id",)),
        _scalar("place", "publisher-place"),
        _scalar("edition", "edition"),
        _scalar("version", "version"),
        _scalar("series", "collection-title"),
        _scalar("series_number", "collection-number"),
        _scalar("genre", "genre"),
        _scalar("event_title", "event-title"),
        Rule(("event_date",), ("event-date",), read_issued, write_issued, invalid="invalid-date"),
        _scalar("event_place", "event-place"),
        _text("original_title", "original-title"),
        Rule(("original_date",), ("original-date",), read_issued, write_issued,
             invalid="invalid-date"),
        _scalar("original_publisher", "original-publisher"),
        _scalar("original_place", "original-publisher-place"),
        _scalar("isbn", "ISBN", Isbn, "invalid-isbn"),
        _scalar("issn", "ISSN", Issn, "invalid-issn"),
        _scalar("language", "language"),
        _scalar("status", "status"),
        Rule(("doi",), ("DOI",), lambda ctx, value: Doi(v) if (v := _string(value)) else None,
             _write_doi, uses=("arxiv_id",), invalid="invalid-doi"),
        Rule(("url",), ("URL",), lambda ctx, value: _string(value), _write_url,
             uses=("arxiv_id",)),
        Rule(("accessed",), ("accessed",), read_issued, write_issued, invalid="invalid-date"),
        _text("abstract", "abstract", rich=False),
        Rule(("keywords",), ("keyword",), _read_keywords, _write_keywords),
        Rule(("categories",), ("categories",), _strings, lambda ctx, v: list(v)),
        # Lines of `note` (Zotero keeps them in Extra) carry what CSL has no variable for;
        # the note is what they leave.
        *carriers("note", arxiv=True),
        _text("note", "note", rich=False),
        _text("annotation", "annote", rich=False),
        Rule(("extra",), (f"{OURS}extra",), _structured(Mapping[str, JsonValue], "an object"),
             lambda ctx, extra: dict(extra)),
        Rule(("native",), (f"{OURS}native",),
             _structured(dict[str, Native], "an object of formats' own fields"), _write_native),
    ),
)  # fmt: skip
