"""The formats pubkit knows, found by name or by a file's suffix and content."""

from __future__ import annotations

from pathlib import PurePath

from pubkit.errors import FormatError
from pubkit.formats import bibtex, csljson, listing, pubkit_json, ris
from pubkit.formats.base import Format

FORMATS: tuple[Format, ...] = (
    listing.FORMAT,
    pubkit_json.FORMAT,
    csljson.FORMAT,
    bibtex.BIBTEX,
    bibtex.BIBLATEX,
    ris.FORMAT,
)


def names() -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS)


def get(name: str) -> Format:
    """The format called ``name``; FormatError lists the known names otherwise."""
    for fmt in FORMATS:
        if fmt.name == name.strip().lower():
            return fmt
    raise FormatError(f"unknown format {name!r}; known formats: {', '.join(names())}")


def detect(path: str | PurePath, text: str) -> Format:
    """The format of a file: by its suffix, unless its content plainly is another format (an RIS
    export saved as .txt); by its content alone when the suffix says nothing."""
    suffix = PurePath(path).suffix.lower()
    readable = [f for f in FORMATS if f.read is not None]
    by_suffix = [f for f in readable if suffix in f.suffixes]
    for fmt in by_suffix:
        if fmt.sniff is None or fmt.sniff(text):
            return fmt
    for fmt in readable:
        if fmt.sniff is not None and fmt not in by_suffix and fmt.sniff(text):
            return fmt
    if by_suffix:
        return by_suffix[0]  # its reader says what is wrong with the content
    names = ", ".join(f.name for f in readable)
    raise FormatError(
        f"cannot tell the format of {str(path)!r} from its name or content; give one of: {names}"
    )
