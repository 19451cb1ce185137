"""The listing's lines, and the shape test that tells an author line from prose."""

from __future__ import annotations

import re

import attrs


@attrs.frozen
class Line:
    number: int  # 1-based
    text: str  # without the line end; tabs turned to spaces, trailing blanks removed
    follows_text: bool  # the line before it is not blank


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, numbered as an editor numbers them."""
    lines: list[Line] = []
    previous_blank = True
    for number, raw in enumerate(text.split("\n"), start=1):
        clean = raw.replace("\t", " ").rstrip()
        if not clean.strip():
            previous_blank = True
            continue
        lines.append(Line(number, clean, not previous_blank))
        previous_blank = False
    return lines


_PARTICLES = frozenset(
    """
    van von der den de del della di da das dos du la le ter ten bin ibn al el y zu
    """.split()
)
_SENTENCE_END = re.compile(r"[a-z]{2,}[.!?]\s+[A-Z]")
_MAX_WORDS_PER_NAME = 6


def looks_like_authors(text: str) -> bool:
    """Whether ``text`` has the shape of an author line rather than a title or an abstract.

    Only used where the layout leaves the role of a line open (a record missing a part).
    """
    if "·" in text or "•" in text or re.search(r"\bet\.? al\b", text):
        return True
    if _SENTENCE_END.search(text) or any(mark in text for mark in ":?!;()"):
        return False
    for name in text.split(","):
        words = name.split()
        if not words:
            continue
        if len(words) > _MAX_WORDS_PER_NAME:
            return False
        if any(w[0].islower() and w not in _PARTICLES and w != "and" for w in words):
            return False
    return True
