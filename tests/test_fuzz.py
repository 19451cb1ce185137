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

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import pubkit
from hostile_text import BY_FORMAT

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
