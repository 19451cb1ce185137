import pytest

from pubkit import Chunk, Date, InvalidValueError, Kind, Mark, Person, Text, Work
from pubkit.model import ArxivId, Doi, Isbn, Issn, PageRange


@pytest.mark.parametrize(
    ("date", "iso"),
    [(Date(2022, 4, 1), "2022-04-01"), (Date(2022, 4), "2022-04"), (Date(2022), "2022")],
)
def test_date_str_is_iso(date, iso):
    assert str(date) == iso
    assert Date.parse(iso) == date


@pytest.mark.parametrize(
    "parts", [(2021, 6, 31), (2023, 2, 29), (2022, 13), (2022, 0), (2022, None, 5)]
)
def test_impossible_dates_are_rejected(parts):
    with pytest.raises(InvalidValueError):
        Date(*parts)


def test_leap_day_is_a_date():
    assert str(Date(2024, 2, 29)) == "2024-02-29"


@pytest.mark.parametrize("text", ["2022-4-x", "April 2022", "", "20222"])
def test_date_parse_rejects_non_iso(text):
    with pytest.raises(InvalidValueError):
        Date.parse(text)


def test_person_display_and_sort_forms():
    person = Person(given="Bart", particle="van", family="Merriënboer")
    assert str(person) == "Bart van Merriënboer"
    assert person.family_with_particle == "van Merriënboer"
    assert str(Person(given="Martin Luther", family="King", suffix="Jr.")) == (
        "Martin Luther King, Jr."
    )
    assert Person(literal="DeepSeek-AI").is_organization


def test_person_rejects_literal_with_parts_and_empty_names():
    with pytest.raises(InvalidValueError):
        Person(literal="ACME", family="Smith")
    with pytest.raises(InvalidValueError):
        Person(given="  ", family="")


def test_text_equals_its_plain_string_whatever_the_markup():
    marked = Text((Chunk("Using "), Chunk("BERT", marks={Mark.NOCASE}), Chunk(" well")))
    assert marked == "Using BERT well"
    assert str(marked) == "Using BERT well"
    assert marked != Text.plain("Using BERT well")  # markup is data: it counts between Texts
    assert hash(marked) == hash("Using BERT well")


def test_text_merges_neighbouring_plain_chunks_and_drops_empty_ones():
    text = Text((Chunk("a"), Chunk(""), Chunk("b"), Chunk("x^2", Kind.MATH)))
    assert text.chunks == (Chunk("ab"), Chunk("x^2", Kind.MATH))


def test_work_converts_strings_to_text_and_rejects_non_persons():
    work = Work(title="A Title", authors=[Person(family="Doe")])
    assert isinstance(work.title, Text)
    assert work.title == "A Title"
    assert work.authors == (Person(family="Doe"),)
    with pytest.raises(TypeError):
        Work(authors=("Jane Doe",))  # type: ignore[arg-type]


def test_work_equality_ignores_origin_but_not_extra():
    from pubkit import Span

    a = Work(title="T", extra={"x": "1"}, origin=Span("a.txt", 1))
    b = Work(title="T", extra={"x": "1"}, origin=Span("b.txt", 9))
    assert a == b
    assert a != Work(title="T", extra={"x": "2"})


def test_the_arxiv_id_an_address_names():
    from pubkit.model.identifiers import arxiv_id_of_address

    assert arxiv_id_of_address("http://arxiv.org/abs/2202.12139v1") == "2202.12139"
    assert arxiv_id_of_address("https://arxiv.org/pdf/hep-th/9901001v2") == "hep-th/9901001"
    assert arxiv_id_of_address("https://doi.org/10.48550/arXiv.2009.13752") == "2009.13752"
    assert arxiv_id_of_address("https://aclanthology.org/2020.emnlp-main.127") is None
    assert arxiv_id_of_address("https://doi.org/10.18653/v1/x") is None


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Doi, "https://doi.org/10.1000/XYZ"),
        (ArxivId, "arXiv:2203.02889v2"),
        (Isbn, "ISBN 978-3-16-148410-0"),
        (Issn, "1476-4687 (Electronic)"),
        (PageRange, "12--34"),
    ],
)
def test_a_value_type_given_its_own_kind_keeps_it(kind, text):
    value = kind(text)
    assert kind(value) is value  # normalized and checked already: not parsed again
    assert kind(str(value)) == value  # normalizing is idempotent, so nothing is lost
