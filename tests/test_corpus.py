"""The real-world corpus: every file reads without a crash, every entry is read or reported,
CSL-JSON validates, and bib -> bib is stable after the first pass.

fixtures/corpus/passing.txt lists the files that pass fully; one that stops passing fails the
build. The files come from Debian's TeX Live packages and from sdists that `.ci/run` fetches
(`python tests/corpus.py`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema
import pytest

import pubkit
from corpus import corpus_files
from pubkit.formats.csljson.schema import schema

from conftest import FIXTURES, missing_tool

PASSING = [
    line.strip()
    for line in (FIXTURES / "corpus" / "passing.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
_ENTRY = re.compile(r"^\s*@\s*(\w+)\s*[{(]", re.MULTILINE)


def _path(name: str):
    path = corpus_files()[name]
    if not path.exists():
        missing_tool(
            f"{path} is missing: install the Debian packages or run python tests/corpus.py"
        )
    return path


def _entries_in(text: str) -> int:
    """Entries in a .bib file, counted without pubkit: every @type{ but the special blocks."""
    return sum(
        1
        for m in _ENTRY.finditer(text)
        if m.group(1).lower() not in ("string", "preamble", "comment")
    )


@pytest.fixture(params=PASSING, scope="module")
def corpus(request):
    path = _path(request.param)
    return path, pubkit.load(path)


def test_every_entry_is_read_or_reported(corpus):
    path, library = corpus
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert len(library.works) + len(library.errors) == _entries_in(text)
    assert all(d.line is not None for d in library.diagnostics if d.code != "not-utf8")


def test_csl_json_validates(corpus):
    _, library = corpus
    jsonschema.validate(json.loads(pubkit.dumps(library, "csl-json")), schema())


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_bib_to_bib_is_stable_after_the_first_pass(corpus, dialect):
    _, library = corpus
    first = pubkit.dumps(library, dialect)
    assert pubkit.dumps(pubkit.loads(first, dialect), dialect) == first


def test_command_line_converts_to_csl_json_and_ris(corpus, tmp_path):
    path, library = corpus
    for target in ("csl-json", "ris"):
        output = tmp_path / f"out.{target}"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pubkit",
                "convert",
                str(path),
                "--to",
                target,
                "-o",
                str(output),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Traceback" not in result.stderr
        assert result.returncode == (1 if library.errors else 0), result.stderr
        assert output.stat().st_size > 0


def test_the_passing_list_names_every_corpus_file():
    assert sorted(PASSING) == sorted(corpus_files())
