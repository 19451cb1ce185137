"""Decoding: UTF-8 with or without BOM, UTF-16, and legacy encodings named in a warning."""

import pytest

from pubkit.api import load_bytes
from pubkit.location import Span
from pubkit.source import Source

from conftest import FIXTURES

VARIOUS = (FIXTURES / "listing" / "valid" / "various.txt").read_text(encoding="utf-8")


def test_source_normalizes_bom_and_line_ends():
    assert Source("\ufeffa\r\nb\rc\n").text == "a\nb\nc\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_read_without_warnings(encoding):
    library = load_bytes(VARIOUS.encode(encoding), "x.txt")
    assert library.diagnostics == ()
    assert library.works[0].authors[0].family == "Merriënboer"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_legacy_encodings_are_detected_and_named(encoding):
    library = load_bytes(VARIOUS.encode(encoding), "x.txt")
    assert [(d.code, d.line) for d in library.diagnostics] == [("not-utf8", 15)]
    assert "cp1252" in library.diagnostics[0].message
    assert library.works[0].authors[0].family == "Merriënboer"


def test_gbk_is_detected():
    record = (
        "\nCLApr 1, 2022\n中文标题测试，这是一个很长的标题\n\n张三, 李四\n\n"
        "这是摘要。我们研究了很多东西。\n"
    )
    text = VARIOUS.replace("Merriënboer", "Merrienboer").replace("5 Papers", "6 Papers") + record
    library = load_bytes(text.encode("gbk"), "x.txt")
    assert [d.code for d in library.diagnostics] == ["not-utf8"]
    assert library.works[-1].title == "中文标题测试，这是一个很长的标题"


@pytest.mark.parametrize(
    "text",
    ["@misc{a, title={Abschluß der Arbeit}}\n", "@misc{a, title={Straße}}\n"],
    ids=["one-eszett-in-a-word", "one-eszett-short"],
)
def test_one_western_letter_is_read_as_western_not_as_an_asian_encoding(text):
    library = load_bytes(text.encode("latin-1"), "x.bib")
    assert str(library.works[0].title) == text.split("title={")[1].split("}")[0]
    assert "cp1252" in library.diagnostics[0].message


def test_shift_jis_still_goes_to_the_detector():
    text = "@misc{a, title={日本語のタイトルです。とても長い題名の論文}}\n"
    library = load_bytes(text.encode("shift_jis"), "x.bib")
    assert str(library.works[0].title) == "日本語のタイトルです。とても長い題名の論文"


def test_an_encoding_given_wins_and_bytes_it_cannot_decode_are_reported():
    data = "@misc{a, title={Straße}}\n".encode("latin-1")
    library = load_bytes(data, "x.bib", encoding="iso8859-15")
    assert str(library.works[0].title) == "Straße" and library.diagnostics == ()
    library = load_bytes(data, "x.bib", encoding="utf-8")
    assert [d.code for d in library.diagnostics] == ["undecodable-bytes"]
    assert "\ufffd" in str(library.works[0].title)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n@misc{a, title={x}}\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
        (b"@misc{a, title={x\x00y}}\n", "binary data"),
    ],
    ids=["pdf", "png", "nul"],
)
def test_binary_input_is_one_clear_error(data, kind):
    library = load_bytes(data, "refs.bib")
    (problem,) = library.diagnostics
    assert problem.code == "binary-input" and kind in problem.message and problem.line == 1
    assert library.works == ()


def test_bibtex_is_recognized_from_its_content():
    bib = (FIXTURES / "bibtex" / "valid" / "dblp.bib").read_bytes()
    for name in ("refs.txt", "<stdin>"):
        library = load_bytes(bib, name)
        assert library.works and library.works[0].key == "DBLP:conf/naacl/DevlinCLT19"
    ris = b"TY  - JOUR\nTI  - T\nAB  - cites\n@article{x,\nER  - \n"
    assert load_bytes(ris, "<stdin>").works[0].title == "T"  # RIS, though it quotes BibTeX


def test_a_part_of_a_source_reports_the_positions_of_the_whole():
    whole = Source("line one\nline two\n  @misc{a}\nlast\n", "f.bib")
    start = whole.text.index("  @misc")
    part = whole.part(start, len(whole.text))
    at = part.text.index("@")
    assert part.span(at) == whole.span(start + at) == Span("f.bib", 3, 3)
    assert part.line(2) == Span("f.bib", 4)
    assert part.offset(2) == part.text.index("last")  # offsets stay those of the part
