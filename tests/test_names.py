import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit import InvalidValueError, Person
from pubkit.names import is_organization, parse_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bart van Merriënboer", Person(given="Bart", particle="van", family="Merriënboer")),
        ("Abdel-rahman Mohamed", Person(given="Abdel-rahman", family="Mohamed")),
        ("Michael R. Zhang", Person(given="Michael R.", family="Zhang")),
        ("Ludwig van der Waals", Person(given="Ludwig", particle="van der", family="Waals")),
        (
            "Jean-Baptiste de La Fontaine",
            Person(given="Jean-Baptiste", particle="de", family="La Fontaine"),
        ),
        ("Martin Luther King Jr.", Person(given="Martin Luther", family="King", suffix="Jr.")),
        ("Martin Luther King, Jr.", Person(given="Martin Luther", family="King", suffix="Jr.")),
        ("Henry Ford III", Person(given="Henry", family="Ford", suffix="III")),
        ("Smith, John", Person(given="John", family="Smith")),
        ("Ce  Zheng", Person(given="Ce", family="Zheng")),
        ("DeepSeek-AI", Person(literal="DeepSeek-AI")),
        ("The Theano Development Team", Person(literal="The Theano Development Team")),
        ("Gemini Team", Person(literal="Gemini Team")),
        ("Allen Institute for AI", Person(literal="Allen Institute for AI")),
    ],
)
def test_parse_name(text, expected):
    assert parse_name(text) == expected


def test_names_are_nfc_normalized():
    decomposed = "Bart van Merrie\u0308nboer"
    assert parse_name(decomposed).family == "Merri\u00ebnboer"


@pytest.mark.parametrize("text", ["", "   ", "a, b, c, d"])
def test_unreadable_names_raise(text):
    with pytest.raises(InvalidValueError):
        parse_name(text)


def test_organization_rule():
    assert is_organization("OpenAI")
    assert is_organization("Qwen Team")
    assert not is_organization("Runxin Xu")
    assert not is_organization("Ada Lovelace")


_WORDS = st.lists(st.from_regex(r"[A-Z][A-Za-z'.-]{0,8}", fullmatch=True), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(_WORDS, _WORDS, st.booleans())
def test_plain_names_are_split_as_pybtex_splits_them(family, given, inverted):
    """Names of capitalized ASCII words (`Jane Q. Public`, `Public, Jane Q.`) are split
    without pybtex: the same parts."""
    from pybtex.database import Person as BibtexPerson

    from pubkit.names import _name_parts

    name = f"{' '.join(family)}, {' '.join(given)}" if inverted else " ".join(family + given)
    ours, theirs = _name_parts(name, name), BibtexPerson(name)
    for part in ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names"):
        assert list(getattr(ours, part)) == list(getattr(theirs, part)), part
