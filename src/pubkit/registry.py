"""The formats pubkit knows, found by name, by a file's suffix, or by content.

A Registry is an ordinary object: ``default_registry()`` gives a new one holding the built-in
formats, and ``register`` adds one's own; the API and the command line take the registry to
use, so there is no global table to change behind anyone's back. Looking formats up imports
nothing heavy: a format's parser loads when it first reads or writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import PurePath

from pubkit.errors import FormatError
from pubkit.formats.base import Format


class Registry:
    def __init__(self, formats: tuple[Format, ...] = ()) -> None:
        self._formats: dict[str, Format] = {}
        for fmt in formats:
            self.register(fmt)

    def register(self, fmt: Format) -> None:
        """Add ``fmt`` (or replace the format of the same name)."""
        self._formats[fmt.name] = fmt

    def __iter__(self) -> Iterator[Format]:
        return iter(self._formats.values())

    def names(self) -> tuple[str, ...]:
        return tuple(self._formats)

    def get(self, name: str) -> Format:
        """The format called ``name``; FormatError lists the known names otherwise."""
        found = self._formats.get(name.strip().lower())
        if found is None:
            raise FormatError(f"unknown format {name!r}; known formats: {', '.join(self.names())}")
        return found

    def for_path(self, path: str | os.PathLike[str]) -> Format:
        """The format to write a file called ``path`` in, by its suffix."""
        suffix = PurePath(path).suffix.lower()
        for fmt in self:
            if fmt.writes and suffix in fmt.suffixes:
                return fmt
        raise FormatError(f"cannot tell which format to write to {str(path)!r}; name one")

    def detect(self, path: str | PurePath, text: str) -> Format:
        """The format of a file: by its suffix, unless its content plainly is another format
        (an RIS export saved as .txt); by its content alone when the suffix says nothing."""
        suffix = PurePath(path).suffix.lower()
        readable = [f for f in self if f.reads]
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
            f"cannot tell the format of {str(path)!r} from its name or content; give one of: "
            f"{names}"
        )


def default_registry() -> Registry:
    """A new registry of the built-in formats."""
    from pubkit.formats import bibtex, csljson, listing, pubkit_json, ris

    return Registry(
        (
            listing.FORMAT,
            pubkit_json.FORMAT,
            csljson.FORMAT,
            bibtex.BIBTEX,
            bibtex.BIBLATEX,
            ris.FORMAT,
        )
    )
