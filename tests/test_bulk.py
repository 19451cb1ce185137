"""The collector's pause around bulk work: on again after it; what outlives the work moved
past the young generations, cycles among it still found."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pubkit.bulk import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    gc.collect()  # counts at zero: no young collection starts by chance during a test
    yield
    if not was:
        gc.disable()


def _in_generation(value: object, generation: int) -> bool:
    return any(item is value for item in gc.get_objects(generation=generation))


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
def test_what_a_read_made_skips_the_young_generations() -> None:
    with collector_paused(kept=True):
        made = [[] for _ in range(10)]
        assert _in_generation(made, 0)
    # A young collection would have walked it (and every other object made) to free none.
    assert _in_generation(made, 2)
    assert not _in_generation(made, 0)
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_on")
def test_other_work_leaves_what_it_made_to_the_young_collections() -> None:
    """A part converted and written has let go of most of what it made: a young collection
    is cheap, and frees the cycles at once instead of holding them until a full one."""
    with collector_paused():
        made = [[] for _ in range(10)]
    assert _in_generation(made, 0)


@pytest.mark.usefixtures("collector_on")
def test_cycles_made_while_paused_are_still_collected() -> None:
    class Node:
        other: object = None

    with collector_paused(kept=True):
        first, second = Node(), Node()
        first.other, second.other = second, first
        del first, second
    assert any(isinstance(item, Node) for item in gc.get_objects(generation=2))
    gc.collect()
    assert not any(isinstance(item, Node) for item in gc.get_objects())


@pytest.mark.usefixtures("collector_on")
def test_objects_frozen_by_the_caller_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused(kept=True):
            made = [[]]
        assert gc.get_freeze_count() == frozen
        assert _in_generation(made, 0)  # the usual way: left to the young collections
    finally:
        gc.unfreeze()
