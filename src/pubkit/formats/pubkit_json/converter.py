"""The cattrs converter that maps the model to JSON-ready data and back."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception

from pubkit.errors import InvalidValueError
from pubkit.model import Chunk, Date, Kind, Mark, Text, Work, WorkType


def _unstructure_text(text: Text) -> str | list[str | dict[str, Any]]:
    if text.is_plain:
        return str(text)
    chunks: list[str | dict[str, Any]] = []
    for chunk in text.chunks:
        if chunk.is_plain:
            chunks.append(chunk.text)
            continue
        item: dict[str, Any] = {"text": chunk.text}
        if chunk.kind is not Kind.TEXT:
            item["kind"] = chunk.kind.value
        if chunk.marks:
            item["marks"] = sorted(mark.value for mark in chunk.marks)
        chunks.append(item)
    return chunks


def _structure_text(data: object, _: type) -> Text:
    if isinstance(data, str):
        return Text.plain(data)
    if not isinstance(data, list):
        raise InvalidValueError("text must be a string or a list of chunks")
    chunks = []
    for item in data:
        if isinstance(item, str):
            chunks.append(Chunk(item))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InvalidValueError('each chunk must be a string or an object with "text"')
        unknown = set(item) - {"text", "kind", "marks"}
        if unknown:
            raise InvalidValueError(f"unknown chunk keys: {', '.join(sorted(unknown))}")
        chunks.append(
            Chunk(
                item["text"],
                Kind(item.get("kind", "text")),
                frozenset(Mark(mark) for mark in item.get("marks", ())),
            )
        )
    return Text(tuple(chunks))


def _structure_date(data: object, _: type) -> Date:
    if not isinstance(data, str):
        raise InvalidValueError("a date must be an ISO string such as 2022-04-01")
    return Date.parse(data)


_JSON_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false"}


def _json_type_name(value: object) -> str:
    names = {dict: "an object", list: "an array", type(None): "null", float: "a number"}
    return names.get(type(value)) or _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _exactly(kind: type) -> Any:
    """A structure hook accepting only ``kind`` itself: no "yes" for a bool, no 1.5 for an int."""

    def structure(value: object, _: type) -> object:
        if type(value) is not kind:
            raise InvalidValueError(
                f"expected {_JSON_TYPE_NAMES[kind]}, got {_json_type_name(value)}"
            )
        return value

    return structure


def _structure_extra(value: object, _: type) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InvalidValueError(f"expected an object, got {_json_type_name(value)}")
    bad = [key for key, item in value.items() if not isinstance(item, str)]
    if bad:
        raise InvalidValueError(f"extra values must be strings; {bad[0]!r} is not")
    return value


def _structure_type(value: object, _: type) -> WorkType:
    try:
        return WorkType(value)
    except ValueError:
        close = difflib.get_close_matches(str(value), [t.value for t in WorkType], n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise InvalidValueError(f"{value!r} is not a CSL item type{hint}") from None


def describe_error(exc: BaseException, expected: type | None) -> str:
    """Messages for ``cattrs.transform_error``: pubkit's own errors say what is wrong themselves."""
    if isinstance(exc, InvalidValueError):
        return str(exc)
    if isinstance(exc, AttributeError) and "has no attribute" in str(exc):
        return "expected an object"
    return format_exception(exc, expected)


@functools.cache
def make_converter() -> cattrs.Converter:
    """The converter (built once: building one costs far more than using it)."""
    converter = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)
    for kind in (str, int, bool):
        # Registered by class, so subclasses with hooks of their own (WorkType) keep theirs.
        converter.register_structure_hook(kind, _exactly(kind))
    converter.register_structure_hook(WorkType, _structure_type)
    converter.register_structure_hook_func(lambda t: t == Mapping[str, str], _structure_extra)
    converter.register_unstructure_hook(Text, _unstructure_text)
    converter.register_structure_hook(Text, _structure_text)
    converter.register_unstructure_hook(Date, str)
    converter.register_structure_hook(Date, _structure_date)
    converter.register_unstructure_hook(
        Work,
        make_dict_unstructure_fn(
            Work,
            converter,
            _cattrs_omit_if_default=True,
            type=override(omit_if_default=False),
            origin=override(omit=True),
        ),
    )
    converter.register_structure_hook(
        Work,
        make_dict_structure_fn(
            Work, converter, _cattrs_forbid_extra_keys=True, origin=override(omit=True)
        ),
    )
    return converter
