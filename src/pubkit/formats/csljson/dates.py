"""CSL dates: ``{"date-parts": [[2022, 3, 6]]}``, ``raw``, ``literal``, EDTF strings.

The model keeps a date's start; anything it cannot hold (a range, a season, a ``raw`` or
``literal`` text, empty parts) is written back as the source had it (``ReadContext.keep``).
"""

from __future__ import annotations

import re
from typing import Any

from pubkit.errors import InvalidValueError
from pubkit.formats.rules import ReadContext, WriteContext
from pubkit.model import Date
from pubkit.model.date import year_in

_ISO_DATE = re.compile(r"^(?P<y>-?\d{1,4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")
_SEASON_MONTHS = range(13, 25)  # CSL's seasons: 21 spring ... 24 winter (13-20 in some tools)


def read_issued(ctx: ReadContext, value: object) -> Date | None:
    """``issued`` as the model's (start) date."""
    if isinstance(value, str):  # an EDTF string, as CSL 1.0.2 also allows: `2019/2020` too
        start = value.split("/")[0].strip()
        if start != value.strip():
            ctx.keep("issued")
        return _iso(start, "")
    if not isinstance(value, dict):
        raise InvalidValueError("a date must be an object or an EDTF string")
    parts = value.get("date-parts")
    if parts is not None:
        date, exact = _date_parts(parts)
        if date is None:
            ctx.warn("issued", "empty-date", "the date has no year; it was left out")
        if date is None or not exact or set(value) - {"date-parts"} or len(parts) > 1:
            ctx.keep("issued")
        return date
    for form in ("raw", "literal"):
        text = value.get(form)
        if isinstance(text, str):
            ctx.keep("issued")
            if _ISO_DATE.match(text.strip()):
                return _iso(text, f".{form}")
            year = year_in(text)
            if year is None:
                if form == "raw":
                    raise InvalidValueError(f"{text!r} is not a date", f".{form}")
                return None
            return Date(year)
    if not value:
        ctx.warn("issued", "empty-date", "the date is empty; it was left out")
        return None
    raise InvalidValueError("a date needs date-parts, raw or literal")


def read_issued_or_text(ctx: ReadContext, value: object) -> tuple[Date | None, str | None]:
    """``issued``: the date, or a ``literal`` or ``raw`` date with no year (`in press`) as the
    date's text."""
    if isinstance(value, dict) and len(value) == 1 and ("literal" in value or "raw" in value):
        text = value.get("literal", value.get("raw"))
        if isinstance(text, str) and text.strip() and year_in(text) is None:
            if "raw" in value:
                ctx.keep("issued")  # written back as a raw date, as it came
            return None, text.strip()
    date = read_issued(ctx, value)
    if date is None and isinstance(value, dict):
        text = value.get("literal", value.get("raw"))
        if isinstance(text, str) and text.strip():
            return None, text.strip()  # written back as it came (`ReadContext.keep`)
    return date, None


def write_issued_or_text(
    ctx: WriteContext, issued: Date | None, text: str | None
) -> dict[str, Any]:
    """The date's parts, or its words as a ``literal``."""
    if issued is None:
        return {"literal": text}
    return write_issued(ctx, issued)


def _iso(text: str, at: str) -> Date:
    try:
        return Date.parse(text)
    except InvalidValueError as exc:
        raise InvalidValueError(str(exc), at) from None


def _date_parts(parts: object) -> tuple[Date | None, bool]:
    """The date of ``[[year, month, day]]`` and whether it says exactly that date.

    Tools write parts as numbers or strings, leave trailing parts empty (``["2020", "", ""]``,
    ``null``), or put an ISO date in the first part (``["2020-05-01"]``).
    """
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        raise InvalidValueError("date-parts must be [[year, month, day]]", ".date-parts")
    first = list(parts[0][:3])
    if len(first) == 1 and isinstance(first[0], str) and "-" in first[0].strip()[1:]:
        return _iso(first[0], ".date-parts[0][0]"), False
    numbers: list[int] = []
    exact = True
    for index, part in enumerate(first):
        if part is None or (isinstance(part, str) and not part.strip()):
            exact = False
            break  # what follows an empty part is not meaningful either
        numbers.append(_number(part, f".date-parts[0][{index}]"))
    if len(numbers) >= 2 and numbers[1] in _SEASON_MONTHS:
        return _checked(numbers[:1]), False
    if not numbers:
        return None, False
    return _checked(numbers), exact


def _number(part: object, at: str) -> int:
    """A date part: a whole number, as a number or a string of ASCII digits."""
    if isinstance(part, bool):
        raise InvalidValueError(f"{part!r} is not a number", at)
    if isinstance(part, float) and part.is_integer() and abs(part) < 10_000:
        return int(part)
    if isinstance(part, int) and abs(part) < 10_000:
        return part
    if isinstance(part, str) and re.fullmatch(r"\s*-?[0-9]{1,4}\s*", part):
        return int(part)
    if isinstance(part, int | float) or (isinstance(part, str) and part.strip().isdigit()):
        raise InvalidValueError(f"{part!r} is not a date part of four digits or fewer", at)
    raise InvalidValueError(f"{part!r} is not a number", at)


def _checked(numbers: list[int]) -> Date:
    try:
        return Date(*numbers)
    except InvalidValueError as exc:
        raise InvalidValueError(str(exc), ".date-parts") from None


def write_issued(ctx: WriteContext, issued: Date) -> dict[str, Any]:
    parts = [issued.year, issued.month, issued.day]
    return {"date-parts": [[p for p in parts if p is not None]]}
