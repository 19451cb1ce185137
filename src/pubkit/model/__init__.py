"""The normalized model: pure domain types, no format code."""

from pubkit.model.date import Date
from pubkit.model.person import Person
from pubkit.model.profile import Profile
from pubkit.model.text import Chunk, Kind, Mark, Text
from pubkit.model.work import Affiliation, Span, Work, WorkType

__all__ = [
    "Affiliation",
    "Chunk",
    "Date",
    "Kind",
    "Mark",
    "Person",
    "Profile",
    "Span",
    "Text",
    "Work",
    "WorkType",
]
