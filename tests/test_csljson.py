"""CSL-JSON: the writer's goldens and schema, the reader on other tools' output, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import pubkit
from pubkit.formats.csljson.schema import schema

from conftest import FIXTURES, SEED

CSL = FIXTURES / "csljson"
LISTINGS = [SEED, *sorted((FIXTURES / "listing" / "valid").glob("*.txt"))]
READ_FIXTURES = sorted(p for p in (CSL / "valid").glob("*.json") if ".expected" not in p.suffixes)
GOLDEN_INPUTS = [SEED, FIXTURES / "listing" / "valid" / "special-characters.txt"]


def _validate(text: str) -> list[dict]:
    items = json.loads(text)
    jsonschema.validate(items, schema())
    return items


@pytest.mark.parametrize("path", GOLDEN_INPUTS, ids=lambda p: p.stem)
def test_writer_golden(path: Path, golden):
    golden(pubkit.dumps(pubkit.load(path), "csl-json"), CSL / "written" / f"{path.stem}.json")


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
def test_every_item_validates_against_the_official_schema(path: Path):
    items = _validate(pubkit.dumps(pubkit.load(path), "csl-json"))
    assert all(item["id"] == item["citation-key"] for item in items)


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
def test_round_trip_keeps_everything(path: Path):
    library = pubkit.load(path)
    again = pubkit.loads(pubkit.dumps(library, "csl-json"), "csl-json")
    assert again == library
    assert again.profile == library.profile
    assert again.diagnostics == ()


def test_titles_are_rich_text_abstracts_plain_text_never_latex():
    items = json.loads(pubkit.dumps(pubkit.load(SEED), "csl-json"))
    by_id = {item["id"]: item for item in items}
    assert by_id["deepseekai2025deepseekr1"]["title"].startswith(
        '<span class="nocase">DeepSeek-R1</span>: Incentivizing'
    )
    acmo = by_id["huang2020acmo"]["abstract"]  # Zotero would show tags as they are
    # The listing's \method stands for the name the title opens with, as the abstract says.
    assert "optimizer, Angle-Calibrated Moment method (ACMo). Our" in acmo and "<" not in acmo
    assert "results show that ACMo is able" in acmo
    adaptive = by_id["huang2020adaptive"]["abstract"]
    assert "an ε-approximate" in adaptive and "Õ(T^-1/2)" in adaptive
    # A macro nothing defines is kept as LaTeX, never printed as a word of its bare name.
    assert "revise AdaGrad to \\radagrad for" in adaptive
    for item in items:
        for variable in ("title", "abstract"):
            text = item.get(variable, "").replace("\\radagrad", "")
            assert "\\" not in text, (item["id"], variable)


def test_a_truncated_author_list_has_no_fake_person_and_says_so_in_the_note():
    items = json.loads(pubkit.dumps(pubkit.load(SEED), "csl-json"))
    first = items[0]
    assert [name.get("family") for name in first["author"]] == ["Xu", "Wang", "Qiu"]
    # Zotero keeps the note's lines in Extra; a name "et al." would become a person.
    assert "Authors: the source lists more authors than these (et al.)" in first["note"]
    names = json.dumps([item["author"] for item in items])
    assert "others" not in names and "et al" not in names


def test_arxiv_preprints_carry_repository_and_id():
    work = pubkit.Work(key="k", title="T", arxiv_id="1706.03762", categories=("cs.CL",))
    (item,) = json.loads(pubkit.dumps([work], "csl-json"))
    assert item["type"] == "article"
    assert item["publisher"] == "arXiv"
    assert item["number"] == "arXiv:1706.03762"
    assert item["DOI"] == "10.48550/arXiv.1706.03762"
    assert item["URL"] == "https://arxiv.org/abs/1706.03762"
    assert pubkit.loads(pubkit.dumps([work], "csl-json"), "csl-json").works == (work,)


# --- reading what other tools write ---------------------------------------------------------


@pytest.mark.parametrize("path", READ_FIXTURES, ids=lambda p: p.stem)
def test_reader_golden(path: Path, golden):
    library = pubkit.load(path)
    assert library.diagnostics == ()
    golden(pubkit.dumps(library, "json"), path.with_suffix(".expected.json"))


@pytest.mark.parametrize("path", READ_FIXTURES, ids=lambda p: p.stem)
def test_other_tools_csl_json_round_trips_through_pubkit(path: Path):
    library = pubkit.load(path)
    written = pubkit.dumps(library, "csl-json")
    _validate(written)
    assert pubkit.loads(written, "csl-json") == library


def test_unknown_variables_and_custom_keys_survive():
    library = pubkit.load(CSL / "valid" / "zotero-export.json")
    items = {item["id"]: item for item in json.loads(pubkit.dumps(library, "csl-json"))}
    nature = items["http://zotero.org/users/1234567/items/ABCD1234"]
    assert nature["ISSN"] == "1476-4687"
    assert nature["accessed"] == {"date-parts": [[2023, 1, 5]]}  # a known variable now
    assert items["42"]["custom"]["metadata-double-checked"] is True
    assert items["42"]["issued"] == {"literal": "Spring 2020"}
    assert items["beethoven-chapter"]["issued"] == {"date-parts": [[2000, 11], [2001, 2]]}


def test_names_dates_and_identifiers_from_zotero():
    library = pubkit.load(CSL / "valid" / "zotero-export.json")
    chapter = library["beethoven-chapter"]
    assert chapter.authors[0] == pubkit.Person(
        given="Ludwig", dropping_particle="van", family="Beethoven"
    )
    assert chapter.authors[1] == pubkit.Person(given="Vincent", particle="van", family="Gogh")
    assert chapter.issued == pubkit.Date(2000, 11)
    assert library["http://zotero.org/users/1234567/items/EFGH5678"].arxiv_id == "1706.03762"
    assert library["org-report"].issued == pubkit.Date(2021, 3)
    assert library["42"].issued == pubkit.Date(2020)


@pytest.mark.parametrize(
    "names",
    [
        [{"family": "A", "given": "B"}, {"literal": "others"}],
        [{"family": "A", "given": "B"}, {"family": "others"}],
        [{"family": "A", "given": "B"}, {"literal": "et al."}],
    ],
)
def test_others_from_pandoc_and_citation_js_means_truncated(names):
    text = json.dumps([{"id": "x", "type": "book", "title": "T", "author": names}])
    work = pubkit.loads(text, "csl-json").works[0]
    assert work.authors == (pubkit.Person(family="A", given="B"),)
    assert work.authors_truncated


# --- bad input ------------------------------------------------------------------------------


def test_good_items_are_still_read_beside_bad_ones():
    library = pubkit.load(CSL / "invalid" / "bad-items.json")
    assert list(library.keys) == [
        "ok",
        "bad-day",
        "bad-part",
        "bad-name",
        "bad-raw",
        "bad-title",
        "odd-type",
        "bad-doi",
    ]
    assert len(library.works) + len(library.errors) == 9
    # What could not be read is written back as it came.
    items = json.loads(pubkit.dumps(library, "csl-json"))
    assert items[1]["issued"] == {"date-parts": [[2021, 6, 31]]}


def test_message_format_names_file_and_path():
    library = pubkit.load(CSL / "invalid" / "bad-items.json")
    assert str(library.diagnostics[1]).endswith(
        "bad-items.json $[2].issued.date-parts: warning[invalid-date]: "
        "June 2021 has no day 31 (it has 30 days); kept as it was (entry 'bad-day')"
    )


def test_json_suffix_is_sniffed():
    assert pubkit.load(CSL / "valid" / "zotero-export.json").works[0].title == "Deep learning"
    seed_json = pubkit.dumps(pubkit.load(SEED), "json")
    assert pubkit.loads(seed_json, "json").profile is not None


def test_a_title_without_nocase_spans_gets_case_protection():
    item = {"id": "k", "type": "article-journal", "title": "Fine-tuning BERT for GPT-4 Prompts"}
    (work,) = pubkit.loads(json.dumps([item]), "csl-json").works
    protected = [c.text for c in work.title.chunks if pubkit.Mark.NOCASE in c.marks]
    assert protected == ["BERT", "GPT-4"]
    spans = {"id": "k", "type": "article-journal", "title": 'A <span class="nocase">Bert</span>'}
    (work,) = pubkit.loads(json.dumps([spans]), "csl-json").works
    assert [c.text for c in work.title.chunks if pubkit.Mark.NOCASE in c.marks] == ["Bert"]


def test_a_title_pubkit_would_protect_otherwise_still_comes_back_exactly():
    work = pubkit.Work(key="k", title=pubkit.Text.plain("Plain BERT"))
    (again,) = pubkit.loads(pubkit.dumps([work], "csl-json"), "csl-json").works
    assert again.title == work.title


def test_a_name_with_no_parts_is_left_out_and_reported_and_the_others_kept():
    items = [{"id": "x", "type": "book", "title": "T", "author": [{}, {"family": "Doe"}]}]
    library = pubkit.loads(json.dumps(items), "csl-json")
    assert [p.family for p in library.works[0].authors] == ["Doe"]
    (problem,) = library.diagnostics
    assert problem.code == "invalid-name" and str(problem.where).endswith("$[0].author[0]")


def test_the_journal_abbreviation_is_written_for_citeproc_and_for_zotero():
    """citeproc reads container-title-short; Zotero's CSL JSON import reads only
    journalAbbreviation (its schema maps no other variable to the field)."""
    work = pubkit.Work(key="a", title="T", container_title="Nature", container_short="Nat.")
    item = json.loads(pubkit.dumps([work], "csl-json"))[0]
    assert item["container-title-short"] == item["journalAbbreviation"] == "Nat."
    again = pubkit.loads(pubkit.dumps([work], "csl-json"), "csl-json").works[0]
    assert again.container_short == "Nat." and not again.native
    differing = (
        '[{"id": "b", "type": "article-journal", "container-title-short": "Nat.",'
        ' "journalAbbreviation": "Nature (Lond.)"}]'
    )
    kept = pubkit.loads(differing, "csl-json").works[0]
    assert kept.container_short == "Nat."
    assert '"journalAbbreviation": "Nature (Lond.)"' in pubkit.dumps([kept], "csl-json")


def test_a_journal_abbreviation_that_is_no_string_leaves_container_title_short_read():
    item = '[{"id": "a", "type": "article-journal", "title": "T", "container-title-short": "Y",'
    library = pubkit.loads(item + ' "journalAbbreviation": []}]', "csl-json")
    assert library.works[0].container_short == "Y" and library.errors == ()
    assert [d.code for d in library.diagnostics] == ["invalid-value"]  # reported, kept
