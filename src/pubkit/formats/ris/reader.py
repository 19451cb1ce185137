"""Reading RIS as Zotero, EndNote, Mendeley, JabRef, bibutils and database exports write it.

pubkit splits the records itself, so that every problem has its line: a record runs from ``TY``
to ``ER``; lines outside records (an export's header, stray text) are skipped; a line that is not
a tag continues the value above it (wrapped abstracts). Each record's tags are then read through
rispy's tag table. A record without ``TY`` or ``ER``, or with an impossible date, is reported and
not read; the others are. Unknown tags are kept in extra data (``ris:<TAG>``) and written back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import attrs
import rispy

from pubkit.affiliations import affiliation, institution_name
from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.errors import InvalidValueError
from pubkit.formats.ris import mapping
from pubkit.library import Library
from pubkit.model import Affiliation, Date, Person, Span, Work, WorkType
from pubkit.model.identifiers import arxiv_doi, normalize_arxiv_id, normalize_doi
from pubkit.names import parse_name
from pubkit.source import Source

# `TY  - JOUR`; exporters vary the spaces around the hyphen, and `ER  -` may end there.
_TAG_LINE = re.compile(r"^(?P<tag>[A-Za-z][A-Za-z0-9])\s{1,2}-(?:\s(?P<value>.*))?$")
# `Smith, John and Doe, Jane` (plain spaces: an organization's no-break spaces keep its `and`).
_AND_LIST = re.compile(r"(?<=\w)[ \t]+and[ \t]+(?=[^,]+,)")
_ET_AL = frozenset({"et al.", "et al", "others", "...", "…"})
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
# Tags read into model fields; with rispy's names, so the rest can be kept as they came.
_READ_TAGS = frozenset(
    """TY ID TI AU A1 A2 T2 JO JF JA PY Y1 DA VL IS SP EP PB AB N2 KW DO UR N1 AD ER
    CY ET T3 LA""".split()
)


@attrs.frozen
class _Line:
    number: int
    tag: str
    value: str


@attrs.define
class _Record:
    lines: list[_Line]

    @property
    def start(self) -> int:
        return self.lines[0].number

    def first(self, tag: str) -> str | None:
        return next((line.value for line in self.lines if line.tag == tag and line.value), None)

    def line_of(self, tag: str) -> int:
        return next((line.number for line in self.lines if line.tag == tag), self.start)


def read_ris(source: Source) -> Library:
    works: list[Work] = []
    diagnostics: list[Diagnostic] = []
    at = {"source": source.name}
    found_any = False
    for record, problem in _records(source.text):
        found_any = True
        if problem is not None:
            code, line, message = problem
            diagnostics.append(error(code, message, line=line, **at))
            continue
        try:
            work, warnings = _read_record(record, source.name)
        except _RecordError as exc:
            diagnostics.append(error(exc.code, exc.message, line=exc.line, **at))
            continue
        works.append(work)
        diagnostics.extend(warnings)
    if not found_any:
        diagnostics.append(
            error(
                "no-records", "no RIS records found (a record starts with 'TY  - ')", line=1, **at
            )
        )
    return Library(works, None, diagnostics)


def _records(text: str) -> Iterator[tuple[_Record, tuple[str, int, str] | None]]:
    """Records with their lines; a record that is cut short comes with its problem."""
    current: list[_Line] | None = None
    orphan_start: int | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        match = _TAG_LINE.match(line)
        if match is None:
            if current and line.strip():  # a wrapped value continues on the next line
                last = current[-1]
                current[-1] = _Line(last.number, last.tag, f"{last.value} {line.strip()}".strip())
            continue
        tag, value = match.group("tag").upper(), (match.group("value") or "").strip()
        if tag == "TY":
            if orphan_start is not None:
                yield (
                    _Record([_Line(orphan_start, tag, value)]),
                    (
                        "text-outside-record",
                        orphan_start,
                        "tags outside any record (no 'TY  -' before them) were skipped",
                    ),
                )
            orphan_start = None
            if current:
                yield (
                    _Record(current),
                    (
                        "missing-er",
                        current[0].number,
                        "this record has no 'ER  -' line before the next 'TY  -'; it was not read",
                    ),
                )
            current = [_Line(number, tag, value)]
        elif tag == "ER":
            if current is None:
                start = orphan_start or number
                problem = ("missing-ty", start, "this record has no 'TY  -' line; it was not read")
                yield _Record([_Line(start, tag, value)]), problem
            else:
                yield _Record(current), None
            current = None
            orphan_start = None
        elif current is not None:
            current.append(_Line(number, tag, value))
        elif orphan_start is None:
            # Tags outside a record: an export's header lines, or a record without TY (if ER
            # follows). Either way they are not read.
            orphan_start = number
    if current:
        yield (
            _Record(current),
            (
                "missing-er",
                current[0].number,
                "the file ends inside this record (no 'ER  -' line); it was not read",
            ),
        )


class _RecordError(Exception):
    def __init__(self, code: str, line: int, message: str) -> None:
        super().__init__(message)
        self.code, self.line, self.message = code, line, message


def _rispy_fields(record: _Record) -> dict[str, object]:
    """The record through rispy's parser: its tag table and list handling."""
    text = "\n".join(f"{line.tag}  - {line.value}" for line in record.lines) + "\nER  - \n"
    (parsed,) = rispy.loads(text)
    return parsed


def _first(fields: dict[str, object], *names: str) -> str | None:
    """The first non-empty value among rispy's ``names``, in order of preference."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, list):
            value = next((v for v in value if v), None)
        if value:
            return str(value).strip()
    return None


def _all(fields: dict[str, object], *names: str) -> list[str]:
    values: list[str] = []
    for name in names:
        value = fields.get(name)
        if isinstance(value, list):
            values.extend(str(v).strip() for v in value if v)
        elif value:
            values.append(str(value).strip())
    return values


def _read_record(record: _Record, source_name: str) -> tuple[Work, list[Diagnostic]]:
    warnings: list[Diagnostic] = []
    fields = _rispy_fields(record)
    extra: dict[str, str] = {}
    ris_type = (_first(fields, "type_of_reference") or "").upper()
    work_type = mapping.READ_TYPES.get(ris_type)
    if work_type is None:
        work_type = WorkType.DOCUMENT
        extra["ris:TY"] = ris_type
        warnings.append(
            warning(
                "unknown-type",
                f"{ris_type!r} is not an RIS type pubkit knows; read as a document",
                source=source_name,
                line=record.start,
            )
        )
    notes = _Notes.read(_all(fields, "notes"))
    authors, truncated = _names(_all(fields, "authors", "first_authors"))
    editors, _ = _names(_all(fields, "secondary_authors"))
    issued = _date(record, extra)
    doi = _doi(record, _first(fields, "doi"), extra, warnings, source_name)
    accession = _arxiv_accession(_first(fields, "accession_number"))
    arxiv_id = notes.arxiv_id or accession
    if arxiv_id and doi == arxiv_doi(arxiv_id):
        doi = None
    urls = _all(fields, "urls")
    paper_urls = [u for u in urls if u != notes.code_url and u not in notes.links]
    keywords = [k for k in _all(fields, "keywords") if k not in notes.categories]
    affiliations = notes.affiliations or tuple(
        affiliation(a) for a in _all(fields, "author_address")
    )
    serial = _first(fields, "issn")  # SN: an ISBN or an ISSN
    if serial and len(_all(fields, "issn")) > 1:
        serial = None  # several: kept as they came
    read_too = {"AN"} if accession else set()
    if serial:
        read_too.add("SN")
    title, primary = _first(fields, "title"), _first(fields, "primary_title")
    if title is None or primary in (None, title):
        read_too.add("T1")  # the title, or the same title twice; a different T1 is kept
    _keep_unread(record, extra, read_too=read_too)
    work = Work(
        type=work_type,
        key=_first(fields, "id"),
        title=_first(fields, "title", "primary_title"),
        authors=authors,
        authors_truncated=truncated or notes.truncated,
        editors=editors,
        issued=issued,
        container_title=_first(
            fields, "secondary_title", "alternate_title3", "journal_name", "alternate_title2"
        ),
        volume=_first(fields, "volume"),
        issue=_first(fields, "number"),
        pages=_pages(_first(fields, "start_page"), _first(fields, "end_page")),
        publisher=_first(fields, "publisher"),
        place=_first(fields, "place_published"),
        edition=_first(fields, "edition"),
        series=_first(fields, "tertiary_title"),
        isbn=serial if serial and _is_isbn(serial) else None,
        issn=serial if serial and not _is_isbn(serial) else None,
        language=_first(fields, "language"),
        doi=doi,
        arxiv_id=arxiv_id,
        url=paper_urls[0] if paper_urls else None,
        abstract=_first(fields, "abstract", "notes_abstract"),
        keywords=tuple(keywords),
        note="\n".join(notes.other) or None,
        categories=notes.categories,
        has_code=notes.has_code,
        code_url=notes.code_url,
        links=(*notes.links, *paper_urls[1:]),
        affiliations=affiliations,
        extra=extra,
        origin=Span(source_name, record.start),
    )
    return work, warnings


def _names(values: list[str]) -> tuple[tuple[Person, ...], bool]:
    persons: list[Person] = []
    truncated = False
    # One name per AU line; some exporters put a BibTeX-style list on one line instead.
    values = [part for value in values for part in _AND_LIST.split(value)]
    for value in values:
        if value.strip().lower() in _ET_AL:
            truncated = True
            continue
        persons.append(ris_person(value))
    return tuple(persons), truncated


def ris_person(value: str) -> Person:
    """``Last, First[, Suffix]`` (RIS order); ``World Bank,`` (a trailing comma) is an
    organization; a name without a comma is read as people write it (``Jane Doe``,
    ``DeepSeek-AI``)."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) == 2 and parts[0] and not parts[1]:
        return Person(literal=parts[0])
    if len(parts) >= 2 and not parts[0] and parts[1]:  # `, Madonna`: a given name alone
        return Person(given=parts[1])
    if len(parts) == 3 and not parts[1]:  # `Müller, , Jr.`
        return Person(family=parts[0], suffix=parts[2] or None)
    try:
        if len(parts) == 1:
            return parse_name(value)
        if len(parts) >= 3:  # BibTeX's grammar wants `Last, Suffix, First`
            return parse_name(f"{parts[0]}, {parts[2]}, {', '.join([parts[1], *parts[3:]])}")
        return parse_name(value)
    except InvalidValueError:
        return Person(literal=value.strip())


def _date(record: _Record, extra: dict[str, str]) -> Date | None:
    """The year from PY (or legacy Y1, or DA); month and day from DA (or Y1, or PY).

    Dates come as ``2022``, ``2022/03/06/``, ``2022/03//``, ``2021///Spring``, ``2022-03-06``,
    and (EndNote) ``May 28``. Text that says more than a date (a season) is kept in extra data.
    """
    parsed = {}
    for tag in ("PY", "Y1", "DA"):
        value = record.first(tag)
        if value is None:
            continue
        parts = _date_parts(value)
        if parts[0] is None and parts[1] is None and tag != "DA":
            raise _RecordError(
                "invalid-date", record.line_of(tag), f"{tag} {value!r} is not a date"
            )
        if parts[3]:
            extra[f"ris:{tag}"] = value  # a season or other date text, kept as it was
        parsed[tag] = parts
    year = next((parsed[t][0] for t in ("PY", "Y1", "DA") if t in parsed and parsed[t][0]), None)
    if year is None:
        return None
    for tag in ("DA", "Y1", "PY"):  # the most precise source of month and day
        if tag not in parsed:
            continue
        tag_year, month, day, _ = parsed[tag]
        if month is None or (tag_year is not None and tag_year != year):
            continue
        try:
            return Date(year, month, day)
        except InvalidValueError as exc:
            message = f"{tag} {record.first(tag)!r}: {exc}"
            raise _RecordError("invalid-date", record.line_of(tag), message) from None
    return Date(year)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_NUMERIC_DATE = re.compile(
    r"(?P<y>\d{4})(?:[/-](?P<m>\d{1,2})?(?:[/-](?P<d>\d{1,2})?(?:/(?P<o>.*))?)?)?/?"
)
_WORDY_DATE = re.compile(
    r"(?P<word>[A-Za-z]+)\.?(?:\s+(?P<d>\d{1,2})(?!\d))?,?(?:\s+(?P<y>\d{4}))?"
)


def _date_parts(value: str) -> tuple[int | None, int | None, int | None, str]:
    """(year, month, day, other text) of an RIS date; None for what it does not say."""
    text = value.strip()
    if match := _NUMERIC_DATE.fullmatch(text):
        other = (match.group("o") or "").strip()
        month = int(match.group("m")) if match.group("m") else _SEASONS.get(other.lower())
        day = int(match.group("d")) if match.group("d") else None
        return int(match.group("y")), month, day, other
    if (match := _WORDY_DATE.fullmatch(text)) and (
        month := _MONTHS.get(match.group("word").lower(), _SEASONS.get(match.group("word").lower()))
    ):
        season = match.group("word").lower() in _SEASONS
        year = int(match.group("y")) if match.group("y") else None
        day = int(match.group("d")) if match.group("d") else None
        return year, month, day, text if season else ""
    year_match = re.search(r"\b(\d{4})\b", text)
    return (int(year_match.group(1)) if year_match else None), None, None, text


def _doi(
    record: _Record,
    value: str | None,
    extra: dict[str, str],
    warnings: list[Diagnostic],
    source_name: str,
) -> str | None:
    if value is None:
        return None
    try:
        return normalize_doi(value)
    except InvalidValueError as exc:
        warnings.append(
            warning(
                "invalid-doi",
                f"{exc}; kept as it was",
                source=source_name,
                line=record.line_of("DO"),
            )
        )
        extra["ris:DO"] = value
        return None


def _arxiv_accession(value: str | None) -> str | None:
    """Zotero writes a preprint's archive id as ``AN  - arXiv:1706.03762``."""
    if value and value.lower().startswith("arxiv:"):
        try:
            return normalize_arxiv_id(value)
        except InvalidValueError:
            return None
    return None


def _pages(start: str | None, end: str | None) -> str | None:
    """SP and EP as the model's range (``12–34``); Mendeley puts the range in SP alone."""
    if start and end:
        return f"{start}\u2013{end}"
    if start and start.count("-") == 1:
        return start.replace("-", "\u2013")
    return start or end


def _keep_unread(record: _Record, extra: dict[str, str], *, read_too: set[str]) -> None:
    """Tags the model has no field for, as they came: ``ris:SN`` or ``ris:KW:json`` (lists)."""
    by_tag: dict[str, list[str]] = {}
    for line in record.lines:
        if line.tag not in _READ_TAGS and line.tag not in read_too:
            by_tag.setdefault(line.tag, []).append(line.value)
    for tag, values in by_tag.items():
        if len(values) == 1:
            extra[f"ris:{tag}"] = values[0]
        else:
            extra[f"ris:{tag}:json"] = json.dumps(values, ensure_ascii=False)


@attrs.frozen
class _Notes:
    """pubkit's structured N1 notes, and the other notes."""

    truncated: bool = False
    has_code: bool = False
    code_url: str | None = None
    links: tuple[str, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    categories: tuple[str, ...] = ()
    arxiv_id: str | None = None
    other: tuple[str, ...] = ()

    @classmethod
    def read(cls, notes: list[str]) -> _Notes:
        found: dict[str, object] = {}
        other = []
        for note in notes:
            if note == mapping.TRUNCATED_NOTE:
                found["truncated"] = True
            elif note == mapping.CODE_WITHOUT_URL:
                found["has_code"] = True
            elif note.startswith(mapping.CODE_PREFIX) and _is_url(note[len(mapping.CODE_PREFIX) :]):
                found["has_code"] = True
                found["code_url"] = note[len(mapping.CODE_PREFIX) :].strip()
            elif note.startswith(mapping.CODE_LINK_PREFIX) and _is_url(
                note[len(mapping.CODE_LINK_PREFIX) :]
            ):
                found["code_url"] = note[len(mapping.CODE_LINK_PREFIX) :].strip()
            elif note.startswith(mapping.LINKS_PREFIX) and all(
                _is_url(u) for u in note[len(mapping.LINKS_PREFIX) :].split()
            ):
                found["links"] = tuple(note[len(mapping.LINKS_PREFIX) :].split())
            elif note.startswith(mapping.AFFILIATIONS_PREFIX):
                items = note[len(mapping.AFFILIATIONS_PREFIX) :].split(";")
                found["affiliations"] = tuple(_affiliation(i.strip()) for i in items if i.strip())
            elif note.startswith(mapping.CATEGORIES_PREFIX):
                items = note[len(mapping.CATEGORIES_PREFIX) :].split(",")
                found["categories"] = tuple(i.strip() for i in items if i.strip())
            elif note.startswith(mapping.ARXIV_PREFIX) and _is_arxiv_id(note):
                found["arxiv_id"] = normalize_arxiv_id(note[len(mapping.ARXIV_PREFIX) :])
            else:
                other.append(note)
        return cls(**found, other=tuple(other))  # type: ignore[arg-type]


def _is_isbn(serial: str) -> bool:
    """An ISBN has 10 or 13 digits (X for the last); an ISSN 8."""
    digits = re.sub(r"[^0-9Xx]", "", serial.split("(")[0])
    return len(digits) in (10, 13)


def _is_url(text: str) -> bool:
    """pubkit's notes hold bare URLs; `Code: available upon request` is a person's note."""
    return re.fullmatch(r"\s*https?://\S+\s*", text) is not None


def _is_arxiv_id(note: str) -> bool:
    try:
        normalize_arxiv_id(note[len(mapping.ARXIV_PREFIX) :])
    except InvalidValueError:
        return False
    return True


def _affiliation(item: str) -> Affiliation:
    """``Peking University (pku)`` -> Affiliation("pku", "Peking University"); ``xyz`` alone
    is a code (with its name where pubkit knows it)."""
    if match := re.fullmatch(r"(?P<name>.+?) \((?P<code>[^()]+)\)", item):
        return Affiliation(match.group("code"), match.group("name"))
    return Affiliation(item, institution_name(item))
