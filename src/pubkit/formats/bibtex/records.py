"""From BibTeX blocks to records: values evaluated with the file's macros, crossref resolved.

An entry with a value BibTeX stops at (a missing comma between two fields) is read as BibTeX
reads it: the fields up to that point, the rest of the entry skipped, with a warning. A macro no
``@string`` defines is what BibTeX makes of it, a warning: the entry is read without the
field, which is kept as written (``{"bibtex": "IEEE_J_PAMI"}``) for the writer to write back.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from pubkit.diagnostics import Diagnostic, warning
from pubkit.formats.bibtex.syntax import Document, RawBlock, RawEntry
from pubkit.formats.bibtex.types import genre_of_entry
from pubkit.formats.bibtex.values import VERBATIM, evaluate
from pubkit.formats.rules import Locations, Record
from pubkit.model import NativeField
from pubkit.source import Source


@attrs.define
class Records:
    """What a .bib file holds: its entries as records (or the problem of each that cannot be
    one), and its ``@preamble`` and ``@comment`` blocks, in order."""

    items: list[Record | Diagnostic] = attrs.field(factory=list)
    file_fields: list[NativeField] = attrs.field(factory=list)
    macro_characters: int = 0  # what the file's @string macros hold, together


# What a file's @string macros may hold together: a chain of macros that each add to the one
# before (`s2 = s1 # "y"`) grows as the square of its length, to gigabytes in a 1.5 MB file.
MACRO_BUDGET = 20_000_000


def records(
    document: Document,
    source: Source,
    defined: dict[str, str] | None = None,
    macro_characters: int = 0,
) -> Records:
    """The file's records; ``defined``: macros defined before it (by earlier files, or, for a
    part of a file, by the blocks before that part), which hold ``macro_characters``."""
    found = Records(list(document.problems), macro_characters=macro_characters)
    macros: dict[str, str] = dict(defined or {})
    entries: list[Record] = []
    for block in document.blocks:
        if isinstance(block, RawBlock):
            _block(block, macros, source, found)
            continue
        record = _record(block, macros, source, found.items)
        if record is not None:
            entries.append(record)
            found.items.append(record)
    by_key: dict[str, Record] = {}
    for record in entries:  # crossref keys are compared without case, as BibTeX does
        if record.key:
            by_key.setdefault(record.key.lower(), record)
    for record in entries:
        found.items.extend(_inherit(record, by_key))
    found.items.sort(key=_line)
    return found


@attrs.frozen
class Definitions:
    """What the blocks before a point of the file define: @string macros and their size."""

    macros: dict[str, str]
    macro_characters: int


def definitions_at(
    document: Document, source: Source, defined: dict[str, str], points: list[int]
) -> tuple[list[Definitions], list[NativeField]]:
    """The definitions in effect before each block index of ``points``, and the file's own
    fields (@preamble, @comment, @string): what a part of the file needs from the rest."""
    found = Records()
    macros = dict(defined)
    states = []
    pending = sorted(points)
    for index, block in enumerate(document.blocks):
        while pending and pending[0] == index:
            states.append(Definitions(dict(macros), found.macro_characters))
            pending.pop(0)
        if isinstance(block, RawBlock):
            _block(block, macros, source, found)
    states.extend(Definitions(dict(macros), found.macro_characters) for _ in pending)
    return states, found.file_fields


def preamble_text(file_fields: list[NativeField]) -> str:
    return " ".join(str(f.value) for f in file_fields if f.name == "preamble")


def _line(item: Record | Diagnostic) -> int:
    where = item.where
    return getattr(where, "line", 0) or 0


def _block(block: RawBlock, macros: dict[str, str], source: Source, found: Records) -> None:
    if block.kind == "comment":
        found.file_fields.append(NativeField("comment", block.value))
        return
    value, problems = evaluate(block.value, macros, block.offset, source)
    found.items.extend(problems)
    if block.kind == "string":
        spent = found.macro_characters
        found.macro_characters += len(value.text)
        if found.macro_characters > MACRO_BUDGET:
            if spent <= MACRO_BUDGET:  # one warning, at the first macro over the budget
                message = (
                    f"the file's @string macros hold more than {MACRO_BUDGET:,} characters; "
                    f"{block.name} and the macros after it are read as empty"
                )
                found.items.append(warning("value-too-long", message, source.span(block.offset)))
            value = attrs.evolve(value, text="")
        macros[block.name.lower()] = value.text
        # Kept with the file, for the files read after it (not written back: values are
        # written expanded).
        found.file_fields.append(
            NativeField("string", {"name": block.name.lower(), "value": value.text})
        )
    else:
        found.file_fields.append(NativeField("preamble", value.text))


def _record(
    entry: RawEntry, macros: dict[str, str], source: Source, problems: list[Record | Diagnostic]
) -> Record | None:
    spans = Locations(source.span)  # from offsets, when a problem asks
    record = Record(entry.type, key=entry.key, where=source.span(entry.offset), field_where=spans)
    for index, item in enumerate(entry.fields):
        value, found = evaluate(item.value, macros, item.offset, source)
        spans.at(item.name, item.offset)
        record.fields[item.name] = value.text
        if value.unresolved:
            record.unread[item.name] = {VERBATIM: item.value.strip()}
        if not found:  # most values
            continue
        broken = [p for p in found if p.is_error]
        problems.extend(attrs.evolve(p, key=entry.key or None) for p in found if not p.is_error)
        if broken:
            # `title = {T}` then `year = ...` with no comma between: BibTeX keeps the value
            # read so far and skips whatever remains of the entry, which it keeps.
            skipped = [later.name for later in entry.fields[index + 1 :]]
            message = f"{broken[0].message}; the rest of the entry is skipped, as BibTeX does"
            if skipped:
                message += f" (fields not read: {', '.join(skipped)})"
            problems.append(warning(broken[0].code, message, broken[0].where, entry.key or None))
            break
    if "type" not in record.fields and (genre := genre_of_entry(entry.type)) is not None:
        record.fields["type"] = genre  # `@mastersthesis` says what a `type` field would
    if not entry.key:
        # BibTeX keeps it (Mendeley and EndNote export entries so): read, and given a key.
        message = "the entry has no citation key; it is given one"
        problems.append(warning("missing-key", message, record.where))
        record.key = None
    return record


def _inherit(record: Record, entries: dict[str, Record]) -> Iterator[Diagnostic]:
    """BibTeX's crossref: fields the entry lacks come from the entry it refers to (a
    proceedings' title becomes the paper's booktitle). They are copied into the entry."""
    parent_key = record.fields.get("crossref", "").strip()
    if not parent_key:
        return
    parent = entries.get(parent_key.lower())
    if parent is None or parent is record:
        where = record.field_where.get("crossref", record.where)
        yield warning("unknown-crossref", f"no other entry has the key {parent_key!r}", where,
                      record.key)  # fmt: skip
        return
    for name, value in list(parent.fields.items()):
        target = "booktitle" if name == "title" else name
        if name != "crossref" and target not in record.fields:
            record.fields[target] = value
            if name in parent.field_where:
                record.field_where.setdefault(target, parent.field_where[name])
    # The fields are the entry's own now: writing `crossref` back would make BibTeX copy them
    # a second time, and a later reading inherit what the entry already has.
    del record.fields["crossref"]
