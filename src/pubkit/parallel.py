"""A large .bib, RIS or CSL-JSON file converted in parts, in little memory and on every core
(or as Dask tasks), with the output of one process, byte for byte.

The file splits at entry boundaries into parts of at most ``PART_ENTRIES`` entries, planned
from an outline of the file read a few megabytes at a time; a worker process (or this one,
one part after another) reads and writes each part, and the pieces join in the order of the
file, in a temporary file when they are large: the whole file is never in memory, neither its
text nor its output.

A .bib part starts where a line starts with ``@``; what its entries need from the rest of the
file goes with it: the @string macros defined before it (BibTeX knows a macro only after its
definition) and the definitions of every @preamble. A RIS part starts with a ``TY  -`` line
at the start of a line, after an ``ER  -`` line and blank lines only: there its reader starts
afresh, whatever it read before. A CSL-JSON part starts
where an item of the file's array starts, and is read as an array of its items, each named
by its place in the whole file.

Works without a key get theirs over the whole file: a part writes them under stand-ins, and
once every part is in, the keys one process would give replace them (``stand_in_keys``); but
indented CSL-JSON output, whose layout depends on a key's length, keeps such a file in one
process.

Anything else that ties entries together keeps the file in one process: a ``crossref`` no
split keeps beside its parent, a key used twice (the later one is renamed), a key a .bib
file cannot take, a .bib file the fast path
does not read, a CSL item with a listing's profile (the library takes the first), a file that
is not UTF-8 (the usual path decodes it and says how) or not JSON its reader takes as it is.
The keys are checked as the pieces come in, so a RIS file found to repeat one is converted
again, the usual way. CSL-JSON and RIS pieces join as text; .bib pieces are entries, and the
file around them (its ``@preamble`` provides the commands every part used) is written once
they are all in.

``convert`` returns None whenever it does not take the file; the caller converts it the usual
way. ``tests/test_parallel.py`` compares both ways over the real-world corpus.
"""

from __future__ import annotations

import bisect
import codecs
import collections
import io
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import attrs

from pubkit.bulk import collector_paused
from pubkit.diagnostics import Diagnostic
from pubkit.formats.bibtex.latex import LatexWriter
from pubkit.formats.bibtex.reader import works_of
from pubkit.formats.bibtex.records import Definitions, definitions_at, preamble_text, records
from pubkit.formats.bibtex.scan import TRAILING_AT, outline, scan
from pubkit.formats.bibtex.syntax import Document, RawBlock, RawEntry
from pubkit.formats.bibtex.writer import (
    Entries,
    around_entries,
    bad_key,
    uses_url,
    write_entries,
)
from pubkit.formats.csljson.convert import carries_profile
from pubkit.formats.csljson.convert import read_works as read_csl_works
from pubkit.formats.csljson.syntax import key_of
from pubkit.formats.ris.convert import read_works as read_ris_works
from pubkit.jsontext import array_items
from pubkit.library import Library
from pubkit.locators import missing_locators
from pubkit.model import NativeField, Work
from pubkit.source import Source, binary_kind
from pubkit.stand_in_keys import Keyless, KeysPutIn, final_keys, new_prefix, with_stand_ins

_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# Below this many entries, starting worker processes costs more than it saves.
MIN_ENTRIES = 2_000
# Entries in a part at most: memory holds the works of a few parts, not of the whole file.
PART_ENTRIES = 1_000
# Bytes of the file read at a time to plan the split: the file is never held whole.
OUTLINE_BYTES = 1 << 22
# A stretch of the file this long without a place to cut it (a line that starts with `@`, a
# RIS record's start, a CSL-JSON item's) does not split.
MAX_PIECE_BYTES = 1 << 26
# Parts sent to Dask at a time: enough to keep a cluster's workers busy.
DASK_WINDOW = 64
# Output kept in memory up to this size; a larger one goes to a temporary file.
SPOOL_BYTES = 1 << 23
_COPY_BYTES = 1 << 20
_LINE_AT = re.compile(rb"(?m)^[ \t]*@")


@attrs.frozen
class Converted:
    """A file converted in parts: what one process would have written and reported. The
    text is kept as UTF-8, in pieces that a large output keeps in temporary files (joined
    into one string it would take up to four bytes a character)."""

    segments: tuple[bytes | IO[bytes], ...]
    read: tuple[Diagnostic, ...]  # what reading found, in the order of the file
    written: tuple[Diagnostic, ...]  # what writing found
    works: int

    def chunks(self) -> Iterator[bytes]:
        """The UTF-8 text, a block at a time."""
        for segment in self.segments:
            if isinstance(segment, bytes):
                yield segment
                continue
            segment.seek(0)
            while block := segment.read(_COPY_BYTES):
                yield block

    @property
    def text(self) -> str:
        return b"".join(self.chunks()).decode("utf-8")


@attrs.frozen
class _Part:
    data: bytes  # the part's UTF-8 text, decoded where it is converted
    name: str
    from_format: str
    line_base: int  # the lines of the file before the part
    number: int  # of the part, from 0
    # The index in the file of its first entry: exact for CSL-JSON, whose items are named by
    # it; for RIS, what progress counts (records a part cannot start with are not).
    first: int
    entries: int  # in the part, for progress
    # What a .bib part needs from the file before it: its macros, and the text of every
    # @preamble.
    definitions: Definitions | None
    preambles: str
    target: str
    options: dict[str, Any]
    stand_in_prefix: str  # of the keys of works without one (see `stand_in_keys`)


@attrs.frozen
class _Piece:
    """What a worker made of its part: UTF-8 text (CSL-JSON, RIS) or entries (.bib)."""

    output: bytes | Entries
    read: tuple[Diagnostic, ...]
    written: tuple[Diagnostic, ...]
    keys: tuple[str | None, ...]  # of the works read, checked over the whole file
    entries: int
    keyless: tuple[Keyless, ...] = ()  # the works written under a stand-in key


@attrs.frozen
class _Plan:
    """Where the parts of a file start (byte offsets, then the file's end) and the entries
    in each (for progress); for a .bib file, the macros defined before each part and the
    file's own fields (@preamble, @comment, @string)."""

    cuts: list[int]
    entries: list[int]
    definitions: list[Definitions] | None = None
    file_fields: list[NativeField] = attrs.field(factory=list)
    keyless: bool = False  # some records may give no key


@attrs.frozen
class _Outline:
    """The file's blocks for planning the split (of each entry only its type, key and
    ``crossref``), and for each block the byte offset where a part may start with it: the
    start of its line, when nothing else is on that line (None otherwise)."""

    document: Document
    cuts: list[int | None]


_BIB = ("bibtex", "biblatex")


def convert(
    source: Source | IO[bytes],
    target: str,
    options: dict[str, Any],
    jobs: int,
    min_entries: int = MIN_ENTRIES,
    progress: Callable[[int, int], None] | None = None,
    dask: object | None = None,
    name: str | None = None,
    from_format: str = "bibtex",
) -> Converted | None:
    """A file in ``target``, converted part by part in ``jobs`` processes (1: in this one);
    None when the file or the target does not split (see the module's docstring).
    ``from_format``: the file's, ``"bibtex"``, ``"ris"`` or ``"csl-json"``. ``source`` is
    its text, or the file open in binary (UTF-8 bytes), read a few megabytes at a time, never
    whole; ``name`` names it in messages (by default, the source's or the file's name).
    ``progress(done, total)`` is told the entries converted after each part.

    ``dask``: convert the parts as Dask tasks instead, with this scheduler: ``"threads"``,
    ``"processes"``, ``"synchronous"``, or a ``distributed.Client`` (a cluster); ``jobs``
    then only sizes the parts (at least that many)."""
    if isinstance(source, Source):
        name = name or source.name
        try:
            source = io.BytesIO(source.text.encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate: no file has it; the usual path says so
            return None
    file, name = source, name or str(getattr(source, "name", "<bytes>"))
    if (target not in _JOINS and target not in _BIB) or from_format not in _SPLITTERS:
        return None
    file.seek(0)
    head = file.read(65536)
    if binary_kind(head) is not None or head.startswith(_UTF16) or not head.strip():
        return None  # the usual path reports it, or decodes it
    begin = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    plan = _SPLITTERS[from_format].plan(file, begin, name, jobs, min_entries, target)
    if plan is None or (plan.keyless and _layout_needs_keys(target, options)):
        return None
    joined = _JOINS[target](_options(target, options)) if target in _JOINS else None
    bib = _BibJoin(_options(target, options), target) if target in _BIB else None
    read: list[Diagnostic] = []
    found: list[Diagnostic] = []
    keys: set[str] = set()
    keyless: list[Keyless] = []
    works = done = 0
    total = sum(plan.entries)
    prefix = new_prefix()
    tasks = _parts(file, name, from_format, plan, target, options, prefix)
    for piece in _in_order(tasks, jobs) if dask is None else _on_dask(tasks, dask):
        if piece is None or not _keys_kept(piece.keys, keys, target):
            return None
        keyless += piece.keyless
        read += piece.read
        found += piece.written
        works += len(piece.keys)
        if isinstance(piece.output, Entries):
            assert bib is not None
            bib.add(piece.output)
        elif piece.keys and not (joined is not None and joined.add(piece.output)):
            return None
        if progress is not None:
            done += piece.entries
            progress(done, total)
    if not works:
        return None  # the usual path says that nothing was read
    # What the writers found, then the works no reader can look up, as in one process.
    written = [d for d in found if d.code != "no-locator"]
    unfindable = [d for d in found if d.code == "no-locator"]
    if bib is not None:
        segments, problems = bib.finish(plan.file_fields)
        written += problems
    elif joined is not None and joined.started:
        segments = joined.finish()
    else:
        return None
    read.sort(key=lambda d: d.line or 0)
    converted = Converted(segments, tuple(read), (*written, *unfindable), works)
    return _keys_given(converted, keyless, keys, prefix) if keyless else converted


def _keys_given(
    converted: Converted, keyless: list[Keyless], taken: set[str], prefix: str
) -> Converted:
    """``converted`` with the keys of the works the parts wrote under stand-ins: given over
    the whole file, as one process gives them."""
    put_in = KeysPutIn(prefix, final_keys(keyless, taken))
    output = _spooled()
    put_in.output(converted.chunks(), output)
    for segment in converted.segments:
        if not isinstance(segment, bytes):
            segment.close()  # its copy, with the keys, is made: the disk space goes back
    read, written = put_in.diagnostics(converted.read), put_in.diagnostics(converted.written)
    return Converted((output,), read, written, converted.works)


def _layout_needs_keys(target: str, options: dict[str, Any]) -> bool:
    """Whether the writer lays a work out by its key: indented CSL-JSON puts an item on one
    line when it fits, so a work without a key cannot be written under a stand-in (see
    ``stand_in_keys``) that is longer or shorter than its key will be."""
    return target == "csl-json" and bool(_options(target, options).indent > 0)


def _keys_kept(keys: Iterable[str | None], seen: set[str], target: str) -> bool:
    """Whether every work with a key keeps it: one that no work before it has (compared
    without case), that is not empty, and that a .bib target can take. Otherwise keys are
    given over the whole file, in one process. (Works without a key get theirs once every
    part is in: see ``stand_in_keys``.)"""
    for key in keys:
        if key is None:
            continue
        if not key.strip() or key.casefold() in seen:
            return False
        if target in _BIB and bad_key(key, target):
            return False
        seen.add(key.casefold())
    return True


def _parts(
    file: IO[bytes],
    name: str,
    from_format: str,
    plan: _Plan,
    target: str,
    options: dict[str, Any],
    stand_in_prefix: str,
) -> Iterator[_Part]:
    """Each part's bytes, read when the part is sent: a worker is sent its part alone, and
    decodes and reads it itself."""
    line_base = first = 0
    preambles = preamble_text(plan.file_fields)
    for number, (begin, end) in enumerate(itertools.pairwise(plan.cuts)):
        file.seek(begin)
        data = file.read(end - begin)
        definitions = plan.definitions[number] if plan.definitions is not None else None
        entries = plan.entries[number]
        yield _Part(
            data, name, from_format, line_base, number, first, entries, definitions,
            preambles, target, options, stand_in_prefix,
        )  # fmt: skip
        first += entries
        # .bib and RIS parts start where lines start; a lone carriage return ends a line too.
        line_base += data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _pieces(
    file: IO[bytes], begin: int, boundary: re.Pattern[bytes], after: bool = False
) -> Iterator[tuple[int, bytes]]:
    """The bytes of the file from ``begin`` in pieces of about ``OUTLINE_BYTES``, each
    ending where ``boundary`` starts (``after``: where it ends), with the offset of each.
    Raises ``_NoCuts`` when ``MAX_PIECE_BYTES`` go by without a boundary: a file written on a
    few long lines cannot be split anyway."""
    file.seek(begin)
    pending = bytearray()
    while data := file.read(OUTLINE_BYTES):
        # Boundaries only in what was just read (the piece carried over starts at its one
        # boundary), so that a file without them is still read in linear time. One cut across
        # two reads is missed: a piece only needs to end at some boundary.
        searched_from = max(1, len(pending))
        pending += data
        last = 0
        # The last boundary: most likely near the end, else anywhere in what was read.
        for searched in (max(searched_from, len(pending) - 65536), searched_from):
            for match in boundary.finditer(pending, searched):
                last = match.end() if after else match.start()
            if last:
                break
        if last:
            yield begin, bytes(pending[:last])
            begin += last
            del pending[:last]
        elif len(pending) > MAX_PIECE_BYTES:
            raise _NoCuts
    if pending:
        yield begin, bytes(pending)


class _NoCuts(Exception):
    """No place to cut the file for a long stretch of it."""


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


# -- .bib files --------------------------------------------------------------------------------


def _plan_bib(
    file: IO[bytes], begin: int, name: str, jobs: int, min_entries: int, target: str
) -> _Plan | None:
    outline = _outline(file, begin, name)
    if outline is None or not _independent(outline.document, min_entries, target):
        return None
    blocks = outline.document.blocks
    entries = sum(isinstance(block, RawEntry) for block in blocks)
    starts = _part_starts(outline, _part_count(entries, jobs))
    if starts is None:
        return None
    # The macros a part needs from the parts before it; what is wrong in a @string block is
    # reported by the part that has it, so these definitions need no positions.
    definitions, file_fields = definitions_at(outline.document, Source("", name), {}, starts)
    cuts = [begin]
    for start in starts[1:]:
        cut = outline.cuts[start]
        assert cut is not None  # parts start only where they may
        cuts.append(cut)
    cuts.append(file.seek(0, io.SEEK_END))
    counts = [
        sum(isinstance(block, RawEntry) for block in blocks[low:high])
        for low, high in itertools.pairwise([*starts, len(blocks)])
    ]
    return _Plan(cuts, counts, definitions, file_fields)


def _outline(file: IO[bytes], begin: int, name: str) -> _Outline | None:
    """The outline of the file from byte ``begin``, in little memory: the file is read and
    scanned in pieces that start where a line starts with ``@`` (the fast path reads no block
    across one). None when a piece is not UTF-8 or does not take the fast path (then neither
    would the whole file), when a lone carriage return ends a line before such a line (the
    bytes would not say where it starts), or when the file has no such lines to split at."""
    blocks: list[RawEntry | RawBlock] = []
    cuts: list[int | None] = []
    try:
        for start, data in _pieces(file, begin, _LINE_AT):
            found = _piece_outline(start, data, name)
            if found is None:
                return None
            blocks += found.document.blocks
            cuts += found.cuts
    except _NoCuts:
        return None
    return _Outline(Document(tuple(blocks), ()), cuts)


def _piece_outline(start: int, data: bytes, name: str) -> _Outline | None:
    """The outline of one piece, which starts at byte ``start`` of the file."""
    try:
        source = Source(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        return None
    found = outline(source)
    if found is None:
        return None
    offsets = [start + match.start() for match in _LINE_AT.finditer(data)]
    # A lone `@` at the piece's end: the whole file's scan reads it with the next piece's head.
    last_line = found.heads[-1] if found.heads else 0
    if len(found.heads) != len(offsets) or TRAILING_AT.search(source.text, last_line):
        return None
    cuts = [None if head is None else offsets[head] for head in found.alone]
    return _Outline(Document(tuple(found.blocks), ()), cuts)


def _independent(document: Document, min_entries: int, target: str) -> bool:
    """Whether the entries' keys let the parts be written apart (checked again, on the works,
    as the pieces come in): here, before any part is converted."""
    entries = [block for block in document.blocks if isinstance(block, RawEntry)]
    return len(entries) >= min_entries and _keys_kept((e.key for e in entries), set(), target)


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


def _part_starts(outline: _Outline, count: int) -> list[int] | None:
    """Block indices where ``count`` parts start, about as many entries in each. A part never
    starts between an entry and the parent its crossref names, nor after other text on its
    line (the problems of two parts could share a line). None when the file does not split."""
    document = outline.document
    spans = _crossref_spans(document)
    if spans is None:
        return None
    inside = [0] * (len(document.blocks) + 1)  # how many crossref spans cover a block
    for low, high in spans:
        inside[low + 1] += 1
        inside[high + 1] -= 1
    for index in range(1, len(inside)):
        inside[index] += inside[index - 1]
    entries = [i for i, block in enumerate(document.blocks) if isinstance(block, RawEntry)]
    allowed = [i for i in entries if inside[i] == 0 and outline.cuts[i] is not None]
    size = -(-len(entries) // count)
    starts = [0]
    for ideal in (entries[i] for i in range(size, len(entries), size)):
        # The allowed start nearest to the ideal one, after the part before.
        later = allowed[bisect.bisect_right(allowed, starts[-1]) :]
        if later:
            starts.append(min(later, key=lambda i: abs(i - ideal)))
    return starts if len(starts) > 1 else None


def _read_bib_part(part: _Part) -> tuple[list[Work], list[Diagnostic]] | None:
    """None when the part does not take the fast path (the whole file did: a part of it
    should too)."""
    source = Source(part.data.decode("utf-8"), part.name, line_base=part.line_base)
    document = scan(source)
    if document is None:
        return None
    assert part.definitions is not None
    found = records(document, source, part.definitions.macros, part.definitions.macro_characters)
    return works_of(found, part.preambles)


# -- RIS files ---------------------------------------------------------------------------------

# An `ER  -` line, as RIS exporters write it, before a `TY  -` line at the start of a line
# (blank lines between): the reader takes the one to end a record and the other to start one
# afresh, whatever it read before (an indented record's indentation, stray tags). Other
# spellings may continue a value, and a byte-order mark may come between: not cut at.
_RIS_END = re.compile(rb"(?m)^ER  -(?:[ \t][^\r\n]*)?\r?\n(?=(?:[ \t]*\r?\n)*TY  -[ \t\r\n])")

# A line that gives a record its key: with fewer of them than records, some records likely
# give none (a key in `M2  - Citation Key:` counts as none here: the works tell for sure).
_RIS_ID = re.compile(rb"(?m)^[ \t]*ID  - *[^\s]")


def _plan_ris(
    file: IO[bytes], begin: int, name: str, jobs: int, min_entries: int, target: str
) -> _Plan | None:
    """Parts that start on the line after an ``ER  -`` line that a ``TY  -`` line follows,
    about as many records in each."""
    starts = [begin]  # where a record starts that a part may start with
    keyed = 0
    try:
        for start, data in _pieces(file, begin, _RIS_END, after=True):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return None
            if start > begin:  # a piece starts at a cut (whose `TY` line only it holds)
                starts.append(start)
            starts += (start + match.end() for match in _RIS_END.finditer(data))
            keyed += sum(1 for _ in _RIS_ID.finditer(data))
    except _NoCuts:
        return None
    plan = _even_plan(starts, file.seek(0, io.SEEK_END), jobs, min_entries)
    return attrs.evolve(plan, keyless=keyed < len(starts)) if plan is not None else None


def _read_ris_part(part: _Part) -> tuple[list[Work], list[Diagnostic]]:
    return read_ris_works(Source(part.data.decode("utf-8"), part.name, line_base=part.line_base))


# -- CSL-JSON files ----------------------------------------------------------------------------


def _plan_csl(
    file: IO[bytes], begin: int, name: str, jobs: int, min_entries: int, target: str
) -> _Plan | None:
    """Parts of about as many items each, cut where an item starts; the file is parsed here a
    few megabytes at a time to find them. An item that gives a key must give one no item
    before it gives (the check on the works, as the pieces come in, is then only a second
    one), and none may carry a listing's profile (the whole library takes the first)."""
    starts: list[int] = []
    end = begin
    keys: set[str] = set()
    keyless = False
    try:
        for start, stop, item in array_items(file, begin, OUTLINE_BYTES, MAX_PIECE_BYTES):
            if not isinstance(item, dict) or carries_profile(item):
                return None
            key = key_of(item)
            if not _keys_kept((key,), keys, target):
                return None
            keyless = keyless or key is None
            starts.append(start)
            end = stop
    except ValueError:  # not an array of JSON values: the usual path says what it is
        return None
    plan = _even_plan(starts, end, jobs, min_entries)
    return attrs.evolve(plan, keyless=keyless) if plan is not None else None


def _even_plan(starts: list[int], end: int, jobs: int, min_entries: int) -> _Plan | None:
    """Parts of about as many entries each, for entries that start at ``starts`` (a part may
    start with any of them) and end at ``end``; None for fewer than ``min_entries``."""
    if len(starts) < max(min_entries, 2):
        return None
    size = -(-len(starts) // _part_count(len(starts), jobs))
    firsts = list(range(0, len(starts), size))  # the first entry of each part
    cuts = [*(starts[first] for first in firsts), end]
    counts = [high - low for low, high in itertools.pairwise([*firsts, len(starts)])]
    return _Plan(cuts, counts)


def _part_count(entries: int, jobs: int) -> int:
    """At least one part per job, and parts of at most ``PART_ENTRIES`` entries."""
    return max(jobs, -(-entries // PART_ENTRIES))


def _read_csl_part(part: _Part) -> tuple[list[Work], list[Diagnostic]] | None:
    """The part's items, each followed by a comma but the file's last, read as an array. None
    when its reader refuses them as JSON (an item nested too deeply: the whole file's reader
    refuses the whole file), or finds a profile (the whole library takes it; the plan looked
    for profiles already)."""
    text = part.data.decode("utf-8").rstrip(" \t\r\n").removesuffix(",")
    works, diagnostics, profiles = read_csl_works(Source(f"[{text}]", part.name), part.first)
    refused = any(d.code == "invalid-json" for d in diagnostics)
    return None if refused or profiles else (works, diagnostics)


@attrs.frozen
class _Splitter:
    """How files of a format split: the plan of a file's parts, and the reading of a part."""

    plan: Callable[[IO[bytes], int, str, int, int, str], _Plan | None]
    read: Callable[[_Part], tuple[list[Work], list[Diagnostic]] | None]


# The formats that split (`pubkit.bulk` names them too: `SPLIT_FORMATS`).
_SPLITTERS = {
    "bibtex": _Splitter(_plan_bib, _read_bib_part),
    "ris": _Splitter(_plan_ris, _read_ris_part),
    "csl-json": _Splitter(_plan_csl, _read_csl_part),
}


def _on_dask(parts: Iterable[_Part], scheduler: object) -> Iterator[_Piece | None]:
    """The parts converted as Dask tasks, in order: each part is a task of its own (its text
    and the definitions it needs travel with it), and Dask's scheduler runs them where it
    will, on this machine or a cluster. ``DASK_WINDOW`` parts at a time: the client holds
    their text and pieces, not the whole file's."""
    # Here: an optional dependency (pip install 'pubkit[dask]'); dask is not typed.
    from dask.base import compute
    from dask.delayed import delayed

    pending = iter(parts)
    while window := list(itertools.islice(pending, DASK_WINDOW)):
        tasks = [delayed(_convert_part, pure=True)(part) for part in window]
        pieces: tuple[_Piece | None, ...] = compute(*tasks, scheduler=scheduler)  # type: ignore[no-untyped-call]
        yield from pieces


# The collector runs again only once the part's works are gone: paused only while they are
# read and written, it would walk every one of them once, to free none.
@collector_paused()
def _convert_part(part: _Part) -> _Piece | None:
    """None when the part does not read as it would in the whole file (see the readers of
    parts): the file is then converted the usual way."""
    from pubkit import api  # here: the worker's own import

    found = _SPLITTERS[part.from_format].read(part)
    if found is None:
        return None
    works, diagnostics = found
    read = tuple(diagnostics)  # sorted with the other parts' by `convert`
    keys = tuple(work.key for work in works)
    keyless: tuple[Keyless, ...] = ()
    if None in keys:
        if _layout_needs_keys(part.target, part.options):
            return None  # a file the plan took for keyed after all: converted the usual way
        works, keyless = with_stand_ins(works, part.stand_in_prefix, part.number)
    if part.target in _BIB:
        options = _options(part.target, part.options)
        entries = write_entries(works, options, part.target)
        unfindable = tuple(missing_locators(works))
        return _Piece(entries, read, unfindable, keys, part.entries, keyless)
    written = api.write(Library(works), part.target, **part.options)
    output = written.text.encode("utf-8", errors="replace")
    return _Piece(output, read, written.diagnostics, keys, part.entries, keyless)


def _spooled() -> IO[bytes]:
    """A file for output: in memory while small, then on disk. Closed (and gone) when the
    ``Converted`` that holds it is."""
    return tempfile.SpooledTemporaryFile(SPOOL_BYTES)


class _CslJsonJoin:
    """The pieces' arrays as one: ``[\n  {...}\n]\n`` pieces (``[{...}]\n`` when compact)
    give their items, joined by commas."""

    def __init__(self, options: Any) -> None:
        indented = options.indent > 0
        self.opening, self.closing, self.comma = (
            (b"[\n", b"\n]\n", b",\n") if indented else (b"[", b"]\n", b",")
        )
        self.output: IO[bytes] = _spooled()
        self.started = False

    def add(self, piece: bytes) -> bool:
        """False when ``piece`` is not such an array (a few short items kept on one line)."""
        if not piece.startswith(self.opening) or not piece.endswith(self.closing):
            return False
        self.output.write(self.comma if self.started else self.opening)
        self.output.write(memoryview(piece)[len(self.opening) : -len(self.closing)])
        self.started = True
        return True

    def finish(self) -> tuple[bytes | IO[bytes], ...]:
        return self.output, self.closing


class _RisJoin:
    """Records end with ``ER  -`` and a line end; one blank line between them; a byte-order
    mark only at the start."""

    def __init__(self, options: Any) -> None:
        self.output: IO[bytes] = _spooled()
        self.line_end = b""
        self.started = False

    def add(self, piece: bytes) -> bool:
        if not self.started:
            self.line_end = b"\r\n" if piece.endswith(b"\r\n") else b"\n"
        if not piece.endswith(b"ER  - " + self.line_end):
            return False
        if self.started:
            bom = len(codecs.BOM_UTF8) if piece.startswith(codecs.BOM_UTF8) else 0
            self.output.write(self.line_end)
            self.output.write(memoryview(piece)[bom:])
        else:
            self.output.write(piece)
        self.started = True
        return True

    def finish(self) -> tuple[bytes | IO[bytes], ...]:
        return (self.output,)


class _BibJoin:
    """The pieces' entries, in the file around them: its @preamble, written once they are
    all in, provides the commands every part used."""

    def __init__(self, options: Any, dialect: str) -> None:
        self.latex = LatexWriter(ascii=options.ascii, stacked_accents=dialect != "biblatex")
        self.output: IO[bytes] = _spooled()
        self.problems: list[Diagnostic] = []
        self.uses_url = False
        self.started = False

    def add(self, entries: Entries) -> None:
        self.latex.absorb(entries.latex)
        self.problems += entries.problems
        for block in entries.blocks:
            if self.started:
                self.output.write(b"\n")
            self.output.write(block.encode("utf-8", errors="replace"))
            self.uses_url = self.uses_url or uses_url(block)
            self.started = True

    def finish(
        self, file_fields: list[NativeField]
    ) -> tuple[tuple[bytes | IO[bytes], ...], list[Diagnostic]]:
        """The file's text (what ``file_of`` joins: the preamble, the entries, the comments,
        one line end between each) and what writing it found."""
        preamble, comments = around_entries(self.latex, file_fields, uses_url=self.uses_url)
        before = "\n".join(preamble) + ("\n" if preamble and self.started else "")
        after = "\n".join(comments)
        if comments and (preamble or self.started):
            after = "\n" + after
        segments = (before.encode("utf-8", errors="replace"), self.output)
        problems = [*self.problems, *self.latex.problems, *self.latex.kept_characters()]
        return (*segments, after.encode("utf-8", errors="replace")), problems


_JOINS: dict[str, Callable[[Any], _CslJsonJoin | _RisJoin]] = {
    "csl-json": _CslJsonJoin,
    "ris": _RisJoin,
}
