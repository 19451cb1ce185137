"""Online sources: arXiv, Crossref, DBLP and OpenAlex, asked by title (and first author), their
answers read into works for ``matching`` to judge.

Each service's answer is read field by field; a field it gives in a shape pubkit does not
expect is left out, a record without a title is skipped, and an answer that is not the
service's format at all is one ``ServiceError``. The base URL of each can be changed (a
mirror, or the recording server of the tests).
"""

from __future__ import annotations

import abc
import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from pubkit.enrich.http import Client, ServiceError
from pubkit.enrich.matching import fold
from pubkit.errors import InvalidValueError
from pubkit.formats.rules import is_empty
from pubkit.model import Date, Person, Work, WorkType
from pubkit.model.identifiers import arxiv_id_of_address
from pubkit.names import parse_name

ROWS = 5  # candidates asked for per work


class OnlineSource(abc.ABC):
    """A service asked for the records whose titles look like a work's; each service says how
    to ask (``query``) and how to read the answer (``records``)."""

    name: ClassVar[str]
    base_url: ClassVar[str]
    pause: ClassVar[float]  # seconds between two requests, as the provider asks

    def __init__(self, client: Client, base_url: str | None = None) -> None:
        self.client = client
        self.url = (base_url or self.base_url).rstrip("/")

    def candidates(self, work: Work) -> Sequence[Work]:
        if work.title is None or not fold(str(work.title)):
            return ()
        path, params = self.query(work)
        body = self.client.get(self.url + path, params, pause=self.pause)
        if body is None:
            return ()
        try:
            records = list(self.records(body))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ServiceError(f"{self.name}: an answer pubkit cannot read ({exc})") from exc
        return tuple(w for w in (_work(record) for record in records) if w is not None)

    @abc.abstractmethod
    def query(self, work: Work) -> tuple[str, dict[str, str]]:
        """The path and the parameters of the request for ``work``'s candidates."""

    @abc.abstractmethod
    def records(self, body: bytes) -> Iterator[dict[str, Any]]:
        """The service's records as the keyword arguments of works (unchecked values)."""


def _first_author(work: Work) -> str:
    return work.authors[0].family_with_particle if work.authors else ""


class Crossref(OnlineSource):
    """Crossref's REST API: ``/works?query.bibliographic=``; ``mailto`` joins the polite pool."""

    name = "crossref"
    base_url = "https://api.crossref.org"
    pause = 0.1

    def query(self, work: Work) -> tuple[str, dict[str, str]]:
        params = {
            "query.bibliographic": f"{work.title} {_first_author(work)}".strip(),
            "rows": str(ROWS),
        }
        if self.client.contact:
            params["mailto"] = self.client.contact
        return "/works", params

    def records(self, body: bytes) -> Iterator[dict[str, Any]]:
        message = json.loads(body)["message"]
        for item in message.get("items", [message] if "DOI" in message else []):
            yield _crossref_record(item)


# Crossref's and OpenAlex's ``type_crossref`` work types as CSL types.
_CROSSREF_TYPES = {
    "journal-article": WorkType.ARTICLE_JOURNAL,
    "proceedings-article": WorkType.PAPER_CONFERENCE,
    "book-chapter": WorkType.CHAPTER,
    "book-part": WorkType.CHAPTER,
    "book-section": WorkType.CHAPTER,
    "book": WorkType.BOOK,
    "monograph": WorkType.BOOK,
    "edited-book": WorkType.BOOK,
    "reference-book": WorkType.BOOK,
    "posted-content": WorkType.ARTICLE,
    "report": WorkType.REPORT,
    "dissertation": WorkType.THESIS,
    "dataset": WorkType.DATASET,
    "reference-entry": WorkType.ENTRY,
    "standard": WorkType.STANDARD,
}


def _crossref_person(author: Mapping[str, Any]) -> Person | None:
    if "family" not in author:  # an organization, or a name in one piece
        return _person(str(author.get("name") or author.get("given") or ""))
    try:
        return Person(given=author.get("given"), family=author["family"])
    except InvalidValueError:
        return None


def _crossref_record(item: Mapping[str, Any]) -> dict[str, Any]:
    authors = [_crossref_person(author) for author in item.get("author", [])]
    dates = item.get("issued") or item.get("published-print") or item.get("published") or {}
    return {
        "type": _CROSSREF_TYPES.get(item.get("type", ""), WorkType.DOCUMENT),
        "title": _without_markup(_one(item.get("title"))),
        "authors": authors,
        "issued": _date_parts(dates.get("date-parts")),
        "container_title": _without_markup(_one(item.get("container-title"))),
        "container_short": _one(item.get("short-container-title")),
        "volume": item.get("volume"),
        "issue": item.get("issue"),
        "pages": item.get("page"),
        "publisher": item.get("publisher"),
        "doi": item.get("DOI"),
        "url": item.get("URL"),
        "isbn": _one(item.get("ISBN")),
        "issn": _one(item.get("ISSN")),
        "event_title": (item.get("event") or {}).get("name"),
    }


class Arxiv(OnlineSource):
    """arXiv's API (Atom): ``/api/query?search_query=ti:"..."``; three seconds between calls."""

    name = "arxiv"
    base_url = "https://export.arxiv.org"
    pause = 3.0

    def query(self, work: Work) -> tuple[str, dict[str, str]]:
        words = fold(str(work.title))
        return "/api/query", {"search_query": f'ti:"{words}"', "max_results": str(ROWS)}

    def records(self, body: bytes) -> Iterator[dict[str, Any]]:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        feed = etree.fromstring(body, parser)
        if feed.tag != f"{{{_ATOM}}}feed":
            raise ValueError(f"not an Atom feed: <{feed.tag}>")
        for entry in feed.iterfind(f"{{{_ATOM}}}entry"):
            arxiv_id = _text(entry, "id").rsplit("/abs/", 1)[-1]
            primary = entry.find(f"{{{_ARXIV}}}primary_category")
            categories = [c.get("term", "") for c in entry.iterfind(f"{{{_ATOM}}}category")]
            if primary is not None and primary.get("term"):
                first = primary.get("term", "")
                categories = [first, *(c for c in categories if c != first)]
            yield {
                "type": WorkType.ARTICLE,
                "title": " ".join(_text(entry, "title").split()),
                "authors": [
                    _person(_text(author, "name"))
                    for author in entry.iterfind(f"{{{_ATOM}}}author")
                ],
                "issued": _iso_date(_text(entry, "published")),
                "arxiv_id": arxiv_id_of_address(_text(entry, "id")),
                "categories": tuple(c for c in categories if re.fullmatch(r"[\w.-]+", c)),
                "doi": _text(entry, f"{{{_ARXIV}}}doi") or None,
                "url": f"https://arxiv.org/abs/{arxiv_id}",
            }


_ATOM = "http://www.w3.org/2005/Atom"
_ARXIV = "http://arxiv.org/schemas/atom"


def _text(element: Any, tag: str) -> str:
    found = element.find(tag if tag.startswith("{") else f"{{{_ATOM}}}{tag}")
    return (found.text or "").strip() if found is not None else ""


class Dblp(OnlineSource):
    """DBLP's search API: ``/search/publ/api?q=...&format=json``."""

    name = "dblp"
    base_url = "https://dblp.org"
    pause = 1.0

    def query(self, work: Work) -> tuple[str, dict[str, str]]:
        query = f"{fold(str(work.title))} {fold(_first_author(work))}".strip()
        return "/search/publ/api", {"q": query, "format": "json", "h": str(ROWS)}

    def records(self, body: bytes) -> Iterator[dict[str, Any]]:
        hits = json.loads(body)["result"]["hits"].get("hit", [])
        for hit in hits:
            yield _dblp_record(hit["info"])


_DBLP_TYPES = {
    "Journal Articles": WorkType.ARTICLE_JOURNAL,
    "Conference and Workshop Papers": WorkType.PAPER_CONFERENCE,
    "Informal and Other Publications": WorkType.ARTICLE,  # CoRR preprints among them
    "Informal Publications": WorkType.ARTICLE,
    "Books and Theses": WorkType.BOOK,
    "Parts in Books or Collections": WorkType.CHAPTER,
    "Reference Works": WorkType.ENTRY,
    "Data and Artifacts": WorkType.DATASET,
}
_DBLP_HOMONYM = re.compile(r"\s+\d{4}$")  # `Lei Li 0005`: DBLP's number for one of many


def _dblp_record(info: Mapping[str, Any]) -> dict[str, Any]:
    listed = (info.get("authors") or {}).get("author", [])
    if isinstance(listed, dict):
        listed = [listed]
    # DBLP's JSON keeps some XML entities (`Aref&apos;eva`).
    authors = [_person(_DBLP_HOMONYM.sub("", html.unescape(a.get("text", "")))) for a in listed]
    kind = _DBLP_TYPES.get(info.get("type", ""), WorkType.DOCUMENT)
    electronic = _one(info.get("ee"))
    arxiv = arxiv_id_of_address(electronic) if electronic else None
    record = {
        "type": kind,
        "title": html.unescape(str(info.get("title", ""))).removesuffix("."),
        "authors": authors,
        "issued": _year(info.get("year")),
        "volume": info.get("volume"),
        "issue": info.get("number"),
        "pages": info.get("pages"),
        "doi": str(info["doi"]).lower() if info.get("doi") else None,  # DBLP's are upper case
        "url": electronic,
    }
    if arxiv:
        record.update(arxiv_id=arxiv, type=WorkType.ARTICLE, volume=None)
    elif kind is not WorkType.ARTICLE:
        record["container_title"] = _one(info.get("venue"))
    return record


class OpenAlex(OnlineSource):
    """OpenAlex: ``/works?filter=title.search:...``; ``mailto`` joins the polite pool."""

    name = "openalex"
    base_url = "https://api.openalex.org"
    pause = 0.1

    def query(self, work: Work) -> tuple[str, dict[str, str]]:
        words = fold(str(work.title)).replace(",", " ")
        params = {"filter": f"title.search:{words}", "per-page": str(ROWS)}
        if self.client.contact:
            params["mailto"] = self.client.contact
        return "/works", params

    def records(self, body: bytes) -> Iterator[dict[str, Any]]:
        answer = json.loads(body)
        for item in answer.get("results", [answer] if "id" in answer else []):
            yield _openalex_record(item)


def _openalex_record(item: Mapping[str, Any]) -> dict[str, Any]:
    location = item.get("primary_location") or {}
    venue = location.get("source") or {}
    biblio = item.get("biblio") or {}
    first, last = biblio.get("first_page"), biblio.get("last_page")
    pages = first if not last or last == first else f"{first}–{last}" if first else None
    kind = _CROSSREF_TYPES.get(item.get("type_crossref") or "") or _openalex_type(
        str(item.get("type") or ""), str(venue.get("type") or "")
    )
    places = [place.get("landing_page_url") or "" for place in item.get("locations") or []]
    arxiv = next(filter(None, map(arxiv_id_of_address, places)), None)
    record = {
        "type": kind,
        "title": item.get("title") or item.get("display_name"),
        "authors": [
            _person((a.get("author") or {}).get("display_name") or a.get("raw_author_name", ""))
            for a in item.get("authorships") or []
        ],
        "issued": _iso_date(item.get("publication_date") or "")
        or _year(item.get("publication_year")),
        "volume": biblio.get("volume"),
        "issue": biblio.get("issue"),
        "pages": pages,
        "doi": item.get("doi"),
        "url": location.get("landing_page_url"),
        "arxiv_id": arxiv,
    }  # fmt: skip
    if venue.get("type") != "repository":  # arXiv, a university's repository: not a venue
        record["container_title"] = venue.get("display_name")
        record["publisher"] = venue.get("host_organization_name")
    return record


_OPENALEX_TYPES = {
    "preprint": WorkType.ARTICLE,
    "book-chapter": WorkType.CHAPTER,
    "book": WorkType.BOOK,
    "dissertation": WorkType.THESIS,
    "dataset": WorkType.DATASET,
    "report": WorkType.REPORT,
    "reference-entry": WorkType.ENTRY,
    "standard": WorkType.STANDARD,
}


def _openalex_type(kind: str, venue: str) -> WorkType:
    """OpenAlex's own type; an ``article`` (or a ``review``) is a paper of its venue's kind."""
    if kind in ("article", "review", "letter", "editorial"):
        if venue == "conference":
            return WorkType.PAPER_CONFERENCE
        return WorkType.ARTICLE if venue == "repository" else WorkType.ARTICLE_JOURNAL
    return _OPENALEX_TYPES.get(kind, WorkType.DOCUMENT)


SERVICES: dict[str, type[OnlineSource]] = {
    source.name: source for source in (Arxiv, Crossref, Dblp, OpenAlex)
}


def _work(record: dict[str, Any]) -> Work | None:
    """A work of the record's valid values (an invalid DOI is left out, not the record)."""
    values: dict[str, Any] = {}
    for field, value in record.items():
        if is_empty(value):
            continue
        if field == "authors":
            value = tuple(p for p in value if p is not None)
        values[field] = value
    if not values.get("title"):
        return None
    try:
        return Work(**values)
    except InvalidValueError:
        pass
    for field in list(values):
        try:
            Work(**{"title": values["title"], field: values[field]})
        except (InvalidValueError, TypeError, ValueError):
            del values[field]
    return Work(**values)


def _person(name: str) -> Person | None:
    try:
        return parse_name(name)
    except InvalidValueError:
        return None


_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>")


def _without_markup(text: str | None) -> str | None:
    """Crossref's titles hold JATS and HTML tags (``H<sub>2</sub>O``, ``<i>E. coli</i>``)."""
    return " ".join(html.unescape(_MARKUP.sub("", text)).split()) if text else text


def _one(values: Any) -> str | None:
    if isinstance(values, list):
        return str(values[0]) if values else None
    return str(values) if values else None


def _date_parts(parts: Any) -> Date | None:
    try:
        numbers = [int(n) for n in parts[0] if n is not None]
        return Date.from_parts(*numbers[:3]) if numbers else None
    except (TypeError, IndexError, ValueError, InvalidValueError):
        return None


def _iso_date(text: str) -> Date | None:
    try:
        return Date.parse(text[:10])
    except InvalidValueError:
        return None


def _year(value: Any) -> Date | None:
    try:
        return Date(int(value))
    except (TypeError, ValueError, InvalidValueError):
        return None
