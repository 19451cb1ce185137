"""Work over a whole file: Python's cyclic garbage collector paused while it runs.

Reading and writing build many small objects (chunks, names, fields, works) that form no
reference cycles, yet each allocation threshold makes the collector walk every object alive,
again and again: a fifth of the time of a large conversion. Reference counting frees what the
work throws away; anything cyclic is collected as usual once the collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused(*, kept: bool = False) -> Iterator[None]:
    """The collector paused while the block runs. ``kept``: the block makes what outlives
    it (a library read whole), so what it made goes straight to the oldest generation when
    the collector resumes: a young collection would walk every one of those objects then,
    to free none. Cycles among them wait for the next full collection, which Python makes
    in proportion to the objects alive; without ``kept``, the young collection frees them at
    once (the block has let go of most of what it made: a part converted and written)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if kept and gc.get_freeze_count() == 0:  # else someone froze objects on purpose
                gc.freeze()
                gc.unfreeze()
            gc.enable()
