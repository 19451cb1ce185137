"""Zotero's own import code reads what pubkit writes as intended (docs/consumers.md).

Zotero's import translators (zotero/translators) run in Zotero's translation framework, which
no package registry ships. These tests run where a runner is installed: set
``PUBKIT_ZOTERO_IMPORT`` to a command that takes ``--translator NAME FILE`` and prints
``{"items": [...]}`` (Zotero's item JSON). Without it they skip, also in CI.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pubkit

from conftest import SEED

RUNNER = os.environ.get("PUBKIT_ZOTERO_IMPORT")
pytestmark = pytest.mark.skipif(
    not RUNNER,
    reason="set PUBKIT_ZOTERO_IMPORT to a runner of Zotero's import translators",
)


def _zotero(library: pubkit.Library, fmt: str, translator: str, tmp_path: Path) -> list[Any]:
    path = tmp_path / {"ris": "refs.ris", "csl-json": "refs.json", "bibtex": "refs.bib"}[fmt]
    path.write_text(pubkit.dumps(library, fmt), encoding="utf-8")
    command = [*shlex.split(RUNNER or ""), "--translator", translator, str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert not document.get("error"), document.get("error")
    items: list[Any] = document["items"]
    assert len(items) == len(library)
    return items


def _people(item: dict[str, Any]) -> list[str]:
    return [c.get("lastName") or c.get("name") for c in item["creators"]]


@pytest.fixture(scope="module")
def seed() -> pubkit.Library:
    return pubkit.load(SEED)


@pytest.mark.parametrize(("fmt", "translator"), [("ris", "RIS"), ("csl-json", "CSLJSON")])
def test_ris_and_csl_json_arrive_as_preprints_with_their_key_and_no_fake_author(
    seed, tmp_path, fmt, translator
):
    for work, item in zip(seed, _zotero(seed, fmt, translator, tmp_path), strict=True):
        assert item["itemType"] == "preprint"
        assert _people(item) == [p.family or p.literal for p in work.authors]
        assert item.get("citationKey") == work.key
        assert item.get("url") != work.code_url or work.code_url is None
        extra = item.get("extra", "")
        assert ("more authors than these" in extra) == work.authors_truncated
        if work.code_url:
            assert work.code_url in extra
        if fmt == "ris":  # Zotero's CSL-JSON import has no tags: categories stay in Extra
            assert [t["tag"] for t in item["tags"]] == list(work.categories)


def test_bibtex_arrives_with_tags_and_a_note_and_others_for_et_al(seed, tmp_path):
    for work, item in zip(seed, _zotero(seed, "bibtex", "BibTeX", tmp_path), strict=True):
        assert item["itemType"] == "document"  # Zotero's BibTeX import has no preprint type
        expected = [p.family or p.literal for p in work.authors]
        # BibTeX's `and others`, which Zotero's import makes a creator: the known trade-off.
        assert _people(item) == expected + (["others"] if work.authors_truncated else [])
        assert [t["tag"] for t in item["tags"]] == list(work.categories)
        if work.code_url:
            assert any(work.code_url in note for note in item["notes"])
        assert item.get("url") != work.code_url or work.code_url is None


def test_a_books_editors_series_and_number_and_an_access_date_arrive_in_their_fields(tmp_path):
    """RIS tags Zotero reads by the item's type (pubkit.formats.ris.typed_tags): a book's
    editors are A3 (A2 would make them series editors), its series T2, its number M1."""
    editor = pubkit.Person(given="Jane", family="Doe")
    library = pubkit.Library(
        [
            pubkit.Work(type=pubkit.WorkType.BOOK, key="b", title="A Book", editors=(editor,),
                        series="LNCS", series_number="7", isbn="978-3-16-148410-0"),
            pubkit.Work(type=pubkit.WorkType.REPORT, key="r", title="A Report",
                        series="Tech Series", publisher="MIT"),
            pubkit.Work(type=pubkit.WorkType.ARTICLE_JOURNAL, key="a", title="An Article",
                        container_title="Nature", container_short="Nat.",
                        accessed=pubkit.Date(2024, 5, 6)),
        ]
    )  # fmt: skip
    book, report, article = _zotero(library, "ris", "RIS", tmp_path)
    assert book["creators"] == [{"creatorType": "editor", "lastName": "Doe", "firstName": "Jane"}]
    assert (book["series"], book["seriesNumber"]) == ("LNCS", "7")
    assert (report["seriesTitle"], report["institution"]) == ("Tech Series", "MIT")
    assert (article["publicationTitle"], article["journalAbbreviation"]) == ("Nature", "Nat.")
    assert article["accessDate"] == "2024-05-06"


def test_a_journal_abbreviation_arrives_from_csl_json(tmp_path):
    work = pubkit.Work(type=pubkit.WorkType.ARTICLE_JOURNAL, key="a", title="An Article",
                       container_title="Nature", container_short="Nat.")  # fmt: skip
    (item,) = _zotero(pubkit.Library([work]), "csl-json", "CSLJSON", tmp_path)
    assert (item["publicationTitle"], item["journalAbbreviation"]) == ("Nature", "Nat.")


def test_names_with_particles_and_suffixes_arrive_whole_from_ris(tmp_path):
    """docs/consumers.md: Zotero's CSL JSON import drops particles and suffixes; its RIS import
    keeps them, in the family name."""
    persons = (
        pubkit.Person(given="Jan", particle="van der", family="Horst"),
        pubkit.Person(given="Tom", family="Cargill", suffix="III"),
    )
    work = pubkit.Work(type=pubkit.WorkType.BOOK, key="b", title="T", authors=persons)
    (item,) = _zotero(pubkit.Library([work]), "ris", "RIS", tmp_path)
    assert [(c["lastName"], c["firstName"]) for c in item["creators"]] == [
        ("van der Horst", "Jan"),
        ("Cargill", "Tom, III"),
    ]
