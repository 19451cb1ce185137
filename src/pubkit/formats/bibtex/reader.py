"""Reading .bib files (BibTeX and BibLaTeX) into the model, through the BibTeX table.

Blocks come from ``syntax.py`` (bibtexparser), become records in ``records.py`` (macros,
crossref), and works through ``mapping.py``. Fields the table does not read are kept in
``Work.native["bibtex"]`` and written back as they came; so are the file's ``@preamble`` and
``@comment`` blocks, in ``Library.native["bibtex"]``.
"""

from __future__ import annotations

from pubkit.diagnostics import error
from pubkit.formats.bibtex.mapping import MAPPING
from pubkit.formats.bibtex.records import records
from pubkit.formats.bibtex.syntax import RawEntry, parse
from pubkit.formats.table import read_all
from pubkit.library import Library
from pubkit.model import Native
from pubkit.source import Source


def read_bibtex(source: Source) -> Library:
    document = parse(source)
    found = records(document, source)
    works, diagnostics = read_all(MAPPING, found.items)
    if not any(isinstance(b, RawEntry) for b in document.blocks) and not document.problems:
        diagnostics.append(error("no-records", "no BibTeX entries found", source.line(1)))
    native = {MAPPING.format: Native(fields=found.file_fields)} if found.file_fields else {}
    return Library(works, None, diagnostics, native)
