"""A Library: the works read from one or more sources, in order, with what went wrong."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from pubkit.diagnostics import Diagnostic
from pubkit.model import Native, Profile, Work
from pubkit.model.native import native_mapping


def _works(works: Iterable[Work]) -> tuple[Work, ...]:
    return tuple(works)


def _diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(diagnostics)


@attrs.frozen
class Library:
    """Ordered works, the profile of a listing (None for other sources), diagnostics, and per
    format what a source said that belongs to no work (a .bib file's ``@preamble`` and
    ``@comment`` blocks).

    Diagnostics do not take part in equality: two libraries are equal when they hold the same
    data, however they were read.
    """

    works: tuple[Work, ...] = attrs.field(default=(), converter=_works)
    profile: Profile | None = None
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), converter=_diagnostics, eq=False)
    native: Mapping[str, Native] = attrs.field(factory=dict, converter=native_mapping, hash=False)

    def __len__(self) -> int:
        return len(self.works)

    def __iter__(self) -> Iterator[Work]:
        return iter(self.works)

    def __getitem__(self, key: str) -> Work:
        """The work whose citation key is ``key``."""
        for work in self.works:
            if work.key == key:
                return work
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(work.key for work in self.works if work.key is not None)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)

    def with_diagnostics(self, *diagnostics: Diagnostic) -> Library:
        return attrs.evolve(self, diagnostics=(*self.diagnostics, *diagnostics))
