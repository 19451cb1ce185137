"""pubkit: publication records in, BibTeX / BibLaTeX / CSL-JSON / RIS out, through one model.

>>> import pubkit
>>> library = pubkit.load("fixtures/listing/runxin-xu.txt")   # doctest: +SKIP
>>> print(pubkit.dumps(library, "json"))                        # doctest: +SKIP
"""

from pubkit.__about__ import __version__
from pubkit.api import dump, dumps, load, loads, merge, write
from pubkit.diagnostics import Diagnostic, Severity
from pubkit.errors import (
    FormatError,
    InvalidValueError,
    ParseError,
    PubkitError,
    ReadError,
    WriteError,
)
from pubkit.formats.base import Written
from pubkit.library import Library
from pubkit.model import (
    Affiliation,
    Chunk,
    Date,
    Kind,
    Mark,
    Person,
    Profile,
    Span,
    Text,
    Work,
    WorkType,
)
from pubkit.render import format_bibliography, list_styles

__all__ = [
    "Affiliation",
    "Chunk",
    "Date",
    "Diagnostic",
    "FormatError",
    "InvalidValueError",
    "Kind",
    "Library",
    "Mark",
    "ParseError",
    "Person",
    "Profile",
    "PubkitError",
    "ReadError",
    "Severity",
    "Span",
    "Text",
    "Work",
    "WorkType",
    "WriteError",
    "Written",
    "__version__",
    "dump",
    "dumps",
    "format_bibliography",
    "list_styles",
    "load",
    "loads",
    "merge",
    "write",
]
