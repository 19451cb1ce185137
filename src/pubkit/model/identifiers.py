"""Identifiers as the model keeps them: bare, normalized strings.

``normalize_doi("https://doi.org/10.48550/ARXIV.2203.02889")`` -> ``10.48550/ARXIV.2203.02889``;
``normalize_arxiv_id("arXiv:2203.02889v2")`` -> ``2203.02889v2``. Each raises InvalidValueError
for text that is not such an identifier, so readers can report it with its position.
"""

from __future__ import annotations

import re

from pubkit.errors import InvalidValueError

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# New-style ids (2007 on: 0704.0001, 2203.02889, with a version) and old-style (hep-th/9901001).
_ARXIV = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_VERSION = re.compile(r"v\d+$")
_ARXIV_PREFIXES = re.compile(
    r"^(?:arxiv:\s*|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE
)


def normalize_doi(text: str) -> str:
    doi = _DOI_PREFIXES.sub("", text.strip()).strip()
    if not _DOI.match(doi):
        raise InvalidValueError(f"{text!r} is not a DOI (10.<registrant>/<suffix>)")
    return doi


def normalize_arxiv_id(text: str) -> str:
    arxiv_id = _ARXIV_PREFIXES.sub("", text.strip()).strip().removesuffix(".pdf")
    if not _ARXIV.match(arxiv_id):
        raise InvalidValueError(f"{text!r} is not an arXiv identifier (e.g. 2203.02889)")
    return arxiv_id


def arxiv_doi(arxiv_id: str) -> str:
    """The DOI that arXiv (through DataCite) gives every paper: ``10.48550/arXiv.<id>``."""
    return "10.48550/arXiv." + _VERSION.sub("", arxiv_id)
