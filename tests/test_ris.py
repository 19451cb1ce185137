"""RIS: the writer's goldens and options, the reader on exporters' files, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
import rispy

import pubkit
from pubkit.formats.ris.converters import ris_name
from pubkit.formats.ris.mapping import MAPPING
from pubkit.markup.plain import readable
from pubkit.model import Work, WorkType
from pubkit.names import parse_inverted_name as ris_person

from conftest import FIXTURES, SEED

RIS = FIXTURES / "ris"
LISTINGS = [SEED, *sorted((FIXTURES / "listing" / "valid").glob("*.txt"))]
READ_FIXTURES = sorted((RIS / "valid").glob("*.ris"))
GOLDEN_INPUTS = [SEED, FIXTURES / "listing" / "valid" / "special-characters.txt"]


@pytest.mark.parametrize("path", GOLDEN_INPUTS, ids=lambda p: p.stem)
def test_writer_golden(path: Path, golden):
    text = pubkit.dumps(pubkit.load(path), "ris", line_ending="lf")
    golden(text, RIS / "written" / f"{path.stem}.ris")


def test_crlf_by_default_lf_and_bom_on_request():
    library = pubkit.load(SEED)
    crlf = pubkit.dumps(library, "ris")
    assert crlf.startswith("TY  - UNPD\r\n") and "\n" not in crlf.replace("\r\n", "")
    lf = pubkit.dumps(library, "ris", line_ending="lf")
    assert "\r" not in lf and lf == crlf.replace("\r\n", "\n")
    assert pubkit.dumps(library, "ris", bom=True).startswith("\ufeffTY  - ")
    with pytest.raises(ValueError, match="line_ending"):
        pubkit.dumps(library, "ris", line_ending="cr")


def test_records_have_no_numbered_header_and_end_with_er():
    text = pubkit.dumps(pubkit.load(SEED), "ris", line_ending="lf")
    records = text.rstrip("\n").split("\n\n")
    assert len(records) == 31
    assert all(r.startswith("TY  - UNPD\nID  - ") and r.endswith("ER  - ") for r in records)


def _plain(work: pubkit.Work) -> pubkit.Work:
    """A work as RIS carries it (its table's ``carried``): plain text, one particle, no profile
    or other formats' data."""
    return MAPPING.carried(work)


@pytest.mark.parametrize(
    "path", [*LISTINGS, FIXTURES / "csljson" / "valid" / "zotero-export.json"], ids=lambda p: p.stem
)
def test_round_trip_keeps_what_ris_carries(path: Path):
    library = pubkit.load(path)
    again = pubkit.loads(pubkit.dumps(library, "ris"), "ris")
    assert again.diagnostics == ()
    assert [_plain(w) for w in again] == [_plain(w) for w in library]


def test_what_ris_has_no_tag_for_travels_in_m2_lines_zotero_keeps_in_extra():
    work = pubkit.Work(
        key="k",
        title="A Title",  # nothing for the reader's case protection to mark
        authors=(pubkit.Person(given="A", family="B"),),
        authors_truncated=True,
        categories=("cs.CL",),
        keywords=("transformers",),
        has_code=True,
        code_url="https://github.com/o/r",
        links=("https://o.github.io/r/",),
        affiliations=(pubkit.Affiliation("pku", "Peking University"), pubkit.Affiliation("zz")),
        arxiv_id="2203.02889",
    )
    text = pubkit.dumps([work], "ris", line_ending="lf")
    assert "TY  - UNPD\n" in text and "M2  - Type: preprint\n" in text
    assert "M2  - Citation Key: k\n" in text
    assert "KW  - cs.CL\nKW  - transformers\n" in text
    assert "UR  - " not in text  # the code is not the work's URL
    assert "DO  - 10.48550/arXiv.2203.02889\n" in text
    assert "M2  - arXiv:2203.02889 [cs.CL]\n" in text
    assert "M2  - Authors: the source lists more authors than these (et al.)\n" in text
    assert "M2  - Code: https://github.com/o/r\n" in text
    assert "M2  - Links: https://o.github.io/r/\n" in text
    assert "M2  - Affiliations: Peking University (pku); zz\n" in text
    assert "AU  - et al" not in text and "others" not in text
    (again,) = pubkit.loads(text, "ris").works
    assert again == work


def test_names():
    assert ris_name(pubkit.Person(given="Bart", particle="van", family="Merriënboer")) == (
        "van Merriënboer, Bart"
    )
    king = pubkit.Person(given="Martin Luther", family="King", suffix="Jr.")
    assert ris_name(king) == "King, Martin Luther, Jr."
    assert ris_person("King, Martin Luther, Jr.") == king
    assert ris_name(pubkit.Person(literal="World Bank")) == "World\u00a0Bank,"
    assert ris_person("World Bank,") == pubkit.Person(literal="World Bank")
    assert ris_person("van der Berg, Jan") == pubkit.Person(
        given="Jan", particle="van der", family="Berg"
    )
    assert ris_person("DeepSeek-AI") == pubkit.Person(literal="DeepSeek-AI")


def test_unmatched_braces_become_look_alikes_for_jabref():
    work = pubkit.Work(key="k", title="T", abstract="a stray } brace and {a pair} and {")
    text = pubkit.dumps([work], "ris", line_ending="lf")
    assert "AB  - a stray \uff5d brace and {a pair} and \uff5b\n" in text


# --- reading exporters' files ----------------------------------------------------------------


@pytest.mark.parametrize("path", READ_FIXTURES, ids=lambda p: p.stem)
def test_reader_golden(path: Path, golden):
    library = pubkit.load(path)
    assert library.errors == ()
    golden(pubkit.dumps(library, "json"), path.with_suffix(".expected.json"))


@pytest.mark.parametrize("path", READ_FIXTURES, ids=lambda p: p.stem)
def test_exporters_files_round_trip_through_pubkit(path: Path):
    library = pubkit.load(path)
    again = pubkit.loads(pubkit.dumps(library, "ris"), "ris")
    assert [_plain(w) for w in again] == [_plain(w) for w in library]


def test_legacy_tags_wrapped_lines_headers_and_seasons():
    library = pubkit.load(RIS / "valid" / "legacy.ris")
    deep, seasonal = library.works
    assert [str(p) for p in deep.authors] == ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"]
    assert deep.title == "Deep learning" and deep.container_title == "Nature"
    assert deep.issued == pubkit.Date(2015, 5, 28)
    assert str(deep.abstract).endswith("with multiple levels of abstraction.")
    assert deep.url == "https://doi.org/10.1038/nature14539"
    assert deep.links == ("https://www.nature.com/articles/nature14539",)
    assert deep.keywords == ("Deep learning", "Neural networks")
    assert seasonal.issued == pubkit.Date(2021, 3)
    assert seasonal.native["ris"].get("Y1") == ["2021///Spring"]


def test_endnote_dates_and_corporate_authors():
    deep = pubkit.load(RIS / "valid" / "endnote.ris").works[0]
    assert deep.issued == pubkit.Date(2015, 5, 28)  # PY 2015 + DA "May 28"
    assert deep.authors[-1] == pubkit.Person(literal="World Health Organization")
    assert deep.key == "42"


def test_zotero_preprint_archive_id():
    attention = pubkit.load(RIS / "valid" / "zotero.ris").works[1]
    assert attention.arxiv_id == "1706.03762"
    assert attention.doi is None  # the arXiv DOI is derived again on writing
    assert attention.native["ris"].get("AN") is None  # the AN line was read


def _expected(path: Path) -> list[str]:
    lines = path.with_suffix(".errors").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_broken_records_are_reported_by_line_and_the_rest_read():
    path = RIS / "invalid" / "broken.ris"
    library = pubkit.load(path)
    described = [f"{d.line} {d.severity.value}[{d.code}]" for d in library.diagnostics]
    assert described == _expected(path)
    titles = [str(w.title) for w in library]
    assert titles == ["Good one", "No end", "Impossible day", "Bad year", "Odd type and tags"]
    assert library.works[4].native["ris"].get("ZZ") == ["unknown tag"]
    written = pubkit.dumps(library, "ris", line_ending="lf")
    assert "DA  - 2021/06/31/\n" in written and "PY  - 20x1\n" in written
    records = 7
    assert len(library.works) + len(library.errors) == records


def test_unknown_tags_survive_a_round_trip():
    library = pubkit.load(RIS / "valid" / "zotero.ris")
    text = pubkit.dumps(library, "ris", line_ending="lf")
    assert "SN  - 1476-4687\n" in text and "LA  - en\n" in text and "J2  - Nature\n" in text


def test_not_ris_is_one_error():
    library = pubkit.loads("hello\nworld\n", "ris", name="x.ris")
    assert [str(d) for d in library.diagnostics] == [
        "x.ris:1: error[no-records]: no RIS records found (a record starts with 'TY  - ')"
    ]


def test_rispy_reads_pubkit_ris_back():
    library = pubkit.load(SEED)
    records = rispy.loads(pubkit.dumps(library, "ris"))
    assert len(records) == 31
    for record, work in zip(records, library.works, strict=True):
        assert record["type_of_reference"] == "UNPD"
        assert record["title"] == readable(work.title)
        assert record["authors"] == [
            f"{p.family}, {p.given}" if not p.literal else p.literal + "," for p in work.authors
        ]
        assert record["year"] == str(work.issued.year)
        assert (
            record["date"] == f"{work.issued.year}/{work.issued.month:02d}/{work.issued.day:02d}/"
        )


def test_a_title_from_ris_gets_case_protection():
    text = "TY  - JOUR\nTI  - BERT in NLP: Then Parse! Enhancing iPhone Apps\nER  - \n"
    (work,) = pubkit.loads(text, "ris").works
    protected = [c.text for c in work.title.chunks if pubkit.Mark.NOCASE in c.marks]
    assert protected == ["BERT", "NLP", "Enhancing", "iPhone"]
    assert "title = {{BERT} in {NLP}: Then Parse! {Enhancing} {iPhone} Apps}" in pubkit.dumps(
        [work], "bibtex"
    )


def test_a_note_zotero_exported_as_html_is_read_as_its_text():
    text = (
        "TY  - JOUR\nTI  - A Title\nN1  - <div><p>Read for the seminar &amp; more.</p>"
        "<p>Second</p></div>\nN1  - x < y, and <b>not</b> a tag soup\nER  - \n"
    )
    (work,) = pubkit.loads(text, "ris").works
    assert (
        str(work.note) == "Read for the seminar & more.\nSecond\nx < y, and <b>not</b> a tag soup"
    )


def test_what_a_bib_source_said_that_ris_cannot_hold_is_reported():
    bib = (
        "@inproceedings{a, title={T}, booktitle={Proc}, publisher={ACM Press},"
        " organization={SIGPLAN}, year=2020, doi={10.1145/1}}\n"
    )
    written = pubkit.write(pubkit.loads(bib, "bibtex"), "ris")
    (problem,) = written.diagnostics
    assert problem.code == "not-carried" and "organization" in problem.message
    assert pubkit.write(pubkit.loads(bib, "bibtex"), "csl-json").diagnostics == ()  # it carries


def test_a_conference_paper_names_its_proceedings_in_t2_and_c3_and_reads_back_the_same():
    """Zotero's RIS import takes T2 of a CONF record for the conference's name and C3 for the
    proceedings' title; readers that know only T2 still find the proceedings."""
    work = Work(
        type=WorkType.PAPER_CONFERENCE, key="p", title="A Paper",
        container_title="Proceedings of the 2020 Conference on EMNLP", doi="10.18653/v1/x",
    )  # fmt: skip
    text = pubkit.dumps([work], "ris")
    assert "T2  - Proceedings of the 2020 Conference on EMNLP\r\n" in text
    assert "C3  - Proceedings of the 2020 Conference on EMNLP\r\n" in text
    again = pubkit.loads(text, "ris").works[0]
    assert again.container_title == work.container_title and not again.native
    journal = pubkit.dumps([attrs.evolve(work, type=WorkType.ARTICLE_JOURNAL)], "ris")
    assert "C3  -" not in journal


def _read_one(text: str) -> tuple[Work, list[str]]:
    library = pubkit.loads(text, "ris")
    assert library.errors == ()
    return library.works[0], [f"{d.line}: {d.code}: {d.message}" for d in library.diagnostics]


def test_a1_and_au_lines_keep_the_authors_in_file_order():
    """RIS 1's A1 is AU: Zotero's test case from a Mendeley export mixes them."""
    work, _ = _read_one(
        "TY  - JOUR\nA1  - Georgiev, Danko\nAU  - Bello, Leon\nAU  - Carmi, Avishy\n"
        "A1  - Dorn, Eva\nTI  - T\nER  - \n"
    )
    assert [p.family for p in work.authors] == ["Georgiev", "Bello", "Carmi", "Dorn"]
    assert "A1" not in pubkit.dumps([work], "ris")


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Smith, John and Doe, Jane", ["John Smith", "Jane Doe"]),
        ("Smith, J. and Doe, K.", ["J. Smith", "K. Doe"]),
        ("Research and Development Office, Ministry of Health",
         ["Ministry of Health Research and Development Office"]),
        ("Procter and Gamble", ["Procter and Gamble"]),
        ("Johnson & Johnson", ["Johnson & Johnson"]),
        ("U.S. Department of Health and Human Services",
         ["U.S. Department of Health and Human Services"]),
    ],
)  # fmt: skip
def test_and_splits_a_line_only_between_inverted_names(line, names):
    work, _ = _read_one(f"TY  - RPRT\nTI  - T\nAU  - {line}\nER  - \n")
    assert [str(p) for p in work.authors] == names
    assert all(p.particle is None for p in work.authors)  # `and` is no particle


@pytest.mark.parametrize(
    ("tags", "issued", "reported"),
    [
        # Zotero's test case: "The Y1 date tag is deprecated. Its value should not be used
        # when DA is present, even if Y1 comes first."
        ("Y1  - 1900/01/01\nDA  - 1950/01/01", pubkit.Date(1950, 1, 1), ["Y1"]),
        ("PY  - 2014\nDA  - 2013/12/30", pubkit.Date(2013, 12, 30), ["PY"]),
        ("PY  - 2014\nY1  - 2014/06/01", pubkit.Date(2014, 6, 1), []),
        ("PY  - 2015\nDA  - May 28", pubkit.Date(2015, 5, 28), []),  # EndNote
        ("PY  - 2014\nDA  - 2014/06/01/", pubkit.Date(2014, 6, 1), []),  # pubkit's own
    ],
)
def test_the_date_is_da_then_y1_then_py_and_another_year_is_kept_and_reported(
    tags, issued, reported
):
    work, messages = _read_one(f"TY  - JOUR\nTI  - T\n{tags}\nER  - \n")
    assert work.issued == issued
    dates = [m for m in messages if "unusual-date" in m]
    assert len(dates) == len(reported)
    for tag, message in zip(reported, dates, strict=True):
        assert f"{tag} '" in message and "names another year" in message
        # Written back as it came, beside the date that was read.
        original = next(line for line in tags.split("\n") if line.startswith(tag))
        assert original + "\r\n" in pubkit.dumps([work], "ris")


# --- tags whose meaning depends on the type (EndNote's templates, Zotero's RIS import) ------

ZOTERO_BOOK = """TY  - BOOK
TI  - Deep Learning Foundations
AU  - Author, Ann
A2  - Serieseditor, Sam
A3  - Editor, Eve
T2  - Lecture Notes in Computer Science
M1  - 42
SN  - 978-3-16-148410-0
PY  - 2020
ER  -
"""


def test_a_zotero_books_series_editors_and_series_number():
    book, messages = _read_one(ZOTERO_BOOK)
    assert book.series == "Lecture Notes in Computer Science" and book.container_title is None
    assert [str(p) for p in book.editors] == ["Eve Editor"]
    assert book.series_number == "42" and book.isbn == "978-3-16-148410-0"
    assert not [m for m in messages if "warning" in m and "no-locator" not in m]
    # The series editor has no model field: kept, and written back as it came.
    written = pubkit.dumps([book], "ris", line_ending="lf")
    for line in ("A2  - Serieseditor, Sam", "A3  - Editor, Eve", "T3  - Lecture Notes in "
                 "Computer Science", "M1  - 42"):  # fmt: skip
        assert line + "\n" in written
    assert pubkit.loads(written, "ris").works[0] == book


def test_an_edited_book_is_written_as_zotero_reads_it_and_a_chapters_editors_stay_a2():
    book = Work(type=WorkType.BOOK, key="b", title="B", editors=(ris_person("Doe, Jane"),),
                series="Series", series_number="7", container_title="A Container")  # fmt: skip
    library = pubkit.Library([book])
    text = pubkit.dumps(library, "ris", line_ending="lf")
    assert "A3  - Doe, Jane\n" in text and "A2  -" not in text
    assert "T3  - Series\n" in text and "M1  - 7\n" in text and "T2  -" not in text
    assert "A Container" not in text  # a book's T2 is its series: reported
    written = pubkit.write(library, "ris")
    assert [d.code for d in written.diagnostics if d.code == "dropped-field"] == ["dropped-field"]
    chapter = attrs.evolve(book, type=WorkType.CHAPTER)
    text = pubkit.dumps([chapter], "ris", line_ending="lf")
    assert "A2  - Doe, Jane\n" in text and "T3  - Series\n" in text
    assert "T2  - A Container\n" in text and "M1  -" not in text


def test_a_conference_paper_with_its_conference_in_t2_and_proceedings_in_c3():
    paper, _ = _read_one(
        "TY  - CONF\nTI  - P\nT2  - EMNLP 2020\nC3  - Proceedings of EMNLP\nC1  - Online\n"
        "A3  - Serieseditor, Sam\nER  - \n"
    )
    assert paper.event_title == "EMNLP 2020"
    assert paper.container_title == "Proceedings of EMNLP" and paper.place == "Online"
    assert paper.editors == ()  # A3 is a series editor


@pytest.mark.parametrize(
    ("record_type", "sn", "number", "isbn"),
    [
        ("RPRT", "TR-2021-04", "TR-2021-04", None),
        ("RPRT", "978-3-16-148410-0", None, "978-3-16-148410-0"),
        ("PAT", "4,904,581", "4,904,581", None),
    ],
)
def test_a_reports_or_patents_sn_is_its_number_when_no_isbn(record_type, sn, number, isbn):
    work, messages = _read_one(f"TY  - {record_type}\nTI  - T\nSN  - {sn}\nER  - \n")
    assert (work.number, work.isbn) == (number, isbn)
    assert not [m for m in messages if "invalid-isbn" in m]


def test_a_patents_a2_is_no_editor():
    patent, _ = _read_one("TY  - PAT\nTI  - T\nAU  - Burger, D.R.\nA2  - Epitope, I.\nER  - \n")
    assert patent.editors == () and patent.native["ris"].get("A2") == ["Epitope, I."]


def test_a_taylor_and_francis_article_m3_doi_y2_jo_and_endnote_m1():
    article, _ = _read_one(
        "TY  - JOUR\nTI  - T\nT2  - Augmentative and Alternative Communication\n"
        "JO  - Augment Altern Commun\nM1  - 2\nM3  - doi: 10.3109/07434618.2014.906498\n"
        "Y2  - 2014/12/17\nER  - \n"
    )
    assert article.doi == "10.3109/07434618.2014.906498" and article.genre is None
    assert article.container_short == "Augment Altern Commun"
    assert article.issue == "2"  # EndNote's M1, where IS says nothing
    assert article.accessed == pubkit.Date(2014, 12, 17)
    csl = pubkit.dumps([article], "csl-json")
    assert '"accessed"' in csl and '"container-title-short": "Augment Altern Commun"' in csl
    assert "Y2  - 2014/12/17/\r\n" in pubkit.dumps([article], "ris")


def test_an_edited_book_is_a_book_and_keeps_its_ris_type():
    book, _ = _read_one("TY  - EDBOOK\nTI  - Edited\nA3  - Doe, Jane\nER  - \n")
    assert book.type is WorkType.BOOK and [str(p) for p in book.editors] == ["Jane Doe"]
    assert pubkit.dumps([book], "ris").startswith("TY  - EDBOOK\r\n")


def test_cochranes_c3_is_no_journal_and_ovids_m1_references_are_no_issue():
    cochrane, _ = _read_one("TY  - JOUR\nTI  - T\nJA  - Trials\nC3  - PUBMED 21314913\nER  - \n")
    assert cochrane.container_title == "Trials" and cochrane.container_short is None
    assert cochrane.native["ris"].get("C3") == ["PUBMED 21314913"]  # kept as it came
    ovid, _ = _read_one(
        "TY  - JOUR\nTI  - T\nJF  - J\nM1  - Achenbach, T., and Rescorla, L. (2000). Manual.\n"
        "ER  - \n"
    )
    assert ovid.issue is None and ovid.native["ris"].get("M1")
    endnote, _ = _read_one("TY  - JOUR\nTI  - T\nJF  - J\nM1  - Suppl 2\nER  - \n")
    assert endnote.issue == "Suppl 2"


def test_endnotes_keywords_and_issns_one_a_line_and_lists_of_issns():
    endnote, _ = _read_one(
        "TY  - JOUR\nTI  - T\nKW  - article\ndinosaur\ntibia\nSN  - 1932-8494\n1932-8486\nER  - \n"
    )
    assert endnote.keywords == ("article", "dinosaur", "tibia")
    assert endnote.issn == "1932-8494"
    for sn in ("1932-8494; 1932-8486", "0278-6133(Print),1930-7810(Electronic)"):
        work, _ = _read_one(f"TY  - JOUR\nTI  - T\nSN  - {sn}\nER  - \n")
        assert work.issn == sn[:9]
        assert f"SN  - {sn}\r\n" in pubkit.dumps([work], "ris")  # both written back


def test_an_sn_line_that_is_no_isbn_or_issn_leaves_the_valid_ones_read():
    work, messages = _read_one("TY  - JOUR\nTI  - T\nSN  - 1432-086X\nSN  - 74155101\nER  - \n")
    assert work.issn == "1432-086X"
    assert any("'74155101' is neither an ISBN nor an ISSN" in m for m in messages)
    assert "SN  - 74155101\r\n" in pubkit.dumps([work], "ris")


@pytest.mark.parametrize(
    ("written", "family", "given"),
    [
        ("Smith JA", "Smith", "J. A."),  # MEDLINE's style, in PubMed-based exports
        ("Brownstein C D", "Brownstein", "C. D."),
        ("Pereda-Suberbiola X", "Pereda-Suberbiola", "X."),
        ("McDonald JK", "McDonald", "J. K."),
        ("Jane Doe", "Doe", "Jane"),  # as people write it
        ("John SMITH", "SMITH", "John"),
    ],
)
def test_a_family_name_then_initials_is_read_so(written, family, given):
    person = ris_person(written)
    assert (person.family, person.given) == (family, given)


def test_an_organization_ending_in_capitals_stays_whole():
    assert ris_person("Team ABC") == pubkit.Person(literal="Team ABC")


def test_longer_tags_are_skipped_and_reported_and_glued_tags_read():
    """PsycINFO's `DESCRIPTORS  - ` after `TY` made the type `CHAP DESCRIPTORS - ...`; Rayyan's
    `DO  - 10.1038/x     LK  - https://...` made the DOI invalid."""
    chapter, messages = _read_one(
        "TY  - CHAP\nDESCRIPTORS  - *Memory; Recall\nT1  - H\nT2  - Attention 15\nSP  - 3\n"
        "EP  - 33\nPMID  - 33355555\nAB  - Wrapped\nRESULTS - stay in the abstract\nER  - \n"
    )
    assert chapter.type is WorkType.CHAPTER and chapter.container_title == "Attention 15"
    assert str(chapter.abstract) == "Wrapped RESULTS - stay in the abstract"
    skipped = [m for m in messages if "unknown-tag" in m]
    assert [m.split(":")[0] for m in skipped] == ["2", "7"]
    rayyan, _ = _read_one(
        "TY  - JOUR\nTI  - T\nDO  - 10.1038/s41467-024-48400-3     LK  - https://x.org/1\nER  - \n"
    )
    assert rayyan.doi == "10.1038/s41467-024-48400-3"
    assert rayyan.native["ris"].get("LK") == ["https://x.org/1"]


def test_endnotes_translators_editors_book_titles_and_page_counts():
    book, _ = _read_one(
        "TY  - BOOK\nAU  - Eco, Umberto\nA3  - Weaver, William\nA4  - Weaver, William\n"
        "T1  - The Name of the Rose\nSP  - 536\nER  - \n"
    )
    assert [str(p) for p in book.translators] == ["William Weaver"]
    assert book.page_count == "536" and book.pages is None
    written = pubkit.dumps([book], "ris", line_ending="lf")
    assert "A4  - Weaver, William\n" in written and "SP  - 536\n" in written
    assert json.loads(pubkit.dumps([book], "csl-json"))[0]["number-of-pages"] == "536"
    chapter, _ = _read_one(
        "TY  - CHAP\nAU  - Writer, W.\nED  - Editor, E.\nBT  - The Book Title\nTI  - A Chapter\n"
        "SP  - 10\nEP  - 20\nER  - \n"
    )
    assert [str(p) for p in chapter.editors] == ["E. Editor"]
    assert chapter.container_title == "The Book Title" and chapter.pages == "10–20"
    one_page, _ = _read_one("TY  - JOUR\nTI  - T\nSP  - 536\nER  - \n")
    assert one_page.pages == "536" and one_page.page_count is None


@pytest.mark.parametrize(
    "record",
    [
        "TY  - RPRT\nTI  - T\nSN  - TR-2021-04\nER  - ",  # a report's number
        "TY  - CONF\nTI  - T\nT2  - Conf X\nC3  - Proceedings of Conf X\nER  - ",  # its conference
        "TY  - CHAP\nTI  - T\nSV  - 12\nER  - ",  # a chapter's series number
    ],
)
def test_what_a_typed_tag_reads_comes_back_in_ris(record):
    work, _ = _read_one(record + "\n")
    written = pubkit.dumps([work], "ris", line_ending="lf")
    for line in record.split("\n")[1:-1]:
        assert line + "\n" in written


def test_a_longer_tags_wrapped_lines_are_skipped_too_and_an_indented_keyword_is_wrapped():
    work, _ = _read_one(
        "TY  - JOUR\nTI  - T\nKW  - alpha\nDESCRIPTORS  - Humans; Adult;\n   Female; Male\n"
        "KW  - Randomized Controlled Trials as\n      Topic\nER  - \n"
    )
    assert work.keywords == ("alpha", "Randomized Controlled Trials as Topic")


@pytest.mark.parametrize(
    ("written", "family", "given", "suffix"),
    [
        ("Henry Ford II", "Ford", "Henry", "II"),  # a generation, not initials
        ("Smith J. A.", "Smith", "J. A.", None),
        ("Smith J.A.", "Smith", "J. A.", None),
        ("John DOE", "DOE", "John", None),  # a family name in capitals
    ],
)
def test_names_that_are_not_medlines(written, family, given, suffix):
    person = ris_person(written)
    assert (person.family, person.given, person.suffix) == (family, given, suffix)
