"""Reading and writing pubkit's own JSON, through the model's cattrs converter."""

from __future__ import annotations

from typing import Any

import cattrs

from pubkit import jsontext
from pubkit.diagnostics import Diagnostic, error
from pubkit.formats.base import Written
from pubkit.formats.options import JsonOptions
from pubkit.jsonmodel import describe_error, make_converter
from pubkit.library import Library
from pubkit.location import JsonPath
from pubkit.model import Native, Profile, Work
from pubkit.source import Source

FORMAT_TAG = "pubkit"
VERSION = 1
_KEYS = frozenset({"format", "version", "profile", "native", "works"})


def write_json(library: Library, options: JsonOptions) -> Written:
    converter = make_converter()
    document: dict[str, Any] = {"format": FORMAT_TAG, "version": VERSION}
    if library.profile is not None:
        document["profile"] = converter.unstructure(library.profile)
    if library.native:
        document["native"] = converter.unstructure(dict(library.native), dict[str, Native])
    document["works"] = [converter.unstructure(work) for work in library.works]
    return Written(jsontext.dumps(document, options.indent) + "\n")


def read_json(source: Source) -> Library:
    document, read_problems = jsontext.load_document(source)
    if any(p.is_error for p in read_problems):
        return Library(diagnostics=read_problems)
    root = JsonPath(source.name)
    if not isinstance(document, dict) or document.get("format") != FORMAT_TAG:
        message = 'expected an object with "format": "pubkit"'
        return Library(diagnostics=[error("not-pubkit-json", message, root)])
    if document.get("version") != VERSION:
        message = (
            f"pubkit JSON version {document.get('version')!r} is not supported "
            f"(this pubkit reads version {VERSION})"
        )
        return Library(diagnostics=[error("unsupported-version", message, root.child("version"))])
    converter = make_converter()
    problems = list(read_problems)
    unknown = set(document) - _KEYS
    if unknown:
        message = f"unknown keys: {', '.join(sorted(unknown))}"
        problems.append(error("invalid-value", message, root))
    profile = None
    if document.get("profile") is not None:
        profile = _structure(
            converter, document["profile"], Profile, root.child("profile"), problems
        )
    native: dict[str, Native] = {}
    if document.get("native") is not None:
        native = (
            _structure(
                converter, document["native"], dict[str, Native], root.child("native"), problems
            )
            or {}
        )
    works_data = document.get("works", [])
    if not isinstance(works_data, list):
        problems.append(error("invalid-value", "works must be a list", root.child("works")))
        works_data = []
    works = []
    for index, item in enumerate(works_data):
        work = _structure(converter, item, Work, root.child("works").child(index), problems)
        if work is not None:
            works.append(work)
    return Library(works, profile, problems, native)


def _structure(
    converter: cattrs.Converter,
    data: object,
    cls: Any,
    where: JsonPath,
    problems: list[Diagnostic],
) -> Any:
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # cattrs gathers every field's error; report each with its path
        for message in cattrs.transform_error(
            exc, path=where.path, format_exception=describe_error
        ):
            text, _, path = message.rpartition(" @ ")
            at = JsonPath(where.source, path or where.path)
            problems.append(error("invalid-value", text or message, at))
        return None
