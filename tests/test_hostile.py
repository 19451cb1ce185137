"""Hostile input: whatever the bytes, reading reports problems and writing works; no
traceback, and a depth or size Python cannot take is a clear error, not a crash."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

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


@pytest.mark.parametrize("delimiters", ["{}", '""'])
def test_one_value_longer_than_the_limit_is_cut_with_a_warning(delimiters):
    from pubkit.formats.bibtex.values import MAX_VALUE

    value = delimiters[0] + "x" * (MAX_VALUE + 10) + delimiters[1]
    library = pubkit.loads(f"@misc{{a,\n  note = {value}\n}}\n", "bibtex")
    (problem,) = [d for d in library.diagnostics if d.code == "value-too-long"]
    assert (problem.line, problem.column) == (2, 10)
    assert str(library.works[0].note) == "x" * MAX_VALUE


@pytest.mark.parametrize(
    ("style", "says"),
    [
        ("agora", "citeproc-py cannot render the style 'agora'"),
        ("nonsense.csl", "no style file"),
    ],
)
def test_a_style_citeproc_py_cannot_render_is_one_clear_error(style, says):
    from pubkit.render import StyleError, format_bibliography

    library = pubkit.loads("@book{a, title={T}, author={Doe, J.}, year=2020}\n", "bibtex")
    with pytest.raises(StyleError, match=says):
        format_bibliography(library, style)


def test_a_style_with_entities_is_refused_unread(tmp_path):
    from pubkit.render import StyleError, format_bibliography

    secret = tmp_path / "secret.txt"
    secret.write_text("do not read", encoding="utf-8")
    style = tmp_path / "xxe.csl"
    style.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE style [<!ENTITY xxe SYSTEM "file://{secret}">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>&xxe;&b;</title><id>x</id></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><text variable="title"/></layout></bibliography></style>\n',
        encoding="utf-8",
    )
    library = pubkit.loads("@book{a, title={T}, year=2020}\n", "bibtex")
    with pytest.raises(StyleError, match="DOCTYPE"):
        format_bibliography(library, str(style))


_WATCHED: list[str] = []  # audit events seen while a test watches (audit hooks stay forever)
_WATCHING = [False]


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _WATCHING[0]:
        return
    if event in ("socket.connect", "socket.getaddrinfo", "subprocess.Popen", "os.system"):
        _WATCHED.append(event)
    elif event == "open" and args and isinstance(args[0], str | bytes):
        _WATCHED.append(f"open {args[0]!r}")


def test_reading_and_writing_touch_no_network_process_or_other_file():
    import sys

    sys.addaudithook(_audit)
    sources = {
        "bibtex": "@article{a, title={T}, author={Doe, J.}, year=2020, doi={10.1/x}}\n",
        "ris": "TY  - JOUR\nTI  - T\nAU  - Doe, J.\nER  - \n",
        "csl-json": '[{"id": "a", "type": "book", "title": "T"}]',
        "listing": "CLMay 2, 2022\nA Title\n\nJane Doe, John Roe · mit\n\nAn abstract.\n",
    }
    libraries = {fmt: pubkit.loads(text, fmt) for fmt, text in sources.items()}  # warm imports
    for library in libraries.values():
        _every_writer(library)
    _WATCHING[0] = True
    try:
        Path(__file__).read_bytes()  # the hook sees what it should: this open is recorded
        assert len(_WATCHED) == 1
        _WATCHED.clear()
        for fmt, text in sources.items():
            _every_writer(pubkit.loads(text, fmt))
    finally:
        _WATCHING[0] = False
    assert _WATCHED == []


def test_an_at_sign_that_opens_a_line_in_a_value_opens_no_entry():
    document = {
        "format": "pubkit",
        "version": 1,
        "works": [
            {"type": "book", "key": "a", "title": "T", "abstract": "x\n@misc{evil, title={y}}"}
        ],
    }
    library = pubkit.loads(json.dumps(document), "json")
    for dialect in ("bibtex", "biblatex"):
        written = pubkit.dumps(library, dialect)
        assert "\n{@}misc" in written
        again = pubkit.loads(written, "bibtex")
        assert [w.key for w in again.works] == ["a"] and again.diagnostics == ()


def test_a_growing_chain_of_macros_stops_at_the_files_budget():
    chunk = '"' + "y" * 1000 + '"'
    chain = "".join(f"@string{{s{i + 1} = s{i} # {chunk}}}\n" for i in range(300))
    library = pubkit.loads(f'@string{{s0 = "x"}}\n{chain}@misc{{a, title=s300}}\n', "bibtex")
    (problem,) = library.diagnostics  # one warning, not one per macro
    assert problem.code == "value-too-long" and "s200" in problem.message
    assert library.works[0].title is None  # s300 is read as empty


def test_utf16_with_an_odd_byte_is_reported_not_a_crash():
    from pubkit.api import load_bytes

    library = load_bytes(codecs.BOM_UTF16_LE + "TY  - JOUR\n".encode("utf-16-le") + b" ", "x.ris")
    assert "undecodable-bytes" in {d.code for d in library.diagnostics}


def _pubkit_json(work: dict[str, object]) -> str:
    return json.dumps({"format": "pubkit", "version": 1, "works": [{"type": "book", **work}]})


@pytest.mark.parametrize(
    "work",
    [
        {"key": "a", "title": "T", "extra": {"csl:issued:json": "not json"}},
        {"key": "a", "title": "T", "extra": {"bibtex:entrytype": "misc{injected,\n@article"}},
        {"key": "", "title": "T"},
        {"key": "a}\n@misc{evil,", "title": "T"},
        {
            "key": "a",
            "title": "T",
            "native": {
                "bibtex": {"type": "misc{x,\n", "fields": [{"name": "x = {1},\n y", "value": "v"}]}
            },
        },
        {"key": "a\nER  - \nTY  - JOUR", "title": "T\nAU  - Forged, A.", "volume": "1\nER  - "},
    ],
    ids=["csl-date-not-json", "entrytype", "empty-key", "key", "native", "ris-newlines"],
)
def test_no_value_adds_a_record_entry_tag_or_field(work):
    library = pubkit.loads(_pubkit_json(work), "json")
    assert len(library.works) == 1
    for fmt in ("bibtex", "biblatex", "ris", "csl-json"):
        written = pubkit.dumps(library, fmt)
        again = pubkit.loads(written, "bibtex" if fmt == "biblatex" else fmt)
        assert len(again.works) == 1 and again.errors == (), fmt
        if fmt == "ris":
            assert written.count("TY  - ") == 1 and "AU  - Forged" not in written
        if fmt in ("bibtex", "biblatex"):
            assert written.count("\n@") + written.startswith("@") == 1
            assert "injected" not in written  # extra data is never an entry type


# -- what a review of the fixes above found --------------------------------------------------


def test_an_indented_line_in_a_record_that_is_not_indented_continues_a_value():
    text = "TY  - JOUR\nAB  - We study robots that are\n  AI - driven, more.\nER  - \n"
    (work,) = pubkit.loads(text, "ris").works
    assert str(work.abstract) == "We study robots that are AI - driven, more." and not work.native


def test_an_isbn_after_an_issn_in_ris_is_read_too():
    text = "TY  - BOOK\nTI  - T\nSN  - 0317-8471\nSN  - 978-0-306-40615-7\nER  - \n"
    (work,) = pubkit.loads(text, "ris").works
    assert (work.issn, work.isbn) == ("0317-8471", "978-0-306-40615-7")


def test_a_worded_ris_year_beside_a_date_is_kept_and_reported():
    library = pubkit.loads(
        "TY  - JOUR\nTI  - T\nPY  - Forthcoming\nDA  - 2020/05//\nER  - \n", "ris"
    )
    assert str(library.works[0].issued) == "2020-05"
    assert [d.code for d in library.diagnostics] == ["unusual-date"]
    assert "PY  - Forthcoming" in pubkit.dumps(library, "ris")


def test_json_nested_under_the_limit_but_deep_is_an_error_not_a_crash():
    deep = "[" * 491 + "]" * 491
    text = f'[{{"id": "a", "type": "book", "custom": {{"pubkit": {{"extra": {{"x": {deep}}}}}}}}}]'
    for fmt in ("csl-json", "json"):
        (problem,) = pubkit.loads(text, fmt).diagnostics
        assert problem.code == "invalid-json"


def test_a_value_that_starts_with_an_at_sign_is_written_as_it_is():
    once = pubkit.dumps(pubkit.loads("@misc{a, title={T}, url={@x}}\n", "bibtex"), "bibtex")
    assert "url = {@x}" in once and pubkit.dumps(pubkit.loads(once, "bibtex"), "bibtex") == once


def test_a_raw_csl_date_in_words_is_the_dates_text():
    text = '[{"id": "a", "type": "book", "title": "T", "issued": {"raw": "in press"}}]'
    (work,) = pubkit.loads(text, "csl-json").works
    assert work.issued is None and work.issued_text == "in press"


def test_html_bibliographies_escape_a_date_in_words_too():
    from pubkit.render import format_bibliography

    library = pubkit.loads("@misc{z, title={N}, year={<script>x</script>}}\n", "bibtex")
    assert "<script" not in format_bibliography(library, "apa", html_output=True)
