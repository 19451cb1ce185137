"""Reading a researcher's publication listing, as a profile page shows it.

The layout (docs/listing.md has the whole story)::

    Runxin Xu                               header: name, category, metrics
    CL
    h-index33
    ...
    31 Papers                               how many records follow

    CLMar 6, 2022Code                       category code + date [+ Code flag]
    Focus on the Target's Vocabulary: ...   title, on the very next line

    Liang Chen, Runxin Xu et al. · pku      authors [et al.] [· affiliation codes]

    Label smoothing and ...                 abstract

Records are found by their date lines (``heads.py``); within a record, the parts are told apart
by where they stand and, where a part is missing, by their shape (``lines.py``). Blank lines,
trailing spaces, tabs and line ends do not matter. Each broken record gives exactly one error,
so that records read = works + errors.
"""

from __future__ import annotations

import re
import unicodedata

from pubkit import arxiv
from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.errors import InvalidValueError
from pubkit.formats.listing.authors import read_author_line
from pubkit.formats.listing.header import Header, read_header
from pubkit.formats.listing.heads import Head, find_heads, parse_head
from pubkit.formats.listing.lines import (
    Line,
    is_prose,
    looks_like_authors,
    paragraphs,
    split_lines,
)
from pubkit.library import Library
from pubkit.links import find_links
from pubkit.location import Span
from pubkit.markup.casing import protect_case
from pubkit.markup.latex_parse import Dialect, parse_latex
from pubkit.markup.macros import abbreviations_in, expand, unknown_commands
from pubkit.model import Date, JsonValue, Work, WorkType
from pubkit.model.date import month_name, year_in
from pubkit.source import Source

_EARLIEST_YEAR = 1500


def read_listing(source: Source) -> Library:
    lines = split_lines(source.text)
    heads = find_heads(lines)
    if not heads:
        # Not a listing at all: one clear error, not a warning for every line of "header".
        return Library(
            diagnostics=[
                error(
                    "no-records",
                    "no publication records found (a record starts with a line such as "
                    "'CLApr 1, 2022')",
                    source.line(lines[0].number if lines else 1),
                )
            ]
        )
    header = read_header(lines[: heads[0]], source.name)
    diagnostics: list[Diagnostic] = [
        *header.diagnostics,
        *_check_count(header, len(heads), source.name),
    ]
    preferred = arxiv.archive_of(header.profile.primary_category if header.profile else None)
    works = []
    for start, end in zip(heads, [*heads[1:], len(lines)], strict=True):
        work, problems = _read_record(lines[start], lines[start + 1 : end], source.name, preferred)
        diagnostics.extend(problems)
        if work is not None:
            works.append(work)
    return Library(works, header.profile, diagnostics)


def _check_count(header: Header, found: int, source_name: str) -> list[Diagnostic]:
    if header.listed_count is None or header.listed_count[0] == found:
        return []
    listed, line = header.listed_count
    return [
        warning(
            "count-mismatch",
            f"the header says {_count(listed, 'paper')} listed, but {_count(found, 'record')} "
            f"{'was' if found == 1 else 'were'} found",
            Span(source_name, line),
        )
    ]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _read_record(
    head_line: Line, rest: list[Line], source_name: str, preferred_archive: str | None
) -> tuple[Work | None, list[Diagnostic]]:
    at_head = Span(source_name, head_line.number)
    head = parse_head(head_line)
    errors: list[tuple[str, str, int | None]] = []  # (code, message, column)
    warnings: list[Diagnostic] = []

    issued, issued_text = _read_date(head, warnings, at_head)
    categories, extra = _read_category(head, preferred_archive, warnings, at_head)

    parts = paragraphs(rest)
    title_line = _take_title(parts)
    title = protect_case(parse_latex(_clean(title_line), Dialect.LISTING)) if title_line else None
    if title_line is None:
        errors.append(("missing-title", "the record has no title line", None))
    elif not str(title).strip():
        errors.append(("missing-title", f"the title line {title_line!r} has no text", None))
    author_line = _take_author_line(parts)
    authors = None
    if author_line is None:
        errors.append(
            (
                "missing-authors",
                "the record has no author line (names, then optionally '· affiliations')",
                None,
            )
        )
    else:
        authors = read_author_line(author_line, source_name)
        warnings.extend(authors.problems)
        if not authors.persons:
            errors.append(("missing-authors", "the author line names nobody", None))

    abstract_lines = [line for part in parts for line in part]
    if len(parts) > 1:
        warnings.append(
            warning(
                "extra-text",
                f"{_count(len(parts) - 1, 'more paragraph')} after the abstract "
                f"{'was' if len(parts) == 2 else 'were'} joined to it",
                Span(source_name, parts[1][0].number),
            )
        )
    abstract = _clean(" ".join(line.text for line in abstract_lines))

    if errors:
        # One error per broken record, naming every problem it has.
        code, message, column = errors[0]
        if len(errors) > 1:
            message += "; also: " + "; ".join(m for _, m, _ in errors[1:])
        where = Span(source_name, head_line.number, column)
        return None, [error(code, message, where), *warnings]

    assert title is not None and authors is not None
    code_url, links = find_links(abstract)
    abstract_text = parse_latex(abstract, Dialect.LISTING) if abstract else None
    macros = abbreviations_in(title, [abstract_text])
    title = expand(title, macros)
    abstract_text = expand(abstract_text, macros) if abstract_text else None
    for name in unknown_commands([title, abstract_text]):
        warnings.append(_unknown_command(name, rest, source_name))
    work = Work(
        type=WorkType.ARTICLE,
        title=title,
        authors=authors.persons,
        authors_truncated=authors.truncated,
        issued=issued,
        issued_text=issued_text,
        abstract=abstract_text,
        categories=categories,
        has_code=head.has_code,
        code_url=code_url,
        links=links,
        affiliations=authors.affiliations,
        extra=extra,
        origin=Span(source_name, head_line.number, head.date_column - 2),
    )
    return work, warnings


def _unknown_command(name: str, lines: list[Line], source_name: str) -> Diagnostic:
    """A command the record uses but does not define: where it first stands."""
    where = next(
        (
            Span(source_name, line.number, match.start() + 1)
            for line in lines
            for match in [re.search(re.escape(name) + r"(?![A-Za-z])", line.text)]
            if match
        ),
        None,
    )
    return warning(
        "unknown-command",
        f"{name} is not defined in the record (the authors' own macro?): kept as LaTeX",
        where,
    )


def _read_date(head: Head, warnings: list[Diagnostic], at: Span) -> tuple[Date | None, str | None]:
    """The record's date. One that cannot be read is reported: the year it names (the month
    too, where only the day is impossible) is the date, as BibTeX reads `2020a`; with no year,
    the text is the date's text."""
    where = Span(at.source, at.line, head.date_column)
    if head.parts is None:
        named = year_in(head.date_text)
        if named is not None and named < _EARLIEST_YEAR:
            named = None
        kept = f"read as {named}" if named is not None else "kept as text"
        message = f"{head.date_text!r} is not a date like 'Apr 1, 2022'; {kept}"
        warnings.append(warning("unreadable-date", message, where))
        return (Date(named), None) if named is not None else (None, head.date_text)
    year, month, day = head.parts
    try:
        if year < _EARLIEST_YEAR:
            raise InvalidValueError(f"the year {year:04d} is not a plausible publication year")
        return Date(year, month, day), None
    except InvalidValueError as exc:
        if year >= _EARLIEST_YEAR and month and 1 <= month <= 12:
            message = f"{head.date_text!r}: {exc}; read as {month_name(month)} {year}"
            warnings.append(warning("invalid-date", message, where))
            return Date(year, month), None  # `Jun 31, 2021`: June 2021
        message = f"{head.date_text!r}: {exc}; kept as text"
        warnings.append(warning("invalid-date", message, where))
        return None, head.date_text


def _read_category(
    head: Head,
    preferred_archive: str | None,
    warnings: list[Diagnostic],
    at_head: Span,
) -> tuple[tuple[str, ...], dict[str, JsonValue]]:
    code = head.category
    category = arxiv.resolve_code(code, preferred_archive)
    if category is None:
        warnings.append(
            warning(
                "unknown-category",
                f"no arXiv category is {code!r}; the code is kept in extra data",
                Span(at_head.source, at_head.line, head.date_column - len(code)),
            )
        )
        return (), {"listing:category": code}
    if len(code) == 2 and len(arxiv.archives_with(code.upper())) > 1:
        return (category,), {"listing:category": code}
    return (category,), {}


def _take_title(parts: list[list[Line]]) -> str | None:
    """The title is the line right after the date line. When a blank line slipped in between,
    the next paragraph is still the title unless it is plainly the author line of a record that
    has no title (and is not itself followed by an author line)."""
    if not parts:
        return None
    first = parts[0]
    if first[0].follows_text:
        parts.pop(0)
        if len(first) > 1 and looks_like_authors(first[1].text):
            parts.insert(0, first[1:])  # the author line follows without a blank line
            return first[0].text
        return " ".join(line.text for line in first)  # a title wrapped over lines
    followed_by_authors = len(parts) > 1 and looks_like_authors(parts[1][0].text)
    if looks_like_authors(first[0].text) and not followed_by_authors:
        return None
    parts.pop(0)
    return " ".join(line.text for line in first)


def _take_author_line(parts: list[list[Line]]) -> Line | None:
    """The paragraph after the title is the author line unless it reads as prose."""
    if not parts or is_prose(parts[0][0].text):
        return None
    first = parts.pop(0)
    if len(first) > 1:
        parts.insert(0, first[1:])  # the abstract follows without a blank line
    return first[0]


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))
