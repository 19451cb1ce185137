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
import unicodedata
from pathlib import Path
from typing import Any

import attrs
from citeproc import model
from citeproc.frontend import CitationStylesStyle
from citeproc.source import VariableError
from citeproc.string import MixedString, NoCase, String
from lxml import etree

CSL = "http://purl.org/net/xbiblio/csl"
# A name no style changes (no lower-case letters, no spaces), replaced after rendering.
ET_AL_MARK = "ZZPUBKITETALZZ"
_ET_AL = re.compile(r"(?:,\s*|\s+)(?:(?:&|&amp;|and)\s+)?" + ET_AL_MARK)


class UnsafeStyle(ValueError):
    """A style file pubkit will not read."""


def prepared_style(path: Path) -> io.BytesIO:
    """The style, with what citeproc-py reads wrongly rewritten to what it means."""
    # No entities, no DTD, no network: a style is a file from anywhere (`--style x.csl`), and
    # an entity could read another file or expand a billion times. CSL styles declare none.
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    tree = etree.parse(str(path), parser)
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise UnsafeStyle("it declares a DOCTYPE, which no CSL style has (pubkit reads none)")
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


def year_suffixes(style: Any, items: list[dict[str, Any]]) -> dict[str, str]:
    """``2021a``, ``2021b``: the year suffix of each item whose citation the style cannot
    tell apart from another's by names, in the order ``items`` come (the bibliography's).
    citeproc-py does not disambiguate; citeproc-js adds names and given names first, as the
    style allows, and a suffix where they do not tell the works apart."""
    options = _citation_options(style)
    if options is None or not options["add-year-suffix"]:
        return {}
    et_al_min, use_first = options["et-al-min"], options["et-al-use-first"]

    def cited_as(item: dict[str, Any]) -> tuple[Any, ...]:
        names = item.get("author") or item.get("editor") or []
        if not options["add-names"] and et_al_min and len(names) >= et_al_min:
            names = names[:use_first]
        add_given = options["add-givenname"]
        people = tuple(
            (n.get("literal") or n.get("family"), n.get("given") if add_given else None)
            for n in names
        )
        return people or item.get("title"), _year(item)

    groups: dict[tuple[Any, ...], list[str]] = {}
    for item in items:
        groups.setdefault(cited_as(item), []).append(item_key(item["id"]))
    suffixes = {}
    for ids in groups.values():
        if len(ids) > 1:
            suffixes.update({key: _letters(number) for number, key in enumerate(ids)})
    return suffixes


def item_key(key: object) -> str:
    """An item's key as citeproc-py knows it: it lower-cases every key it registers."""
    return str(key).lower()


def _citation_options(style: Any) -> dict[str, Any] | None:
    citation = style.root.find(f"{{{CSL}}}citation")
    if citation is None:
        return None
    category = style.root.find(f"{{{CSL}}}info/{{{CSL}}}category[@citation-format]")
    return {
        "add-names": citation.get("disambiguate-add-names") == "true",
        "add-year-suffix": citation.get("disambiguate-add-year-suffix") == "true",
        "add-givenname": citation.get("disambiguate-add-givenname") == "true",
        "et-al-min": int(citation.get("et-al-min") or 0),
        "et-al-use-first": int(citation.get("et-al-use-first") or 0),
        # Whether a citation shows the year: then only works of one year can be confused.
        "year": category is not None and category.get("citation-format") == "author-date",
    }


def _cited_names(item: dict[str, Any], *, given: bool = False) -> list[Any]:
    names = item.get("author") or item.get("editor") or []
    if given:
        return [(n.get("literal") or n.get("family"), n.get("given")) for n in names]
    return [n.get("literal") or n.get("family") for n in names]


def _year(item: dict[str, Any]) -> Any:
    return (item.get("issued", {}).get("date-parts") or [[None]])[0][0]


def names_shown(style: Any, items: list[dict[str, Any]]) -> dict[str, int]:
    """How many names each item's citation shows once disambiguated by adding names (only
    the items that need more than the style's ``et-al-use-first``). citeproc-js shows them in
    the bibliography too ("Chen, Liang, Peiyi Wang, et al." beside "Chen, Liang, Runxin Xu,
    et al."); citeproc-py does not disambiguate."""
    options = _citation_options(style)
    if options is None or not options["add-names"] or not options["et-al-min"]:
        return {}
    first, with_year = options["et-al-use-first"], options["year"]

    def cited_as(item: dict[str, Any], count: int, given: bool = False) -> tuple[Any, ...]:
        names = _cited_names(item, given=given)
        shown = names if len(names) < options["et-al-min"] else names[:count]
        return tuple(shown), len(shown) < len(names), _year(item) if with_year else None

    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(cited_as(item, first), []).append(item)
    shown: dict[str, int] = {}
    for group in groups.values():
        if options["add-givenname"]:  # given names first: "Ziyun Xu et al." is no "Runxin Xu"
            given = [cited_as(item, first, given=True) for item in group]
            group = [item for item, cite in zip(group, given, strict=True) if given.count(cite) > 1]
        # Names are added to every cite of the set until no more of them can be told apart;
        # those told apart keep the count that did it, the rest the last count that helped.
        last_useful = first
        longest = max((len(_cited_names(item)) for item in group), default=0)
        for count in range(first + 1, longest + 1):
            cites = [cited_as(item, count) for item in group]
            apart = [
                item for item, cite in zip(group, cites, strict=True) if cites.count(cite) == 1
            ]
            if apart:
                last_useful = count
                shown.update({item_key(item["id"]): count for item in apart})
                group = [item for item in group if item not in apart]
        if last_useful > first:
            shown.update({item_key(item["id"]): last_useful for item in group})
    return shown


def subsequent_author_substitute(
    style: Any, entries: list[str], keys: list[str], first_names: dict[str, str]
) -> list[str]:
    """The style's ``subsequent-author-substitute`` ("———") for names an entry shares with
    the entry before it, which citeproc-py does not apply."""
    bibliography = style.root.find(f"{{{CSL}}}bibliography")
    substitute = (
        bibliography.get("subsequent-author-substitute") if bibliography is not None else None
    )
    if substitute is None or len(entries) != len(keys):
        return entries  # (citeproc-py leaves out an entry that renders empty: keys unknown)
    et_al = str(style.root.get_single_term("et-al") or "et al.")
    out = []
    previous = None
    for entry, key in zip(entries, keys, strict=True):
        rendered = first_names.get(key, "")
        names = rendered.rstrip(".")  # the period ends the sentence, not the names
        shown = _names_shown_in(rendered, et_al) if names and entry.startswith(names) else None
        if shown is not None and shown == previous:
            out.append(substitute + entry[len(names) :])
        else:
            out.append(entry)
        previous = shown
    return out


def _names_shown_in(names: str, et_al: str) -> str:
    """The names a rendered name list shows, without its connectors and "et al.": entries
    with the same names get the substitute, one "et al." list or not (as citeproc-js)."""
    for word in (ET_AL_MARK, et_al):
        names = names.replace(word, " ")
    return " ".join(re.sub(r"(?:^|\s)(?:and|&)(?=\s)|,", " ", names).split())


def _letters(number: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: CSL's year suffixes."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


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


# Lower-case words title case leaves lower-case: citeproc-js's English list (prepositions,
# articles, conjunctions, name particles), longer than the CSL specification's and
# citeproc-py's.
_STOP_WORDS = frozenset(
    """about above across afore after against al along alongside amid amidst among amongst
    anenst apropos apud around as aside astride at athwart atop barring before behind below
    beneath beside besides between beyond but by circa despite down during et except for
    forenenst from given in inside into lest like modulo near next notwithstanding of off on
    onto out over per plus pro qua sans since than through thru throughout thruout till to
    toward towards under underneath until unto up upon versus vs. v. vs v via vis-à-vis with
    within without or yet so and nor a an the de d' von van c ca""".split()
)
_WORD = re.compile(r"[^\s-]+|[\s-]+")
_OPENING = "\"'“‘(["  # marks that may precede a word's first letter


def _mixed_case(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) and not word.isupper()


def _latin(letter: str) -> bool:
    return unicodedata.name(letter, "").startswith("LATIN") if letter else False


def _title_case(piece: str, previous: str, first: bool) -> tuple[str, str]:
    """``piece`` in title case, knowing the character before it; and its last character."""
    out = []
    for token in _WORD.findall(piece):
        if token.isspace() or set(token) <= set(" -"):
            out.append(token)
            previous = token[-1]
            continue
        letters = token.strip(_OPENING)  # a set of opening marks
        # Latin words only: citeproc-js leaves "ϵ-Nets" as it is.
        lowercase = token == token.lower() and _latin(letters[:1])
        starts = first or previous in ":.?!" or previous == "\0"
        if lowercase and (letters.lower() not in _STOP_WORDS or starts):
            index = len(token) - len(token.lstrip(_OPENING))
            token = token[:index] + token[index : index + 1].upper() + token[index + 1 :]
        out.append(token)
        first = False
        previous = token[-1]
    return "".join(out), previous


class PatchedText(model.Text):  # type: ignore[misc]  # citeproc-py has no type information
    """citeproc-py's ``cs:text`` with title case as citeproc-js does it, and a macro called
    from a sort key's macro sorting names as a sort key must: family name first for every
    name (citeproc-py drops the sort options there, and sorts "Xu, Runxin, Fuli Luo" before
    "Xu, Runxin, Jun Cao")."""

    def process(
        self, item: Any, context: Any = None, sort_options: Any = None, **kwargs: Any
    ) -> Any:
        if sort_options is None or "macro" not in self.attrib:
            return super().process(item, context=context, **kwargs)
        try:
            language = item.reference.language[:2]
        except VariableError:
            language = self.get_root().get("default-locale", "en")[:2]
        macro = self.get_macro(self.get("macro"))
        return macro.render(item, context=context, sort_options=sort_options), language

    def _format_last_page(self, first: str, last: str) -> Any:
        # "436–44" means 436–444: where the style has a page-range-format, expand what the
        # source abbreviated first (citeproc-py would print "436–44" as "expanded"); without
        # one, pages stay as written.
        formatted = self.get_root().get_option("page-range-format") is not None
        if formatted and first.isdigit() and last.isdigit() and len(last) < len(first):
            last = first[: len(first) - len(last)] + last
        return super()._format_last_page(first, last)

    def case(self, text: Any, language: str | None = None) -> Any:
        first_word = str(text).split(" ", 1)[0] if text is not None else ""
        if self.get("text-case") == "capitalize-first" and _mixed_case(first_word):
            return text  # "arXiv:2401.01234", "iPhone": citeproc-js leaves them as written
        if self.get("text-case") != "title":
            return super().case(text, language)
        if language not in (None, "en") and not str(language).startswith("en"):
            return text
        return _title_cased(text)


class PatchedKey(model.Key):  # type: ignore[misc]  # citeproc-py has no type information
    """citeproc-py's sort ``cs:key``, comparing rendered text from its first letter or digit
    as citeproc-js does: a title put in quotes (“A Page”) sorts under A, not after Z."""

    def sort_keys(self, items: Any, context: Any) -> list[Any]:
        keys = super().sort_keys(items, context)
        if "macro" not in self.attrib:
            return list(keys)
        return [_SORT_START.sub("", str(key)) if key is not None else None for key in keys]


_SORT_START = re.compile(r"^[^\w]+")


class PatchedLabel(model.Label):  # type: ignore[misc]  # citeproc-py has no type information
    """citeproc-py's ``cs:label``, in title case as citeproc-js sets it ("(Eds.)")."""

    def case(self, text: Any, language: str | None = None) -> Any:
        if self.get("text-case") == "title" and text is not None:
            return _title_cased(text)
        return super().case(text, language)


def _title_cased(text: Any) -> Any:
    """Title case over citeproc-py's strings, leaving its no-case pieces as they are."""
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


@attrs.define
class Rendering:
    """What one rendering of a bibliography shares with its name elements: how many names an
    item shows after disambiguation (by id), and the names each entry opens with."""

    names_shown: dict[str, int] = attrs.field(factory=dict)
    first_names: dict[str, str] = attrs.field(factory=dict)


class PatchedName(model.Name):  # type: ignore[misc]  # citeproc-py has no type information
    """citeproc-py's ``cs:name``, initializing given names as citeproc-js does (citeproc-py
    turns "Abdel-rahman" into "A.-. rahman ."), joining two names of which the second is an
    organization without a delimiter before "and" ("Doe, J. & OpenAI"), and showing the names
    disambiguation added, as citeproc-js does. A subclass per style holds its ``rendering``."""

    rendering: Rendering | None = None

    def initialize(self, given: str, mark: str, context: Any) -> str:
        hyphen = self.get_option("initialize-with-hyphen", context)
        return initials(str(given), mark, hyphen not in (False, "false"))

    def process(
        self, item: Any, variable: str, context: Any = None, sort_options: Any = None, **kw: Any
    ) -> Any:
        if sort_options is not None:
            # A sort key compares names, not connectors: "Gonzalez, X., & Li" must not sort
            # before "Gonzalez, X., Adams" for its "&" (citeproc-js compares name by name).
            # Nor the "et al." that ends a shortened list: "Gonzalez, M., et al." sorts with
            # "Gonzalez, M.", by what follows in the sort.
            sort_options = {**sort_options, "and": None, "delimiter": "; "}
            text = super().process(item, variable, context, sort_options=sort_options, **kw)
            et_al = str(self.et_al() or "")
            key = str(text) if text is not None else None
            if key and et_al and key.endswith(et_al):
                key = key[: -len(et_al)].rstrip("; ,")
            return key
        names = item.reference.get(variable) or []
        options: dict[str, Any] = {}  # options given as a sort key's win over the style's
        if len(names) == 2 and names[1].get("literal") and names[1].get("literal") != ET_AL_MARK:
            options["delimiter-precedes-last"] = "never"
        key = item_key(item.reference.get("key"))
        rendering = self.rendering or Rendering()
        shown = rendering.names_shown.get(key)
        if shown is not None and len(names) >= self.get_option("et-al-min", context):
            if shown >= len(names):
                options["et-al-min"] = len(names) + 1
            else:
                options["et-al-use-first"] = max(shown, self.get_option("et-al-use-first", context))
        text = super().process(item, variable, context, sort_options=options or None, **kw)
        rendering.first_names.setdefault(key, str(text))
        return text


class PatchedStyle(CitationStylesStyle):  # type: ignore[misc]
    """A style parsed with pubkit's fixed element classes (only for this style: citeproc-py's
    own parser is left as it is)."""

    def __init__(self, source: io.BytesIO, locale: str | None = None) -> None:
        self.rendering = Rendering()
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
        namespace["label"] = PatchedLabel
        namespace["key"] = PatchedKey
        namespace["name"] = type("Name", (PatchedName,), {"rendering": self.rendering})
        self.parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        self.parser.set_element_class_lookup(lookup)
        self.xml = etree.parse(source, self.parser)
        self.root = self.xml.getroot()
        self.root.set_locale_list(
            locale or self.root.get("default-locale", "en-US"), validate=False
        )
