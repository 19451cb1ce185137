"""Work over a whole file: Python's cyclic garbage collector paused while it runs, and when a
file is worth converting in parts (``pubkit.parallel``).

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
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The formats `pubkit.parallel` splits (named here: importing it costs a small file's run),
# and the size below which a text is not worth planning a split for (2,000 entries, the
# fewest it splits, hardly ever fit in it).
SPLIT_FORMATS = ("bibtex", "ris", "csl-json")
SPLIT_FROM_BYTES = 1 << 16
