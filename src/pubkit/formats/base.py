"""What a format plugs into pubkit: its names, how to detect it, how to read and write it.

A Format names its reader, writer and mapping table as ``"module:attribute"`` strings (or gives
the objects themselves): they are imported on first use, so that ``import pubkit`` and the
command line's start load no parser.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from pubkit.bulk import collector_paused
from pubkit.diagnostics import Diagnostic

if TYPE_CHECKING:
    from pubkit.formats.table import Table
    from pubkit.library import Library
    from pubkit.source import Source


@attrs.frozen
class Written:
    """A writer's output: the text, and what it could not express (as diagnostics)."""

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()


Reader = Callable[["Source"], "Library"]
Writer = Callable[["Library", Any], Written]


def _load(target: str | Any) -> Any:
    if not isinstance(target, str):
        return target
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


@attrs.frozen
class Format:
    """A format: ``name`` for ``--from``/``--to``, file ``suffixes``, its reader and writer, the
    attrs class of the writer's ``options``, and its mapping table (what it carries).

    ``sniff`` tells from a file's text whether it is this format (for suffixes that several
    formats share, such as ``.json``); it must be cheap and import nothing heavy.
    ``dialect`` selects the variant of a shared mapping (BibTeX and BibLaTeX share one).
    """

    name: str
    description: str
    suffixes: tuple[str, ...] = ()
    reader: str | Reader | None = None
    writer: str | Writer | None = None
    mapping: str | Table | None = None
    options: type[Any] | None = None
    sniff: Callable[[str], bool] | None = None
    dialect: str = ""
    # Whether the reader takes the libraries read before from the same command (BibTeX: their
    # @string macros, as bibtex reads several .bib files in order).
    reads_earlier: bool = False
    # Whether what it writes is cited (a .bib file, CSL-JSON, RIS): a work there no reader can
    # look up is reported. pubkit JSON keeps data, whatever it lacks.
    cited: bool = True

    @property
    def reads(self) -> bool:
        return self.reader is not None

    @property
    def writes(self) -> bool:
        return self.writer is not None

    def read(self, source: Source, earlier: Sequence[Library] = ()) -> Library:
        """Read ``source``; ``earlier``: the inputs read before it, in order."""
        with collector_paused():
            if self.reads_earlier:
                read_after: Callable[[Source, Sequence[Library]], Library] = _load(self.reader)
                return read_after(source, earlier)
            reader: Reader = _load(self.reader)
            return reader(source)

    def write(self, library: Library, options: Any) -> Written:
        writer: Writer = _load(self.writer)
        with collector_paused():
            return writer(library, options)

    def table(self) -> Table | None:
        """The mapping table, or None for a format that has none (a listing, pubkit JSON)."""
        return _load(self.mapping) if self.mapping is not None else None

    @property
    def lossy(self) -> frozenset[str]:
        """What the format cannot carry back, as ``work.<path>`` and ``library.<field>``."""
        table = self.table()
        return table.lossy(self.dialect) if table is not None else frozenset()
