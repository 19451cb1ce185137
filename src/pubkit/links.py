"""Finding links in free text, and telling code repositories from other pages.

Listings mangle URLs: ``https://github.com/ PKUnlp-icler/TSAR.`` (a space after the host, a
full stop after the path), ``https://github.com/DreamInvoker/GAIN .``, bare
``github.com/owner/repo``, URLs in parentheses. A *code URL* is a repository on a code host
(``CODE_HOSTS``): a host plus at least ``owner/repo``. Project pages (``*.github.io``), model
hubs and the like are ordinary links.
"""

from __future__ import annotations

import re

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "git.sr.ht")

_SEGMENT = r"[A-Za-z0-9_.~%+@-]+"
_CODE_URL = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:www\.)?"
    r"(?P<host>" + "|".join(re.escape(h) for h in CODE_HOSTS) + r")"
    r"/[ \t]?(?P<path>" + _SEGMENT + r"/" + _SEGMENT + r"(?:/" + _SEGMENT + r")*)",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|(?<![\w.@/-])www\.)[^\s<>\"'\[\]{}]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"。，；：！？、"
# A full stop glued to the next sentence: `github.com/owner/repo.Then we ...`.
_GLUED_SENTENCE = re.compile(r"\.(?=[A-Z][a-z])")


def _tidy(path: str) -> str:
    if glued := _GLUED_SENTENCE.search(path):
        path = path[: glued.start()]
    path = path.rstrip(_TRAILING + "/")
    return path.removesuffix(".git")


def _trim_url(url: str) -> str:
    """Drop trailing punctuation, and a closing parenthesis that the URL did not open."""
    while True:
        trimmed = url.rstrip(_TRAILING)
        if trimmed.endswith(")") and trimmed.count(")") > trimmed.count("("):
            trimmed = trimmed[:-1]
        if trimmed == url:
            return url
        url = trimmed


def find_links(text: str) -> tuple[str | None, tuple[str, ...]]:
    """The first code repository URL in ``text`` and every other URL, in order of appearance."""
    found: list[tuple[int, str, bool]] = []
    covered: list[tuple[int, int]] = []
    for match in _CODE_URL.finditer(text):
        host = match.group("host").lower()
        found.append((match.start(), f"https://{host}/{_tidy(match.group('path'))}", True))
        covered.append(match.span())
    for match in _URL.finditer(text):
        if any(
            start <= match.start() < end or match.start() <= start < match.end()
            for start, end in covered
        ):
            continue
        url = _trim_url(match.group())
        if url.lower().startswith("www."):
            url = "https://" + url
        found.append((match.start(), url, False))
    found.sort()
    code_url = next((url for _, url, is_code in found if is_code), None)
    others: list[str] = []
    for _, url, _is_code in found:
        if url != code_url and url not in others:
            others.append(url)
    return code_url, tuple(others)
