"""Other RIS readers get pubkit's RIS right: bibutils (ris2xml, xml2bib) and JabRef 3.8."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from pylatexenc.latex2text import LatexNodes2Text

import pubkit
from pubkit.markup.plain import readable

from conftest import FIXTURES, SEED, require_tool

LISTINGS = [SEED, *sorted((FIXTURES / "listing" / "valid").glob("*.txt"))]
JABREF_TIMEOUT = 180


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=JABREF_TIMEOUT, **kwargs
    )


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
def test_bibutils_reads_every_record_with_titles_and_authors(path: Path, tmp_path: Path):
    ris2xml, xml2bib = require_tool("ris2xml"), require_tool("xml2bib")
    library = pubkit.load(path)
    ris = tmp_path / "refs.ris"
    ris.write_text(pubkit.dumps(library, "ris"), encoding="utf-8")
    xml = _run([ris2xml, str(ris)])
    assert xml.returncode == 0, xml.stderr
    bib = subprocess.run(
        [xml2bib], input=xml.stdout, capture_output=True, text=True, check=False, timeout=60
    )
    assert bib.returncode == 0, bib.stderr
    entries = re.split(r"^@", bib.stdout.lstrip("\ufeff"), flags=re.MULTILINE)[1:]
    assert len(entries) == len(library)
    for entry, work in zip(entries, library.works, strict=True):
        title = re.search(r'^title="(.*)",?$', entry, re.MULTILINE)
        assert title is not None and _letters(_plain(title.group(1))) == _letters(
            readable(work.title)
        )
        authors = re.search(r'^author="(.*?)",?$', entry, re.MULTILINE | re.DOTALL)
        count = len(authors.group(1).split("\nand ")) if authors else 0
        assert count == len(work.authors)


def _letters(text: str) -> str:
    """Letters and digits only: bibutils spells some signs its own way (``{\\~}`` for ~)."""
    return "".join(c for c in text if c.isalnum())


def _jabref(ris: Path, output: Path) -> subprocess.CompletedProcess[str]:
    jabref = require_tool("jabref")
    command = [jabref, "--nogui", "--generateBibtexKeys", "--import", f"{ris},ris"]
    command += ["--output", str(output)]  # a .bib output is saved as BibTeX
    xvfb = shutil.which("xvfb-run")  # JabRef 3.8 starts AWT even without its GUI
    return _run([xvfb, "-a", *command] if xvfb else command, cwd=ris.parent)


def _plain(latex: str) -> str:
    return " ".join(LatexNodes2Text().latex_to_text(latex).split())


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: p.stem)
def test_jabref_imports_every_record_as_mapped(path: Path, tmp_path: Path):
    library = pubkit.load(path)
    ris = tmp_path / "refs.ris"
    ris.write_text(pubkit.dumps(library, "ris"), encoding="utf-8")
    output = tmp_path / "jabref.bib"
    result = _jabref(ris, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Exception" not in result.stdout + result.stderr
    assert output.exists(), result.stdout
    parsed = bibtexparser.parse_string(output.read_text(encoding="utf-8"))
    assert parsed.failed_blocks == []
    assert len(parsed.entries) == len(library)
    for entry, work in zip(parsed.entries, library.works, strict=True):
        # JabRef 3.8 makes TY UNPD (unpublished work; with "Type: preprint" a Zotero Preprint)
        # its generic @Other: the type is the one thing it loses.
        assert entry.entry_type == "other"
        # JabRef 3.8 copies RIS text into BibTeX as it is, escaping only `&`.
        title = entry["title"].replace("\\&", "&")
        assert " ".join(title.split()) == " ".join(readable(work.title).split())
        jabref_authors = [_without_suffix(a) for a in entry["author"].split(" and ")]
        assert jabref_authors == [_jabref_name(p) for p in work.authors]
        assert entry["year"] == str(work.issued.year)


def _without_suffix(name: str) -> str:
    """JabRef 3.8 keeps `Jr.` but turns a suffix `III` into initials (`I. I. I.`): compare
    family and given names only."""
    return ", ".join(" ".join(part.split()) for part in name.split(",")[:2])


def _jabref_name(person: pubkit.Person) -> str:
    """How JabRef 3.8 writes an RIS name back: `Last, First`, organizations as they are."""
    if person.literal is not None:
        return " ".join(person.literal.split())
    return f"{person.family_with_particle}, {person.given}" if person.given else person.family


def test_jabref_reads_a_books_editors_and_series(tmp_path: Path):
    """A book's editors are A3 and its series T3, which JabRef 3.8 reads as the editor and the
    series (and Zotero too: A2 would be its series editor, T2 its series)."""
    book = pubkit.Work(
        type=pubkit.WorkType.BOOK, key="b", title="A Book", series="LNCS",
        editors=(pubkit.Person(given="Jane", family="Doe"),),
    )  # fmt: skip
    ris = tmp_path / "refs.ris"
    ris.write_text(pubkit.dumps([book], "ris"), encoding="utf-8")
    output = tmp_path / "jabref.bib"
    result = _jabref(ris, output)
    assert result.returncode == 0, result.stdout + result.stderr
    (entry,) = bibtexparser.parse_string(output.read_text(encoding="utf-8")).entries
    assert entry.entry_type == "book"
    assert (entry["editor"], entry["series"]) == ("Doe, Jane", "LNCS")
