"""Reading .bib files (BibTeX and BibLaTeX) into the model.

Blocks come from ``syntax.py`` (bibtexparser); names are split by pybtex's implementation of
BibTeX's name grammar; LaTeX becomes Text chunks (``{BERT}`` case protection, math, italics);
fields the model has no place for are kept as ``bibtex:<field>`` in extra data, and written back
as they came. docs/bibtex.md has the tables.
"""

from __future__ import annotations

import json
import re

import attrs
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person as BibtexPerson
from pybtex.exceptions import PybtexError

from pubkit import arxiv
from pubkit.affiliations import code_for
from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.errors import InvalidValueError
from pubkit.formats.bibtex import mapping
from pubkit.formats.bibtex.syntax import MONTH_MACROS, RawEntry, Value, evaluate, parse
from pubkit.library import Library
from pubkit.markup.latex_parse import Dialect, parse_latex
from pubkit.model import Affiliation, Date, Person, Span, Text, Work, WorkType
from pubkit.model.identifiers import arxiv_doi, normalize_arxiv_id, normalize_doi
from pubkit.source import Source

# Fields read into model fields; all others are kept as `bibtex:<field>`.
_READ = frozenset(
    """author editor title journal journaltitle year month day date volume number
    issue pages publisher school institution doi url eprint archiveprefix eprinttype
    primaryclass eprintclass howpublished abstract keywords note addendum affiliation usera
    pubstate type address location edition series isbn issn language""".split()
)
_MONTH_NAMES = {name.lower(): number for number, name in enumerate(MONTH_MACROS.values(), 1)}
_MONTH_NAMES.update({abbreviation: n for n, abbreviation in enumerate(MONTH_MACROS, 1)})
_MONTH_NAMES["sept"] = 9
_CODE = re.compile(r"Code(?P<unflagged> link)?: \\url\{(?P<url>[^{}]*)\}")
_SEE_ALSO = re.compile(r"See also: (?P<urls>(?:\\url\{[^{}]*\}(?:, )?)+)")
_URL = re.compile(r"\\url\{([^{}]*)\}")


class _EntryError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@attrs.define
class _Entry:
    """An entry being read: its evaluated fields, and where each came from."""

    raw: RawEntry
    values: dict[str, Value]
    lines: dict[str, tuple[int, int | None]]
    source: str
    warnings: list[Diagnostic] = attrs.field(factory=list)
    extra: dict[str, str] = attrs.field(factory=dict)  # data the reading itself keeps

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value.text.strip() if value is not None and value.text.strip() else None

    def where(self, name: str) -> dict[str, object]:
        line, column = self.lines.get(name, (self.raw.line, self.raw.column))
        return {"source": self.source, "line": line, "column": column, "key": self.raw.key}

    def warn(self, name: str, code: str, message: str) -> None:
        self.warnings.append(warning(code, message, **self.where(name)))  # type: ignore[arg-type]

    def fail(self, name: str, code: str, message: str) -> _EntryError:
        return _EntryError(error(code, message, **self.where(name)))  # type: ignore[arg-type]


def read_bibtex(source: Source) -> Library:
    document = parse(source.text, source.name)
    diagnostics: list[Diagnostic] = list(document.problems)
    entries: list[_Entry] = []
    for raw in document.entries:
        entry, problems = _evaluate(raw, document.strings, source.name)
        if problems:
            diagnostics.extend(problems)
            continue
        if not raw.key:
            diagnostics.append(
                error(
                    "missing-key",
                    "the entry has no citation key; it was not read",
                    source=source.name,
                    line=raw.line,
                    column=raw.column,
                )
            )
            continue
        entries.append(entry)
    by_key: dict[str, _Entry] = {}
    for entry in entries:  # crossref keys are compared without case, as BibTeX does
        by_key.setdefault(entry.raw.key.lower(), entry)
    works = []
    for entry in entries:
        _inherit(entry, by_key)
        try:
            work = _work(entry)
        except _EntryError as exc:
            diagnostics.append(exc.diagnostic)
            diagnostics.extend(entry.warnings)
            continue
        diagnostics.extend(entry.warnings)
        works.append(work)
    if not document.entries and not document.problems:
        diagnostics.append(
            error("no-records", "no BibTeX entries found", source=source.name, line=1)
        )
    diagnostics.sort(key=lambda d: d.line or 0)
    extra = {}
    if document.preambles:
        extra["bibtex:preamble"] = json.dumps(list(document.preambles), ensure_ascii=False)
    if document.comments:
        extra["bibtex:comment"] = json.dumps(list(document.comments), ensure_ascii=False)
    return Library(works, None, diagnostics, extra)


def _evaluate(
    raw: RawEntry, strings: dict[str, str], source: str
) -> tuple[_Entry, list[Diagnostic]]:
    values: dict[str, Value] = {}
    lines: dict[str, tuple[int, int | None]] = {}
    problems: list[Diagnostic] = []
    for field in raw.fields:
        value, field_problems = evaluate(field.value, strings, field.line, field.column, source)
        problems.extend(attrs.evolve(p, key=raw.key or None) for p in field_problems)
        values[field.name] = value
        lines[field.name] = (field.line, field.column)
    if len(problems) > 1:
        # One error per entry, naming every problem it has: entries = works + errors.
        others = "; ".join(f"line {p.line}: {p.message}" for p in problems[1:])
        problems = [attrs.evolve(problems[0], message=f"{problems[0].message}; also {others}")]
    return _Entry(raw, values, lines, source), problems


def _inherit(entry: _Entry, entries: dict[str, _Entry]) -> None:
    """BibTeX's crossref: fields the entry lacks come from the entry it refers to (a
    proceedings' title becomes the paper's booktitle). They are copied into the entry."""
    parent_key = entry.text("crossref")
    if parent_key is None:
        return
    parent = entries.get(parent_key.lower())
    if parent is None:
        entry.warn("crossref", "unknown-crossref", f"no entry has the key {parent_key!r}")
        return
    for name, value in parent.values.items():
        target = "booktitle" if name == "title" else name
        if name != "crossref" and target not in entry.values:
            entry.values[target] = value
            entry.lines.setdefault(target, parent.lines[name])
    # The fields are the entry's own now: writing `crossref` back would make BibTeX copy them
    # a second time, and a later reading inherit what the entry already has.
    del entry.values["crossref"]


def _work(entry: _Entry) -> Work:
    work_type, type_extra = _type(entry)
    authors, truncated = _names(entry, "author")
    editors, _ = _names(entry, "editor")
    arxiv_id, categories = _arxiv(entry)
    doi = _doi(entry)
    if doi and arxiv_id and doi.lower() == arxiv_doi(arxiv_id).lower():
        doi = None  # the writers derive it from the arXiv id
    note, code_url, has_code, links = _notes(entry)
    keywords, keyword_categories = _keywords(entry)
    container = entry.text("journaltitle") or entry.text("journal")
    if work_type in mapping.PARTS:
        container = container or entry.text("booktitle")
    howpublished = entry.text("howpublished")
    url = unescape_url(entry.text("url"))
    if howpublished and arxiv_id and howpublished == f"arXiv:{arxiv_id}":
        howpublished = None  # what the classic writer adds for plain.bst
    if howpublished and (match := _URL.fullmatch(howpublished)) and url is None:
        url, howpublished = unescape_url(match.group(1)), None
    issued = _date(entry)  # before the extra data: it keeps date text there
    if arxiv_id is None and (from_doi := _arxiv_from_doi(entry)):
        arxiv_id, doi = from_doi, None  # the writers derive the DOI from the arXiv id
    extra = {**type_extra, **_unread(entry, work_type), **_alternatives(entry), **entry.extra}
    if howpublished:
        extra["bibtex:howpublished"] = howpublished
    keywords = tuple(k for k in keywords if k not in categories)
    return Work(
        type=work_type,
        key=entry.raw.key,
        title=_latex(entry.text("title")),
        authors=authors,
        authors_truncated=truncated,
        editors=editors,
        issued=issued,
        container_title=_latex(container),
        volume=_plain(entry.text("volume")),
        issue=_plain(entry.text("number") or entry.text("issue")),
        pages=_pages(entry.text("pages")),
        publisher=_plain(
            entry.text("publisher") or entry.text("school") or entry.text("institution")
        ),
        place=_plain(entry.text("location") or entry.text("address")),
        edition=_plain(entry.text("edition")),
        series=_plain(entry.text("series")),
        isbn=_plain(entry.text("isbn")),
        issn=_plain(entry.text("issn")),
        language=_plain(entry.text("language")),
        doi=doi,
        arxiv_id=arxiv_id,
        url=url,
        abstract=_latex(entry.text("abstract")),
        keywords=keywords,
        note=_latex(note),
        categories=tuple(dict.fromkeys((*categories, *keyword_categories))),
        has_code=has_code,
        code_url=code_url,
        links=links,
        affiliations=_affiliations(entry.text("affiliation") or entry.text("usera")),
        extra=extra,
        origin=Span(entry.source, entry.raw.line, entry.raw.column),
    )


# Fields of which the model takes one: the others, when an entry has several, are kept.
_ALTERNATIVES = (
    ("journaltitle", "journal"),
    ("location", "address"),
    ("addendum", "note"),
    ("number", "issue"),
    ("publisher", "school", "institution"),
    ("primaryclass", "eprintclass"),
    ("archiveprefix", "eprinttype"),
    ("date", "year"),
    ("date", "month"),
)


def _alternatives(entry: _Entry) -> dict[str, str]:
    kept = {}
    for group in _ALTERNATIVES:
        present = [name for name in group if entry.text(name) is not None]
        for name in present[1:]:
            kept[f"bibtex:{name}"] = entry.values[name].text
    return kept


def _arxiv_from_doi(entry: _Entry) -> str | None:
    """An arXiv DOI (``10.48550/arXiv.1706.03762``) gives the arXiv id."""
    value = entry.text("doi") or ""
    match = re.fullmatch(r"(?:https?://doi\.org/)?10\.48550/arxiv\.(\S+)", value, re.IGNORECASE)
    if match is None:
        return None
    try:
        return normalize_arxiv_id(match.group(1))
    except InvalidValueError:
        return None


def _latex(text: str | None) -> Text | None:
    return parse_latex(text, Dialect.BIBTEX) if text else None


def _plain(text: str | None) -> str | None:
    return str(parse_latex(text, Dialect.BIBTEX)) if text else None


def _type(entry: _Entry) -> tuple[WorkType, dict[str, str]]:
    bib_type = entry.raw.type
    subtype = (entry.text("type") or "").lower()
    has_journal = bool(entry.text("journal") or entry.text("journaltitle"))
    work_type = mapping.read_type(bib_type, has_container=has_journal)
    extra: dict[str, str] = {}
    if work_type is not None and bib_type not in mapping.written_types(work_type):
        extra["bibtex:entrytype"] = bib_type  # @proceedings, @manual ...: written back as such
    if work_type is None:
        work_type = WorkType.DOCUMENT
        extra["bibtex:entrytype"] = bib_type
        entry.warn("", "unknown-type", f"@{bib_type} is not an entry type pubkit knows; kept")
    if entry.text("type") and subtype not in mapping.BIBLATEX_SUBTYPES.values():
        extra["bibtex:type"] = entry.text("type")  # type: ignore[assignment]
    if entry.text("pubstate") and entry.text("pubstate") != "prepublished":
        extra["bibtex:pubstate"] = entry.text("pubstate")  # type: ignore[assignment]
    return work_type, extra


def _names(entry: _Entry, field: str) -> tuple[tuple[Person, ...], bool]:
    value = entry.text(field)
    if value is None:
        return (), False
    persons: list[Person] = []
    truncated = False
    names = re.sub(r"\s+and\s*$", "", " ".join(value.split()))  # DBLP breaks lines after `and`
    for name in split_name_list(names):
        name = name.strip()
        if name.lower() in ("others", "et al.", "et al"):
            truncated = True
            continue
        try:
            persons.append(bibtex_person(name))
        except (InvalidValueError, PybtexError) as exc:
            raise entry.fail(field, "invalid-name", f"{name!r}: {exc}") from None
    return tuple(persons), truncated


def bibtex_person(name: str) -> Person:
    """``van Merriënboer, Bart``, ``Bart van Merriënboer``, ``{Barnes and Noble, Inc.}``,
    ``King, Jr., Martin Luther``, and BibLaTeX's ``family=Smith, given=John, prefix=van``."""
    if _is_braced_whole(name):
        return Person(literal=_plain(name[1:-1]))
    if re.match(r"\s*(family|given|prefix|suffix)\s*=", name):
        return _extended_name(name)
    parts = BibtexPerson(name)
    return Person(
        given=_plain(" ".join(parts.first_names + parts.middle_names)),
        particle=_plain(" ".join(parts.prelast_names)),
        family=_plain(" ".join(parts.last_names)),
        suffix=_plain(" ".join(parts.lineage_names)),
    )


def _is_braced_whole(name: str) -> bool:
    if not (name.startswith("{") and name.endswith("}")) or name.startswith("{\\"):
        return False
    depth = 0
    for index, char in enumerate(name):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(name) - 1:
            return False
    return True


def _extended_name(name: str) -> Person:
    parts: dict[str, str] = {}
    for item in re.split(r",\s*(?=\w+\s*=)", name):
        key, _, value = item.partition("=")
        parts[key.strip().lower()] = value.strip().strip("{}")
    return Person(
        family=_plain(parts.get("family")),
        given=_plain(parts.get("given")),
        particle=_plain(parts.get("prefix")),
        suffix=_plain(parts.get("suffix")),
    )


def _date(entry: _Entry) -> Date | None:
    """``date`` (BibLaTeX) or ``year``/``month``/``day``. Text that is not a plain date
    (`in press`, `2020a`, `1998--1999`, `Spring`, `2019/`) keeps the year it holds, if any, and
    the text itself in extra data, written back as it was."""
    if (date := entry.text("date")) is not None:
        match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date)
        if match is None:
            entry.extra["bibtex:date"] = date
            entry.warn("date", "unusual-date", f"{date!r} is not a date; kept as it is")
            return None
        if match.end() < len(date):
            # A range or an EDTF date: the model keeps its start, the extra data all of it.
            entry.extra["bibtex:date"] = date
        parts = [int(p) if p else None for p in match.groups()]
        if parts[1] is not None and parts[1] > 12:  # EDTF seasons: 2020-21
            parts = [parts[0], None, None]
        return _checked_date(entry, "date", *parts)
    year_text = _plain(entry.text("year"))  # `{\noopsort{1973b}}1973` is 1973
    if year_text is None:
        return None
    year_match = re.fullmatch(r"\s*(\d{1,4})\s*", year_text)
    if year_match is None:
        entry.extra["bibtex:year"] = entry.text("year")  # type: ignore[assignment]
        found = re.search(r"(?<!\d)(\d{4})(?!\d)", year_text)
        if found is None:
            entry.warn("year", "unusual-date", f"year {year_text!r} has no year; kept as it is")
            return None
        year = int(found.group(1))
    else:
        year = int(year_match.group(1))
    month, day = _month(entry)
    day_text = entry.text("day")
    if day is None and day_text and day_text.isdigit() and month:
        day = int(day_text)
    return _checked_date(entry, "year", year, month, day)


def _checked_date(entry: _Entry, field: str, year: int, month: int | None, day: int | None) -> Date:
    try:
        return Date(year, month, day)
    except InvalidValueError as exc:
        raise entry.fail(field, "invalid-date", str(exc)) from None


def _month(entry: _Entry) -> tuple[int | None, int | None]:
    """Month (and day, where the month field has one): ``apr``, ``{apr}``, ``4``, ``April``,
    ``Apr.``, ``10~January``, ``January 10``."""
    value = entry.values.get("month")
    if value is None:
        return None, None
    text = (value.macro or _plain(value.text) or "").strip().lower().replace("\u00a0", " ")
    match = re.fullmatch(
        r"(?:(?P<day>\d{1,2})\s+)?(?P<month>[a-z]+|\d{1,2})\.?(?:\s+(?P<day2>\d{1,2}))?", text
    ) or re.fullmatch(r"(?P<day>\d{1,2})\s*(?P<month>[a-z]+)\.?", text)
    if match:
        word = match.group("month")
        number = int(word) if word.isdigit() else _MONTH_NAMES.get(word)
        if number is not None and 1 <= number <= 12:
            day = match.group("day") or match.group("day2")
            return number, int(day) if day else None
    # `April-May`, `November, December`, `December 5--9,`: the first month is the date's, the
    # text is kept as it was (and written back so).
    first = next((_MONTH_NAMES[w] for w in re.findall(r"[a-z]+", text) if w in _MONTH_NAMES), None)
    entry.extra["bibtex:month"] = value.text
    if first is None:
        entry.warn("month", "unusual-date", f"month {value.text!r} is not a month; kept as it is")
    return first, None


def _doi(entry: _Entry) -> str | None:
    value = entry.text("doi")
    if value is None:
        return None
    try:
        return normalize_doi(unescape_url(value) or "")
    except InvalidValueError as exc:
        entry.warn("doi", "invalid-doi", f"{exc}; kept as it was")
        entry.extra["bibtex:doi"] = value
        return None


def _arxiv(entry: _Entry) -> tuple[str | None, tuple[str, ...]]:
    eprint = entry.text("eprint")
    prefix = (entry.text("archiveprefix") or entry.text("eprinttype") or "").lower()
    category = entry.text("primaryclass") or entry.text("eprintclass")
    if eprint is None or (prefix and prefix != "arxiv"):
        return None, ()
    try:
        arxiv_id = normalize_arxiv_id(eprint)
    except InvalidValueError:
        if prefix == "arxiv":
            entry.warn("eprint", "invalid-arxiv-id", f"{eprint!r} is not an arXiv id; kept")
        return None, ()
    return arxiv_id, (category,) if category else ()


def _keywords(entry: _Entry) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Keywords, and the arXiv categories among them (which pubkit's writers put there)."""
    value = entry.text("keywords")
    if value is None:
        return (), ()
    words = [str(parse_latex(w.strip(), Dialect.BIBTEX)) for w in re.split(r"[,;]", value)]
    words = [w for w in words if w]
    categories = [w for w in words if arxiv.is_category_id(w)]
    return tuple(w for w in words if w not in categories), tuple(categories)


def _notes(entry: _Entry) -> tuple[str | None, str | None, bool, tuple[str, ...]]:
    """The note (or addendum) without pubkit's code and link sentences, which it reads back."""
    text = entry.text("addendum") or entry.text("note")
    if text is None:
        return None, None, False, ()
    sentences = [s for s in re.split(r"(?<=\})\. |\. (?=Code|See also)", text) if s]
    code_url, has_code, links, rest = None, False, (), []
    for sentence in sentences:
        sentence = sentence.strip()
        if match := _CODE.fullmatch(sentence):
            code_url = _unescape_url(match.group("url"))
            has_code = match.group("unflagged") is None
        elif sentence == "Code available":
            has_code = True
        elif match := _SEE_ALSO.fullmatch(sentence):
            links = tuple(_unescape_url(u) for u in _URL.findall(match.group("urls")))
        else:
            rest.append(sentence)
    return (". ".join(rest) or None), code_url, has_code, links


def _unescape_url(url: str) -> str:
    return unescape_url(url) or ""


def unescape_url(url: str | None) -> str | None:
    """A URL as LaTeX spells it (``a\\_b``, ``{\\_}``, ``\\%20``, ``\\~{}``) as the URL."""
    if url is None:
        return None
    url = re.sub(r"\{\\([_%#&~$])\}", r"\1", url)
    url = re.sub(r"\\([_%#&$])", r"\1", url)
    return url.replace("\\~{}", "~").replace("\\textasciitilde{}", "~").replace("\\~", "~")


def _affiliations(value: str | None) -> tuple[Affiliation, ...]:
    if value is None:
        return ()
    names = [_plain(part.strip()) or "" for part in value.split(";")]
    return tuple(_affiliation(name) for name in names if name)


def _affiliation(name: str) -> Affiliation:
    """An institution's name gives back its code where pubkit knows it; else it is the code."""
    code = code_for(name)
    return Affiliation(code, name) if code else Affiliation(name)


def _pages(value: str | None) -> str | None:
    """``12--34``, ``12-34`` -> ``12–34`` (the model's range); ``A-1--A-9`` -> ``A-1–A-9``."""
    if value is None:
        return None
    text = _plain(value) or ""
    if "–" in text:
        return text
    if re.fullmatch(r"\w*\d+\s*-\s*\w*\d+", text):  # 12-34, e12-e15; not A-12
        return re.sub(r"\s*-\s*", "–", text)
    return text


def _unread(entry: _Entry, work_type: WorkType) -> dict[str, str]:
    """Fields the model has no place for, as they were written (LaTeX and all)."""
    read = _READ | ({"booktitle"} if work_type in mapping.PARTS else set())
    return {
        f"bibtex:{name}": value.text for name, value in entry.values.items() if name not in read
    }
