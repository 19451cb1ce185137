"""Stand-ins: text bibtexparser splits the way BibTeX reads the original.

bibtexparser's splitter departs from BibTeX in a few places where BibTeX keeps the entry:

* an entry type with a hyphen or a dot (``@ABNT-options``) is no block start to it;
* a type that begins with "comment" (biblatex-jura's ``@commentary``, ``@COMMENTED``) is taken
  for a ``@comment``; BibTeX skips only ``@comment`` itself;
* a key with an equals sign (``@ABNT-options{abnt-doi=link,``) is taken for a field;
* a double quote inside braces inside a quoted value (``"{see "the Art" again}"``) ends the
  value for it; BibTeX counts braces, and such a quote is only a character;
* a backslash before a brace (``{ends in a line break\\}``) escapes the brace for it; BibTeX
  counts every brace;
* white space between ``@`` and the type, or between the type and its brace (``@ article{``,
  ``@article`` and ``{`` on the next line), which BibTeX skips, makes no entry for it;
* an entry that has no key at all, its first field on the line after the brace (EndNote's
  export: ``@article{`` then ``author = {...},``), is an entry without a key to pubkit, which
  reads it with a warning (BibTeX reads ``author`` as its key and then skips it): the first
  white space after the brace becomes the comma after an empty key.

Each is replaced, before splitting, by a character bibtexparser passes over, one for one, so
every offset in the disguised text is an offset in the source. Types are read back from the
source; keys and values go through ``restore``.
"""

from __future__ import annotations

import re

import attrs

_QUOTE = "\ue000"  # private-use characters: no .bib file means anything by them
_EQUALS = "\ue001"
_BACKSLASH = "\ue002"

_NAME = r"""[^\s"#%'(),={}]"""  # a character of a BibTeX identifier
_TYPE = re.compile(
    rf"(?m)^(?P<at>[ \t]*@)(?P<before>\s*)(?P<type>[A-Za-z]{_NAME}*)(?P<after>\s*)(?=[{{(])"
)
_BACKSLASH_BRACE = re.compile(r"\\(?=[{}])")
_KEY_WITH_EQUALS = re.compile(
    rf"(?m)^(?P<head>[ \t]*@[ \t]*{_NAME}+[ \t]*\{{[ \t]*)(?P<key>{_NAME}*=(?:{_NAME}|=)*),"
)
# Before an entry type: not @string, @preamble or @comment, which have no key.
NOT_A_BLOCK_KIND = r"(?!(?i:string|preamble|comment)\b)"
_NO_KEY = re.compile(
    rf"(?m)^(?P<head>[ \t]*@[ \t]*{NOT_A_BLOCK_KIND}{_NAME}+[ \t]*\{{)"
    r"\s(?=\s*[A-Za-z][\w-]*[ \t]*=[^=])"
)
_TYPE_AT = re.compile(r"@\s*([^\s{(]+)")
_MARKS = re.compile(r'(?m)(?P<line>^[ \t]*@)|[@{}"()]')


@attrs.frozen
class Disguised:
    """Text with the stand-ins in place, the same length as the source, and how to put back
    the ones it holds (a source may use a stand-in's character itself: that one is left out)."""

    text: str
    _table: dict[int, str]

    def restore(self, value: str) -> str:
        """A key or value split from the disguised text, as the source has it."""
        return value.translate(self._table) if self._table else value


def disguise(text: str) -> Disguised:
    text = _TYPE.sub(_type_stand_in, text)
    table: dict[int, str] = {}
    if _BACKSLASH not in text:
        table[ord(_BACKSLASH)] = "\\"
        text = _BACKSLASH_BRACE.sub(_BACKSLASH, text)
    if _EQUALS not in text:
        table[ord(_EQUALS)] = "="
        text = _KEY_WITH_EQUALS.sub(
            lambda m: m.group("head") + m.group("key").replace("=", _EQUALS) + ",", text
        )
    text = _NO_KEY.sub(lambda m: m.group("head") + ",", text)
    if '"' in text and _QUOTE not in text:
        table[ord(_QUOTE)] = '"'
        text = _quotes_in_braces(text)
    return Disguised(text, table)


def entry_type_at(source_text: str, offset: int) -> str:
    """The type of the entry whose ``@`` is at ``offset``, lower-case, as the source has it."""
    match = _TYPE_AT.match(source_text, offset)
    return match.group(1).lower() if match else ""


def _type_stand_in(match: re.Match[str]) -> str:
    entry_type = match.group("type")
    if entry_type.lower().startswith("comment") and len(entry_type) > len("comment"):
        entry_type = "q" + entry_type[1:]
    # The space moves after the type, where bibtexparser takes it, and line breaks become
    # spaces: the same length, so offsets stay true.
    space = re.sub(r"\s", " ", match.group("before") + match.group("after"))
    return match.group("at") + re.sub(r"\W", "_", entry_type) + space


def _quotes_in_braces(text: str) -> str:
    """Replace each ``"`` that BibTeX reads as a character of a quoted value (it stands inside
    braces there), following BibTeX's own scan: braces nest inside an entry, a quote at the
    entry's own level opens or closes a value, text between entries is skipped."""
    inner_quotes: list[int] = []
    closer = ""  # "}" or ")" inside an entry, "" between entries
    pending = False  # an "@" was seen between entries: a "{" or "(" opens the entry
    depth = level = 0  # brace depth; the depth of the entry's fields
    in_quote = False
    for mark in _MARKS.finditer(text):
        char = mark.group()[-1]
        if mark.group("line") is not None:
            # An "@" that opens a line starts an entry even inside one that lacks its closing
            # brace: bibtexparser splits there too.
            closer, pending = "", True
            continue
        if not closer:
            if char == "@":
                pending = True
            elif char in "{(" and pending:
                closer = "}" if char == "{" else ")"
                depth = level = 1 if char == "{" else 0
                in_quote = pending = False
            continue
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
            if depth == 0 and closer == "}":
                closer = ""
        elif char == ")" and closer == ")" and depth == 0 and not in_quote:
            closer = ""
        elif char == '"':
            if depth == level:
                in_quote = not in_quote
            elif in_quote:
                inner_quotes.append(mark.start())
    if not inner_quotes:
        return text
    chars = list(text)
    for index in inner_quotes:
        chars[index] = _QUOTE
    return "".join(chars)
