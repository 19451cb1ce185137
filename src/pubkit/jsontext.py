"""Deterministic, readable JSON: indented, but small flat values kept on one line.

``{"text": "BERT", "marks": ["nocase"]}`` and ``["cs.CL"]`` stay whole, so that a golden file
reads record by record instead of one token per line.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable

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


def _is_leaf(value: dict[str, object] | list[object]) -> bool:
    """A container of scalars only (or of such containers, one level deep)."""
    for item in value.values() if isinstance(value, dict) else value:
        if isinstance(item, dict | list):
            for inner in item.values() if isinstance(item, dict) else item:
                if isinstance(inner, dict | list):
                    return False
    return True


def _render(value: object, indent: int, level: int, used: int) -> str:
    if isinstance(value, str):
        return _string(value)
    if not isinstance(value, dict | list) or not value:
        return _flat(value)
    if _is_leaf(value) and used + len(flat := _flat(value)) <= _WIDTH:
        return flat
    pad = " " * (indent * (level + 1))
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            prefix = f"{pad}{_string(key)}: "
            lines.append(prefix + _render(item, indent, level + 1, len(prefix)))
        body, (open_, close) = ",\n".join(lines), "{}"
    else:
        lines = [pad + _render(item, indent, level + 1, len(pad)) for item in value]
        body, (open_, close) = ",\n".join(lines), "[]"
    return f"{open_}\n{body}\n{' ' * (indent * level)}{close}"


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
_LONE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
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
