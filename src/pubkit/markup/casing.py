"""Case protection: which words of a title a style must never lower-case.

A word (split at spaces, without surrounding punctuation) is protected when one of its
hyphen-separated parts has an upper-case letter after its first character (``BERT``, ``LLMs``,
``ArXiv``, ``CodeI/O``, ``DeepSeek``) or mixes letters and digits (``R1``, ``V3.2``, ``7B``); the
whole word is then protected (``{DeepSeek-R1}``, ``{AMR-enhanced}``). So is a word that is a
single capital letter, or begins with one (``I``, ``R``, ``C++``, ``Q-Learning``), but for the
article ``A``. Words that are only capitalized (``Language``, ``Two-Stream``) are left to the
style: that is what title case means, but for two places where a capital is the author's:

* the word that opens a phrase after ``!`` or ``?`` ("Then Parse! Enhancing ...": BibTeX's
  styles keep a capital after a colon, not after these);
* a hyphenated name the title opens with, before a colon ("Bi-Drop: ...").
"""

from __future__ import annotations

import functools
import re

from pubkit.model.text import Chunk, Kind, Mark, Text

_WORD = re.compile(r"\S+")
# In ASCII text, what every word ``_split_chunk`` protects has (and more): a capital after
# another character of its word, a digit, a capital that is a part's only letter (`I`, `C++`,
# `Q-Learning`), a `!` or `?` before a capital.
_MAYBE_PROTECTED = re.compile(r"[^\s\-][A-Z]|[0-9]|[A-Z](?![A-Za-z])|[!?]")
_LEADING = "\"'([{‘“«"
_TRAILING = "\"'.,:;!?)]}’”»"


@functools.lru_cache(maxsize=8192)  # words repeat: a title's words are mostly common ones
def needs_protection(word: str) -> bool:
    if word in ("A", "A:"):  # the article; a style capitalizes it where it must
        return False
    for part in word.split("-"):
        letters = [c for c in part if c.isalpha()]
        if any(c.isupper() for c in part[1:]) and letters:
            return True
        if letters and any(c.isdigit() for c in part):
            return True
        if len(letters) == 1 and letters[0].isupper() and part[0] == letters[0]:
            return True  # I, R, C++, C#, Q-Learning, T-Cells, P = NP
    return False


def protect_case(text: Text) -> Text:
    """``text`` with every word that needs it marked ``nocase``; other chunks unchanged."""
    chunks: list[Chunk] = []
    # Where a word stands decides as much as the word: what the text so far ends with (its
    # last character, its last one that is not a space; "" before any), kept as two
    # characters, not the text itself, so that long texts take linear time.
    last, visible = "", ""
    for chunk in text.chunks:
        if chunk.kind is not Kind.TEXT or Mark.NOCASE in chunk.marks:
            chunks.append(chunk)
        else:
            chunks.extend(_split_chunk(chunk, last, visible))
        if chunk.text:
            last = chunk.text[-1]
            visible = chunk.text.rstrip()[-1:] or visible
    return Text(tuple(chunks))


def _author_capital(word: str, core: str, last: str, visible: str) -> bool:
    """A capital that is the author's, not title case: see the module's docstring. ``last``
    and ``visible`` are the last character before the word and the last that is not a space
    ("" at the start)."""
    if not core[:1].isupper():
        return False
    if visible in ("!", "?") and last.isspace():
        return True
    opens_title = not visible and word.endswith(":")
    parts = core.split("-")
    return opens_title and len(parts) > 1 and all(p[:1].isupper() for p in parts if p)


def _split_chunk(chunk: Chunk, last: str, visible: str) -> list[Chunk]:
    text = chunk.text
    if (
        text.isascii()
        and visible not in ("!", "?")
        and (visible or "-" not in text)
        and _MAYBE_PROTECTED.search(text) is None
    ):
        return [chunk] if text else []  # most titles: no word a rule below could protect
    pieces: list[Chunk] = []
    position = 0
    for match in _WORD.finditer(text):
        word = match.group()
        start = match.start() + len(word) - len(word.lstrip(_LEADING))
        end = match.end() - (len(word) - len(word.rstrip(_TRAILING)))
        core = text[start:end]
        if match.start():
            last = text[match.start() - 1]
        if start < end and (needs_protection(core) or _author_capital(word, core, last, visible)):
            pieces.append(Chunk(text[position:start], Kind.TEXT, chunk.marks))
            pieces.append(Chunk(core, Kind.TEXT, chunk.marks | {Mark.NOCASE}))
            position = end
        visible = word[-1]
    pieces.append(Chunk(chunk.text[position:], Kind.TEXT, chunk.marks))
    return [piece for piece in pieces if piece.text]
