"""The BibTeX table: model fields <-> .bib fields, for both dialects, both ways.

Entry types are in ``types.py``, converters of field values in ``converters.py``. Rules are
listed in the order they read (the eprint before the DOI: an arXiv DOI gives the id but not its
version); ``order`` is the order fields are written in. A rule with ``when`` writes in one
dialect or for some entry types only; reading tries them all (``journaltitle`` and ``journal``
alike). What BibTeX has no field for travels as lines of ``annote`` (``carriers.py``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

from pubkit.errors import InvalidValueError
from pubkit.formats.bibtex import converters as c
from pubkit.formats.bibtex.types import (
    BOOKTITLE_TYPES,
    PARTS,
    SUBTYPES,
    TYPES,
    choose_write,
    genre_of_entry,
)
from pubkit.formats.carriers import Spelling, carriers, code_carrier
from pubkit.formats.rules import (
    UNREAD,
    Parts,
    ReadContext,
    Rule,
    WriteContext,
    field,
)
from pubkit.formats.table import Table
from pubkit.markup.plain import readable
from pubkit.model import Chunk, Isbn, Issn, Text, Work, WorkType


def _classic(ctx: WriteContext) -> bool:
    return ctx.dialect != "biblatex"


def _biblatex(ctx: WriteContext) -> bool:
    return ctx.dialect == "biblatex"


def _text(
    model: str,
    native: str,
    *,
    title: bool = False,
    to_model: Any = c.read_text,
    natives: tuple[str, ...] = (),
    **options: Any,
) -> Rule:
    """Text with markup <-> LaTeX; ``natives``: the fields it reads, where more than one
    (the first is the one it writes)."""

    def carried(work: Work, dialect: str) -> dict[str, Any]:
        value = getattr(work, model)
        return {model: c.as_latex(value, title=title)} if value is not None else {}

    write = c.write_title if title else c.write_text
    return Rule(
        (model,),
        natives or (native,),
        to_model,
        (lambda ctx, text: (write(ctx, text), *([None] * (len(natives) - 1))))
        if natives
        else write,
        loses=(f"{model}.chunks.marks",),
        carried=carried,
        **options,
    )


def _read_title(ctx: ReadContext, title: str | None, subtitle: str | None) -> Text | None:
    """The title, and BibLaTeX's subtitle after a colon, as Zotero and APA print them (after a
    question mark or the like, a space). While the title is unchanged, both fields are written
    back as they came."""
    main = c.read_text(ctx, title) if title else None
    sub = c.read_text(ctx, subtitle) if subtitle else None
    if main is None or sub is None:
        return main or sub
    ctx.keep("title")
    ctx.keep("subtitle")
    joint = " " if str(main).rstrip()[-1:] in tuple("?!:.;") else ": "
    return Text((*main.chunks, Chunk(joint), *sub.chunks))


def _names(model: str, native: str) -> Rule:
    """A list of people other than the authors (no "et al." of their own) <-> BibTeX names;
    BibTeX has no place for a dropping particle apart from the name."""
    return Rule(
        (model,), (native,), c.read_editors, c.write_names, invalid="invalid-name",
        loses=(f"{model}.dropping_particle",),
        carried=lambda w, d: {model: c.without_dropping_particles(getattr(w, model))},
    )  # fmt: skip


def _misc_container_carried(work: Work, dialect: str) -> dict[str, Any]:
    """A ``@misc``'s ``howpublished`` is read back as its publisher, not as a container; types
    with no container field leave it out."""
    entry_type = choose_write(lambda name: getattr(work, name), "", dialect)
    field = container_field(entry_type, dialect)
    if field not in ("howpublished", None):
        return {}
    if field == "howpublished" and work.container_title is not None and work.publisher is None:
        # What a misc's howpublished says is read as its publisher, as pandoc reads it.
        return {"container_title": None, "publisher": readable(work.container_title)}
    return {"container_title": None}


def _no_container(ctx: WriteContext, container: Text) -> None:
    message = f"@{ctx.type} has no field for {readable(container)!r} (a container); left out"
    ctx.warn("dropped-field", message)


def _is_acm_venue(ctx: ReadContext) -> bool:
    """A conference paper's ``location`` beside an ``address`` that says something else: the
    ACM Digital Library writes the conference's place there, and the publisher's in
    ``address`` (for biblatex the two are one field)."""
    fields = ctx.record.fields
    location, address = fields.get("location"), fields.get("address")
    return (
        ctx.record.type.lower() in ("inproceedings", "conference", "proceedings")
        and bool(location and address)
        and c.plain(location) != c.plain(address)
    )


def _read_location(ctx: ReadContext, value: str) -> Any:
    return UNREAD if _is_acm_venue(ctx) and "venue" not in ctx.record.fields else c.plain(value)


def _read_venue_in_location(ctx: ReadContext, value: str) -> Any:
    return c.plain(value) if _is_acm_venue(ctx) else UNREAD


def _plain(model: str, native: str, **options: Any) -> Rule:
    """A plain string <-> LaTeX (``M{\\"u}nchen`` reads ``München``)."""
    return field(model, native, c.read_plain, c.write_plain, **options)


def _value(model: str, native: str, parse: Callable[[str], Any], invalid: str) -> Rule:
    """A value type (ISBN, ISSN ...) <-> its LaTeX. A list of them (``0-387-57223-6 (New
    York), 3-540-57223-6 (Berlin)``, print and electronic ISSNs) gives its first valid one,
    and the field is written back as the source had it."""

    def read(ctx: ReadContext, value: str) -> Any:
        text = c.plain(value)
        if not text:
            return None
        try:
            return parse(text)
        except InvalidValueError:
            for candidate in _IDENTIFIER.findall(text):
                with contextlib.suppress(InvalidValueError):
                    found = parse(candidate)
                    ctx.keep(native)
                    return found
            raise

    return field(model, native, read, c.write_plain, invalid=invalid)


_IDENTIFIER = re.compile(r"[0-9][0-9Xx-]{6,}[0-9Xx]")


def _read_only(rule: Rule) -> Rule:
    return Rule(rule.model, rule.native, rule.to_model, None)


# -- the container and the publisher, whose fields depend on the entry type -------------------


def container_field(entry_type: str, dialect: str) -> str | None:
    """The field that holds the journal, proceedings or book title for ``entry_type``."""
    if entry_type == "article":
        return "journaltitle" if dialect == "biblatex" else "journal"
    if entry_type in BOOKTITLE_TYPES:
        return "booktitle"
    return "howpublished" if entry_type == "misc" else None


def _container_in(name: str | None) -> Callable[[WriteContext], bool]:
    return lambda ctx: container_field(ctx.type, ctx.dialect) == name


def _read_fjournal(ctx: ReadContext, full: str | None, journal: str | None) -> Any:
    """``fjournal`` (the AMS's, MathSciNet's and many TeX Live files') is the journal's full
    name, ``journal`` beside it the abbreviation BibTeX prints; both are written back as they
    came in a classic .bib while the work's journal is unchanged (a BibLaTeX one says the same
    with ``journaltitle`` and ``shortjournal``). Zotero reads them so too."""
    if not full:
        return UNREAD
    title = c.read_text(ctx, full)
    short = c.plain(journal) if journal else None
    ctx.keep("fjournal")
    if journal:
        ctx.keep("journal")
    return title, short if short != (str(title) if title else None) else None


def _source_had(name: str, ctx: WriteContext) -> bool:
    """Whether the work's .bib source had the field ``name`` (a rule that writes nothing then
    owns it, so that it is written back as it came)."""
    native = ctx.work.native.get("bibtex")
    return native is not None and any(f.name == name for f in native.fields)


def _read_booktitle(ctx: ReadContext, value: str) -> Any:
    """A part's container; an @article's where it has no journal (Semantic Scholar writes a
    conference paper so), which BibTeX does not print but every other reader shows."""
    fields = ctx.record.fields
    journal_less = ctx.type is WorkType.ARTICLE_JOURNAL and not (
        fields.get("journal") or fields.get("journaltitle")
    )
    return c.read_text(ctx, value) if ctx.type in PARTS or journal_less else UNREAD


def _publisher_field(entry_type: str, dialect: str) -> str | None:
    """Who published it: a thesis's school, a report's institution, else the publisher; None
    where the dialect has no such field (biblatex's @article)."""
    if entry_type in ("phdthesis", "mastersthesis"):
        return "school"
    if entry_type in ("techreport", "thesis", "report") or (
        entry_type == "standard" and dialect != "biblatex"
    ):
        return "institution"  # IEEEtran's @standard too
    if entry_type == "manual":
        return "organization"  # what styles print for a manual (a company's documentation)
    if entry_type in ("misc", "booklet"):
        return "howpublished"  # what styles print for them, where they have no publisher
    if dialect == "biblatex" and entry_type == "article":
        return None
    return "publisher"


_PUBLISHER_FIELDS = ("publisher", "school", "institution", "organization", "howpublished")


def _read_publisher(ctx: ReadContext, *values: str | None) -> str | None:
    """The field the writers use for the entry's type first (a report's institution), then
    the others; a `@misc`'s, `@booklet`'s or web page's howpublished when it is text (not a
    lone URL or arXiv id); an organization last, as BibTeX styles print it where there is no
    publisher (pandoc and citation-js read it so too). The model has one publisher; the other
    fields are written back as they came, and so is the one read, where the writers would put
    it in another (a conference's sponsor stays its `organization`)."""
    given = dict(zip(_PUBLISHER_FIELDS, values, strict=True))
    if given["howpublished"] is not None and not c.howpublished_is_words(given["howpublished"]):
        given["howpublished"] = None
        ctx.leave("howpublished")
    entry_type = ctx.record.type.lower()
    preferred = _publisher_field(entry_type, "bibtex") or "publisher"
    order = ["publisher", "school", "institution"]
    if preferred == "howpublished" or entry_type in _WEB_TYPES:
        order.append("howpublished")  # its own words, after a publisher it names as such
    if preferred != "howpublished":
        order.insert(0, preferred)
    order.append("organization")
    present = [n for n in dict.fromkeys(order) if (given[n] or "").strip()]
    chosen = present[0] if present else None
    for name, value in given.items():
        if value is not None and name != chosen:
            ctx.leave(name)
    if chosen is None:
        return None
    if chosen not in (preferred, "publisher"):
        ctx.keep(chosen)  # a proceedings' organization stays one
    return c.plain(given[chosen])


# Entry types for a web page (IEEEtran's, biblatex's and its alias), whose howpublished says
# where it was published.
_WEB_TYPES = frozenset({"electronic", "online", "www"})


def _write_publisher(ctx: WriteContext, publisher: str) -> tuple[str | None, ...]:
    target = _field_read(ctx, publisher)
    if target is None:
        target = _publisher_field(ctx.type, ctx.dialect)
        if target == "howpublished" and _howpublished_taken(ctx):
            target = "publisher"  # the field is the container's, or the arXiv id's
    if target is None:
        ctx.warn(
            "dropped-field",
            f"biblatex's @{ctx.type} has no publisher field; {publisher!r} was left out",
        )
        return (None,) * len(_PUBLISHER_FIELDS)
    value = c.write_list_literal(ctx, publisher)
    return tuple(value if name == target else None for name in _PUBLISHER_FIELDS)


def _field_read(ctx: WriteContext, publisher: str) -> str | None:
    """The field the publisher was read from, where it is not the one the type gives and the
    publisher is as read (``_read_publisher``)."""
    native = ctx.work.native.get("bibtex")
    fields = native.fields if native is not None else ()
    return next(
        (
            f.name
            for f in fields
            if f.stands_for == "publisher"
            and f.read_as == publisher
            and f.name in _PUBLISHER_FIELDS
        ),
        None,
    )


def _howpublished_taken(ctx: WriteContext) -> bool:
    """Whether a misc's howpublished says something else: its container, the arXiv id the
    classic writer puts there, or the source's own words beside a publisher."""
    work = ctx.work
    native = work.native.get("bibtex")
    return (
        work.container_title is not None
        or (work.arxiv_id is not None and _classic(ctx))
        or (native is not None and any(f.name == "howpublished" for f in native.fields))
    )


def _publisher_carried(work: Work, dialect: str) -> dict[str, Any]:
    entry_type = choose_write(lambda name: getattr(work, name), "", dialect)
    return {} if _publisher_field(entry_type, dialect) else {"publisher": None}


# -- states that the entry type implies ----------------------------------------------------------


# -- number and type, whose meaning depends on the entry type ---------------------------------

# BibTeX's `number` is a report's number, a book's number in its series, or an issue.
_NUMBERED = frozenset({WorkType.REPORT, WorkType.THESIS, WorkType.STANDARD, WorkType.PATENT,
                       WorkType.BILL, WorkType.LEGISLATION, WorkType.REGULATION,
                       WorkType.TREATY})  # fmt: skip
_IN_SERIES = frozenset({WorkType.BOOK, WorkType.CHAPTER, WorkType.PAPER_CONFERENCE,
                        WorkType.COLLECTION, WorkType.CLASSIC, WorkType.ENTRY,
                        WorkType.ENTRY_DICTIONARY, WorkType.ENTRY_ENCYCLOPEDIA})  # fmt: skip
_NUMBER_FIELDS = ("issue", "number", "series_number")


def _number_field(work_type: WorkType) -> str:
    """The model field BibTeX's `number` is, for a type."""
    if work_type in _NUMBERED:
        return "number"
    return "series_number" if work_type in _IN_SERIES else "issue"


def _read_number(ctx: ReadContext, value: str) -> tuple[str | None, ...]:
    number = c.plain(value)
    return tuple(number if name == _number_field(ctx.type) else None for name in _NUMBER_FIELDS)


def _write_number(ctx: WriteContext, *numbers: str | None) -> str | None:
    number = next((n for n in numbers if n is not None), None)
    return c.write_plain(ctx, number) if number is not None else None


def _number_carried(work: Work, dialect: str) -> dict[str, Any]:
    number = next((n for n in (getattr(work, f) for f in _NUMBER_FIELDS) if n is not None), None)
    return {f: number if f == _number_field(work.type) else None for f in _NUMBER_FIELDS}


# biblatex's `type` names a kind by a localization key (`mathesis`); classic styles print the
# field as it is. The model holds the words (`Master's thesis`), as CSL's `genre` does.
GENRE_KEYS = {
    "phdthesis": "PhD thesis", "mathesis": "Master's thesis", "candthesis": "Candidate thesis",
    "techreport": "Technical report", "resreport": "Research report",
}  # fmt: skip


def _read_genre(ctx: ReadContext, value: str) -> str | None:
    genre = c.plain(value)
    return GENRE_KEYS.get(genre.strip().lower(), genre) if genre else None


def _write_genre(ctx: WriteContext, genre: str | None) -> str | None:
    if ctx.dialect == "biblatex":
        key = next((k for k, words in GENRE_KEYS.items() if words == genre), None)
        return key or (c.write_plain(ctx, genre) if genre else SUBTYPES.get(ctx.work.type))
    if genre is None or genre_of_entry(ctx.type) == genre:
        return None  # `@mastersthesis` says it
    return c.write_plain(ctx, genre)


def _genre_carried(work: Work, dialect: str) -> dict[str, Any]:
    """A thesis or (in biblatex) a report of no kind is written as its default kind."""
    if work.genre is not None:
        return {}
    if work.type is WorkType.THESIS:
        return {"genre": "PhD thesis"}
    default = SUBTYPES.get(work.type) if dialect == "biblatex" else None
    return {"genre": GENRE_KEYS[default]} if default else {}


# -- carriers --------------------------------------------------------------------------------


def _code_in_note(ctx: WriteContext) -> bool:
    # No state: the table is used without a writer (round-trip checks): the default options.
    return ctx.state is not None and bool(ctx.state.options.code_in_note)


def _code_in_annote(ctx: WriteContext) -> bool:
    return not _code_in_note(ctx)


def _read_url(text: str) -> str | None:
    match = re.fullmatch(r"\\url\{([^{}]*)\}", text)
    return c.unescape_url(match.group(1)) if match else None


# URLs as \url{...} (Zotero's import takes the command away), names with LaTeX's specials
# escaped.
_LATEX = Spelling(
    url=lambda url: f"\\url{{{c.url_in_text(url)}}}",
    read_url=_read_url,
    text=lambda ctx, text: c.latex_of(ctx).escape(text),
    read_text=lambda ctx, text: c.plain(text) or "",
)
_LINES = Parts(
    split=lambda value, labels: [line.strip() for line in value.splitlines() if line.strip()],
    join="\n".join,
)


def _split_sentences(value: str, labels: tuple[str, ...]) -> list[str]:
    """A note's sentences, split where a carrier's labelled sentence starts. The full stop
    before it stays with a sentence of the note's own (the note's text is kept as it was); a
    carrier's sentence ends without one."""
    parts: list[str] = []
    start = 0
    search = 0
    while (found := value.find(". ", search)) >= 0:
        rest = value[found + 2 :]
        if any(rest.startswith(label) for label in labels):
            labelled = any(value.startswith(label, start) for label in labels)
            parts.append(value[start : found if labelled else found + 1])
            start = found + 2
        search = found + 2
    parts.append(value[start:])
    return [part.strip() for part in parts if part.strip()]


def _join_sentences(parts: list[str]) -> str:
    """Sentences joined by ``. ``, or by a space after one that ends in its own stop."""
    text = ""
    for part in parts:
        if text:
            text += " " if text.endswith((".", "!", "?")) else ". "
        text += part
    return text


_SENTENCES = Parts(split=_split_sentences, join=_join_sentences)


MAPPING = Table(
    format="bibtex",
    types=TYPES,
    dialects=("bibtex", "biblatex"),
    library=("native",),  # a file's @preamble and @comment blocks
    parts={"note": _SENTENCES, "annote": _LINES},
    order=tuple(
        "author editor translator bookauthor title shorttitle journaltitle journal fjournal "
        "shortjournal booktitle eventtitle eventdate venue howpublished date type year month day "
        "volume volumes number chapter pages pagetotal publisher school institution organization "
        "location address edition series origtitle origdate origpublisher origlocation isbn issn "
        "language pubstate doi url urldate eprint archiveprefix eprinttype primaryclass "
        "eprintclass note addendum keywords annote abstract".split()
    ),
    rules=(
        Rule(
            ("authors", "authors_truncated"), ("author",), c.read_names, c.write_names,
            invalid="invalid-name",
            loses=("authors.dropping_particle",),
            carried=lambda w, d: {"authors": c.without_dropping_particles(w.authors)},
        ),
        _names("editors", "editor"),
        _text("title", "title", title=True, natives=("title", "subtitle"),
              to_model=_read_title, doc="BibLaTeX's subtitle joins the title after a colon"),
        _text("short_title", "shorttitle", title=True),
        _names("translators", "translator"),
        _names("container_authors", "bookauthor"),
        Rule(("container_title", "container_short"), ("fjournal", "journal"), _read_fjournal,
             lambda ctx, title, short: (None, None),
             when=lambda ctx: _classic(ctx) and _source_had("fjournal", ctx),
             doc="the AMS's and MathSciNet's full journal name beside its abbreviation"),
        _text("container_title", "journaltitle", title=True, when=_container_in("journaltitle")),
        _text("container_title", "journal", title=True, when=_container_in("journal")),
        _text("container_title", "booktitle", title=True, to_model=_read_booktitle,
              when=_container_in("booktitle")),
        Rule(("container_title",), ("howpublished",), None, c.write_title,
             when=_container_in("howpublished"), loses=("container_title",),
             carried=_misc_container_carried,
             doc="what classic styles print for a `@misc`; read back as its publisher"),
        Rule(("container_title",), (), None, _no_container,
             when=_container_in(None), doc="types with no such field: reported, left out"),
        Rule(("issued", "issued_text"), ("date",), c.read_issued_date, c.write_issued_date,
             invalid="invalid-date", when=_biblatex),
        Rule(("issued", "issued_text"), ("year", "month", "day"), c.read_date,
             c.write_year_month_day, invalid="invalid-date", when=_classic),
        Rule(("issued_text",), ("year",), None, c.write_year_text, when=_biblatex,
             doc="a date in words, which biber reads as a year but not as a date"),
        Rule(("genre",), ("type",), _read_genre, _write_genre, loses=("genre",),
             carried=_genre_carried, doc="a thesis of no kind is a PhD thesis"),
        _plain("container_short", "shortjournal"),
        _plain("volume", "volume"),
        _plain("volumes", "volumes"),
        Rule(_NUMBER_FIELDS, ("number",), _read_number, _write_number,
             loses=_NUMBER_FIELDS, carried=_number_carried),
        _read_only(_plain("issue", "issue")),
        _plain("chapter", "chapter"),
        Rule(("pages",), ("pages",), lambda ctx, v: c.plain(v), c.write_pages),
        _plain("page_count", "pagetotal"),
        Rule(("publisher",), _PUBLISHER_FIELDS, _read_publisher,
             _write_publisher, loses=("publisher",), carried=_publisher_carried),
        field("place", "location", _read_location, c.write_list_literal, when=_biblatex),
        _plain("place", "address", when=_classic),
        Rule(("event_place",), ("location",), _read_venue_in_location, None,
             doc="beside an address that says something else (the ACM Digital Library's "
             "exports), the place of the event"),
        _plain("edition", "edition"),
        _plain("version", "version"),
        _plain("series", "series"),
        _plain("event_title", "eventtitle"),
        Rule(("event_date",), ("eventdate",), c.read_iso_date, c.write_date,
             invalid="invalid-date"),
        _plain("event_place", "venue"),
        _text("original_title", "origtitle", title=True),
        Rule(("original_date",), ("origdate",), c.read_iso_date, c.write_date,
             invalid="invalid-date"),
        Rule(("original_date",), ("origyear",), c.read_iso_date, None, invalid="invalid-date",
             doc="biblatex's older spelling; read"),
        _plain("original_publisher", "origpublisher"),
        field("original_place", "origlocation", c.read_plain, c.write_list_literal),
        _value("isbn", "isbn", Isbn, invalid="invalid-isbn"),
        _value("issn", "issn", Issn, invalid="invalid-issn"),
        _plain("language", "language"),
        _plain("status", "pubstate"),
        Rule(("arxiv_id", "container_title"), ("howpublished",), None,
             c.write_arxiv_howpublished, when=_classic),
        # The eprint before the DOI: an arXiv DOI gives an id, but not its version.
        Rule(("arxiv_id", "categories"),
             ("eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"),
             c.read_eprint, c.write_eprint, invalid="invalid-arxiv-id"),
        Rule(("doi",), ("doi",), c.read_doi, c.write_doi, uses=("arxiv_id",),
             invalid="invalid-doi"),
        # Before the url: a howpublished the classic writer derives (`arXiv:<id>`) is read
        # (and so not kept) even where the work has a URL of its own.
        Rule(("url",), ("howpublished",), c.read_howpublished, None),
        field("url", "url", c.read_url, lambda ctx, url: c.write_url(url)),
        Rule(("accessed",), ("urldate",), c.read_iso_date, c.write_date, invalid="invalid-date"),
        # What no standard style should print travels in annote (Zotero: a child note); the
        # code repository in note only when asked for.
        code_carrier("note", _LATEX, when=_code_in_note),
        *carriers("annote", _LATEX, truncation=False, categories=False, code_when=_code_in_annote),
        _text("annotation", "annote"),
        _read_only(_text("annotation", "annotation")),
        _text("note", "note"),
        Rule(("categories", "keywords"), ("keywords",), c.read_keywords, c.write_keywords),
        Rule(("affiliations",), ("affiliation",), c.read_affiliations, None,
             doc="read (JabRef, Web of Science); written in annote"),
        _text("abstract", "abstract"),
    ),
)  # fmt: skip
