"""A matched work completed from its source records: what is filled, what is replaced, what
is kept and reported.

An empty field takes the source's value. A field the work already has is kept when the
source agrees (folded, for text) and reported as a conflict when it does not; never replaced
silently. Two replacements are the point of enrichment and are recorded as changes: an author
list that was truncated ("et al.") becomes the complete one, and a preprint with a published
version takes that version's type and date (cited as published, with its arXiv id kept).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from pubkit.enrich.matching import fold
from pubkit.enrich.report import Change, Conflict
from pubkit.model import Text, Work

# Where a published version appears: filled from the published record.
VENUE_FIELDS = (
    "container_title", "container_short", "volume", "issue", "number", "pages", "publisher",
    "place", "series", "series_number", "event_title", "isbn", "issn", "doi", "url",
)  # fmt: skip


@attrs.frozen
class Found:
    """A source record taken as the work: its source's name and how sure the match is."""

    work: Work
    source: str
    confidence: float


def fill(
    work: Work, published: Found | None, preprint: Found | None
) -> tuple[Work, list[Change], list[Conflict]]:
    """``work`` completed from its published version and its preprint (either may be None)."""
    values: dict[str, object] = {}
    changes: list[Change] = []
    conflicts: list[Conflict] = []

    def offer(field: str, value: object, source: str) -> None:
        current = values.get(field, getattr(work, field))
        if _empty(value):
            return
        if _empty(current):
            values[field] = value
            changes.append(Change(field, None, _shown(value), source))
        elif not _same(current, value):
            conflicts.append(Conflict(field, _shown(current), _shown(value), source))

    def replace(field: str, value: object, source: str) -> None:
        current = getattr(work, field)
        if not _empty(value) and not _same(current, value):
            values[field] = value
            changes.append(Change(field, _shown(current), _shown(value), source))

    found = [f for f in (published, preprint) if f is not None]
    fullest = max(found, key=lambda f: len(f.work.authors))
    incomplete = work.authors_truncated or not work.authors
    if incomplete and len(fullest.work.authors) > len(work.authors):
        replace("authors", fullest.work.authors, fullest.source)
        values["authors_truncated"] = False
    if published is not None:
        if work.is_preprint:
            replace("type", published.work.type, published.source)
            replace("issued", published.work.issued, published.source)
        for field in VENUE_FIELDS:
            offer(field, getattr(published.work, field), published.source)
        if published.work.editors:
            offer("editors", published.work.editors, published.source)
    for f in found:
        offer("arxiv_id", f.work.arxiv_id, f.source)
        offer("categories", f.work.categories, f.source)
    if preprint is not None and published is None:
        offer("url", preprint.work.url, preprint.source)
        offer("doi", preprint.work.doi, preprint.source)
    return attrs.evolve(work, **values), changes, conflicts  # type: ignore[arg-type]


def _empty(value: object) -> bool:
    return value is None or value == "" or value == ()


def _same(current: object, offered: object) -> bool:
    if isinstance(current, Text | str) and isinstance(offered, Text | str):
        return fold(str(current)) == fold(str(offered))
    if isinstance(current, tuple) and isinstance(offered, tuple):
        return [_shown(item) for item in current] == [_shown(item) for item in offered]
    return current == offered


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return "; ".join(_shown(item) for item in value)
    return str(value)


def same_record(one: Work, other: Work) -> bool:
    """Whether two source records are copies of one publication (a paper listed in two
    sources, or twice in one): the same DOI or arXiv id, or the same venue and pages."""
    if one.doi is not None and other.doi is not None:
        return one.doi.casefold() == other.doi.casefold()
    if one.arxiv_id is not None and other.arxiv_id is not None:
        return one.arxiv_id.base == other.arxiv_id.base
    venue = fold(str(one.container_title or "")), one.pages
    return venue == (fold(str(other.container_title or "")), other.pages)


def distinct(found: Sequence[Found]) -> list[Found]:
    """The records of ``found`` that are different publications, the surest of each."""
    kept: list[Found] = []
    for candidate in found:
        if not any(same_record(candidate.work, k.work) for k in kept):
            kept.append(candidate)
    return kept
