"""The listing's header: the researcher's name, primary category and metrics."""

from __future__ import annotations

import re

import attrs

from pubkit import arxiv
from pubkit.diagnostics import Diagnostic, warning
from pubkit.formats.listing.lines import Line
from pubkit.location import Span
from pubkit.model import Profile

# A count of up to fifteen digits: a longer one is no metric (and Python's int() stops at 4,300).
_NUMBER = r"(?P<n>\d[\d,]{0,14})"
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
_CATEGORY = re.compile(r"^[A-Z]{2}$")


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
    """The profile from the lines before the first record. The name is the first line that is
    not a metric or a category; any other line pubkit does not know is a warning."""
    if not lines:
        return Header(None, None, ())
    fields: dict[str, object] = {}
    listed: tuple[int, int] | None = None
    problems: list[Diagnostic] = []
    for line in lines:
        text = line.text.strip()
        at = Span(source_name, line.number)
        if listed_match := _LISTED.match(text):
            listed = (_number(listed_match), line.number)
        elif metric := next(((f, m) for f, p in _METRICS if (m := p.match(text))), None):
            fields[metric[0]] = _number(metric[1])
        elif "primary_category" not in fields and (
            _CATEGORY.match(text) or arxiv.resolve_code(text)
        ):
            category = arxiv.resolve_code(text)
            fields["primary_category"] = category
            if category is None:
                problems.append(warning("unknown-category", f"no arXiv category is {text!r}", at))
        elif "name" not in fields:
            fields["name"] = " ".join(text.split())
        else:
            problems.append(
                warning(
                    "unknown-header-line",
                    f"{text[:60]!r} is not a header line pubkit knows; it was ignored",
                    at,
                )
            )
    profile = Profile(**fields) if fields else None  # type: ignore[arg-type]
    return Header(profile, listed, tuple(problems))
