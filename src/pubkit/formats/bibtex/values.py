"""BibTeX value expressions: ``pub # " Inc."``, ``{...}``, ``"..."``, ``2020``, ``apr``.

``evaluate`` resolves ``#`` concatenation, ``@string`` macros and the month macros, and strips
the delimiters, leaving the LaTeX inside as it is; each problem gets the position of the token
at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import attrs

from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.markup import braces
from pubkit.model.date import MONTH_ABBREVIATIONS, month_name
from pubkit.source import Source

MONTH_MACROS = {
    abbreviation: month_name(n) for n, abbreviation in enumerate(MONTH_ABBREVIATIONS, 1)
}


# A field value kept as the expression it was written as (an undefined macro), as JSON.
VERBATIM = "bibtex"


@attrs.frozen
class Value:
    text: str  # delimiters removed, macros resolved, parts concatenated; LaTeX left as it is
    macro: str | None = None  # the bare macro the whole value was (`apr`), if it was one
    unresolved: bool = False  # a macro no @string defines: BibTeX reads it as empty


# The longest value pubkit builds by concatenation: far beyond any field, short of what the
# memory of a doubling chain of macros would be.
MAX_VALUE = 1_000_000


def evaluate(
    expression: str, macros: Mapping[str, str], offset: int, source: Source
) -> tuple[Value, list[Diagnostic]]:
    """The value of ``expression``, which starts at ``offset`` in ``source``."""
    if _ONE_GROUP.fullmatch(expression):  # most values: `{...}` or `"..."` and nothing else
        if len(expression) - 2 <= MAX_VALUE:
            return Value(expression[1:-1]), []
        return Value(expression[1 : MAX_VALUE + 1]), [_too_long(source, offset)]
    problems: list[Diagnostic] = []
    parts: list[str] = []
    macro_only: str | None = None
    unresolved = False
    tokens = list(_tokens(expression))
    expect_part = True
    length = 0
    for kind, token, start in tokens:
        if length > MAX_VALUE:
            # `@string{s1 = s0 # s0}` thirty times over doubles a value to gigabytes.
            problems.append(_too_long(source, offset + start))
            break
        if kind == "concat":
            expect_part = True
            continue
        if not expect_part:
            message = f"{token[:30]!r} follows a value without a comma between them"
            problems.append(error("missing-comma", message, source.span(offset + start)))
            break
        expect_part = False
        count = len(parts)  # to tell whether this token added a part
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
                # BibTeX warns and reads it as empty; the entry is kept, and the field is
                # written back as it came, for a file that defines the macro.
                unresolved = True
                message = (
                    f"{token!r} is not a macro defined with @string (or a month); "
                    "the field is kept as written (BibTeX reads the macro as empty)"
                )
                problems.append(warning("unknown-macro", message, source.span(offset + start)))
            if len(tokens) == 1:
                macro_only = name
        else:
            message = f"unexpected {token[:30]!r}"
            problems.append(error("syntax-error", message, source.span(offset + start)))
            break
        length += len(parts[-1]) if len(parts) > count else 0
    text = "".join(parts)
    if len(text) > MAX_VALUE:
        if not any(p.code == "value-too-long" for p in problems):
            problems.append(_too_long(source, offset))
        text = text[:MAX_VALUE]
    return Value(text, macro_only, unresolved), problems


_BARE = re.compile(r"[^\s#{}\"]+")
# One braced or quoted group whose braces nest at most two deep (possessive: no backtracking).
_ONE_GROUP = re.compile(rf'{braces.SHALLOW_GROUP}|"(?:[^"{{}}]++|\{{[^{{}}]*+\}})*+"')


def _too_long(source: Source, offset: int) -> Diagnostic:
    message = f"the value is longer than {MAX_VALUE:,} characters; the rest is left out"
    return warning("value-too-long", message, source.span(offset))


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
            end = braces.closing(expression, index)
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
            yield ("number" if token.isascii() and token.isdigit() else "macro"), token, index
            index = match.end()


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


_FIELD_START = re.compile(r"(?m)^[ \t]*[\w:.-]+[ \t]*=")


def unclosed_brace(raw: str) -> int | None:
    """The offset in ``raw`` (an entry's text) of the brace that never closes.

    Counting braces over the whole entry only says that one is missing at the end; so each
    field is counted on its own (a field runs to the next line that starts another field),
    and the first field with a brace left open is the culprit.
    """
    starts = [m.start() for m in _FIELD_START.finditer(raw)]
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(raw)
        segment = raw[start:end]
        if number + 1 == len(starts):
            segment = segment[: segment.rfind("}")]  # the entry's own closing brace
        opened = [i for i in braces.unmatched(segment, escaped=True) if segment[i] == "{"]
        if opened:
            return start + opened[0]
    return None
