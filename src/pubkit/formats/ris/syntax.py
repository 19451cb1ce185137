"""RIS syntax: records of ``TAG  - value`` lines, read with their line numbers, and written.

pubkit splits records itself, so that every problem has its line: a record runs from ``TY`` to
``ER``; lines outside records (an export's header, stray text) are skipped; a line that is not
a tag continues the value above it (wrapped abstracts). Writing goes through rispy's writer,
with every value made one line first, so that no value can start a tag line of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

import rispy

from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.formats.rules import Locations, Record
from pubkit.source import Source

# `TY  - JOUR`; exporters vary the spaces around the hyphen, and `ER  -` may end there. A
# record indented as a whole (its `TY` line indented) has indented tag lines, in capitals;
# elsewhere an indented line is the text of a wrapped value (`  AI - driven`).
_TAG_LINE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<tag>[A-Za-z][A-Za-z0-9])\s{1,2}-(?:\s(?P<value>.*))?$"
)
# Runs of white space but single spaces (most values have nothing else: nothing to replace).
_WHITESPACE = re.compile(r"[ \t\r\n\f\v\x85\u2028\u2029]{2,}|[\t\r\n\f\v\x85\u2028\u2029]")


# Rayyan writes a tag on the line of the one before: `DO  - 10.1038/x     LK  - https://...`.
_GLUED_TAG = re.compile(r"[ \t]{3,}(?=[A-Z][A-Z0-9]  - )")
# Ovid's and PsycINFO's longer tags (`PMID  - `, `DESCRIPTORS  - `), which no RIS reader takes.
# (Two spaces before the hyphen, as RIS lays tags out: a wrapped line of prose that starts
# `RESULTS - ...` is text.)
_LONG_TAG = re.compile(r"[ \t]*([A-Z][A-Z0-9]{2,})  -(?: |$)")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line with its number, without trailing space; glued tags on lines of their own."""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if line.find("  - ", 4) < 0:  # most lines: one tag at most
            yield number, line
            continue
        for part in _GLUED_TAG.split(line):
            yield number, part


def read_records(source: Source) -> Iterator[Record | Diagnostic]:
    """Each record, or the problem of a record that is cut short."""
    current: list[tuple[int, str, str]] | None = None
    orphan_start: int | None = None
    indent = ""  # the indentation of the current record's TY line
    skipping = False  # in the lines of a longer tag
    for number, line in _lines(source.text):
        match = _TAG_LINE.match(line)
        if match is not None:
            line_indent, tag, value = match.groups()
            if line_indent:
                starts_record = current is None and tag == "TY"
                if not tag.isupper() or (line_indent != indent and not starts_record):
                    match = None
        if match is None:
            if current is not None and (long_tag := _LONG_TAG.match(line)):
                message = (
                    f"{long_tag.group(1)!r} is not an RIS tag (RIS tags have two characters); "
                    "the line was skipped, and the lines that continue it"
                )
                yield warning("unknown-tag", message, source.line(number))
                skipping = True
            elif current and line.strip() and not skipping:  # a wrapped value continues
                at, tag, value = current[-1]
                if tag in _ONE_PER_LINE and not line[:1].isspace():
                    current.append((number, tag, line.strip()))  # EndNote's, one a line
                else:
                    current[-1] = (at, tag, f"{value} {line.strip()}".strip())
            continue
        skipping = False
        tag = tag.upper()
        value = value.strip() if value else ""
        if tag == "TY":
            if orphan_start is not None:
                yield error(
                    "text-outside-record",
                    "tags outside any record (no 'TY  -' before them) were skipped",
                    source.line(orphan_start),
                )
            orphan_start = None
            if current and len(current) > 1:
                # The next record begins: this one ends there, as Zotero reads it.
                yield warning(
                    "missing-er",
                    "this record has no 'ER  -' line before the next 'TY  -'; read up to there",
                    source.line(current[0][0]),
                )
                yield _record(current, source)
            elif current:
                yield error(
                    "missing-er",
                    "this record has no tag but 'TY  -' and no 'ER  -' line before the next "
                    "'TY  -'; it was not read",
                    source.line(current[0][0]),
                )
            current = [(number, tag, value)]
            indent = line_indent
        elif tag == "ER":
            if current is None:
                start = orphan_start or number
                yield error(
                    "missing-ty", "this record has no 'TY  -' line; it was not read",
                    source.line(start),
                )  # fmt: skip
            else:
                yield _record(current, source)
            current = None
            orphan_start = None
        elif current is not None:
            current.append((number, tag, value))
        elif orphan_start is None:
            # Tags outside a record: an export's header lines, or a record without TY (if ER
            # follows). Either way they are not read.
            orphan_start = number
    if current:
        yield error(
            "missing-er",
            "the file ends inside this record (no 'ER  -' line); it was not read",
            source.line(current[0][0]),
        )


# Tags whose lines without a tag of their own are further values, not a wrapped one.
_ONE_PER_LINE = frozenset({"KW", "SN"})
# Tags that are another spelling of a tag, read as it: RIS 1's `A1` is `AU`, and a record
# that mixes them (`A1  - Georgiev` before two `AU` lines) lists its authors in file order.
_SPELLINGS = {"A1": "AU"}


def _record(lines: list[tuple[int, str, str]], source: Source) -> Record:
    """A record's tags, each with the list of its values (empty values left out)."""
    start, _, record_type = lines[0]
    lines_of = Locations(source.line)  # from line numbers, when a problem asks
    record = Record(record_type.upper(), where=source.line(start), field_where=lines_of)
    for number, written_tag, value in lines[1:]:
        tag = _SPELLINGS.get(written_tag, written_tag)
        if tag == "ID" and record.key is None and value:
            record.key = value
            continue
        if tag not in lines_of:
            lines_of.at(tag, number)
        if value:
            record.fields.setdefault(tag, []).append(value)
    return record


def one_line(text: str) -> str:
    """A value as one line: line breaks and runs of spaces become one space (no-break spaces
    stay), so that no value can start a line, and so a record, of its own."""
    return _WHITESPACE.sub(" ", text).strip()


class _Writer(rispy.RisWriter):  # type: ignore[misc]  # rispy has no type information
    """rispy's RIS writer without the ``1.`` line it puts before each record."""

    DEFAULT_LIST_TAGS: ClassVar[list[str]] = []

    def set_header(self, count: int) -> str:
        return ""


def write_records(records: list[Record]) -> str:
    """RIS text: ``TY``, ``ID``, then the records' tags in their order; one line each."""
    references = []
    tags: set[str] = set()
    for record in records:
        reference: dict[str, object] = {"type_of_reference": one_line(record.type)}
        if record.key:
            reference["id_tag"] = one_line(record.key)
        for tag in record.fields:
            if not _TAG.fullmatch(tag) or tag in ("TY", "ER", "ID"):
                continue  # not a tag a line can carry
            value = record.fields[tag]
            values = [one_line(str(v)) for v in (value if isinstance(value, list) else [value])]
            if values := [v for v in values if v]:
                reference[tag] = values
                tags.add(tag)
        references.append(reference)
    # rispy writes the labels its mapping knows: here every tag is its own label.
    mapping = {"TY": "type_of_reference", "ID": "id_tag", **{tag: tag.lower() for tag in tags}}
    return str(_Writer(mapping=mapping, enforce_list_tags=False).formats(references))


_TAG = re.compile(r"[A-Z][A-Z0-9]")
