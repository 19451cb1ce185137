"""A large .bib file converted on every core, with the output of one process, byte for byte.

The file splits at entry boundaries into parts; a worker process reads and writes each part,
and the pieces join in the order of the file. What an entry needs from the rest of the file
goes with its part: the @string macros defined before it (BibTeX knows a macro only after its
definition) and the definitions of every @preamble. Anything else that ties entries together
keeps the file in one process: a ``crossref``, a key used twice (the later one is renamed), a
file the fast path does not read. So does an output whose pieces do not simply join: BibTeX's
own ``@preamble`` depends on every entry, so .bib output is written in one process.

``convert`` returns None whenever it does not take the file; the caller converts it the usual
way. ``tests/test_parallel.py`` compares both ways over the real-world corpus.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import attrs

from pubkit.bulk import collector_paused
from pubkit.diagnostics import Diagnostic
from pubkit.formats.bibtex.reader import works_of
from pubkit.formats.bibtex.records import Definitions, definitions_at, records
from pubkit.formats.bibtex.scan import scan
from pubkit.formats.bibtex.syntax import Document, RawEntry
from pubkit.library import Library
from pubkit.source import Source

# Below this many entries, starting worker processes costs more than it saves.
MIN_ENTRIES = 2_000


@attrs.frozen
class Converted:
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


def default_jobs() -> int:
    return os.cpu_count() or 1


def convert(
    source: Source,
    target: str,
    options: dict[str, Any],
    jobs: int,
    min_entries: int = MIN_ENTRIES,
) -> Converted | None:
    """``source`` (a .bib file) in ``target``, converted in ``jobs`` processes; None when the
    file or the target does not split (see the module's docstring)."""
    join = _JOINS.get(target)
    if jobs < 2 or join is None:
        return None
    document = scan(source)
    if document is None or not _independent(document, min_entries):
        return None
    starts = _part_starts(document, source, jobs)
    if starts is None:
        return None
    definitions, preambles = definitions_at(document, source, {}, starts)
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
    with ProcessPoolExecutor(max_workers=min(jobs, len(parts))) as pool:
        pieces = list(pool.map(_convert_part, parts))
    text = join([piece.text for piece in pieces if piece.works])
    if text is None:
        return None
    read = sorted((d for piece in pieces for d in piece.read), key=lambda d: d.line or 0)
    written = tuple(d for piece in pieces for d in piece.written)
    return Converted(text, tuple(read), written, sum(piece.works for piece in pieces))


def _independent(document: Document, min_entries: int) -> bool:
    entries = [block for block in document.blocks if isinstance(block, RawEntry)]
    if len(entries) < min_entries:
        return False
    keys = {entry.key.casefold() for entry in entries}
    return len(keys) == len(entries) and "" not in keys  # a key used twice is renamed: later


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

    def may_start(index: int) -> bool:
        offset = document.blocks[index].offset
        alone = not text[text.rfind("\n", 0, offset) + 1 : offset].strip()
        return isinstance(document.blocks[index], RawEntry) and inside[index] == 0 and alone

    entries = [i for i, block in enumerate(document.blocks) if isinstance(block, RawEntry)]
    size = -(-len(entries) // jobs)
    starts = [0]
    for ideal in (entries[i] for i in range(size, len(entries), size)):
        # The nearest block to the ideal start where a part may start.
        candidates = range(starts[-1] + 1, len(document.blocks))
        allowed = [i for i in candidates if may_start(i)]
        if allowed:
            starts.append(min(allowed, key=lambda i: abs(i - ideal)))
    return starts if len(starts) > 1 else None


def _convert_part(part: _Part) -> Converted:
    from pubkit import api  # here: the worker's own import

    with collector_paused():
        found = records(
            part.document,
            part.source,
            part.definitions.macros,
            part.definitions.macro_characters,
        )
        works, diagnostics = works_of(found, part.preambles)
    library = Library(works, None, diagnostics)
    written = api.write(library, part.target, **part.options)
    read = sorted(library.diagnostics, key=lambda d: d.line or 0)
    return Converted(written.text, tuple(read), written.diagnostics, len(works))


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
