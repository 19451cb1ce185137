"""Identifiers as value types: each normalizes what it is given, or raises InvalidValueError.

They are ``str`` subclasses, so a work's identifiers compare, hash, print and serialize as the
plain strings they are (``work.doi == "10.1/x"``), while holding only normalized, valid values:

* ``Doi("https://doi.org/10.18653/V1/N19-1423")`` -> ``10.18653/V1/N19-1423``;
* ``ArxivId("arXiv:2203.02889v2")`` -> ``2203.02889v2``, old scheme ``hep-th/9901001`` too;
* ``Isbn("ISBN 978-3-16-148410-0")`` -> ``978-3-16-148410-0`` (check digit verified);
* ``Issn("0317-8471")`` (check digit verified; written with its hyphen).
"""

from __future__ import annotations

import functools
import re

from pubkit.errors import InvalidValueError

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = re.compile(
    r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|https?://(?:www\.)?doi\.org/)", re.IGNORECASE
)
# New-style ids (2007 on: 0704.0001, 2203.02889) and old-style (hep-th/9901001, math.GT/0309136),
# either with a version.
_ARXIV_NEW = re.compile(r"^(?P<base>\d{4}\.\d{4,5})(?P<version>v\d+)?$")
_ARXIV_OLD = re.compile(r"^(?P<base>[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?$")
_ARXIV_PREFIXES = re.compile(
    r"^(?:arxiv:\s*|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE
)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>\S+)$", re.IGNORECASE)


class Doi(str):
    """A DOI without its resolver prefix: ``10.<registrant>/<suffix>``. DOIs compare without
    case in the DOI system, but the model keeps the case the source used."""

    __slots__ = ()

    def __new__(cls, text: str) -> Doi:
        if type(text) is cls:  # already one: normalized and checked (a work made anew)
            return text
        doi = _DOI_PREFIXES.sub("", str(text).strip()).strip()
        if not _DOI.fullmatch(doi) or not doi.isprintable():
            raise InvalidValueError(f"{text!r} is not a DOI (10.<registrant>/<suffix>)")
        return super().__new__(cls, doi)

    @property
    def url(self) -> str:
        return f"https://doi.org/{self}"

    @property
    def arxiv_id(self) -> ArxivId | None:
        """The arXiv id of an arXiv DOI (``10.48550/arXiv.1706.03762``), else None."""
        match = _ARXIV_DOI.match(self)
        if match is None:
            return None
        try:
            return ArxivId(match.group("id"))
        except InvalidValueError:
            return None


class ArxivId(str):
    """An arXiv identifier, new scheme (``2203.02889``) or old (``hep-th/9901001``), with its
    version if the source gave one."""

    __slots__ = ()

    def __new__(cls, text: str) -> ArxivId:
        if type(text) is cls:  # already one: normalized and checked (a work made anew)
            return text
        arxiv_id = _ARXIV_PREFIXES.sub("", str(text).strip()).strip().removesuffix(".pdf")
        if not (_ARXIV_NEW.match(arxiv_id) or _ARXIV_OLD.match(arxiv_id)):
            raise InvalidValueError(f"{text!r} is not an arXiv identifier (e.g. 2203.02889)")
        return super().__new__(cls, arxiv_id)

    @property
    def base(self) -> str:
        """The id without its version: ``2203.02889v2`` -> ``2203.02889``."""
        match = _ARXIV_NEW.match(self) or _ARXIV_OLD.match(self)
        assert match is not None  # __new__ only lets such ids in
        return match.group("base")

    @property
    def version(self) -> int | None:
        match = _ARXIV_NEW.match(self) or _ARXIV_OLD.match(self)
        assert match is not None
        return int(match.group("version")[1:]) if match.group("version") else None

    @property
    def doi(self) -> Doi:
        """The DOI that arXiv (through DataCite) gives every paper: ``10.48550/arXiv.<id>``."""
        return Doi(f"10.48550/arXiv.{self.base}")

    @property
    def url(self) -> str:
        return f"https://arxiv.org/abs/{self}"


def arxiv_id_of_address(url: str) -> ArxivId | None:
    """The arXiv id (without its version) an address names: ``https://arxiv.org/abs/<id>``,
    ``.../pdf/<id>``, or the DOI arXiv gives it (``https://doi.org/10.48550/arXiv.<id>``);
    None for any other address."""
    for parse in (ArxivId, lambda text: Doi(text).arxiv_id):
        try:
            found = parse(url)
        except InvalidValueError:
            continue
        if found is not None:
            return ArxivId(found.base)
    return None


def without_derived_doi(doi: Doi | None, arxiv_id: ArxivId | None) -> Doi | None:
    """``doi``, unless it is the DOI arXiv gives ``arxiv_id``: writers derive that one again, so
    the model does not keep it twice."""
    if doi is not None and arxiv_id is not None and doi.lower() == arxiv_id.doi.lower():
        return None
    return doi


_NOTE = re.compile(r"\s*\([^()]*\)$")
_SEPARATORS = re.compile(r"[\s\u2010-\u2015]+")


@functools.cache
def _label(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{prefix}(?:-1[03])?:?\s*", re.IGNORECASE)


def _digits(text: str, prefix: str) -> tuple[str, str]:
    """(the value without its label, its digits and X) of ``ISBN 978-...``."""
    value = _label(prefix).sub("", str(text)).strip()
    value = _NOTE.sub("", value)  # `1476-4687 (Electronic)`
    value = _SEPARATORS.sub("-", value).strip("-")
    return value, value.replace("-", "").upper()


class Isbn(str):
    """An ISBN-10 or ISBN-13 with a valid check digit, hyphenated as the source wrote it."""

    __slots__ = ()

    def __new__(cls, text: str) -> Isbn:
        if type(text) is cls:  # already one: normalized and checked (a work made anew)
            return text
        value, digits = _digits(text, "isbn")
        if not re.fullmatch(r"[0-9-]+X?", value.upper()) or not _isbn_valid(digits):
            raise InvalidValueError(f"{text!r} is not an ISBN (10 or 13 digits, checked)")
        return super().__new__(cls, value.upper())

    @property
    def compact(self) -> str:
        return self.replace("-", "")


def _isbn_valid(digits: str) -> bool:
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        return sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits)) % 10 == 0
    return False


class Issn(str):
    """An ISSN with a valid check digit, written ``NNNN-NNNC``."""

    __slots__ = ()

    def __new__(cls, text: str) -> Issn:
        if type(text) is cls:  # already one: normalized and checked (a work made anew)
            return text
        _, digits = _digits(text, r"e?issn")
        if not _issn_valid(digits):
            raise InvalidValueError(f"{text!r} is not an ISSN (8 digits, checked)")
        return super().__new__(cls, f"{digits[:4]}-{digits[4:]}")


def _issn_valid(digits: str) -> bool:
    if (
        len(digits) != 8
        or not digits[:7].isdigit()
        or not (digits[7].isdigit() or digits[7] == "X")
    ):
        return False
    check = 10 if digits[7] == "X" else int(digits[7])
    return (sum((8 - i) * int(c) for i, c in enumerate(digits[:7])) + check) % 11 == 0
