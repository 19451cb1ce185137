"""A large .bib file converted in parts, in little memory and on every core (or as Dask tasks),
with the output of one process, byte for byte.

The file splits at entry boundaries into parts of at most ``PART_ENTRIES`` entries, planned
from an outline that is scanned a few thousand blocks at a time; a worker process (or this
one, one part after another) scans, reads and writes each part, and the pieces join in the
order of the file. What an entry needs from the rest of the file
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
import codecs
import collections
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs

from pubkit.bulk import collector_paused
from pubkit.diagnostics import Diagnostic
from pubkit.formats.bibtex.reader import works_of
from pubkit.formats.bibtex.records import Definitions, definitions_at, preamble_text, records
from pubkit.formats.bibtex.scan import scan
from pubkit.formats.bibtex.syntax import Document, RawBlock, RawEntry
from pubkit.formats.bibtex.writer import Entries, bad_key, file_of, write_entries
from pubkit.library import Library
from pubkit.locators import missing_locators
from pubkit.source import Source

Chunk = bytes | memoryview  # of UTF-8 text

# Below this many entries, starting worker processes costs more than it saves.
MIN_ENTRIES = 2_000
# Entries in a part at most: memory holds the works of a few parts, not of the whole file.
PART_ENTRIES = 1_000
# Blocks scanned at a time to plan the split: the file's blocks are never all held at once.
OUTLINE_BLOCKS = 5_000
_LINE_AT = re.compile(r"(?m)^[ \t]*@")


@attrs.frozen
class Converted:
    """A file converted in parts: what one process would have written and reported. The
    text is kept as the UTF-8 of its parts: joined into one string it would take up to four
    bytes a character, twice over."""

    chunks: tuple[Chunk, ...]
    read: tuple[Diagnostic, ...]  # what reading found, in the order of the file
    written: tuple[Diagnostic, ...]  # what writing found
    works: int

    @property
    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8")


@attrs.frozen
class _Part:
    source: Source  # the part's text, with the positions it has in the file
    definitions: Definitions
    preambles: str
    target: str
    options: dict[str, Any]


@attrs.frozen
class _Piece:
    """What a worker made of its part: UTF-8 text (CSL-JSON, RIS) or entries (.bib)."""

    output: bytes | Entries
    read: tuple[Diagnostic, ...]
    written: tuple[Diagnostic, ...]
    works: int
    entries: int  # in the part, for progress


_BIB = ("bibtex", "biblatex")


def convert(
    source: Source,
    target: str,
    options: dict[str, Any],
    jobs: int,
    min_entries: int = MIN_ENTRIES,
    progress: Callable[[int, int], None] | None = None,
    dask: object | None = None,
) -> Converted | None:
    """``source`` (a .bib file) in ``target``, converted part by part in ``jobs`` processes
    (1: in this one); None when the file or the target does not split (see the module's
    docstring). ``progress(done, total)`` is told the entries converted after each part.

    ``dask``: convert the parts as Dask tasks instead, with this scheduler: ``"threads"``,
    ``"processes"``, ``"synchronous"``, or a ``distributed.Client`` (a cluster); ``jobs``
    then only sizes the parts (at least that many)."""
    if target not in _JOINS and target not in _BIB:
        return None
    outline = _outline(source)
    if outline is None or not _independent(outline, min_entries, target):
        return None
    entries = sum(isinstance(block, RawEntry) for block in outline.blocks)
    starts = _part_starts(outline, source, max(jobs, -(-entries // PART_ENTRIES)))
    if starts is None:
        return None
    definitions, file_fields = definitions_at(outline, source, {}, starts)
    preambles = preamble_text(file_fields)
    text = source.text
    cuts = [text.rfind("\n", 0, outline.blocks[start].offset) + 1 for start in starts[1:]]
    del outline
    bounds = zip([0, *cuts], [*cuts, len(text)], strict=True)
    pieces: list[_Piece] = []
    done = 0
    # Each part's text is cut when the part is sent: a worker is sent its text alone, and
    # scans it itself (the whole file's text and blocks would be pickled for every part).
    tasks = (
        _Part(source.part(begin, end), definitions[number], preambles, target, options)
        for number, (begin, end) in enumerate(bounds)
    )
    for piece in _in_order(tasks, jobs) if dask is None else _on_dask(tasks, dask):
        if piece is None:
            return None
        pieces.append(piece)
        if progress is not None:
            done += piece.entries
            progress(done, entries)
    # What the writers found, then the works no reader can look up, as in one process.
    found = [d for piece in pieces for d in piece.written]
    written = tuple(d for d in found if d.code != "no-locator")
    unfindable = tuple(d for d in found if d.code == "no-locator")
    if target in _BIB:
        written_entries = [piece.output for piece in pieces if isinstance(piece.output, Entries)]
        bib = file_of(written_entries, file_fields, _options(target, options), target)
        chunks: tuple[Chunk, ...] | None = (bib.text.encode("utf-8", errors="replace"),)
        written = (*written, *bib.diagnostics)
    else:
        outputs = [p.output for p in pieces if p.works and isinstance(p.output, bytes)]
        chunks = _JOINS[target](outputs)
    if chunks is None:
        return None
    read = sorted((d for piece in pieces for d in piece.read), key=lambda d: d.line or 0)
    works = sum(piece.works for piece in pieces)
    return Converted(chunks, tuple(read), (*written, *unfindable), works)


def _outline(source: Source) -> Document | None:
    """The file's blocks for planning the split, in little memory: the file is scanned in
    pieces that start where a line starts with ``@`` (the fast path reads no block across
    one), and of each entry only its key, its offset and its ``crossref`` are kept; the
    ``@string``, ``@preamble`` and ``@comment`` blocks are kept whole. None when a piece does
    not take the fast path (then neither would the whole file)."""
    text = source.text
    heads = [match.start() for match in _LINE_AT.finditer(text)]
    cuts = heads[OUTLINE_BLOCKS::OUTLINE_BLOCKS]
    blocks: list[RawEntry | RawBlock] = []
    for begin, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        piece = scan(source.part(begin, end))
        if piece is None:
            return None
        for block in piece.blocks:
            if isinstance(block, RawEntry):
                crossref = tuple(f for f in block.fields if f.name == "crossref")
                block = RawEntry(block.type, block.key, crossref, block.offset + begin)
            else:
                block = attrs.evolve(block, offset=block.offset + begin)
            blocks.append(block)
    return Document(tuple(blocks), ())


def _in_order(parts: Iterable[_Part], jobs: int) -> Iterator[_Piece | None]:
    """The parts converted, in order, with at most a few parts at a time in flight: memory
    holds what is being converted, not the whole file's works."""
    if jobs < 2:
        yield from map(_convert_part, parts)
        return
    from concurrent.futures import Future, ProcessPoolExecutor  # only a split file needs it

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: collections.deque[Future[_Piece | None]] = collections.deque()
        for part in parts:
            pending.append(pool.submit(_convert_part, part))
            if len(pending) > 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


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


def _part_starts(document: Document, source: Source, count: int) -> list[int] | None:
    """Block indices where ``count`` parts start, about as many entries in each. A part never starts
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
    size = -(-len(entries) // count)
    starts = [0]
    for ideal in (entries[i] for i in range(size, len(entries), size)):
        # The allowed start nearest to the ideal one, after the part before.
        later = allowed[bisect.bisect_right(allowed, starts[-1]) :]
        if later:
            starts.append(min(later, key=lambda i: abs(i - ideal)))
    return starts if len(starts) > 1 else None


def _on_dask(parts: Iterable[_Part], scheduler: object) -> list[_Piece | None]:
    """The parts converted as Dask tasks, in order: each part is a task of its own (its text
    and the definitions it needs travel with it), and Dask's scheduler runs them where it
    will, on this machine or a cluster."""
    # Here: an optional dependency (pip install 'pubkit[dask]'); dask is not typed.
    from dask.base import compute
    from dask.delayed import delayed

    tasks = [delayed(_convert_part, pure=True)(part) for part in parts]
    pieces: tuple[_Piece | None, ...] = compute(*tasks, scheduler=scheduler)  # type: ignore[no-untyped-call]
    return list(pieces)


def _convert_part(part: _Part) -> _Piece | None:
    """None when a part's text does not take the fast path (the whole file did: a part of it
    should too; if not, the file is converted the usual way)."""
    from pubkit import api  # here: the worker's own import

    document = scan(part.source)
    if document is None:
        return None
    entries = sum(isinstance(block, RawEntry) for block in document.blocks)
    with collector_paused():
        found = records(
            document,
            part.source,
            part.definitions.macros,
            part.definitions.macro_characters,
        )
        works, diagnostics = works_of(found, part.preambles)
        read = tuple(diagnostics)  # sorted with the other parts' by `convert`
        if part.target in _BIB:
            options = _options(part.target, part.options)
            entries_written = write_entries(works, options, part.target)
            return _Piece(
                entries_written, read, tuple(missing_locators(works)), len(works), entries
            )
    written = api.write(Library(works), part.target, **part.options)
    return _Piece(
        written.text.encode("utf-8", errors="replace"),
        read,
        written.diagnostics,
        len(works),
        entries,
    )


def _join_csl_json(pieces: Sequence[bytes]) -> tuple[Chunk, ...] | None:
    """``[\n  {...}\n]\n`` pieces (or compact ``[{...}]\n`` ones) as one array; the
    chunks are views of the pieces, not copies."""
    if not pieces:
        return None
    indented = pieces[0].startswith(b"[\n")
    opening, closing, comma = (b"[\n", b"\n]\n", b",\n") if indented else (b"[", b"]\n", b",")
    if not all(p.startswith(opening) and p.endswith(closing) for p in pieces):
        return None  # a flat array (a few short items): not worth splitting
    if indented and not all(p.startswith(b"  {\n", len(opening)) for p in pieces):
        return None
    chunks: list[Chunk] = [opening]
    for number, piece in enumerate(pieces):
        if number:
            chunks.append(comma)
        chunks.append(memoryview(piece)[len(opening) : -len(closing)])
    return (*chunks, closing)


def _join_ris(pieces: Sequence[bytes]) -> tuple[Chunk, ...] | None:
    """Records end with ``ER  -`` and a line end; one blank line between them; a byte-order
    mark only at the start."""
    if not pieces:
        return None
    line_end = b"\r\n" if pieces[0].endswith(b"\r\n") else b"\n"
    if not all(p.endswith(b"ER  - " + line_end) for p in pieces):
        return None
    chunks: list[Chunk] = [pieces[0]]
    for piece in pieces[1:]:
        bom = len(codecs.BOM_UTF8) if piece.startswith(codecs.BOM_UTF8) else 0
        chunks += [line_end, memoryview(piece)[bom:]]
    return tuple(chunks)


_JOINS: dict[str, Callable[[Sequence[bytes]], tuple[Chunk, ...] | None]] = {
    "csl-json": _join_csl_json,
    "ris": _join_ris,
}
