"""Enrichment: works completed from other sources of records (complete author lists, arXiv
ids, DOIs, venues, pages), matched carefully enough never to merge the wrong paper.

>>> from pubkit.enrich import LocalSource, enrich   # doctest: +SKIP
>>> enriched, report = enrich(library, [LocalSource("acl-anthology.bib")])  # doctest: +SKIP
>>> print(report.summary)                                                   # doctest: +SKIP

Each work is compared with the candidates every source offers (``matching.score``); those
that reach ``min_confidence`` are grouped into publications (``filling.distinct``). One
published version and at most one preprint complete the work (``filling.fill``); two
different publications make the match ambiguous, and the work stays as it was. The report
says what happened to every work, field by field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from pubkit.enrich.filling import Found, distinct, fill
from pubkit.enrich.http import Client, ServiceError
from pubkit.enrich.local import LocalSource, SourceError, default_cache_dir
from pubkit.enrich.matching import score
from pubkit.enrich.online import SERVICES, OnlineSource
from pubkit.enrich.report import Change, Conflict, Outcome, Report, Status
from pubkit.library import Library
from pubkit.model import Work

DEFAULT_MIN_CONFIDENCE = 0.9


class RecordSource(Protocol):
    """Anything that offers candidate records for a work: a local file, an online service."""

    @property
    def name(self) -> str: ...

    def candidates(self, work: Work) -> Sequence[Work]: ...


def enrich(
    library: Library,
    sources: Sequence[RecordSource],
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> tuple[Library, Report]:
    """``library`` with its works completed from ``sources``, and the report of what changed."""
    works = []
    outcomes = []
    for work in library.works:
        enriched, outcome = enrich_work(work, sources, min_confidence)
        works.append(enriched)
        outcomes.append(outcome)
    return attrs.evolve(library, works=works), Report(tuple(outcomes))


def enrich_work(
    work: Work, sources: Sequence[RecordSource], min_confidence: float
) -> tuple[Work, Outcome]:
    title = str(work.title or "")
    scored = []
    for source in sources:
        for candidate in source.candidates(work):
            if (result := score(work, candidate)) is not None:
                scored.append((result, Found(candidate, source.name, result.confidence)))
    if not scored:
        return work, Outcome(work.key, title, Status.UNMATCHED)
    scored.sort(key=lambda pair: -pair[0].confidence)
    best, best_found = scored[0]
    accepted = [found for result, found in scored if result.confidence >= min_confidence]
    if not accepted:
        reason = "; ".join(best.notes) or None
        return work, Outcome(
            work.key, title, Status.WEAK, best_found.source, best.confidence, reason=reason
        )
    published = distinct([f for f in accepted if not f.work.is_preprint])
    preprints = distinct([f for f in accepted if f.work.is_preprint])
    if len(published) > 1 or len(preprints) > 1:
        many = published if len(published) > 1 else preprints
        names = ", ".join(f"{f.work.key or '?'} in {f.source}" for f in many)
        return work, Outcome(
            work.key,
            title,
            Status.AMBIGUOUS,
            best_found.source,
            best.confidence,
            reason=f"{len(many)} different works match: {names}",
        )
    version = published[0] if published else None
    preprint = preprints[0] if preprints else None
    main = version or preprints[0]
    enriched, changes, conflicts = fill(work, version, preprint)
    sources_used = " + ".join(dict.fromkeys(f.source for f in (version, preprint) if f))
    notes = "; ".join(next(r for r, f in scored if f is main).notes) or None
    return enriched, Outcome(
        work.key,
        title,
        Status.MATCHED,
        sources_used,
        main.confidence,
        tuple(changes),
        tuple(conflicts),
        notes,
    )


__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "SERVICES",
    "Change",
    "Client",
    "Conflict",
    "LocalSource",
    "OnlineSource",
    "Outcome",
    "RecordSource",
    "Report",
    "ServiceError",
    "SourceError",
    "Status",
    "default_cache_dir",
    "enrich",
    "enrich_work",
]
