"""Authors' own LaTeX macros: resolved where the text itself says what they stand for.

A record may use a command nobody defined for pubkit (``\\method``, ``\\radagrad``): the
authors' paper defines it, the listing or the .bib does not. Two places can still say what it
means, and only those are trusted:

* a definition in the text pubkit reads (``\\newcommand{\\method}{ACMo}`` in a .bib's
  ``@preamble``), see ``definitions_in``;
* the record itself, where the command stands in parentheses right after the phrase it
  abbreviates and the title opens with that abbreviation ("ACMo: Angle-Calibrated Moment
  Methods ..." and "... \\emph{Angle-Calibrated Moment method} (\\method)"), see
  ``abbreviations_in``.

Any other unknown command is kept as LaTeX, never replaced by its bare name, and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

from pubkit.markup.braces import closing
from pubkit.markup.latex_commands import LOGOS
from pubkit.markup.latex_parse import Dialect, parse_latex
from pubkit.model.text import Chunk, Kind, Text

_DEFINITION = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand|DeclareRobustCommand)\*?\s*"
    r"(?:\{\s*\\(?P<braced>[A-Za-z]+)\s*\}|\\(?P<bare>[A-Za-z]+))\s*(?:\[(?P<count>\d)\])?\s*\{"
    r"|\\def\s*\\(?P<def>[A-Za-z]+)\s*\{"
)
_NAME = re.compile(r"\{?\\([A-Za-z]+)")  # `\foo`, `\foo{x}` or a group `{\foo x}`
# Expansion stops after this many rounds: a macro defined by itself must not loop.
_ROUNDS = 8


@attrs.frozen
class Macro:
    """A command's definition: its number of arguments and its LaTeX body (``#1`` ...)."""

    arguments: int
    body: str


def definitions_in(source: str) -> dict[str, Macro]:
    """The commands ``source`` defines (``\\newcommand``, ``\\providecommand``, ``\\def`` ...),
    by name with its backslash; the last definition of a name wins, as in LaTeX."""
    found: dict[str, Macro] = {}
    for match in _DEFINITION.finditer(source):
        name = match.group("braced") or match.group("bare") or match.group("def")
        body_start = match.end()
        end = closing(source, body_start - 1)
        if end < 0:
            continue
        found["\\" + name] = Macro(int(match.group("count") or 0), source[body_start:end])
    return found


def command_name(source: str) -> str | None:
    match = _NAME.match(source)
    return "\\" + match.group(1) if match else None


def expand(text: Text, macros: Mapping[str, Macro]) -> Text:
    """``text`` with every command ``macros`` defines as words (no arguments, no typesetting)
    replaced by them, with the marks of the place it stood: an italic ``\\method`` gives
    italic text."""
    if not macros:
        return text
    chunks = list(text.chunks)
    for _ in range(_ROUNDS):
        if not any(_defined(chunk, macros) for chunk in chunks):
            break
        chunks = [piece for chunk in chunks for piece in _expanded(chunk, macros)]
    return Text(tuple(chunks))


def _defined(chunk: Chunk, macros: Mapping[str, Macro]) -> bool:
    return _expanded(chunk, macros) != [chunk]


def _expanded(chunk: Chunk, macros: Mapping[str, Macro]) -> list[Chunk]:
    name = command_name(chunk.text)
    macro = macros.get(name) if chunk.kind is Kind.COMMAND and name else None
    if name is not None and name[1:] in LOGOS:
        return [chunk]  # typesetting (`\\BibTeX` as kerned letters; pubkit's fallback as words)
    if macro is None or macro.arguments or chunk.text.rstrip("{} ") != name:
        # A macro with arguments is typesetting more often than words (``\mkbibquote{#1}``,
        # a writer's fallback definitions): LaTeX's business.
        return [chunk]
    parsed = parse_latex(macro.body, Dialect.BIBTEX)
    if any(c.kind is not Kind.TEXT or "\\" in c.text for c in parsed.chunks):
        return [chunk]  # typesetting too (``\BibTeX`` as kerned letters)
    return [Chunk(c.text, c.kind, c.marks | chunk.marks) for c in parsed.chunks]


def unknown_commands(texts: Iterable[Text | None]) -> list[str]:
    """The names of the commands pubkit could not resolve in ``texts``, each once."""
    found: dict[str, None] = {}
    for text in texts:
        for chunk in text.chunks if text is not None else ():
            name = command_name(chunk.text) if chunk.kind is Kind.COMMAND else None
            if name and name[1:] not in LOGOS:  # a logo is known, kept to typeset
                found[name] = None
    return list(found)


# -- abbreviations a record introduces -------------------------------------------------------


def abbreviations_in(title: Text | None, texts: Iterable[Text | None]) -> dict[str, Macro]:
    """Commands that stand for the name the title opens with ("ACMo: ..."), known by where
    they stand: in parentheses after the phrase that name abbreviates, or named like it
    (``\\acmo``)."""
    short = _title_name(title)
    if short is None:
        return {}
    found: dict[str, Macro] = {}
    for text in texts:
        chunks = text.chunks if text is not None else ()
        for index, chunk in enumerate(chunks):
            name = command_name(chunk.text) if chunk.kind is Kind.COMMAND else None
            if name is None or chunk.text.rstrip("{} ") != name:
                continue  # not a command, or one with arguments
            before = "".join(c.text for c in chunks[max(0, index - 3) : index])
            after = chunks[index + 1].text if index + 1 < len(chunks) else ""
            named_alike = _letters(name) == _letters(short)
            in_parentheses = before.rstrip().endswith("(") and after.lstrip().startswith(")")
            phrase = before.rstrip()[:-1] if in_parentheses else ""
            if named_alike or (in_parentheses and _abbreviates(short, phrase)):
                found[name] = Macro(0, _escaped(short))
    return found


def _title_name(title: Text | None) -> str | None:
    """``ACMo`` of "ACMo: Angle-Calibrated ...": one word, with a capital after its first
    letter (a name, not an ordinary first word)."""
    match = re.match(r"\s*([^\s:]+):\s", str(title or ""))
    if match is None or not any(c.isupper() for c in match.group(1)[1:]):
        return None
    return match.group(1)


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _abbreviates(short: str, phrase: str) -> bool:
    """Whether ``short``'s letters appear in order in the last words of ``phrase``, its first
    letter starting a word (the usual test for an abbreviation and its long form)."""
    letters = _letters(short)
    if not letters:
        return False
    words = phrase.split()[-(len(letters) + 5) :]
    long_form = " ".join(words).lower()
    position = len(long_form) - 1
    for number in range(len(letters) - 1, -1, -1):
        letter = letters[number]
        while position >= 0 and (
            long_form[position] != letter
            or (number == 0 and position > 0 and long_form[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


_LATEX_SPECIALS = {
    "\\": "\\textbackslash{}",
    "^": "\\textasciicircum{}",
    "~": "\\textasciitilde{}",
    **{c: "\\" + c for c in "{}$&#_%"},
}


def _escaped(text: str) -> str:
    """Plain text as the LaTeX body of a definition."""
    return "".join(_LATEX_SPECIALS.get(c, c) for c in text)
