"""The real tools accept what the BibTeX and BibLaTeX writers write.

bibtex (plain.bst), biber's data-model validation, pdflatex with bibtex and with biber, and the
parsers bibtexparser 2 and pybtex reading the output back.
"""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
from pybtex.database import parse_string
from pylatexenc.latex2text import LatexNodes2Text

import pubkit
from pubkit.markup.plain import readable

from bibtools import biber_validate, bibtex_plain, compile_document, pdf_text
from conftest import FIXTURES, SEED

LISTINGS = [SEED, *sorted((FIXTURES / "listing" / "valid").glob("*.txt"))]
# pdfLaTeX typesets Latin script only (Chinese needs CJK packages or XeLaTeX).
LATIN_LISTINGS = [path for path in LISTINGS if path.stem != "non-latin"]


@pytest.fixture(params=LISTINGS, ids=lambda p: p.stem)
def library(request) -> pubkit.Library:
    return pubkit.load(request.param)


@pytest.fixture(params=LATIN_LISTINGS, ids=lambda p: p.stem)
def latin_library(request) -> pubkit.Library:
    return pubkit.load(request.param)


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_bibtex_plain_style_has_no_errors_or_warnings(library, tmp_path: Path, ascii):
    result = bibtex_plain(pubkit.dumps(library, "bibtex", ascii=ascii), tmp_path)
    assert result.returncode == 0, result.stdout
    assert "Warning--" not in result.stdout, result.stdout
    assert "error message" not in result.stdout, result.stdout


def test_biber_validates_the_biblatex_data_model(library, tmp_path: Path):
    result = biber_validate(pubkit.dumps(library, "biblatex"), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if re.match(r"(WARN|ERROR)", line)]
    assert problems == []


def _assert_clean_log(log: str) -> None:
    assert not re.search(r"^! ", log, re.MULTILINE), log[-3000:]
    assert "undefined" not in log.lower(), [x for x in log.splitlines() if "ndefined" in x]
    assert "Missing character" not in log


PACKAGES = {"default": "", "t1-hyperref": "\\usepackage[T1]{fontenc}\n\\usepackage{hyperref}"}


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
@pytest.mark.parametrize("style", ["plain", "abbrv", "alpha"])
def test_pdflatex_and_bibtex_compile(latin_library, tmp_path: Path, ascii, style):
    bib = pubkit.dumps(latin_library, "bibtex", ascii=ascii)
    _assert_clean_log(compile_document(bib, tmp_path, biblatex=False, style=style))


@pytest.mark.parametrize("packages", list(PACKAGES))
def test_pdflatex_and_bibtex_compile_with_t1_and_hyperref(latin_library, tmp_path: Path, packages):
    bib = pubkit.dumps(latin_library, "bibtex")
    log = compile_document(bib, tmp_path, biblatex=False, packages=PACKAGES[packages])
    _assert_clean_log(log)


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
@pytest.mark.parametrize("packages", list(PACKAGES))
def test_pdflatex_and_biber_compile_printing_every_field(
    latin_library, tmp_path: Path, ascii, packages
):
    bib = pubkit.dumps(latin_library, "biblatex", ascii=ascii)
    log = compile_document(
        bib, tmp_path, biblatex=True, packages=PACKAGES[packages], every_field=True
    )
    _assert_clean_log(log)


# --- what a reader of the compiled reference list sees ----------------------------------------

REFERENCE_LISTS = [
    *(("bibtex", style) for style in ("plain", "abbrv", "IEEEtran", "plainnat")),
    *(("biblatex", style) for style in ("numeric", "authoryear")),
]
# Words a style must not lowercase: two capitals or more (BERT, Bi-Drop, AMRize, GPT-4), a
# capital after the first letter (iPhone), and the word after "!" or "?" that opens a phrase.
_CASED = re.compile(r"\b\w*[A-Z]\w*[A-Z][\w-]*|\b[a-z]+[A-Z]\w*|(?<=[!?] )[A-Z]\w+")


def _shows_in_its_case(text: str, title: str, word: str, at: int) -> bool:
    """Whether ``word`` of ``title`` (found at ``at``) is printed as written, found in the
    printed title by the text before it (other titles may hold the same word)."""
    before = _squeezed(title[max(0, at - 12) : at])
    found = [m.end() for m in re.finditer(re.escape(before + _squeezed(word)), text, re.IGNORECASE)]
    return any(text[end - len(_squeezed(word)) : end] == _squeezed(word) for end in found)


def _squeezed(text: str) -> str:
    """Without spaces and hyphens: a line break may split a word anywhere."""
    return re.sub(r"[\s\-‐]+", "", text)


@pytest.mark.parametrize(("dialect", "style"), REFERENCE_LISTS, ids=lambda v: v)
def test_reference_lists_show_only_bibliographic_data_in_its_case(
    latin_library, tmp_path: Path, dialect, style
):
    bib = pubkit.dumps(latin_library, dialect)
    _assert_clean_log(compile_document(bib, tmp_path, biblatex=dialect == "biblatex", style=style))
    text = pdf_text(tmp_path)
    squeezed = _squeezed(text)
    for marker in (
        "Code:",
        "Code link",
        "Code available",
        "Affiliations",
        "Pre-published",
        "republished",
    ):
        assert marker not in text, marker
    for work in latin_library:
        if work.code_url and work.code_url != work.url:
            assert _squeezed(work.code_url) not in squeezed, work.code_url
        title = readable(work.title)
        for match in _CASED.finditer(title):
            assert _shows_in_its_case(squeezed, title, match.group(), match.start()), match


# --- other parsers read the output back ------------------------------------------------------


def _plain(latex: str) -> str:
    return " ".join(LatexNodes2Text(math_mode="text").latex_to_text(latex).split())


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_bibtexparser_reads_back_the_same_entries(library, dialect):
    parsed = bibtexparser.parse_string(pubkit.dumps(library, dialect))
    assert parsed.failed_blocks == []
    assert [entry.key for entry in parsed.entries] == list(library.keys)
    for entry, work in zip(parsed.entries, library.works, strict=True):
        assert _plain(entry["title"]) == " ".join(readable(work.title).split())


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_pybtex_splits_the_names_the_same_way(library, dialect):
    data = parse_string(pubkit.dumps(library, dialect), "bibtex")
    assert list(data.entries) == list(library.keys)
    for work in library:
        persons = data.entries[work.key].persons.get("author", [])
        expected = list(work.authors) + (["others"] if work.authors_truncated else [])
        assert len(persons) == len(expected)
        for person, model in zip(persons, expected, strict=True):
            if model == "others":
                assert str(person) == "others"
                continue
            if model.literal is not None:
                assert _plain(" ".join(person.last_names)) == model.literal
                assert not person.first_names and not person.prelast_names
                continue
            assert _plain(" ".join(person.last_names)) == model.family
            assert _plain(" ".join(person.first_names + person.middle_names)) == (model.given or "")
            assert _plain(" ".join(person.prelast_names)) == (model.particle or "")
            assert _plain(" ".join(person.lineage_names)) == (model.suffix or "")


def test_biber_reads_a_publisher_with_and_as_one_publisher(tmp_path: Path):
    work = pubkit.Work(
        key="k", type=pubkit.WorkType.BOOK, title="T", publisher="Routledge and Kegan Paul",
        place="London",
        authors=(pubkit.Person(family="Doe", given="Ann"),), issued=pubkit.Date(1990),
    )  # fmt: skip
    bib = pubkit.dumps([work], "biblatex")
    assert "publisher = {Routledge {and} Kegan Paul}" in bib
    _assert_clean_log(compile_document(bib, tmp_path, biblatex=True))
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert "\\list{publisher}{1}" in bbl
