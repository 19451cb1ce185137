"""Notes written as HTML (Zotero exports a child note to RIS ``N1`` as ``<p>...</p>``) as the
plain text a person reads: paragraphs and line breaks become lines, entities characters.

Only text that plainly is HTML is converted: a note saying "x < y" stays as it is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML = re.compile(r"^\s*<(?:p|div|span|br|h[1-6]|ul|ol|li|blockquote|pre|b|i|strong|em)\b", re.I)
_BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 ul ol blockquote pre tr".split())


def looks_like_html(text: str) -> bool:
    return bool(_HTML.match(text)) and bool(re.search(r"</\w+>|<br\s*/?>", text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_as_text(text: str) -> str:
    """``<p>Read for the seminar &amp; more.</p>`` -> ``Read for the seminar & more.``"""
    if not looks_like_html(text):
        return text
    parser = _Text()
    parser.feed(text)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
