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

from pubkit.enrich.grouping import is_preprint
from pubkit.enrich.matching import Found, fold, stated_arxiv_id
from pubkit.enrich.report import Change, Conflict
from pubkit.formats.rules import is_empty
from pubkit.model import Doi, Text, Work
from pubkit.model.identifiers import arxiv_id_of_address

# What a published version has: filled from it where the work has nothing.
PUBLISHED_FIELDS = (
    "container_title", "container_short", "volume", "issue", "number", "pages", "publisher",
    "place", "series", "series_number", "event_title", "isbn", "issn", "editors", "doi", "url",
)  # fmt: skip


# What a preprint's record says of where it was posted (``journal = {CoRR}``, ``volume =
# {abs/2009.13752}``, ``publisher = {arXiv}``): replaced by the published version's.
POSTING_FIELDS = ("container_title", "container_short", "volume", "issue", "number", "publisher")


def fill(
    work: Work, published: Sequence[Found], preprints: Sequence[Found]
) -> tuple[Work, list[Change], list[Conflict]]:
    """``work`` completed from the copies of its published version and of its preprint (each
    in the order of preference; either may be empty). The first copy fills a field; the others
    confirm it or are reported as conflicts."""
    values: dict[str, object] = {}
    taken: dict[str, str] = {}  # field -> the source that filled it
    changes: list[Change] = []
    conflicts: list[Conflict] = []

    def offer(field: str, value: object, source: str) -> None:
        current = values.get(field, getattr(work, field))
        if is_empty(value):
            return
        if is_empty(current):
            values[field] = value
            taken[field] = source
            changes.append(Change(field, None, _shown(value), source))
        elif not _same(field, current, value, values.get("doi", work.doi)):
            conflict = Conflict(field, _shown(current), _shown(value), source, taken.get(field))
            conflicts.append(conflict)

    def replace(field: str, value: object, source: str, *, clear: bool = False) -> None:
        """``field`` becomes ``value``; with ``clear``, an empty ``value`` empties it."""
        current = getattr(work, field)
        if is_empty(value):
            if clear and not is_empty(current):
                values[field] = () if isinstance(current, tuple) else None
                changes.append(Change(field, _shown(current), None, source))
        elif current != value:
            values[field] = value
            taken[field] = source
            changes.append(Change(field, _shown(current), _shown(value), source))

    every = [*published, *preprints]
    # A source's own list may end with "and others": a complete list is preferred.
    complete = [f for f in every if not f.work.authors_truncated]
    fullest = max(complete or every, key=lambda f: len(f.work.authors))
    if (work.authors_truncated or not work.authors) and len(fullest.work.authors) > len(
        work.authors
    ):
        replace("authors", fullest.work.authors, fullest.source)
        values["authors_truncated"] = fullest.work.authors_truncated
    if published and is_preprint(work):  # cited as published from now on
        first = published[0]
        if work.arxiv_id is None:  # an arXiv id its old venue named (Google Scholar's way)
            replace("arxiv_id", stated_arxiv_id(work), "the work's own venue")
        replace("type", first.work.type, first.source)
        replace("issued", first.work.issued, first.source)
        for field in POSTING_FIELDS:
            replace(field, getattr(first.work, field), first.source, clear=True)
        if work.url is not None and arxiv_id_of_address(work.url) is not None:
            replace("url", first.work.url, first.source, clear=True)
    for found in published:
        for field in PUBLISHED_FIELDS:
            offer(field, getattr(found.work, field), found.source)
    for found in every:
        offer("arxiv_id", stated_arxiv_id(found.work), found.source)
        offer("categories", found.work.categories, found.source)
    if not published:
        for found in preprints:
            offer("url", found.work.url, found.source)
            offer("doi", found.work.doi, found.source)
    return attrs.evolve(work, **values), changes, conflicts  # type: ignore[arg-type]


def _same(field: str, current: object, offered: object, doi: object) -> bool:
    """Whether two values of ``field`` say the same (no conflict to report)."""
    if field == "categories":
        return True  # tags: the work's own stay, and a source's other ones are no conflict
    if field == "url" and isinstance(doi, Doi) and doi.url in (current, offered):
        return True  # the DOI's address beside a landing page: both lead to the work
    if isinstance(current, Text | str) and isinstance(offered, Text | str):
        return fold(str(current)) == fold(str(offered))
    if isinstance(current, tuple) and isinstance(offered, tuple):
        # The work's list may be the start of the source's (its first editors): no conflict.
        shown = [_shown(item) for item in offered]
        return [_shown(item) for item in current] == shown[: len(current)]
    return current == offered


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return "; ".join(_shown(item) for item in value)
    return str(value)
