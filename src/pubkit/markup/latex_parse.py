"""Reading LaTeX-flavoured text into Text chunks.

Two dialects share one scanner:

* ``LISTING``: text from a profile listing, mostly plain with some LaTeX (``\\emph{...}``,
  ``$...$``, ``10.4\\%``, authors' own macros). Characters that are special in LaTeX but plainly
  meant literally stay literal: ``42.5%``, ``1.5~8.6`` (a range), a stray ``{`` or ``$``.
* ``BIBTEX``: a BibTeX field value, where ``~`` is a no-break space.

In both, a brace group at the top level that does not start with a command protects case
(``{BERT}`` -> a ``nocase`` chunk), ``--`` and ``---`` are dashes, and LaTeX's structure
(``\\par``, ``\\begin{itemize}``, ``\\item``, ``\\hline``) reads as a space or as nothing.

Formatting commands become marks (``\\emph`` -> italic), math stays LaTeX source in a math
chunk, accents and symbols that pylatexenc knows become Unicode (``\\"u`` -> ``ü``), and any other
command is kept verbatim as a command chunk (``\\method``), so no writer loses it.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import pkgutil
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pubkit.markup import braces
from pubkit.markup.latex_commands import (
    ACCENTS,
    ACCENTS_ALONE,
    ARGUMENT_MARKS,
    BREAKS,
    DECLARATION_MARKS,
    DROPPED,
    DROPPED_WITH_ARGUMENT,
    IGNORED_SYMBOLS,
    LITERAL_SYMBOLS,
    LOGOS,
    QUOTING,
    SPACE_SYMBOLS,
    SYMBOLS,
)
from pubkit.markup.plain import latex_to_text
from pubkit.model.text import Chunk, Kind, Mark, Text

# pylatexenc is imported where a command needs it: its tables take longer to load than a small
# conversion runs, and most values have no command it must decode.
if TYPE_CHECKING:
    from pylatexenc.latexwalker import LatexNode


class Dialect(enum.Enum):
    LISTING = "listing"
    BIBTEX = "bibtex"


_COMMAND_NAME = re.compile(r"[A-Za-z]+")
# Characters that mean nothing special in either dialect (quotes and dashes do, in pairs).
_PLAIN_RUN = re.compile(r"[^\\{}$~\-`'\s]+")
# The same, with what reads as itself between ordinary characters: one space, a hyphen that is
# no dash, an apostrophe that closes no quote (so only where the text has no backtick).
_WIDE_RUN = re.compile(
    r"""(?:[^\\{}$~\-`'\s]|-(?!-)|'(?!'))"""
    r"""(?:[^\\{}$~\-`'\s]|-(?!-)|'(?!')| (?=[^\s\\{}$~`\-']|-(?!-)|'(?!')))*"""
)
_WHITESPACE = re.compile(r"\s+")
# What only the scanner reads right; a lone `-` or `'` is an ordinary character.
_NEEDS_PARSING = re.compile(r"[\\{}$~`]|--|''")


@contextlib.contextmanager
def _quiet_pylatexenc() -> Iterator[None]:
    """pylatexenc logs a warning for each macro it cannot fill in; pubkit keeps such a command
    as it is written, which needs no warning on the user's terminal."""
    import logging  # here, as pylatexenc is: most text needs neither

    loggers = [logging.getLogger(f"pylatexenc.{name}") for name in ("latex2text", "latexwalker")]
    disabled = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        yield
    finally:
        for logger, was in zip(loggers, disabled, strict=True):
            logger.disabled = was


def _first_node(source: str, at: int) -> tuple[list[LatexNode], str]:
    """The node pylatexenc reads at ``at`` (none, or one) and its text."""
    from pylatexenc.latexwalker import LatexWalker

    with _quiet_pylatexenc():
        walker = LatexWalker(source, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes(pos=at, read_max_nodes=1)
        text: str = latex_to_text().nodelist_to_text(nodes) if nodes else ""
    return nodes, text


def _known_to_pylatexenc(name: str) -> bool:
    # The list says no without loading pylatexenc; a yes is asked of the installed pylatexenc,
    # which decodes the command next anyway (an older one may not know every listed command).
    return name in _pylatexenc_commands() and _in_pylatexenc(name)


@functools.cache
def _in_pylatexenc(name: str) -> bool:
    from pylatexenc.latex2text import get_default_latex_context_db

    return get_default_latex_context_db().get_macro_spec(name) is not None


@functools.cache
def _pylatexenc_commands() -> frozenset[str]:
    """The commands pylatexenc turns into text, from a list that ships with pubkit: asking
    pylatexenc would load its tables, which takes longer than a small conversion runs, to
    learn that a command such as ``\\method`` is not one of them."""
    data = pkgutil.get_data("pubkit", "data/pylatexenc-commands.txt")
    assert data is not None  # the file ships with the package
    lines = data.decode("utf-8").splitlines()
    return frozenset(" " if line == "<space>" else line for line in lines if line[:2] != "# ")


_HANDLED = frozenset({"url", "path", "href", "noopsort"})
_TABLES = (
    DECLARATION_MARKS, SYMBOLS, SPACE_SYMBOLS, BREAKS, DROPPED, DROPPED_WITH_ARGUMENT,
    ARGUMENT_MARKS, QUOTING, LOGOS, _HANDLED,
)  # fmt: skip


# How deep groups may nest: BibTeX values nest a few levels; Python's stack ends near 1,000.
_MAX_DEPTH = 100


def _unknown(name: str) -> bool:
    return not any(name in table for table in _TABLES) and not _known_to_pylatexenc(name)


# Values repeat heavily in real files (journals, publishers, series); a Text is immutable.
@functools.lru_cache(maxsize=4096)
def parse_latex(source: str, dialect: Dialect = Dialect.LISTING) -> Text:
    """The Text that ``source`` denotes; never raises, whatever the input."""
    if _NEEDS_PARSING.search(source) is None:  # most field values: no parsing needed
        return Text.plain(_WHITESPACE.sub(" ", source))
    return Text(tuple(_Parser(source, dialect).run()))


class _Parser:
    def __init__(self, source: str, dialect: Dialect) -> None:
        self.source = source
        self.dialect = dialect
        self.braces = braces.pairs(source, escaped=True)
        self.dollars = _pair_dollars(source, self.braces)
        self.chunks: list[Chunk] = []
        self.open_single_quote = False
        self.depth = 0  # groups being parsed, one inside the other
        self.plain_run = _PLAIN_RUN if "`" in source else _WIDE_RUN

    def run(self) -> list[Chunk]:
        self._parse(0, len(self.source), frozenset(), top_level=True)
        return self.chunks

    # -- emitting ------------------------------------------------------------------------------

    def _text(self, text: str, marks: frozenset[Mark]) -> None:
        if text == " " and self.chunks and self.chunks[-1].text.endswith(" "):
            return  # one space, however many spaces and line breaks the source had
        if self.chunks and self.chunks[-1].kind is Kind.TEXT and self.chunks[-1].marks == marks:
            last = self.chunks.pop()
            text = last.text + text
        self.chunks.append(Chunk(text, Kind.TEXT, marks))

    # -- scanning ------------------------------------------------------------------------------

    def _parse(self, start: int, end: int, marks: frozenset[Mark], top_level: bool) -> None:
        if self.depth >= _MAX_DEPTH:
            # Groups within groups this deep are no one's markup, and would exhaust the stack:
            # their text, commands and braces left out.
            text = re.sub(r"\\[A-Za-z]+\s*|[{}]", "", self.source[start:end])
            self._text(" ".join(text.split()), marks)
            return
        self.depth += 1
        try:
            self._scan(start, end, marks, top_level)
        finally:
            self.depth -= 1

    def _scan(self, start: int, end: int, marks: frozenset[Mark], top_level: bool) -> None:
        src = self.source
        i = start
        while i < end:
            char = src[i]
            if char == "\\":
                after = self._command(i, end, marks, top_level)
                if isinstance(after, tuple):  # a declaration: the rest of the group gets a mark
                    i, mark = after
                    marks = marks | {mark} if mark is not None else marks
                else:
                    i = after
            elif char == "{" and i in self.braces and self._is_unknown_declaration(i):
                # `{\foo Bar}`: what `\foo` does to the rest of its group is unknown, so the
                # group is kept whole, its scope intact.
                close = self.braces[i]
                self.chunks.append(Chunk(src[i : close + 1], Kind.COMMAND, marks))
                i = close + 1
            elif char == "{" and i in self.braces:
                close = self.braces[i]
                inner = marks
                if top_level and not src.startswith("\\", i + 1) and not self._only_math(i, close):
                    inner = marks | {Mark.NOCASE}
                self._parse(i + 1, close, inner, top_level=False)
                i = close + 1
            elif char == "$" and i in self.dollars:
                i = self._math(i, marks)
            elif char.isspace():
                while i < end and src[i].isspace():
                    i += 1
                self._text(" ", marks)
            elif (run := self.plain_run.match(src, i, end)) is not None:
                self._text(run.group(), marks)  # ordinary characters, all at once
                i = run.end()
            else:
                i = self._character(i, end, marks)

    def _is_unknown_declaration(self, opening: int) -> bool:
        """A group that opens with an unknown command followed by text, not by an argument."""
        src, close = self.source, self.braces[opening]
        name = _COMMAND_NAME.match(src, opening + 2) if src.startswith("\\", opening + 1) else None
        if name is None or not _unknown(name.group()):
            return False
        rest = _skip_space(src, name.end(), close)
        return rest < close and src[rest] != "{"

    def _replace_last(self, mark: str) -> bool:
        """Turn the ``?`` or ``!`` just written into ``¿`` or ``¡``."""
        last = self.chunks[-1] if self.chunks else None
        if last is None or last.kind is not Kind.TEXT or not last.text.endswith(mark):
            return False
        inverted = "¿" if mark == "?" else "¡"
        self.chunks[-1] = Chunk(last.text[:-1] + inverted, Kind.TEXT, last.marks)
        return True

    def _only_math(self, start: int, close: int) -> bool:
        """`{$x^2$}`: braces around math alone only guard it from case changes, which math
        never undergoes in the model, so they are not case protection."""
        first, last = start + 1, close - 1
        while first < close and self.source[first].isspace():
            first += 1
        while last > first and self.source[last].isspace():
            last -= 1
        if first not in self.dollars:
            return False
        width = 2 if self.source.startswith("$$", first) else 1
        return self.dollars[first] + width - 1 == last

    def _character(self, i: int, end: int, marks: frozenset[Mark]) -> int:
        src = self.source
        char = src[i]
        bibtex = self.dialect is Dialect.BIBTEX
        if char == "~" and bibtex:
            self._text("\u00a0", marks)
        elif char == "-" and src.startswith("---", i) and i + 2 < end:
            self._text("\u2014", marks)
            return i + 3
        elif char == "-" and src.startswith("--", i) and i + 1 < end:
            self._text("\u2013", marks)
            return i + 2
        elif char == "`" and i > 0 and src[i - 1] in "?!" and self._replace_last(src[i - 1]):
            pass  # LaTeX's ligatures ?` and !` (¿ and ¡)
        elif char == "`" and src.startswith("``", i) and i + 1 < end:
            self._text("\u201c", marks)
            return i + 2
        elif char == "`":
            self.open_single_quote = True
            self._text("\u2018", marks)
        elif char == "'" and src.startswith("''", i) and i + 1 < end:
            self._text("\u201d", marks)
            return i + 2
        elif char == "'" and self.open_single_quote:
            self.open_single_quote = False
            self._text("\u2019", marks)
        else:
            self._text(char, marks)
        return i + 1

    def _math(self, i: int, marks: frozenset[Mark]) -> int:
        close = self.dollars[i]
        width = 2 if self.source.startswith("$$", i) else 1
        body = self.source[i + width : close].strip()
        end = close + width
        # $\textbf{DeepSeek-GRM}$: text dressed as math reads as (marked) text.
        match = re.fullmatch(r"\\(text\w*|math(?:rm|bf|it|tt))\s*\{(.*)\}", body, re.DOTALL)
        if match and match.group(1) in ARGUMENT_MARKS and "$" not in match.group(2):
            mark = ARGUMENT_MARKS[match.group(1)]
            inner = parse_latex(match.group(2), self.dialect)
            for chunk in inner.chunks:
                extra = {mark} if mark is not None else set()
                self.chunks.append(Chunk(chunk.text, chunk.kind, chunk.marks | marks | extra))
            return end
        if body:
            self.chunks.append(Chunk(body, Kind.MATH, marks))
        return end

    def _command(
        self, i: int, end: int, marks: frozenset[Mark], top_level: bool = False
    ) -> int | tuple[int, Mark | None]:
        src = self.source
        if i + 1 >= end:
            self._text("\\", marks)
            return i + 1
        nxt = src[i + 1]
        if not (nxt.isascii() and nxt.isalpha()):
            if nxt in LITERAL_SYMBOLS:
                self._text(nxt, marks)
                return i + 2
            if nxt in SPACE_SYMBOLS or nxt.isspace():  # `\ ` and a backslash at a line's end
                self._text(" ", marks)
                return _skip_space(src, i + 2, end)
            if nxt in IGNORED_SYMBOLS:
                return i + 2
            if nxt in ACCENTS_ALONE and src.startswith("{}", i + 2) and i + 3 < end:
                self._text(ACCENTS_ALONE[nxt], marks)
                return i + 4
            if nxt in ACCENTS:
                return self._via_pylatexenc(i, end, marks)
            self._text(nxt, marks)
            return i + 2
        name = _COMMAND_NAME.match(src, i + 1).group()  # type: ignore[union-attr]
        after = i + 1 + len(name)
        if name in DECLARATION_MARKS:
            return _skip_space(src, after, end), DECLARATION_MARKS[name]
        if name in SYMBOLS:
            self._text(SYMBOLS[name], marks)
            return _skip_empty_group(src, after, end)
        if name in LOGOS:  # kept as a command, which reads as the logo's text
            self.chunks.append(Chunk(src[i:after], Kind.COMMAND, marks))
            return _skip_empty_group(src, after, end)
        if name in SPACE_SYMBOLS or name in BREAKS:
            self._text(" ", marks)
            return _skip_space(src, after, end)
        argument = _skip_space(src, after, end)
        has_group = argument < end and src[argument] == "{" and argument in self.braces
        if name in DROPPED_WITH_ARGUMENT:
            # \begin{itemize}, \end{itemize}, \label{x}: structure, not text.
            return self.braces[argument] + 1 if has_group else after
        if name in DROPPED:
            return after
        if name in ARGUMENT_MARKS and has_group:
            mark = ARGUMENT_MARKS[name]
            close = self.braces[argument]
            inner = marks | {mark} if mark is not None else marks
            if top_level and self.dialect is Dialect.BIBTEX:
                inner = inner | {Mark.NOCASE}  # BibTeX never changes case in `\emph{...}`
            self._parse(argument + 1, close, inner, top_level=False)
            return close + 1
        if name in QUOTING and has_group:  # \mkbibquote{x}, \enquote{x}: “x”
            close = self.braces[argument]
            self._text("“", marks)
            self._parse(argument + 1, close, marks, top_level=False)
            self._text("”", marks)
            return close + 1
        if name in ("url", "path") and has_group:
            close = self.braces[argument]
            url = re.sub(r"\\([_%#&$~])", r"\1", src[argument + 1 : close])
            self._text(url, marks)
            return close + 1
        if name == "href" and has_group:
            second = _skip_space(src, self.braces[argument] + 1, end)
            if second < end and src[second] == "{" and second in self.braces:
                close = self.braces[second]
                self._parse(second + 1, close, marks, top_level=False)
                return close + 1
        if name == "noopsort" and has_group:  # BibTeX's sorting trick: prints nothing
            return self.braces[argument] + 1
        if _known_to_pylatexenc(name):
            return self._via_pylatexenc(i, end, marks)
        return self._unknown_command(i, after, end, marks)

    def _unknown_command(self, i: int, after: int, end: int, marks: frozenset[Mark]) -> int:
        """An unknown command keeps the brace groups glued to it as its arguments (\\todo{fix})."""
        src = self.source
        command_end = after
        while command_end < end and src[command_end] == "{" and command_end in self.braces:
            command_end = self.braces[command_end] + 1
        self.chunks.append(Chunk(src[i:command_end], Kind.COMMAND, marks))
        return command_end

    def _via_pylatexenc(self, i: int, end: int, marks: frozenset[Mark]) -> int:
        """Decode one command with its arguments (``\\"u``, ``\\v{c}``, ``\\ss``) to Unicode."""
        accent = _ACCENTED_LETTER.match(self.source, i, end)
        if accent is not None and (letter := _accented(accent.group())) is not None:
            self._text(letter, marks)  # the common case, decoded once per file and letter
            return accent.end()
        try:
            nodes, text = _first_node(self.source[:end], i)
        except Exception:  # pylatexenc has many ways to fail on odd input
            nodes = []  # (`\href{x}` alone, a macro spec it cannot fill); never ours to raise
        if nodes and "%s" in text and "%s" not in self.source[i:end]:
            nodes = []  # a substitution pylatexenc could not fill (`\bra` with no argument)
        if not nodes:
            if (name := _COMMAND_NAME.match(self.source, i + 1)) is not None:
                return self._unknown_command(i, name.end(), end, marks)  # kept as written
            self._text(self.source[i], marks)
            return i + 1
        node = nodes[0]
        node_end = node.pos + node.len
        # pylatexenc counts the space after a control word as part of it, as TeX does.
        if text:
            self._text(text, marks)
        return max(int(node_end), i + 2)


# An accent and the letter it goes on, with nothing that could make it mean more: `\"u`,
# `\'{e}`, `\v{c}`, `\^{\i}`.
_ACCENTED_LETTER = re.compile(r"""\\(?:["'`^~=.][A-Za-z]|[a-zA-Z"'`^~=.]\{(?:[A-Za-z]|\\[ij])\})""")


@functools.lru_cache(maxsize=2048)
def _accented(token: str) -> str | None:
    """What pylatexenc makes of ``token`` alone, when it reads it as one command (else None)."""
    try:
        nodes, text = _first_node(token, 0)
    except Exception:  # as in _via_pylatexenc: the careful path decides
        return None
    if len(nodes) != 1 or nodes[0].pos != 0 or nodes[0].len != len(token) or "%s" in text:
        return None
    return text


def _skip_empty_group(src: str, i: int, end: int) -> int:
    """After a control word: a `{}` that only ends it (`\\textless{}html`), or its space."""
    if src.startswith("{}", i) and i + 1 < end:
        return i + 2
    return _skip_space(src, i, end)


def _skip_space(src: str, i: int, end: int) -> int:
    while i < end and src[i] in " \t\n":
        i += 1
    return i


_ESCAPE_OR_DOLLAR = re.compile(r"\\.|\$\$?", re.DOTALL)
_GROUP_OR_DOLLAR = re.compile(r"[{}$]")


def _pair_dollars(src: str, braces: dict[int, int]) -> dict[int, int]:
    """Opening ``$`` (or ``$$``) positions mapped to their closing one, in the same brace group
    (a formula never spans a group's edge)."""
    if "$" not in src:
        return {}
    group = _innermost_groups(src, braces)
    pairs: dict[int, int] = {}
    opening: int | None = None
    for mark in _ESCAPE_OR_DOLLAR.finditer(src):
        i = mark.start()
        if mark.group()[0] == "\\":
            continue
        if opening is None or group[opening] != group[i]:
            opening = i
        else:
            pairs[opening] = i
            opening = None
    return pairs


def _innermost_groups(src: str, braces: dict[int, int]) -> dict[int, int]:
    """For every ``$``, the opening position of the innermost brace pair around it (-1 at the
    top level): two dollars pair only within one group. Linear: one pass with a stack."""
    closing_of = {close: open_ for open_, close in braces.items()}
    stack = [-1]
    found: dict[int, int] = {}
    for mark in _GROUP_OR_DOLLAR.finditer(src):
        index, char = mark.start(), mark.group()
        if char == "{" and index in braces:
            stack.append(index)
        elif char == "}" and index in closing_of:
            stack.pop()
        elif char == "$":
            found[index] = stack[-1]
    return found
