"""The BibTeX/BibLaTeX reader: goldens from real tools' exports, names, macros, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import pubkit
from pubkit import Date, Kind, Mark, Person
from pubkit.api import load_bytes
from pubkit.formats.bibtex.reader import bibtex_person

from conftest import FIXTURES

BIB = FIXTURES / "bibtex"
VALID = sorted((BIB / "valid").glob("*.bib"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_reader_golden(path: Path, golden):
    library = pubkit.load(path)
    assert library.diagnostics == ()
    golden(pubkit.dumps(library, "json"), path.with_suffix(".expected.json"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_bib_to_bib_is_stable_after_the_first_pass(path: Path, dialect):
    first = pubkit.dumps(pubkit.load(path), dialect)
    second = pubkit.dumps(pubkit.loads(first, dialect), dialect)
    assert second == first


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("van Merri{\\\"e}nboer, Bart", Person(given="Bart", particle="van", family="Merriënboer")),
        ("Bart van Merriënboer", Person(given="Bart", particle="van", family="Merriënboer")),
        ("King, Jr., Martin Luther", Person(given="Martin Luther", family="King", suffix="Jr.")),
        ("{Barnes and Noble, Inc.}", Person(literal="Barnes and Noble, Inc.")),
        ("{The Theano Development Team}", Person(literal="The Theano Development Team")),
        ("Kaiser, {\\L}ukasz", Person(given="Łukasz", family="Kaiser")),
        ("D{\\'\\i}az, Mar{\\'\\i}a", Person(given="María", family="Díaz")),
        ("Ming{-}Wei Chang", Person(given="Ming-Wei", family="Chang")),
        ("family=Berg, given=Jan, prefix=van der, useprefix=true",
         Person(given="Jan", particle="van der", family="Berg")),
        ("Plato", Person(family="Plato")),
    ],
)  # fmt: skip
def test_names(name, person):
    assert bibtex_person(name) == person


def _one(text: str) -> pubkit.Work:
    library = pubkit.loads(text, "bibtex", name="t.bib")
    assert library.errors == (), library.errors
    (work,) = library.works
    return work


def test_and_others_is_truncation_never_a_person():
    work = _one("@article{k, author = {Doe, Jane and others}, title = {T}, journal = {J}}")
    assert work.authors == (Person(given="Jane", family="Doe"),)
    assert work.authors_truncated


@pytest.mark.parametrize("month", ["apr", "{apr}", "4", "{April}", "{Apr.}", '"April"'])
def test_month_forms(month):
    work = _one(f"@article{{k, title = {{T}}, journal = {{J}}, year = 2020, month = {month}}}")
    assert work.issued == Date(2020, 4)


def test_macros_and_concatenation():
    work = _one(
        '@string{acl = "Association for Computational Linguistics"}\n'
        '@inproceedings{k, title = {T}, booktitle = "Proc. of the " # acl, year = 2020}'
    )
    assert work.container_title == "Proc. of the Association for Computational Linguistics"


def test_crossref_inherits_and_is_inlined():
    library = pubkit.load(BIB / "valid" / "hand-written.bib")
    paper = library["paper"]
    assert (
        paper.container_title == "Proceedings of the Association for Computational Linguistics 2014"
    )
    assert paper.publisher == "Association for Computational Linguistics"
    assert paper.issued == Date(2014, 1, 10)
    assert "bibtex:crossref" not in paper.extra


def test_latex_becomes_text_with_case_protection_and_math():
    paper = pubkit.load(BIB / "valid" / "hand-written.bib")["paper"]
    assert str(paper.title) == "Learning Phrase Representations with 𝒪(n) Attention"
    kinds = [(c.text, c.kind, Mark.NOCASE in c.marks) for c in paper.title.chunks]
    assert ("Phrase", Kind.TEXT, True) in kinds
    assert ("\\mathcal{O}(n)", Kind.MATH, False) in kinds


def test_both_arxiv_conventions():
    classic = pubkit.load(BIB / "valid" / "arxiv.bib").works[0]
    assert classic.arxiv_id == "2203.02889" and classic.categories == ("cs.CL",)
    dblp = pubkit.load(BIB / "valid" / "dblp.bib").works[1]
    assert dblp.arxiv_id == "2203.02889"
    assert dblp.doi is None  # 10.48550/ARXIV.2203.02889 is the arXiv DOI, derived again


def test_unknown_fields_types_preambles_and_comments_survive():
    library = pubkit.load(BIB / "valid" / "hand-written.bib")
    work = library["unicode-key-über"]
    assert work.extra["bibtex:unknownfield"] == "kept as {it} was"
    assert work.code_url == "https://github.com/o/r" and work.has_code
    assert work.categories == ("cs.LG",) and work.keywords == ("deep learning",)
    assert [a.code for a in work.affiliations] == ["pku", "zz"]
    bib = pubkit.dumps(library, "bibtex")
    assert "@misc{unicode-key-über," in bib  # source keys are kept, even when not ASCII
    assert "unknownfield = {kept as {it} was}" in bib
    assert '@preamble{ "\\newcommand{\\noopsort}[1]{}" }' in bib
    assert "@comment{jabref-meta: databaseType:bibtex;}" in bib


def test_broken_entries_are_reported_with_positions_and_keys_and_the_rest_read():
    path = BIB / "invalid" / "broken.bib"
    library = pubkit.load(path)
    expected = [
        line
        for line in path.with_suffix(".errors").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    described = [
        f"{d.line}:{d.column} {d.severity.value}[{d.code}] ({d.key or ''})"
        for d in library.diagnostics
    ]
    assert described == expected
    assert list(library.keys) == ["good1", "good2"]
    assert len(library.works) + len(library.errors) == 9


def test_strict_lists_every_problem():
    with pytest.raises(pubkit.ReadError) as caught:
        pubkit.load(BIB / "invalid" / "broken.bib", strict=True)
    assert len(caught.value.exceptions) == 7


def test_latin1_bib_is_decoded_with_a_warning():
    text = "@article{k, author = {Müller, Jürgen}, title = {Über}, journal = {J}}\n"
    library = load_bytes(text.encode("latin-1"), "old.bib")
    assert [d.code for d in library.diagnostics] == ["not-utf8"]
    assert library.works[0].authors[0].family == "Müller"


def test_bib_converts_to_csl_json_and_ris():
    library = pubkit.load(BIB / "valid" / "zotero-bbt.bib")
    assert pubkit.loads(pubkit.dumps(library, "csl-json"), "csl-json").keys == library.keys
    assert len(pubkit.loads(pubkit.dumps(library, "ris"), "ris")) == len(library)
