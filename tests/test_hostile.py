"""Hostile input: whatever the bytes, reading reports problems and writing works; no
traceback, and a depth or size Python cannot take is a clear error, not a crash."""

from __future__ import annotations

import json

import pytest

import pubkit

DEEP = 1000


def _every_writer(library: pubkit.Library) -> None:
    for fmt in ("bibtex", "biblatex", "ris", "csl-json", "json"):
        pubkit.dumps(library, fmt)


@pytest.mark.parametrize("fmt", ["csl-json", "json"])
@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '[{"id": "a", "type": "book", "title": ' + "[" * 900 + "]" * 900 + "}]",
    ],
    ids=["only-brackets", "deep-value"],
)
def test_json_nested_too_deeply_is_one_error_with_its_position(text, fmt):
    library = pubkit.loads(text, fmt)
    (problem,) = library.diagnostics
    assert problem.code == "invalid-json" and "nested too deeply" in problem.message
    assert problem.where is not None and problem.where.line == 1  # type: ignore[union-attr]
    assert library.works == ()


def test_a_json_number_too_long_for_python_is_read_as_its_digits():
    digits = "9" * 5000
    library = pubkit.loads(f'[{{"id": "a", "type": "book", "volume": {digits}}}]', "csl-json")
    assert library.works[0].volume == digits
    _every_writer(library)


@pytest.mark.parametrize(
    "title",
    [
        "{" * DEEP + "x" + "}" * DEEP,
        "\\emph{" * DEEP + "x" + "}" * DEEP,
        "\\url{" * 300 + "x" + "}" * 300,
    ],
    ids=["braces", "emph", "url"],
)
def test_latex_nested_deeper_than_the_stack_is_read_as_text(title):
    library = pubkit.loads(f"@article{{a, title={{{title}}}, year=2020}}\n", "bibtex")
    (work,) = library.works
    assert str(work.title).rstrip("}").endswith("x")  # a URL is verbatim, braces too
    _every_writer(library)


def test_groups_nested_as_people_nest_them_keep_their_markup():
    library = pubkit.loads("@article{a, title={A {B {\\emph{C}}}}, year=2020}\n", "bibtex")
    csl = json.loads(pubkit.dumps(library, "csl-json"))[0]
    assert csl["title"] == 'A <span class="nocase">B <i>C</i></span>'


def test_html_bibliographies_escape_every_field():
    from pubkit.render import format_bibliography

    markup = "<script>alert(1)</script>"
    fields = "edition series address publisher type eventtitle note organization".split()
    source = "@book{a, title={T}, author={Doe, J.}, year=2020, "
    source += ", ".join(f"{name}={{{markup}}}" for name in fields) + "}\n"
    library = pubkit.loads(source, "bibtex")
    for style in ("chicago-author-date", "apa", "ieee"):
        page = format_bibliography(library, style, html_output=True)
        assert "<script" not in page.lower() and "&lt;script&gt;" in page.lower()


@pytest.mark.parametrize(
    "source",
    ["@ article{a, title={T}}", "@article\n  {a, title={T}}", "@\narticle {a, title={T}}"],
    ids=["space-after-at", "brace-on-next-line", "type-on-next-line"],
)
def test_white_space_bibtex_skips_around_the_type_makes_an_entry(source):
    library = pubkit.loads(source + "\n", "bibtex")
    assert [w.key for w in library.works] == ["a"] and library.diagnostics == ()
    assert library.works[0].origin.line == 1  # type: ignore[union-attr]


def test_a_backslash_before_a_brace_does_not_escape_it_for_bibtex():
    # BibTeX counts every brace: `{ab\\}` is a value that ends in a line break.
    library = pubkit.loads("@misc{a, note={ab\\\\}, title={T}}\n", "bibtex")
    assert str(library.works[0].note).strip() == "ab" and str(library.works[0].title) == "T"
    again = pubkit.loads(pubkit.dumps(library, "bibtex"), "bibtex")
    assert again.diagnostics == () and len(again.works) == 1


def test_a_doubling_chain_of_macros_is_cut_with_a_warning():
    source = '@string{s0 = "ab"}\n'
    source += "".join(f"@string{{s{i + 1} = s{i} # s{i}}}\n" for i in range(40))
    library = pubkit.loads(source + "@misc{a, title=s40}\n", "bibtex")
    assert "value-too-long" in {d.code for d in library.diagnostics}
    assert len(str(library.works[0].title)) <= 3_000_000
