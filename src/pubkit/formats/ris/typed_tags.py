"""RIS tags whose meaning depends on the record's type, as EndNote's reference types and
Zotero's RIS translator give it: a book's ``T2`` is its series and its editors are ``A3``
(``A2`` is the series editor); a report's ``T2`` is its series and its ``SN`` its number; a
conference paper's ``T2`` beside a ``C3`` is the conference and ``C1`` its place; a book's ``M1``
is its number in the series; a journal article's ``M1`` is EndNote's issue; a patent's ``A2``
is the authority that issued it.

Each rule here reads its tag for the types it names and returns ``UNREAD`` for the others, so
that the tag stays native there (written back as it came) or another rule reads it. What a rule
writes is what Zotero's RIS import reads back into the same field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pubkit.errors import InvalidValueError
from pubkit.formats.ris import converters as c
from pubkit.formats.rules import UNREAD, Converter, ReadContext, Rule, WriteContext
from pubkit.model import Date, Doi, PageRange, Person, Text, Work, WorkType

# Types whose T2 is a series title, not a container.
SERIES_IN_T2 = frozenset({WorkType.BOOK, WorkType.COLLECTION, WorkType.REPORT})
# Types whose editors are A3: a book's A2 is its series editor, a patent's the authority that
# issued it.
EDITORS_IN_A3 = frozenset({WorkType.BOOK, WorkType.COLLECTION, WorkType.PATENT})
# Types whose SN may be their number rather than an ISBN or ISSN.
NUMBER_IN_SN = frozenset({WorkType.REPORT, WorkType.PATENT})


def _read_editors(ctx: ReadContext, a2: list[str] | None, a3: list[str] | None) -> Any:
    own, other, other_tag = (a3, a2, "A2") if ctx.type in EDITORS_IN_A3 else (a2, a3, "A3")
    if other:
        ctx.leave(other_tag)  # series editors: no model field holds them; kept as they came
    if not own:
        return UNREAD if other else None
    return c.read_names(ctx, *((None, own) if other_tag == "A2" else (own, None)))[0]


def _write_editors(ctx: WriteContext, editors: tuple[Person, ...]) -> Any:
    names = c.write_names(ctx, editors)
    return (None, names) if ctx.work.type in EDITORS_IN_A3 else (names, None)


EDITORS = Rule(
    ("editors",), ("A2", "A3"), _read_editors, _write_editors, invalid="invalid-name",
    loses=("editors.dropping_particle",), carried=c.names_carried("editors"),
    doc="A2; a book's and a patent's A3 (their A2 is kept as it came)",
)  # fmt: skip


# The RIS specification's editor tag, which some exporters write instead of A2.
EDITORS_IN_ED = Rule(
    ("editors",), ("ED",), lambda ctx, lines: c.read_names(ctx, lines)[0], None,
    invalid="invalid-name", doc="the RIS specification's editors",
)  # fmt: skip
TRANSLATORS = Rule(
    ("translators",), ("A4",), lambda ctx, lines: c.read_names(ctx, lines)[0], c.write_names,
    invalid="invalid-name", loses=("translators.dropping_particle",),
    carried=c.names_carried("translators"), doc="as EndNote and Zotero write them",
)  # fmt: skip


def _has_other_c3(ctx: ReadContext, t2: str) -> bool:
    """A conference paper whose C3 (the proceedings) says something else than T2 (then the
    conference's name)."""
    c3: list[str] = ctx.record.fields.get("C3") or []
    return ctx.type is WorkType.PAPER_CONFERENCE and bool(c3) and c3[0] != t2


def _read_container(ctx: ReadContext, lines: list[str] | None) -> Any:
    value = c.first(ctx, lines, "T2")
    if not value:
        return None
    if ctx.type in SERIES_IN_T2 or _has_other_c3(ctx, value):
        return UNREAD
    return Text.plain(value)


def _container_carried(work: Work, dialect: str) -> dict[str, Any]:
    if work.container_title is None:
        return {}
    if work.type in SERIES_IN_T2:
        return {"container_title": None}
    return {"container_title": Text.plain(c.plain_text(work.container_title))}


def _no_container(ctx: WriteContext, container: Text) -> None:
    title = c.plain_text(container)
    ctx.warn(
        "dropped-field", f"a {ctx.type} record's T2 is its series: {title!r} (a container) left out"
    )


CONTAINER = (
    Rule(
        ("container_title",), ("T2",), _read_container,
        lambda ctx, title: [c.plain_text(title)],
        when=lambda ctx: ctx.work.type not in SERIES_IN_T2,
        loses=("container_title.chunks.marks", "container_title.chunks.kind"),
        carried=_container_carried,
    ),
    Rule(("container_title",), (), None, _no_container,
         when=lambda ctx: ctx.work.type in SERIES_IN_T2,
         doc="a book's or a report's T2 is its series: reported, left out"),
)  # fmt: skip


def _read_if(
    tag: str, applies: Callable[[ReadContext, str], bool], convert: Callable[[str], Any] = str
) -> Converter:
    """A reader of ``tag`` that reads it where ``applies(ctx, value)``, and leaves it to other
    rules (or native) elsewhere."""

    def read(ctx: ReadContext, lines: list[str] | None) -> Any:
        value = c.first(ctx, lines, tag)
        if not value:
            return None
        return convert(value) if applies(ctx, value) else UNREAD

    return read


def _of_types(types: frozenset[WorkType]) -> Callable[[ReadContext, str], bool]:
    return lambda ctx, value: ctx.type in types


# A book's series is written in T3, which Zotero reads as a book's series too and JabRef as
# any record's (it reads T2 as a journal); a report's in T2, the only tag Zotero reads for it.
_SERIES_WRITTEN_IN_T2 = frozenset({WorkType.REPORT})

SERIES = (
    Rule(("series",), ("T2",), _read_if("T2", _of_types(SERIES_IN_T2)), lambda ctx, s: [s],
         when=lambda ctx: ctx.work.type in _SERIES_WRITTEN_IN_T2,
         doc="a book's and a report's series, where Zotero and EndNote put it"),
    Rule(("series",), ("T3",),
         lambda ctx, lines: c.first(ctx, lines, "T3"), lambda ctx, series: [series],
         when=lambda ctx: ctx.work.type not in _SERIES_WRITTEN_IN_T2),
)  # fmt: skip


_CONFERENCE_PAPERS = frozenset({WorkType.PAPER_CONFERENCE})
_BOOKS_AND_MANUSCRIPTS = frozenset({WorkType.BOOK, WorkType.COLLECTION, WorkType.MANUSCRIPT})

# The RIS specification's BT: the book a part is in (a book's own title there is kept as it
# came: TI says it).
BOOK_TITLE = Rule(
    ("container_title",), ("BT",),
    _read_if("BT", lambda ctx, v: ctx.type not in _BOOKS_AND_MANUSCRIPTS, Text.plain), None,
    doc="the book a chapter is in (the RIS specification's)",
)  # fmt: skip

PROCEEDINGS = Rule(
    ("container_title",), ("C3",), _read_if("C3", _of_types(_CONFERENCE_PAPERS), Text.plain),
    lambda ctx, title: [c.plain_text(title)], when=lambda ctx: ctx.work.type in _CONFERENCE_PAPERS,
    doc="a conference paper's proceedings once more: Zotero reads T2 as the conference's name "
    "and C3 as the proceedings' title (another type's C3 is kept as it came: Cochrane's PubMed "
    "id)",
)  # fmt: skip


def _kept(read: Converter, tag: str) -> Converter:
    """``read``, with the tag written back as it came while the value is unchanged: what it
    reads, no rule writes (a report's number, the conference's name, a series number)."""

    def keeping(ctx: ReadContext, lines: list[str] | None) -> Any:
        value = read(ctx, lines)
        if value is not None and value is not UNREAD:
            ctx.keep(tag)
        return value

    return keeping


EVENT = Rule(
    ("event_title",), ("T2",), _kept(_read_if("T2", _has_other_c3), "T2"), None,
    doc="a conference paper's T2 beside a C3 that says something else: the conference",
)  # fmt: skip


_BOOKS = frozenset({WorkType.BOOK, WorkType.COLLECTION})
_CHAPTERS = frozenset({WorkType.CHAPTER})


def _series_number_carried(work: Work, dialect: str) -> dict[str, Any]:
    return {} if work.type in _BOOKS else {"series_number": None}


SERIES_NUMBER = (
    Rule(("series_number",), ("M1",), _read_if("M1", _of_types(_BOOKS)), lambda ctx, n: [n],
         when=lambda ctx: ctx.work.type in _BOOKS, carried=_series_number_carried,
         loses=("series_number",),
         doc="a book's number in its series"),
    Rule(("series_number",), ("SV",), _kept(_read_if("SV", _of_types(_CHAPTERS)), "SV"), None,
         doc="a chapter's series number"),
)  # fmt: skip

# An issue: `2`, `S1`, `3-4`, `Suppl 2`; not Ovid's M1 lines, which cite references.
_ISSUE = re.compile(r"(?=.*\d)[\w.\-\u2013/ ]{1,12}")


def _issue_in_m1(ctx: ReadContext, value: str) -> bool:
    return ctx.type is WorkType.ARTICLE_JOURNAL and _ISSUE.fullmatch(value) is not None


ISSUE_IN_M1 = Rule(
    ("issue",), ("M1",), _read_if("M1", _issue_in_m1), None,
    doc="a journal article's issue as EndNote writes it, where IS says nothing",
)  # fmt: skip
PLACE_IN_C1 = Rule(
    ("place",), ("C1",), _read_if("C1", _of_types(_CONFERENCE_PAPERS)), None,
    doc="a conference paper's place as Zotero writes it, where CY says nothing",
)  # fmt: skip


def _number_in_sn(ctx: ReadContext, lines: list[str] | None) -> bool:
    """A report's or a patent's SN that is no ISBN or ISSN: its number (`TR-2021-04`)."""
    if not lines:
        return False
    return ctx.type in NUMBER_IN_SN and c.serial(lines[0]) is None


NUMBER = Rule(
    ("number",), ("SN",),
    _kept(lambda ctx, lines: c.first(ctx, lines, "SN") if _number_in_sn(ctx, lines) else UNREAD,
          "SN"),
    None, doc="a report's or a patent's SN that is no ISBN or ISSN",
)  # fmt: skip
SERIAL = Rule(
    ("isbn", "issn"), ("SN",),
    lambda ctx, lines: UNREAD if _number_in_sn(ctx, lines) else c.read_serial(ctx, lines),
    c.write_serial, invalid="invalid-isbn", doc="one tag for both: a line each",
)  # fmt: skip


def _doi_in_m3(value: str | None) -> Doi | None:
    """Taylor & Francis and Wiley write ``M3  - doi: 10.1080/...`` on journal articles."""
    if not value or "10." not in value:
        return None
    try:
        return Doi(value)
    except InvalidValueError:
        return None


def _read_doi(ctx: ReadContext, do: list[str] | None, m3: list[str] | None) -> Any:
    doi = Doi(v) if (v := c.first(ctx, do, "DO")) else None
    in_m3 = _doi_in_m3(m3[0] if m3 else None)
    if in_m3 is None or (doi is not None and doi.casefold() != in_m3.casefold()):
        if m3:
            ctx.leave("M3")
        return doi
    return doi or in_m3


def _write_doi(ctx: WriteContext, doi: Doi | None, arxiv_id: object) -> Any:
    found = doi or ctx.work.arxiv_doi
    return ([str(found)] if found else None), None


DOI = Rule(("doi",), ("DO", "M3"), _read_doi, _write_doi, uses=("arxiv_id",),
           invalid="invalid-doi", doc="DO; a DOI in M3 (Taylor & Francis, Wiley) too")  # fmt: skip


def _read_genre(ctx: ReadContext, lines: list[str] | None) -> Any:
    value = c.first(ctx, lines, "M3")
    return UNREAD if _doi_in_m3(value) else value


GENRE = Rule(("genre",), ("M3",), _read_genre, lambda ctx, genre: [genre])


def _read_accessed(ctx: ReadContext, lines: list[str] | None) -> Date | None:
    value = c.first(ctx, lines, "Y2")
    if not value:
        return None
    year, month, day, other = c.date_parts(value)
    if year is None:
        raise InvalidValueError(f"Y2 {value!r} is no date")
    if other or len(lines or ()) > 1:
        ctx.keep("Y2")  # `2014/12/17/09:26:39`: the time written back as it came
    return Date(year, month, day)


ACCESSED = Rule(("accessed",), ("Y2",), _read_accessed, lambda ctx, d: [c.ris_date(d)],
                invalid="invalid-date",
                doc="the access date, `YYYY/MM/DD/` as Zotero writes it")  # fmt: skip


def _read_abbreviation(tag: str) -> Any:
    def read(ctx: ReadContext, lines: list[str] | None) -> Any:
        value = c.first(ctx, lines, tag)
        if not value:
            return None, None
        if "container_title" in ctx.values:  # `JO` beside `T2`: the journal's abbreviation
            return UNREAD if value == str(ctx.values["container_title"]) else (None, value)
        return Text.plain(value), None

    return read


ABBREVIATIONS = tuple(
    Rule(("container_title", "container_short"), (tag,), _read_abbreviation(tag), None,
         doc="the journal, or beside T2 or JF its abbreviation")
    for tag in ("JO", "JA")
)  # fmt: skip


# Types whose SP alone is their number of pages (EndNote's templates, Zotero's numPages).
_PAGE_COUNTED = frozenset(
    {WorkType.BOOK, WorkType.COLLECTION, WorkType.THESIS, WorkType.MANUSCRIPT}
)
_COUNT = re.compile(r"\d+")


def _is_page_count(ctx: ReadContext, start: list[str] | None, end: list[str] | None) -> bool:
    if not start or end:
        return False
    return ctx.type in _PAGE_COUNTED and _COUNT.fullmatch(start[0]) is not None


def _read_pages(ctx: ReadContext, start: list[str] | None, end: list[str] | None) -> Any:
    return UNREAD if _is_page_count(ctx, start, end) else c.read_pages(ctx, start, end)


def _page_count_written(work: Work) -> bool:
    """Whether SP carries the work's page count: a book's or a thesis's without pages."""
    return (
        work.type in _PAGE_COUNTED
        and work.pages is None
        and _COUNT.fullmatch(work.page_count or "") is not None
    )


def _page_count_carried(work: Work, dialect: str) -> dict[str, Any]:
    return {} if _page_count_written(work) else {"page_count": None}


def _write_pages(ctx: WriteContext, pages: PageRange) -> Any:
    """SP and EP; a book's or a thesis's one page in both, since SP alone is its page count."""
    if ctx.work.type in _PAGE_COUNTED and not pages.last:
        return [pages.first], [pages.first]
    return c.write_pages(ctx, pages)


PAGES = (
    Rule(("pages",), ("SP", "EP"), _read_pages, _write_pages),
    Rule(
        ("page_count",), ("SP",),
        lambda ctx, lines: lines[0] if _is_page_count(ctx, lines, None) else UNREAD,
        lambda ctx, count: [count],
        when=lambda ctx: _page_count_written(ctx.work),
        loses=("page_count",), carried=_page_count_carried,
        doc="a book's or a thesis's number of pages, SP alone",
    ),
)  # fmt: skip
