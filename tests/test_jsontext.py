"""pubkit's JSON text: the layout it promises (indented; a container of scalars, or of
containers of scalars, on one line where it fits), and the value back as it was."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit import jsontext

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=3),
    st.text(min_size=20, max_size=60),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=40,
)


def _flat(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _one_line_kind(value: dict[str, object] | list[object]) -> bool:
    items = value.values() if isinstance(value, dict) else value
    for item in items:
        if isinstance(item, dict | list):
            inner = item.values() if isinstance(item, dict) else item
            if any(isinstance(x, dict | list) for x in inner):
                return False
    return True


def _expected(value: object, level: int = 0, used: int = 0) -> str:
    """The layout, spelled out plainly: the rule of ``jsontext`` without its shortcuts."""
    if not isinstance(value, dict | list) or not value:
        return _flat(value)
    if _one_line_kind(value) and used + len(_flat(value)) <= 100:
        return _flat(value)
    pad = "  " * (level + 1)
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            prefix = f"{pad}{_flat(key)}: "
            lines.append(prefix + _expected(item, level + 1, len(prefix)))
        return "{\n" + ",\n".join(lines) + "\n" + "  " * level + "}"
    lines = [pad + _expected(item, level + 1, len(pad)) for item in value]
    return "[\n" + ",\n".join(lines) + "\n" + "  " * level + "]"


@settings(max_examples=500)
@given(value=_values)
def test_the_layout_is_the_one_promised_and_the_value_reads_back(value):
    text = jsontext.dumps(value)
    assert text == _expected(value)
    assert json.loads(text) == value


def test_a_long_list_of_pairs_is_one_pair_a_line():
    """The shape of a work's native fields: too long for one line, each pair on its own."""
    value = {"fields": [["abstract", "x" * 120], ["note", "short"], ["year", "2000"]]}
    assert jsontext.dumps(value) == (
        '{\n  "fields": [\n    [\n      "abstract",\n      "' + "x" * 120 + '"\n    ],\n'
        '    ["note", "short"],\n    ["year", "2000"]\n  ]\n}'
    )


def test_containers_at_the_edge_of_the_line():
    """One character either side of the width, for each shape that may go on one line."""
    for size in range(80, 100):
        text = "a" * size
        for value in (
            [text],
            {"k": [text]},
            [["x", text]],
            {"k": {"key": text}},
            [text[: size // 2], text[size // 2 :]],
            {"k": [[1, text[:40]], [True, text[40:]]]},
        ):
            assert jsontext.dumps(value) == _expected(value)
