"""What enrichment did to each work: matched (with each changed field and each conflict),
ambiguous, weak or unmatched; as text for people and as JSON for programs."""

from __future__ import annotations

import enum
import json
from typing import Any

import attrs


class Status(enum.StrEnum):
    MATCHED = "matched"  # one work of a source (or its preprint and its published version)
    AMBIGUOUS = "ambiguous"  # several different works match: nothing changed
    WEAK = "weak"  # the best candidate is below the confidence asked for: nothing changed
    UNMATCHED = "unmatched"  # no candidate passed the tests


@attrs.frozen
class Change:
    """A field filled (``old`` is None), replaced (the type and date of a published version,
    an author list that was truncated) or removed (``new`` is None: where a preprint was
    posted, which its published version does not say)."""

    field: str
    old: str | None
    new: str | None
    source: str  # the source the new value came from


@attrs.frozen
class Conflict:
    """A field with a value already (the work's own, or one another copy filled in: then
    ``taken_from`` names that copy's source) that a source gives otherwise: the first is kept,
    and the source's value shown."""

    field: str
    kept: str
    offered: str
    source: str
    taken_from: str | None = None


@attrs.frozen
class Outcome:
    key: str | None
    title: str
    status: Status
    source: str | None = None  # the source of the match, or of the best candidate
    confidence: float | None = None
    changes: tuple[Change, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    reason: str | None = None  # why nothing changed, or what lowered the confidence


@attrs.frozen
class Report:
    outcomes: tuple[Outcome, ...]

    def count(self, status: Status) -> int:
        return sum(outcome.status is status for outcome in self.outcomes)

    @property
    def summary(self) -> str:
        counts = ", ".join(f"{self.count(status)} {status.value}" for status in Status)
        changed = sum(bool(outcome.changes) for outcome in self.outcomes)
        return f"{len(self.outcomes)} works: {counts}; {changed} changed"

    def lines(self) -> list[str]:
        """One line per work, then its changes and conflicts indented: the ``--dry-run`` diff."""
        lines = []
        for outcome in self.outcomes:
            name = outcome.key or outcome.title[:60]
            head = f"{name}: {outcome.status.value}"
            if outcome.source is not None:
                head += f" in {outcome.source}"
            if outcome.confidence is not None:
                head += f" (confidence {outcome.confidence:.2f})"
            if outcome.reason:
                head += f": {outcome.reason}"
            lines.append(head)
            for change in outcome.changes:
                if change.old is not None:
                    lines.append(f"  - {change.field}: {change.old}")
                if change.new is not None:
                    lines.append(f"  + {change.field}: {change.new}  [{change.source}]")
            for conflict in outcome.conflicts:
                kept = f"kept {conflict.kept!r}"
                if conflict.taken_from is not None:
                    kept = f"took {conflict.kept!r} from {conflict.taken_from}"
                lines.append(
                    f"  ! {conflict.field}: {kept}; {conflict.source} has {conflict.offered!r}"
                )
        return lines

    def to_json(self) -> str:
        data: list[dict[str, Any]] = [attrs.asdict(outcome) for outcome in self.outcomes]
        return json.dumps({"works": data}, ensure_ascii=False, indent=2) + "\n"
