"""Writing .bib files, in the BibTeX and BibLaTeX dialects.

Field order is fixed, values are braced, months are bare macros (``month = apr``), indentation
is two spaces, entries are separated by a blank line and the file ends with a newline: the same
library always gives the same bytes. docs/bibtex.md has the field tables.
"""

from __future__ import annotations

import json
import re

import attrs

from pubkit.diagnostics import Diagnostic, warning
from pubkit.formats.base import Written
from pubkit.formats.bibtex import mapping
from pubkit.formats.bibtex.latex import LatexWriter, balanced
from pubkit.formats.bibtex.names import bibtex_names
from pubkit.keys import assign_keys, release_unusable_keys
from pubkit.library import Library
from pubkit.model import Work
from pubkit.model.identifiers import arxiv_doi

# Characters BibTeX or biber cannot take in a key (and anything not ASCII, for classic BibTeX).
# (Keys from a source are kept as they are otherwise, also when they are not ASCII.)
_BAD_KEY = re.compile(r"[\s{}(),#%~\"'=\\]|[\x00-\x1f\x7f]")
# Where neither url nor hyperref is loaded: typewriter text, with the URL's _ & ~ ^ $ read as
# plain characters (re-read with \scantokens), and \% \# as the url package spells them.
# Commands a fallback definition must never touch (\providecommand cannot take \par at all).
_NEVER_PROVIDED = frozenset({"\\par", "\\relax", "\\end", "\\begin", "\\item"})
URL_FALLBACK = (
    r"\providecommand{\url}[1]{\begingroup\ttfamily\catcode`\_=12 \catcode`\&=12 "
    r"\catcode`\~=12 \catcode`\^=12 \catcode`\$=12 \endlinechar=-1 \scantokens{#1}\endgroup}"
)


def _split_option(value: object) -> frozenset[str]:
    if isinstance(value, str):
        value = value.split(",")
    return frozenset(str(v).strip().lower() for v in value if str(v).strip())  # type: ignore[union-attr]


@attrs.frozen
class Options:
    """``ascii``: write non-ASCII characters as LaTeX commands. ``omit``: field names to leave
    out (``{"abstract"}`` or ``"abstract,keywords"``)."""

    ascii: bool = False
    omit: frozenset[str] = attrs.field(default=frozenset(), converter=_split_option)


@attrs.define
class _Entry:
    type: str
    key: str
    fields: list[tuple[str, str]]  # name, value as written (braces included)


def write_bibtex(library: Library, options: object) -> Written:
    return _write(library, options, biblatex=False)


def write_biblatex(library: Library, options: object) -> Written:
    return _write(library, options, biblatex=True)


def _write(library: Library, options: object, *, biblatex: bool) -> Written:
    assert isinstance(options, Options)
    latex = LatexWriter(ascii=options.ascii, stacked_accents=not biblatex)
    works, problems = _valid_keys(library.works)
    entries = [_entry(work, latex, biblatex, options.omit) for work in works]
    blocks = [_format(entry) for entry in entries]
    sources = _json_list(library.extra.get("bibtex:preamble"))
    preamble = _preamble(latex, sources, uses_url=any("\\url{" in b for b in blocks))
    comments = [
        f"@comment{{{c}}}\n" for c in _json_list(library.extra.get("bibtex:comment")) if balanced(c)
    ]
    text = "\n".join([*preamble, *blocks, *comments])
    return Written(text, (*problems, *latex.problems, *latex.kept_characters()))


def _valid_keys(works: tuple[Work, ...]) -> tuple[tuple[Work, ...], list[Diagnostic]]:
    """Keys that BibTeX and biber accept; other keys are replaced by generated ones, reported."""

    def unusable(key: str) -> str | None:
        return "has characters BibTeX cannot take" if _BAD_KEY.search(key) else None

    kept, released = release_unusable_keys(works, unusable)
    problems = [
        warning(
            "invalid-key", f"the key {work.key!r} {why}; a generated key was used", key=work.key
        )
        for work, why in released
    ]
    return assign_keys(kept), problems


def _json_list(value: str | None) -> list[str]:
    if not value:
        return []
    try:
        items = json.loads(value)
    except ValueError:
        return []
    return [str(item) for item in items] if isinstance(items, list) else []


def _preamble(latex: LatexWriter, sources: list[str], *, uses_url: bool) -> list[str]:
    """The source's @preamble blocks, then fallback definitions, so that a document compiles
    even without the url package or the authors' own macros (``\\providecommand`` never
    overrides a real definition). Definitions a source preamble has already are not repeated."""
    blocks = [f"@preamble{{ {_delimited(text)} }}\n" for text in sources if balanced(text)]
    definitions = [URL_FALLBACK] if uses_url else []
    for command, arguments in sorted(latex.commands.items()):
        if command in _NEVER_PROVIDED:
            continue
        body = f"#{arguments}" if arguments else command.lstrip("\\")
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


def _format(entry: _Entry) -> str:
    lines = [f"@{entry.type}{{{entry.key},"]
    for index, (name, value) in enumerate(entry.fields):
        comma = "," if index < len(entry.fields) - 1 else ""
        lines.append(f"  {name} = {value}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _braced(value: str) -> str:
    return "{" + value + "}"


def _url(url: str, *, verbatim: bool) -> str:
    """A URL for a ``url``/``doi`` field (``verbatim``: styles hand it to ``\\url``, which reads
    % and # as they are) or for a ``\\url{}`` inside a text field (% and # escaped, since
    there it is an argument LaTeX has already read). Braces are percent-encoded."""
    url = url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
    if verbatim:
        return url
    return url.replace("%", "\\%").replace("#", "\\#")


def _entry(work: Work, latex: LatexWriter, biblatex: bool, omit: frozenset[str]) -> _Entry:
    assert work.key is not None
    latex.key = work.key
    bib_type = work.extra.get("bibtex:entrytype") or mapping.entry_type(work, biblatex)
    fields: list[tuple[str, str]] = []

    def add(name: str, value: str | None, *, bare: bool = False) -> None:
        if value and name.lower() not in omit:
            fields.append((name, value if bare else _braced(value)))

    initials = not biblatex  # classic BibTeX cuts bytes when it abbreviates names
    if work.authors or work.authors_truncated:
        names = bibtex_names(work.authors, work.authors_truncated, latex, ascii_initials=initials)
        add("author", names)
    if work.editors:
        add("editor", bibtex_names(work.editors, False, latex, ascii_initials=initials))
    if work.title is not None:
        add("title", latex.text(work.title, title=True))
    notes: list[str] = []
    if work.container_title is not None:
        container = mapping.container_field(bib_type, biblatex)
        value = latex.text(work.container_title, title=True)
        if container == "note":
            notes.append(value)
        else:
            add(container, value)
    if biblatex:
        if work.issued is not None:
            original = work.extra.get("bibtex:date", "")
            add("date", original if original.startswith(str(work.issued)) else str(work.issued))
        add("type", mapping.BIBLATEX_SUBTYPES.get(work.type))
    elif work.issued is not None:
        add("year", str(work.issued.year))
        if work.issued.month is not None:
            add("month", mapping.MONTH_MACROS[work.issued.month - 1], bare=True)
            if work.issued.day is not None:
                add("day", str(work.issued.day))
    add("volume", latex.escape(work.volume or ""))
    add("number", latex.escape(work.issue or ""))
    add("pages", _pages(work.pages, latex))
    publisher_field = _publisher_field(bib_type, biblatex)
    if publisher_field is None and work.publisher:
        latex.problems.append(
            warning(
                "dropped-field",
                f"biblatex's @{bib_type} has no publisher field; {work.publisher!r} was left out",
                key=work.key,
            )
        )
    elif publisher_field is not None:
        add(publisher_field, latex.escape(work.publisher or ""))
    add("location" if biblatex else "address", latex.escape(work.place or ""))
    add("edition", latex.escape(work.edition or ""))
    add("series", latex.escape(work.series or ""))
    add("isbn", latex.escape(work.isbn or ""))
    add("issn", latex.escape(work.issn or ""))
    add("language", latex.escape(work.language or ""))
    if biblatex and mapping.is_preprint(work):
        add("pubstate", "prepublished")
    if not biblatex and bib_type == "misc" and work.arxiv_id:
        # Classic styles ignore eprint fields; howpublished is what plain.bst prints for @misc.
        add("howpublished", f"arXiv:{work.arxiv_id}")
    _identifiers(work, add, biblatex)
    notes.extend(_notes(work, latex))
    add("addendum" if biblatex else "note", ". ".join(notes))
    add("keywords", ", ".join(latex.escape(k) for k in (*work.categories, *work.keywords)))
    if work.affiliations:
        names = [a.name or a.code for a in work.affiliations]
        add("usera" if biblatex else "affiliation", "; ".join(latex.escape(n) for n in names))
    if work.abstract is not None:
        add("abstract", latex.text(work.abstract))
    for name, value in _extra_fields(work, biblatex):
        # A field the source had (`type = {Wishful Research Result}`) replaces one the writer
        # derived (`type = {techreport}`): a .bib entry has each field once.
        position = next((i for i, (n, _) in enumerate(fields) if n.lower() == name.lower()), None)
        if position is None:
            add(name, value)
        elif value and name.lower() not in omit:
            fields[position] = (name, "{" + value + "}")
    # A value is safe only when its braces balance as BibTeX counts them.
    for index, (name, value) in enumerate(fields):
        if not balanced(value[1:-1] if value.startswith("{") else value):
            fields[index] = (name, _braced(latex.escape(value)))
    return _Entry(bib_type, work.key, fields)


def _publisher_field(bib_type: str, biblatex: bool) -> str | None:
    """Who published it: a thesis's school, a report's institution, else the publisher; None
    where the dialect has no such field (biblatex's @article)."""
    if bib_type in ("phdthesis", "mastersthesis"):
        return "school"
    if bib_type in ("techreport", "thesis", "report"):
        return "institution"
    if biblatex and bib_type == "article":
        return None
    return "publisher"


def _pages(pages: str | None, latex: LatexWriter) -> str:
    """``12-34``, ``12–34`` and ``12--34`` -> ``12--34``, BibTeX's spelling of a page range;
    pages that have hyphens of their own (``A-1--A-9``) keep them."""
    if not pages:
        return ""
    for separator in ("--", "\u2013", "-"):
        if pages.count(separator) == 1:
            first, last = (p.strip() for p in pages.split(separator))
            return f"{latex.escape(first)}--{latex.escape(last)}"
    return latex.escape(pages)


def _identifiers(work: Work, add, biblatex: bool) -> None:  # type: ignore[no-untyped-def]
    doi = work.doi or (arxiv_doi(work.arxiv_id) if work.arxiv_id else None)
    add("doi", _url(doi or "", verbatim=True))
    add("url", _url(work.url or "", verbatim=True))
    if work.arxiv_id:
        add("eprint", work.arxiv_id)
        add("eprinttype" if biblatex else "archivePrefix", "arxiv" if biblatex else "arXiv")
        if work.categories:
            add("eprintclass" if biblatex else "primaryClass", work.categories[0])


def _notes(work: Work, latex: LatexWriter) -> list[str]:
    """The work's note, its code link and other links, as LaTeX sentences."""
    notes = []
    if work.note is not None:
        notes.append(latex.text(work.note))
    if work.code_url:
        label = "Code" if work.has_code else "Code link"
        notes.append(f"{label}: \\url{{{_url(work.code_url, verbatim=False)}}}")
    elif work.has_code:
        notes.append("Code available")
    if work.links:
        urls = ", ".join(f"\\url{{{_url(u, verbatim=False)}}}" for u in work.links)
        notes.append(f"See also: {urls}")
    return notes


# Extra data that is not written as a field of its own: the entry type, and the date's
# original text (BibLaTeX writes it as `date`; classic BibTeX's month text replaces the macro).
_NOT_FIELDS = {
    False: frozenset({"bibtex:entrytype", "bibtex:date"}),
    True: frozenset({"bibtex:entrytype", "bibtex:date", "bibtex:month"}),
}


def _extra_fields(work: Work, biblatex: bool) -> list[tuple[str, str]]:
    """Fields a BibTeX source had that the model has no place for (``bibtex:<field>``)."""
    return [
        (name.split(":", 1)[1], value)
        for name, value in work.extra.items()
        if name.startswith("bibtex:") and name not in _NOT_FIELDS[biblatex]
    ]
