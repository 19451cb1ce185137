"""A work: one paper, book, preprint ... with everything pubkit knows about it."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from pubkit.location import Location
from pubkit.model.date import Date
from pubkit.model.identifiers import ArxivId, Doi, Isbn, Issn, without_derived_doi
from pubkit.model.native import JsonValue, Native, frozen_mapping, native_mapping
from pubkit.model.pages import PageRange
from pubkit.model.person import Person
from pubkit.model.text import Text, to_text


class WorkType(enum.StrEnum):
    """The kind of work. Values are CSL 1.0.2 type names, so CSL is the lingua franca."""

    ARTICLE = "article"  # a preprint or working paper: what a listing holds
    ARTICLE_JOURNAL = "article-journal"
    ARTICLE_MAGAZINE = "article-magazine"
    ARTICLE_NEWSPAPER = "article-newspaper"
    BILL = "bill"
    BOOK = "book"
    BROADCAST = "broadcast"
    CHAPTER = "chapter"
    CLASSIC = "classic"
    COLLECTION = "collection"
    DATASET = "dataset"
    DOCUMENT = "document"
    ENTRY = "entry"
    ENTRY_DICTIONARY = "entry-dictionary"
    ENTRY_ENCYCLOPEDIA = "entry-encyclopedia"
    EVENT = "event"
    FIGURE = "figure"
    GRAPHIC = "graphic"
    HEARING = "hearing"
    INTERVIEW = "interview"
    LEGAL_CASE = "legal_case"
    LEGISLATION = "legislation"
    MANUSCRIPT = "manuscript"
    MAP = "map"
    MOTION_PICTURE = "motion_picture"
    MUSICAL_SCORE = "musical_score"
    PAMPHLET = "pamphlet"
    PAPER_CONFERENCE = "paper-conference"
    PATENT = "patent"
    PERFORMANCE = "performance"
    PERIODICAL = "periodical"
    PERSONAL_COMMUNICATION = "personal_communication"
    POST = "post"
    POST_WEBLOG = "post-weblog"
    REGULATION = "regulation"
    REPORT = "report"
    REVIEW = "review"
    REVIEW_BOOK = "review-book"
    SOFTWARE = "software"
    SONG = "song"
    SPEECH = "speech"
    STANDARD = "standard"
    THESIS = "thesis"
    TREATY = "treaty"
    WEBPAGE = "webpage"


# Types of works that are parts of a venue (a journal, proceedings, a book): such a work with an
# arXiv id is the published version, and the arXiv DOI is its preprint's, not its own.
PART_TYPES = frozenset(
    {WorkType.ARTICLE_JOURNAL, WorkType.ARTICLE_MAGAZINE, WorkType.ARTICLE_NEWSPAPER,
     WorkType.PAPER_CONFERENCE, WorkType.CHAPTER, WorkType.ENTRY, WorkType.ENTRY_DICTIONARY,
     WorkType.ENTRY_ENCYCLOPEDIA, WorkType.REVIEW, WorkType.REVIEW_BOOK}
)  # fmt: skip


@attrs.frozen
class Affiliation:
    """An institution as the source names it (``code``), and its full name where known."""

    code: str
    name: str | None = None

    def __str__(self) -> str:
        return self.name or self.code


def _pages(value: str | None) -> PageRange | None:
    return None if value is None else PageRange(value)


def _doi(value: str | None) -> Doi | None:
    return None if value is None else Doi(value)


def _arxiv_id(value: str | None) -> ArxivId | None:
    return None if value is None else ArxivId(value)


def _isbn(value: str | None) -> Isbn | None:
    return None if value is None else Isbn(value)


def _issn(value: str | None) -> Issn | None:
    return None if value is None else Issn(value)


def _persons(value: Iterable[Person]) -> tuple[Person, ...]:
    persons = tuple(value)
    for person in persons:  # a tuple of dicts or strings by mistake: fail early and clearly
        if not isinstance(person, Person):
            raise TypeError(f"names must be Person objects, not {type(person).__name__}")
    return persons


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _affiliations(value: Iterable[Affiliation]) -> tuple[Affiliation, ...]:
    return tuple(value)


@attrs.frozen
class Work:
    """One work. Every field but ``type`` is optional; tuples keep the source's order.

    ``container_title`` is the journal, proceedings or book a part appears in. Identifiers and
    pages are value types that normalize on the way in (``https://doi.org/10.1/x`` ->
    ``10.1/x``, ``12--34`` -> ``12–34``) and compare equal to their strings.

    ``extra`` is the one open mapping: data that no field holds, under namespaced keys such as
    ``listing:category``, with JSON values. ``native`` holds, per format, what a source in that
    format said that the model has no field for, so that writing back to it loses nothing.
    ``origin`` says where the record was read; it does not take part in equality.
    """

    type: WorkType = WorkType.ARTICLE
    key: str | None = None
    title: Text | None = attrs.field(default=None, converter=to_text)
    short_title: Text | None = attrs.field(default=None, converter=to_text)
    authors: tuple[Person, ...] = attrs.field(default=(), converter=_persons)
    authors_truncated: bool = False
    editors: tuple[Person, ...] = attrs.field(default=(), converter=_persons)
    translators: tuple[Person, ...] = attrs.field(default=(), converter=_persons)
    issued: Date | None = None
    # The date as the source wrote it, where it names no year (`19xx`, `in press`): printed
    # as it is, as BibTeX prints it. Writers use it only where ``issued`` is None.
    issued_text: str | None = None
    container_title: Text | None = attrs.field(default=None, converter=to_text)
    container_short: str | None = None  # the journal's abbreviation: `Phys. Rev. Lett.`
    container_authors: tuple[Person, ...] = attrs.field(default=(), converter=_persons)
    volume: str | None = None
    volumes: str | None = None  # how many volumes the work has
    issue: str | None = None
    number: str | None = None  # of a report, a standard, a patent
    chapter: str | None = None
    pages: PageRange | None = attrs.field(default=None, converter=_pages)
    page_count: str | None = None
    publisher: str | None = None
    place: str | None = None  # where it was published: `Cambridge, MA`
    edition: str | None = None
    version: str | None = None  # of software or a dataset, or an arXiv-style revision: `3`
    series: str | None = None  # the series or collection a book belongs to
    series_number: str | None = None  # its number in the series
    genre: str | None = None  # what kind of thesis or report: `PhD thesis`, `Research note`
    event_title: str | None = None  # the conference, as its own name: `NeurIPS 2024`
    event_date: Date | None = None
    event_place: str | None = None
    original_title: Text | None = attrs.field(default=None, converter=to_text)  # of a translation
    original_date: Date | None = None  # or a reprint
    original_publisher: str | None = None
    original_place: str | None = None
    isbn: Isbn | None = attrs.field(default=None, converter=_isbn)
    issn: Issn | None = attrs.field(default=None, converter=_issn)
    language: str | None = None  # as the source says it: `en`, `english`
    status: str | None = None  # of publication, as the source says it: `in press`, `submitted`
    doi: Doi | None = attrs.field(default=None, converter=_doi)
    arxiv_id: ArxivId | None = attrs.field(default=None, converter=_arxiv_id)
    url: str | None = None
    accessed: Date | None = None  # when the URL was visited
    abstract: Text | None = attrs.field(default=None, converter=to_text)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    note: Text | None = attrs.field(default=None, converter=to_text)
    annotation: Text | None = attrs.field(default=None, converter=to_text)  # a reader's comment
    categories: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    has_code: bool = False
    code_url: str | None = None
    links: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    affiliations: tuple[Affiliation, ...] = attrs.field(default=(), converter=_affiliations)
    extra: Mapping[str, JsonValue] = attrs.field(factory=dict, converter=frozen_mapping, hash=False)
    native: Mapping[str, Native] = attrs.field(factory=dict, converter=native_mapping, hash=False)
    origin: Location | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def is_preprint(self) -> bool:
        """Whether the work is a posting of its own, not a part of a venue."""
        return self.type not in PART_TYPES and self.container_title is None

    @property
    def arxiv_doi(self) -> Doi | None:
        """The DOI arXiv gives the work, when the work is that arXiv posting (a journal
        article with an arXiv id is not: the arXiv DOI is its preprint's)."""
        if self.arxiv_id is None or not self.is_preprint:
            return None
        return self.arxiv_id.doi

    @property
    def any_doi(self) -> Doi | None:
        """The work's DOI, or the one arXiv gives it as a preprint."""
        return self.doi or self.arxiv_doi


def normalize_fields(values: Mapping[str, object]) -> dict[str, object]:
    """The model's rules across fields, for values about to become a work: an arXiv DOI
    (``10.48550/arXiv.1706.03762``) gives the arXiv id, and a preprint does not keep the DOI
    arXiv gives it (writers derive it again)."""
    doi, arxiv_id = values.get("doi"), values.get("arxiv_id")
    if not isinstance(doi, str):
        return {}
    doi = Doi(doi)
    arxiv = ArxivId(arxiv_id) if isinstance(arxiv_id, str) else doi.arxiv_id
    if arxiv is None:
        return {}
    preprint = values.get("type") not in PART_TYPES and values.get("container_title") is None
    return {"doi": without_derived_doi(doi, arxiv) if preprint else doi, "arxiv_id": arxiv}
