"""Reading and writing RIS: the syntax module's records through the RIS table."""

from __future__ import annotations

from pubkit.diagnostics import error
from pubkit.formats.base import Written
from pubkit.formats.ris.mapping import MAPPING
from pubkit.formats.ris.options import Options
from pubkit.formats.ris.syntax import read_records, write_records
from pubkit.formats.table import read_all
from pubkit.library import Library
from pubkit.source import Source


def read_ris(source: Source) -> Library:
    works, diagnostics = read_all(MAPPING, read_records(source))
    if not works and not diagnostics:
        no_records = "no RIS records found (a record starts with 'TY  - ')"
        return Library(diagnostics=[error("no-records", no_records, source.line(1))])
    return Library(works, None, diagnostics)


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
