"""Converters of the BibTeX table: field values (LaTeX strings) <-> model values.

Reading, values are the LaTeX a field holds after its macros are resolved; writing, the state
of the output (``Output``) turns model text into LaTeX and collects the commands to provide.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from pubkit import arxiv
from pubkit.affiliations import code_for
from pubkit.formats.bibtex.latex import LatexWriter
from pubkit.formats.bibtex.names import bibtex_names
from pubkit.formats.bibtex.options import Options
from pubkit.formats.rules import UNREAD, ReadContext, WriteContext
from pubkit.markup.braces import braced_whole
from pubkit.markup.latex_parse import Dialect, parse_latex
from pubkit.markup.plain import readable
from pubkit.model import Affiliation, ArxivId, Date, Doi, Person, Text
from pubkit.model.date import MONTH_ABBREVIATIONS, month_number, year_in
from pubkit.model.person import is_et_al
from pubkit.names import parse_bibtex_name


@attrs.define
class Output:
    """One .bib output being written: its options and its LaTeX writer."""

    options: Options
    latex: LatexWriter


def latex_of(ctx: WriteContext) -> LatexWriter:
    state: Output = ctx.state
    state.latex.key = ctx.work.key
    return state.latex


@attrs.frozen
class Bare:
    """A value written without braces: a month macro (``month = apr``)."""

    text: str


# -- text -------------------------------------------------------------------------------------


def read_text(ctx: ReadContext, value: str) -> Text | None:
    return parse_latex(value, Dialect.BIBTEX) if value.strip() else None


@functools.lru_cache(maxsize=4096)  # publishers, addresses, series: they repeat
def plain(value: str | None) -> str | None:
    """A field's value as plain text: LaTeX decoded, markup dropped."""
    return readable(parse_latex(value, Dialect.BIBTEX)).strip() or None if value else None


def read_plain(ctx: ReadContext, value: str) -> str | None:
    return plain(value)


def write_title(ctx: WriteContext, text: Text) -> str:
    return latex_of(ctx).text(text, title=True)


def write_text(ctx: WriteContext, text: Text) -> str:
    return latex_of(ctx).text(text)


def write_list_literal(ctx: WriteContext, value: str) -> str:
    """A plain string for a field biblatex reads as a list (``publisher``, ``location``,
    ``institution``): a literal "and" braced, or biber splits "Routledge and Kegan Paul" in
    two. Classic BibTeX reads these fields as text: as they are."""
    latex = write_plain(ctx, value)
    if ctx.dialect != "biblatex":
        return latex
    return re.sub(r"(?<![\\\w{])\b(and)\b(?![\w}])", r"{\1}", latex, flags=re.IGNORECASE)


def write_plain(ctx: WriteContext, value: str) -> str:
    return latex_of(ctx).escape(str(value))


def as_latex(text: Text, *, title: bool) -> Text:
    """Text as BibTeX carries it: what reading the written LaTeX gives (``\\emph{Style}`` is
    case-protected to BibTeX too)."""
    return parse_latex(LatexWriter().text(text, title=title), Dialect.BIBTEX)


# -- names ------------------------------------------------------------------------------------


def read_names(ctx: ReadContext, value: str) -> tuple[tuple[Person, ...], bool]:
    """``A and B and others``: the persons, and whether the list is truncated ("et al.")."""
    names = re.sub(r"\s+and\s*$", "", " ".join(value.split()))  # DBLP breaks lines after `and`
    persons: list[Person] = []
    truncated = False
    for name in _split_names(names):
        if is_et_al(name):
            truncated = True
        elif name.strip():
            persons.append(parse_bibtex_name(name.strip()))
    return tuple(persons), truncated


def _split_names(names: str) -> list[str]:
    """Split at ``and`` at brace depth 0, as BibTeX does (case-insensitive, whole words)."""
    parts: list[str] = []
    depth, start = 0, 0
    for match in re.finditer(r"[{}]|(?<![^\s~])and(?![^\s~])", names, re.IGNORECASE):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(names[start : match.start()])
            start = match.end()
    parts.append(names[start:])
    return [p.strip() for p in parts]


def write_names(ctx: WriteContext, persons: tuple[Person, ...], truncated: bool = False) -> str:
    # Classic BibTeX cuts bytes when it abbreviates names: ASCII initials keep letters whole.
    initials = ctx.dialect == "bibtex"
    return bibtex_names(persons, truncated, latex_of(ctx), ascii_initials=initials)


def read_editors(ctx: ReadContext, value: str) -> tuple[Person, ...]:
    return read_names(ctx, value)[0]


def without_dropping_particles(persons: tuple[Person, ...]) -> tuple[Person, ...]:
    """Persons as BibTeX carries them: one particle, the dropping one included."""
    return tuple(
        attrs.evolve(p, particle=p.dropping_particle or p.particle, dropping_particle=None)
        if p.literal is None and p.dropping_particle
        else p
        for p in persons
    )


# -- dates ------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def read_date(
    ctx: ReadContext, year: str | None, month: str | None, day: str | None
) -> tuple[Date | None, str | None]:
    """``year``/``month``/``day``. Text that is not a plain date (`in press`, `2020a`,
    `1998--1999`, `Spring`, `2019/`) keeps the year it holds, if any, and is written back as it
    came; text with no year (`19xx`) is the date's text."""
    year_text = plain(year)  # `{\noopsort{1973b}}1973` is 1973
    if year_text is None:
        return None, None
    month_number_, day_number = _read_month(ctx, month)
    if re.fullmatch(r"\d{1,4}", year_text) and year_text.isascii():
        number = int(year_text)
    else:
        in_text = year_in(year_text)
        if in_text is None:  # a date the model holds as text only
            for name, given in (("year", year), ("month", month), ("day", day)):
                if given is not None and (name != "year" or re.search(r"[\\{}$~%]", given)):
                    ctx.keep(name)  # the year's markup, and a month and day beside it
            return None, year_text.strip() or None
        ctx.keep("year")
        number = in_text
    day_text = (plain(day) or "").strip()
    if day_number is None and day_text.isascii() and day_text.isdigit() and len(day_text) <= 2:
        day_number = int(day_text) if month_number_ else None
    elif day_text and day_number is None:
        ctx.keep("day")
    return Date.from_parts(number, month_number_, day_number), None


def read_iso_date(ctx: ReadContext, date: str) -> Date | None:
    """BibLaTeX's ``date`` (or ``urldate`` ...): ISO 8601, or a range or EDTF date whose start
    the model keeps."""
    assert ctx.rule is not None
    field = ctx.rule.native[0]
    date = date.strip()
    match = _DATE.match(date)
    if match is None:
        ctx.keep(field)
        ctx.warn(field, "unusual-date", f"{date!r} is not a date; kept as it is")
        return None
    if match.end() < len(date):
        ctx.keep(field)  # a range or an EDTF date: the model keeps its start
    year, month, day = (int(p) if p else None for p in match.groups())
    assert year is not None
    if month is not None and month > 12:  # EDTF seasons: 2020-21
        month, day = None, None
    return Date.from_parts(year, month, day)


def read_issued_date(ctx: ReadContext, date: str) -> tuple[Date | None, str | None]:
    """BibLaTeX's ``date`` (``read_iso_date``); text with no year (`in press`) is the date's
    text, where there is no ``year`` to give the date instead."""
    no_year = "year" not in ctx.record.fields
    if no_year and _DATE.match(date.strip()) is None and re.search(r"\d{4}", date) is None:
        ctx.keep("date")
        return None, plain(date) or None
    return read_iso_date(ctx, date), None


def _read_month(ctx: ReadContext, value: str | None) -> tuple[int | None, int | None]:
    """Month (and day, where the month field has one): ``apr``, ``4``, ``April``, ``Apr.``,
    ``10~January``, ``January 10``."""
    if value is None:
        return None, None
    text = (plain(value) or "").lower().replace("\u00a0", " ")
    match = re.fullmatch(
        r"(?:(?P<day>\d{1,2})\s+)?(?P<month>[a-z]+|\d{1,2})\.?(?:\s+(?P<day2>\d{1,2}))?", text
    ) or re.fullmatch(r"(?P<day>\d{1,2})\s*(?P<month>[a-z]+)\.?", text)
    if match and (number := month_number(match.group("month"))) is not None:
        day = match.group("day") or match.group("day2")
        return number, int(day) if day else None
    # `April-May`, `November, December`: the first month is the date's; the text is kept.
    ctx.keep("month")
    first = next((n for w in re.findall(r"[a-z]+", text) if (n := month_number(w))), None)
    if first is None:
        ctx.warn("month", "unusual-date", f"month {value!r} is not a month; kept as it is")
    return first, None


def write_date(ctx: WriteContext, date: Date) -> str:
    """BibLaTeX: ``date = {2022-03-06}``."""
    return str(date)


def write_issued_date(ctx: WriteContext, issued: Date | None, text: str | None) -> str | None:
    """BibLaTeX's ``date``; a date in words is its ``year`` (``write_year_text``): biber
    rejects a ``date`` that is not one."""
    return str(issued) if issued is not None else None


def write_year_text(ctx: WriteContext, text: str) -> str | None:
    """BibLaTeX: a date in words (`in press`) as the ``year``, which biber prints as it is;
    not where the source's ``date`` said it (written back as it came)."""
    native = ctx.work.native.get("bibtex")
    if ctx.work.issued is not None or (native is not None and native.get("date") is not None):
        return None
    return write_plain(ctx, text)


def write_year_month_day(
    ctx: WriteContext, issued: Date | None, text: str | None
) -> tuple[Any, ...]:
    """BibTeX: ``year``, a month macro, ``day``; or the date's words as the year."""
    if issued is None:
        return (write_plain(ctx, text) if text else None), None, None
    month = Bare(MONTH_ABBREVIATIONS[issued.month - 1]) if issued.month else None
    day = str(issued.day) if issued.day else None
    return str(issued.year), month, day


# -- identifiers ------------------------------------------------------------------------------


def unescape_url(url: str) -> str:
    """A URL as LaTeX spells it (``a\\_b``, ``{\\_}``, ``\\%20``, ``\\~{}``) as the URL; braces
    around all of it protect it (Web of Science writes ``DOI = {{10.1016/...}}``)."""
    url = url.strip()
    while braced_whole(url):
        url = url[1:-1].strip()
    url = re.sub(r"\{\\([_%#&~$])\}", r"\1", url)
    url = re.sub(r"\\([_%#&$])", r"\1", url)
    return url.replace("\\~{}", "~").replace("\\textasciitilde{}", "~").replace("\\~", "~")


def write_url(url: str) -> str:
    """A URL for a ``url``/``doi`` field (styles hand it to ``\\url``, which reads % and # as
    they are); braces and backslashes are percent-encoded, so no brace can unbalance it."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def url_in_text(url: str) -> str:
    """A URL for a ``\\url{}`` inside a text field: % and # escaped, since there it is an
    argument LaTeX has already read."""
    return write_url(url).replace("%", "\\%").replace("#", "\\#")


def read_doi(ctx: ReadContext, value: str) -> Doi:
    """A DOI (an arXiv DOI gives the arXiv id too: ``normalize_fields``)."""
    return Doi(unescape_url(value))


def write_doi(ctx: WriteContext, doi: Doi | None, arxiv_id: ArxivId | None) -> str | None:
    """The DOI; a preprint's arXiv DOI when it has none of its own."""
    found = doi or ctx.work.arxiv_doi
    return write_url(found) if found else None


def read_eprint(
    ctx: ReadContext,
    eprint: str | None,
    archiveprefix: str | None,
    eprinttype: str | None,
    primaryclass: str | None,
    eprintclass: str | None,
) -> Any:
    """``eprint`` with ``archivePrefix``/``primaryClass`` (BibTeX) or ``eprinttype``/
    ``eprintclass`` (BibLaTeX): the arXiv id, and its primary category."""
    prefix = (archiveprefix or eprinttype or "").strip().lower()
    if eprint is None or (prefix and prefix != "arxiv"):
        return UNREAD
    if archiveprefix and eprinttype and archiveprefix.strip().lower() != eprinttype.strip().lower():
        ctx.leave("eprinttype")  # two archives named: the second is written back as it came
    categories = tuple(dict.fromkeys(c.strip() for c in (primaryclass, eprintclass) if c))
    try:
        arxiv_id = ArxivId(eprint)
    except Exception:
        if prefix == "arxiv":
            raise
        return UNREAD  # an eprint of another archive
    return arxiv_id, categories


def write_eprint(ctx: WriteContext, arxiv_id: ArxivId | None, categories: tuple[str, ...]) -> Any:
    if arxiv_id is None:
        return None, None, None, None, None
    category = categories[0] if categories else None
    if ctx.dialect == "biblatex":
        return str(arxiv_id), None, "arxiv", None, category
    # eprinttype too: it is what Zotero's BibTeX import reads the id with ("arXiv: ..." in Extra).
    return str(arxiv_id), "arXiv", "arxiv", category, None


def read_url(ctx: ReadContext, value: str) -> str:
    return unescape_url(value.strip())


# `\url{...}`, or a URL alone (Zotero's and many sites' exports write it so).
_URL_ONLY = re.compile(r"\\url\{([^{}]*)\}|(https?://[^\s{}]+)")


def howpublished_is_words(value: str) -> bool:
    """Whether a howpublished says how it was published (``Handed out at O'Hare``), rather
    than giving a lone URL or the arXiv id (``read_howpublished``)."""
    text = value.strip()
    return not (_URL_ONLY.fullmatch(text) or text.lower().startswith("arxiv:"))


def read_howpublished(ctx: ReadContext, value: str) -> Any:
    """``arXiv:<id>`` (what the classic writer adds for plain.bst) is derived again; a lone
    ``\\url{...}`` or URL is the URL, and stays where plain.bst prints it; anything else is written
    back as it came."""
    text = value.strip()
    arxiv_id = ctx.values.get("arxiv_id")
    if arxiv_id is not None and text == f"arXiv:{arxiv_id}":
        return None
    match = _URL_ONLY.fullmatch(text)
    if match and "url" not in ctx.record.fields:  # a url field says the URL
        ctx.leave("howpublished")  # what classic styles print: written back as it came
        return unescape_url(match.group(1) or match.group(2))
    return UNREAD


def write_arxiv_howpublished(ctx: WriteContext, arxiv_id: ArxivId | None, container: Any) -> Any:
    """Classic styles ignore eprint fields; howpublished is what plain.bst prints for @misc."""
    if ctx.type != "misc" or container is not None or arxiv_id is None:
        return None
    return f"arXiv:{arxiv_id}"


# -- keywords and affiliations ------------------------------------------------------------------


def read_keywords(ctx: ReadContext, value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Keywords, and the arXiv categories among them (which pubkit's writers put there)."""
    words = [plain(w.strip()) or "" for w in re.split(r"[,;]", value)]
    words = [w for w in words if w]
    categories = tuple(w for w in words if arxiv.is_category_id(w))
    return categories, tuple(w for w in words if w not in categories)


def write_keywords(
    ctx: WriteContext, categories: tuple[str, ...], keywords: tuple[str, ...]
) -> str:
    latex = latex_of(ctx)
    return ", ".join(latex.escape(k) for k in dict.fromkeys((*categories, *keywords)))


def read_affiliations(ctx: ReadContext, value: str) -> tuple[Affiliation, ...]:
    names = [plain(part.strip()) or "" for part in value.split(";")]
    return tuple(affiliation_named(name) for name in names if name)


def affiliation_named(name: str) -> Affiliation:
    """An institution's name gives back its code where pubkit knows it; else it is the code."""
    code = code_for(name)
    return Affiliation(code, name) if code else Affiliation(name)


# -- pages ------------------------------------------------------------------------------------


def write_pages(ctx: WriteContext, pages: Any) -> str:
    """``12–34`` -> ``12--34``, BibTeX's spelling of a page range."""
    latex = latex_of(ctx)
    if pages.last is not None:
        return f"{latex.escape(pages.first)}--{latex.escape(pages.last)}"
    return latex.escape(str(pages))
