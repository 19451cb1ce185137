"""The candidates that match a work, grouped into publications: its preprint and its published
version are two; the same paper in two sources (or twice in one) is one.

A record is a preprint when it is a posting of its own (an article with no venue), or when its
venue is arXiv's or DBLP's CoRR (``journal = {arXiv preprint arXiv:2009.13752}``,
``journal = {CoRR}``, as Google Scholar and DBLP export them). Books, theses and reports are
publications, not preprints.

Two records are different publications only when they disagree on something a publication has
exactly one of: its DOI, its arXiv id, its pages or its volume. Two copies of a paper usually
name their venue differently ("Proceedings of EMNLP", "Proceedings of the 2020 Conference on
Empirical Methods ..."), so the venue's name does not tell them apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pubkit.enrich.matching import Found, fold
from pubkit.errors import InvalidValueError
from pubkit.model import ArxivId, Work, WorkType

_PREPRINT_VENUE = re.compile(r"^(?:arxiv\b|corr$)")
_ARXIV_IN_VENUE = re.compile(r"arxiv[:\s]+(\S+)\s*$", re.IGNORECASE)
_POSTINGS = frozenset({WorkType.ARTICLE, WorkType.MANUSCRIPT, WorkType.DOCUMENT})


def is_preprint(work: Work) -> bool:
    venue = fold(str(work.container_title or ""))
    if venue:
        return bool(_PREPRINT_VENUE.match(venue))
    return work.type in _POSTINGS


def arxiv_id(work: Work) -> ArxivId | None:
    """The arXiv id of a preprint record: its own, or the one its venue names."""
    if work.arxiv_id is not None:
        return work.arxiv_id
    match = _ARXIV_IN_VENUE.search(str(work.container_title or ""))
    if match is None:
        return None
    try:
        return ArxivId(match.group(1))
    except InvalidValueError:
        return None


def same_publication(one: Work, other: Work) -> bool:
    pairs = (
        (_lower(one.doi), _lower(other.doi)),
        (_base(arxiv_id(one)), _base(arxiv_id(other))),
        (one.pages, other.pages),
        (one.volume, other.volume),
    )
    return all(a is None or b is None or a == b for a, b in pairs)


def publications(found: Sequence[Found]) -> list[list[Found]]:
    """``found`` grouped into publications, each group in the order of ``found``."""
    groups: list[list[Found]] = []
    for candidate in found:
        for group in groups:
            if all(same_publication(candidate.work, member.work) for member in group):
                group.append(candidate)
                break
        else:
            groups.append([candidate])
    return groups


def _lower(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def _base(value: ArxivId | None) -> str | None:
    return value.base if value is not None else None
