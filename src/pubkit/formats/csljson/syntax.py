"""CSL-JSON syntax: an array of item objects, each a record, and back.

A record's fields are the item's variables, with the values they have in JSON. Values the
table keeps under ``custom`` (``custom.pubkit.code-url``) are taken out of the nesting into
fields of dotted names, and put back when writing; whatever else ``custom`` holds stays one
field, merged back as it came. Every problem names its JSON path.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator
from typing import Any

from pubkit import jsontext
from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.formats.rules import Locations, Record
from pubkit.location import JsonPath
from pubkit.source import Source

_FIRST = ("id", "citation-key", "type")


def read_items(
    source: Source, dotted: Collection[str], first: int = 0
) -> Iterator[Record | Diagnostic]:
    """The records of a CSL-JSON text; ``first``: the index of its first item in the file (a
    part of a large file names items by their place in the whole)."""
    data, problems = jsontext.load_document(source)
    yield from problems
    if any(p.is_error for p in problems):
        return
    root = JsonPath(source.name)
    if isinstance(data, dict) and ("type" in data or "id" in data) and "format" not in data:
        data = [data]  # a single item, as some tools export one reference
    if not isinstance(data, list):
        kind = "an object" if isinstance(data, dict) else type(data).__name__
        yield error("not-csl-json", f"CSL-JSON is an array of items; this is {kind}", root)
        return
    # Each dotted name with its steps under `custom`, split once for the file.
    paths = [(name, name.split(".")[1:]) for name in dotted]
    for index, item in enumerate(data):
        where = root.child(first + index)
        if not isinstance(item, dict):
            yield error("not-an-object", "a CSL item must be an object", where)
            continue
        record = _record(item, where, paths)
        if record.key is None:
            yield warning(
                "missing-id", "the item has no id; a key was generated", where.child("id")
            )
        yield record


def _record(item: dict[str, Any], where: JsonPath, dotted: list[tuple[str, list[str]]]) -> Record:
    item = dict(item)
    record_type = item.pop("type", None)
    key = key_of(item)
    identifier, _ = item.pop("id", None), item.pop("citation-key", None)
    if identifier is not None and str(identifier).strip() != key:
        item["id"] = identifier  # an id that is not the citation key (Zotero's item URI)
    # No type, or an empty one (pandoc writes "" for BibTeX's @misc): a document, quietly.
    known = record_type if isinstance(record_type, str) and record_type else "document"
    paths = Locations(functools.partial(_path, where))  # from names, when a problem asks
    record = Record(known, key=key, where=where, field_where=paths, type_where=where.child("type"))
    if record_type is not None and not isinstance(record_type, str):
        record.fields["type"] = record_type  # not a type: kept as it came
    custom = item.get("custom")
    if isinstance(custom, dict):
        custom = dict(custom)  # _take copies what it changes: the item stays as it came
        for name, steps in dotted:
            if not _has(custom, steps):  # most: nothing to take, and nothing to copy
                continue
            found = _take(custom, steps)
            if found is not None:
                record.fields[name] = found
                paths.at(name, name)
        item["custom"] = custom
        if not custom:
            del item["custom"]
    for name, value in item.items():
        record.fields[name] = value
        paths.at(name, (name,))
    return record


def key_of(item: dict[str, Any]) -> str | None:
    """The citation key an item gives (its ``citation-key``, else its ``id``), if any."""
    for name in ("citation-key", "id"):
        value = item.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _has(tree: dict[str, Any], steps: list[str]) -> bool:
    """Whether ``_take`` would change ``tree``: nested objects hold a value (null too) at
    ``steps``, or an empty object on the way, which it removes."""
    for step in steps[:-1]:
        node = tree.get(step)
        if not isinstance(node, dict):
            return False
        if not node:
            return True
        tree = node
    return steps[-1] in tree


def _take(tree: dict[str, Any], steps: list[str]) -> Any:
    """Remove and return the value at ``steps`` in nested objects (None if there is none),
    removing objects it leaves empty. ``tree`` is the caller's own copy; the objects below it
    are copied before they change (a deep copy of every item would cost more than reading it)."""
    if len(steps) == 1:
        return tree.pop(steps[0], None)
    node = tree.get(steps[0])
    if not isinstance(node, dict):
        return None
    node = tree[steps[0]] = dict(node)
    found = _take(node, steps[1:])
    if not node:
        del tree[steps[0]]
    return found


def _path(where: JsonPath, name: str | tuple[str]) -> JsonPath:
    """The path of a field: a custom value's, by its dotted name (``custom.pubkit.x``), or a
    variable's, ``(name,)``: its name whole, dots and all."""
    for step in name if isinstance(name, tuple) else name.split("."):
        where = where.child(step)
    return where


def item_of(record: Record, variables: Collection[str]) -> dict[str, Any]:
    """The item of a record: ``id``, ``citation-key`` and ``type`` first, then the variables;
    dotted fields nested under ``custom``, and anything that is not a CSL variable moved there
    too, so that the item stays valid against the schema."""
    identifier = record.fields.get("id", record.key)
    item: dict[str, Any] = {"id": identifier, "citation-key": record.key, "type": record.type}
    custom: dict[str, Any] = {}
    for name, value in record.fields.items():
        if value is None or name in _FIRST:
            continue
        if "." in name:
            _put(custom, name.split(".")[1:], value)
        elif name == "custom" and isinstance(value, dict):
            _merge(custom, value)
        elif name in variables:
            item[name] = value
        else:
            custom.setdefault(name, value)
    if custom:
        item["custom"] = custom
    return item


def _put(tree: dict[str, Any], steps: list[str], value: Any) -> None:
    for step in steps[:-1]:
        node = tree.setdefault(step, {})
        if not isinstance(node, dict):
            return
        tree = node
    tree[steps[-1]] = value


def _merge(tree: dict[str, Any], other: dict[str, Any]) -> None:
    for name, value in other.items():
        if isinstance(value, dict) and isinstance(tree.get(name), dict):
            _merge(tree[name], value)
        else:
            tree.setdefault(name, value)
