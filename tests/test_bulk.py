"""The collector's pause around bulk work: on again after it, and what the work left in
cycles freed by the young collections, not kept for a full one."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

import pubkit
from pubkit.bulk import collector_paused

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_paused_while_running_and_on_again_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


@pytest.mark.usefixtures("collector_on")
def test_reading_file_after_file_keeps_no_cycles_behind() -> None:
    """A long-running process (a bridge to a reference manager) reads file after file: the
    cycles each reading leaves (broken files leave hundreds) are freed as it goes, not kept
    for a full collection that such a loop may never start."""
    files = sorted((FIXTURES / "bibtex").glob("*/*.bib"))
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files]
    for text in texts:
        pubkit.loads(text, "bibtex")  # the caches filled
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(5):
        for text in texts:
            pubkit.loads(text, "bibtex")
    assert len(gc.get_objects()) - before < 500
