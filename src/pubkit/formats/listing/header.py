"""The listing's header: the researcher's name, primary category and metrics."""

from __future__ import annotations

import re

import attrs

from pubkit import arxiv
from pubkit.diagnostics import Diagnostic, warning
from pubkit.formats.listing.lines import Line
from pubkit.model import Profile

_NUMBER = r"(?P<n>\d[\d,]*)"
# Each metric line, and the Profile field it fills. "31papers" (no space) is the person's total;
# "31 Papers" (with a space) says how many records the listing holds.
_METRICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("h_index", re.compile(r"^h-index\s*" + _NUMBER + r"$", re.IGNORECASE)),
    ("paper_count", re.compile(r"^" + _NUMBER + r"papers$", re.IGNORECASE)),
    ("citations", re.compile(r"^" + _NUMBER + r"\s*citations?$", re.IGNORECASE)),
    ("novelty", re.compile(r"^novelty\s*" + _NUMBER + r"\s*%$", re.IGNORECASE)),
    ("ai_score", re.compile(r"^ai\s*score\s*" + _NUMBER + r"$", re.IGNORECASE)),
)
_LISTED = re.compile(r"^" + _NUMBER + r"\s+papers?$", re.IGNORECASE)
_CATEGORY = re.compile(r"^(?:(?P<archive>[a-z-]+)\.)?(?P<suffix>[A-Z]{2})$")


@attrs.frozen
class Header:
    profile: Profile | None
    listed_count: tuple[int, int] | None  # (count, line number)
    diagnostics: tuple[Diagnostic, ...]


def is_header_line(text: str) -> bool:
    """Whether ``text`` is one of the header's metric lines (``AI Score49``, ``31 Papers``)."""
    text = text.strip()
    return _LISTED.match(text) is not None or any(p.match(text) for _, p in _METRICS)


def _number(match: re.Match[str]) -> int:
    return int(match.group("n").replace(",", ""))


def read_header(lines: list[Line], source_name: str) -> Header:
    if not lines:
        return Header(None, None, ())
    fields: dict[str, object] = {}
    listed: tuple[int, int] | None = None
    problems: list[Diagnostic] = []
    for index, line in enumerate(lines):
        text = line.text.strip()
        if listed_match := _LISTED.match(text):
            listed = (_number(listed_match), line.number)
            continue
        metric = next(((f, m) for f, p in _METRICS if (m := p.match(text))), None)
        if metric is not None:
            fields[metric[0]] = _number(metric[1])
            continue
        if (category := _CATEGORY.match(text)) and "primary_category" not in fields:
            suffix, archive = category.group("suffix"), category.group("archive")
            fields["primary_category"] = (
                f"{archive}.{suffix}" if archive else arxiv.resolve_suffix(suffix)
            )
            continue
        if index == 0:
            fields["name"] = " ".join(text.split())
            continue
        problems.append(
            warning(
                "unknown-header-line",
                f"{text[:60]!r} is not a header line pubkit knows; it was ignored",
                source=source_name,
                line=line.number,
            )
        )
    profile = Profile(**fields) if fields else None  # type: ignore[arg-type]
    return Header(profile, listed, tuple(problems))
