"""Brace counting, the one place pubkit does it: BibTeX's way and TeX's."""

from pubkit.markup import braces


def test_bibtex_counts_every_brace_tex_skips_escaped_ones():
    text = r"a {b \{ c} d"
    assert braces.pairs(text) == {6: 9}  # `\{` opens the group `c}` closes; 2 stays open
    assert braces.unmatched(text) == [2]
    assert braces.pairs(text, escaped=True) == {2: 9}
    assert braces.unmatched(text, escaped=True) == []
    assert not braces.balanced(text)
    assert braces.balanced("{a {b} c}") and not braces.balanced("}{")


def test_groups_and_closing():
    assert braces.top_level_groups("{a}{b {c}}{}") == ["a", "b {c}", ""]
    assert braces.closing("{a {b}} c", 0) == 6
    assert braces.braced_whole("{Barnes and Noble, Inc.}")
    assert not braces.braced_whole("{A} and {B}")
