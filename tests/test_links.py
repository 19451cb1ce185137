import pytest

from pubkit.links import find_links


@pytest.mark.parametrize(
    ("text", "code_url", "links"),
    [
        (
            "We release our code in https://github.com/ PKUnlp-icler/TSAR.",
            "https://github.com/PKUnlp-icler/TSAR",
            (),
        ),
        ("in https://github.com/DreamInvoker/GAIN .", "https://github.com/DreamInvoker/GAIN", ()),
        ("Code: github.com/owner/repo, thanks", "https://github.com/owner/repo", ()),
        ("(see https://gitlab.com/group/project)", "https://gitlab.com/group/project", ()),
        ("at https://codeberg.org/o/r.git.", "https://codeberg.org/o/r", ()),
        ("at https://GitHub.com/o/r/tree/main/src.", "https://github.com/o/r/tree/main/src", ()),
        (
            "page https://proj.github.io/x/ and www.example.org/a.",
            None,
            ("https://proj.github.io/x/", "https://www.example.org/a"),
        ),
        ("org page https://github.com/deepseek-ai only", None, ("https://github.com/deepseek-ai",)),
        (
            "two: https://github.com/a/one and https://github.com/b/two.",
            "https://github.com/a/one",
            ("https://github.com/b/two",),
        ),
        ("no links at all, just 1.5~8.6 points", None, ()),
        ("github.com/owner/repo.Then next sentence.", "https://github.com/owner/repo", ()),
        ("at github.com/socket/socket.io.", "https://github.com/socket/socket.io", ()),
        ("see https://example.com/a_(b) now", None, ("https://example.com/a_(b)",)),
        ("(see https://example.com/a)", None, ("https://example.com/a",)),
        ("页面 https://example.com/页面。", None, ("https://example.com/页面",)),
        ("mail a@github.com/x/y", None, ()),
    ],
)
def test_find_links(text, code_url, links):
    assert find_links(text) == (code_url, links)
