"""A record's first line: a category code glued to a date, and an optional ``Code`` flag.

``CLApr 1, 2022``, ``CLMar 6, 2022Code``; also a lower-case code (``clApr 1, 2022``), a full
arXiv id (``cs.CVJan 7, 2023``, ``quant-phJan 6, 2023``), a space before the date or the flag,
full month names, a missing comma and ISO dates. Such a line starts a record wherever it is.

A line that starts with a two-letter code and holds a year, but whose date cannot be read
(``CLSometime in 2022``), also starts a record when it stands where a date line stands (it opens
a paragraph, or the title follows it directly), so that the record is reported, not swallowed.
"""

from __future__ import annotations

import re

import attrs

from pubkit import arxiv
from pubkit.formats.listing.header import is_header_line
from pubkit.formats.listing.lines import Line
from pubkit.model.date import MONTH_WORDS, month_number

_MONTH = "(?i:" + "|".join(sorted(MONTH_WORDS, key=len, reverse=True)) + ")"
_CODE = r"(?P<category>[A-Za-z]{2}(?![a-z])|[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?)"
_FLAG = r"[ \t]*(?P<flag>Code)?$"
_DATE_PATTERNS = (
    rf"{_MONTH}\.?[ \t]+(?P<day>\d{{1,2}})[ \t]*,?[ \t]*(?P<year>\d{{4}})",
    rf"{_MONTH}\.?[ \t]*,?[ \t]+(?P<year>\d{{4}})",
    r"(?P<year>\d{4})-(?P<month_number>\d{1,2})(?:-(?P<day>\d{1,2}))?",
)
_MONTH_WORD = re.compile(_MONTH)
# arXiv's own listings add the version read: `cs.CVJan 7, 2023 (v2)`.
_VERSION = r"(?:[ \t]*\(v\d+\))?"
DATED_HEAD = [
    re.compile(rf"^{_CODE}[ \t]*(?P<date>{pattern}){_VERSION}{_FLAG}") for pattern in _DATE_PATTERNS
]
# A code that cannot be a word of text: two capitals, or an arXiv category (`cs.CV`).
_STRICT_CODE = r"(?P<category>[A-Z]{2}|[a-z]+(?:-[a-z]+)?\.[A-Za-z]+(?:-[a-z]+)?)"
UNDATED_HEAD = re.compile(rf"^{_STRICT_CODE}[ \t]*(?P<date>\S.*?){_VERSION}{_FLAG}")
_YEAR = re.compile(rf"\b(?:1[5-9]|20)\d\d\b|^{_MONTH}\.?[ \t]+\d{{1,2}}[ \t]*,?[ \t]*\d\d$")
_MAX_HEAD_LENGTH = 48
_MAX_DATE_WORDS = 5


@attrs.frozen
class Head:
    category: str
    date_text: str
    date_column: int  # 1-based
    parts: tuple[int, int | None, int | None] | None  # (year, month, day) when readable
    has_code: bool


def _dated_match(text: str) -> re.Match[str] | None:
    for pattern in DATED_HEAD:
        if match := pattern.match(text):
            return match
    return None


def starts_with_date(text: str) -> bool:
    """Whether ``text`` starts a record by its readable date alone."""
    text = text.strip()
    return len(text) <= _MAX_HEAD_LENGTH and _dated_match(text) is not None


def find_heads(lines: list[Line]) -> list[int]:
    heads: list[int] = []
    for index, line in enumerate(lines):
        if starts_with_date(line.text) or (
            (not heads or heads[-1] != index - 1) and _stands_as_undated_head(lines, index)
        ):
            heads.append(index)
    return heads


def _stands_as_undated_head(lines: list[Line], index: int) -> bool:
    text = lines[index].text.strip()
    match = UNDATED_HEAD.match(text)
    if match is None or len(text) > _MAX_HEAD_LENGTH or is_header_line(text):
        return False
    date = match.group("date")
    if not _YEAR.search(date) or len(date.split()) > _MAX_DATE_WORDS or ". " in date:
        return False
    spaced = match.start("date") > match.end("category")
    if spaced and not date[:1].isdigit() and arxiv.resolve_code(match.group("category")) is None:
        return False  # `US Census of 2020`: a paragraph of text, not `CL Sometime in 2003`
    opens_paragraph = not lines[index].follows_text
    title_follows = index + 1 < len(lines) and lines[index + 1].follows_text
    return opens_paragraph or title_follows


def parse_head(line: Line) -> Head:
    text = line.text.strip()
    indent = len(line.text) - len(line.text.lstrip())
    match = _dated_match(text)
    parts = None
    if match is not None:
        year = int(match.group("year"))
        day = match.groupdict().get("day")
        if match.groupdict().get("month_number"):
            month = int(match.group("month_number"))
        else:
            word = _MONTH_WORD.match(match.group("date"))
            assert word is not None  # the date pattern starts with a month word
            month = month_number(word.group()) or 0
        parts = (year, month, int(day) if day else None)
    else:
        match = UNDATED_HEAD.match(text)
        assert match is not None  # find_heads only keeps lines that match one or the other
    return Head(
        category=match.group("category"),
        date_text=match.group("date").strip(),
        date_column=indent + match.start("date") + 1,
        parts=parts,
        has_code=match.group("flag") is not None,
    )
