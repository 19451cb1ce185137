"""The candidates that match a work, grouped into publications: its preprint and its published
version are two; the same paper in two sources (or twice in one) is one.

A record is a preprint when it has no venue and is a posting (an article, a manuscript, a web
page: how Better BibTeX's ``@online`` arrives) or names an arXiv id, or when its venue is a
preprint server's: arXiv, DBLP's CoRR (``journal = {arXiv preprint arXiv:2009.13752}``,
``journal = {CoRR}``, as Google Scholar and DBLP export them), bioRxiv, medRxiv, SSRN and the
like. Books, theses and reports are publications, not preprints.

Two published records are one publication when they share a DOI, or (without two DOIs to
compare) when they start on the same page, or (without pages either) name the same venue,
or, being books, share an ISBN; two copies of a paper usually spell their venue differently
("Proceedings of EMNLP", "Proceedings of the 2020 Conference on Empirical Methods ..."), so
pages count before the venue's name. A workshop paper and its conference version, which share
a title, stay two. Two preprint records are one unless their arXiv ids or DOIs differ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pubkit.enrich.matching import Found, fold, stated_arxiv_id
from pubkit.model import Work, WorkType

_PREPRINT_VENUE = re.compile(
    r"^(?:arxiv\b|corr$|biorxiv|medrxiv|chemrxiv|psyarxiv|techrxiv|ssrn|research square"
    r"|preprints\b|osf preprints)"
)
_POSTINGS = frozenset(
    {WorkType.ARTICLE, WorkType.ARTICLE_JOURNAL, WorkType.MANUSCRIPT, WorkType.DOCUMENT,
     WorkType.WEBPAGE, WorkType.POST}
)  # fmt: skip


def is_preprint(work: Work) -> bool:
    venue = fold(str(work.container_title or ""))
    if venue:
        return bool(_PREPRINT_VENUE.match(venue))
    return work.type in _POSTINGS or stated_arxiv_id(work) is not None


def same_publication(one: Work, other: Work, *, preprints: bool = False) -> bool:
    """Whether two records of the same kind (both preprints, or both published) are copies
    of one publication; see the module."""
    if one.doi is not None and other.doi is not None:
        return one.doi.casefold() == other.doi.casefold()
    ids = stated_arxiv_id(one), stated_arxiv_id(other)
    if ids[0] is not None and ids[1] is not None:
        return ids[0].base == ids[1].base
    if preprints:
        return True
    if one.pages is not None and other.pages is not None:
        return one.pages.first.casefold() == other.pages.first.casefold()
    if one.isbn is not None and other.isbn is not None:
        return one.isbn.compact == other.isbn.compact
    return fold(str(one.container_title or "")) == fold(str(other.container_title or ""))


def publications(found: Sequence[Found], *, preprints: bool = False) -> list[list[Found]]:
    """``found`` grouped into publications, each group in the order of ``found``."""
    groups: list[list[Found]] = []
    for candidate in found:
        for group in groups:
            if all(same_publication(candidate.work, m.work, preprints=preprints) for m in group):
                group.append(candidate)
                break
        else:
            groups.append([candidate])
    return groups
