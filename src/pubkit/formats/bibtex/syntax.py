"""BibTeX syntax: blocks, fields and value expressions. The one module that imports bibtexparser.

bibtexparser 2 splits the text into blocks (entries, ``@string``, ``@preamble``, ``@comment``)
with their lines, and keeps the blocks it could not parse as data. pubkit runs it with no
middleware, so that field values arrive as written, and evaluates them itself: ``#``
concatenation, ``@string`` and month macros, braces and quotes, with a position for each
problem.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

import attrs
import bibtexparser
from bibtexparser import model

from pubkit.diagnostics import Diagnostic, error, warning

MONTH_MACROS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip


@attrs.frozen
class RawField:
    name: str  # lower-case
    value: str  # as written: `{...}`, `"..."`, `2020`, `apr`, `pub # " Inc."`
    line: int  # 1-based
    column: int


@attrs.frozen
class RawEntry:
    type: str  # lower-case
    key: str
    fields: tuple[RawField, ...]
    line: int
    column: int


@attrs.frozen
class Document:
    entries: tuple[RawEntry, ...]
    strings: dict[str, str]  # @string macros, names lower-case, values evaluated
    preambles: tuple[str, ...]
    comments: tuple[str, ...]
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
_BRACED_KEY = re.compile(r"(?m)^(?P<head>[ \t]*@\s*\w+\s*\{)(?P<key>[^,\s]*[{}\\][^,\s]*),")


def _repaired_key(match: re.Match[str]) -> str:
    key = re.sub(r"\\[^A-Za-z{}]|[{}\\]", "", match.group("key"))
    return match.group("head") + key + ","


def parse(text: str, source_name: str) -> Document:
    # A commented-out entry (`% @article{old,`) would start a block for bibtexparser; blanked,
    # with its line kept, so that positions stay true.
    text = _COMMENTED_ENTRY.sub("", text)
    repaired = [m.group("key") for m in _BRACED_KEY.finditer(text)]
    text = _BRACED_KEY.sub(_repaired_key, text)
    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(text, parse_stack=[])
    lines = text.split("\n")
    at = {"source": source_name}
    problems: list[Diagnostic] = []
    strings: dict[str, str] = {}
    entries: list[RawEntry] = []
    preambles: list[str] = []
    comments: list[str] = []
    for block in library.blocks:
        line = block.start_line + 1
        if isinstance(block, model.String):
            value, string_problems = evaluate(block.value, strings, line, 1, source_name)
            problems.extend(string_problems)
            strings[block.key.lower()] = value.text
        elif isinstance(block, model.Preamble):
            value, preamble_problems = evaluate(block.value, strings, line, 1, source_name)
            problems.extend(preamble_problems)
            preambles.append(value.text)
        elif isinstance(block, model.ExplicitComment):
            comments.append(block.comment)
        elif isinstance(block, model.Entry):
            entries.append(_raw_entry(block, lines))
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            problems.append(
                error(
                    "duplicate-key",
                    f"the key {block.key!r} is used by an earlier entry; this entry was not read",
                    line=line,
                    column=_column_of(lines, line, block.key),
                    key=block.key,
                    **at,
                )
            )
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            duplicated = ", ".join(sorted(block.duplicate_keys))
            key = block.ignore_error_block.key if block.ignore_error_block else None
            field_line = _duplicate_field_line(block, lines)
            problems.append(
                error(
                    "duplicate-field",
                    f"the field {duplicated} is given twice; the entry was not read",
                    line=field_line,
                    column=_column_of(lines, field_line, next(iter(block.duplicate_keys))),
                    key=key,
                    **at,
                )
            )
        elif isinstance(block, model.ParsingFailedBlock):
            problems.append(_failed_block(block, lines, source_name))
    for key in repaired:
        problems.append(
            warning(
                "key-repaired",
                f"the key {key!r} has braces or accents BibTeX keys cannot have; they were "
                "taken out",
                source=source_name,
                line=1 + text[: text.find(re.sub(r"\\[^A-Za-z{}]|[{}\\]", "", key))].count("\n"),
                key=key,
            )
        )
    return Document(tuple(entries), strings, tuple(preambles), tuple(comments), tuple(problems))


def _raw_entry(block: model.Entry, lines: list[str]) -> RawEntry:
    line = block.start_line + 1
    fields = []
    for field in block.fields:
        # bibtexparser keeps `% comment` lines before a field in its name; BibTeX has no
        # comments inside entries, but biber and every editor read them so.
        name = re.sub(r"%[^\n]*", "", field.key).strip().lower()
        field_line = field.start_line + 1 + field.key.count("\n")
        if not name:
            continue  # a commented-out field: `%  doi = {...},`
        fields.append(RawField(name, field.value, field_line, _column_of(lines, field_line, name)))
    return RawEntry(block.entry_type.lower(), block.key.strip(), tuple(fields), line, 1)


def _column_of(lines: list[str], line: int, word: str) -> int | None:
    if not 1 <= line <= len(lines) or not word:
        return None
    index = lines[line - 1].find(word)
    return index + 1 if index >= 0 else None


def _duplicate_field_line(block: model.DuplicateFieldKeyBlock, lines: list[str]) -> int:
    """The line of the second occurrence of the duplicated field."""
    name = next(iter(block.duplicate_keys))
    pattern = re.compile(rf"(?i)(?<![\w-]){re.escape(name)}\s*=")
    found = [block.start_line + 1 + i for i, text in enumerate(block.raw.split("\n"))
             if pattern.search(text)]  # fmt: skip
    return found[1] if len(found) > 1 else block.start_line + 1


def _failed_block(block: model.ParsingFailedBlock, lines: list[str], source: str) -> Diagnostic:
    """A block bibtexparser could not read: most often a brace that never closes."""
    start = block.start_line + 1
    key_match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]*)", block.raw)
    key = key_match.group(1) if key_match else None
    position = _unclosed_brace(block.raw)
    if position is not None:
        offset_line, column = position
        return error(
            "unclosed-brace",
            "this brace is never closed; the entry was not read",
            source=source,
            line=start + offset_line,
            column=column,
            key=key or None,
        )
    detail = str(block.error or "").strip().split("\n")[0] or (
        "an unclosed quote, or no comma after the key?"
    )
    return error(
        "syntax-error",
        f"cannot read this entry ({detail}); it was not read",
        source=source,
        line=start,
        column=1,
        key=key or None,
    )


_FIELD_START = re.compile(r"(?m)^[ \t]*[\w:.-]+[ \t]*=")


def _unclosed_brace(raw: str) -> tuple[int, int] | None:
    """(line offset, column) of the brace that never closes.

    Counting braces over the whole block only says that one is missing at the end; so each
    field is counted on its own (a field runs to the next line that starts another field),
    and the first field with a brace left open is the culprit.
    """
    starts = [m.start() for m in _FIELD_START.finditer(raw)]
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(raw)
        segment = raw[start:end]
        if number + 1 == len(starts):
            segment = segment[: segment.rfind("}")]  # the entry's own closing brace
        opened: list[int] = []
        for index, char in enumerate(segment):
            if char == "{" and (index == 0 or segment[index - 1] != "\\"):
                opened.append(index)
            elif char == "}" and opened and segment[index - 1] != "\\":
                opened.pop()
        if opened:
            return _line_column(raw, start + opened[0])
    return None


def _line_column(raw: str, index: int) -> tuple[int, int]:
    before = raw[:index]
    return before.count("\n"), index - (before.rfind("\n") + 1) + 1


# --- value expressions -------------------------------------------------------------------------


@attrs.frozen
class Value:
    text: str  # delimiters removed, macros resolved, parts concatenated; LaTeX left as it is
    macro: str | None = None  # the bare macro the whole value was (`apr`), if it was one


def evaluate(
    expression: str, macros: dict[str, str], line: int, column: int | None, source: str
) -> tuple[Value, list[Diagnostic]]:
    """``pub # " Inc."`` -> ``ACM Press Inc.``; reports unknown macros and missing commas."""
    problems: list[Diagnostic] = []
    parts: list[str] = []
    macro_only: str | None = None
    tokens = list(_tokens(expression))
    expect_part = True
    for kind, token, offset in tokens:
        where = _position(expression, offset, line, column)
        if kind == "concat":
            expect_part = True
            continue
        if not expect_part:
            problems.append(
                error(
                    "missing-comma",
                    f"{token[:30]!r} follows a value without a comma between them",
                    source=source,
                    **where,
                )
            )
            break
        expect_part = False
        if kind in ("braced", "quoted"):
            parts.append(token[1:-1])
        elif kind == "number":
            parts.append(token)
        elif kind == "macro":
            name = token.lower()
            if name in macros:
                parts.append(macros[name])
            elif name in MONTH_MACROS:
                parts.append(MONTH_MACROS[name])
            else:
                problems.append(
                    error(
                        "unknown-macro",
                        f"{token!r} is not a macro defined with @string (or a month)",
                        source=source,
                        **where,
                    )
                )
            if len(tokens) == 1:
                macro_only = name
        else:
            problems.append(
                error("syntax-error", f"unexpected {token[:30]!r}", source=source, **where)
            )
            break
    return Value("".join(parts), macro_only), problems


def _tokens(expression: str) -> Iterator[tuple[str, str, int]]:
    index = 0
    while index < len(expression):
        char = expression[index]
        if char.isspace():
            index += 1
        elif char == "#":
            yield "concat", "#", index
            index += 1
        elif char == "{":
            end = _matching(expression, index, "{", "}")
            yield "braced", expression[index : end + 1], index
            index = end + 1
        elif char == '"':
            end = _closing_quote(expression, index)
            yield "quoted", expression[index : end + 1], index
            index = end + 1
        else:
            match = _BARE.match(expression, index)
            if match is None:  # a stray closing brace
                yield "other", char, index
                index += 1
                continue
            token = match.group()
            yield ("number" if token.isdigit() else "macro"), token, index
            index = match.end()


_BARE = re.compile(r"[^\s#{}\"]+")


def _matching(text: str, start: int, opening: str, closing: str) -> int:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == opening:
            depth += 1
        elif text[index] == closing:
            depth -= 1
            if depth == 0:
                return index
    return len(text) - 1


def _closing_quote(text: str, start: int) -> int:
    depth = 0
    for index in range(start + 1, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return index
    return len(text) - 1


def _position(expression: str, offset: int, line: int, column: int | None) -> dict[str, int]:
    """Line and column of ``offset`` in a value that starts at (line, column)."""
    before = expression[:offset]
    newlines = before.count("\n")
    if newlines:
        return {"line": line + newlines, "column": offset - before.rfind("\n")}
    if column is None:
        return {"line": line}
    return {"line": line, "column": column}
