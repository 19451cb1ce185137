import pytest

from pubkit import arxiv


@pytest.mark.parametrize(
    ("suffix", "preferred", "expected"),
    [
        ("CL", None, "cs.CL"),
        ("CV", None, "cs.CV"),
        ("SE", None, "cs.SE"),
        ("AS", None, "eess.AS"),
        ("OC", None, "math.OC"),
        ("LG", None, "cs.LG"),
        ("ML", None, "stat.ML"),
        ("NE", None, "cs.NE"),
        ("SC", None, "cs.SC"),
        ("CO", None, "stat.CO"),  # stat before math, for suffixes cs lacks
        ("ST", None, "math.ST"),
        ("CV", "math", "math.CV"),  # the profile's archive wins
        ("CO", "astro-ph", "astro-ph.CO"),
        ("IT", "math", "math.IT"),
        ("CL", "math", "cs.CL"),  # a preference only matters where the suffix exists
        ("ZZ", None, None),
    ],
)
def test_resolve_suffix(suffix, preferred, expected):
    assert arxiv.resolve_suffix(suffix, preferred) == expected


def test_every_resolved_category_is_in_the_taxonomy():
    for archive, suffixes in arxiv.ARCHIVES.items():
        for suffix in suffixes:
            assert arxiv.resolve_suffix(suffix, archive) == f"{archive}.{suffix}"
            assert arxiv.resolve_suffix(suffix) in arxiv.CATEGORIES


def test_ambiguous_suffixes_are_known():
    assert arxiv.archives_with("CV") == ("cs", "math")
    assert arxiv.archives_with("CL") == ("cs",)
