"""What a format plugs into pubkit: its names, how to detect it, how to read and write it."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from pubkit.diagnostics import Diagnostic
from pubkit.library import Library
from pubkit.source import Source


@attrs.frozen
class Written:
    """A writer's output: the text, and what it could not express (as diagnostics)."""

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()


Reader = Callable[[Source], Library]
Writer = Callable[[Library, object], Written]


@attrs.frozen
class Format:
    """A format: ``name`` for ``--from``/``--to``, file ``suffixes``, and its reader and writer.

    ``sniff`` tells from a file's text whether it is this format (for suffixes that several
    formats share, such as ``.json``). ``options`` is the attrs class of the writer's options.
    ``lossy`` names the model fields the format cannot carry, so round-trip tests and docs agree.
    """

    name: str
    description: str
    suffixes: tuple[str, ...] = ()
    read: Reader | None = None
    write: Writer | None = None
    options: type | None = None
    sniff: Callable[[str], bool] | None = None
    lossy: frozenset[str] = frozenset()
