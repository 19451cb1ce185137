"""A large .bib file converted on every core, with the output of one process, byte for byte.

The file splits at entry boundaries into parts; a worker process reads and writes each part,
and the pieces join in the order of the file. What an entry needs from the rest of the file
goes with its part: the @string macros defined before it (BibTeX knows a macro only after its
definition) and the definitions of every @preamble. Anything else that ties entries together
keeps the file in one process: a ``crossref`` no split keeps beside its parent, a key used
twice (the later one is renamed), a file the fast path does not read. CSL-JSON and RIS pieces
join as text; .bib pieces are entries, and the file around them (its ``@preamble`` provides the
commands every part used) is written once they are all in.

``convert`` returns None whenever it does not take the file; the caller converts it the usual
way. ``tests/test_parallel.py`` compares both ways over the real-world corpus.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from pubkit.bulk import collector_paused
from pubkit.diagnostics import Diagnostic
from pubkit.formats.bibtex.reader import works_of
from pubkit.formats.bibtex.records import Definitions, definitions_at, preamble_text, records
from pubkit.formats.bibtex.scan import scan
from pubkit.formats.bibtex.syntax import Document, RawEntry
from pubkit.formats.bibtex.writer import Entries, bad_key, file_of, write_entries
from pubkit.library import Library
from pubkit.source import Source

# Below this many entries, starting worker processes costs more than it saves.
MIN_ENTRIES = 2_000


@attrs.frozen
class Converted:
    """A file converted in parts: what one process would have written and reported."""

    text: str
    read: tuple[Diagnostic, ...]  # what reading found, in the order of the file
    written: tuple[Diagnostic, ...]  # what writing found
    works: int


@attrs.frozen
class _Part:
    source: Source
    document: Document
    definitions: Definitions
    preambles: str
    target: str
    options: dict[str, Any]


@attrs.frozen
class _Piece:
    """What a worker made of its part: text (CSL-JSON, RIS) or entries (.bib)."""

    output: str | Entries
    read: tuple[Diagnostic, ...]
    written: tuple[Diagnostic, ...]
    works: int


_BIB = ("bibtex", "biblatex")


def convert(
    source: Source,
    target: str,
    options: dict[str, Any],
    jobs: int,
    min_entries: int = MIN_ENTRIES,
) -> Converted | None:
    """``source`` (a .bib file) in ``target``, converted in ``jobs`` processes; None when the
    file or the target does not split (see the module's docstring)."""
    if jobs < 2 or (target not in _JOINS and target not in _BIB):
        return None
    document = scan(source)
    if document is None or not _independent(document, min_entries, target):
        return None
    starts = _part_starts(document, source, jobs)
    if starts is None:
        return None
    definitions, file_fields = definitions_at(document, source, {}, starts)
    preambles = preamble_text(file_fields)
    # The file's own problems (a field given twice) go with the part of their line.
    lines = [source.span(document.blocks[start].offset).line for start in starts]
    problems: list[list[Diagnostic]] = [[] for _ in starts]
    for problem in document.problems:
        problems[max(0, bisect.bisect_right(lines, problem.line or 0) - 1)].append(problem)
    parts = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(document.blocks)
        part = Document(document.blocks[start:end], tuple(problems[number]))
        parts.append(_Part(source, part, definitions[number], preambles, target, options))
    from concurrent.futures import ProcessPoolExecutor  # here: only a split file needs it

    with ProcessPoolExecutor(max_workers=min(jobs, len(parts))) as pool:
        pieces = list(pool.map(_convert_part, parts))
    written = tuple(d for piece in pieces for d in piece.written)
    if target in _BIB:
        entries = [piece.output for piece in pieces if isinstance(piece.output, Entries)]
        bib = file_of(entries, file_fields, _options(target, options), target)
        text: str | None = bib.text
        written = (*written, *bib.diagnostics)
    else:
        text = _JOINS[target]([p.output for p in pieces if p.works and isinstance(p.output, str)])
    if text is None:
        return None
    read = sorted((d for piece in pieces for d in piece.read), key=lambda d: d.line or 0)
    return Converted(text, tuple(read), written, sum(piece.works for piece in pieces))


def _options(target: str, options: dict[str, Any]) -> Any:
    from pubkit import api
    from pubkit.registry import default_registry

    return api.writer_options(default_registry().get(target), options)


def _independent(document: Document, min_entries: int, target: str) -> bool:
    entries = [block for block in document.blocks if isinstance(block, RawEntry)]
    if len(entries) < min_entries:
        return False
    keys = {entry.key.casefold() for entry in entries}
    if len(keys) < len(entries) or "" in keys:
        return False  # a key used twice is renamed in the later entry: that needs them all
    # A key BibTeX cannot take is replaced by a generated one: that needs them all too.
    return target not in _BIB or not any(bad_key(entry.key, target) for entry in entries)


def _crossref_spans(document: Document) -> list[tuple[int, int]] | None:
    """The block indices of each entry with a ``crossref`` and of its parent; None when a
    crossref is not a plain key (a macro, a concatenation)."""
    index_of = {
        block.key.casefold(): i
        for i, block in enumerate(document.blocks)
        if isinstance(block, RawEntry)
    }
    spans = []
    for i, block in enumerate(document.blocks):
        if not isinstance(block, RawEntry):
            continue
        for field in block.fields:
            if field.name != "crossref":
                continue
            value = field.value
            if value[:1] not in ('"', "{") or value[-1:] not in ('"', "}") or "#" in value:
                return None
            parent = index_of.get(value[1:-1].strip().casefold())
            if parent is not None:
                spans.append((min(i, parent), max(i, parent)))
    return spans


def _part_starts(document: Document, source: Source, jobs: int) -> list[int] | None:
    """Block indices where parts start, about as many entries in each. A part never starts
    between an entry and the parent its crossref names, nor after other text on its line (the
    problems of two parts could share a line). None when the file does not split."""
    spans = _crossref_spans(document)
    if spans is None:
        return None
    inside = [0] * (len(document.blocks) + 1)  # how many crossref spans cover a block
    for low, high in spans:
        inside[low + 1] += 1
        inside[high + 1] -= 1
    for index in range(1, len(inside)):
        inside[index] += inside[index - 1]
    text = source.text

    def may_start(index: int) -> bool:  # an entry's index
        offset = document.blocks[index].offset
        alone = not text[text.rfind("\n", 0, offset) + 1 : offset].strip()
        return inside[index] == 0 and alone

    entries = [i for i, block in enumerate(document.blocks) if isinstance(block, RawEntry)]
    allowed = [i for i in entries if may_start(i)]
    size = -(-len(entries) // jobs)
    starts = [0]
    for ideal in (entries[i] for i in range(size, len(entries), size)):
        # The allowed start nearest to the ideal one, after the part before.
        later = allowed[bisect.bisect_right(allowed, starts[-1]) :]
        if later:
            starts.append(min(later, key=lambda i: abs(i - ideal)))
    return starts if len(starts) > 1 else None


def _convert_part(part: _Part) -> _Piece:
    from pubkit import api  # here: the worker's own import

    with collector_paused():
        found = records(
            part.document,
            part.source,
            part.definitions.macros,
            part.definitions.macro_characters,
        )
        works, diagnostics = works_of(found, part.preambles)
        read = tuple(diagnostics)  # sorted with the other parts' by `convert`
        if part.target in _BIB:
            options = _options(part.target, part.options)
            entries = write_entries(works, options, part.target)
            return _Piece(entries, read, (), len(works))
    written = api.write(Library(works), part.target, **part.options)
    return _Piece(written.text, read, written.diagnostics, len(works))


def _join_csl_json(pieces: Sequence[str]) -> str | None:
    """``[\\n  {...}\\n]\\n`` pieces (or compact ``[{...}]\\n`` ones) as one array."""
    if not pieces:
        return None
    indented = pieces[0].startswith("[\n")
    opening, closing, comma = ("[\n", "\n]\n", ",\n") if indented else ("[", "]\n", ",")
    if not all(p.startswith(opening) and p.endswith(closing) for p in pieces):
        return None  # a flat array (a few short items): not worth splitting
    inner = [piece[len(opening) : -len(closing)] for piece in pieces]
    if indented and not all(i.startswith("  {\n") for i in inner):
        return None
    return opening + comma.join(inner) + closing


def _join_ris(pieces: Sequence[str]) -> str | None:
    """Records end with ``ER  -`` and a line end; one blank line between them; a byte-order
    mark only at the start."""
    if not pieces:
        return None
    line_end = "\r\n" if pieces[0].endswith("\r\n") else "\n"
    rest = [piece.removeprefix("\ufeff") for piece in pieces[1:]]
    if not all(p.endswith("ER  - " + line_end) for p in [pieces[0], *rest]):
        return None
    return line_end.join([pieces[0], *rest])


_JOINS: dict[str, Callable[[Sequence[str]], str | None]] = {
    "csl-json": _join_csl_json,
    "ris": _join_ris,
}
