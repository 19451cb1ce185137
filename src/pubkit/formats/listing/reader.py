"""Reading a researcher's publication listing, as a profile page shows it.

The layout (docs/listing.md has the whole story)::

    Runxin Xu                               header: name, category, metrics
    CL
    h-index33
    ...
    31 Papers                               how many records follow

    CLMar 6, 2022Code                       category suffix + date [+ Code flag]
    Focus on the Target's Vocabulary: ...   title, on the very next line

    Liang Chen, Runxin Xu et al. · pku      authors [et al.] [· affiliation codes]

    Label smoothing and ...                 abstract

Records are found by their date lines. Everything else is read line by line, so that doubled
blank lines, trailing spaces, tabs and CRLF line ends do not matter.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from pubkit import arxiv
from pubkit.affiliations import affiliation
from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.errors import InvalidValueError
from pubkit.formats.listing.header import Header, is_header_line, read_header
from pubkit.formats.listing.lines import Line, looks_like_authors, split_lines
from pubkit.library import Library
from pubkit.links import find_links
from pubkit.model import Date, Person, Span, Work, WorkType
from pubkit.names import parse_name
from pubkit.source import Source

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# A record's first line: a two-letter category code glued to a date, and an optional Code flag.
HEAD = re.compile(r"^(?P<category>[A-Z]{2})[ \t]?(?P<date>\S.*?)[ \t]*(?P<code>Code)?[ \t]*$")
# What makes a line a record's first line on its own: a date that starts with a month name or an
# ISO year. A line that only matches HEAD counts when it opens a paragraph and the title follows
# it directly, so that a record whose date is unreadable is still found, and reported.
_DATED = re.compile(r"^(?P<word>[A-Za-z]{3,9})\.?[ \t]+\d|^\d{4}\b")
_MAX_HEAD_LENGTH = 48
_DATE = re.compile(
    r"^(?P<month>[A-Za-z]+)\.?\s+(?:(?P<day>\d{1,2}),?\s+)?(?P<year>\d{4})$"
    r"|^(?P<iso_year>\d{4})(?:-(?P<iso_month>\d{1,2})(?:-(?P<iso_day>\d{1,2}))?)?$"
)
_ET_AL = re.compile(r",?\s*\bet\.?\s+al\b\.?\s*$", re.IGNORECASE)
_AFFILIATION_SEPARATOR = re.compile(r"\s*[·•]\s*")


def starts_with_date(line: str) -> bool:
    """Whether ``line`` is a record's first line by its date alone (``CLApr 1, 2022``)."""
    match = HEAD.match(line.strip())
    if match is None or len(line.strip()) > _MAX_HEAD_LENGTH:
        return False
    dated = _DATED.match(match.group("date"))
    return dated is not None and (
        dated.group("word") is None or dated.group("word").lower() in MONTHS
    )


def _is_head(lines: list[Line], index: int) -> bool:
    line = lines[index]
    if starts_with_date(line.text):
        return True
    opens_paragraph = not line.follows_text
    title_follows = index + 1 < len(lines) and lines[index + 1].follows_text
    return (
        opens_paragraph
        and title_follows
        and len(line.text.strip()) <= _MAX_HEAD_LENGTH
        and HEAD.match(line.text.strip()) is not None
        and not is_header_line(line.text)
    )


@attrs.define
class _Record:
    head: Line
    lines: list[Line]


def read_listing(source: Source) -> Library:
    lines = split_lines(source.text)
    heads = [i for i in range(len(lines)) if _is_head(lines, i)]
    first_head = heads[0] if heads else len(lines)
    header = read_header(lines[:first_head], source.name)
    records = [
        _Record(lines[start], lines[start + 1 : end])
        for start, end in zip(heads, [*heads[1:], len(lines)], strict=False)
    ]
    if not records:
        # Not a listing at all: one clear error, not a warning for every line of "header".
        return Library(
            diagnostics=[
                error(
                    "no-records",
                    "no publication records found (a record starts with a line such as "
                    "'CLApr 1, 2022')",
                    source=source.name,
                    line=lines[0].number if lines else 1,
                )
            ]
        )
    diagnostics: list[Diagnostic] = [
        *header.diagnostics,
        *_check_count(header, len(records), source.name),
    ]

    preferred = arxiv.archive_of(header.profile.primary_category if header.profile else None)
    works = []
    for record in records:
        work, problems = _read_record(record, source.name, preferred)
        diagnostics.extend(problems)
        if work is not None:
            works.append(work)
    return Library(works, header.profile, diagnostics)


def _check_count(header: Header, found: int, source_name: str) -> list[Diagnostic]:
    if header.listed_count is None:
        return []
    listed, line = header.listed_count
    if listed == found:
        return []
    return [
        warning(
            "count-mismatch",
            f"the header says {listed} papers are listed, but {found} records were found",
            source=source_name,
            line=line,
        )
    ]


def _read_record(
    record: _Record, source_name: str, preferred_archive: str | None
) -> tuple[Work | None, list[Diagnostic]]:
    head = record.head
    match = HEAD.match(head.text.strip())
    assert match is not None  # records are grouped by this very pattern
    indent = len(head.text) - len(head.text.lstrip())
    at_head = {"source": source_name, "line": head.number}
    problems: list[Diagnostic] = []

    issued: Date | None = None
    date_text = match.group("date").strip()
    date_column = indent + match.start("date") + 1
    parts = match_listing_date(date_text)
    if parts is None:
        problems.append(
            error(
                "unreadable-date",
                f"{date_text!r} is not a date like 'Apr 1, 2022'",
                column=date_column,
                **at_head,
            )
        )
    else:
        try:
            issued = Date(*parts)
        except InvalidValueError as exc:
            problems.append(
                error("invalid-date", f"{date_text!r}: {exc}", column=date_column, **at_head)
            )

    code = match.group("category")
    category = arxiv.resolve_suffix(code, preferred_archive)
    extra = {}
    if category is None:
        extra["listing:category"] = code
        problems.append(
            warning(
                "unknown-category",
                f"no arXiv category ends in {code!r}; the code is kept in extra data",
                column=indent + 1,
                **at_head,
            )
        )
    elif len(arxiv.archives_with(code)) > 1:
        extra["listing:category"] = code

    rest = list(record.lines)
    title = _take_title(rest)
    if title is None:
        problems.append(error("missing-title", "the record has no title line", **at_head))
    author_line = _take_authors(rest)
    if author_line is None:
        problems.append(
            error(
                "missing-authors",
                "the record has no author line (names, then optionally '· affiliations')",
                **at_head,
            )
        )
        authors: tuple[Person, ...] = ()
        truncated = False
        affiliations = ()
    else:
        authors, truncated, affiliations, name_problems = _read_authors(author_line, source_name)
        problems.extend(name_problems)
        if not authors and not name_problems:
            problems.append(
                error(
                    "missing-authors",
                    "the author line names nobody",
                    source=source_name,
                    line=author_line.number,
                )
            )

    abstract = " ".join(line.text for line in rest) if rest else None
    if len(rest) > 1:
        problems.append(
            warning(
                "extra-text",
                f"{len(rest) - 1} more line(s) after the abstract were joined to it",
                source=source_name,
                line=rest[1].number,
            )
        )
    code_url, links = find_links(abstract or "")

    if any(p.is_error for p in problems):
        return None, problems
    work = Work(
        type=WorkType.ARTICLE,
        title=_clean(title.text) if title else None,
        authors=authors,
        authors_truncated=truncated,
        issued=issued,
        abstract=_clean(abstract) if abstract else None,
        categories=(category,) if category else (),
        has_code=match.group("code") is not None,
        code_url=code_url,
        links=links,
        affiliations=affiliations,
        extra=extra,
        origin=Span(source_name, head.number, indent + 1),
    )
    return work, problems


def match_listing_date(text: str) -> tuple[int, int | None, int | None] | None:
    """``Apr 1, 2022`` (also ``April 1 2022``, ``Apr 2022``, ``2022-04-01``) -> (2022, 4, 1).

    None when the text is not of a date's shape; the parts are not validated (``Jun 31`` passes
    here and is rejected by ``Date``).
    """
    match = _DATE.match(" ".join(text.split()))
    if not match:
        return None
    if match.group("iso_year"):
        year, month, day = match.group("iso_year", "iso_month", "iso_day")
        return int(year), int(month) if month else None, int(day) if day else None
    month_number = MONTHS.get(match.group("month").lower())
    if month_number is None:
        return None
    day = match.group("day")
    return int(match.group("year")), month_number, int(day) if day else None


def _take_title(rest: list[Line]) -> Line | None:
    """The title is the line right after the date line; when a blank line slipped in between,
    it is the next line unless that line is plainly the author line of a record without title."""
    if not rest:
        return None
    if rest[0].follows_text or len(rest) >= 3 or not looks_like_authors(rest[0].text):
        return rest.pop(0)
    return None


def _take_authors(rest: list[Line]) -> Line | None:
    if rest and (looks_like_authors(rest[0].text) or len(rest) >= 2):
        return rest.pop(0)
    return None


def _read_authors(line: Line, source_name: str):  # type: ignore[no-untyped-def]
    """``Liang Chen, Runxin Xu et al. · pku, cmu`` -> persons, truncated, affiliations, problems."""
    names_part, *after = _AFFILIATION_SEPARATOR.split(line.text.strip(), 1)
    affiliations_part = after[0] if after else ""
    problems: list[Diagnostic] = []
    truncated = False
    if et_al := _ET_AL.search(names_part):
        truncated = True
        names_part = names_part[: et_al.start()]
    persons: list[Person] = []
    raw_names = [part.strip() for part in names_part.split(",")]
    if raw_names and raw_names[-1].lower().startswith("and "):
        raw_names[-1] = raw_names[-1][4:].strip()
    for raw in raw_names:
        if not raw:
            if names_part.strip():
                problems.append(
                    warning(
                        "empty-name",
                        "an empty name between commas was skipped",
                        source=source_name,
                        line=line.number,
                    )
                )
            continue
        try:
            persons.append(parse_name(raw))
        except InvalidValueError as exc:
            persons.append(Person(literal=raw))
            problems.append(
                warning(
                    "unreadable-name",
                    f"{exc}; kept as written",
                    source=source_name,
                    line=line.number,
                    column=line.text.find(raw) + 1,
                )
            )
    codes = [code.strip() for code in affiliations_part.split(",")]
    return (
        tuple(persons),
        truncated,
        tuple(affiliation(code) for code in codes if code),
        problems,
    )


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))
