"""Whether a record from a source is the work a library holds, and how sure that is.

A candidate must pass every test; the confidence says how closely it passed them:

* **title**: the same after folding (LaTeX is already decoded in the model; case,
  diacritics, punctuation and spacing are folded), or the same but for spaces and hyphens
  ("WMT2020", "Pretrained"), or nearly the same: rapidfuzz's ratio of the folded titles at
  least ``NEAR_TITLE``, and every word that differs is a small word (``a``, ``the``, ``of``
  ...) or a typo of a word of five letters or more. A title that differs in a content word
  ("Arabic" for "German"), a number ("WMT 2021", "DeepSeek-V3") or a short word ("Part II",
  "task B") is another paper's, however alike the rest;
* **year**: within one (a preprint of December, its proceedings of January); a missing year
  on either side passes, less surely;
* **authors**: the work's authors are an in-order prefix of the candidate's (family names,
  folded, and the first initials where both give one; a name written in the other order,
  ``Xu Runxin``, matches by its words). A work whose list is not truncated should have as
  many authors as the candidate.

* **identifiers**: a DOI or an arXiv id that both give must be the same.

Two different papers rarely share a folded title, a year and a first author; a near title
alone is never enough.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import attrs
from rapidfuzz import fuzz

from pubkit.errors import InvalidValueError
from pubkit.model import ArxivId, Person, Work

NEAR_TITLE = 0.9  # the least rapidfuzz ratio (0 to 1) of two folded titles that may match

_NOT_WORD = re.compile(r"[\W_]+")


@attrs.frozen
class Score:
    """How a candidate compares with a work: ``confidence`` in (0, 1]; ``notes`` say what made
    it less than 1."""

    confidence: float
    notes: tuple[str, ...] = ()
    title: float = 1.0  # how alike the titles are (1: the same after folding)


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


_SMALL_WORDS = frozenset("a an the of for and in on at to by with from via".split())
_TYPO = 80  # rapidfuzz's least ratio of a word and its misspelling


def _title_likeness(title: str, other: str) -> float | None:
    """How alike two different folded titles are, or None when a word of substance differs
    (see the module)."""
    if title.replace(" ", "") == other.replace(" ", ""):
        return 0.99
    similarity = fuzz.ratio(title, other) / 100
    if similarity < NEAR_TITLE:
        return None
    ours, theirs = Counter(title.split()), Counter(other.split())
    unmatched = [w for w in (theirs - ours).elements() if w not in _SMALL_WORDS]
    for word in (w for w in (ours - theirs).elements() if w not in _SMALL_WORDS):
        typo = next((w for w in unmatched if _misspelt(word, w)), None)
        if typo is None:
            return None
        unmatched.remove(typo)
    return None if unmatched else similarity


def _misspelt(word: str, other: str) -> bool:
    if min(len(word), len(other)) < 5 or any(c.isdigit() for c in word + other):
        return False
    return fuzz.ratio(word, other) >= _TYPO


def stated_arxiv_id(work: Work) -> ArxivId | None:
    """A record's arXiv id: its own, or the one its venue names (``journal = {arXiv preprint
    arXiv:2009.13752}``, as Google Scholar exports a preprint)."""
    if work.arxiv_id is not None:
        return work.arxiv_id
    match = _ARXIV_IN_VENUE.search(str(work.container_title or ""))
    if match is None:
        return None
    try:
        return ArxivId(match.group(1))
    except InvalidValueError:
        return None


_ARXIV_IN_VENUE = re.compile(r"arxiv[:\s]+(\S+)\s*$", re.IGNORECASE)


def _same_identifiers(work: Work, candidate: Work) -> bool:
    dois = work.doi, candidate.doi
    if dois[0] is not None and dois[1] is not None and dois[0].casefold() != dois[1].casefold():
        return False
    ids = stated_arxiv_id(work), stated_arxiv_id(candidate)
    return ids[0] is None or ids[1] is None or ids[0].base == ids[1].base


def score(work: Work, candidate: Work) -> Score | None:
    """How surely ``candidate`` is ``work``; None when it is not (a test failed)."""
    title, other = folded_title(work), folded_title(candidate)
    if not title or not other:
        return None
    if not _same_identifiers(work, candidate):
        return None
    notes = []
    likeness = 1.0
    if title != other:
        found = _title_likeness(title, other)
        if found is None:
            return None
        likeness = found
        notes.append(f"title {likeness:.2f} alike")
    confidence = likeness
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
    return Score(round(confidence, 3), tuple(notes), likeness)
