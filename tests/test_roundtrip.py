"""The round-trip matrix: a reference library that touches every model field, and generated
works, through every format that reads and writes; equal except for what each format is
documented not to carry (its ``lossy`` set)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import pubkit
from pubkit import registry
from pubkit.formats.bibtex.latex import LatexWriter

from conftest import FIXTURES
from strategies import works

REFERENCE = FIXTURES / "roundtrip" / "reference.json"
FORMATS = ["json", "csl-json", "bibtex", "biblatex", "ris"]
_NAMESPACES = {"bibtex": "bibtex:", "biblatex": "bibtex:", "ris": "ris:", "csl-json": "csl:"}
_TEXT_FIELDS = ("title", "abstract", "note", "container_title")


def _as_format_carries(work: pubkit.Work, fmt: str) -> pubkit.Work:
    """``work`` with what ``fmt`` cannot carry taken out, the same way on both sides."""
    lossy = registry.get(fmt).lossy
    changes: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        text = getattr(work, name)
        if text is None:
            continue
        if "markup" in lossy:
            plain = str(text)
            if "braces" in lossy:
                plain = plain.translate(str.maketrans("\uff5b\uff5d", "{}"))
            changes[name] = pubkit.Text.plain(plain)
        elif "latex-markup" in lossy:  # compared as the LaTeX they are written as
            changes[name] = pubkit.Text.plain(LatexWriter().text(text, title=name == "title"))
    if "dropping_particle" in lossy:
        changes["authors"] = tuple(
            attrs.evolve(p, particle=p.dropping_particle or p.particle, dropping_particle=None)
            if p.literal is None
            else p
            for p in work.authors
        )
    if "extra" in lossy:
        namespace = _NAMESPACES[fmt]
        changes["extra"] = {k: v for k, v in work.extra.items() if k.startswith(namespace)}
    if "publisher" in lossy and work.type is pubkit.WorkType.ARTICLE_JOURNAL:
        changes["publisher"] = None
    return attrs.evolve(work, **changes)


def _round_trip(library: pubkit.Library, fmt: str) -> pubkit.Library:
    return pubkit.loads(pubkit.dumps(library, fmt), fmt)


@pytest.fixture(scope="module")
def reference() -> pubkit.Library:
    return pubkit.load(REFERENCE)


def test_the_reference_touches_every_model_field(reference):
    for field in attrs.fields(pubkit.Work):
        if field.name == "origin":
            continue
        values = [getattr(work, field.name) for work in reference]
        assert any(v not in (None, (), False, {}) and v != field.default for v in values), (
            field.name
        )
    assert reference.profile is not None


@pytest.mark.parametrize("fmt", FORMATS)
def test_reference_round_trips(reference, fmt):
    again = _round_trip(reference, fmt)
    assert again.diagnostics == ()
    expected = [_as_format_carries(w, fmt) for w in reference]
    assert [_as_format_carries(w, fmt) for w in again] == expected
    if "profile" not in registry.get(fmt).lossy:
        assert again.profile == reference.profile
    for before, after in zip(reference, again, strict=True):
        for name in _TEXT_FIELDS:  # equal as chunks too, where markup is carried
            carried = not {"markup", "latex-markup"} & registry.get(fmt).lossy
            if carried and getattr(before, name):
                assert getattr(after, name).chunks == getattr(before, name).chunks


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(work=works())
def test_generated_works_round_trip(fmt, work):
    library = pubkit.Library((work,))
    again = _round_trip(library, fmt)
    assert again.errors == ()
    assert [_as_format_carries(w, fmt) for w in again] == [_as_format_carries(work, fmt)]
