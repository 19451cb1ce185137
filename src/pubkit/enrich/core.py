"""Enrichment of a library, work by work: candidates from every source, scored, grouped into
publications, and the work completed, or left as it was with the reason (see the package's
docstring for the whole story)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from typing import Protocol

import attrs

from pubkit.enrich.filling import fill
from pubkit.enrich.grouping import is_preprint, publications
from pubkit.enrich.matching import Found, score
from pubkit.enrich.report import Outcome, Report, Status
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
    sources: Sequence[RecordSource | str | os.PathLike[str]],
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> tuple[Library, Report]:
    """``library`` with its works completed from ``sources`` (in order of preference; a path
    is a local source), and the report of what happened to each work."""
    if not 0 <= min_confidence <= 1:
        raise ValueError(f"min_confidence must be from 0 to 1, not {min_confidence!r}")
    from pubkit.enrich.local import LocalSource

    with contextlib.ExitStack() as opened:  # the sources made here from paths are closed here
        asked = [
            opened.enter_context(LocalSource(source))
            if isinstance(source, str | os.PathLike)
            else source
            for source in sources
        ]
        works = []
        outcomes = []
        for work in library.works:
            enriched, outcome = enrich_work(work, asked, min_confidence)
            works.append(enriched)
            outcomes.append(outcome)
    return attrs.evolve(library, works=works), Report(tuple(outcomes))


def enrich_work(
    work: Work, sources: Sequence[RecordSource], min_confidence: float
) -> tuple[Work, Outcome]:
    title = str(work.title or "")
    found = []
    for source in sources:
        for candidate in source.candidates(work):
            if (result := score(work, candidate)) is not None:
                found.append(Found(candidate, source.name, result))
    if not found:
        return work, Outcome(work.key, title, Status.UNMATCHED)
    best = max(found, key=lambda f: f.confidence)
    rank = {source.name: number for number, source in reversed(list(enumerate(sources)))}
    accepted = sorted(
        (f for f in found if f.confidence >= min_confidence),
        key=lambda f: (rank[f.source], -f.confidence),
    )
    if not accepted:
        reason = "; ".join(best.score.notes) or None
        return work, Outcome(
            work.key, title, Status.WEAK, best.source, best.confidence, reason=reason
        )
    # A record whose title is the work's outranks one whose title is only alike.
    closest = max(f.score.title for f in accepted)
    accepted = [f for f in accepted if f.score.title == closest]
    published = publications([f for f in accepted if not is_preprint(f.work)])
    preprints = publications([f for f in accepted if is_preprint(f.work)], preprints=True)
    if len(published) > 1 or len(preprints) > 1:
        many = published if len(published) > 1 else preprints
        names = ", ".join(f"{group[0].work.key or '?'} in {group[0].source}" for group in many)
        return work, Outcome(
            work.key,
            title,
            Status.AMBIGUOUS,
            _sources(f for group in many for f in group),
            best.confidence,
            reason=f"{len(many)} different works match: {names}",
        )
    copies = published[0] if published else []
    postings = preprints[0] if preprints else []
    enriched, changes, conflicts = fill(work, copies, postings)
    main = (copies or postings)[0]
    return enriched, Outcome(
        work.key,
        title,
        Status.MATCHED,
        _sources([*copies, *postings]),
        main.confidence,
        tuple(changes),
        tuple(conflicts),
        "; ".join(main.score.notes) or None,
    )


def _sources(found: Iterable[Found]) -> str:
    return " + ".join(dict.fromkeys(f.source for f in found))
