"""The fast path of BibTeX syntax: one scan over a well-formed file, in BibTeX's own terms.

``syntax.parse`` runs bibtexparser, with stand-ins and repairs around it, so that any file,
however broken, is split the way BibTeX splits it and every problem gets a position. Most
files need none of that: ``scan`` reads such a file alone, about ten times faster, and gives
the same ``Document``. Whatever it does not fully understand (a parenthesised entry, a key with
braces, a `%` comment holding an entry, a brace that never closes...) it does not guess at.

A block that starts a line (its `@` after spaces at most) ends before the next such line, for
bibtexparser as for BibTeX's recovery: so a file is read a stretch at a time, from one such
line to the next, and only the stretches the scan declines go to the careful path, in one run
over them with the text between them left out but for its line ends (lines and columns stay
true; offsets are shifted back). Where the careful path finds more there than a repaired key
or a field given twice, or reads past its stretch, what it would make of the stretch in the
whole file is not sure: ``scan`` returns None, and the careful path reads the whole file. A
test over the real-world corpus checks that both give the same document wherever the scan
accepts a file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import attrs

from pubkit.diagnostics import Diagnostic
from pubkit.formats.bibtex import syntax
from pubkit.formats.bibtex.syntax import Document, RawBlock, RawEntry, RawField
from pubkit.markup.braces import SHALLOW_GROUP, closing_or_none
from pubkit.source import Source


class _Unusual(Exception):
    """Something the scan leaves to the careful path."""


_NAME = r"""[^\s"#%'(),={}]"""  # a character of a BibTeX identifier
# Where an `@` starts a block for BibTeX, bibtexparser or the careful path's repairs.
_ANY_HEAD = re.compile(rf"@\s*{_NAME}*\s*[{{(]")
_HEAD = re.compile(r"@([A-Za-z][A-Za-z0-9_]*)[ \t]*\{")
_KEY = re.compile(r"""\s*([^\s,{}\\"=]+)\s*,""")
# No backslash in names and bare values: bibtexparser reads `\,` and `\=` as characters.
_FIELD_NAME = re.compile(r"""\s*([A-Za-z][^\s"#%'(),={}\\]*)\s*=\s*""")
# Most fields, in one match: a braced or quoted value with braces at most two deep, or a
# bare word, before the `,` or `}` that ends it. Possessive, so that it never backtracks.
_SIMPLE_FIELD = re.compile(
    r"""\s*+([A-Za-z][^\s"#%'(),={}\\]*+)\s*+=\s*+"""
    rf"({SHALLOW_GROUP}"
    r'|"(?:[^"{}\\]++|\\(?!")|\{[^{}]*+\})*+"'
    r"""|[^\s"#%'(),={}\\]++)"""
    r"""\s*+(?=[,}])"""
)
_BARE = re.compile(r"""[^\s"#%'(),={}\\]+""")
_CONCAT = re.compile(r"\s*#\s*")
_SPACE = re.compile(r"\s*")
_QUOTED = re.compile(r'[{}"]')
_LINE_AT = re.compile(r"(?m)^[ \t]*@")
# Where bibtexparser starts a block: an `@` after nothing but whitespace (of any kind, as
# `\u00a0` or `\x0b`) on its line.
_BLOCK_START = re.compile(r"(?m)^\s*@")
_BLOCK_KINDS = ("string", "preamble", "comment")
# An `@` with only spaces and line ends after it: what `_ANY_HEAD` reads with a next line's
# `@type{` (its spaces cross lines, and a name may hold `@`).
TRAILING_AT = re.compile(r"@\s*\Z")
_CROSSREF = re.compile("(?i)crossref")
_COMMENTED_ENTRY = re.compile(r"(?m)^[ \t]*%[^\n]*@\s*\w+\s*[{(]")


def scan(source: Source) -> Document | None:
    """The blocks of ``source``, or None when the careful path must read it whole."""
    problems: list[Diagnostic] = []
    blocks = _stretch(source, 0, len(source.text), problems)
    if blocks is not None:
        return Document(tuple(blocks), tuple(problems))
    return _by_stretches(source)


def _stretch(
    source: Source, start: int, end: int, problems: list[Diagnostic]
) -> list[RawEntry | RawBlock] | None:
    """The blocks from ``start`` to ``end``, their problems added to ``problems``; None (and
    ``problems`` as it was) when the careful path must read the stretch."""
    if _COMMENTED_ENTRY.search(source.text, start, end):
        return None
    found: list[Diagnostic] = []
    try:
        blocks = _blocks(source, found, start, end)
    except _Unusual:
        return None
    problems += found
    return blocks


# What the careful path reports of a stretch that it reads as it would in the whole file.
_LOCAL_PROBLEMS = frozenset({"key-repaired", "duplicate-field"})


def _by_stretches(source: Source) -> Document | None:
    """The file read a stretch at a time (see the module's docstring); None where the careful
    path must read it whole."""
    text = source.text
    blocks: list[RawEntry | RawBlock] = []
    problems: list[Diagnostic] = []
    declined: list[tuple[int, int]] = []
    heads = [match.start() for match in _LINE_AT.finditer(text)]
    for start, end in _stretches(text, heads):
        found = _stretch(source, start, end, problems)
        if found is not None:
            blocks += found
        else:
            declined.append((start, end))
    if not declined:
        return Document(tuple(blocks), tuple(problems))
    careful = _read_carefully(source, declined)
    if careful is None:
        return None
    blocks = sorted([*blocks, *careful.blocks], key=lambda block: block.offset)
    return Document(tuple(blocks), syntax.in_order([*problems, *careful.problems]))


def _stretches(text: str, heads: list[int]) -> Iterator[tuple[int, int]]:
    """From each line that starts with `@` (``heads``) to the next, and from the start of the
    text: but a stretch that ends in an `@` goes on, as that `@` is read with the next line's
    head."""
    start = 0
    for end in [*heads, len(text)]:
        if end > start and not (end < len(text) and TRAILING_AT.search(text, start, end)):
            yield start, end
            start = end


def _read_carefully(source: Source, declined: list[tuple[int, int]]) -> Document | None:
    """What the careful path reads in the ``declined`` stretches, in one run over them alone:
    the text between them left out but for its line ends, so that lines and columns stay
    true. None where it finds more there than ``_LOCAL_PROBLEMS``, or reads past a stretch."""
    text = source.text
    pieces: list[str] = []
    starts: list[int] = []  # of the stretches in the text read
    cursor = length = 0
    for start, end in declined:
        pieces += ("\n" * text.count("\n", cursor, start), text[start:end])
        length += len(pieces[-2])
        starts.append(length)
        length += end - start
        cursor = end
    careful, ends = syntax.parse_with_ends(attrs.evolve(source, text="".join(pieces)))
    if any(problem.code not in _LOCAL_PROBLEMS for problem in careful.problems):
        return None
    blocks: list[RawEntry | RawBlock] = []
    for block, block_end in zip(careful.blocks, ends, strict=True):
        number = max(0, bisect.bisect_right(starts, block.offset) - 1)
        start, end = declined[number]
        shift = start - starts[number]
        if not all(start <= offset + shift <= end for offset in (*_bounds(block), block_end)):
            return None
        blocks.append(_shifted(block, shift))
    return Document(tuple(blocks), careful.problems)


def _bounds(block: RawEntry | RawBlock) -> list[int]:
    """Where the block starts, and where each of its values starts and ends (a quote the
    careful path closes in another stretch makes a value that ends there)."""
    if isinstance(block, RawBlock):
        return [block.offset, block.offset + len(block.value)]
    return [
        block.offset,
        *(o for f in block.fields for o in (f.name_offset, f.offset, f.offset + len(f.value))),
    ]


def _shifted(block: RawEntry | RawBlock, shift: int) -> RawEntry | RawBlock:
    """``block`` with every offset ``shift`` further into the text."""
    if isinstance(block, RawBlock):
        return attrs.evolve(block, offset=block.offset + shift)
    fields = tuple(
        attrs.evolve(field, offset=field.offset + shift, name_offset=field.name_offset + shift)
        for field in block.fields
    )
    return RawEntry(block.type, block.key, fields, block.offset + shift)


@attrs.frozen
class Outline:
    """The blocks ``scan`` finds, of an entry only its type, key, offset and ``crossref``
    field; where the lines that start with `@` start (``heads``); and for each block, the
    index in ``heads`` of the line an entry starts with nothing before it (None for other
    blocks, and for an entry after other text on its line)."""

    blocks: list[RawEntry | RawBlock]
    heads: list[int]
    alone: list[int | None]


def outline(source: Source) -> Outline | None:
    """The outline of ``source``, quickly, to plan work on a large file; None where the scan
    refuses what it reads.

    A block that starts a line (its `@` after spaces at most) ends before the next such line,
    or the scan refuses the file. So the text from one such line to the next, when it has no
    other `@`, is one block, and an entry's head says its type and key: its fields are read
    only when one may be a crossref. The rest (the text before the first such line, several
    blocks on one line, `@` in a value, a block this quick read declines) is scanned in
    full. The scan of each part of the file refuses what this one does not read (a brace that
    never closes in an entry)."""
    text = source.text
    heads = [match.start() for match in _LINE_AT.finditer(text)]
    starts = heads if heads[:1] == [0] else [0, *heads]
    first_head = 0 if heads[:1] == [0] else -1  # the index in heads of the first start
    found = Outline([], heads, [])
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(text)], strict=True)):
        head_number = number + first_head
        at = text.find("@", start, end) if head_number >= 0 else -1
        head = _HEAD.match(text, at) if at >= 0 else None
        if head is not None and text.count("@", head.end(), end) == 0:
            try:
                block = _lone_block(text, head, end)
            except _Unusual:
                block = None  # the stretch is scanned in full
            if block is not None:
                found.blocks.append(block)
                found.alone.append(head_number if isinstance(block, RawEntry) else None)
                continue
        if start == end:
            continue
        if end < len(text) and TRAILING_AT.search(text, start, end):
            return None  # the whole text's scan reads this `@` with the next line's head
        # Problems are not the outline's: the positions in this scan need not be the file's.
        document = scan(Source(text[start:end], source.name))
        if document is None:
            return None
        for block in document.blocks:
            if isinstance(block, RawEntry):
                crossref = tuple(f for f in block.fields if f.name == "crossref")
                block = _shifted(attrs.evolve(block, fields=crossref), start)
                found.alone.append(head_number if block.offset == at else None)
            else:
                block = _shifted(block, start)
                found.alone.append(None)
            found.blocks.append(block)
    return found


def _lone_block(text: str, head: re.Match[str], end: int) -> RawEntry | RawBlock | None:
    """The one block from ``head`` to ``end`` for the outline; None (or _Unusual) when the
    full scan must read it (a crossref field written twice)."""
    kind = head.group(1).lower()
    if kind in _BLOCK_KINDS:
        block, position = _block(text, kind, head.start(), head.end())
        if position > end:
            raise _Unusual
        return block
    if kind.startswith(_BLOCK_KINDS):
        raise _Unusual
    if _CROSSREF.search(text, head.end(), end) is None:
        return RawEntry(kind, _key(text, head.end()).group(1), (), head.start())
    entry, position, repeated = _entry(text, kind, head.start(), head.end())
    if repeated or position > end:
        return None
    crossref = tuple(f for f in entry.fields if f.name == "crossref")
    return RawEntry(kind, entry.key, crossref, entry.offset)


def _blocks(
    source: Source, problems: list[Diagnostic], start: int, end: int
) -> list[RawEntry | RawBlock]:
    """The blocks that start from ``start`` to ``end``, a stretch that ends where a line
    starts with `@` (or the text ends): no block it takes goes past it."""
    text = source.text
    blocks: list[RawEntry | RawBlock] = []
    position = start
    find = text.find
    while (at := find("@", position, end)) >= 0:
        head = _HEAD.match(text, at)
        if head is None:
            if _ANY_HEAD.match(text, at):
                raise _Unusual
            # An `@` in the text between entries (an e-mail address); what follows it must
            # not open a block for the careful path either.
            following = find("@", at + 1, end)
            between = text[at : following if following >= 0 else end]
            if "{" in between or "(" in between:
                raise _Unusual
            position = at + 1
            continue
        kind = head.group(1).lower()
        if kind in _BLOCK_KINDS:
            block, position = _block(text, kind, at, head.end())
            blocks.append(block)
        elif kind.startswith(_BLOCK_KINDS):
            raise _Unusual  # bibtexparser takes `@commentary` for a comment
        else:
            entry, position, repeated = _entry(text, kind, at, head.end())
            if repeated:
                entry = syntax.without_repeated_fields(entry, source, problems)
            blocks.append(entry)
        # bibtexparser, and BibTeX's recovery, start a block at any `@` that opens a line.
        if _BLOCK_START.search(text, at + 1, position):
            raise _Unusual
    return blocks


def _key(text: str, index: int) -> re.Match[str]:
    """The key after an entry's head; _Unusual where bibtexparser may read it otherwise (an
    `@` in it may start a block: `@misc{@(,`)."""
    key = _KEY.match(text, index)
    if key is None or "@" in key.group(1):
        raise _Unusual
    return key


def _entry(text: str, kind: str, at: int, index: int) -> tuple[RawEntry, int, bool]:
    """The entry, where it ends, and whether a field name is written twice (bibtexparser
    compares names as written, with their case)."""
    key = _key(text, index)
    index = key.end()
    fields: list[RawField] = []
    written: set[str] = set()
    repeated = False
    while True:
        simple = _SIMPLE_FIELD.match(text, index)
        if simple is not None:
            (name_at, name_end), (start, end) = simple.span(1), simple.span(2)
            name, index = text[name_at:name_end], simple.end()
        else:
            general = _FIELD_NAME.match(text, index)
            if general is None:
                break
            name, name_at, start = general.group(1), general.start(1), general.end()
            end = _value_end(text, start)
            index = _after_space(text, end)
        repeated = repeated or name in written
        written.add(name)
        fields.append(RawField(name.lower(), text[start:end], start, name_at))
        if text.startswith(",", index):
            index += 1
        elif not text.startswith("}", index):
            raise _Unusual
    index = _after_space(text, index)
    if not text.startswith("}", index) or not fields:
        raise _Unusual
    return RawEntry(kind, key.group(1), tuple(fields), at), index + 1, repeated


def fields_before_error(text: str, at: int) -> tuple[RawEntry, int] | None:
    """An entry BibTeX stops reading somewhere (a stray ``}`` and text after it, a field name
    it cannot read, an unclosed quote), as BibTeX keeps it: its fields up to that point, and the
    offset where it stops; None where not even a key and one field can be read."""
    head = _HEAD.match(text, at)
    if head is None or head.group(1).lower() in _BLOCK_KINDS:
        return None  # a @string, @preamble or @comment is no entry
    key = _KEY.match(text, head.end())
    if key is None:
        return None
    fields: list[RawField] = []
    index = key.end()
    while (found := _FIELD_NAME.match(text, index)) is not None:
        try:
            end = _value_end(text, found.end())
        except _Unusual:
            break
        fields.append(RawField(found.group(1).lower(), text[found.end() : end], found.end(),
                               found.start(1)))  # fmt: skip
        index = _after_space(text, end)
        if not text.startswith(",", index):
            break
        index += 1
    if not fields:
        return None
    return RawEntry(head.group(1).lower(), key.group(1), tuple(fields), at), _after_space(
        text, index
    )


def _block(text: str, kind: str, at: int, index: int) -> tuple[RawBlock, int]:
    block, after = _block_at(text, kind, at, index)
    if text.startswith("@", after):
        raise _Unusual  # `@comment{x}@misc{...`: the careful path reads both as one block
    return block, after


def _block_at(text: str, kind: str, at: int, index: int) -> tuple[RawBlock, int]:
    if kind == "comment":
        end = _closing_brace(text, index - 1)
        return RawBlock("comment", "", text[index:end].strip(), at), end + 1
    name = ""
    if kind == "string":
        found = _FIELD_NAME.match(text, index)
        if found is None:
            raise _Unusual
        name, start = found.group(1), found.end()
    else:
        start = _after_space(text, index)
    end = _value_end(text, start)
    close = _after_space(text, end)
    if not text.startswith("}", close):
        raise _Unusual
    value = text[start:end] if kind == "string" else text[index:close]
    return RawBlock(kind, name, value, index), close + 1


def _after_space(text: str, index: int) -> int:
    space = _SPACE.match(text, index)
    return space.end() if space else index


def _value_end(text: str, index: int) -> int:
    """Where the value expression that starts at ``index`` ends: parts joined by ``#``."""
    while True:
        char = text[index : index + 1]
        if char == "{":
            index = _closing_brace(text, index) + 1
        elif char == '"':
            index = _closing_quote(text, index) + 1
        else:
            bare = _BARE.match(text, index)
            if bare is None:
                raise _Unusual
            index = bare.end()
        concat = _CONCAT.match(text, index)
        if concat is None:
            return index
        index = concat.end()


def _closing_brace(text: str, index: int) -> int:
    closing = closing_or_none(text, index)
    if closing is None:
        raise _Unusual  # the careful path reports the brace that never closes
    return closing


def _closing_quote(text: str, index: int) -> int:
    """The quote that closes the one at ``index``: the next one outside braces."""
    depth = 0
    for mark in _QUOTED.finditer(text, index + 1):
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                raise _Unusual
        elif depth == 0:
            if text[mark.start() - 1] == "\\":
                raise _Unusual  # bibtexparser reads `\"` as a character, BibTeX does not
            return mark.start()
    raise _Unusual
