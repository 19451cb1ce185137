"""Writing CSL-JSON: an array of CSL 1.0.2 items, valid against the official schema.

docs/csljson.md has the variable table and the ``custom`` keys.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from pubkit import jsontext
from pubkit.formats.base import Written
from pubkit.formats.csljson import keys as custom_keys
from pubkit.formats.csljson.richtext import looks_like_markup, to_csl
from pubkit.formats.csljson.schema import variables
from pubkit.formats.pubkit_json.converter import make_converter
from pubkit.library import Library
from pubkit.model import Kind, Mark, Person, Profile, Text, Work, WorkType
from pubkit.model.identifiers import arxiv_doi

# `et al.` as the last name: CSL has no way to say a name list is incomplete, and a rendered
# reference must read as truncated. Readers (pubkit's included) drop it again.
ET_AL = {"literal": "et al."}


@attrs.frozen
class Options:
    indent: int = 2


def write_csljson(library: Library, options: object) -> Written:
    assert isinstance(options, Options)
    items = [csl_item(work, library.profile) for work in library.works]
    return Written(jsontext.dumps(items, options.indent) + "\n")


def arxiv_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def csl_name(person: Person) -> dict[str, str]:
    if person.literal is not None:
        return {"literal": person.literal}
    parts = {
        "family": person.family,
        "given": person.given,
        "non-dropping-particle": person.particle,
        "dropping-particle": person.dropping_particle,
        "suffix": person.suffix,
    }
    return {name: value for name, value in parts.items() if value}


def csl_date(work: Work) -> dict[str, Any] | None:
    original = work.extra.get("csl:issued:json")
    if original is not None:
        return json.loads(original)  # a range, season or literal the source had
    if work.issued is None:
        return None
    parts = [work.issued.year, work.issued.month, work.issued.day]
    return {"date-parts": [[p for p in parts if p is not None]]}


def csl_item(work: Work, profile: Profile | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": work.key, "citation-key": work.key, "type": work.type.value}
    if work.title is not None:
        item["title"] = to_csl(work.title)
    if work.authors or work.authors_truncated:
        names = [csl_name(p) for p in work.authors]
        item["author"] = [*names, ET_AL] if work.authors_truncated else names
    if work.editors:
        item["editor"] = [csl_name(p) for p in work.editors]
    if (issued := csl_date(work)) is not None:
        item["issued"] = issued
    if work.container_title is not None:
        item["container-title"] = to_csl(work.container_title)
    for name, value in (("volume", work.volume), ("issue", work.issue), ("page", work.pages)):
        if value:
            item[name] = value
    preprint = work.type is WorkType.ARTICLE and work.arxiv_id is not None
    publisher = work.publisher or ("arXiv" if preprint else None)
    if publisher:
        item["publisher"] = publisher
    for variable, value in (
        ("publisher-place", work.place),
        ("edition", work.edition),
        ("collection-title", work.series),
        ("ISBN", work.isbn),
        ("ISSN", work.issn),
        ("language", work.language),
    ):
        if value:
            item[variable] = value
    if work.arxiv_id:
        item["number"] = f"arXiv:{work.arxiv_id}"
    doi = work.doi or (arxiv_doi(work.arxiv_id) if work.arxiv_id else None)
    if doi:
        item["DOI"] = doi
    url = work.url or (arxiv_url(work.arxiv_id) if work.arxiv_id else None)
    if url:
        item["URL"] = url
    if work.abstract is not None:
        item["abstract"] = to_csl(work.abstract)
    if work.keywords:
        separator = "; " if any("," in k for k in work.keywords) else ", "
        item["keyword"] = separator.join(work.keywords)
    if work.categories:
        item["categories"] = list(work.categories)
    if note := _note(work):
        item["note"] = note
    custom = _custom(work, profile)
    for name, value in _extra_variables(work):
        if name in variables() and name not in item and name != "custom":
            item[name] = value
        else:
            custom.setdefault(name, value)
    if custom:
        item["custom"] = custom
    return item


def _note(work: Work) -> str | None:
    """The work's note, and the code link for a human reader (``custom`` has it for machines)."""
    parts = [to_csl(work.note)] if work.note is not None else []
    if work.code_url:
        parts.append(f"{custom_keys.CODE_NOTE}{work.code_url}")
    return "\n".join(parts) or None


def _lossy_in_rich_text(text: Text | None) -> bool:
    """Whether CSL rich text cannot say ``text`` exactly: math, commands, monospace, or text
    that itself looks like a tag (`<i>` meant literally)."""
    return text is not None and any(
        chunk.kind is not Kind.TEXT or Mark.MONO in chunk.marks or looks_like_markup(chunk.text)
        for chunk in text.chunks
    )


def _custom(work: Work, profile: Profile | None) -> dict[str, Any]:
    """What CSL has no variable for, under ``custom.pubkit`` (see docs/csljson.md)."""
    converter = make_converter()
    ours: dict[str, Any] = {}
    if work.authors_truncated:
        ours[custom_keys.AUTHORS_TRUNCATED] = True
    if work.has_code:
        ours[custom_keys.HAS_CODE] = True
    if work.code_url:
        ours[custom_keys.CODE_URL] = work.code_url
    if work.links:
        ours[custom_keys.LINKS] = list(work.links)
    if work.affiliations:
        ours[custom_keys.AFFILIATIONS] = converter.unstructure(work.affiliations)
    markup = {
        name: converter.unstructure(text)
        for name, text in (("title", work.title), ("abstract", work.abstract), ("note", work.note))
        if _lossy_in_rich_text(text)
    }
    if markup:
        ours[custom_keys.MARKUP] = markup
    other_extra = {k: v for k, v in work.extra.items() if not k.startswith("csl:")}
    if other_extra:
        ours[custom_keys.EXTRA] = other_extra
    if profile is not None:
        ours[custom_keys.PROFILE] = converter.unstructure(profile)
    return {custom_keys.NAMESPACE: ours} if ours else {}


def _extra_variables(work: Work) -> list[tuple[str, Any]]:
    """CSL variables a CSL-JSON source had that the model has no field for, as they were."""
    found = []
    for key, value in work.extra.items():
        if not key.startswith("csl:") or key == "csl:issued:json":
            continue
        name = key[4:]
        if name.endswith(":json"):
            found.append((name[:-5], json.loads(value)))
        else:
            found.append((name, value))
    return found
