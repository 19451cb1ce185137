"""A work no reader can look up (no DOI, arXiv id, URL or ISBN) is reported by every writer of
a cited format, by its key, and by none for pubkit's own JSON."""

from __future__ import annotations

import pytest

import pubkit
from pubkit.model import Work

FINDABLE = [
    Work(key="doi", title="T", doi="10.1234/x"),
    Work(key="arxiv", title="T", arxiv_id="2203.02889"),
    Work(key="url", title="T", url="https://example.org/paper"),
    Work(key="isbn", title="T", isbn="978-3-16-148410-0"),
]


@pytest.mark.parametrize("target", ["bibtex", "biblatex", "csl-json", "ris"])
def test_each_work_without_a_locator_is_named_once(target):
    lost = Work(key="lost", title="Lost Paper")
    written = pubkit.write([*FINDABLE, lost], target)
    (warning,) = [d for d in written.diagnostics if d.code == "no-locator"]
    assert warning.key == "lost" and not warning.is_error
    assert str(warning).startswith("<output> [lost]: warning[no-locator]: no DOI, arXiv id")


def test_a_work_without_a_key_is_named_by_the_key_it_is_given():
    written = pubkit.write([Work(title="A Paper Without a Key")], "ris")
    (warning,) = written.diagnostics
    assert warning.key is not None and f"ID  - {warning.key}\r\n" in written.text


def test_pubkit_json_keeps_data_and_reports_nothing():
    assert pubkit.write([Work(key="lost", title="Lost")], "json").diagnostics == ()
