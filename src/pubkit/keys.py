"""Citation keys: generated for works that have none, unique within a library, deterministic.

A generated key is ``<author><year><word>``: the first author's family name (or an
organization's name), the year, and the first word of the title that is not a function word,
each folded to lower-case ASCII letters and digits: ``chen2022focus``,
``deepseekai2025deepseekr1``. Parts that are unknown are left out; a work with none of them is
``anon``.

Works whose keys would collide all get a letter, ``a``, ``b`` ..., given in the order of the
works' own content (title, date, authors, then a digest of all their data), never in the order
of the records: the same works give the same keys whatever order they come in, in whatever
process. Keys that came from a source are kept as
they are, and generated keys avoid them, whatever their case (BibTeX compares keys without
case).
"""

from __future__ import annotations

import functools
import itertools
import re
import string
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from pubkit.diagnostics import Diagnostic, warning
from pubkit.model import Work

FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor of on in at to for from with without by via as is are be into onto
    over under about upon its it this that these those how what when why which who whose do
    does can we our your their towards toward
    """.split()
)

_NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")
_MAX_WORD = 20


def _fold(text: str) -> str:
    if not text.isascii():
        from anyascii import anyascii  # here: its import costs more than most conversions

        text = anyascii(text)
    return _NOT_KEY_CHARS.sub("", text.lower())


def base_key(work: Work) -> str:
    """The key a work gets before collisions are resolved."""
    author = ""
    if work.authors:
        first = work.authors[0]
        author = _fold(first.literal or first.family or first.given or "")
    year = str(work.issued.year) if work.issued is not None else ""
    word = ""
    if work.title is not None:
        for token in str(work.title).split():
            folded = _fold(token)
            if folded and folded not in FUNCTION_WORDS:
                word = folded[:_MAX_WORD]  # a title in Chinese is one "word" of many syllables
                break
    return (author + year + word) or "anon"


def collision_order(work: Work) -> tuple[str, str, str, str]:
    """What orders works whose generated keys collide: their title, date and authors, then a
    digest of all their data (``repr`` leaves out where a work was read), never their
    position. Small, so that a file converted in parts can hold one for every work."""
    import hashlib  # here: only colliding keys need it, and it loads OpenSSL

    data = repr(work).encode("utf-8", "backslashreplace")
    return (
        str(work.title or "").casefold(),
        str(work.issued or ""),
        "; ".join(str(person) for person in work.authors),
        hashlib.sha256(data).hexdigest(),
    )


def _suffixes() -> Iterator[str]:
    """a, b, ..., z, aa, ab, ..."""
    for size in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=size):
            yield "".join(letters)


def assign_keys(works: Iterable[Work]) -> tuple[Work, ...]:
    """Give every work without a key a unique generated one; keep the keys works already have."""
    works = tuple(works)
    # BibTeX and biber compare keys without case: `Chen2022focus` takes `chen2022focus` too.
    taken = {work.key.casefold() for work in works if work.key is not None}
    keyless = [index for index, work in enumerate(works) if work.key is None]
    keys = generated_keys(
        [(base_key(works[i]), functools.partial(collision_order, works[i])) for i in keyless],
        taken,
    )
    generated = dict(zip(keyless, keys, strict=True))
    return tuple(
        attrs.evolve(work, key=generated[i]) if i in generated else work
        for i, work in enumerate(works)
    )


def generated_keys(
    candidates: Sequence[tuple[str, Callable[[], tuple[str, ...]]]], taken: set[str]
) -> list[str]:
    """The keys of works without one, each given as its base key and a function that gives
    its ``collision_order`` (called only where base keys collide), avoiding ``taken`` (the
    keys of the other works, folded with ``casefold``). A file converted in parts gives them
    over the whole file with this too."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, (base, _) in enumerate(candidates):
        groups[base].append(index)
    taken = set(taken)
    keys: dict[int, str] = {}
    for base in sorted(groups):
        members = groups[base]
        if len(members) == 1 and base not in taken:
            keys[members[0]] = base
            taken.add(base)
            continue
        if len(members) > 1:
            members = sorted(members, key=lambda i: candidates[i][1]())
        suffixes = _suffixes()
        for index in members:
            key = base + next(suffixes)
            while key in taken:
                key = base + next(suffixes)
            keys[index] = key
            taken.add(key)  # generated keys are lower-case already
    return [keys[index] for index in range(len(candidates))]


def unique_keys(
    works: Iterable[Work],
    unusable: Callable[[str], str | None] | None = None,
    *,
    code: str = "duplicate-key",
) -> tuple[tuple[Work, ...], list[Diagnostic]]:
    """Every work with a usable, unique key: the one place keys are given.

    A key an earlier work has (compared without case, as BibTeX and biber compare keys), or one
    that ``unusable`` rejects (saying why), is replaced by a generated key, and reported as a
    warning at the work's origin; works without a key get generated ones.
    """
    seen: set[str] = set()
    kept: list[Work] = []
    released: list[tuple[int, Work, str, str]] = []
    for work in works:
        why, kind = None, code
        if work.key is not None:
            why = unusable(work.key) if unusable is not None else None
            if not work.key.strip():
                why = "is empty"
            kind = "invalid-key" if why is not None else code
            if why is None and work.key.casefold() in seen:
                why = "is used by an earlier record (keys are compared without case)"
        if why is not None:
            released.append((len(kept), work, why, kind))
            work = attrs.evolve(work, key=None)
        elif work.key is not None:
            seen.add(work.key.casefold())
        kept.append(work)
    keyed = assign_keys(kept)
    problems = [
        warning(
            kind,
            f"the key {work.key!r} {why}; it was given the key {keyed[index].key!r}",
            work.origin,
            work.key,
        )
        for index, work, why, kind in released
    ]
    return keyed, problems
