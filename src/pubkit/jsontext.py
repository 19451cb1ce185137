"""JSON text: written deterministic and readable (indented, but small flat values kept on one
line), read with positions for every problem, and a large array's items read a few
megabytes at a time.

``{"text": "BERT", "marks": ["nocase"]}`` and ``["cs.CL"]`` stay whole, so that a golden file
reads record by record instead of one token per line.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Callable, Iterator
from typing import IO

from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.location import Span
from pubkit.source import Source

_WIDTH = 100


def dumps(value: object, indent: int = 2) -> str:
    if indent <= 0:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _render(value, indent, 0, 0)


def _unknown(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _c_encoder() -> Callable[[object], str] | None:
    """The C encoder alone, made once: ``JSONEncoder.encode`` makes a new one per call, and
    small values are encoded by the hundred thousand. None where Python has no C encoder."""
    make = getattr(json.encoder, "c_make_encoder", None)
    try:
        encode = make(None, _unknown, _string, None, ": ", ", ", False, False, True)  # type: ignore[misc]
        if "".join(encode({"a": [1.5, None]}, 0)) != '{"a": [1.5, null]}':
            return None
    except Exception:  # another Python's private signature: the public encoder does
        return None
    return lambda value: "".join(encode(value, 0))


_string = json.encoder.encode_basestring  # a string as `json.dumps(..., ensure_ascii=False)`
_flat: Callable[[object], str] = (
    _c_encoder() or json.JSONEncoder(ensure_ascii=False).encode
)  # one line, as `json.dumps(value, ensure_ascii=False)` writes it


_CONTAINER = (dict, list)  # a tuple: `dict | list` written in a call is made anew each time


def _may_fit(value: dict[str, object] | list[object], room: int) -> bool:
    """Whether ``value`` is a container of scalars only (or of such containers, one level
    deep) whose strings alone leave room for it on one line: only such a one is written on
    one line to be measured (a JSON string is at least two characters longer than its text;
    a list of long values, written and thrown away, cost a quarter of the writing)."""
    size = 0
    for item in value.values() if isinstance(value, dict) else value:
        if isinstance(item, str):
            size += len(item) + 2
        elif isinstance(item, _CONTAINER):
            for inner in item.values() if isinstance(item, dict) else item:
                if isinstance(inner, _CONTAINER):
                    return False
                if isinstance(inner, str):
                    size += len(inner) + 2
        if size > room:
            return False
    return True


def _render(value: object, indent: int, level: int, used: int) -> str:
    if isinstance(value, str):
        return _string(value)
    if not isinstance(value, _CONTAINER) or not value:
        return _flat(value)
    if _may_fit(value, _WIDTH - used) and used + len(flat := _flat(value)) <= _WIDTH:
        return flat
    # Strings, most of the items, are written here rather than in a call of their own: a
    # large output has hundreds of thousands of them.
    level += 1
    pad = " " * (indent * level)
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            prefix = f"{pad}{_string(key)}: "
            if isinstance(item, str):
                lines.append(prefix + _string(item))
            else:
                lines.append(prefix + _render(item, indent, level, len(prefix)))
        open_, close = "{", "}"
    else:
        width = len(pad)
        for item in value:
            if isinstance(item, str):
                lines.append(pad + _string(item))
            else:
                lines.append(pad + _render(item, indent, level, width))
        open_, close = "[", "]"
    body = ",\n".join(lines)
    return f"{open_}\n{body}\n{' ' * (indent * (level - 1))}{close}"


def load_document(source: Source) -> tuple[object, list[Diagnostic]]:
    """The JSON value of a source, or the problem with its line and column."""
    source_text, source_name = source.text, source.name
    constants: list[str] = []
    try:
        value = json.loads(
            source_text, parse_int=_integer, parse_float=_float, parse_constant=constants.append
        )
        too_deep = _deeper_than(value, _MAX_DEPTH)
    except json.JSONDecodeError as exc:
        problem = error("invalid-json", exc.msg, Span(source_name, exc.lineno, exc.colno))
        return None, [problem]
    except RecursionError:
        too_deep = True
    if too_deep:
        # Readers and writers recurse into values: a value this deep would exhaust the stack.
        message = f"arrays and objects nested too deeply (more than {_MAX_DEPTH} levels)"
        return None, [error("invalid-json", message, source.span(_too_deep(source_text)))]
    problems: list[Diagnostic] = []
    if _SURROGATE_ESCAPE.search(source_text) and _has_lone_surrogate(value):
        # `"\ud800"` alone is no character: no output could hold it.
        value = _replace_lone_surrogates(value)
        lone = _LONE_ESCAPE.search(source_text)
        where = source.span(lone.start()) if lone else source.line(1)
        message = "a lone surrogate escape (\\ud800) is no character; read as U+FFFD"
        problems.append(warning("invalid-json", message, where))
    if constants:  # Python reads NaN and Infinity, which JSON does not have
        offset = next(m.start(1) for m in _CONSTANT.finditer(source_text) if m.group(1))
        message = f"{constants[0]} is not a JSON value"
        return None, [error("invalid-json", message, source.span(offset))]
    return value, problems


def array_items(
    file: IO[bytes], begin: int, block: int, limit: int
) -> Iterator[tuple[int, int, object]]:
    """Each item of the JSON array that a UTF-8 file holds from byte ``begin``: the byte
    offsets where it starts and ends, and its value; the file is read ``block`` bytes at a
    time, never whole. Raises ``ValueError`` where the file is not such an array, or holds
    what ``load_document`` would report (``NaN``, a lone surrogate escape), or an item that,
    with the block read after it, is longer than ``limit`` characters: ``load_document`` reads
    such a file whole and says what it found. (Items nested too deeply are not looked for
    here: ``load_document`` finds them in the item.)"""
    reader = _ArrayReader(file, begin, block, limit)
    if reader.next_character() != "[":
        raise ValueError("not an array")
    reader.at += 1
    if reader.next_character() == "]":
        reader.at += 1
    else:
        while True:
            start = reader.byte_offset()
            value = reader.value()
            yield start, reader.byte_offset(), value
            separator = reader.next_character()
            reader.at += 1
            if separator == "]":
                break
            if separator != ",":
                raise ValueError("not an array")
            reader.next_character()
    if reader.next_character():
        raise ValueError("text after the array")


class _ArrayReader:
    """The text of a file read a block at a time, and a place in it (``at``), with the byte
    offset of each place counted as it is passed (each character is encoded once)."""

    def __init__(self, file: IO[bytes], begin: int, block: int, limit: int) -> None:
        file.seek(begin)
        self.file, self.block, self.limit = file, block, limit
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.decoder = json.JSONDecoder(parse_constant=_not_json)
        self.text, self.at, self.ended = "", 0, False
        self.counted, self.counted_bytes = 0, begin  # `text[counted]` is at that byte
        self.checked = 0  # `text` is looked through for lone surrogate escapes up to here

    def byte_offset(self) -> int:
        self.counted_bytes += len(self.text[self.counted : self.at].encode("utf-8"))
        self.counted = self.at
        return self.counted_bytes

    def read_more(self) -> bool:
        if self.ended:
            return False
        data = self.file.read(self.block)
        self.ended = not data
        added = self.utf8.decode(data, final=self.ended)  # not UTF-8: a ValueError
        self.byte_offset()
        # The text passed is dropped; `at` is never inside a string, so every escape before
        # it can be told lone or paired now.
        self._check_escapes(self.at)
        self.text, self.at, self.counted = self.text[self.at :] + added, 0, 0
        self.checked = 0
        if len(self.text) > self.limit:
            raise ValueError("an item longer than the limit")
        # An escape near the end may be the first of a pair that the next block completes.
        self._check_escapes(len(self.text) if self.ended else len(self.text) - 12)
        return True

    def _check_escapes(self, before: int) -> None:
        """Raise for a lone surrogate escape that starts before ``before``."""
        for escape in _LONE_ESCAPE.finditer(self.text, self.checked):
            if escape.start() >= before:
                break
            raise ValueError("a lone surrogate escape")
        self.checked = max(self.checked, before)

    def next_character(self) -> str:
        """The next character that is not white space ("" at the end), at ``at``."""
        while True:
            self.at = _JSON_SPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text) or not self.read_more():
                return self.text[self.at : self.at + 1]

    def _number_may_go_on(self, end: int) -> bool:
        """Whether all that was read after a number at ``end`` could be more of it."""
        return _NUMBER_CHARACTERS.match(self.text, end).end() == len(self.text)  # type: ignore[union-attr]

    def value(self) -> object:
        """The JSON value at ``at``, passed."""
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError:
                if not self.read_more():  # else: a value cut by the end of what was read
                    raise
                continue
            except RecursionError as exc:
                raise ValueError("nested too deeply") from exc
            if isinstance(value, int | float) and self._number_may_go_on(end) and self.read_more():
                continue  # in the next block (`6` of `6.5`, `-6.` of `-6.5`)
            self.at = end
            return value


def _not_json(constant: str) -> object:
    raise ValueError(f"{constant} is not JSON")


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_CHARACTERS = re.compile(r"[0-9.eE+-]*")
# Python's int() refuses numbers of more than 4,300 digits; no bibliographic number is near.
_MAX_DIGITS = 4000
# Deeper than this, the value is not a bibliography (CSL-JSON nests four or five levels, pubkit
# JSON a few more); readers and writers recurse into values, several frames a level.
_MAX_DEPTH = 100
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _integer(text: str) -> int | str:
    """A JSON integer; one too long for Python stays its digits, which readers report."""
    return int(text) if len(text) <= _MAX_DIGITS else text


def _float(text: str) -> float | str:
    """A JSON number with a fraction or exponent; one too large for a float (`1e999`) stays its
    text, which readers report, rather than an infinity no JSON output can hold."""
    number = float(text)
    return number if math.isfinite(number) else text


def _deeper_than(value: object, limit: int) -> bool:
    """Whether ``value`` nests arrays and objects more than ``limit`` deep (without recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')  # strings, to pass over
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
# A high surrogate escape without a low one after it, or a low one without a high one before.
# Both branches begin with a backslash, `u` and `d`, so the engine tries only where those are
# (a branch that began with the look-behind was tried at every character: ten times slower).
_LONE_ESCAPE = re.compile(
    r"\\u[dD](?:[89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD])[c-fC-F][0-9a-fA-F]{2})"
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value: object) -> bool:
    return _LONE_SURROGATE.search(json.dumps(value, ensure_ascii=False)) is not None


def _replace_lone_surrogates(value: object) -> object:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replace_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _LONE_SURROGATE.sub("\ufffd", key): _replace_lone_surrogates(item)
            for key, item in value.items()
        }
    return value


def _too_deep(text: str) -> int:
    """The offset of the bracket that opens level ``_MAX_DEPTH + 1``."""
    depth = 0
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return token.start()
        elif bracket in "]}":
            depth -= 1
    return 0
