"""Writing .bib files, in the BibTeX and BibLaTeX dialects, through the BibTeX table.

Field order is the table's, values are braced, months are bare macros (``month = apr``),
indentation is two spaces, entries are separated by a blank line and the file ends with a
newline: the same library always gives the same bytes. No value can break the file's
structure: keys, entry types and field names are checked, and a value whose braces do not
balance is escaped whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from pubkit.diagnostics import Diagnostic, warning
from pubkit.formats.base import Written
from pubkit.formats.bibtex.converters import Bare, Output
from pubkit.formats.bibtex.latex import LatexWriter
from pubkit.formats.bibtex.mapping import MAPPING
from pubkit.formats.bibtex.options import Options
from pubkit.formats.bibtex.values import VERBATIM
from pubkit.formats.rules import Record
from pubkit.keys import unique_keys
from pubkit.library import Library
from pubkit.markup.braces import balanced
from pubkit.markup.latex_commands import LOGOS
from pubkit.model import NativeField, Work

# Characters a key cannot have: BibTeX's own limits (and `\cite`'s: `%` ends it, `~` is a
# space there), `"` (which ends the entry for bibtexparser and the editors built on it), and
# for biber also `'#=`, which its parser refuses. (Keys from a source are
# kept as they are otherwise, also when they are not ASCII: "o'brien:x" stays for BibTeX.)
_BAD_KEY = {
    "bibtex": re.compile(r"[\s{}(),%~\\\"]|[\x00-\x1f\x7f]"),
    "biblatex": re.compile(r"[\s{}(),#%~\"'=\\]|[\x00-\x1f\x7f]"),
}
_NAME = re.compile(r"[A-Za-z][\w:.+-]*")
# Written with the capitals BibTeX users know them by.
_DISPLAY_NAMES = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
# Commands a fallback definition must never touch (\providecommand cannot take \par at all).
# LaTeX itself defines the logos \TeX, \LaTeX and \LaTeXe.
_NEVER_PROVIDED = frozenset(
    {"\\par", "\\relax", "\\end", "\\begin", "\\item", "\\TeX", "\\LaTeX", "\\LaTeXe"}
)
# Where neither url nor hyperref is loaded: typewriter text, with the URL's _ & ~ ^ $ read as
# plain characters (re-read with \scantokens), and \% \# as the url package spells them.
URL_FALLBACK = (
    r"\providecommand{\url}[1]{\begingroup\ttfamily\catcode`\_=12 \catcode`\&=12 "
    r"\catcode`\~=12 \catcode`\^=12 \catcode`\$=12 \endlinechar=-1 \scantokens{#1}\endgroup}"
)


def write_bibtex(library: Library, options: Options) -> Written:
    return _write(library, options, "bibtex")


def write_biblatex(library: Library, options: Options) -> Written:
    return _write(library, options, "biblatex")


def _bad_key(dialect: str) -> Callable[[str], str | None]:
    def bad(key: str) -> str | None:
        reader = "biber" if dialect == "biblatex" else "BibTeX"
        return f"has characters {reader} cannot take" if _BAD_KEY[dialect].search(key) else None

    return bad


def _write(library: Library, options: Options, dialect: str) -> Written:
    works, problems = unique_keys(library.works, _bad_key(dialect))
    native = library.native.get(MAPPING.format)
    entries = write_entries(works, options, dialect)
    return file_of([entries], native.fields if native else (), options, dialect, problems)


@attrs.frozen
class Entries:
    """The entries of some works, written, with what they leave to the file around them: the
    commands its @preamble provides, the characters kept, the problems."""

    blocks: tuple[str, ...]
    problems: tuple[Diagnostic, ...]
    latex: LatexWriter


def bad_key(key: str, dialect: str) -> bool:
    """Whether ``key`` has characters BibTeX (or biber) cannot take: it gets a new one."""
    return _bad_key(dialect)(key) is not None


def write_entries(works: Sequence[Work], options: Options, dialect: str) -> Entries:
    """The entries of ``works``, whose keys are unique and usable already."""
    latex = LatexWriter(ascii=options.ascii, stacked_accents=dialect != "biblatex")
    output = Output(options, latex)
    problems: list[Diagnostic] = []
    blocks = []
    for work in works:
        record, found = MAPPING.write(work, state=output, dialect=dialect)
        problems.extend(found)
        blocks.append(_entry(record, options, latex, problems))
    return Entries(tuple(blocks), tuple(problems), latex)


def file_of(
    parts: Sequence[Entries],
    file_fields: Sequence[NativeField],
    options: Options,
    dialect: str,
    problems: Sequence[Diagnostic] = (),
) -> Written:
    """The .bib file of entries written in ``parts``, in order (one part, or the parts of a
    file written in several processes: the same text)."""
    latex = LatexWriter(ascii=options.ascii, stacked_accents=dialect != "biblatex")
    for part in parts:
        latex.absorb(part.latex)
    blocks = [block for part in parts for block in part.blocks]
    preamble, comments = around_entries(latex, file_fields, uses_url=any(map(uses_url, blocks)))
    text = "\n".join([*preamble, *blocks, *comments])
    found = [*problems, *(p for part in parts for p in part.problems)]
    return Written(text, (*found, *latex.problems, *latex.kept_characters()))


def uses_url(block: str) -> bool:
    """Whether an entry written needs ``\\url`` (defined in the preamble when it must be)."""
    return "\\url{" in block


def around_entries(
    latex: LatexWriter, file_fields: Sequence[NativeField], *, uses_url: bool
) -> tuple[list[str], list[str]]:
    """What a .bib file has before its entries (@preamble blocks, with the commands
    ``latex`` used) and after them (@comment blocks); the file joins them all with a line end."""
    sources = [str(f.value) for f in file_fields if f.name == "preamble"]
    comments = [
        f"@comment{{{f.value}}}\n"
        for f in file_fields
        if f.name == "comment" and balanced(str(f.value))
    ]
    return _preamble(latex, sources, uses_url=uses_url), comments


def _entry(record: Record, options: Options, latex: LatexWriter, problems: list[Diagnostic]) -> str:
    entry_type = record.type if _NAME.fullmatch(record.type) else "misc"
    lines = [f"@{entry_type}{{{record.key},"]
    fields = []
    for name, value in record.fields.items():
        if name.lower() in options.omit or value is None or value == "":
            continue
        if not _NAME.fullmatch(name):
            problems.append(
                warning(
                    "invalid-field-name",
                    f"{name!r} cannot be a field name; left out",
                    key=record.key,
                )
            )
            continue
        fields.append((_DISPLAY_NAMES.get(name, name), _value(value, latex)))
    for index, (name, value) in enumerate(fields):
        comma = "," if index < len(fields) - 1 else ""
        lines.append(f"  {name} = {value}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _value(value: Any, latex: LatexWriter) -> str:
    """Braced, or bare for a macro; a value is safe only when its braces balance as BibTeX
    counts them, so one that does not is escaped whole."""
    if isinstance(value, Bare):
        return value.text
    if isinstance(value, dict) and set(value) == {VERBATIM}:
        # A value kept as it was written (an undefined macro): as it was, while it is an
        # expression that cannot end the entry (balanced braces, paired quotes).
        expression = str(value[VERBATIM])
        if balanced(expression) and expression.count('"') % 2 == 0 and "@" not in expression:
            return expression
        return "{" + latex.escape(expression) + "}"
    text = value if isinstance(value, str) else str(value)
    if not balanced(text):
        text = latex.escape(text)
    # BibTeX reads an `@` inside braces as a character, but bibtexparser, JabRef and editors
    # take one that opens a line for a new entry: braced, it prints the same and opens none.
    if "@" in text:
        text = _LINE_START_AT.sub(r"\n\1{@}", text)
    return "{" + text + "}"


_LINE_START_AT = re.compile(r"\n([ \t]*)@")


def _preamble(latex: LatexWriter, sources: list[str], *, uses_url: bool) -> list[str]:
    """The source's @preamble blocks, then fallback definitions, so that a document compiles
    even without the url package or the authors' own macros (``\\providecommand`` never
    overrides a real definition). Definitions a source preamble has already are not repeated."""
    blocks = [f"@preamble{{ {_delimited(text)} }}\n" for text in sources if balanced(text)]
    definitions = [URL_FALLBACK] if uses_url else []
    for command, arguments in sorted(latex.commands.items()):
        if command in _NEVER_PROVIDED:
            continue
        # Prints the last argument, a logo's letters, or the command as written (never its
        # bare name as a word).
        name = command.lstrip("\\")
        body = f"#{arguments}" if arguments else LOGOS.get(name, "\\textbackslash " + name)
        count = f"[{arguments}]" if arguments else ""
        definitions.append(f"\\providecommand{{{command}}}{count}{{{body}}}")
    definitions = [d for d in definitions if not _defined_in(d, sources)]
    # One block each, so that reading the file back and writing it again gives the same text.
    blocks.extend(f'@preamble{{ "{d}" }}\n' for d in definitions)
    return blocks


def _defined_in(definition: str, sources: list[str]) -> bool:
    """Whether a source preamble already has this definition, or defines the same command."""
    command = re.match(r"\\providecommand\{(\\\w+)\}", definition)
    name = re.escape(command.group(1)) if command else None
    for text in sources:
        if definition in text:
            return True
        pattern = (
            rf"\\(?:new|renew|provide)command\*?\s*\{{?{name}(?![A-Za-z])|\\def{name}(?![A-Za-z])"
        )
        if name and re.search(pattern, text):
            return True
    return False


def _delimited(text: str) -> str:
    return f'"{text}"' if '"' not in text else "{" + text + "}"
