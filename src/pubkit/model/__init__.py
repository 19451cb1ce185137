"""The normalized model: pure domain types, no format code."""

from pubkit.location import JsonPath, Span
from pubkit.model.date import Date
from pubkit.model.identifiers import ArxivId, Doi, Isbn, Issn
from pubkit.model.native import JsonValue, Native, NativeField
from pubkit.model.pages import PageRange
from pubkit.model.person import Person
from pubkit.model.profile import Profile
from pubkit.model.text import Chunk, Kind, Mark, Text
from pubkit.model.work import Affiliation, Work, WorkType

__all__ = [
    "Affiliation",
    "ArxivId",
    "Chunk",
    "Date",
    "Doi",
    "Isbn",
    "Issn",
    "JsonPath",
    "JsonValue",
    "Kind",
    "Mark",
    "Native",
    "NativeField",
    "PageRange",
    "Person",
    "Profile",
    "Span",
    "Text",
    "Work",
    "WorkType",
]
