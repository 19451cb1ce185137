"""One table per format, run both ways: the engine that reads and writes with the rules.

``Table.read`` turns a native ``Record`` into a ``Work`` and ``Table.write`` a ``Work`` into a
``Record``, with the same rules; the format's syntax module turns records into text and back.
So a field is mapped in one place, once, for both directions; what a format cannot carry is
computed from its table (``Table.lossy``, ``Table.carried``); native fields no rule reads are
kept in ``Work.native`` and written back as they came, and a rule can keep the source's text of
a value the model holds only in part (``ReadContext.keep``). Value rules (pages, DOIs, months)
live in the model's value types, shared by every table.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.errors import InvalidValueError
from pubkit.formats.rules import (
    UNREAD,
    Carrier,
    Parts,
    ReadContext,
    Record,
    RecordError,
    Rule,
    TypeTable,
    WriteContext,
    is_empty,
    merge_value,
    merge_values,
    state_of,
)
from pubkit.location import JsonPath
from pubkit.model import Native, NativeField, Work, WorkType
from pubkit.model.work import normalize_fields


def _single(value: object) -> tuple[Any, ...]:
    return (value,)


@attrs.frozen
class Table:
    """A format's table: its name (the key of ``Work.native``), types, rules, and shared
    fields that carriers use."""

    format: str
    types: TypeTable
    rules: tuple[Rule | Carrier, ...]
    parts: Mapping[str, Parts] = attrs.field(factory=dict)
    # Model fields that the syntax layer reads and writes itself (the key).
    handled: tuple[str, ...] = ("key",)
    # Library fields the format carries besides its works (CSL-JSON: the profile).
    library: tuple[str, ...] = ()
    # The dialects its writers write (BibTeX and BibLaTeX share one table).
    dialects: tuple[str, ...] = ("",)
    # The order fields are written in. Rules are in the order they read (a rule may use what
    # an earlier one read); fields not named here follow in rule order.
    order: tuple[str, ...] = ()
    _rank: dict[str, int] = attrs.field(init=False, eq=False, repr=False)
    _labels: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    # The rules that write, each with its native fields and the model fields it is given.
    _writing: tuple[tuple[Rule | Carrier, tuple[str, ...], tuple[str, ...]], ...] = attrs.field(
        init=False, eq=False, repr=False
    )
    # Each model field -> the indices in `_writing` of the rules given it.
    _users: dict[str, tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)
    # Each native field -> the indices in `_writing` of the rules that write it.
    _writers: dict[str, tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)
    # The values of a work's fields in `_users`, in its order, in one call.
    _used_values: operator.attrgetter[tuple[Any, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    # The rules that read, each with its native fields.
    _reading: tuple[tuple[Rule | Carrier, tuple[str, ...]], ...] = attrs.field(
        init=False, eq=False, repr=False
    )
    # Each native field -> the indices in `_reading` of the rules that read it: a record has
    # a few of a table's fields, and only their rules need to run.
    _readers: dict[str, tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # `order`, with each field it does not name placed after the field of the rule before.
        names = list(self.order)
        previous: str | None = None
        for rule in self.rules:
            for name in (rule.native,) if isinstance(rule, Carrier) else rule.native:
                if name not in names:
                    names.insert(names.index(previous) + 1 if previous else len(names), name)
                previous = name
        object.__setattr__(self, "_rank", {name: index for index, name in enumerate(names)})
        labels = tuple(rule.label for rule in self.rules if isinstance(rule, Carrier))
        object.__setattr__(self, "_labels", labels)
        writing = tuple(
            (rule, (rule.native,) if isinstance(rule, Carrier) else rule.native,
             (*rule.model, *rule.uses))
            for rule in self.rules
            if rule.from_model is not None
        )  # fmt: skip
        object.__setattr__(self, "_writing", writing)
        reading = tuple(
            (rule, (rule.native,) if isinstance(rule, Carrier) else rule.native)
            for rule in self.rules
            if rule.to_model is not None
        )
        object.__setattr__(self, "_reading", reading)
        readers: dict[str, list[int]] = {}
        for index, (_, natives) in enumerate(reading):
            for name in natives:
                readers.setdefault(name, []).append(index)
        object.__setattr__(self, "_readers", {name: tuple(i) for name, i in readers.items()})
        users: dict[str, list[int]] = {}
        writers: dict[str, list[int]] = {}
        for index, (_, natives, inputs) in enumerate(writing):
            for name in inputs:
                users.setdefault(name, []).append(index)
            for name in natives:
                writers.setdefault(name, []).append(index)
        object.__setattr__(self, "_writers", {name: tuple(i) for name, i in writers.items()})
        object.__setattr__(self, "_users", {name: tuple(found) for name, found in users.items()})
        # (attrgetter gives a tuple for two names or more: "type" twice after them makes sure)
        object.__setattr__(self, "_used_values", operator.attrgetter(*users, "type", "type"))

    def _ranked(self, names: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """In the order fields are written: the table's, then unknown fields as they came."""
        last = len(self._rank)
        return sorted(names, key=lambda item: self._rank.get(item[0], last))

    # -- reading -------------------------------------------------------------------------------

    def read(self, record: Record) -> tuple[Work | None, list[Diagnostic]]:
        """The work of ``record`` (None when it cannot be one) and the problems found."""
        ctx = ReadContext(record, self.format)
        try:
            return self._read(record, ctx), ctx.problems
        except RecordError as exc:
            problem = error(exc.code, exc.message, ctx.where(exc.field), record.key)
            return None, [problem, *ctx.problems]
        except InvalidValueError as exc:  # a value no rule checked: the record cannot be read
            problem = error("invalid-record", str(exc), ctx.where(), record.key)
            return None, [problem, *ctx.problems]

    def _read(self, record: Record, ctx: ReadContext) -> Work:
        work_type = self.types.model_type(record)
        if work_type is None:
            work_type = self.types.read_default
            message = f"{record.type!r} is not a type pubkit knows; kept"
            where = record.type_where or record.where
            ctx.problems.append(warning("unknown-type", message, where, record.key))
        ctx.type = work_type
        values = ctx.values
        consumed: set[str] = set(record.derived)  # derived again on writing: not data
        filled_by: dict[str, set[str]] = {}  # model field -> the native fields it was read from
        parts = self._split_parts(record)
        fields = record.fields
        hidden = record.derived | record.unread.keys()
        readable = fields.keys() - hidden if hidden else fields.keys()
        # Fields whose value a rule does not take as it is: hidden ones, and shared ones (what
        # the carriers left of them). Most fields are neither.
        special = hidden | parts.keys() if parts else hidden
        readers, reading = self._readers, self._reading
        # In table order, only the rules given a field the record has: most rules have none.
        for index in sorted({i for name in readable if name in readers for i in readers[name]}):
            rule, natives = reading[index]
            if isinstance(rule, Carrier):
                # Always: a carrier claims its parts even when a field said the same already.
                self._read_carrier(rule, ctx, parts, values)
                continue
            if _filled(values, rule.model):
                # Another spelling of values an earlier rule read (`journal` beside
                # `journaltitle`): these fields stay as they came, and where they say something
                # else, so do the earlier ones, so that both come back.
                mine = [fields[n] for n in natives if n in fields]
                for name in rule.model:
                    for spelling in filled_by.get(name, ()):
                        if fields.get(spelling) not in mine:
                            ctx.kept.setdefault(spelling, (name,))
                continue
            present = [
                self._native_value(record, n, parts) if n in special else fields.get(n)
                for n in natives
            ]
            read = self._read_rule(rule, ctx, record, values, present)
            if read:
                consumed.update(read)
                for name in rule.model:
                    filled_by.setdefault(name, set()).update(read)
        values.setdefault("type", work_type)
        native = {**values.pop("native", {}), **self._native(record, ctx, values, consumed, parts)}
        values.update(normalize_fields(values))
        key = record.key or values.pop("key", None)  # a carrier may say the key (RIS M2)
        values.pop("key", None)
        return Work(**values, key=key, native=native, origin=record.where)

    def _split_parts(self, record: Record) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, parts in self.parts.items():
            if record.fields.get(name) is not None:
                found[name] = parts.split(record.fields[name], self._labels)
        return found

    def _read_carrier(
        self,
        rule: Carrier,
        ctx: ReadContext,
        parts: dict[str, list[str]],
        values: dict[str, Any],
    ) -> None:
        remaining = []
        for part in parts.get(rule.native, []):
            if not part.startswith(rule.label):
                remaining.append(part)
                continue
            ctx.rule = rule
            try:
                result = rule.to_model(ctx, part[len(rule.label) :])
            except InvalidValueError:
                result = None
            if result is None:
                remaining.append(part)  # not the carrier's after all: the note keeps it
                continue
            results = result if len(rule.model) > 1 else _single(result)
            merge_values(values, rule.model, results)
        if rule.native in parts:
            parts[rule.native] = remaining

    def _read_rule(
        self,
        rule: Rule,
        ctx: ReadContext,
        record: Record,
        values: dict[str, Any],
        present: list[Any],
    ) -> set[str]:
        """Run ``rule`` on the values of its native fields; the native fields it read."""
        natives = rule.native
        if len(natives) == 1:  # most rules
            if present[0] is None:
                return set()
            given = set(natives)
        else:
            given = {n for n, v in zip(natives, present, strict=True) if v is not None}
            if not given:
                return given
        ctx.rule, ctx.left = rule, set()
        assert rule.to_model is not None
        try:
            result = rule.to_model(ctx, *present)
        except InvalidValueError as exc:
            name = exc.field or next(n for n in rule.native if n in given)
            where = ctx.where(name)
            if exc.at and isinstance(where, JsonPath):
                where = JsonPath(where.source, where.path + exc.at)
            message = f"{exc}; kept as it was"
            ctx.problems.append(warning(rule.invalid, message, where, record.key))
            for name in given:  # written back as they came, while the model has no value
                ctx.kept.setdefault(name, rule.model)
            return set()
        if result is UNREAD:
            return set()
        if len(rule.model) == 1:
            merge_value(values, rule.model[0], result)
        else:
            merge_values(values, rule.model, result)
        return given - ctx.left if ctx.left else given

    def _native_value(self, record: Record, name: str, parts: dict[str, list[str]]) -> Any:
        if name in record.derived or name in record.unread:
            return None
        if name in parts:  # what the carriers left of a shared field
            rest = parts[name]
            return self.parts[name].join(rest) if rest else None
        return record.fields.get(name)

    def _native(
        self,
        record: Record,
        ctx: ReadContext,
        values: dict[str, Any],
        consumed: set[str],
        parts: dict[str, list[str]],
    ) -> dict[str, Native]:
        found: list[tuple[str, NativeField]] = []
        for name, value in record.fields.items():
            if name in record.unread:  # kept as written, whatever it reads as
                value = record.unread[name]
            elif name in parts:  # what the carriers left of a shared field
                value = self.parts[name].join(parts[name]) if parts[name] else None
            stands_for = ctx.kept.get(name)
            if stands_for is not None and value is not None:
                state = state_of(values.get, stands_for)
                found.append((name, NativeField(name, value, " ".join(stands_for), state)))
            elif name not in consumed and value is not None:
                found.append((name, NativeField(name, value)))
        # In the order they are written, so that a second reading keeps them alike.
        fields = [item for _, item in self._ranked(found)]
        work_type: WorkType = values["type"]
        native_type = None
        written = {self.types.fold(self.types.native_type(values.get, d)) for d in self.dialects}
        if self.types.fold(record.type) not in written:
            native_type = record.type  # a type the writers would not give it: kept
        native = Native(native_type, work_type.value if native_type else None, fields)
        return {self.format: native} if native else {}

    # -- writing -------------------------------------------------------------------------------

    def write(
        self, work: Work, *, state: Any = None, dialect: str = ""
    ) -> tuple[Record, list[Diagnostic]]:
        native = work.native.get(self.format, Native())
        record_type = self.types.native_type(lambda name: getattr(work, name), dialect)
        if (
            native.type is not None
            and native.type_read_as == work.type.value
            and (self.types.keeps_type is None or self.types.keeps_type(native.type, dialect))
        ):
            record_type = native.type  # @proceedings, @manual ...: written back as such
        ctx = WriteContext(work, record_type, state, dialect)
        record = Record(record_type, {}, work.key)
        fields = record.fields
        parts: dict[str, list[str]] = {}
        expressed: dict[str, set[str]] = {}  # model field -> the native fields that say it
        # Only the rules given a field the work has, in table order: most rules have none.
        users = self._users
        given = {
            name
            for name, value in zip(users, self._used_values(work), strict=False)
            if value is not None and not is_empty(value)
        }
        for index in sorted({index for name in given for index in users[name]}):
            rule, _, inputs = self._writing[index]
            if rule.when is not None and not rule.when(ctx):
                continue
            values = [getattr(work, name) for name in inputs]
            assert rule.from_model is not None
            result = rule.from_model(ctx, *values)
            if isinstance(rule, Carrier):
                if result is not None:
                    parts.setdefault(rule.native, []).append(rule.label + result)
                continue
            if not rule.native:
                continue  # a rule that only reports what the format cannot hold
            derived = given.isdisjoint(rule.model)
            results = result if len(rule.native) > 1 else _single(result)
            for name, value in zip(rule.native, results, strict=True):
                if value is not None and name not in fields:
                    fields[name] = value
                    for model in rule.model:
                        expressed.setdefault(model, set()).add(name)
                    if derived:
                        record.derived.add(name)
        self._put_back(work, native, fields, parts, expressed, ctx)
        record.fields = dict(self._ranked(fields.items()))
        self._report_foreign(work, ctx)
        return record, ctx.problems

    def _report_foreign(self, work: Work, ctx: WriteContext) -> None:
        """Fields another format's source had and the model does not hold (BibTeX's
        `organization` on the way to RIS): reported, unless this format carries them too."""
        if self.carries_native:
            return
        for fmt, other in work.native.items():
            names = [f.name for f in other.fields if f.stands_for is None]
            if fmt != self.format and names:
                ctx.warn(
                    "not-carried",
                    f"{self.format} has no place for what the {fmt} source said in "
                    f"{', '.join(dict.fromkeys(names))}; left out",
                )

    @functools.cached_property
    def carries_native(self) -> bool:
        """Whether the format keeps other formats' native data (CSL-JSON's custom.pubkit)."""
        return any("native" in rule.model for rule in self.rules if rule.from_model)

    def _put_back(
        self,
        work: Work,
        native: Native,
        fields: dict[str, Any],
        parts: dict[str, list[str]],
        expressed: dict[str, set[str]],
        ctx: WriteContext,
    ) -> None:
        """The source's own fields, into what the rules wrote: what no rule read, and the
        source's text for values the model holds in part."""
        for kept in native.fields:
            if kept.stands_for is not None:
                continue
            if kept.name in parts:  # a note's own text, before what the carriers add
                parts[kept.name][:0] = self.parts[kept.name].split(kept.value, ())
                continue
            if kept.name in fields and fields[kept.name] != kept.value:
                for names in expressed.values():  # the source's field says something else
                    names.discard(kept.name)
            fields[kept.name] = kept.value  # a field the source had replaces a derived one
        for name, added in parts.items():
            own = fields.get(name)
            fields[name] = self.parts[name].join([*self._own_parts(name, own), *added])
        for kept in native.fields:
            if kept.stands_for is None:
                continue
            models = tuple(kept.stands_for.split())
            if state_of(lambda name: getattr(work, name, None), models) != kept.read_as:
                continue  # the model's value changed since: what it says now is written
            if (
                kept.name in fields
                or self._written_here(kept.name, ctx)
                or not any(expressed.get(model) for model in models)
            ):
                # Not where another field says the same (biblatex's `date` for a BibTeX month).
                fields[kept.name] = kept.value

    def _written_here(self, name: str, ctx: WriteContext) -> bool:
        """Whether a rule may write the native field ``name`` in this output."""
        writing = self._writing
        return any(_may_write(writing[index][0], ctx) for index in self._writers.get(name, ()))

    def _own_parts(self, name: str, value: Any) -> list[str]:
        if value is None:
            return []
        return self.parts[name].split(value, ())

    # -- what the table says -------------------------------------------------------------------

    def covered(self, dialect: str = "") -> frozenset[str]:
        """The model fields this format writes (in ``dialect``)."""
        ctx_probe = WriteContext(Work(), self.types.write_default, None, dialect)
        names = {name for rule in self.rules if _may_write(rule, ctx_probe) for name in rule.model}
        return frozenset({"type", *self.handled, *names})

    def lossy(self, dialect: str = "") -> frozenset[str]:
        """What the format cannot carry back, as paths: ``work.<field>`` for fields no rule
        writes (``work.native``: other formats' own data), and the sub-paths rules name as
        carried only in part."""
        uncovered = {
            f"work.{f.name}"
            for f in attrs.fields(Work)
            if f.name not in self.covered(dialect) and f.name != "origin"
        }
        partial = {f"work.{path}" for rule in self.rules for path in rule.loses}
        if self.types.carried is not None:
            partial.add("work.type")
        other = {f"library.{name}" for name in ("profile", "native") if name not in self.library}
        return frozenset(uncovered | partial | other)

    def carried(self, work: Work, dialect: str = "") -> Work:
        """``work`` as this format carries it: fields it cannot write at their defaults, values
        it carries in part as it carries them; its own native data kept, other formats' not."""
        covered = self.covered(dialect)
        defaults = Work()
        changes: dict[str, Any] = {
            item.name: getattr(defaults, item.name)
            for item in attrs.fields(Work)
            if item.name not in covered and item.name not in ("origin", "native")
        }
        if self.types.carried is not None:
            changes["type"] = self.types.carried(work)
        for rule in self.rules:
            if rule.carried is not None:
                changes.update(rule.carried(work, dialect))
        if "native" not in covered:
            own = {self.format: work.native[self.format]} if self.format in work.native else {}
            changes["native"] = own
        return attrs.evolve(work, **changes)


def _filled(values: dict[str, Any], names: tuple[str, ...]) -> bool:
    """Whether every one of ``names`` has a value that no later rule adds to (not a tuple)."""
    for name in names:  # noqa: SIM110  (a loop, not all(): no generator made for each rule)
        if name not in values or isinstance(values[name], tuple):
            return False
    return True


def _may_write(rule: Rule | Carrier, ctx: WriteContext) -> bool:
    return rule.from_model is not None and (rule.when is None or rule.when(ctx))


def read_all(
    mapping: Table, items: Iterable[Record | Diagnostic]
) -> tuple[list[Work], list[Diagnostic]]:
    """The works of the records a syntax module found, and every problem: records read =
    works + errors."""
    works: list[Work] = []
    diagnostics: list[Diagnostic] = []
    for item in items:
        if isinstance(item, Diagnostic):
            diagnostics.append(item)
            continue
        work, problems = mapping.read(item)
        diagnostics.extend(problems)
        if work is not None:
            works.append(work)
    return works, diagnostics
