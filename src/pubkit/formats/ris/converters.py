"""Converters of the RIS table: tag values (lists of lines) <-> model values."""

from __future__ import annotations

import re
from typing import Any

from pubkit.errors import InvalidValueError
from pubkit.formats.ris.syntax import one_line
from pubkit.formats.rules import UNREAD, ReadContext, Rule, WriteContext, field
from pubkit.markup import braces
from pubkit.markup.casing import protect_case
from pubkit.markup.html_notes import html_as_text
from pubkit.markup.plain import readable
from pubkit.model import (
    ArxivId,
    Date,
    Isbn,
    Issn,
    PageRange,
    Person,
    Text,
    Work,
)
from pubkit.model.date import SEASONS, month_number, year_in
from pubkit.model.person import is_et_al
from pubkit.names import parse_inverted_name


def first(ctx: ReadContext, lines: list[str] | None, name: str) -> str | None:
    """A tag's value; when a source repeats the tag, the others are written back too."""
    if not lines:
        return None
    if len(set(lines)) > 1:
        ctx.keep(name)
    return lines[0]


def scalar(name: str, model: str, parse: Any = str) -> Rule:
    """One model string <-> one tag."""
    return field(
        model,
        name,
        lambda ctx, lines: parse(v) if (v := first(ctx, lines, name)) is not None else None,
        lambda ctx, value: [str(value)],
    )


def read_only(name: str, model: str, parse: Any = str) -> Rule:
    """Another tag some exporters use for ``model`` (read; written as the main tag)."""
    rule = scalar(name, model, parse)
    return Rule(rule.model, rule.native, rule.to_model, None)


def plain_text(text: Text) -> str:
    """RIS text is plain: markup read as text, on one line, with unmatched braces as their
    full-width look-alikes (JabRef 3.8 imports an unmatched brace, then cannot save)."""
    plain = one_line(readable(text))
    if "{" not in plain and "}" not in plain:
        return plain
    unmatched = set(braces.unmatched(plain))
    look_alike = {"{": "\uff5b", "}": "\uff5d"}
    return "".join(look_alike[c] if i in unmatched else c for i, c in enumerate(plain))


def text(name: str, model: str, *, write: bool = True, protect: bool = False) -> Rule:
    """Plain text; a title (``protect``) gets pubkit's case protection, which RIS cannot say:
    "BERT" must not print as "Bert" when a style sets the title in sentence case."""

    def as_model(value: str) -> Text:
        return protect_case(Text.plain(value)) if protect else Text.plain(value)

    def carried(work: Work, dialect: str) -> dict[str, Any]:
        value = getattr(work, model)
        return {model: as_model(plain_text(value))} if value is not None else {}

    return Rule(
        (model,),
        (name,),
        lambda ctx, lines: as_model(v) if (v := first(ctx, lines, name)) else None,
        (lambda ctx, text: [plain_text(text)]) if write else None,
        # A tag only read carries nothing: what the work carries is the writing rule's to say.
        loses=(f"{model}.chunks.marks", f"{model}.chunks.kind") if write else (),
        carried=carried if write else None,
    )


def ris_name(person: Person) -> str:
    """``van Merriënboer, Bart``; ``King, Martin Luther, Jr.``; ``World Bank,``.

    An organization ends with a comma, EndNote's mark for a name not to be turned around, and
    its spaces are no-break spaces: they look the same everywhere, but JabRef (which ignores
    the comma) then keeps ``The Theano Development Team`` whole instead of writing
    ``Team, The Theano Development``. pubkit's reader reads them as plain spaces.
    """
    if person.literal is not None:
        return person.literal.replace(" ", "\u00a0") + ","
    if not person.family:
        return person.given or ""  # a given name alone (a mononym)
    parts = [person.family_with_particle, person.given or ""]
    if person.suffix:
        parts.append(person.suffix)
    return ", ".join(parts).rstrip(", ")


# `Smith, John and Doe, Jane` (plain spaces: an organization's no-break spaces keep its `and`).
_AND = re.compile(r"(?<=[\w.])[ \t]+and[ \t]+(?=\w)")


def _names_on_line(line: str) -> list[str]:
    """The names a line holds: one, or a BibTeX-style list where every name is inverted
    (`Smith, John and Doe, Jane`). `Research and Development Office, Ministry of Health` and
    `Procter and Gamble` are one name each."""
    parts = _AND.split(line)
    return parts if len(parts) > 1 and all("," in part for part in parts) else [line]


def read_names(ctx: ReadContext, *tags: list[str] | None) -> tuple[tuple[Person, ...], bool]:
    persons: list[Person] = []
    truncated = False
    assert ctx.rule is not None
    for tag, lines in zip(ctx.rule.native, tags, strict=True):
        # One name per line; some exporters put a BibTeX-style list on one line instead.
        for value in (part for line in lines or () for part in _names_on_line(line)):
            if is_et_al(value):
                truncated = True
            elif value.strip(" ,"):
                persons.append(parse_inverted_name(value))
            else:  # `AU  - , ,`
                ctx.warn(tag, "invalid-name", f"{tag} {value!r} names nobody; left out")
    return tuple(persons), truncated


def write_names(ctx: WriteContext, persons: tuple[Person, ...]) -> list[str] | None:
    return [ris_name(p) for p in persons] or None


def write_authors(ctx: WriteContext, persons: tuple[Person, ...], truncated: bool) -> Any:
    return write_names(ctx, persons)


def without_dropping_particles(persons: tuple[Person, ...]) -> tuple[Person, ...]:
    return tuple(
        Person(
            family=p.family,
            given=p.given,
            particle=" ".join(x for x in (p.dropping_particle, p.particle) if x) or None,
            suffix=p.suffix,
        )
        if p.literal is None
        else p
        for p in persons
    )


def names_carried(*fields: str) -> Any:
    def carried(work: Work, dialect: str) -> dict[str, Any]:
        return {name: without_dropping_particles(getattr(work, name)) for name in fields}

    return carried


_NUMERIC_DATE = re.compile(
    r"(?P<y>\d{4})(?:[/-](?P<m>\d{1,2})?(?:[/-](?P<d>\d{1,2})?(?:/(?P<o>.*))?)?)?/?"
)
_WORDY_DATE = re.compile(
    r"(?P<word>[A-Za-z]+)\.?(?:\s+(?P<d>\d{1,2})(?!\d))?,?(?:\s+(?P<y>\d{4}))?"
)


def date_parts(value: str) -> tuple[int | None, int | None, int | None, str]:
    """(year, month, day, other text) of an RIS date; None for what it does not say.

    Dates come as ``2022``, ``2022/03/06/``, ``2022/03//``, ``2021///Spring``, ``2022-03-06``,
    and (EndNote) ``May 28``."""
    text = value.strip()
    if match := _NUMERIC_DATE.fullmatch(text):
        other = (match.group("o") or "").strip()
        month = int(match.group("m")) if match.group("m") else SEASONS.get(other.lower())
        day = int(match.group("d")) if match.group("d") else None
        return int(match.group("y")), month, day, other
    if (match := _WORDY_DATE.fullmatch(text)) and (
        month := month_number(match.group("word")) or SEASONS.get(match.group("word").lower())
    ):
        season = match.group("word").lower() in SEASONS
        year = int(match.group("y")) if match.group("y") else None
        day = int(match.group("d")) if match.group("d") else None
        return year, month, day, text if season else ""
    return year_in(text), None, None, text


# The date tags, most trusted first: DA is the date, Y1 its RIS 1 spelling, PY the year
# alone (as Zotero reads them: its import uses PY only where no DA or Y1 gives a date).
_DATE_TAGS = ("DA", "Y1", "PY")


def read_date(ctx: ReadContext, *tags: list[str] | None) -> tuple[Date | None, str | None]:
    """The year from DA (or legacy Y1, or PY); month and day from the first of them with the
    same year, or none. A tag that names another year is written back as it came, and
    reported. Text that says more than a date (a season) is written back as it came; text
    with no date at all (`Forthcoming`, `20xx`) is the date's text."""
    parsed = {}
    worded: dict[str, str] = {}  # tags whose text is no date at all
    for name, lines in zip(("PY", "Y1", "DA"), tags, strict=True):
        if not lines:
            continue
        parts = date_parts(lines[0])
        if parts[0] is None and parts[1] is None and name != "DA":
            worded[name] = lines[0].strip()
            if name != "PY" or len(lines) > 1 or len(worded) > 1:
                ctx.keep(name)  # what ``write_date`` would not write so
            continue
        if parts[3] or len(lines) > 1:
            ctx.keep(name)  # a season or other date text
        parsed[name] = (*parts, lines[0].strip())
    dated = [name for name in _DATE_TAGS if name in parsed and parsed[name][0]]
    if not dated:
        return None, next(iter(worded.values()), None) or None
    year = parsed[dated[0]][0]
    assert year is not None  # `dated` are the tags with a year
    for name, text in worded.items():  # `PY  - Forthcoming` beside a DA date: kept too
        ctx.keep(name)
        ctx.warn(name, "unusual-date", f"{name} {text!r} is not a date; kept as it is")
    for name in dated[1:]:
        if parsed[name][0] != year:  # `PY  - 2014` beside `DA  - 2013/12/30` (online first)
            ctx.keep(name)
            message = (
                f"{name} {parsed[name][4]!r} names another year than {dated[0]} "
                f"{parsed[dated[0]][4]!r}; the date is {dated[0]}'s, {name} is kept as it is"
            )
            ctx.warn(name, "unusual-date", message)
    for name in _DATE_TAGS:  # the most precise source of month and day
        if name in parsed:
            tag_year, month, day, _, _ = parsed[name]
            if month is not None and tag_year in (None, year):
                try:
                    return Date(year, month, day), None
                except InvalidValueError as exc:
                    raise InvalidValueError(str(exc), field=name) from None
    return Date(year), None


def write_date(
    ctx: WriteContext, issued: Date | None, text: str | None
) -> tuple[list[str] | None, None, list[str] | None]:
    """PY is the year; DA is ``YYYY/MM/DD/``, with empty parts for what is unknown. A date in
    words is PY's text, as reference managers read it."""
    if issued is None:
        return ([text] if text else None), None, None
    return [f"{issued.year:04d}"], None, [ris_date(issued)]


def ris_date(date: Date) -> str:
    """``YYYY/MM/DD/``, with empty parts for what is unknown (DA, Y2)."""
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def read_pages(ctx: ReadContext, start: list[str] | None, end: list[str] | None) -> Any:
    """SP and EP as the model's range; Mendeley puts the range in SP alone."""
    return PageRange.from_ends(first(ctx, start, "SP"), first(ctx, end, "EP"))


def write_pages(ctx: WriteContext, pages: PageRange) -> tuple[list[str], list[str] | None]:
    return [pages.first], [pages.last] if pages.last else None


def read_serial(ctx: ReadContext, lines: list[str] | None) -> tuple[Isbn | None, Issn | None]:
    """SN holds ISBNs and ISSNs, a line each or several on a line (``1932-8494; 1932-8486``,
    ``0278-6133(Print),1930-7810(Electronic)``); the first of each is read, and where SN says
    more, or something else besides, it is written back as it came."""
    if not lines:
        return None, None
    isbns: list[Isbn] = []
    issns: list[Issn] = []
    others: list[str] = []
    for value in (part.strip() for line in lines for part in _SERIAL_LIST.split(line)):
        number = serial(value)
        if isinstance(number, Issn):
            issns.append(number)
        elif isinstance(number, Isbn):
            isbns.append(number)
        elif value:
            others.append(value)
    if not isbns and not issns:
        raise InvalidValueError(f"{lines[0]!r} is neither an ISBN nor an ISSN (checked)")
    if others:
        message = f"{others[0]!r} is neither an ISBN nor an ISSN (checked); kept as it was"
        ctx.warn("SN", "invalid-isbn", message)
    if len(isbns) > 1 or len(issns) > 1 or others:
        ctx.keep("SN")
    return (isbns[0] if isbns else None), (issns[0] if issns else None)


_SERIAL_LIST = re.compile(r"[;,]")


def serial(value: str) -> Isbn | Issn | None:
    try:
        return Issn(value)
    except InvalidValueError:
        pass
    try:
        return Isbn(value)
    except InvalidValueError:
        return None


def write_serial(ctx: WriteContext, isbn: Isbn | None, issn: Issn | None) -> list[str]:
    return [str(number) for number in (isbn, issn) if number is not None]


def read_urls(ctx: ReadContext, lines: list[str] | None) -> tuple[str | None, tuple[str, ...]]:
    """The paper's URL is the first UR that is not the code or a link the notes name; the
    others are links."""
    known = {ctx.values.get("code_url"), *ctx.values.get("links", ())}
    urls = [url for url in lines or () if url not in known]
    return (urls[0] if urls else None), tuple(urls[1:])


def read_keywords(
    ctx: ReadContext, lines: list[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """KW lines: the arXiv categories among them (Zotero makes every KW a tag), and the
    keywords."""
    from pubkit import arxiv

    words = [k.strip() for k in lines or () if k.strip()]
    categories = tuple(k for k in words if arxiv.is_category_id(k))
    return categories, tuple(k for k in words if k not in categories)


def arxiv_accession(ctx: ReadContext, lines: list[str] | None) -> Any:
    """Zotero writes a preprint's archive id as ``AN  - arXiv:1706.03762``."""
    value = first(ctx, lines, "AN")
    if value is None or not value.lower().startswith("arxiv:"):
        return UNREAD
    return ArxivId(value)


def note_lines(ctx: ReadContext, lines: list[str] | None) -> Text | None:
    return _note(lines or [])


def _note(lines: list[str]) -> Text | None:
    """The note, one line per ``N1``; a note Zotero exported as HTML read as its text."""
    text = "\n".join(html_as_text(line) for line in lines)
    return Text.plain(text) if text.strip() else None


def note_lines_of(note: Text) -> list[str]:
    return [plain_text(Text.plain(line)) for line in readable(note).split("\n") if line.strip()]


def note_carried(work: Work, dialect: str) -> dict[str, Any]:
    if not work.note:
        return {}
    return {"note": _note(note_lines_of(work.note))}


def keywords_carried(work: Work, dialect: str) -> dict[str, Any]:
    """Categories that are not arXiv ids come back as keywords, before the others."""
    from pubkit import arxiv

    valid = tuple(c for c in work.categories if arxiv.is_category_id(c))
    others = tuple(c for c in work.categories if c not in valid)
    return {"categories": valid, "keywords": tuple(dict.fromkeys((*others, *work.keywords)))}
