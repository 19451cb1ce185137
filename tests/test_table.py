"""The mapping engine's promises, through the real tables: nothing a source said is lost when it
is written back, and what the model changed is what gets written."""

from __future__ import annotations

import json

import attrs
import pytest

import pubkit
from pubkit import Doi, Issn


def _bib(text: str) -> pubkit.Library:
    library = pubkit.loads(text, "bibtex")
    assert library.errors == ()
    return library


def _fields(text: str) -> dict[str, str]:
    """``name = {value}`` lines of one written entry."""
    found = {}
    for line in text.splitlines():
        if " = " in line and line.startswith("  "):
            name, _, value = line.strip().rstrip(",").partition(" = ")
            found[name] = value
    return found


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_two_spellings_of_one_field_both_come_back(dialect):
    # (A conference paper's location beside an address is the ACM's venue: see
    # test_bibtex_reader.py.)
    library = _bib("@book{k, title={T}, location={L}, address={A}}")
    assert library.works[0].place == "L"
    first = pubkit.dumps(library, dialect)
    assert {"location": "{L}", "address": "{A}"}.items() <= _fields(first).items()
    assert pubkit.dumps(pubkit.loads(first, "bibtex"), dialect) == first


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_every_publisher_of_a_report_comes_back(dialect):
    library = _bib("@techreport{k, title={T}, institution={MIT}, publisher={MIT Press}}")
    assert library.works[0].publisher == "MIT"  # what a report's writer writes: institution
    fields = _fields(pubkit.dumps(library, dialect))
    assert fields["institution"] == "{MIT}" and fields["publisher"] == "{MIT Press}"


def test_a_note_of_ones_own_keeps_its_text_beside_what_pubkit_carries_there():
    library = _bib(
        "@article{k, title={T}, journaltitle={J}, date={2020},"
        " note={Some remark. Code: \\url{https://github.com/x/y}}}"
    )
    assert library.works[0].code_url == "https://github.com/x/y"
    assert str(library.works[0].note) == "Some remark."
    fields = _fields(pubkit.dumps(library, "biblatex", code_in_note=True))
    assert fields["note"] == "{Some remark. Code: \\url{https://github.com/x/y}}"
    fields = _fields(pubkit.dumps(library, "biblatex"))  # by default where styles do not print
    assert fields["note"] == "{Some remark.}"
    assert fields["annote"] == "{Code: \\url{https://github.com/x/y}}"


def test_sentences_ending_in_their_own_stop_are_not_doubled():
    work = pubkit.Work(key="k", title="T", note="Accepted. In press.", code_url="https://x.org/r")
    note = _fields(pubkit.dumps([work], "bibtex", code_in_note=True))["note"]
    assert note == "{Accepted. In press. Code link: \\url{https://x.org/r}}"


def test_a_note_that_happens_to_start_like_a_label_stays_a_note():
    (work,) = _bib("@unpublished{k, title={T}, note={In: preparation for the workshop}}").works
    assert work.container_title is None and work.note == "In: preparation for the workshop"


def test_a_value_the_model_could_not_read_yields_to_a_correction():
    (work,) = _bib("@misc{k, title={T}, doi={not a doi}}").works
    assert work.doi is None
    assert "doi = {not a doi}" in pubkit.dumps([work], "bibtex")  # unchanged: as it came
    fixed = attrs.evolve(work, doi=Doi("10.1000/ok"))
    written = pubkit.dumps([fixed], "bibtex")
    assert "doi = {10.1000/ok}" in written and "not a doi" not in written


def test_a_kept_field_stands_for_every_model_field_its_rule_read():
    text = "TY  - JOUR\nTI  - T\nSN  - 0028-0836\nSN  - 1476-4687\nER  - \n"
    (work,) = pubkit.loads(text, "ris").works
    assert work.issn == "0028-0836"
    assert "SN  - 1476-4687" in pubkit.dumps([work], "ris", line_ending="lf")
    changed = pubkit.dumps([attrs.evolve(work, issn=Issn("2049-3630"))], "ris", line_ending="lf")
    assert "SN  - 2049-3630" in changed and "1476-4687" not in changed


def test_an_explicit_url_survives_csl_json_even_when_it_is_the_arxiv_url():
    library = pubkit.load("fixtures/bibtex/valid/arxiv.bib")
    again = pubkit.loads(pubkit.dumps(library, "csl-json"), "csl-json")
    assert again.works[0].url == library.works[0].url == "https://arxiv.org/abs/2203.02889"


def test_what_csl_json_derives_for_a_preprint_is_not_read_back_as_data():
    work = pubkit.Work(key="k", title="T", arxiv_id="1706.03762")
    (item,) = json.loads(pubkit.dumps([work], "csl-json"))
    assert item["URL"] == "https://arxiv.org/abs/1706.03762" and item["publisher"] == "arXiv"
    assert item["custom"]["pubkit"]["derived"] == ["DOI", "URL", "publisher"]
    assert pubkit.loads(pubkit.dumps([work], "csl-json"), "csl-json").works == (work,)


@pytest.mark.parametrize("fmt", ["bibtex", "csl-json", "ris"])
def test_a_journal_article_with_an_arxiv_id_does_not_get_the_preprints_doi(fmt):
    work = pubkit.Work(
        type=pubkit.WorkType.ARTICLE_JOURNAL, key="k", title="T", container_title="J",
        arxiv_id="2203.02889",
    )  # fmt: skip
    assert "10.48550" not in pubkit.dumps([work], fmt)
    assert pubkit.loads(pubkit.dumps([work], fmt), fmt).works[0].arxiv_id == "2203.02889"


def test_both_eprint_classes_are_categories_and_a_second_pass_changes_nothing():
    library = _bib(
        "@misc{k, title={T}, eprint={2203.02889}, primaryclass={cs.CL}, eprintclass={cs.LG}}"
    )
    assert library.works[0].categories == ("cs.CL", "cs.LG")
    first = pubkit.dumps(library, "biblatex")
    assert pubkit.dumps(pubkit.loads(first, "bibtex"), "biblatex") == first


def test_a_native_ris_value_that_is_one_string_is_one_line():
    native = pubkit.Native(fields=(pubkit.NativeField("N1", "abc"),))
    work = pubkit.Work(key="k", title="T", native={"ris": native})
    assert pubkit.dumps([work], "ris", line_ending="lf").count("N1  - ") == 1


def test_biblatex_does_not_get_bibtex_month_text_beside_its_date():
    library = _bib("@book{k, title={T}, year=1984, month={April-May}}")
    assert "month = {April-May}" in pubkit.dumps(library, "bibtex")
    biblatex = pubkit.dumps(library, "biblatex")
    assert "date = {1984-04}" in biblatex and "month" not in biblatex
