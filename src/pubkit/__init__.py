"""pubkit: publication records in, BibTeX / BibLaTeX / CSL-JSON / RIS out, through one model.

>>> import pubkit
>>> library = pubkit.load("fixtures/listing/runxin-xu.txt")   # doctest: +SKIP
>>> print(pubkit.dumps(library, "json"))                        # doctest: +SKIP
"""

from typing import TYPE_CHECKING

from pubkit.__about__ import __version__
from pubkit.api import convert, dump, dumps, load, loads, merge, write
from pubkit.diagnostics import Diagnostic, Severity
from pubkit.errors import (
    FormatError,
    InvalidValueError,
    OptionError,
    ParseError,
    PubkitError,
    ReadError,
    WriteError,
)
from pubkit.formats.base import Format, Written
from pubkit.library import Library
from pubkit.location import JsonPath, Span
from pubkit.model import (
    Affiliation,
    ArxivId,
    Chunk,
    Date,
    Doi,
    Isbn,
    Issn,
    Kind,
    Mark,
    Native,
    NativeField,
    PageRange,
    Person,
    Profile,
    Text,
    Work,
    WorkType,
)
from pubkit.output import OutputError
from pubkit.registry import Registry, default_registry

if TYPE_CHECKING:  # loaded on first use (``__getattr__``)
    from pubkit.render import format_bibliography, list_styles

__all__ = [
    "Affiliation",
    "ArxivId",
    "Chunk",
    "Date",
    "Diagnostic",
    "Doi",
    "Format",
    "FormatError",
    "InvalidValueError",
    "Isbn",
    "Issn",
    "JsonPath",
    "Kind",
    "Library",
    "Mark",
    "Native",
    "NativeField",
    "OptionError",
    "OutputError",
    "PageRange",
    "ParseError",
    "Person",
    "Profile",
    "PubkitError",
    "ReadError",
    "Registry",
    "Severity",
    "Span",
    "Text",
    "Work",
    "WorkType",
    "WriteError",
    "Written",
    "__version__",
    "convert",
    "default_registry",
    "dump",
    "dumps",
    "format_bibliography",
    "list_styles",
    "load",
    "loads",
    "merge",
    "write",
]


def __getattr__(name: str) -> object:
    # Rendering loads citeproc-py and lxml: only for those who format references.
    if name in ("format_bibliography", "list_styles"):
        from pubkit import render

        return getattr(render, name)
    raise AttributeError(f"module 'pubkit' has no attribute {name!r}")
