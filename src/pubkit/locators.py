"""Whether a reader can find a work: a DOI, an arXiv id, a URL or an ISBN.

A reference with none of them (a listing's entry, a record typed by hand) can be cited but not
looked up; writers report each such work, so that it is completed (``pubkit enrich``) before it
goes into a paper.
"""

from __future__ import annotations

from collections.abc import Iterable

from pubkit.diagnostics import Diagnostic, warning
from pubkit.model import Work


def has_locator(work: Work) -> bool:
    return any((work.doi, work.arxiv_id, work.url, work.isbn))


def missing_locators(works: Iterable[Work]) -> list[Diagnostic]:
    """A ``no-locator`` warning for each work that has no locator, in the works' order, named
    by its key (writers give every work one)."""
    return [
        warning(
            "no-locator",
            "no DOI, arXiv id, URL or ISBN: a reader cannot look the work up "
            "(pubkit enrich completes it from a source that has one)",
            key=work.key,
        )
        for work in works
        if not has_locator(work)
    ]
