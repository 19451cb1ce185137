"""Brace groups, the one place pubkit counts braces.

Two ways of counting, because TeX and BibTeX differ: BibTeX counts every brace, escaped or not
(``\\{`` opens a group as far as a .bib file's structure goes), while TeX does not count an
escaped one. ``escaped=False`` (the default) counts as BibTeX does.
"""

from __future__ import annotations

import re

_BRACE = re.compile(r"[{}]")
_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)


def _braces(text: str, *, escaped: bool) -> list[tuple[int, str]]:
    """The positions of the braces that count (a regular expression: no loop per character)."""
    if escaped:
        return [
            (m.start(), m.group()) for m in _BRACE_OR_ESCAPE.finditer(text) if len(m.group()) == 1
        ]
    return [(m.start(), m.group()) for m in _BRACE.finditer(text)]


def pairs(text: str, *, escaped: bool = False) -> dict[int, int]:
    """Opening positions mapped to their closing ones; braces without a partner are left out."""
    found: dict[int, int] = {}
    stack: list[int] = []
    for index, char in _braces(text, escaped=escaped):
        if char == "{":
            stack.append(index)
        elif stack:
            found[stack.pop()] = index
    return found


def unmatched(text: str, *, escaped: bool = False) -> list[int]:
    """The positions of the braces that have no partner, in order."""
    paired = pairs(text, escaped=escaped)
    closing = set(paired.values())
    return [i for i, _ in _braces(text, escaped=escaped) if i not in paired and i not in closing]


_NOT_BRACE = re.compile(r"[^{}]+")


def balanced(text: str) -> bool:
    """Whether every brace has its partner, counting as BibTeX counts."""
    if "}" not in text:
        return "{" not in text
    depth = 0
    for char in _NOT_BRACE.sub("", text):  # the braces alone, in order
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def closing(text: str, start: int) -> int:
    """The position of the brace that closes the one at ``start`` (the end when none does)."""
    found = closing_or_none(text, start)
    return len(text) - 1 if found is None else found


def closing_or_none(text: str, start: int) -> int | None:
    """The position of the brace that closes the one at ``start``; None when none does."""
    depth = 0
    for mark in _BRACE.finditer(text, start):
        depth += 1 if mark.group() == "{" else -1
        if depth == 0:
            return mark.start()
    return None


# A brace group whose braces nest at most two deep, matched without backtracking (possessive):
# what most BibTeX values are, read by one regular expression.
SHALLOW_GROUP = r"\{(?:[^{}]++|\{[^{}]*+\})*+\}"


def braced_whole(text: str) -> bool:
    """Whether ``text`` is one brace group: ``{Barnes and Noble, Inc.}``, not ``{A} and {B}``."""
    return text.startswith("{") and closing(text, 0) == len(text) - 1


def top_level_groups(text: str) -> list[str]:
    """The contents of the brace groups that follow one another in ``text``."""
    return [text[start + 1 : end] for start, end in _top_level(pairs(text)).items()]


def _top_level(found: dict[int, int]) -> dict[int, int]:
    outer: dict[int, int] = {}
    end = -1
    for start in sorted(found):
        if start > end:
            outer[start] = end = found[start]
    return outer
