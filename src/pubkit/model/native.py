"""What a format said that the model has no field for, kept to be written back to that format.

Reading a .bib file, the entry type ``@proceedings`` (the model says ``book``), a field such as
``timestamp``, or a ``month = {April-May}`` the model can only read as April are not lost:
they are kept in ``Work.native["bibtex"]``, and the BibTeX writer writes them back as they came.
Other formats carry them along (CSL-JSON under ``custom``), so a round trip through them loses
nothing either. The model knows nothing about the formats: a ``Native`` is just a record type
and fields, with JSON values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TypeAlias

import attrs

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None


@attrs.frozen
class NativeField:
    """One field of a source record, as it came.

    ``stands_for`` names the model fields (space-separated) this field says something about
    when the model holds it only in part (``month = {April-May}`` read as April, a CSL date
    range read as its start), when the source spelled it twice (``journal`` beside
    ``journaltitle``), or when the model could not read it (``doi = {not a doi}``): the writer
    then writes this field, as the source had it, as long as those values still are
    ``read_as`` (their ``str`` when read; None when they were empty). Fields the model did not
    read at all have neither.
    """

    name: str
    value: JsonValue
    stands_for: str | None = None
    read_as: str | None = None


def _fields(fields: Iterable[NativeField]) -> tuple[NativeField, ...]:
    return tuple(fields)


@attrs.frozen
class Native:
    """One format's own data about a work: its record ``type`` where the model's type would be
    written as another one (with the model's type then, ``type_read_as``), and its fields."""

    type: str | None = None
    type_read_as: str | None = None
    fields: tuple[NativeField, ...] = attrs.field(default=(), converter=_fields)

    def __bool__(self) -> bool:
        return self.type is not None or bool(self.fields)

    def get(self, name: str) -> JsonValue:
        """The value of the first field called ``name``, or None."""
        return next((f.value for f in self.fields if f.name == name), None)


def frozen_mapping(value: Mapping[str, JsonValue]) -> Mapping[str, JsonValue]:
    """A read-only copy with sorted keys, so that equal mappings print and serialize alike."""
    return MappingProxyType(dict(sorted(value.items())))


def native_mapping(value: Mapping[str, Native]) -> Mapping[str, Native]:
    return MappingProxyType({name: value[name] for name in sorted(value) if value[name]})
