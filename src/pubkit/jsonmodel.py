"""The model as JSON-ready data and back, through one cattrs converter.

Used by pubkit's own JSON format and by CSL-JSON (which keeps what CSL cannot say under
``custom``). Plain text is a string, text with markup a list of chunks, dates ISO strings,
identifiers and pages the strings they are; errors name the JSON path of the value at fault.
"""

from __future__ import annotations

import difflib
import functools
import typing
from collections.abc import Mapping
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception

from pubkit.errors import InvalidValueError
from pubkit.model import (
    ArxivId,
    Chunk,
    Date,
    Doi,
    Isbn,
    Issn,
    JsonValue,
    Kind,
    Mark,
    PageRange,
    Text,
    Work,
    WorkType,
)


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


def _structure_json(value: object, _: object) -> JsonValue:
    """Any JSON value, checked to be one (no NaN, no objects with keys that are not strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidValueError("expected a JSON value, got a number JSON cannot hold")
        return value
    if isinstance(value, list):
        return [_structure_json(item, None) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _structure_json(item, None) for key, item in value.items()}
    raise InvalidValueError(f"expected a JSON value, got {_json_type_name(value)}")


def _structure_json_object(value: object, _: object) -> dict[str, JsonValue]:
    if not isinstance(value, dict):
        raise InvalidValueError(f"expected an object, got {_json_type_name(value)}")
    structured = _structure_json(value, None)
    assert isinstance(structured, dict)
    return structured


_JSON_SCALARS = frozenset({type(None), bool, int, float, str})


def _is_json_value(annotation: object) -> bool:
    """Whether ``annotation`` is ``JsonValue`` (however its forward references resolved)."""
    args = typing.get_args(annotation)
    return annotation is JsonValue or set(args) >= _JSON_SCALARS


def _is_json_object(annotation: object) -> bool:
    """Whether ``annotation`` is a mapping of names to JSON values."""
    origin: object = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    return (origin is dict or origin is Mapping) and bool(args) and _is_json_value(args[-1])


def _value_type(kind: type[str]) -> Any:
    """Structure hook for a str value type (Doi, PageRange ...): a string it accepts."""

    def structure(value: object, _: type) -> object:
        if not isinstance(value, str):
            raise InvalidValueError(f"expected a string, got {_json_type_name(value)}")
        return kind(value)

    return structure


def _structure_type(value: object, _: type) -> WorkType:
    try:
        return WorkType(value if isinstance(value, str) else repr(value))
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
    for value_type in (Doi, ArxivId, Isbn, Issn, PageRange):
        converter.register_structure_hook(value_type, _value_type(value_type))
    converter.register_structure_hook_func(_is_json_value, _structure_json)
    converter.register_structure_hook_func(_is_json_object, _structure_json_object)
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
