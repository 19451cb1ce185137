"""Page ranges: ``12–34`` as the model keeps them, whatever the source wrote."""

from __future__ import annotations

import re

from pubkit.errors import InvalidValueError

# A range whose two ends are page numbers: 12-34, 12--34, 12–34, e12-e15, 12 - 34, xii-xv.
# `A-12` (one page with a hyphen of its own) is not a range.
_RANGE = re.compile(r"^(?P<first>\w*\d+|[ivxlcdm]+)\s*(?:-{1,3}|[\u2010-\u2015])\s*"
                    r"(?P<last>\w*\d+|[ivxlcdm]+)$", re.IGNORECASE)  # fmt: skip
# Pages whose numbers have hyphens of their own: A-1--A-9, M-1–M-14 (the double hyphen or the
# en dash is the range's).
_HYPHENATED = re.compile(r"^(?P<first>\S+?)\s*(?:--|\u2013)\s*(?P<last>\S+)$")
_DASH = "\u2013"


class PageRange(str):
    """A page, a page range or a list of pages, normalized: ranges use an en dash (``12–34``);
    anything else (``12, 15``, ``A-12``) stays as written, spaces folded.

    ``PageRange("12--34") == "12–34"``; ``first`` and ``last`` are the range's ends.
    """

    __slots__ = ()

    def __new__(cls, text: str) -> PageRange:
        if type(text) is cls:  # already one: normalized and checked (a work made anew)
            return text
        value = " ".join(str(text).split())
        if not value:
            raise InvalidValueError("empty pages")
        if (match := _RANGE.match(value) or _HYPHENATED.match(value)) is not None:
            value = f"{match.group('first')}{_DASH}{match.group('last')}"
        return super().__new__(cls, value)

    @property
    def first(self) -> str:
        return self.split(_DASH, 1)[0] if self.is_range else str(self)

    @property
    def last(self) -> str | None:
        return self.split(_DASH, 1)[1] if self.is_range else None

    @property
    def is_range(self) -> bool:
        return self.count(_DASH) == 1 and not self.startswith(_DASH) and not self.endswith(_DASH)

    @classmethod
    def from_ends(cls, first: str | None, last: str | None) -> PageRange | None:
        """The range of a first and a last page given apart (RIS ``SP`` and ``EP``)."""
        first, last = (first or "").strip(), (last or "").strip()
        if first and last and first != last:
            return cls(f"{first}{_DASH}{last}")
        return cls(first or last) if first or last else None
