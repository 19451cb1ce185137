"""The researcher that a publication listing belongs to."""

from __future__ import annotations

import attrs


@attrs.frozen
class Profile:
    """A listing's header: who it is and the metrics the profile page shows.

    Every field is optional because real headers lose lines; ``primary_category`` is an arXiv id
    such as ``cs.CL``.
    """

    name: str | None = None
    primary_category: str | None = None
    h_index: int | None = None
    paper_count: int | None = None
    citations: int | None = None
    novelty: int | None = None
    ai_score: int | None = None
