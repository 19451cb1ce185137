"""Decoding: UTF-8 with or without BOM, UTF-16, and legacy encodings named in a warning."""

import pytest

from pubkit.api import load_bytes
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
