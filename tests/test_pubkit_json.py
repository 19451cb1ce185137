"""pubkit JSON: lossless round trip, and bad input reported with JSON paths."""

import json

import pytest

import pubkit
from pubkit import Chunk, Kind, Mark, Text, Work

from conftest import SEED


def test_seed_round_trips_through_pubkit_json():
    library = pubkit.load(SEED)
    text = pubkit.dumps(library, "json")
    assert text.endswith("}\n")
    again = pubkit.loads(text, "json")
    assert again == library
    assert again.profile == library.profile
    assert pubkit.dumps(again, "json") == text


def test_text_with_markup_round_trips():
    title = Text((Chunk("Using "), Chunk("BERT", marks={Mark.NOCASE}), Chunk("x^2", Kind.MATH)))
    library = pubkit.Library((Work(key="k", title=title),))
    data = json.loads(pubkit.dumps(library, "json"))
    assert data["works"][0]["title"] == [
        "Using ",
        {"text": "BERT", "marks": ["nocase"]},
        {"text": "x^2", "kind": "math"},
    ]
    assert pubkit.loads(pubkit.dumps(library, "json"), "json").works[0].title.chunks == (
        title.chunks
    )


def test_indent_option():
    library = pubkit.Library((Work(key="k", title="T"),))
    assert "\n" not in pubkit.dumps(library, "json", indent=0).rstrip("\n")


def test_unknown_option_is_a_format_error():
    with pytest.raises(pubkit.FormatError, match="ascii"):
        pubkit.dumps(pubkit.Library(), "json", ascii=True)


def _messages(text: str) -> list[str]:
    return [str(d) for d in pubkit.loads(text, "json", name="x.json").diagnostics]


def _doc(*works: object) -> str:
    return json.dumps({"format": "pubkit", "version": 1, "works": list(works)})


def test_bad_values_are_reported_with_their_json_path_and_the_rest_is_read():
    text = _doc(
        {"title": "good"},
        {"title": "bad date", "issued": "2021-06-31"},
        {"title": "bad flag", "authors_truncated": "yes"},
        {"title": "bad type", "type": "articel"},
        {"title": "bad author", "authors": ["Jane Doe"]},
        {"title": "unknown field", "colour": "red"},
    )
    library = pubkit.loads(text, "json", name="x.json")
    assert [str(w.title) for w in library] == ["good"]
    assert [str(d) for d in library.diagnostics] == [
        "x.json $.works[1].issued: error[invalid-value]: June 2021 has no day 31 (it has 30 days)",
        "x.json $.works[2].authors_truncated: error[invalid-value]: expected true or false, "
        "got a string",
        "x.json $.works[3].type: error[invalid-value]: 'articel' is not a CSL item type; "
        "did you mean article?",
        "x.json $.works[4].authors[0]: error[invalid-value]: expected an object",
        "x.json $.works[5]: error[invalid-value]: extra fields found (colour)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1, 2", ["x.json:1:6: error[invalid-json]: Expecting ',' delimiter"]),
        ("[]", ['x.json $: error[not-pubkit-json]: expected an object with "format": "pubkit"']),
        (
            '{"format": "pubkit", "version": 9, "works": []}',
            [
                "x.json $.version: error[unsupported-version]: pubkit JSON version 9 is not "
                "supported (this pubkit reads version 1)"
            ],
        ),
    ],
)
def test_documents_that_are_not_pubkit_json(text, expected):
    assert _messages(text) == expected
