"""The rules of a format's mapping table, and what their converters are given.

A format's ``mapping.py`` holds a ``Table`` (``table.py``): a ``TypeTable`` and a tuple of
rules, each saying which model fields it fills from which native fields (``Rule``, ``field``),
or which model field travels as a labelled part of a shared native field such as a note
(``Carrier``). Converters take a context and the values: ``to_model(ctx, *native_values)``
returns the model value (a tuple of them for a rule of several model fields);
``from_model(ctx, *model_values)`` returns the native value (or a tuple). ``None`` means
"nothing". A converter that raises ``InvalidValueError`` makes the engine report a warning and
keep the native fields as they came.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sized
from typing import Any

import attrs

from pubkit.diagnostics import Diagnostic, warning
from pubkit.location import Location
from pubkit.model import Work, WorkType

Converter = Callable[..., Any]


class _Unread:
    def __repr__(self) -> str:
        return "UNREAD"


# What a ``to_model`` converter returns for native values that are not its to read after all
# (an ``AN`` accession number that is not an arXiv id): they stay native, written back as they
# came.
UNREAD: Any = _Unread()


class RecordError(Exception):
    """A record that cannot become a work at all; the reader reports it and goes on."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


class Locations(MutableMapping[str, Location]):
    """Where each field of a record was read, computed only when asked: a problem asks, and
    most fields never have one. ``at(name, place)`` notes the place (an offset, a line, a
    name) that ``locate`` turns into a location."""

    def __init__(self, locate: Callable[[Any], Location]) -> None:
        self._locate = locate
        self._places: dict[str, Any] = {}
        self._given: dict[str, Location] = {}

    def at(self, name: str, place: Any) -> None:
        self._places[name] = place

    def __getitem__(self, name: str) -> Location:
        if name in self._given:
            return self._given[name]
        return self._locate(self._places[name])

    def __contains__(self, name: object) -> bool:
        return name in self._given or name in self._places

    def __setitem__(self, name: str, where: Location) -> None:
        self._given[name] = where

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._given.pop(name, None)
        self._places.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter({**self._places, **self._given})

    def __len__(self) -> int:
        return len({**self._places, **self._given})


@attrs.define
class Record:
    """A format's record between its syntax and the model: its type, its fields in source order
    (values in the format's own shape: LaTeX strings, JSON values, lists of RIS lines), its key,
    and where it and each field were read."""

    type: str
    fields: dict[str, Any] = attrs.field(factory=dict)
    key: str | None = None
    where: Location | None = None
    field_where: MutableMapping[str, Location] = attrs.field(factory=dict)
    type_where: Location | None = None
    # Fields a writer derived from other values (a preprint's arXiv URL), not data of their
    # own: reading leaves them out. Formats that can say so (CSL-JSON) carry this list.
    derived: set[str] = attrs.field(factory=set)
    # Fields no rule reads (a BibTeX value with an undefined macro), and the value to keep
    # for each instead (the expression as written): ``fields`` has what the value reads as.
    unread: dict[str, Any] = attrs.field(factory=dict)


@attrs.define
class ReadContext:
    """What a ``to_model`` converter can do besides returning a value: warn, and keep."""

    record: Record
    format: str
    type: WorkType = WorkType.DOCUMENT  # the model type the record's type gives
    values: dict[str, Any] = attrs.field(factory=dict)  # the model values read so far
    problems: list[Diagnostic] = attrs.field(factory=list)
    # native field -> the model fields it stands for (see ``keep``)
    kept: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    left: set[str] = attrs.field(factory=set)  # native fields the current rule did not read
    rule: Rule | Carrier | None = None  # the rule being read

    def where(self, field: str | None = None) -> Location | None:
        if field is not None and field in self.record.field_where:
            return self.record.field_where[field]
        return self.record.where

    def warn(self, field: str | None, code: str, message: str) -> None:
        self.problems.append(warning(code, message, self.where(field), self.record.key))

    def keep(self, field: str, *model: str) -> None:
        """Write ``field`` back as the source had it, instead of what the model's values give,
        while those values are unchanged (``month = {April-May}``, read as April). ``model``
        names the model fields it stands for: the current rule's by default."""
        assert self.rule is not None
        self.kept[field] = model or self.rule.model

    def leave(self, field: str) -> None:
        """``field`` was not read after all (``school`` beside ``institution``): it is written
        back as it came."""
        self.left.add(field)


@attrs.define
class WriteContext:
    """What a ``from_model`` converter knows: the work, the record type chosen for it, the
    writer's ``state`` for this output (its options, and what it collects while writing), the
    dialect, and where to report what it cannot express."""

    work: Work
    type: str
    state: Any = None
    dialect: str = ""
    problems: list[Diagnostic] = attrs.field(factory=list)

    def warn(self, code: str, message: str) -> None:
        self.problems.append(warning(code, message, key=self.work.key))


@attrs.frozen
class Rule:
    """Model fields ``model`` <-> native fields ``native``.

    ``when`` limits writing (to a dialect, a record type); reading tries every rule, and a rule
    whose model fields an earlier rule filled is skipped, so its native fields are kept as they
    came, and so are the earlier rule's (``journal`` beside ``journaltitle``: both are written
    back while the model's value is unchanged). ``loses`` names the model paths the rule carries
    only in part, and ``carried(work, dialect)`` gives the changes that make a work what the
    format carries of it (for round-trip tests); a rule without them carries its fields
    exactly.
    """

    model: tuple[str, ...]
    native: tuple[str, ...]
    to_model: Converter | None = None
    from_model: Converter | None = None
    when: Callable[[WriteContext], bool] | None = None
    # Model fields ``from_model`` also takes (after ``model``'s) to derive a value when the
    # model has none: a preprint's URL from its arXiv id. What it derives is marked so.
    uses: tuple[str, ...] = ()
    loses: tuple[str, ...] = ()
    carried: Callable[[Work, str], dict[str, Any]] | None = None
    invalid: str = "invalid-value"  # the code of the warning for a value the model rejects
    doc: str = ""


@attrs.frozen
class Carrier:
    """A model field the format has no field for, as a labelled part of a shared native field:
    ``Code: https://...`` in a note. ``to_model`` gets the part without its label and returns
    None when the part is not its own after all; ``from_model`` returns the part's text."""

    model: tuple[str, ...]
    native: str
    label: str
    to_model: Converter
    from_model: Converter
    when: Callable[[WriteContext], bool] | None = None
    doc: str = ""
    # What a Rule has too, so that the engine treats both alike: a carrier carries its field
    # exactly and derives nothing.
    uses: tuple[str, ...] = attrs.field(default=(), init=False)
    loses: tuple[str, ...] = attrs.field(default=(), init=False)
    carried: None = attrs.field(default=None, init=False)
    invalid: str = attrs.field(default="invalid-value", init=False)


@attrs.frozen
class Parts:
    """How a shared native field splits into parts and joins again (one RIS ``N1`` line each;
    sentences of a BibTeX note). ``split`` gets the labels that carriers claim."""

    split: Callable[[Any, tuple[str, ...]], list[str]]
    join: Callable[[list[str]], Any]


def field(
    model: str,
    native: str,
    to_model: Converter | None = None,
    from_model: Converter | None = None,
    **options: Any,
) -> Rule:
    """The common rule: one model field <-> one native field, converted as given (the value
    as it is by default)."""
    return Rule(
        (model,),
        (native,),
        to_model or (lambda ctx, value: value),
        from_model or (lambda ctx, value: value),
        **options,
    )


@attrs.frozen
class TypeTable:
    """Native record types <-> model types. ``refine_read`` and ``choose_write`` adjust a type
    by the record or the work (an ``@article`` without a journal is a preprint)."""

    read: Mapping[str, WorkType]
    write: Mapping[WorkType, str]
    read_default: WorkType
    write_default: str
    refine_read: Callable[[Record, WorkType], WorkType] | None = None
    # (the work's fields by name, the type chosen, the dialect) -> the type to write
    choose_write: Callable[[Callable[[str], Any], str, str], str] | None = None
    fold: Callable[[str], str] = str.lower
    # Where the format cannot tell some model types apart: the type as it carries it.
    carried: Callable[[Work], WorkType] | None = None
    # Whether a dialect writes a source's own record type back (BibTeX's styles know no
    # BibLaTeX @collection): by default, every dialect does.
    keeps_type: Callable[[str, str], bool] | None = None

    def model_type(self, record: Record) -> WorkType | None:
        found = self.read.get(self.fold(record.type))
        if found is not None and self.refine_read is not None:
            found = self.refine_read(record, found)
        return found

    def native_type(self, fields: Callable[[str], Any], dialect: str = "") -> str:
        """The record type for a work whose fields ``fields`` gives by name."""
        chosen = self.write.get(fields("type"), self.write_default)
        return self.choose_write(fields, chosen, dialect) if self.choose_write else chosen


_BUILTIN_SIZED = (str, tuple, list, dict, set, frozenset)


def is_empty(value: object) -> bool:
    """None, False, and empty strings, tuples and mappings: nothing to write."""
    if value is None or value is False:
        return True
    if isinstance(value, _BUILTIN_SIZED):  # the common case, without the slower ABC check
        return not value
    return isinstance(value, Sized) and len(value) == 0


def merge_values(values: dict[str, Any], names: Iterable[str], results: Iterable[Any]) -> None:
    """Scalars: the first rule to give one wins. Tuples (keywords, categories) add up."""
    for name, value in zip(names, results, strict=True):
        merge_value(values, name, value)


def merge_value(values: dict[str, Any], name: str, value: Any) -> None:
    """``merge_values`` for one model field (most rules have one)."""
    if value is None or is_empty(value):
        return
    if isinstance(value, tuple) and isinstance(values.get(name), tuple):
        values[name] = tuple(dict.fromkeys((*values[name], *value)))
    elif name not in values:
        values[name] = value


def state_of(get: Any, names: tuple[str, ...]) -> str | None:
    """The model values a kept field stands for, as one string (None when all are empty), to
    tell later whether they changed."""
    found = [get(name) for name in names]
    if all(is_empty(value) for value in found):
        return None
    if len(found) == 1:
        return str(found[0])
    return "\n".join("" if is_empty(value) else str(value) for value in found)
