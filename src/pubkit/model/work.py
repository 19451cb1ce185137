"""A work: one paper, book, preprint ... with everything pubkit knows about it."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from types import MappingProxyType

import attrs

from pubkit.model.date import Date
from pubkit.model.identifiers import normalize_arxiv_id, normalize_doi
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


@attrs.frozen
class Affiliation:
    """An institution as the source names it (``code``), and its full name where known."""

    code: str
    name: str | None = None

    def __str__(self) -> str:
        return self.name or self.code


def _optional(normalize: Callable[[str], str]) -> Callable[[str | None], str | None]:
    def convert(value: str | None) -> str | None:
        return None if value is None else normalize(value)

    return convert


def frozen_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(sorted(value.items())))


@attrs.frozen
class Span:
    """Where a record starts in its source (1-based line and column)."""

    source: str
    line: int
    column: int | None = None


@attrs.frozen
class Work:
    """One work. Every field but ``type`` is optional; tuples keep the source's order.

    ``container_title`` is the journal, proceedings or book a part appears in; ``doi`` and
    ``arxiv_id`` are normalized on the way in (``https://doi.org/10.1/x`` -> ``10.1/x``).

    ``extra`` is the one open mapping: data that no field holds, under namespaced keys such as
    ``listing:category`` or ``bibtex:owner``, so that it survives a round trip. ``origin`` says
    where the record was read; it does not take part in equality.
    """

    type: WorkType = WorkType.ARTICLE
    key: str | None = None
    title: Text | None = attrs.field(default=None, converter=to_text)
    authors: tuple[Person, ...] = attrs.field(default=(), converter=tuple)
    authors_truncated: bool = False
    editors: tuple[Person, ...] = attrs.field(default=(), converter=tuple)
    issued: Date | None = None
    container_title: Text | None = attrs.field(default=None, converter=to_text)
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None  # where it was published: `Cambridge, MA`
    edition: str | None = None
    series: str | None = None  # the series or collection a book belongs to
    isbn: str | None = None
    issn: str | None = None
    language: str | None = None  # as the source says it: `en`, `english`
    doi: str | None = attrs.field(default=None, converter=_optional(normalize_doi))
    arxiv_id: str | None = attrs.field(default=None, converter=_optional(normalize_arxiv_id))
    url: str | None = None
    abstract: Text | None = attrs.field(default=None, converter=to_text)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    note: Text | None = attrs.field(default=None, converter=to_text)
    categories: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    has_code: bool = False
    code_url: str | None = None
    links: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    affiliations: tuple[Affiliation, ...] = attrs.field(default=(), converter=tuple)
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping, hash=False)
    origin: Span | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # A tuple given as `authors` may hold dicts or strings by mistake; fail early and clearly.
        for person in (*self.authors, *self.editors):
            if not isinstance(person, Person):
                raise TypeError(f"names must be Person objects, not {type(person).__name__}")
