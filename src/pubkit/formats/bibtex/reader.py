"""Reading .bib files (BibTeX and BibLaTeX) into the model, through the BibTeX table.

Blocks come from ``syntax.py`` (bibtexparser), become records in ``records.py`` (macros,
crossref), and works through ``mapping.py``. Fields the table does not read are kept in
``Work.native["bibtex"]`` and written back as they came; so are the file's ``@preamble`` and
``@comment`` blocks, in ``Library.native["bibtex"]``.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Sequence
from typing import Any

import attrs

from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.formats.bibtex.mapping import MAPPING
from pubkit.formats.bibtex.records import Records, preamble_text, records
from pubkit.formats.bibtex.scan import scan
from pubkit.formats.bibtex.syntax import RawEntry, parse
from pubkit.formats.table import read_all
from pubkit.library import Library
from pubkit.markup.macros import Macro, definitions_in, expand, unknown_commands
from pubkit.model import Native, Text, Work
from pubkit.source import Source


def read_bibtex(source: Source, earlier: Sequence[Library] = ()) -> Library:
    """Read a .bib file; the ``@string`` macros of the .bib files read before it (``earlier``)
    are defined, as when bibtex reads ``\\bibliography{IEEEabrv,refs}``."""
    document = scan(source) or parse(source)  # the fast path, or the careful one
    found = records(document, source, macros_of(earlier))
    works, diagnostics = works_of(found, preamble_text(found.file_fields))
    definitions = any(f.name in ("string", "preamble") for f in found.file_fields)
    if not any(isinstance(b, RawEntry) for b in document.blocks) and not (
        document.problems or definitions  # a file of @string macros (IEEEabrv.bib) is one
    ):
        diagnostics.append(error("no-records", "no BibTeX entries found", source.line(1)))
    native = {MAPPING.format: Native(fields=found.file_fields)} if found.file_fields else {}
    return Library(works, None, diagnostics, native)


def works_of(found: Records, preambles: str) -> tuple[list[Work], list[Diagnostic]]:
    """The works of the records, with the commands ``preambles`` define expanded."""
    works, diagnostics = read_all(MAPPING, found.items)
    macros = definitions_in(preambles)
    return [_resolved(work, macros, diagnostics) for work in works], diagnostics


def macros_of(libraries: Sequence[Library]) -> dict[str, str]:
    """The @string macros the libraries' .bib files defined, the later definition winning."""
    macros: dict[str, str] = {}
    for library in libraries:
        native = library.native.get(MAPPING.format)
        for field in native.fields if native else ():
            if field.name == "string" and isinstance(field.value, dict):
                macros[str(field.value["name"])] = str(field.value["value"])
    return macros


@functools.cache
def _text_fields() -> tuple[str, ...]:
    """The model's fields that hold text: where commands stand."""
    hints = typing.get_type_hints(Work)
    return tuple(name for name, hint in hints.items() if Text in typing.get_args(hint))


def _resolved(work: Work, macros: dict[str, Macro], diagnostics: list[Diagnostic]) -> Work:
    """The work with the commands the file's ``@preamble`` defines expanded; others are kept
    as LaTeX and reported (a document's own macros, which only LaTeX will know)."""
    texts = {name: value for name in _text_fields() if (value := getattr(work, name)) is not None}
    changed = {name: expand(text, macros) for name, text in texts.items()}
    for name in unknown_commands(changed.values()):
        diagnostics.append(
            warning(
                "unknown-command",
                f"{name} is not defined in the file: kept as LaTeX",
                work.origin,
                key=work.key,
            )
        )
    updates: dict[str, Any] = {k: v for k, v in changed.items() if v != texts[k]}
    return attrs.evolve(work, **updates) if updates else work
