"""The listing's lines and paragraphs, and the shape tests that tell their roles apart."""

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


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines with no blank line between them."""
    result: list[list[Line]] = []
    for line in lines:
        if line.follows_text and result:
            result[-1].append(line)
        else:
            result.append([line])
    return result


_PARTICLES = frozenset(
    "van von der den de del della di da das dos du la le ter ten bin ibn al el y zu".split()
)
_SENTENCE_END = re.compile(r"[a-z]{2,}[.!?][\"')\]]?\s+[A-Z]")
_ENDS_LIKE_A_SENTENCE = re.compile(r"\b[a-z]{2,}[.!?]$")
_MAX_WORDS_PER_NAME = 5
_MAX_WORDS_PER_PART = 8


def is_prose(text: str) -> bool:
    """Whether ``text`` reads as sentences (an abstract) rather than a list of names."""
    if _SENTENCE_END.search(text):
        return True
    if _ENDS_LIKE_A_SENTENCE.search(text) and not text.endswith(("et al.", "al.")):
        return True
    return any(len(part.split()) > _MAX_WORDS_PER_PART for part in text.split(","))


def looks_like_authors(text: str) -> bool:
    """Whether ``text`` is plainly an author line, not a title: used only where the layout
    leaves a line's role open (a blank line between a date line and what follows it)."""
    if re.search(r"\s[·•]|[·•]\s|\bet\.? al\b", text):
        return True
    if is_prose(text) or any(mark in text for mark in ":?!;()"):
        return False
    parts = [part.split() for part in text.split(",") if part.strip()]
    if len(parts) == 1 and len(parts[0]) > 3:
        return False
    for words in parts:
        if len(words) > _MAX_WORDS_PER_NAME:
            return False
        if any(w[0].islower() and w not in _PARTICLES and w != "and" for w in words):
            return False
    return True
