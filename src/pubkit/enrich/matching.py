"""Whether a record from a source is the work a library holds, and how sure that is.

A candidate must pass every test; the confidence says how closely it passed them:

* **title**: the same after folding (LaTeX is already decoded in the model; case,
  diacritics, punctuation and spacing are folded), or nearly the same (rapidfuzz's ratio of
  the folded titles at least ``NEAR_TITLE``: a hyphen, a typo, a dropped article), with the
  same words that hold digits: "WMT 2020" is not "WMT 2021", "DeepSeek-V2" not "DeepSeek-V3";
* **year**: within one (a preprint of December, its proceedings of January); a missing year
  on either side passes, less surely;
* **authors**: the work's authors are an in-order prefix of the candidate's (family names,
  folded, and the first initials where both give one; a name written in the other order,
  ``Xu Runxin``, matches by its words). A work whose list is not truncated should have as
  many authors as the candidate.

Two different papers rarely share a folded title, a year and a first author; a near title
alone is never enough.
"""

from __future__ import annotations

import re
import unicodedata

import attrs
from rapidfuzz import fuzz

from pubkit.model import Person, Work

NEAR_TITLE = 0.9  # the least rapidfuzz ratio (0 to 1) of two folded titles that may match

_NOT_WORD = re.compile(r"[\W_]+")


@attrs.frozen
class Score:
    """How a candidate compares with a work: ``confidence`` in (0, 1]; ``notes`` say what made
    it less than 1."""

    confidence: float
    notes: tuple[str, ...] = ()


@attrs.frozen
class Found:
    """A candidate that passed the tests: the source's record, the source, the score."""

    work: Work
    source: str
    score: Score

    @property
    def confidence(self) -> float:
        return self.score.confidence


def fold(text: str) -> str:
    """``Déjà-vu: A {BERT} Study`` -> ``deja vu a bert study``."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def folded_title(work: Work) -> str:
    return fold(str(work.title)) if work.title is not None else ""


def year(work: Work) -> int | None:
    return work.issued.year if work.issued is not None else None


def _family(person: Person) -> str:
    return fold(person.family_with_particle).replace(" ", "")


def _words(person: Person) -> frozenset[str]:
    return frozenset(fold(str(person)).split())


def _initial(person: Person) -> str:
    return fold(person.given or "")[:1]


def _same_person(listed: Person, candidate: Person) -> bool:
    if _words(listed) == _words(candidate):
        return True
    initials = _initial(listed), _initial(candidate)
    return _family(listed) == _family(candidate) and (
        not all(initials) or initials[0] == initials[1]
    )


def _numbered(title: str) -> frozenset[str]:
    """The title's words that hold a digit: years, versions, volumes."""
    return frozenset(word for word in title.split() if any(c.isdigit() for c in word))


def score(work: Work, candidate: Work) -> Score | None:
    """How surely ``candidate`` is ``work``; None when it is not (a test failed)."""
    title, other = folded_title(work), folded_title(candidate)
    if not title or not other:
        return None
    notes = []
    confidence = 1.0
    if title != other:
        if _numbered(title) != _numbered(other):
            return None
        similarity = fuzz.ratio(title, other) / 100
        if similarity < NEAR_TITLE:
            return None
        confidence *= similarity
        notes.append(f"title {similarity:.2f} alike")
    years = year(work), year(candidate)
    if years[0] is None or years[1] is None:
        confidence *= 0.9
        notes.append("no year to compare")
    elif abs(years[0] - years[1]) > 1:
        return None
    elif years[0] != years[1]:
        confidence *= 0.95
        notes.append(f"year {years[0]} against {years[1]}")
    listed, offered = work.authors, candidate.authors
    if not listed or not offered:
        confidence *= 0.85
        notes.append("no authors to compare")
    elif len(offered) < len(listed) or not all(
        _same_person(a, b) for a, b in zip(listed, offered, strict=False)
    ):
        return None
    elif not work.authors_truncated and len(offered) != len(listed):
        confidence *= 0.9
        notes.append(f"{len(listed)} authors against {len(offered)}")
    return Score(round(confidence, 3), tuple(notes))
