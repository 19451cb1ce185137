"""Enrichment: works completed from other sources of records (complete author lists, arXiv
ids, DOIs, venues, pages), matched carefully enough never to merge the wrong paper.

>>> from pubkit.enrich import LocalSource, enrich   # doctest: +SKIP
>>> enriched, report = enrich(library, [LocalSource("acl-anthology.bib")])  # doctest: +SKIP
>>> print(report.summary)                                                   # doctest: +SKIP

Each work is compared with the candidates every source offers (``matching.score``); those
that reach ``min_confidence`` are grouped into publications (``grouping.publications``). One
published version and at most one preprint, each maybe in several copies, complete the work
(``filling.fill``); two different publications make the match ambiguous, and the work stays
as it was (``core.enrich_work``). The report says what happened to every work, field by
field.
"""

from __future__ import annotations

from pubkit.enrich.core import DEFAULT_MIN_CONFIDENCE, RecordSource, enrich, enrich_work
from pubkit.enrich.http import Client, ServiceError
from pubkit.enrich.local import LocalSource, SourceError, default_cache_dir
from pubkit.enrich.online import SERVICES, OnlineSource
from pubkit.enrich.report import Change, Conflict, Outcome, Report, Status

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
