"""A Library: the works read from one or more sources, in order, with what went wrong."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from pubkit.diagnostics import Diagnostic
from pubkit.model import Profile, Work
from pubkit.model.work import frozen_mapping


@attrs.frozen
class Library:
    """Ordered works, the profile of a listing (None for other sources), and diagnostics.

    Diagnostics do not take part in equality: two libraries are equal when they hold the same
    data, however they were read.
    """

    works: tuple[Work, ...] = attrs.field(default=(), converter=tuple)
    profile: Profile | None = None
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), converter=tuple, eq=False)
    # Source data that belongs to no work, under namespaced keys: a .bib file's @preamble and
    # @comment blocks (``bibtex:preamble``, ``bibtex:comment``, each a JSON list of strings).
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping, hash=False)

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
