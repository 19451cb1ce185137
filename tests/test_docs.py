"""The documentation of each format's mapping is its table: docs/<format>.md holds what
``pubkit formats NAME`` prints, between ``<!-- mapping:NAME -->`` and ``<!-- /mapping -->``."""

from __future__ import annotations

import re

import pytest

import pubkit
from pubkit.formats.describe import describe

from conftest import ROOT

PAGES = {"bibtex": "bibtex.md", "ris": "ris.md", "csl-json": "csljson.md"}


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- mapping:{re.escape(name)} -->\n)(.*?)(<!-- /mapping -->)", re.S)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_docs_show_the_mapping_table(name, request):
    page = ROOT / "docs" / PAGES[name]
    text = page.read_text(encoding="utf-8")
    match = _block(name).search(text)
    assert match is not None, f"{page.name} has no <!-- mapping:{name} --> block"
    expected = describe(pubkit.default_registry().get(name))
    if request.config.getoption("--update-golden"):
        page.write_text(text[: match.start(2)] + expected + text[match.end(2) :], "utf-8")
        return
    assert match.group(2) == expected, f"{page.name} is out of date; run with --update-golden"


def test_bibtex_and_biblatex_share_one_table():
    registry = pubkit.default_registry()
    assert registry.get("bibtex").table() is registry.get("biblatex").table()
    assert registry.get("bibtex").lossy == registry.get("biblatex").lossy
