"""Partial calendar dates (a year, optionally a month, optionally a day) and the month names
every format reads: the one month table of pubkit."""

from __future__ import annotations

import re

import attrs

from pubkit.errors import InvalidValueError

_ISO = re.compile(r"^(?P<year>-?\d{1,4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")

# English month names, their three-letter abbreviations (BibTeX's month macros) and `sept`.
MONTH_ABBREVIATIONS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
# English whatever the locale (the calendar module's names follow LC_TIME once it is set).
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{abbreviation: number for number, abbreviation in enumerate(MONTH_ABBREVIATIONS, 1)},
    "sept": 9,
}
MONTH_WORDS = frozenset(_MONTHS)
# Seasons, as the month a season starts in (northern hemisphere), for formats that have them.
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def month_number(word: str) -> int | None:
    """``April``, ``apr``, ``Apr.``, ``sept`` -> 4, 4, 4, 9; ``4`` and ``04`` -> 4; else None."""
    word = word.strip().rstrip(".").lower()
    if word.isdigit() and word.isascii() and len(word) <= 2:
        return int(word) if 1 <= int(word) <= 12 else None
    return _MONTHS.get(word)


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def year_in(text: str) -> int | None:
    """The first run of exactly four digits in ``text``, as a year: ``Spring 2020``,
    ``2020a`` (BibTeX's way to order two works of a year) and ``1998--1999`` give 2020, 2020,
    1998; ``20xx`` and ``15/05/84`` give None."""
    found = _YEAR_IN_TEXT.search(text)
    return int(found.group(1)) if found else None


def month_name(number: int) -> str:
    """4 -> ``April``."""
    return MONTH_NAMES[number - 1]


def days_in(year: int, month: int) -> int:
    """The days of a month of the proleptic Gregorian calendar."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _DAYS[month - 1]


def _check_month(instance: Date, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and not 1 <= value <= 12:
        raise InvalidValueError(f"month {value} is not between 1 and 12")


def _check_day(instance: Date, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if instance.month is None:
        raise InvalidValueError("a date with a day needs a month")
    last = days_in(instance.year, instance.month)
    if not 1 <= value <= last:
        month = month_name(instance.month)
        raise InvalidValueError(f"{month} {instance.year} has no day {value} (it has {last} days)")


def _check_year(instance: Date, attribute: attrs.Attribute[int], value: int) -> None:
    if not -9999 <= value <= 9999:
        raise InvalidValueError(f"the year {value} is not a year of four digits or fewer")


@attrs.frozen(order=True)
class Date:
    """A validated partial date; ``str()`` is ISO 8601: ``2022-04-01``, ``2022-04``, ``2022``."""

    year: int = attrs.field(validator=_check_year)
    month: int | None = attrs.field(default=None, validator=_check_month)
    day: int | None = attrs.field(default=None, validator=_check_day)

    def __str__(self) -> str:
        text = f"{self.year:04d}" if self.year >= 0 else str(self.year)
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    @classmethod
    def parse(cls, text: str) -> Date:
        """Read an ISO 8601 date of year, month or day precision."""
        match = _ISO.match(text.strip())
        if not match or not match.group("year").lstrip("-").isascii():
            raise InvalidValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        month, day = match.group("month"), match.group("day")
        return cls(
            int(match.group("year")), int(month) if month else None, int(day) if day else None
        )

    @classmethod
    def from_parts(cls, year: int, month: int | None = None, day: int | None = None) -> Date:
        """A date of the parts a source gave; a day without a month is dropped."""
        return cls(year, month, day if month is not None else None)
