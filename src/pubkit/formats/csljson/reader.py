"""Reading CSL-JSON as pubkit, pandoc, citation-js and Zotero write it.

Every problem is reported with its JSON path (``refs.json $[3].issued``); an item with an error
is not read, the others are. Variables the model has no field for are kept in ``Work.extra``
(``csl:<variable>``, or ``csl:<variable>:json`` for values that are not strings), so that they
are written back as they came.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from pubkit import jsontext
from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.errors import InvalidValueError
from pubkit.formats.csljson import keys as custom_keys
from pubkit.formats.csljson.richtext import from_csl, to_csl
from pubkit.formats.csljson.writer import arxiv_url
from pubkit.formats.pubkit_json.converter import make_converter
from pubkit.library import Library
from pubkit.model import Affiliation, Date, Person, Profile, Text, Work, WorkType
from pubkit.model.identifiers import arxiv_doi, normalize_arxiv_id, normalize_doi
from pubkit.names import parse_name
from pubkit.source import Source

_ET_AL = frozenset({"et al.", "et al", "others", "et. al.", "…", "..."})
_ARXIV_NUMBER = re.compile(r"^arxiv:\s*(?P<id>\S+)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(?P<y>-?\d{1,4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")
# Variables read into model fields; every other variable goes to extra data.
_MAPPED = frozenset(
    """id citation-key type title author editor issued container-title volume issue page
    publisher number DOI URL abstract keyword categories note custom publisher-place edition
    collection-title ISBN ISSN language""".split()
)


class _ItemError(Exception):
    """An item cannot be read: carries the JSON path and the problem."""

    def __init__(self, path: str, code: str, message: str) -> None:
        super().__init__(message)
        self.path, self.code, self.message = path, code, message


@attrs.define
class _Item:
    """One item being read: its data, its path, and the warnings found so far."""

    data: dict[str, Any]
    path: str
    source: str
    warnings: list[Diagnostic] = attrs.field(factory=list)

    def warn(self, where: str, code: str, message: str) -> None:
        self.warnings.append(warning(code, message, source=self.source, path=self.path + where))

    def string(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise _ItemError(f"{self.path}.{name}", "invalid-value", "expected a string")
        return value

    def text(self, name: str) -> Text | None:
        value = self.string(name)
        return from_csl(value) if value is not None else None


def read_csljson(source: Source) -> Library:
    data, problems = jsontext.load_document(source.text, source.name)
    if problems:
        return Library(diagnostics=problems)
    if isinstance(data, dict) and ("type" in data or "id" in data) and "format" not in data:
        data = [data]  # a single item, as some tools export one reference
    if not isinstance(data, list):
        return Library(
            diagnostics=[
                error(
                    "not-csl-json",
                    "CSL-JSON is an array of items; this is "
                    + ("an object" if isinstance(data, dict) else type(data).__name__),
                    source=source.name,
                    path="$",
                )
            ]
        )
    works: list[Work] = []
    diagnostics: list[Diagnostic] = []
    profile: Profile | None = None
    for index, data_item in enumerate(data):
        path = f"$[{index}]"
        if not isinstance(data_item, dict):
            diagnostics.append(
                error(
                    "not-an-object", "a CSL item must be an object", source=source.name, path=path
                )
            )
            continue
        item = _Item(data_item, path, source.name)
        try:
            work, item_profile = _read_item(item)
        except _ItemError as exc:
            diagnostics.append(error(exc.code, exc.message, source=source.name, path=exc.path))
            diagnostics.extend(item.warnings)
            continue
        diagnostics.extend(item.warnings)
        works.append(work)
        profile = profile or item_profile
    return Library(works, profile, diagnostics)


def _read_item(item: _Item) -> tuple[Work, Profile | None]:
    ours = _our_custom(item)
    extra: dict[str, str] = dict(ours.get(custom_keys.EXTRA) or {})
    work_type = _type(item, extra)
    authors, truncated = _names(item, "author")
    truncated = truncated or bool(ours.get(custom_keys.AUTHORS_TRUNCATED))
    editors, _ = _names(item, "editor")
    issued = _date(item, extra)

    arxiv_id = None
    number = item.string("number")
    if number and (match := _ARXIV_NUMBER.match(number)):
        try:
            arxiv_id = normalize_arxiv_id(match.group("id"))
        except InvalidValueError:
            arxiv_id = None
    if number and arxiv_id is None:
        extra["csl:number"] = number
    publisher = item.string("publisher")
    if arxiv_id and publisher == "arXiv" and work_type is WorkType.ARTICLE:
        publisher = None  # the writer derives it from the arXiv id
    doi = _doi(item, extra)
    if arxiv_id and doi == arxiv_doi(arxiv_id):
        doi = None
    url = item.string("URL")
    if arxiv_id and url == arxiv_url(arxiv_id):
        url = None

    code_url = ours.get(custom_keys.CODE_URL)
    markup = ours.get(custom_keys.MARKUP) or {}
    note = _note(item.string("note"), code_url)
    converter = make_converter()
    work = Work(
        type=work_type,
        key=_key(item),
        title=_restore(item.text("title"), markup.get("title"), converter),
        authors=authors,
        authors_truncated=truncated,
        editors=editors,
        issued=issued,
        container_title=item.text("container-title"),
        volume=item.string("volume"),
        issue=item.string("issue"),
        pages=item.string("page"),
        publisher=publisher,
        place=item.string("publisher-place"),
        edition=item.string("edition"),
        series=item.string("collection-title"),
        isbn=item.string("ISBN"),
        issn=item.string("ISSN"),
        language=item.string("language"),
        doi=doi,
        arxiv_id=arxiv_id,
        url=url,
        abstract=_restore(item.text("abstract"), markup.get("abstract"), converter),
        keywords=_keywords(item.string("keyword")),
        note=_restore(note, markup.get("note"), converter),
        categories=_strings(item, "categories"),
        has_code=bool(ours.get(custom_keys.HAS_CODE)),
        code_url=code_url,
        links=tuple(ours.get(custom_keys.LINKS) or ()),
        affiliations=tuple(
            converter.structure(a, Affiliation) for a in ours.get(custom_keys.AFFILIATIONS) or ()
        ),
        extra={**extra, **_unmapped(item)},
    )
    profile_data = ours.get(custom_keys.PROFILE)
    profile = converter.structure(profile_data, Profile) if profile_data else None
    return work, profile


def _our_custom(item: _Item) -> dict[str, Any]:
    custom = item.data.get("custom")
    if custom is None:
        return {}
    if not isinstance(custom, dict):
        raise _ItemError(f"{item.path}.custom", "invalid-value", "custom must be an object")
    ours = custom.get(custom_keys.NAMESPACE)
    return ours if isinstance(ours, dict) else {}


def _key(item: _Item) -> str | None:
    citation_key = item.data.get("citation-key")
    if isinstance(citation_key, str) and citation_key.strip():
        return citation_key.strip()
    identifier = item.data.get("id")
    if (
        isinstance(identifier, str | int)
        and not isinstance(identifier, bool)
        and str(identifier).strip()
    ):
        return str(identifier).strip()
    item.warn(".id", "missing-id", "the item has no id; a key was generated")
    return None


def _type(item: _Item, extra: dict[str, str]) -> WorkType:
    value = item.data.get("type")
    try:
        return WorkType(value)
    except ValueError:
        pass
    # No type, or an empty one (pandoc writes "" for BibTeX's @misc): a document, quietly.
    if value not in (None, ""):
        item.warn(".type", "unknown-type", f"{value!r} is not a CSL type; read as 'document'")
        extra["csl:type"] = str(value)
    return WorkType.DOCUMENT


def _names(item: _Item, variable: str) -> tuple[tuple[Person, ...], bool]:
    value = item.data.get(variable)
    if value is None:
        return (), False
    path = f"{item.path}.{variable}"
    if not isinstance(value, list):
        raise _ItemError(path, "invalid-value", "names must be an array of name objects")
    persons: list[Person] = []
    truncated = False
    for index, name in enumerate(value):
        where = f"{path}[{index}]"
        if isinstance(name, str):
            name = {"literal": name} if name.strip().lower() in _ET_AL else {"parse": name}
        if not isinstance(name, dict):
            raise _ItemError(where, "invalid-name", "a name must be an object")
        # A final "et al." as pubkit writes it, or "others" as pandoc (literal) and citation-js
        # (family) write BibTeX's `and others`; anywhere else it is kept as a name.
        alone = name.get("literal") or (name.get("family") if set(name) == {"family"} else None)
        last = index == len(value) - 1
        if last and isinstance(alone, str) and alone.strip().lower() in _ET_AL:
            truncated = True
            continue
        try:
            persons.append(_person(name))
        except (InvalidValueError, TypeError) as exc:
            raise _ItemError(where, "invalid-name", str(exc)) from None
    return tuple(persons), truncated


def _person(name: dict[str, Any]) -> Person:
    if "parse" in name:
        return parse_name(name["parse"])
    fields = {
        "family": name.get("family"),
        "given": name.get("given"),
        "particle": name.get("non-dropping-particle"),
        "dropping_particle": name.get("dropping-particle"),
        "suffix": name.get("suffix"),
        "literal": name.get("literal"),
    }
    for part, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InvalidValueError(f"the {part} part must be a string")
    if fields["literal"] is None and not (fields["family"] or fields["given"]):
        raise InvalidValueError("a name needs family, given or literal")
    return Person(**fields)


def _date(item: _Item, extra: dict[str, str]) -> Date | None:
    """``issued`` as the model's (start) date. Anything the model cannot hold (a range, a
    season, a ``raw`` or ``literal`` text, parts that are empty) keeps its original form in
    extra data, and is written back as it came."""
    value = item.data.get("issued")
    if value is None:
        return None
    path = f"{item.path}.issued"
    if isinstance(value, str):  # an EDTF string, as CSL 1.0.2 also allows: `2019/2020` too
        start = value.split("/")[0].strip()
        if start != value.strip():  # kept in the form the schema's date object has for it
            extra["csl:issued:json"] = json.dumps({"raw": value}, ensure_ascii=False)
        return _iso_date(start, path)
    if not isinstance(value, dict):
        raise _ItemError(path, "invalid-date", "a date must be an object or an EDTF string")
    original = json.dumps(value, ensure_ascii=False)
    parts = value.get("date-parts")
    if parts is not None:
        date, exact = _date_parts(parts, f"{path}.date-parts")
        if date is None:
            item.warn(".issued", "empty-date", "the date has no year; it was left out")
        elif not exact or set(value) - {"date-parts"} or len(parts) > 1:
            extra["csl:issued:json"] = original
        return date
    for form in ("raw", "literal"):
        text = value.get(form)
        if isinstance(text, str):
            extra["csl:issued:json"] = original
            if _ISO_DATE.match(text.strip()):
                return _iso_date(text, f"{path}.{form}")
            year = re.search(r"\b(\d{4})\b", text)
            if form == "raw" and year is None:
                raise _ItemError(f"{path}.raw", "invalid-date", f"{text!r} is not a date")
            return Date(int(year.group(1))) if year else None
    if not value:
        item.warn(".issued", "empty-date", "the date is empty; it was left out")
        return None
    raise _ItemError(path, "invalid-date", "a date needs date-parts, raw or literal")


def _iso_date(text: str, path: str) -> Date:
    try:
        return Date.parse(text)
    except InvalidValueError as exc:
        raise _ItemError(path, "invalid-date", str(exc)) from None


_SEASON_MONTHS = range(13, 25)  # CSL's seasons: 21 spring ... 24 winter (13-20 in some tools)


def _date_parts(parts: object, path: str) -> tuple[Date | None, bool]:
    """The date of ``[[year, month, day]]`` and whether it says exactly that date.

    Tools write parts as numbers or strings, leave trailing parts empty (``["2020", "", ""]``,
    ``null``), or put an ISO date in the first part (``["2020-05-01"]``).
    """
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        raise _ItemError(path, "invalid-date", "date-parts must be [[year, month, day]]")
    first = [p for p in parts[0][:3]]
    if len(first) == 1 and isinstance(first[0], str) and "-" in first[0].strip()[1:]:
        return _iso_date(first[0], f"{path}[0][0]"), False
    numbers: list[int] = []
    exact = True
    for index, part in enumerate(first):
        if part is None or (isinstance(part, str) and not part.strip()):
            exact = False
            break  # what follows an empty part is not meaningful either
        try:
            numbers.append(int(part))
        except (TypeError, ValueError):
            raise _ItemError(
                f"{path}[0][{index}]", "invalid-date", f"{part!r} is not a number"
            ) from None
    if len(numbers) >= 2 and numbers[1] in _SEASON_MONTHS:
        return _checked(numbers[:1], path), False
    if not numbers:
        return None, False
    return _checked(numbers, path), exact


def _checked(numbers: list[int], path: str) -> Date:
    try:
        return Date(*numbers)
    except InvalidValueError as exc:
        raise _ItemError(path, "invalid-date", str(exc)) from None


def _doi(item: _Item, extra: dict[str, str]) -> str | None:
    value = item.string("DOI")
    if value is None:
        return None
    try:
        return normalize_doi(value)
    except InvalidValueError as exc:
        item.warn(".DOI", "invalid-doi", f"{exc}; kept as it was")
        extra["csl:DOI"] = value
        return None


def _note(note: str | None, code_url: str | None) -> Text | None:
    """The note without the code line pubkit's writer adds for people."""
    if note is None:
        return None
    if code_url:
        note = note.removesuffix(f"{custom_keys.CODE_NOTE}{code_url}").rstrip("\n")
    return from_csl(note) if note else None


def _restore(text: Text | None, chunks: object, converter: Any) -> Text | None:
    """The exact chunks pubkit kept in custom, if the rich text was not edited since."""
    if text is None or chunks is None:
        return text
    try:
        exact = converter.structure(chunks, Text)
    except Exception:  # an edited or foreign custom value: the visible text wins
        return text
    return exact if to_csl(exact) == to_csl(text) or str(exact) == str(text) else text


def _keywords(value: str | None) -> tuple[str, ...]:
    """Keywords joined by commas, or by semicolons when one of them has a comma."""
    if not value:
        return ()
    separator = ";" if ";" in value else ","
    return tuple(k.strip() for k in value.split(separator) if k.strip())


def _strings(item: _Item, name: str) -> tuple[str, ...]:
    value = item.data.get(name)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _ItemError(f"{item.path}.{name}", "invalid-value", "expected an array of strings")
    return tuple(value)


def _unmapped(item: _Item) -> dict[str, str]:
    """Variables (and custom keys of other tools) the model has no field for."""
    found: dict[str, str] = {}
    custom = item.data.get("custom") or {}
    others = {k: v for k, v in custom.items() if k != custom_keys.NAMESPACE}
    for name, value in [
        *((k, v) for k, v in item.data.items() if k not in _MAPPED),
        *others.items(),
    ]:
        if isinstance(value, str):
            found[f"csl:{name}"] = value
        else:
            found[f"csl:{name}:json"] = json.dumps(value, ensure_ascii=False)
    return found
