"""Reading and writing RIS: the syntax module's records through the RIS table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pubkit.diagnostics import Diagnostic, error
from pubkit.formats.base import Written
from pubkit.formats.ris.mapping import MAPPING
from pubkit.formats.ris.options import Options
from pubkit.formats.ris.syntax import read_records, write_records
from pubkit.formats.rules import Record
from pubkit.formats.table import read_all
from pubkit.library import Library
from pubkit.model import Work
from pubkit.source import Source


def read_ris(source: Source) -> Library:
    works, diagnostics = read_works(source)
    if not works and not diagnostics:
        no_records = "no RIS records found (a record starts with 'TY  - ')"
        return Library(diagnostics=[error("no-records", no_records, source.line(1))])
    return Library(works, None, diagnostics)


def read_works(source: Source) -> tuple[list[Work], list[Diagnostic]]:
    """The works of a RIS text and what reading them found: of a whole file, or of a part of
    one that starts with a ``TY  -`` line at the start of a line after an ``ER  -`` line (the
    reader starts afresh there, whatever it read before)."""
    return read_all(MAPPING, _proceedings_once(read_records(source)))


def _proceedings_once(
    records: Iterable[Record | Diagnostic],
) -> Iterator[Record | Diagnostic]:
    """A conference paper's ``C3`` that repeats its ``T2`` (pubkit writes the proceedings in
    both, for Zotero) is derived, not a second value to keep."""
    for record in records:
        if isinstance(record, Record):
            proceedings = record.fields.get("C3")
            if proceedings is not None and proceedings == record.fields.get("T2"):
                record.derived.add("C3")
        yield record


def write_ris(library: Library, options: Options) -> Written:
    records, problems = [], []
    for work in library.works:
        record, found = MAPPING.write(work)
        records.append(record)
        problems.extend(found)
    text = write_records(records)
    if options.line_ending == "crlf":
        text = text.replace("\n", "\r\n")
    return Written(("\ufeff" if options.bom else "") + text, tuple(problems))
