"""Broken input, one case per file: ``fixtures/<format>/invalid/<case>.<ext>`` with the
diagnostics pubkit must give in ``<case>.errors`` (``line[:column]`` or a JSON path, then
``severity[code]``, one per line, in order), each checked by hand. Every case must also keep
the promise of ``test_fuzz``: no exception, and output every writer can write and pubkit read
back."""

from __future__ import annotations

from pathlib import Path

import pytest

import pubkit
from test_fuzz import keeps_the_promise

from conftest import FIXTURES

FORMATS = {"bibtex": "bibtex", "ris": "ris", "csljson": "csl-json", "listing": "listing"}
# These have their own tests, which name each diagnostic's entry too.
OWN_TESTS = {
    FIXTURES / "bibtex" / "invalid" / "broken.bib",
    FIXTURES / "ris" / "invalid" / "broken.ris",
}
CASES = sorted(
    path
    for folder in FORMATS
    for path in (FIXTURES / folder / "invalid").iterdir()
    if path.suffix != ".errors" and path not in OWN_TESTS
)


def describe(diagnostic: pubkit.Diagnostic) -> str:
    if diagnostic.path is not None:
        where = diagnostic.path
    else:
        where = str(diagnostic.line) + (f":{diagnostic.column}" if diagnostic.column else "")
    return f"{where} {diagnostic.severity.value}[{diagnostic.code}]"


def expected(path: Path) -> list[str]:
    lines = path.with_suffix(".errors").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_each_broken_input_is_reported_as_expected(path: Path):
    fmt = FORMATS[path.parent.parent.name]
    library = pubkit.load(path, fmt)
    assert [describe(d) for d in library.diagnostics] == expected(path)
    keeps_the_promise(path.read_bytes().decode("utf-8", errors="replace"), fmt)


def test_every_reader_has_forty_cases():
    for folder in FORMATS:
        cases = [p for p in (FIXTURES / folder / "invalid").iterdir() if p.suffix != ".errors"]
        assert len(cases) >= 40, folder
