"""Institution names for the affiliation codes that profile listings use (``pku``)."""

from __future__ import annotations

import functools
import pkgutil

from pubkit.model import Affiliation


@functools.cache
def _table() -> dict[str, str]:
    # pkgutil: the package's loader reads it (importlib.resources would import zipfile and
    # tempfile on the way, a tenth of a small command's start).
    data = pkgutil.get_data("pubkit", "data/affiliations.tsv")
    assert data is not None  # the file ships with the package
    text = data.decode("utf-8")
    table = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, name = line.split("\t", 1)
            table[code.strip().casefold()] = name.strip()
    return table


def institution_name(code: str) -> str | None:
    """``pku`` -> ``Peking University``; None for a code pubkit does not know."""
    return _table().get(code.strip().casefold())


def affiliation(code: str) -> Affiliation:
    """The code as written, with its institution's name where known."""
    return Affiliation(code, institution_name(code))


@functools.cache
def _by_name() -> dict[str, str]:
    return {name.casefold(): code for code, name in _table().items()}


def code_for(name: str) -> str | None:
    """``Peking University`` -> ``pku``; None for a name pubkit's table does not have."""
    return _by_name().get(name.strip().casefold())
