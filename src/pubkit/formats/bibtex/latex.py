"""Text and strings as LaTeX for .bib field values.

Escaping rules (docs/bibtex.md lists them):

* ``& % $ # _`` become ``\\& \\% \\$ \\# \\_``; ``\\ { } ~ ^ < > |`` and a backtick become
  ``\\textbackslash{}``, ``\\textbraceleft{}`` ... so that a literal brace can never unbalance
  the file (BibTeX counts ``\\{`` as a brace); ``--`` stays two hyphens (``-{}-``).
* Dashes become LaTeX's own spelling: – -> ``--``, — -> ``---``, a no-break space -> ``~``,
  a thin space -> ``\\,``, other spaces -> a space. Curly quotes and … stay as they are
  (``\\textquoteleft{}`` ... and ``\\ldots{}`` with ``ascii=True``): what pandoc, citation-js
  and biber all read back.
* Non-ASCII letters: with ``ascii=False`` (the default) letters of Latin-1 and Latin
  Extended-A stay UTF-8, which pdfLaTeX, XeLaTeX and LuaLaTeX all read; other characters that
  pylatexenc knows become commands (Greek, math symbols, Vietnamese letters), so pdfLaTeX never
  meets a character it cannot typeset. With ``ascii=True`` every non-ASCII character becomes a
  braced command (``{\\"u}``, ``{\\v{c}}``) that BibTeX can sort and abbreviate.
* Marks: italic ``\\emph{}``, bold ``\\textbf{}``, small caps ``\\textsc{}``, mono
  ``\\texttt{}``, ``\\textsuperscript{}``, ``\\textsubscript{}``; ``nocase`` is a brace group
  (``{BERT}``). Math is ``$...$`` (braced in titles, so no style changes its case). An unknown
  command is written as it came (``\\method``) and recorded, so that the writer can provide a
  fallback definition in ``@preamble``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from pubkit.diagnostics import Diagnostic, warning
from pubkit.markup import braces
from pubkit.markup.braces import top_level_groups
from pubkit.markup.plain import math_as_text
from pubkit.model.text import Chunk, Kind, Mark, Text

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
    "\u2013": "--",
    "\u2014": "---",
    "\u00a0": "~",
}
# What `escape` changes in ASCII text: a special character, the first of `--` or `''`.
_ASCII_ESCAPES = re.compile(
    "-(?=-)|'(?=')|[" + re.escape("".join(c for c in _SPECIAL if c.isascii())) + "]"
)


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def _ascii_escape(match: re.Match[str]) -> str:
    char = match.group()
    return char + "{}" if char in "-'" else _SPECIAL[char]


# Quotation marks and the ellipsis: kept as they are in UTF-8 output (LaTeX's UTF-8 input
# defines them; pandoc, citation-js and biber read them), spelled as commands every reader
# knows in ASCII output (TeX's ``quote'' ligatures are lost by citation-js).
_PUNCTUATION_IN_ASCII = {
    "\u2018": r"\textquoteleft{}",
    "\u2019": r"\textquoteright{}",
    "\u201c": r"\textquotedblleft{}",
    "\u201d": r"\textquotedblright{}",
    "\u2026": r"\ldots{}",
}
# Thin spaces as LaTeX's thin space; other spaces of Unicode as a space (pylatexenc would
# write `\hspace{0.167em}`, which pandoc and citation-js lose).
_THIN_SPACES = frozenset("\u2006\u2009\u200a\u202f")
# Marks in nesting order: the first a run of chunks shares is the outermost command.
_WRAPPERS: tuple[tuple[Mark, str, str], ...] = (
    (Mark.ITALIC, "\\emph{", "}"),
    (Mark.BOLD, "\\textbf{", "}"),
    (Mark.SMALLCAPS, "\\textsc{", "}"),
    (Mark.MONO, "\\texttt{", "}"),
    (Mark.SUP, "\\textsuperscript{", "}"),
    (Mark.SUB, "\\textsubscript{", "}"),
    (Mark.NOCASE, "{", "}"),
)


# Signs in math, in math mode's own spelling (pylatexenc knows their text-mode commands).
_MATH_SYMBOLS = {
    "×": r"\times", "÷": r"\div", "±": r"\pm", "∓": r"\mp", "·": r"\cdot", "°": r"^{\circ}",
    "µ": r"\mu", "¬": r"\neg", "→": r"\rightarrow", "←": r"\leftarrow", "↔": r"\leftrightarrow",
    "⇒": r"\Rightarrow", "⇐": r"\Leftarrow", "⇔": r"\Leftrightarrow", "↦": r"\mapsto",
    "≤": r"\leq", "≥": r"\geq", "≠": r"\neq", "≈": r"\approx", "≡": r"\equiv", "∼": r"\sim",
    "∝": r"\propto", "∞": r"\infty", "∈": r"\in", "∉": r"\notin", "⊂": r"\subset",
    "⊆": r"\subseteq", "∪": r"\cup", "∩": r"\cap", "∅": r"\emptyset", "∀": r"\forall",
    "∃": r"\exists", "∂": r"\partial", "∇": r"\nabla", "∑": r"\sum", "∏": r"\prod",
    "∫": r"\int", "√": r"\surd", "∘": r"\circ", "⊕": r"\oplus", "⊗": r"\otimes",
    "∧": r"\wedge", "∨": r"\vee", "ℓ": r"\ell", "…": r"\ldots", "′": r"\prime",
    "½": r"\frac{1}{2}", "¼": r"\frac{1}{4}", "¾": r"\frac{3}{4}",
}  # fmt: skip
# Math alphabets in the commands base LaTeX has (no amssymb): double-struck as bold.
_ALPHABETS = {
    "MATHEMATICAL SCRIPT": r"\mathcal", "SCRIPT": r"\mathcal",
    "MATHEMATICAL BOLD": r"\mathbf", "MATHEMATICAL DOUBLE-STRUCK": r"\mathbf",
    "DOUBLE-STRUCK": r"\mathbf", "MATHEMATICAL ITALIC": r"\mathit",
    "MATHEMATICAL SANS-SERIF": r"\mathsf", "MATHEMATICAL MONOSPACE": r"\mathtt",
    "MATHEMATICAL FRAKTUR": r"\mathcal", "BLACK-LETTER": r"\mathcal",
}  # fmt: skip


def _math_alphabet(char: str) -> str | None:
    """``𝒪`` -> ``\\mathcal{O}``, ``ℝ`` -> ``\\mathbf{R}``."""
    match = re.fullmatch(r"(.+) (CAPITAL|SMALL) ([A-Z])", unicodedata.name(char, ""))
    if match is None or match.group(1) not in _ALPHABETS:
        return None
    letter = match.group(3) if match.group(2) == "CAPITAL" else match.group(3).lower()
    return f"{_ALPHABETS[match.group(1)]}{{{letter}}}"


# Latin-1 and Latin Extended-A stay UTF-8: LaTeX's UTF-8 input defines them for every engine,
# but for these, which it leaves undefined.
_NOT_SET_UP = frozenset("ĦħĸĿŀŉŦŧſ")
# pylatexenc spellings that are wrong letters or undefined commands.
_BAD_SPELLINGS = frozenset("ĦħĿŀŉŦŧ")


def _keeps_utf8(char: str) -> bool:
    return 0xA0 <= ord(char) <= 0x17F and char not in _NOT_SET_UP


# Combining accents, for letters pylatexenc has no spelling of (Vietnamese ễ = e + ^ + ~).
_COMBINING_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=",
    "\u0306": "u", "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H",
    "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k", "\u0331": "b",
}  # fmt: skip


@functools.cache
def _command_for(char: str) -> str | None:
    if char in _BAD_SPELLINGS:
        return None
    # Imported here: pylatexenc's tables take longer to load than a small conversion runs.
    from pylatexenc.latexencode import unicode_to_latex

    latex = unicode_to_latex(char, non_ascii_only=True, unknown_char_warning=False)
    return None if latex == char else latex


def _from_combining_accents(char: str) -> str | None:
    base, *accents = list(unicodedata.normalize("NFD", char))
    if not accents or not base.isascii() or any(a not in _COMBINING_ACCENTS for a in accents):
        return None
    latex = base
    for accent in accents:
        latex = f"\\{_COMBINING_ACCENTS[accent]}{{{latex}}}"
    return latex


def _braced(latex: str) -> str:
    """``\\"u`` -> ``{\\"u}``: the form BibTeX treats as one letter (sorting, abbreviating)."""
    if latex.startswith("{") and latex.endswith("}") and braces.balanced(latex[1:-1]):
        return latex
    return "{" + latex + "}"


def _is_foreign_letter(char: str) -> bool:
    """A letter of another script than Latin (Greek, Cyrillic, Han ...)."""
    return char.isalpha() and not char.isascii() and "LATIN" not in unicodedata.name(char, "")


def _in_foreign_word(text: str, index: int) -> bool:
    """Whether text[index] is a letter of a word in another script (``Παπαδόπουλος``): such
    words stay as they are written. A lone Greek letter (``α-helix``) is a symbol and becomes
    ``\\ensuremath{\\alpha}``, which every LaTeX engine can typeset."""
    if not _is_foreign_letter(text[index]):
        return False
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return _is_foreign_letter(before) or _is_foreign_letter(after)


@attrs.define
class LatexWriter:
    """Renders model text as LaTeX for one output, collecting what it had to work around."""

    ascii: bool = False
    # Spell letters with stacked accents (Vietnamese ễ) as nested accent commands. Right for
    # BibTeX, which copies them to LaTeX as they are; wrong for biber, which decodes them half
    # way (`{\~ê}`), which no LaTeX engine can typeset: there they stay UTF-8 unless ascii.
    stacked_accents: bool = True
    # Unknown commands written, with the fewest arguments any use gave them.
    commands: dict[str, int] = attrs.field(factory=dict)
    kept: dict[str | None, list[str]] = attrs.field(factory=dict)  # non-ASCII kept, by key
    problems: list[Diagnostic] = attrs.field(factory=list)
    key: str | None = None  # the entry being written, for diagnostics

    def absorb(self, other: LatexWriter) -> None:
        """Take in what ``other`` found writing the entries after this one's."""
        for name, arguments in other.commands.items():
            self.commands[name] = min(arguments, self.commands.get(name, arguments))
        for key, chars in other.kept.items():
            self.kept.setdefault(key, []).extend(chars)
        self.problems.extend(other.problems)

    # -- plain strings ------------------------------------------------------------------------

    def escape(self, text: str) -> str:
        """A plain string (a name, a publisher) as LaTeX."""
        if text.isascii():  # most strings: what `_escape_char` does, in one pass
            return _ASCII_ESCAPES.sub(_ascii_escape, text)
        out: list[str] = []
        index, length = 0, len(text)
        while index < length:
            if (run := _ASCII_RUN.match(text, index)) is not None:
                end = run.end()
                if end < length and unicodedata.combining(text[end]):
                    end -= 1  # the letter the accents after the run go on: below
                if end > index:  # ASCII, as above, in one pass
                    out.append(_ASCII_ESCAPES.sub(_ascii_escape, text[index:end]))
                    if end < length and text[end - 1] in "-'" and text[end] == text[end - 1]:
                        out.append("{}")  # the ligature the pass could not see
                    index = end
                    continue
            end = index + 1
            while end < length and unicodedata.combining(text[end]):
                end += 1
            if end > index + 1 and (accented := self._accented(text[index:end])) is not None:
                out.append(accented)  # `G` and a combining diaeresis: `{\"{G}}`
                index = end
                continue
            self._escape_char(text, index, out)
            index += 1
        return "".join(out)

    def _accented(self, letter: str) -> str | None:
        """A letter with combining accents that has no single code point, spelled with
        accent commands."""
        composed = unicodedata.normalize("NFC", letter)
        if not composed[0].isalpha() or _is_foreign_letter(composed[0]):
            return None  # an accent on a space, or Greek with its accents: as before
        if len(composed) == 1:
            return self._non_ascii(composed) if not composed.isascii() else composed
        latex = _from_combining_accents(letter)
        return _braced(latex) if latex is not None else None

    def _escape_char(self, text: str, index: int, out: list[str]) -> None:
        char = text[index]
        if char in "-'" and text.startswith(char, index + 1):
            out.append(char + "{}")  # `--` and `''` are ligatures to TeX: a dash, a quote
        elif char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char in _PUNCTUATION_IN_ASCII:
            out.append(_PUNCTUATION_IN_ASCII[char] if self.ascii else char)
        elif char in _THIN_SPACES:
            out.append("\\,")
        elif unicodedata.category(char) == "Zs" and char != "\u00a0":
            out.append(" ")
        elif char.isascii():
            out.append(char)
        else:
            out.append(self._non_ascii(char, in_word=_in_foreign_word(text, index)))

    def _non_ascii(self, char: str, *, in_word: bool = False) -> str:
        if not self.ascii and (_keeps_utf8(char) or in_word):
            return char
        latex = None if in_word else _command_for(char)
        if latex is None and (self.ascii or self.stacked_accents):
            latex = _from_combining_accents(char)
        if latex is not None and not self.stacked_accents:
            # biber decodes `\'\i` to a dotless i and a loose accent; `\'i` it reads as í.
            latex = re.sub(r"\\([ij])(?![A-Za-z])", r"\1", latex)
        if latex is not None:
            return _braced(latex)
        if self.ascii and unicodedata.category(char)[0] != "Z":
            self.kept.setdefault(self.key, []).append(char)
        return char

    def kept_characters(self) -> list[Diagnostic]:
        """One warning per entry that kept characters LaTeX commands cannot spell (--ascii)."""
        problems = []
        for key, chars in self.kept.items():
            distinct = "".join(dict.fromkeys(chars))
            problems.append(
                warning(
                    "non-ascii-kept",
                    f"no LaTeX spelling for {len(distinct)} character(s), written as they are: "
                    f"{distinct[:40]}{'...' if len(distinct) > 40 else ''}",
                    key=key,
                )
            )
        return problems

    # -- text with markup ---------------------------------------------------------------------

    def text(self, text: Text, *, title: bool = False) -> str:
        out: list[str] = []
        self._chunks(list(text.chunks), title, out, top=True)
        return "".join(out)

    def _chunks(self, chunks: list[Chunk], title: bool, out: list[str], *, top: bool) -> None:
        index = 0
        while index < len(chunks):
            chunk = chunks[index]
            wrapper = next((w for w in _WRAPPERS if w[0] in chunk.marks), None)
            if wrapper is None:
                self._chunk(chunk, title, out)
                index += 1
                continue
            mark, opening, closing = wrapper
            end = index
            while end < len(chunks) and mark in chunks[end].marks:
                end += 1
            removed = {mark}
            if (
                top
                and mark is not Mark.NOCASE
                and all(Mark.NOCASE in c.marks for c in chunks[index:end])
            ):
                removed.add(Mark.NOCASE)  # `\emph{BERT}`: BibTeX protects a command's argument
            inner = [attrs.evolve(c, marks=c.marks - removed) for c in chunks[index:end]]
            written: list[str] = []
            self._chunks(inner, title, written, top=False)
            body = "".join(written)
            if mark is Mark.NOCASE and title and all(c.kind is Kind.COMMAND for c in inner):
                opening, closing = "", ""  # a command in a title is braced already
            elif mark is Mark.NOCASE and body.startswith("\\"):
                # `{\cmd ...}` is a "special character" to BibTeX, whose text it does change
                # case in: a protected group that opens with a command needs a second brace.
                opening, closing = "{{", "}}"
            out.extend((opening, body, closing))
            index = end

    def _chunk(self, chunk: Chunk, title: bool, out: list[str]) -> None:
        if out and _ends_in_control_word(out[-1]):
            # After a control word, TeX eats a space and glues letters: `\method{} is`.
            first = chunk.text[:1]
            if first.isalpha() or first.isspace():
                out.append("{}")
        if chunk.kind is Kind.MATH:
            out.append(self._math(chunk.text, title))
        elif chunk.kind is Kind.COMMAND:
            self._record_command(chunk.text)
            # Braced in titles: BibTeX styles lower-case titles, but not inside `{\...}`.
            out.append("{" + chunk.text + "}" if title else chunk.text)
        else:
            out.append(self.escape(chunk.text))

    def _record_command(self, source: str) -> None:
        match = re.match(r"\{?\\([A-Za-z]+)", source)
        if match is None:
            return
        name = "\\" + match.group(1)
        # `{\foo Bar}` gives `\foo` nothing to read; `\foo{x}{y}` gives it two arguments.
        groups = [] if source.startswith("{") else top_level_groups(source[match.end() :])
        while groups and not groups[-1].strip():
            groups.pop()  # `\MethodName{}`: the empty group only stops TeX eating a space
        arguments = len(groups)
        self.commands[name] = min(arguments, self.commands.get(name, arguments))

    def _math(self, source: str, title: bool) -> str:
        if not braces.balanced(source.replace("\\{", "").replace("\\}", "")) or "$" in source:
            self.problems.append(
                warning(
                    "math-as-text",
                    f"the formula {source!r} cannot be written as math in a .bib field "
                    "(unbalanced braces or a dollar sign); written as plain text",
                    key=self.key,
                )
            )
            return self.escape(math_as_text(source))
        # A bare % would comment out the rest of the line, # and & are macro and table signs.
        source = re.sub(r"(?<!\\)([%#&])", r"\\\1", source)
        if "\\{" in source or "\\}" in source:
            # BibTeX counts every brace, escaped or not; \lbrace and \rbrace are the same glyphs.
            source = re.sub(
                r"\\([{}])", lambda m: "\\lbrace{}" if m[1] == "{" else "\\rbrace{}", source
            )
        body = "".join(char if char.isascii() else self._math_char(char) for char in source)
        return "{$" + body + "$}" if title else "$" + body + "$"

    def _math_char(self, char: str) -> str:
        latex = _MATH_SYMBOLS.get(char) or _math_alphabet(char)
        if latex is None:
            latex = _command_for(char)
            match = re.fullmatch(r"\\ensuremath\{(.*)\}", latex or "")
            if match is None:  # a text-mode command has no place in math: keep the character
                return char
            latex = match.group(1)
        return "{" + latex + "}"


def _ends_in_control_word(piece: str) -> bool:
    return re.search(r"\\[A-Za-z]+$", piece) is not None
