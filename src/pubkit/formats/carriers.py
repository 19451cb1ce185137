"""What the formats have no field for, as labelled lines people can read: defined once.

Data that is not bibliographic (the code repository, affiliations, a truncated author list)
must never print in a reference list, yet must survive a trip through Zotero, JabRef and back.
Every format puts it in a place that styles ignore and managers keep, as ``Label: value``:

* RIS: ``M2`` lines, which Zotero keeps in the item's Extra field;
* CSL-JSON: lines of ``note``, which Zotero imports into Extra as well;
* BibTeX: sentences of ``annote``, which no standard style prints and Zotero imports as a note.

The labels are not Zotero field names (Zotero would turn ``Publisher: X`` into a field), and
each carrier reads back only what it wrote: ``Code: available upon request`` stays a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs

from pubkit.affiliations import institution_name
from pubkit.errors import InvalidValueError
from pubkit.formats.rules import Carrier, ReadContext, WriteContext
from pubkit.model import Affiliation, ArxivId

TRUNCATED = "Authors: the source lists more authors than these (et al.)"
_URL = re.compile(r"https?://\S+")


@attrs.frozen
class Spelling:
    """How a format writes a URL and a name inside a line (BibTeX wraps a URL in ``\\url{}``
    and escapes LaTeX's special characters in a name)."""

    url: Callable[[str], str] = lambda url: url
    read_url: Callable[[str], str | None] = lambda text: text if _URL.fullmatch(text) else None
    text: Callable[[WriteContext, str], str] = lambda ctx, text: text
    read_text: Callable[[ReadContext, str], str] = lambda ctx, text: text


PLAIN = Spelling()


def _read_code(spelling: Spelling) -> Callable[[ReadContext, str], tuple[bool, str | None] | None]:
    def read(ctx: ReadContext, rest: str) -> tuple[bool, str | None] | None:
        """``Code: <url>`` (the listing's Code flag and its repository), ``Code link: <url>``
        (a repository without the flag), ``Code: available`` (the flag alone)."""
        if rest == ": available":
            return True, None
        for prefix, flag in ((": ", True), (" link: ", False)):
            if rest.startswith(prefix) and (url := spelling.read_url(rest[len(prefix) :])):
                return flag, url
        return None

    return read


def _write_code(spelling: Spelling) -> Callable[[WriteContext, bool, str | None], str]:
    def write(ctx: WriteContext, has_code: bool, code_url: str | None) -> str:
        if code_url is None:
            return ": available"
        return f"{': ' if has_code else ' link: '}{spelling.url(code_url)}"

    return write


def _read_links(spelling: Spelling) -> Callable[[ReadContext, str], tuple[str, ...] | None]:
    def read(ctx: ReadContext, rest: str) -> tuple[str, ...] | None:
        urls = [spelling.read_url(token) for token in rest.split(", ")]
        return tuple(u for u in urls if u) if urls and all(urls) else None

    return read


def read_affiliation(item: str) -> Affiliation:
    """``Peking University (pku)`` -> Affiliation("pku", "Peking University"); ``xyz`` alone
    is a code (with its name where pubkit knows it)."""
    if match := re.fullmatch(r"(?P<name>.+?) \((?P<code>[^()]+)\)", item):
        return Affiliation(match.group("code"), match.group("name"))
    return Affiliation(item, institution_name(item))


def _read_affiliations(
    spelling: Spelling,
) -> Callable[[ReadContext, str], tuple[Affiliation, ...] | None]:
    def read(ctx: ReadContext, rest: str) -> tuple[Affiliation, ...] | None:
        items = [spelling.read_text(ctx, i).strip() for i in rest.split(";")]
        return tuple(read_affiliation(i) for i in items if i) or None

    return read


def _write_affiliations(
    spelling: Spelling,
) -> Callable[[WriteContext, tuple[Affiliation, ...]], str]:
    def write(ctx: WriteContext, affiliations: tuple[Affiliation, ...]) -> str:
        items = (f"{a.name} ({a.code})" if a.name else a.code for a in affiliations)
        return "; ".join(spelling.text(ctx, item) for item in items)

    return write


def _read_categories(ctx: ReadContext, rest: str) -> tuple[str, ...] | None:
    from pubkit import arxiv

    found = tuple(c.strip() for c in rest.split(","))
    return found if found and all(arxiv.is_category_id(c) for c in found) else None


def _write_categories(ctx: WriteContext, categories: tuple[str, ...]) -> str | None:
    """Only arXiv ids: what the line reads back (other categories stay in their field)."""
    from pubkit import arxiv

    found = [c for c in categories if arxiv.is_category_id(c)]
    return ", ".join(found) if found else None


_ARXIV_LINE = re.compile(r"(?P<id>\S+)(?: \[(?P<category>[^\]\s]+)\])?")


def _read_arxiv(ctx: ReadContext, rest: str) -> tuple[ArxivId, tuple[str, ...]] | None:
    """``arXiv:2204.00166 [cs.CL]``: Zotero's own way of noting an arXiv id in Extra."""
    match = _ARXIV_LINE.fullmatch(rest.strip())
    if match is None:
        return None
    try:
        arxiv_id = ArxivId(match.group("id"))
    except InvalidValueError:
        return None
    category = match.group("category")
    return arxiv_id, (category,) if category else ()


def _write_arxiv(
    ctx: WriteContext, arxiv_id: ArxivId | None, categories: tuple[str, ...]
) -> str | None:
    if arxiv_id is None:
        return None
    return f"{arxiv_id} [{categories[0]}]" if categories else str(arxiv_id)


def code_carrier(
    field: str, spelling: Spelling = PLAIN, *, when: Callable[[WriteContext], bool] | None = None
) -> Carrier:
    """The code repository: ``Code: <url>``, ``Code link: <url>`` or ``Code: available``."""
    return Carrier(
        ("has_code", "code_url"), field, "Code", _read_code(spelling), _write_code(spelling),
        when=when,
    )  # fmt: skip


def carriers(
    field: str,
    spelling: Spelling = PLAIN,
    *,
    truncation: bool = True,
    categories: bool = True,
    arxiv: bool = False,
    when: Callable[[WriteContext], bool] | None = None,
    code_when: Callable[[WriteContext], bool] | None = None,
) -> tuple[Carrier, ...]:
    """The carriers, as parts of the native field ``field``; leave out what the format says
    in a field of its own (BibTeX's ``and others``, its ``keywords``)."""
    found = []
    if truncation:
        found.append(
            Carrier(
                ("authors_truncated",),
                field,
                TRUNCATED,
                lambda ctx, rest: True if rest == "" else None,
                lambda ctx, flag: "",
                when=when,
            )
        )
    found.append(code_carrier(field, spelling, when=code_when or when))
    found.append(
        Carrier(
            ("links",),
            field,
            "Links: ",
            _read_links(spelling),
            lambda ctx, links: ", ".join(spelling.url(u) for u in links),
            when=when,
        )
    )
    found.append(
        Carrier(
            ("affiliations",),
            field,
            "Affiliations: ",
            _read_affiliations(spelling),
            _write_affiliations(spelling),
            when=when,
        )
    )
    if categories:
        found.append(
            Carrier(
                ("categories",),
                field,
                "arXiv categories: ",
                _read_categories,
                _write_categories,
                when=when,
            )
        )
    if arxiv:
        found.append(
            Carrier(
                ("arxiv_id", "categories"), field, "arXiv:", _read_arxiv, _write_arxiv, when=when
            )
        )
    return tuple(found)
