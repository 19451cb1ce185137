"""Partial calendar dates: a year, optionally a month, optionally a day."""

from __future__ import annotations

import calendar
import re

import attrs

from pubkit.errors import InvalidValueError

_ISO = re.compile(r"^(?P<year>-?\d{1,4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


def _check_month(instance: Date, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and not 1 <= value <= 12:
        raise InvalidValueError(f"month {value} is not between 1 and 12")


def _check_day(instance: Date, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if instance.month is None:
        raise InvalidValueError("a date with a day needs a month")
    last = calendar.monthrange(instance.year, instance.month)[1]
    if not 1 <= value <= last:
        month = calendar.month_name[instance.month]
        raise InvalidValueError(f"{month} {instance.year} has no day {value} (it has {last} days)")


@attrs.frozen(order=True)
class Date:
    """A validated partial date; ``str()`` is ISO 8601: ``2022-04-01``, ``2022-04``, ``2022``."""

    year: int
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
        if not match:
            raise InvalidValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        parts = [int(p) if p else None for p in match.group("year", "month", "day")]
        return cls(parts[0], parts[1], parts[2])  # type: ignore[arg-type]
