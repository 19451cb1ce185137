"""Deterministic, readable JSON: indented, but small flat values kept on one line.

``{"text": "BERT", "marks": ["nocase"]}`` and ``["cs.CL"]`` stay whole, so that a golden file
reads record by record instead of one token per line.
"""

from __future__ import annotations

import json

from pubkit.diagnostics import Diagnostic, error
from pubkit.location import Span

_WIDTH = 100


def dumps(value: object, indent: int = 2) -> str:
    if indent <= 0:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _render(value, indent, 0, 0)


def _flat(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _is_leaf(value: dict[str, object] | list[object]) -> bool:
    """A container of scalars only (or of such containers, one level deep)."""
    return all(
        not isinstance(item, dict | list)
        or all(not isinstance(inner, dict | list) for inner in _items(item))
        for item in _items(value)
    )


def _items(value: dict[str, object] | list[object]) -> list[object]:
    return list(value.values()) if isinstance(value, dict) else list(value)


def _render(value: object, indent: int, level: int, used: int) -> str:
    if not isinstance(value, dict | list) or not value:
        return _flat(value)
    flat = _flat(value)
    if _is_leaf(value) and used + len(flat) <= _WIDTH:
        return flat
    pad = " " * (indent * (level + 1))
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            prefix = f"{pad}{_flat(key)}: "
            lines.append(prefix + _render(item, indent, level + 1, len(prefix)))
        body, (open_, close) = ",\n".join(lines), "{}"
    else:
        lines = [pad + _render(item, indent, level + 1, len(pad)) for item in value]
        body, (open_, close) = ",\n".join(lines), "[]"
    return f"{open_}\n{body}\n{' ' * (indent * level)}{close}"


def load_document(source_text: str, source_name: str) -> tuple[object, list[Diagnostic]]:
    """The JSON value of a source, or the problem with its line and column."""
    try:
        return json.loads(source_text), []
    except json.JSONDecodeError as exc:
        problem = error("invalid-json", exc.msg, Span(source_name, exc.lineno, exc.colno))
        return None, [problem]
