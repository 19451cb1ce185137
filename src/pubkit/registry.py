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
    """The format of a file, by its suffix; content decides between formats sharing a suffix."""
    suffix = PurePath(path).suffix.lower()
    candidates = [f for f in FORMATS if suffix in f.suffixes and f.read is not None]
    if len(candidates) == 1 and candidates[0].sniff is None:
        return candidates[0]
    for fmt in candidates or [f for f in FORMATS if f.read is not None]:
        if fmt.sniff is not None and fmt.sniff(text):
            return fmt
    if len(candidates) >= 1:
        return candidates[0]
    readable = ", ".join(f.name for f in FORMATS if f.read is not None)
    raise FormatError(
        f"cannot tell the format of {str(path)!r} from its name or content; give one of: {readable}"
    )
