"""The fast path of BibTeX syntax (scan.py) gives what the careful path gives, or declines.

Wherever ``scan`` accepts a text, its document (blocks, values as written, every offset, the
problems) must equal the one bibtexparser and the stand-ins give; so the output and the
diagnostics of a conversion are the same byte for byte, whichever path read the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import pubkit
from corpus import corpus_files
from hostile_text import BY_FORMAT
from pubkit.formats.bibtex import scan as scan_module
from pubkit.formats.bibtex.scan import TRAILING_AT, outline, scan
from pubkit.formats.bibtex.syntax import RawBlock, RawEntry, parse
from pubkit.source import Source

from conftest import FIXTURES, missing_tool
from strategies import works

BIB_FIXTURES = sorted(FIXTURES.rglob("*.bib"))
CORPUS = {name: path for name, path in sorted(corpus_files().items()) if path.exists()}


def _source(path: Path) -> Source:
    data = path.read_bytes()
    return Source.from_bytes(data, str(path))[0]


def _agrees(source: Source) -> bool:
    """Whether the fast path took the text; it fails the test if it took it wrongly."""
    fast = scan(source)
    if fast is None:
        return False
    careful = parse(source)
    assert fast.problems == careful.problems
    assert len(fast.blocks) == len(careful.blocks)
    for mine, theirs in zip(fast.blocks, careful.blocks, strict=True):
        assert mine == theirs
    _outline_agrees(source, fast.blocks)
    return True


def _outline_agrees(source: Source, blocks: tuple[RawEntry | RawBlock, ...]) -> None:
    """The outline of a text the scan takes: its blocks, each entry with its crossref alone,
    and which of them start a line of their own."""
    found = outline(source)
    if found is None:  # not split: an `@` that ends a line is read with the next line's head
        assert any(TRAILING_AT.search(source.text, 0, head) for head in _heads(source.text))
        return
    expected = [
        attrs.evolve(b, fields=tuple(f for f in b.fields if f.name == "crossref"))
        if isinstance(b, RawEntry)
        else b
        for b in blocks
    ]
    assert found.blocks == expected
    text = source.text
    for block, head in zip(found.blocks, found.alone, strict=True):
        line_start = text.rfind("\n", 0, block.offset) + 1
        alone = not text[line_start : block.offset].strip(" \t")
        assert (head is not None) == (alone and isinstance(block, RawEntry))
        if head is not None:
            assert found.heads[head] == line_start


def _heads(text: str) -> list[int]:
    return [match.start() for match in re.finditer(r"(?m)^[ \t]*@", text)]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_fast_path_agrees_on_the_corpus(name):
    _agrees(_source(CORPUS[name]))


def test_the_large_corpus_files_take_the_fast_path():
    """Without this, a scan that declined everything would pass every other test."""
    large = [
        "texlive/beebe/tugboat.bib",
        "texlive/beebe/typeset.bib",
        "pybtex/tests/data/xampl.bib",
    ]
    present = [name for name in large if name in CORPUS]
    if not present:
        missing_tool("the corpus is not on this machine (python tests/corpus.py)")
    assert all(_agrees(_source(CORPUS[name])) for name in present)


@pytest.mark.parametrize(
    "text",
    [
        "@comment{x}@misc{c, title={C}}\n",
        "@string{a = {x}}@misc{c, title={C}}\n",
        '@preamble{"x"}@misc{c, title={C}}\n',
        "@misc{a, title={A}}@misc{c, title={C}}\n",
    ],
)
def test_a_block_followed_at_once_by_another(text):
    """The careful path reads `@comment{x}@misc{...` as one block: the scan leaves it be."""
    _agrees(Source(text))


@pytest.mark.parametrize("path", BIB_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_fast_path_agrees_on_the_fixtures(path):
    _agrees(_source(path))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=BY_FORMAT["bibtex"])
def test_the_fast_path_agrees_on_hostile_text(text):
    _agrees(Source(text))


def _well_formed(number: int) -> str:
    return f"@article{{k{number}, title={{T{number}}}, author={{A. B}}, year=2000}}\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=BY_FORMAT["bibtex"])
def test_what_the_scan_declines_between_entries_it_reads_agrees(text):
    """Hostile text between entries the scan reads: read a stretch at a time, or whole by
    the careful path, the same document."""
    _agrees(Source(f"{_well_formed(1)}{text}\n{_well_formed(2)}@misc{{m, note={{@}}}}"))


@pytest.mark.parametrize(
    ("odd", "careful"),
    [
        ("@article{d, title={A}, title={B}, year=2001}", False),  # a field given twice
        ("@article(p, title={In parentheses})", True),
        ("@article{{braced}, title={A key with braces}}", True),
        ("@COMMENTED{c, title={An entry type that starts with comment}}", True),
        ("% @article{old, title={commented out}}\n@misc{after, title={A}}", True),
        ("@\n@article{lone, title={An @ that ends a line}}", True),
    ],
)
def test_one_odd_entry_leaves_the_rest_of_the_file_to_the_scan(odd, careful, monkeypatch):
    """The careful path reads the odd entry's stretch alone (the file's 21 other entries, of
    four words each, blanked), or nothing."""
    text = "".join(_well_formed(i) for i in range(20)) + odd + "\n" + _well_formed(20)
    words_read_carefully: list[int] = []
    parse_whole = scan_module.syntax.parse_with_ends

    def parse(source: Source):
        words_read_carefully.append(len(source.text.split()))
        return parse_whole(source)

    assert _agrees(Source(text))
    monkeypatch.setattr(scan_module.syntax, "parse_with_ends", parse)
    scan(Source(text))
    assert len(words_read_carefully) == careful
    assert all(words < 20 for words in words_read_carefully)


@pytest.mark.parametrize(
    "text",
    [
        # A quote the careful path closes in a later stretch (`{"}` is a group in BibTeX).
        '@misc{a, title={A}}\n  @misc{q, title="{"}}\n@misc{b, title={B}}\n@x y{ " }',
        # A field name with a comment: its offset is not looked for in the next entry.
        "text ( paren\n@misc{k, title%={a(}}\n@article{k5, title={T5}}\n",
        # An entry the careful path reads on into a later stretch, with no field to say so.
        '@misc{k, ={"}"}\n@article{k4, title={T4}}\n\t,\t}=%)\\\t,#\n@x y { " }\n',
        # A line that any whitespace opens, and an `@` in a key, start a block for bibtexparser.
        "@misc{k, title={a\n\x0b@misc{m, t={b}}}}\n",
        "@misc{k, title={a\n\u00a0 @misc{m, t={b}}}}\n",
        "@a{@(,a=1,a=2,a=3}",
    ],
)
def test_what_the_careful_path_reads_across_stretches_agrees(text):
    _agrees(Source(text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(work=works())
def test_pubkit_output_takes_the_fast_path(work):
    for dialect in ("bibtex", "biblatex"):
        written = pubkit.dumps(pubkit.Library([work]), dialect)
        assert _agrees(Source(written)), written


def test_a_conversion_is_the_same_through_either_path(monkeypatch):
    """Output and diagnostics, byte for byte, for a large real file."""
    path = CORPUS.get("texlive/beebe/tugboat.bib")
    if path is None:
        missing_tool("the corpus is not on this machine (python tests/corpus.py)")
    fast = pubkit.load(path)
    monkeypatch.setattr(scan_module, "_blocks", _declined)
    careful = pubkit.load(path)
    for fmt in ("csl-json", "bibtex", "ris"):
        assert pubkit.dumps(fast, fmt) == pubkit.dumps(careful, fmt)
    assert [str(d) for d in fast.diagnostics] == [str(d) for d in careful.diagnostics]


def _declined(*args: object) -> list[object]:
    raise scan_module._Unusual
