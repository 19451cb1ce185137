"""Text chunks as CSL rich text, and back.

CSL processors (citeproc-js, citeproc-py, pandoc) read a small set of HTML-like tags inside
string variables: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span style="font-variant:small-caps;">`` and ``<span class="nocase">`` (a part that styles
must not change the case of). Everything else is literal text, so ``&`` and ``<`` are written as
they are. Math reads as plain text (``Õ(T^-1/2)``), an unknown command as its name: CSL has no
math, and no raw LaTeX may leak into CSL strings. Monospace has no CSL tag and is written plain.
"""

from __future__ import annotations

import html
import re

import attrs

from pubkit.markup.plain import chunk_as_text
from pubkit.model.text import Chunk, Kind, Mark, Text

SMALL_CAPS = '<span style="font-variant:small-caps;">'
NOCASE = '<span class="nocase">'
_TAGS: tuple[tuple[Mark, str, str], ...] = (
    (Mark.ITALIC, "<i>", "</i>"),
    (Mark.BOLD, "<b>", "</b>"),
    (Mark.SMALLCAPS, SMALL_CAPS, "</span>"),
    (Mark.SUP, "<sup>", "</sup>"),
    (Mark.SUB, "<sub>", "</sub>"),
    (Mark.NOCASE, NOCASE, "</span>"),
)


ALL_MARKS = frozenset(Mark)


def to_csl(text: Text, *, marks: frozenset[Mark] = ALL_MARKS, escape: bool = False) -> str:
    """CSL rich text with tags for ``marks`` (others are dropped); ``escape`` turns ``& < >``
    into entities, for processors that copy input text into HTML unescaped (citeproc-py)."""
    out: list[str] = []
    _render(list(text.chunks), out, marks, escape)
    return "".join(out)


def _render(chunks: list[Chunk], out: list[str], marks: frozenset[Mark], escape: bool) -> None:
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        tag = next((t for t in _TAGS if t[0] in chunk.marks & marks), None)
        if tag is None:
            plain = chunk_as_text(chunk)
            out.append(html.escape(plain, quote=False) if escape else plain)
            index += 1
            continue
        mark, opening, closing = tag
        end = index
        while end < len(chunks) and mark in chunks[end].marks:
            end += 1
        out.append(opening)
        inner = [attrs.evolve(c, marks=c.marks - {mark}) for c in chunks[index:end]]
        _render(inner, out, marks, escape)
        out.append(closing)
        index = end


# Opening tags as other tools write them (citeproc-js also knows <em>, <strong>, <sc>).
_OPENING = {
    "i": Mark.ITALIC,
    "em": Mark.ITALIC,
    "b": Mark.BOLD,
    "strong": Mark.BOLD,
    "sc": Mark.SMALLCAPS,
    "sup": Mark.SUP,
    "sub": Mark.SUB,
}
_TAG = re.compile(
    r"<(?P<close>/)?(?P<name>i|em|b|strong|sc|sup|sub|span)"
    r"(?P<attrs>\s+(?:class|style)\s*=\s*\"[^\"]*\")?\s*>",
    re.IGNORECASE,
)


def _span_mark(attributes: str) -> Mark | None:
    value = attributes.replace(" ", "").lower()
    if 'class="nocase"' in value:
        return Mark.NOCASE
    if "font-variant:small-caps" in value:
        return Mark.SMALLCAPS
    return None


def from_csl(source: str) -> Text:
    """Rich text as Text; unknown or unbalanced tags stay literal text."""
    if "<" not in source:  # most values: no tag
        return Text.plain(source)
    tokens = list(_TAG.finditer(source))
    paired = _pair(tokens)
    chunks: list[Chunk] = []
    marks: list[Mark | None] = []
    position = 0
    for index, token in enumerate(tokens):
        chunks.append(Chunk(source[position : token.start()], Kind.TEXT, _active(marks)))
        position = token.end()
        if index not in paired:
            chunks.append(Chunk(token.group(), Kind.TEXT, _active(marks)))
        elif token.group("close"):
            marks.pop()
        else:
            name = token.group("name").lower()
            marks.append(
                _span_mark(token.group("attrs") or "") if name == "span" else _OPENING[name]
            )
    chunks.append(Chunk(source[position:], Kind.TEXT, _active(marks)))
    return Text(tuple(chunks))


def _active(marks: list[Mark | None]) -> frozenset[Mark]:
    return frozenset(mark for mark in marks if mark is not None)


def _pair(tokens: list[re.Match[str]]) -> set[int]:
    """Indexes of tags that open and close properly (same name, properly nested)."""
    stack: list[tuple[int, str]] = []
    paired: set[int] = set()
    for index, token in enumerate(tokens):
        name = token.group("name").lower()
        if not token.group("close"):
            stack.append((index, name))  # a span of a class we do not know still nests
            continue
        if stack and stack[-1][1] == name:
            opening, _ = stack.pop()
            paired.update((opening, index))
    return paired


def looks_like_markup(text: str) -> bool:
    """Whether plain ``text`` holds something CSL processors would read as a tag."""
    return _TAG.search(text) is not None
