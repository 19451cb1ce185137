"""Fuzzing: hostile text in every format, through every reader and writer.

The promise: any text given to a reader gives a ``Library`` and diagnostics (a ``ReadError``
when strict), never another exception; the library can be written in every format, and what
is written reads back with as many works and no errors. A few hundred examples run in the
test suite, the same ones every run (the ``ci`` profile in conftest.py is derandomized); for
a long campaign, with new examples each run::

    PUBKIT_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py -p no:cacheprovider

Every input that ever broke the promise is kept under ``fixtures/fuzz/<format>/`` and replayed
by ``test_fuzz_crashers_stay_fixed``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import pubkit
from hostile_text import BY_FORMAT
from pubkit.enrich import LocalSource, SourceError, enrich

from conftest import FIXTURES

EXAMPLES = int(os.environ.get("PUBKIT_FUZZ_EXAMPLES", "150"))
WRITERS = ("bibtex", "biblatex", "ris", "csl-json", "json")
CRASHERS = sorted((FIXTURES / "fuzz").glob("*/*"))


def keeps_the_promise(text: str, fmt: str) -> None:
    library = pubkit.loads(text, fmt)
    try:
        pubkit.loads(text, fmt, strict=True)
    except pubkit.ReadError:
        assert library.errors, "strict reading failed where the lenient one found no error"
    for writer in WRITERS:
        written = pubkit.dumps(library, writer)
        back = pubkit.loads(written, "bibtex" if writer == "biblatex" else writer)
        if not library.works:
            continue
        assert back.errors == (), (writer, [str(d) for d in back.errors])
        assert len(back.works) == len(library.works), writer


@pytest.mark.parametrize("fmt", sorted(BY_FORMAT))
def test_hostile_text_keeps_the_promise(fmt):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(text=BY_FORMAT[fmt])
    def run(text: str) -> None:
        keeps_the_promise(text, fmt)

    run()


@pytest.mark.parametrize("path", CRASHERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fuzz_crashers_stay_fixed(path: Path):
    keeps_the_promise(path.read_text(encoding="utf-8", errors="surrogatepass"), path.parent.name)


class _Itself:
    """A library's own works as a source of records."""

    name = "itself"

    def __init__(self, works: tuple[pubkit.Work, ...]) -> None:
        self.works = works

    def candidates(self, work: pubkit.Work) -> tuple[pubkit.Work, ...]:
        return self.works


@pytest.mark.parametrize("fmt", sorted(BY_FORMAT))
def test_hostile_records_enrich_without_a_traceback(fmt):
    """Hostile text as the works and as a source (a local index of it too): every work gets an
    outcome, and what is enriched can be written."""

    @settings(
        max_examples=max(EXAMPLES // 3, 10),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(text=BY_FORMAT[fmt])
    def run(text: str) -> None:
        library = pubkit.loads(text, fmt)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"source{SUFFIXES[fmt]}"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            sources: list[object] = [_Itself(library.works)]
            with contextlib.suppress(SourceError):  # refused, with the reason: not a crash
                sources.append(LocalSource(path))
            enriched, report = enrich(library, sources)  # type: ignore[arg-type]
        assert len(report.outcomes) == len(library.works) == len(enriched.works)
        for writer in WRITERS:
            pubkit.dumps(enriched, writer)

    run()


SUFFIXES = {
    "bibtex": ".bib",
    "ris": ".ris",
    "csl-json": ".json",
    "json": ".json",
    "listing": ".txt",
}
