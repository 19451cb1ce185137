"""Writing RIS with rispy's tag table and writer (without its numbered line before records).

Line ends are CRLF by default: what the RIS specification, EndNote and Zotero's own exports use,
and what every importer accepts; ``line_ending="lf"`` writes LF. UTF-8; a byte-order mark only
with ``bom=True`` (some Windows tools want one).
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

import attrs
import rispy

from pubkit.formats.base import Written
from pubkit.formats.ris import mapping
from pubkit.library import Library
from pubkit.model import Person, Work
from pubkit.model.identifiers import arxiv_doi


def _line_ending(value: str) -> str:
    value = value.lower()
    if value not in ("crlf", "lf"):
        raise ValueError(f"line_ending must be 'crlf' or 'lf', not {value!r}")
    return value


@attrs.frozen
class Options:
    line_ending: str = attrs.field(default="crlf", converter=_line_ending)
    bom: bool = False


class _Writer(rispy.RisWriter):
    """rispy's RIS writer without the ``1.`` line it puts before each record."""

    DEFAULT_LIST_TAGS: ClassVar[list[str]] = [*rispy.LIST_TYPE_TAGS, "A2"]

    def set_header(self, count: int) -> str:
        return ""


def write_ris(library: Library, options: object) -> Written:
    assert isinstance(options, Options)
    references = [ris_reference(work) for work in library.works]
    text = rispy.dumps(references, implementation=_Writer)
    if options.line_ending == "crlf":
        text = text.replace("\n", "\r\n")
    return Written(("\ufeff" if options.bom else "") + text)


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


def ris_date(work: Work) -> str | None:
    """``YYYY/MM/DD/``, with empty parts for what is unknown (``2022/03//``)."""
    if work.issued is None:
        return None
    month = f"{work.issued.month:02d}" if work.issued.month else ""
    day = f"{work.issued.day:02d}" if work.issued.day else ""
    return f"{work.issued.year:04d}/{month}/{day}/"


_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")


def _one_line(text: str) -> str:
    """One line of text, safe for importers.

    A brace without its partner becomes its full-width look-alike (｛ ｝): JabRef 3.8 imports
    it, then cannot save the library ("'}' character ends string prematurely") and hangs.
    """
    text = _WHITESPACE.sub(" ", text).strip()  # not str.split(): no-break spaces stay
    if "{" not in text and "}" not in text:
        return text
    unmatched: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unmatched.add(index)
    unmatched.update(opened)
    return "".join(
        ("\uff5b" if c == "{" else "\uff5d") if i in unmatched else c for i, c in enumerate(text)
    )


def ris_reference(work: Work) -> dict[str, Any]:
    """The rispy dictionary for one work, in the order its tags are written."""
    ris_type = mapping.WRITE_TYPES.get(work.type) or work.extra.get("ris:TY", mapping.GENERIC)
    ref: dict[str, Any] = {"type_of_reference": ris_type}
    if work.key:
        ref["id"] = work.key
    if work.title is not None:
        ref["title"] = _one_line(str(work.title))
    if work.authors:
        ref["authors"] = [_one_line(ris_name(p)) for p in work.authors]
    if work.editors:
        ref["secondary_authors"] = [_one_line(ris_name(p)) for p in work.editors]
    if work.container_title is not None:
        ref["secondary_title"] = _one_line(str(work.container_title))
    if work.issued is not None:
        # Date text an RIS source had (a season, `2019 MAR-APR`) is written back as it was.
        ref["year"] = work.extra.get("ris:PY") or f"{work.issued.year:04d}"
        ref["date"] = work.extra.get("ris:DA") or ris_date(work)
    for key, value in (("volume", work.volume), ("number", work.issue)):
        if value:
            ref[key] = value
    if work.pages:
        first, last = _page_range(work.pages)
        ref["start_page"] = first
        if last:
            ref["end_page"] = last
    if work.publisher:
        ref["publisher"] = _one_line(work.publisher)
    for key, value in (
        ("place_published", work.place),
        ("edition", work.edition),
        ("tertiary_title", work.series),
        ("issn", work.isbn or work.issn),  # RIS has one tag, SN, for both
        ("language", work.language),
    ):
        if value:
            ref[key] = _one_line(value)
    if work.abstract is not None:
        ref["abstract"] = _one_line(str(work.abstract))
    keywords = [_one_line(k) for k in (*work.categories, *work.keywords)]
    if keywords:
        ref["keywords"] = keywords
    doi = work.doi or (arxiv_doi(work.arxiv_id) if work.arxiv_id else None)
    if doi:
        ref["doi"] = doi
    urls = [u for u in (work.url, work.code_url, *work.links) if u]
    if urls:
        ref["urls"] = list(dict.fromkeys(urls))
    if notes := _notes(work):
        ref["notes"] = notes
    if unknown := _extra_tags(work):
        ref["unknown_tag"] = unknown
    return ref


def _page_range(pages: str) -> tuple[str, str | None]:
    """``12–34`` -> (12, 34); pages with hyphens of their own (``M-1–M-14``) split at the dash."""
    for separator in ("\u2013", "--", "-"):
        if pages.count(separator) == 1:
            first, last = pages.split(separator)
            return first.strip(), last.strip() or None
    return pages.strip(), None


def _notes(work: Work) -> list[str]:
    """N1 lines: the work's note, then pubkit's notes for what RIS has no tag for."""
    notes = [_one_line(line) for line in str(work.note or "").split("\n") if line.strip()]
    if work.authors_truncated:
        notes.append(mapping.TRUNCATED_NOTE)
    if work.code_url:
        prefix = mapping.CODE_PREFIX if work.has_code else mapping.CODE_LINK_PREFIX
        notes.append(prefix + work.code_url)
    elif work.has_code:
        notes.append(mapping.CODE_WITHOUT_URL)
    if work.links:
        notes.append(mapping.LINKS_PREFIX + " ".join(work.links))
    if work.affiliations:
        named = [f"{a.name} ({a.code})" if a.name else a.code for a in work.affiliations]
        notes.append(mapping.AFFILIATIONS_PREFIX + "; ".join(named))
    if work.categories:
        notes.append(mapping.CATEGORIES_PREFIX + ", ".join(work.categories))
    if work.arxiv_id:
        notes.append(mapping.ARXIV_PREFIX + work.arxiv_id)
    return notes


def _extra_tags(work: Work) -> dict[str, list[str]]:
    """Tags an RIS source had that the model has no field for (``ris:<TAG>``), as they were."""
    tags: dict[str, list[str]] = {}
    for key, value in work.extra.items():
        if not key.startswith("ris:") or key in ("ris:TY", "ris:PY", "ris:DA"):
            continue
        tag = key[4:]
        if tag.endswith(":json"):
            tags[tag[:-5]] = [str(v) for v in json.loads(value)]
        else:
            tags[tag] = [value]
    return tags
