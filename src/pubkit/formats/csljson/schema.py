"""The official CSL-JSON schema (CSL 1.0.2), bundled in ``pubkit/data/schemas``."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.cache
def schema() -> dict[str, Any]:
    text = resources.files("pubkit").joinpath("data/schemas/csl-data.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@functools.cache
def variables() -> frozenset[str]:
    """Every variable an item may have at its top level."""
    return frozenset(schema()["items"]["properties"])
