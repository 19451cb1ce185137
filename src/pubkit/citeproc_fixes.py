"""Where citeproc-py renders a style otherwise than citeproc-js, and what pubkit does about it.

citeproc-js (Zotero's and Mendeley's processor) is the reference. citeproc-py departs from it
in ways that show in every reference list; each is worked around here, by preparing the style,
the items, or the rendered text, and tested against citeproc-js:

* ``initialize="false"``: citeproc-py initializes given names whenever a style has
  ``initialize-with`` (Chicago and MLA print ``Chen, L.`` for ``Chen, Liang``); the prepared
  style drops ``initialize-with`` where ``initialize`` is false.
* punctuation in quotes: en-US puts a comma or period inside closing quotes (``“Title,”``);
  citeproc-py leaves it outside.
* apostrophes: citeproc-js prints a typographic apostrophe (``Target’s``).
* title case: citeproc-py puts a space wherever a case-protected part ends (``ATP : AMRize``)
  and leaves the parts of hyphenated words alone (``Fine-tuning``); ``PatchedText.case``
  keeps the text's own spacing and capitalizes each part (``Fine-Tuning``, ``End-to-End``).
* a truncated author list: the items end it with a marker name, which becomes the locale's
  "et al." in the rendered text (``Chen, L., Xu, R., et al.``), so that no style prints a
  person called "et al." and none hides the truncation.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from citeproc import model
from citeproc.frontend import CitationStylesStyle
from citeproc.string import MixedString, NoCase, String
from lxml import etree

CSL = "http://purl.org/net/xbiblio/csl"
# A name no style changes (no lower-case letters, no spaces), replaced after rendering.
ET_AL_MARK = "ZZPUBKITETALZZ"
_ET_AL = re.compile(r"(?:,\s*|\s+)(?:(?:&|&amp;|and)\s+)?" + ET_AL_MARK)


def prepared_style(path: Path) -> io.BytesIO:
    """The style, with what citeproc-py reads wrongly rewritten to what it means."""
    tree = etree.parse(str(path))
    root = tree.getroot()
    # CSL: initialize="false" keeps given names whole, even where `initialize-with` is
    # inherited from the style; citeproc-py would initialize them. So the inherited option is
    # moved onto every name that does initialize, and taken off the others.
    inherited = {
        element: element.attrib.pop("initialize-with", None)
        for element in (root, *root.iterchildren(f"{{{CSL}}}citation", f"{{{CSL}}}bibliography"))
    }
    for name in root.iter(f"{{{CSL}}}name"):
        if name.get("initialize") == "false":
            name.attrib.pop("initialize-with", None)
            continue
        if name.get("initialize-with") is None:
            context = next((a for a in name.iterancestors() if a in inherited), root)
            value = inherited.get(context) or inherited.get(root)
            if value is not None:
                name.set("initialize-with", value)
    return io.BytesIO(etree.tostring(tree))


def typographic(text: str) -> str:
    """A straight apostrophe after a letter becomes a typographic one, as citeproc-js
    prints it (``Target’s``, ``Users’``)."""
    return re.sub(r"(?<=\w)'", "\u2019", text)


def finished(entry: str, *, et_al: str = "et al.", punctuation_in_quote: bool = True) -> str:
    """A rendered reference with citeproc-py's departures undone."""
    entry = _ET_AL.sub(", " + et_al, entry)
    entry = entry.replace(ET_AL_MARK, et_al)  # the marker alone: every name was elided
    entry = entry.replace(et_al + ".", et_al)  # `et al..` where a style adds its own period
    if punctuation_in_quote:  # en-US: `”,` -> `,”`
        entry = re.sub("\u201d([.,])", "\\1\u201d", entry)
    return entry


_STOP_WORDS = frozenset(model.TextCased._stop_words)
_WORD = re.compile(r"[^\s-]+|[\s-]+")
_OPENING = "\"'“‘(["  # marks that may precede a word's first letter


def _title_case(piece: str, previous: str, first: bool) -> tuple[str, str]:
    """``piece`` in title case, knowing the character before it; and its last character."""
    out = []
    for token in _WORD.findall(piece):
        if token.isspace() or set(token) <= set(" -"):
            out.append(token)
            previous = token[-1]
            continue
        letters = token.strip(_OPENING)  # a set of opening marks
        lowercase = token == token.lower()
        starts = first or previous in ":.?!" or previous == "\0"
        if lowercase and (letters.lower() not in _STOP_WORDS or starts):
            index = len(token) - len(token.lstrip(_OPENING))
            token = token[:index] + token[index : index + 1].upper() + token[index + 1 :]
        out.append(token)
        first = False
        previous = token[-1]
    return "".join(out), previous


class PatchedText(model.Text):  # type: ignore[misc]  # citeproc-py has no type information
    """citeproc-py's ``cs:text`` with title case as citeproc-js does it."""

    def case(self, text: Any, language: str | None = None) -> Any:
        if self.get("text-case") != "title":
            return super().case(text, language)
        if language not in (None, "en") and not str(language).startswith("en"):
            return text
        pieces = list(text) if isinstance(text, MixedString) else [text]
        out: list[Any] = []
        previous, first = "\0", True
        for piece in pieces:
            if isinstance(piece, NoCase):
                out.append(piece)
                previous, first = (str(piece)[-1:] or previous), False
                continue
            cased, previous = _title_case(str(piece), previous, first)
            first = first and not str(piece).strip()
            out.append(piece.__class__(cased) if isinstance(piece, String) else String(cased))
        return MixedString(out) if len(out) > 1 else out[0]


def initials(given: str, mark: str, hyphen: bool = True) -> str:
    """``given`` initialized as citeproc-js does: "Jean-Pierre" -> "J.-P.", a lowercase part
    after a hyphen is dropped ("Abdel-rahman" -> "A."), lowercase words ("de la") and
    abbreviations that keep more than a letter ("Ma.") stay as they are."""
    out = ""
    for word in given.split():
        if word[0].islower() or re.fullmatch(r"\w{2,}\.", word):
            out = f"{out.rstrip()} {word} "
            continue
        parts = word.split("-") if hyphen else [word.replace("-", "")]
        letters = [
            [chunk[0] for chunk in part.split(".") if chunk and chunk[0].isupper()]
            for part in parts
        ]
        if not any(letters):  # nothing to initialize, e.g. "123"
            out = f"{out.rstrip()} {word} "
            continue
        out += (mark.rstrip() + "-").join(mark.join(part) for part in letters if part) + mark
    return " ".join(out.split())


class PatchedName(model.Name):  # type: ignore[misc]  # citeproc-py has no type information
    """citeproc-py's ``cs:name``, initializing given names as citeproc-js does (citeproc-py
    turns "Abdel-rahman" into "A.-. rahman .")."""

    def initialize(self, given: str, mark: str, context: Any) -> str:
        hyphen = self.get_option("initialize-with-hyphen", context)
        return initials(str(given), mark, hyphen not in (False, "false"))


class PatchedStyle(CitationStylesStyle):  # type: ignore[misc]
    """A style parsed with pubkit's fixed element classes (only for this style: citeproc-py's
    own parser is left as it is)."""

    def __init__(self, source: io.BytesIO, locale: str | None = None) -> None:
        lookup = etree.ElementNamespaceClassLookup()
        namespace = lookup.get_namespace(CSL)
        namespace[None] = model.CitationStylesElement
        namespace.update(
            {
                cls.__name__.replace("_", "-").lower(): cls
                for cls in model.CitationStylesElement.__subclasses__()
            }
        )
        namespace["text"] = PatchedText
        namespace["name"] = PatchedName
        self.parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        self.parser.set_element_class_lookup(lookup)
        self.xml = etree.parse(source, self.parser)
        self.root = self.xml.getroot()
        self.root.set_locale_list(
            locale or self.root.get("default-locale", "en-US"), validate=False
        )
