"""BibTeX syntax: blocks, fields and value expressions. The one module that imports bibtexparser.

bibtexparser 2 splits the text into blocks (entries, ``@string``, ``@preamble``, ``@comment``)
and keeps the blocks it could not parse as data. pubkit runs it with no middleware, so that
field values arrive as written, and evaluates them itself (``values.py``): ``#``
concatenation, ``@string`` and month macros, braces and quotes. Every position is computed from
the offset of what it points at, through ``Source.span``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.formats.bibtex import stand_ins
from pubkit.formats.bibtex.values import unclosed_brace
from pubkit.source import Source

if TYPE_CHECKING:
    from bibtexparser import model


@attrs.frozen
class RawField:
    name: str  # lower-case
    value: str  # as written: `{...}`, `"..."`, `2020`, `apr`, `pub # " Inc."`
    offset: int  # where the value starts in the source text
    name_offset: int  # where the field's name starts


@attrs.frozen
class RawEntry:
    type: str  # lower-case
    key: str
    fields: tuple[RawField, ...]
    offset: int  # where the entry's `@` is


@attrs.frozen
class RawBlock:
    """A ``@string``, ``@preamble`` or ``@comment`` block."""

    kind: str
    name: str  # the macro name of a @string
    value: str  # as written (a @comment's text)
    offset: int


@attrs.frozen
class Document:
    blocks: tuple[RawEntry | RawBlock, ...]  # in source order
    problems: tuple[Diagnostic, ...]


@contextlib.contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs each block it cannot parse; pubkit reports them as diagnostics."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


_COMMENTED_ENTRY = re.compile(r"(?m)^[ \t]*%[^\n]*@\s*\w+\s*[{(][^\n]*$")
# Google Scholar writes keys from names with accents: `@article{m{\"u}ller2003uber,`.
_BRACED_KEY = re.compile(
    rf"(?m)^(?P<head>[ \t]*@\s*{stand_ins.NOT_A_BLOCK_KIND}\w+\s*\{{)"
    r"(?P<key>[^,\s]*[{}\\][^,\s]*),"
)
_KEY_NOISE = re.compile(r"\\[^A-Za-z{}]|[{}\\]")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _repaired_key(match: re.Match[str]) -> str:
    key = _KEY_NOISE.sub("", match.group("key"))
    # Padded to the same length, so that every offset after it stays true.
    return match.group("head") + key + "," + " " * (len(match.group("key")) - len(key))


def parse(source: Source) -> Document:
    """The careful path: any text, however broken, split as BibTeX splits it."""
    return parse_with_ends(source)[0]


def parse_with_ends(source: Source) -> tuple[Document, list[int]]:
    """The careful path's document, and where each of its blocks ends in the text."""
    # Imported here: most files take the fast path (scan.py), and never need bibtexparser.
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    # A commented-out entry (`% @article{old,`) would start a block for bibtexparser: blanked
    # to spaces, so that positions stay true.
    text = _COMMENTED_ENTRY.sub(_blank, source.text)
    problems: list[Diagnostic] = []
    for match in _BRACED_KEY.finditer(text):
        problems.append(
            warning(
                "key-repaired",
                f"the key {match.group('key')!r} has braces or accents BibTeX keys cannot "
                "have; they were taken out",
                source.span(match.start("key")),
                match.group("key"),
            )
        )
    text = _BRACED_KEY.sub(_repaired_key, text)
    disguised = stand_ins.disguise(text)
    text, restore = disguised.text, disguised.restore
    with _quiet_bibtexparser():
        library = parse_string(text, parse_stack=[])
    blocks: list[RawEntry | RawBlock] = []
    ends: list[int] = []
    cursor = 0
    for block in library.blocks:
        offset = _block_offset(text, block, source, cursor)
        cursor = offset + 1
        before = len(blocks)
        if isinstance(block, model.DuplicateBlockKeyBlock) and block.ignore_error_block:
            # The same key twice: read as any block (a macro defined again, as BibTeX reads
            # it; an entry's key the library's key pass renames).
            block = block.ignore_error_block
        if isinstance(block, model.String):
            value = restore(block.value)
            blocks.append(RawBlock("string", block.key, value, _value_offset(text, offset)))
        elif isinstance(block, model.Preamble):
            value = restore(block.value)
            blocks.append(RawBlock("preamble", "", value, _value_offset(text, offset)))
        elif isinstance(block, model.ExplicitComment):
            blocks.append(RawBlock("comment", "", restore(block.comment), offset))
        elif isinstance(block, model.Entry):
            blocks.append(_raw_entry(block, source.text, disguised, offset))
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            if isinstance(entry, model.Entry):
                raw = _raw_entry(entry, source.text, disguised, offset)
                blocks.append(without_repeated_fields(raw, source, problems))
        elif isinstance(block, model.ParsingFailedBlock):
            problem = _failed_block(block, offset, source)
            partial = _read_until_stuck(source, offset) if problem.code == "syntax-error" else None
            if partial is None:
                problems.append(problem)
            else:
                blocks.append(partial[0])
                problems.append(partial[1])
        ends += [offset + len(block.raw or "")] * (len(blocks) - before)
    return Document(tuple(blocks), in_order(problems)), ends


def in_order(problems: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """``problems`` in the order of the text (the keys repaired are found before the blocks
    are read)."""
    return tuple(sorted(problems, key=lambda problem: (problem.line or 0, problem.column or 0)))


def _block_offset(text: str, block: model.Block, source: Source, cursor: int) -> int:
    """Where ``block`` starts: its raw text, searched from its line on."""
    start = max(cursor, source.offset((block.start_line or 0) + 1))
    found = text.find(block.raw, start) if block.raw else -1
    return found if found >= 0 else start


def _value_offset(text: str, offset: int) -> int:
    """The offset of a block's value: after its opening brace or parenthesis."""
    opening = _OPENING.search(text, offset)
    return opening.end() if opening else offset


_OPENING = re.compile(r"[{(]")


def without_repeated_fields(
    entry: RawEntry, source: Source, problems: list[Diagnostic]
) -> RawEntry:
    """The entry with the first value of each field, as BibTeX reads it; the others reported."""
    seen: set[str] = set()
    kept: list[RawField] = []
    for item in entry.fields:
        if item.name in seen:
            message = (
                f"the field {item.name} is given twice; the first value was read, as BibTeX "
                "reads it, and this one left out"
            )
            problems.append(
                warning("duplicate-field", message, source.span(item.name_offset), entry.key)
            )
        else:
            kept.append(item)
        seen.add(item.name)
    return attrs.evolve(entry, fields=tuple(kept))


@functools.lru_cache(maxsize=512)
def _field_start(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w:.+-]){re.escape(name)}\s*=\s*", re.IGNORECASE)


def _raw_entry(
    block: model.Entry, source_text: str, disguised: stand_ins.Disguised, offset: int
) -> RawEntry:
    """An entry as the source has it; ``disguised`` is what bibtexparser split (stand_ins)."""
    text, restore = disguised.text, disguised.restore
    fields = []
    cursor = offset
    end = offset + len(block.raw) if block.raw else len(text)  # a name is looked for up to here
    for item in block.fields:
        # bibtexparser keeps `% comment` lines before a field in its name; BibTeX has no
        # comments inside entries, but biber and every editor read them so.
        name = re.sub(r"%[^\n]*", "", item.key).strip().lower()
        if not name:
            continue  # a commented-out field: `%  doi = {...},`
        found = _field_start(name).search(text, cursor, end)
        value_offset = found.end() if found else cursor
        name_offset = found.start() if found else cursor
        cursor = value_offset + len(item.value) if found else cursor
        fields.append(RawField(name, restore(item.value), value_offset, name_offset))
    entry_type = stand_ins.entry_type_at(source_text, offset)
    return RawEntry(entry_type, restore(block.key.strip()), tuple(fields), offset)


def _read_until_stuck(source: Source, offset: int) -> tuple[RawEntry, Diagnostic] | None:
    """An entry bibtexparser cannot read, read as BibTeX reads it: the fields up to where it
    gets stuck, the rest skipped with a warning (BibTeX keeps the entry)."""
    from pubkit.formats.bibtex.scan import fields_before_error  # scan builds on this module

    found = fields_before_error(source.text, offset)
    if found is None:
        return None
    entry, stuck = found
    names = ", ".join(field.name for field in entry.fields)
    message = (
        f"the entry cannot be read on from here; the fields before ({names}) are read, and the "
        "rest of the entry skipped, as BibTeX does"
    )
    return entry, warning("syntax-error", message, source.span(stuck), entry.key or None)


def _failed_block(block: model.ParsingFailedBlock, offset: int, source: Source) -> Diagnostic:
    """A block bibtexparser could not read: most often a brace that never closes."""
    raw = block.raw or ""
    key_match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]*)", raw)
    key = key_match.group(1) if key_match else None
    position = unclosed_brace(raw)
    if position is not None:
        return error(
            "unclosed-brace",
            "this brace is never closed; the entry was not read",
            source.span(offset + position),
            key or None,
        )
    detail = str(block.error or "").strip().split("\n")[0] or (
        "an unclosed quote, or no comma after the key?"
    )
    return error(
        "syntax-error",
        f"cannot read this entry ({detail}); it was not read",
        source.span(offset),
        key or None,
    )
