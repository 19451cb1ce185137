"""pubkit's own JSON: the whole model, lossless, for storage and for tests.

``{"format": "pubkit", "version": 1, "profile": {...}, "works": [{...}, ...]}``; fields at
their default are left out, dates are ISO strings, plain text is a string and text with markup a
list of chunks. Structuring and unstructuring go through cattrs (``converter.py``).
"""

from __future__ import annotations

from typing import Any

import attrs
import cattrs

from pubkit import jsontext
from pubkit.diagnostics import Diagnostic, error
from pubkit.formats.base import Format, Written
from pubkit.formats.pubkit_json.converter import describe_error, make_converter
from pubkit.library import Library
from pubkit.model import Profile, Work
from pubkit.source import Source

FORMAT_TAG = "pubkit"
VERSION = 1


@attrs.frozen
class Options:
    indent: int = 2


def write_json(library: Library, options: object) -> Written:
    assert isinstance(options, Options)
    converter = make_converter()
    document: dict[str, Any] = {"format": FORMAT_TAG, "version": VERSION}
    if library.profile is not None:
        document["profile"] = converter.unstructure(library.profile)
    if library.extra:
        document["extra"] = dict(library.extra)
    document["works"] = [converter.unstructure(work) for work in library.works]
    return Written(jsontext.dumps(document, options.indent) + "\n")


def read_json(source: Source) -> Library:
    document, problems = jsontext.load_document(source.text, source.name)
    if problems:
        return Library(diagnostics=problems)
    at = {"source": source.name}
    if not isinstance(document, dict) or document.get("format") != FORMAT_TAG:
        return Library(
            diagnostics=[
                error(
                    "not-pubkit-json",
                    'expected an object with "format": "pubkit"',
                    path="$",
                    **at,
                )
            ]
        )
    if document.get("version") != VERSION:
        return Library(
            diagnostics=[
                error(
                    "unsupported-version",
                    f"pubkit JSON version {document.get('version')!r} is not supported "
                    f"(this pubkit reads version {VERSION})",
                    path="$.version",
                    **at,
                )
            ]
        )
    converter = make_converter()
    problems: list[Diagnostic] = []
    profile = None
    if document.get("profile") is not None:
        profile = _structure(converter, document["profile"], Profile, "$.profile", at, problems)
    extra = document.get("extra") or {}
    if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
        problems.append(
            error("invalid-value", "extra must map names to strings", path="$.extra", **at)
        )
        extra = {}
    unknown = set(document) - {"format", "version", "profile", "extra", "works"}
    if unknown:
        problems.append(
            error("invalid-value", f"unknown keys: {', '.join(sorted(unknown))}", path="$", **at)
        )
    works_data = document.get("works", [])
    if not isinstance(works_data, list):
        problems.append(error("invalid-value", "works must be a list", path="$.works", **at))
        works_data = []
    works = []
    for index, item in enumerate(works_data):
        work = _structure(converter, item, Work, f"$.works[{index}]", at, problems)
        if work is not None:
            works.append(work)
    return Library(works, profile, problems, extra)


def _structure(
    converter: cattrs.Converter,
    data: object,
    cls: type,
    path: str,
    at: dict[str, str],
    problems: list[Diagnostic],
) -> Any:
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # cattrs gathers every field's error; report each with its path
        for message in cattrs.transform_error(exc, path=path, format_exception=describe_error):
            text, _, where = message.rpartition(" @ ")
            problems.append(error("invalid-value", text or message, path=where or path, **at))
        return None


def _sniff(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:400]
    return head.startswith("{") and '"format"' in head and '"pubkit"' in head


FORMAT = Format(
    name="json",
    description="pubkit's own JSON: the whole model, lossless",
    suffixes=(".json",),
    read=read_json,
    write=write_json,
    options=Options,
    sniff=_sniff,
    lossy=frozenset({"origin"}),
)
