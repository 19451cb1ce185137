"""The BibTeX/BibLaTeX reader: goldens from real tools' exports, names, macros, errors."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import pubkit
from pubkit import Date, Kind, Mark, Person
from pubkit.api import load_bytes
from pubkit.markup.plain import readable
from pubkit.names import parse_bibtex_name as bibtex_person

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
    assert "bibtex" not in paper.native  # crossref is resolved, not kept


def test_latex_becomes_text_with_case_protection_and_math():
    paper = pubkit.load(BIB / "valid" / "hand-written.bib")["paper"]
    assert readable(paper.title) == "Learning Phrase Representations with 𝒪(n) Attention"
    assert str(paper.title) == "Learning Phrase Representations with $\\mathcal{O}(n)$ Attention"
    kinds = [(c.text, c.kind, Mark.NOCASE in c.marks) for c in paper.title.chunks]
    assert ("Phrase", Kind.TEXT, True) in kinds
    assert ("\\mathcal{O}(n)", Kind.MATH, False) in kinds


def test_both_arxiv_conventions():
    classic = pubkit.load(BIB / "valid" / "arxiv.bib").works[0]
    assert classic.arxiv_id == "2203.02889" and classic.categories == ("cs.CL",)
    dblp = pubkit.load(BIB / "valid" / "dblp.bib").works[1]
    assert dblp.arxiv_id == "2203.02889"
    # DBLP's CoRR "article" is the arXiv posting itself: its DOI is the arXiv DOI, kept as it
    # is; only a preprint of no venue has the DOI derived again.
    assert dblp.doi == "10.48550/ARXIV.2203.02889"


def test_unknown_fields_types_preambles_and_comments_survive():
    library = pubkit.load(BIB / "valid" / "hand-written.bib")
    work = library["unicode-key-über"]
    assert work.native["bibtex"].get("unknownfield") == "kept as {it} was"
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
    keys = ["good1", "good2", "nocomma", "duplicate", "dupfield", "badmacro", "no", "baddate"]
    assert list(library.keys) == keys
    assert len(library.works) + len(library.errors) == 9
    # BibTeX keeps an entry with a missing comma: the fields before it, the rest skipped.
    nocomma = library.works[2]
    assert nocomma.title == "Missing comma" and nocomma.issued is None
    # So does it an entry without a key: it gets one made of its title.
    assert str(library.works[6].title) == "No key"
    written = pubkit.dumps(library, "biblatex")
    assert "date = {2021-06-31}" in written  # what the model could not read is written back
    assert "  journal = undefinedmacro\n" in pubkit.dumps(library, "bibtex")  # as BibTeX keeps it


def test_strict_lists_every_problem():
    with pytest.raises(pubkit.ReadError) as caught:
        pubkit.load(BIB / "invalid" / "broken.bib", strict=True)
    assert len(caught.value.exceptions) == 1  # the unclosed brace


def test_latin1_bib_is_decoded_with_a_warning():
    text = "@article{k, author = {Müller, Jürgen}, title = {Über}, journal = {J}}\n"
    library = load_bytes(text.encode("latin-1"), "old.bib")
    assert [d.code for d in library.diagnostics] == ["not-utf8"]
    assert library.works[0].authors[0].family == "Müller"


def test_bib_converts_to_csl_json_and_ris():
    library = pubkit.load(BIB / "valid" / "zotero-bbt.bib")
    assert pubkit.loads(pubkit.dumps(library, "csl-json"), "csl-json").keys == library.keys
    assert len(pubkit.loads(pubkit.dumps(library, "ris"), "ris")) == len(library)


# --- shapes found in real-world files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "number"), [("10", 10), ("11", 11), ("12", 12), ("{09}", 9), ("{10}", 10)]
)
def test_numeric_months(month, number):
    work = _one(f"@article{{k, title = {{T}}, journal = {{J}}, year = 2020, month = {month}}}")
    assert work.issued == Date(2020, number)


def test_keys_differing_only_in_case_keep_both_entries():
    library = pubkit.loads(
        "@article{Smith2020, title={First}, journal={J}, year=2020}\n"
        "@article{smith2020, title={Second}, journal={J}, year=2020}\n",
        "bibtex",
    )
    assert [str(w.title) for w in library] == ["First", "Second"]
    assert library.works[0].key == "Smith2020" and library.works[1].key != "smith2020"
    assert [d.code for d in library.diagnostics] == ["duplicate-key"]


def test_escaped_urls_and_dois_are_unescaped():
    work = _one(
        "@misc{k, title={T}, url = {http://www.example.com/a{\\_}b{\\%}20c\\~{}x},"
        " doi = {10.1016/S0140-6736(20){\\_}30183-5}}"
    )
    assert work.url == "http://www.example.com/a_b%20c~x"
    assert work.doi == "10.1016/S0140-6736(20)_30183-5"


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_date_text_is_written_back(dialect):
    date = "date = {1984/1986}" if dialect == "biblatex" else "year = 1984, month = {April-May}"
    library = pubkit.loads(f"@book{{k, title={{T}}, {date}}}", "bibtex")
    assert library.works[0].issued.year == 1984
    written = pubkit.dumps(library, dialect)
    if dialect == "biblatex":
        assert "date = {1984/1986}" in written
    else:
        assert "month = {April-May}" in written


@pytest.mark.parametrize("year", ["2020a", "1998--1999"])
def test_unusual_years_are_kept_not_an_error(year):
    library = pubkit.loads(f"@article{{k, title={{T}}, journal={{J}}, year={{{year}}}}}", "bibtex")
    assert library.errors == ()
    assert library.works[0].native["bibtex"].get("year") == year
    assert library.works[0].issued == pubkit.Date(int(year[:4]))
    assert f"year = {{{year}}}" in pubkit.dumps(library, "bibtex")


@pytest.mark.parametrize("year", ["in press", "forthcoming", "19xx", "{\\noopsort{z}}n.d."])
def test_years_in_words_are_the_dates_text(year):
    source = f"@article{{k, title={{T}}, journal={{J}}, year={{{year}}}, month=jun}}"
    library = pubkit.loads(source, "bibtex")
    assert library.diagnostics == ()
    (work,) = library.works
    assert work.issued is None and work.issued_text == year.split("}")[-1]
    assert f"year = {{{year}}}" in pubkit.dumps(library, "bibtex")
    assert "month = {June}" in pubkit.dumps(library, "bibtex")  # the month, as BibTeX reads it
    csl = json.loads(pubkit.dumps(library, "csl-json"))[0]
    assert csl["issued"] == {"literal": work.issued_text}  # citeproc prints it as it is
    assert (
        pubkit.loads(pubkit.dumps(library, "ris"), "ris").works[0].issued_text == work.issued_text
    )


def test_comments_inside_and_around_entries():
    library = pubkit.loads(
        "% @article{old1, title={commented out}}\n"
        "@article{c3, title = {T3}, % a note\n  journal = {J}, year = {2021},\n"
        "  %  doi = {10.1/x},\n}\n",
        "bibtex",
    )
    assert library.errors == ()
    (work,) = library.works
    assert work.container_title == "J" and work.doi is None and not work.native


def test_alternative_fields_are_kept_not_dropped():
    work = _one("@book{k, title={T}, address={NY}, location={New York}}")
    assert work.place == "New York" and work.native["bibtex"].get("address") == "NY"


def test_conference_and_inbook_keep_their_booktitle():
    library = pubkit.loads(
        "@conference{c, booktitle={Proc. Conf.}, title={X}, year=2020}", "bibtex"
    )
    bib = pubkit.dumps(library, "bibtex")
    assert bib.startswith("@conference{c,") and "booktitle = {Proc. Conf.}" in bib


@pytest.mark.parametrize(
    "text",
    [
        "@article{t, title = {A \\} B}, journal={J}}",
        "@misc{h, title = {see \\href{http://y.org}}}",
        '@article{q, title = "unclosed quote, journal = {J}}',
    ],
)
def test_malformed_values_never_raise(text):
    library = pubkit.loads(text, "bibtex")
    assert len(library.works) + len(library.errors) == 1


def test_google_scholar_keys_with_accents_are_repaired():
    library = pubkit.loads(
        '@article{m{\\"u}ller2003uber, title={Uber}, author={M{\\"u}ller, J.}, journal={J}}',
        "bibtex",
    )
    assert library.keys == ("muller2003uber",)
    assert [d.code for d in library.diagnostics] == ["key-repaired"]


def test_keywords_that_are_not_category_ids_stay_keywords():
    work = _one("@article{k, title={T}, journal={J}, keywords={physics, cs.CL}}")
    assert work.keywords == ("physics",) and work.categories == ("cs.CL",)


def test_unknown_primary_class_does_not_grow_on_each_pass():
    text = "@misc{x, title={T}, eprint={2203.02889}, archivePrefix={arXiv}, primaryClass={cs.XX}}"
    first = pubkit.dumps(pubkit.loads(text, "bibtex"), "bibtex")
    assert pubkit.dumps(pubkit.loads(first, "bibtex"), "bibtex") == first


def test_symbols_and_spanish_ligatures():
    work = _one("@misc{k, title={\\S\\ 3, \\copyright{} and ?`Qu\\'e?}}")
    assert str(work.title) == "§ 3, © and ¿Qué?"


def test_an_arxiv_doi_gives_the_arxiv_id():
    work = _one("@article{k, title={T}, journal={J}, doi={10.48550/ARXIV.1706.03762}}")
    assert work.arxiv_id == "1706.03762"


def test_macros_the_preamble_defines_as_words_are_resolved_others_kept_and_reported():
    text = (
        "@preamble{\"\\newcommand{\\method}{ACMo}\\providecommand{\\quoted}[1]{``#1''}\"}\n"
        "@misc{k, title={\\method: Fast},"
        " abstract={We show \\method and \\quoted{x} and \\other.}}\n"
    )
    library = pubkit.loads(text, "bibtex")
    (work,) = library.works
    assert str(work.title) == "ACMo: Fast"
    assert readable(work.abstract) == "We show ACMo and x and \\other."
    assert [(d.code, d.line) for d in library.diagnostics] == [
        ("unknown-command", 2),
        ("unknown-command", 2),
    ]
    assert "\\quoted" in library.diagnostics[0].message
    assert "\\other" in library.diagnostics[1].message


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"VM\slash CMS", "VM/CMS"),
        (r"Colophon\emdash{}and", "Colophon—and"),
        (r"1990\endash 1995", "1990–1995"),
        (r"methodology\hyphen independent", "methodology-independent"),
        (r"and so on\textellipsis", "and so on…"),
        (r"wait\ldots{} no", "wait… no"),
        (r"a\,b", "a b"),
        (r"a\thinspace b", "a b"),
        (r"\mkbibquote{Intention} und", "“Intention” und"),
        (r"\enquote{quoted}", "“quoted”"),
        (r"\textquoteleft x\textquoteright", "‘x’"),
        (r"The {\TeX}book", "The TeXbook"),
        (r"\LaTeX{} and \BibTeX ing", "LaTeX and BibTeXing"),
        (r"\MF{} and \MP", "Metafont and MetaPost"),
        (r"\mkbibemph{Word}", "Word"),
    ],
)
def test_common_text_commands_read_as_what_they_print(latex, text):
    library = pubkit.loads(f"@misc{{k, title={{{latex}}}}}\n", "bibtex")
    assert readable(library.works[0].title) == text
    assert library.diagnostics == ()  # none is an unknown command


def test_logos_stay_commands_that_typeset_them():
    source = "@misc{k, title={{\\BibTeX ing} with \\LaTeX\\ and \\MF}, note={\\TeX{} book}}\n"
    once = pubkit.dumps(pubkit.loads(source, "bibtex"), "bibtex")
    assert "title = {{\\BibTeX}ing with {\\LaTeX} and {\\MF}}" in once  # braced: case kept
    assert "note = {\\TeX{} book}" in once
    # LaTeX defines \TeX and \LaTeX; the others get a fallback that prints the logo's letters.
    assert '"\\providecommand{\\BibTeX}{BibTeX}"' in once and "providecommand{\\TeX}" not in once
    assert pubkit.dumps(pubkit.loads(once, "bibtex"), "bibtex") == once
    csl = json.loads(pubkit.dumps(pubkit.loads(source, "bibtex"), "csl-json"))[0]
    assert (csl["title"], csl["note"]) == ("BibTeXing with LaTeX and Metafont", "TeX book")


def test_entry_types_that_begin_with_comment_are_entries_as_bibtex_reads_them():
    text = "@commentary{c, title={V}}\n@COMMENTED{d, title={W}}\n@comment{a real comment}\n"
    library = pubkit.loads(text, "bibtex")
    assert [w.key for w in library.works] == ["c", "d"]
    assert [d.code for d in library.diagnostics] == ["unknown-type", "unknown-type"]
    written = pubkit.dumps(library, "bibtex")
    assert "@commentary{c," in written and "@comment{a real comment}" in written


def test_string_macros_carry_across_inputs_in_order(tmp_path, capsys):
    from pubkit.cli import main

    (tmp_path / "abrv.bib").write_text('@string{PAMI = "IEEE Trans. PAMI"}\n', encoding="utf-8")
    refs = "@article{a, author={Doe, J.}, title={T}, journal=PAMI, year=2020, doi={10.1234/x.1}}\n"
    (tmp_path / "refs.bib").write_text(refs, encoding="utf-8")
    abrv, refs_bib = str(tmp_path / "abrv.bib"), str(tmp_path / "refs.bib")
    status = main(["convert", abrv, refs_bib, "--to", "csl-json"])
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    assert '"container-title": "IEEE Trans. PAMI"' in out
    status = main(["convert", refs_bib, abrv, "--to", "csl-json"])
    _, err = capsys.readouterr()
    assert "warning[unknown-macro]" in err  # defined only after it was used, as for bibtex


def test_types_and_keys_bibtex_reads_but_bibtexparser_would_not_are_kept_as_written():
    library = pubkit.loads(
        '@ABNT-options{abnt-doi=link,\n abnt-doi="link",\n key="aaaa"}\n@misc{next, title = {T}}\n',
        "bibtex",
    )
    assert [w.key for w in library.works] == ["abnt-doi=link", "next"]
    assert not library.errors
    bib = pubkit.dumps(library, "bibtex")
    assert bib.startswith("@abnt-options{abnt-doi=link,\n")


def test_a_quote_inside_braces_in_a_quoted_value_is_a_character_as_bibtex_reads_it():
    library = pubkit.loads(
        '@book{a, title = "Kurt {\\"G}odel", note = "{see "the Art, Vol. 3" and "x"}",\n'
        ' year = 1986}\n@misc{b, title = "B"}\n',
        "bibtex",
    )
    assert not library.diagnostics
    first, second = library.works
    assert str(first.title) == "Kurt G\u0308odel"  # what LaTeX prints: a G with a diaeresis
    assert str(first.note) == 'see "the Art, Vol. 3" and "x"'
    assert (first.issued.year, second.key) == (1986, "b")
    bib = pubkit.dumps(library, "bibtex")
    assert r"{\"{G}}odel" in bib  # not a loose accent, not an invisible one
    assert pubkit.dumps(pubkit.loads(bib, "bibtex"), "bibtex") == bib


def test_an_acm_location_beside_an_address_is_the_place_of_the_conference():
    """The ACM Digital Library writes the conference's place in `location` and its own in
    `address`; Zotero reads the address as the place of publication."""
    acm = _one(
        "@inproceedings{acm, title = {Paper}, booktitle = {Proc. X}, year = 2007,"
        " location = {San Jose, California, USA}, publisher = {ACM},"
        " address = {New York, NY, USA}}"
    )
    assert acm.place == "New York, NY, USA"
    assert acm.event_place == "San Jose, California, USA"
    assert "bibtex" not in acm.native  # both read: nothing left over
    biblatex = _one("@inproceedings{b, title = {P}, location = {Berlin}, address = {Berlin}}")
    assert biblatex.place == "Berlin" and biblatex.event_place is None


@pytest.mark.parametrize("howpublished", ["http://example.org/p", "\\url{http://example.org/p}"])
def test_a_url_alone_in_howpublished_is_the_url_not_the_publisher(howpublished):
    work = _one(f"@misc{{m, title = {{Web Page}}, howpublished = {{{howpublished}}}}}")
    assert work.url == "http://example.org/p" and work.publisher is None
    # Written back as it came: what classic styles print for a @misc.
    assert f"howpublished = {{{howpublished}}}" in pubkit.dumps([work], "bibtex")


MISSING_COMMA = b"""@article{first,
  author = {Doe, Jane},
  title = {Kept up to the missing comma}
  journal = {Skipped},
  year = 2000
}

@article{second, title = {Read}, journal = {J}, year = 2001}
"""


def test_a_missing_comma_ends_the_entry_there_as_bibtex_does(tmp_path: Path):
    from bibtools import bibtex_cited_keys
    from conftest import require_tool

    library = pubkit.loads(MISSING_COMMA.decode(), "bibtex", name="t.bib")
    first, second = library.works
    assert second.key == "second"
    assert str(first.title) == "Kept up to the missing comma" and first.authors
    assert first.container_title is None and first.issued is None
    (warning,) = [d for d in library.diagnostics if d.code == "missing-comma"]
    assert (warning.line, warning.column, warning.key) == (4, 3, "first")
    assert "fields not read: year" in warning.message and library.errors == ()
    # The real bibtex keeps the entry too.
    require_tool("bibtex")
    assert sorted(bibtex_cited_keys(MISSING_COMMA, tmp_path)) == ["first", "second"]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("see http://host/\\~{}kotz", "see http://host/~kotz"),
        ("x\\^{}2", "x^2"),
        ("\\'{}", "\u00b4"),
        ("ma\\~{n}ana", "mañana"),  # an accent over a letter stays one
    ],
)
def test_an_accent_over_nothing_is_the_character_itself(latex, text):
    """LaTeX prints `\\~{}` as the tilde alone; it was read as nothing at all."""
    assert str(_one(f"@misc{{k, title = {{{latex}}}}}").title) == text


@pytest.mark.parametrize(
    ("entry_type", "model", "classic", "csl"),
    [
        ("collection", "book", "book", "book"),  # an edited book, as Zotero and pandoc read it
        ("mvbook", "book", "book", "book"),
        ("online", "webpage", "misc", "webpage"),
        ("report", "report", "techreport", "report"),
        ("proceedings", "book", "proceedings", "book"),
    ],
)
def test_biblatex_types_in_classic_bibtex_and_csl(entry_type, model, classic, csl):
    """A BibLaTeX entry type comes back in a BibLaTeX file; BibTeX's styles do not know it, so
    a classic .bib gets the type they know."""
    library = pubkit.loads(f"@{entry_type}{{k, title = {{T}}, editor = {{Doe, Jane}}}}", "bibtex")
    assert library.works[0].type.value == model
    assert pubkit.dumps(library, "biblatex").startswith(f"@{entry_type}{{k,")
    assert pubkit.dumps(library, "bibtex").startswith(f"@{classic}{{k,")
    assert json.loads(pubkit.dumps(library, "csl-json"))[0]["type"] == csl


def test_web_of_science_double_braces_protect_identifiers_and_urls():
    work = _one(
        "@article{ ISI:000445987100063,\nTitle = {{Mitigation}},\nJournal = {{BUILDING}},\n"
        "Year = {{2018}},\nDOI = {{10.1016/j.buildenv.2018.07.033}},\n"
        "URL = {{https://example.org/a_b}},\nISSN = {{0360-1323}},\n}"
    )
    assert work.doi == "10.1016/j.buildenv.2018.07.033"
    assert work.url == "https://example.org/a_b" and work.issn == "0360-1323"


@pytest.mark.parametrize(
    ("entry_type", "model"),
    [
        ("web_page", "webpage"),  # Mendeley Reference Manager's types
        ("book_section", "chapter"),
        ("newspaper_article", "article-newspaper"),
        ("magazine_article", "article-magazine"),
        ("film", "motion_picture"),
        ("video", "motion_picture"),  # BibLaTeX's
        ("audio", "song"),
        ("legislation", "legislation"),
        ("jurisdiction", "legal_case"),
    ],
)
def test_mendeley_and_biblatex_media_types_are_known(entry_type, model):
    library = pubkit.loads(f"@{entry_type}{{k, title = {{T}}, year = 2020}}", "bibtex")
    assert library.works[0].type.value == model
    assert not [d for d in library.diagnostics if d.code == "unknown-type"]
    assert pubkit.dumps(library, "biblatex").startswith(f"@{entry_type}{{k,")


def test_entries_without_a_key_from_mendeley_and_endnote_are_read_with_keys_made():
    text = (
        "@article{,\n  author = {Roditakis, Arzu Eker},\n  title = {Reviewers as Readers},\n"
        "  year = {2017},\n}\n\n@article{\n  author = {Huang, Y. and Mucke, L.},\n"
        "  title = {Alzheimer mechanisms},\n  journal = {Cell},\n  year = {2012}\n}\n"
    )
    library = pubkit.loads(text, "bibtex", name="t.bib")
    assert [w.key for w in library.works] == ["roditakis2017reviewers", "huang2012alzheimer"]
    assert [(d.code, d.line) for d in library.diagnostics] == [
        ("missing-key", 1),
        ("missing-key", 7),
    ]
    assert library.works[1].authors[1].family == "Mucke"


@pytest.mark.parametrize(
    ("title", "subtitle", "joined"),
    [
        ("On the Value of Aiming High", "The Causes of Ambition",
         "On the Value of Aiming High: The Causes of Ambition"),
        ("Why Aim High?", "A Study", "Why Aim High? A Study"),
    ],
)  # fmt: skip
def test_a_biblatex_subtitle_joins_the_title_and_both_come_back(title, subtitle, joined):
    source = f"@article{{k, title = {{{title}}}, subtitle = {{{subtitle}}}, journaltitle = {{J}}}}"
    library = pubkit.loads(source, "bibtex")
    assert str(library.works[0].title) == joined
    assert json.loads(pubkit.dumps(library, "csl-json"))[0]["title"] == joined
    written = pubkit.dumps(library, "biblatex")
    assert f"title = {{{title}}}" in written and f"subtitle = {{{subtitle}}}" in written


STRAY_BRACE = b"""@article{k1,
  author = {Cruise, Tom},
  journal = {Journal of Technology},
  keywords = {price fixing, @type:Person}, @type:Person},
  title = {When sharing fixes prices},
}

@article{k2, title = {Read}, journal = {J}, year = 2001}
"""


def test_an_entry_bibtex_gets_stuck_in_keeps_the_fields_before(tmp_path: Path):
    """EBSCO's exports hold stray braces; bibtexparser gives up on the entry, BibTeX keeps it
    with the fields it read."""
    from bibtools import bibtex_cited_keys
    from conftest import require_tool

    library = pubkit.loads(STRAY_BRACE.decode(), "bibtex", name="t.bib")
    first, second = library.works
    assert (first.key, second.key) == ("k1", "k2")
    assert first.container_title == "Journal of Technology" and first.title is None
    (stuck,) = [d for d in library.diagnostics if d.code == "syntax-error"]
    assert not stuck.is_error and (stuck.line, stuck.key) == (4, "k1")
    assert "author, journal, keywords" in stuck.message
    require_tool("bibtex")
    assert sorted(bibtex_cited_keys(STRAY_BRACE, tmp_path)) == ["k1", "k2"]


def test_an_article_without_a_journal_takes_its_booktitle_as_its_venue():
    """Semantic Scholar exports conference papers as @Article with a booktitle."""
    work = _one(
        "@Article{v, author = {Ashish Vaswani}, booktitle = {Neural Information Processing "
        "Systems}, title = {Attention is All you Need}, year = {2017}}"
    )
    assert work.container_title == "Neural Information Processing Systems"
    journal = _one("@article{j, title = {T}, journal = {J}, booktitle = {B}}")
    assert journal.container_title == "J" and journal.native["bibtex"].get("booktitle") == "B"


def test_fjournal_is_the_journal_and_journal_beside_it_the_abbreviation():
    """The AMS's and MathSciNet's exports (and many TeX Live files) give the full name in
    fjournal; BibTeX prints journal, so a classic .bib keeps both as they came."""
    source = (
        "@article{k, title = {T}, journal = {Adv. Math.}, fjournal = {Advances in Mathematics}}"
    )
    library = pubkit.loads(source, "bibtex")
    work = library.works[0]
    assert work.container_title == "Advances in Mathematics"
    assert work.container_short == "Adv. Math."
    classic = pubkit.dumps(library, "bibtex")
    assert "journal = {Adv. Math.}" in classic
    assert "fjournal = {Advances in Mathematics}" in classic
    biblatex = pubkit.dumps(library, "biblatex")
    assert "journaltitle = {Advances in Mathematics}" in biblatex
    assert "shortjournal = {Adv. Math.}" in biblatex and "  journal =" not in biblatex


def test_an_edited_fjournal_journal_is_written_and_a_broken_string_is_no_entry():
    library = pubkit.loads(
        "@article{a, title={Main}, journal={Adv. Math.}, fjournal={Advances in Mathematics}}",
        "bibtex",
    )
    edited = attrs.evolve(library.works[0], container_title="Advances in Applied Mathematics")
    written = pubkit.dumps([edited], "bibtex")
    assert "journal = {Advances in Applied Mathematics}" in written and "fjournal" not in written
    broken = pubkit.loads("@string{abc, x = {y}}, @z}\n@article{k, title={T}}\n", "bibtex")
    assert [w.key for w in broken.works] == ["k"]
