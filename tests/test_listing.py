"""The publication-listing reader: goldens, messy variants, broken records."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import pubkit
from pubkit import Affiliation, Date, Person
from pubkit.markup.plain import readable

from conftest import FIXTURES, SEED

LISTINGS = FIXTURES / "listing"
VALID = [*sorted((LISTINGS / "valid").glob("*.txt")), SEED]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_golden(path: Path, golden):
    library = pubkit.load(path)
    # Only the authors' own macros, which no listing defines, are worth a word.
    assert {d.code for d in library.diagnostics} <= {"unknown-command"}
    golden(pubkit.dumps(library, "json"), path.with_suffix(".expected.json"))


def test_broken_records_are_reported_and_the_rest_are_read():
    library = pubkit.load(LISTINGS / "invalid" / "broken.txt")
    assert [str(w.title) for w in library] == [
        "A Good Paper",
        "An Impossible Day",
        "An Unreadable Date",
        "Another Good Paper",
    ]
    # What the dates name is kept: June 2021 of an impossible day, the year of "Someday 2022".
    assert [str(w.issued) for w in library][1:3] == ["2021-06", "2022"]
    records = 6
    assert len(library.works) + len(library.errors) == records


def test_strict_read_raises_every_error_at_once():
    with pytest.raises(pubkit.ReadError) as caught:
        pubkit.load(LISTINGS / "invalid" / "broken.txt", strict=True)
    assert [e.code for e in caught.value.exceptions] == [
        "missing-title",
        "missing-authors",
    ]
    assert all(isinstance(e, pubkit.ParseError) for e in caught.value.exceptions)
    assert caught.value.exceptions[0].line == 29


# --- the seed, record by record ------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> pubkit.Library:
    return pubkit.load(SEED)


def test_seed_profile(seed):
    assert seed.profile == pubkit.Profile(
        name="Runxin Xu",
        primary_category="cs.CL",
        h_index=33,
        paper_count=31,
        citations=24036,
        novelty=51,
        ai_score=49,
    )


def test_seed_has_31_works_with_unique_keys(seed):
    assert len(seed) == 31
    assert len(set(seed.keys)) == 31
    assert all(key.isascii() for key in seed.keys)


def test_seed_first_record(seed):
    work = seed.works[0]
    assert work.title == (
        "Making Pre-trained Language Models End-to-end Few-shot Learners with Contrastive "
        "Prompt Tuning"
    )
    assert work.issued == Date(2022, 4, 1)
    assert str(work.issued) == "2022-04-01"
    assert work.authors == (
        Person(given="Ziyun", family="Xu"),
        Person(given="Chengyu", family="Wang"),
        Person(given="Minghui", family="Qiu"),
    )
    assert work.authors_truncated
    assert work.affiliations == (Affiliation("cmu", "Carnegie Mellon University"),)
    assert work.categories == ("cs.CL",)
    assert not work.has_code
    assert work.type == pubkit.WorkType.ARTICLE


def test_seed_code_flags_and_urls(seed):
    focus = seed["chen2022focus"]
    assert focus.has_code
    assert focus.code_url == "https://github.com/PKUnlp-icler/MLS"
    assert not focus.authors_truncated
    tsar = seed["xu2022twostream"]
    assert not tsar.has_code  # no Code flag, but the abstract names the repository
    assert tsar.code_url == "https://github.com/PKUnlp-icler/TSAR"
    assert seed["zeng2020double"].code_url == "https://github.com/DreamInvoker/GAIN"
    r1 = seed["deepseekai2025deepseekr1"]
    assert r1.has_code and r1.code_url is None


def test_seed_organizations_and_categories(seed):
    r1 = seed["deepseekai2025deepseekr1"]
    assert r1.authors[0] == Person(literal="DeepSeek-AI")
    assert [a.code for a in r1.affiliations] == ["stanford", "tsinghua"]
    assert seed["li2024multimodal"].categories == ("cs.CV",)
    assert seed["li2024multimodal"].extra == {"listing:category": "CV"}
    assert seed["deepseekai2024deepseekcoderv2"].categories == ("cs.SE",)
    assert seed["xu2020xiaomingbot"].categories == ("eess.AS",)
    assert seed["huang2020acmo"].categories == ("math.OC",)


def test_seed_abstract_whitespace_is_normalized(seed):
    for work in seed:
        text = str(work.abstract)
        assert text == " ".join(text.split())


# --- messy variants read the same as the clean file ----------------------------------------


def _messy_variants(text: str) -> dict[str, str]:
    lines = text.split("\n")
    return {
        "bom-crlf": "\ufeff" + text.replace("\n", "\r\n"),
        "cr-only": text.replace("\n", "\r"),
        "trailing-spaces": "\n".join(line + "  \t" if line else line for line in lines),
        "tabs-around-dot": text.replace(" · ", "\t·\t"),
        "doubled-blank-lines": text.replace("\n\n", "\n\n\n\n"),
        "all-at-once": "\ufeff"
        + "\r\n".join(line + " " for line in text.replace("\n\n", "\n\n\n").split("\n")).replace(
            " · ", " \t· "
        ),
    }


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_messy_variants_read_the_same(path: Path):
    text = path.read_text(encoding="utf-8")
    clean = pubkit.loads(text, "listing")
    for name, variant in _messy_variants(text).items():
        messy = pubkit.loads(variant, "listing")
        assert messy == clean, name
        assert [d.code for d in messy.diagnostics] == [d.code for d in clean.diagnostics], name


def test_keys_do_not_depend_on_record_order():
    text = SEED.read_text(encoding="utf-8")
    header, separator, body = text.partition("\n\n31 Papers\n\n")
    library = pubkit.loads(text, "listing")
    by_title = {str(w.title): w.key for w in library}
    blocks = _record_blocks(body)
    assert len(blocks) == 31
    random.Random(7).shuffle(blocks)
    shuffled = pubkit.loads(header + separator + "\n\n".join(blocks), "listing")
    assert [str(w.title) for w in shuffled] != list(by_title)
    assert {str(w.title): w.key for w in shuffled} == by_title


def _record_blocks(body: str) -> list[str]:
    paragraphs = body.strip("\n").split("\n\n")
    return ["\n\n".join(paragraphs[i : i + 3]) for i in range(0, len(paragraphs), 3)]


# --- small cases -----------------------------------------------------------------------------


def _one(record: str, header: str = "") -> pubkit.Library:
    return pubkit.loads(header + record, "listing", name="t.txt")


def test_listing_without_header_has_no_profile():
    library = _one("CLApr 1, 2022\nA Title\n\nAnn Smith\n\nAbstract.\n")
    assert library.profile is None
    assert library.diagnostics == ()
    assert library.works[0].authors == (Person(given="Ann", family="Smith"),)


def test_record_without_abstract_is_read():
    library = _one("CLApr 1, 2022\nA Title\n\nAnn Smith · pku\n")
    assert library.diagnostics == ()
    assert library.works[0].abstract is None
    assert library.works[0].affiliations == (Affiliation("pku", "Peking University"),)


def test_unknown_category_is_a_warning_and_kept():
    library = _one("ZZApr 1, 2022\nA Title\n\nAnn Smith\n\nAbstract.\n")
    assert [d.code for d in library.diagnostics] == ["unknown-category"]
    work = library.works[0]
    assert work.categories == ()
    assert work.extra == {"listing:category": "ZZ"}


def test_profile_primary_archive_decides_ambiguous_suffixes():
    header = "Jo Math\n\nOC\nh-index1\n\n1 Papers\n\n"
    library = _one("CVApr 1, 2022\nA Title\n\nAnn Smith\n\nAbstract.\n", header)
    assert library.profile.primary_category == "math.OC"
    assert library.works[0].categories == ("math.CV",)


def test_long_dates_and_month_precision_are_read():
    library = _one(
        "CLSeptember 9, 2021\nOne\n\nAnn Smith\n\nA.\n\nCLApr 2022\nTwo\n\nAnn Smith\n\nB.\n"
    )
    assert [w.issued for w in library] == [Date(2021, 9, 9), Date(2022, 4)]


def test_et_al_is_never_an_author():
    library = _one("CLApr 1, 2022\nT\n\nAnn Smith, Bo Li et al.\n\nA.\n")
    work = library.works[0]
    assert work.authors_truncated
    assert [str(p) for p in work.authors] == ["Ann Smith", "Bo Li"]


def test_empty_name_between_commas_is_a_warning():
    library = _one("CLApr 1, 2022\nT\n\nAnn Smith, , Bo Li\n\nA.\n")
    assert [(d.code, d.line) for d in library.diagnostics] == [("empty-name", 4)]
    assert len(library.works[0].authors) == 2


def test_text_after_the_abstract_is_joined_with_a_warning():
    library = _one("CLApr 1, 2022\nT\n\nAnn Smith\n\nFirst part.\n\nSecond part.\n")
    assert [(d.code, d.line) for d in library.diagnostics] == [("extra-text", 8)]
    assert library.works[0].abstract == "First part. Second part."


def test_title_after_a_stray_blank_line_is_still_the_title():
    library = _one("CLApr 1, 2022\n\nA Title: With a Colon\n\nAnn Smith\n\nAbstract.\n")
    assert library.diagnostics == ()
    assert library.works[0].title == "A Title: With a Colon"


# --- shapes found in other researchers' listings ---------------------------------------------


def _titles_and_errors(text: str) -> tuple[list[str], list[tuple[str, int]]]:
    library = pubkit.loads(text, "listing", name="t.txt")
    return [str(w.title) for w in library], [(d.code, d.line) for d in library.errors]


def test_header_name_with_two_capitals_is_not_a_record():
    library = _one("CLApr 1, 2022\nT\n\nAnn Smith\n\nA.\n", "DJ Patil\nLG\nh-index5\n\n")
    assert library.diagnostics == ()
    assert library.profile.name == "DJ Patil"
    assert library.profile.primary_category == "cs.LG"


def test_header_name_need_not_come_first():
    library = _one("CLApr 1, 2022\nT\n\nAnn Smith\n\nA.\n", "CV\nh-index3\nMaria Gonzalez\n\n")
    assert library.profile.name == "Maria Gonzalez"
    assert library.profile.h_index == 3


def test_unknown_header_category_is_a_warning():
    library = _one("CLApr 1, 2022\nT\n\nAnn Smith\n\nA.\n", "Jo\nQQ\n\n")
    assert [(d.code, d.line) for d in library.diagnostics] == [("unknown-category", 2)]


def test_lines_starting_with_two_capitals_do_not_start_records():
    text = (
        "LGJan 5, 2023\nA Title\n\nJJ Lee, Ann Smith\nAbstract text here.\n\n"
        "GPT-4 results are shown\nin the second paragraph.\n"
    )
    titles, errors = _titles_and_errors(text)
    assert titles == ["A Title"] and errors == []


def test_titles_with_a_year_are_titles():
    text = (
        "LGJan 5, 2023\nAI 2027: A Scenario\n\nAnn Smith\n\nA.\n\n"
        "CVFeb 1, 2024\nML 2024 Review\n\nBo Li\n\nB.\n"
    )
    titles, errors = _titles_and_errors(text)
    assert titles == ["AI 2027: A Scenario", "ML 2024 Review"] and errors == []


def test_missing_title_with_a_two_line_abstract_is_reported():
    text = (
        "LGJan 5, 2023\n\nAnn Smith, Bob Jones\n\nFirst abstract line that goes on.\n"
        "Second abstract line continues here.\n"
    )
    assert _titles_and_errors(text) == ([], [("missing-title", 1)])


def test_missing_author_line_with_a_two_line_abstract_is_reported():
    text = "LGJan 5, 2023\nA Title\n\nWe propose a method for things.\nIt works well.\n"
    assert _titles_and_errors(text) == ([], [("missing-authors", 1)])


@pytest.mark.parametrize(
    ("head", "category"),
    [
        ("quant-phJan 6, 2023", "quant-ph"),
        ("cs.CVJan 7, 2023", "cs.CV"),
        ("clApr 1, 2022", "cs.CL"),
        ("CL Apr 1, 2022 Code", "cs.CL"),
        ("CLApr 1,2022", "cs.CL"),
        ("CL  May 2, 2022", "cs.CL"),
        ("cs.CVJan 7, 2023 (v2)", "cs.CV"),
        ("CLMay 2, 22", "cs.CL"),
        ("CL Sometime in 2003", "cs.CL"),
    ],
)
def test_date_lines_in_other_shapes_start_records(head, category):
    text = f"CLJan 1, 2022\nFirst\n\nAnn Smith\n\nA.\n\n{head}\nSecond\n\nBo Li\n\nB.\n"
    library = pubkit.loads(text, "listing")
    assert [str(w.title) for w in library] == ["First", "Second"]
    assert library.works[1].categories == (category,)


@pytest.mark.parametrize(
    "text",
    [
        "CLJan 1, 2022\nFirst\n\nAnn Smith\n\nAbstract two.\n"
        "LGSomeday 2023\nSecond\n\nBo Li\n\nB.\n",
        "CLJan 1, 2022\nFirst\n\nAnn Smith\n\nA.\n\nLGSometime in 2023\n\nSecond\n\nBo Li\n\nB.\n",
    ],
)
def test_records_with_unreadable_dates_are_read_with_the_year_they_name(text):
    library = pubkit.loads(text, "listing", name="t.txt")
    assert [str(w.title) for w in library] == ["First", "Second"]
    assert [d.code for d in library.diagnostics] == ["unreadable-date"]
    assert library.works[1].issued == pubkit.Date(2023)


def test_a_record_whose_date_names_no_year_keeps_the_dates_text():
    library = pubkit.loads("CLMay 2, 22\nT\n\nAnn Smith\n\nA.\n", "listing")
    assert [d.code for d in library.diagnostics] == ["unreadable-date"]
    assert library.works[0].issued is None and library.works[0].issued_text == "May 2, 22"


def test_a_paragraph_that_opens_with_two_capitals_and_a_year_is_no_record():
    text = "CLJan 1, 2022\nFirst\n\nAnn Smith\n\nAbstract.\n\nUS Census of 2020\nmore text.\n"
    library = pubkit.loads(text, "listing")
    assert len(library.works) == 1 and "US Census of 2020" in str(library.works[0].abstract)


def test_a_record_with_several_problems_gives_one_error():
    library = _one("CLApr 1, 2022\n\nCLApr 2, 2022\nT\n\nAnn Smith\n\nA.\n")
    assert len(library.works) + len(library.errors) == 2
    assert library.errors[0].code == "missing-title"
    assert "no author line" in library.errors[0].message


@pytest.mark.parametrize(
    ("line", "names", "truncated", "codes"),
    [
        ("Martin Luther King, Jr., Ann Smith", ["Martin Luther King, Jr.", "Ann Smith"], False, []),
        ("Ann Smith and Bob Jones", ["Ann Smith", "Bob Jones"], False, []),
        ("Marcel·lí Gal·la, Ann Smith · pku", ["Marcel·lí Gal·la", "Ann Smith"], False, ["pku"]),
        ("Ann Smith · pku · cmu", ["Ann Smith"], False, ["pku", "cmu"]),
        ("Ann Smith • pku", ["Ann Smith"], False, ["pku"]),
        ("Ann Smith, ...", ["Ann Smith"], True, []),
        ("Ann Smith …", ["Ann Smith"], True, []),
        ("Ann Smith, Bo Li and others", ["Ann Smith", "Bo Li"], True, []),
        ("Allen Institute for AI", ["Allen Institute for AI"], False, []),
        ("danah boyd, Kate Crawford", ["danah boyd", "Kate Crawford"], False, []),
        ("The Anh Nguyen, Ann Center", ["The Anh Nguyen", "Ann Center"], False, []),
    ],
)
def test_author_lines(line, names, truncated, codes):
    library = _one(f"CLApr 1, 2022\nT\n\n{line}\n")
    assert library.errors == ()
    work = library.works[0]
    assert [str(p) for p in work.authors] == names
    assert work.authors_truncated is truncated
    assert [a.code for a in work.affiliations] == codes
    assert all(not p.is_organization for p in work.authors if str(p) != "Allen Institute for AI")


def test_blank_line_before_a_short_title_without_abstract():
    library = _one("LGJan 5, 2023\n\nDeep Learning\n\nAnn Smith\n")
    assert [str(w.title) for w in library] == ["Deep Learning"]
    assert library.errors == ()


def test_implausible_year_is_an_invalid_date_kept_as_text():
    library = pubkit.loads("CLApr 1, 0000\nT\n\nAnn Smith\n", "listing")
    assert [(d.code, d.line) for d in library.diagnostics] == [("invalid-date", 1)]
    assert library.works[0].issued_text == "Apr 1, 0000"


def test_a_macro_the_record_explains_is_resolved_and_others_are_kept_and_reported():
    library = pubkit.load(SEED)
    acmo = next(w for w in library if w.key == "huang2020acmo")
    assert "Angle-Calibrated Moment method (ACMo). Our theoretical results show that ACMo is" in (
        str(acmo.abstract)
    )
    (unknown,) = library.diagnostics
    assert (unknown.code, unknown.line, unknown.column) == ("unknown-command", 227, 558)
    assert "\\radagrad" in unknown.message
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[226][557:].startswith("\\radagrad")
    adaptive = next(w for w in library if w.key == "huang2020adaptive")
    assert "revise AdaGrad to \\radagrad for" in readable(adaptive.abstract)


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        ("ACMo: A Method", "the \\emph{Angle-Calibrated Moment method} (\\method) works", "ACMo"),
        ("ACMo: A Method", "so \\acmo works", "ACMo"),  # named like the title's name
        ("ACMo: A Method", "the Big Cat Model (\\method) works", "\\method"),  # not its phrase
        ("Nothing Named Here", "the Moment method (\\method) works", "\\method"),
    ],
)
def test_an_abbreviation_needs_its_phrase_and_the_title_that_names_it(title, abstract, expected):
    text = f"CLApr 1, 2022\n{title}\n\nAna Lee\n\n{abstract}\n"
    (work,) = pubkit.loads(text, "listing").works
    assert expected in readable(work.abstract)
