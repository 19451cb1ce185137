"""BibTeX and BibLaTeX entry types <-> model types.

| model type (CSL)                       | BibTeX        | BibLaTeX                     |
|----------------------------------------|---------------|------------------------------|
| article (a preprint)                   | misc          | misc                         |
| article with a known journal           | article       | article                      |
| article-journal, -magazine, -newspaper | article       | article                      |
| paper-conference                       | inproceedings | inproceedings                |
| book / collection                      | book          | book / collection            |
| chapter                                | incollection  | incollection                 |
| thesis                                 | phdthesis     | thesis (type=phdthesis)      |
| report                                 | techreport    | report (type=techreport)     |
| manuscript                             | unpublished   | unpublished                  |
| webpage, post, post-weblog             | misc          | online                       |
| software / dataset / patent            | misc          | software / dataset / patent  |
| entry, entry-dictionary, -encyclopedia | misc          | inreference                  |
| periodical / pamphlet                  | misc / booklet| periodical / booklet         |
| anything else                          | misc          | misc                         |

A preprint is BibLaTeX ``@misc`` rather than ``@online``: ``@online`` requires a URL, DOI or
eprint, which a listing's papers do not have. No ``pubstate`` is made up for it: that a preprint
exists does not make a paper unpublished (``pubstate`` is the model's ``status``, as a source
says it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pubkit import arxiv
from pubkit.errors import InvalidValueError
from pubkit.formats.rules import Record, TypeTable
from pubkit.model import ArxivId, Work, WorkType

_BIBTEX_TYPES: dict[WorkType, str] = {
    WorkType.ARTICLE_JOURNAL: "article",
    WorkType.ARTICLE_MAGAZINE: "article",
    WorkType.ARTICLE_NEWSPAPER: "article",
    WorkType.PAPER_CONFERENCE: "inproceedings",
    WorkType.BOOK: "book",
    WorkType.COLLECTION: "book",
    WorkType.CHAPTER: "incollection",
    WorkType.THESIS: "phdthesis",
    WorkType.REPORT: "techreport",
    WorkType.MANUSCRIPT: "unpublished",
    WorkType.PAMPHLET: "booklet",
}
_BIBLATEX_TYPES: dict[WorkType, str] = {
    **_BIBTEX_TYPES,
    WorkType.THESIS: "thesis",
    WorkType.REPORT: "report",
    WorkType.WEBPAGE: "online",
    WorkType.POST: "online",
    WorkType.POST_WEBLOG: "online",
    WorkType.SOFTWARE: "software",
    WorkType.DATASET: "dataset",
    WorkType.PATENT: "patent",
    WorkType.ENTRY: "inreference",
    WorkType.ENTRY_DICTIONARY: "inreference",
    WorkType.ENTRY_ENCYCLOPEDIA: "inreference",
    WorkType.PERIODICAL: "periodical",
}
# BibLaTeX's `type` field, for types that BibTeX splits and BibLaTeX does not.
SUBTYPES = {WorkType.THESIS: "phdthesis", WorkType.REPORT: "techreport"}
# Entry types (BibTeX's and BibLaTeX's) -> model types.
_READ_TYPES: dict[str, WorkType] = {
    "article": WorkType.ARTICLE_JOURNAL,
    "inproceedings": WorkType.PAPER_CONFERENCE,
    "conference": WorkType.PAPER_CONFERENCE,
    "book": WorkType.BOOK,
    "mvbook": WorkType.BOOK,
    "booklet": WorkType.PAMPHLET,
    "inbook": WorkType.CHAPTER,
    "incollection": WorkType.CHAPTER,
    "bookinbook": WorkType.CHAPTER,
    "suppbook": WorkType.CHAPTER,
    # An edited book: CSL's `collection` is an archive's collection, and Zotero, pandoc and
    # citation-js read @collection as a book (the entry type is kept, and written back).
    "collection": WorkType.BOOK,
    "mvcollection": WorkType.BOOK,
    "proceedings": WorkType.BOOK,
    "mvproceedings": WorkType.BOOK,
    "reference": WorkType.BOOK,
    "inreference": WorkType.ENTRY,
    "phdthesis": WorkType.THESIS,
    "mastersthesis": WorkType.THESIS,
    "thesis": WorkType.THESIS,
    "techreport": WorkType.REPORT,
    "report": WorkType.REPORT,
    "manual": WorkType.REPORT,
    "unpublished": WorkType.MANUSCRIPT,
    "online": WorkType.WEBPAGE,
    "electronic": WorkType.WEBPAGE,
    "www": WorkType.WEBPAGE,
    "software": WorkType.SOFTWARE,
    "dataset": WorkType.DATASET,
    "patent": WorkType.PATENT,
    "periodical": WorkType.PERIODICAL,
    "standard": WorkType.STANDARD,
    # BibLaTeX's types for other media and for law (its standard styles treat them as @misc).
    "artwork": WorkType.GRAPHIC,
    "image": WorkType.GRAPHIC,
    "audio": WorkType.SONG,
    "music": WorkType.SONG,
    "video": WorkType.MOTION_PICTURE,
    "movie": WorkType.MOTION_PICTURE,
    "performance": WorkType.PERFORMANCE,
    "letter": WorkType.PERSONAL_COMMUNICATION,
    "review": WorkType.REVIEW,
    "jurisdiction": WorkType.LEGAL_CASE,
    "legislation": WorkType.LEGISLATION,
    "legal": WorkType.LEGISLATION,
    # Mendeley Reference Manager's own entry types.
    "web_page": WorkType.WEBPAGE,
    "book_section": WorkType.CHAPTER,
    "journal_article": WorkType.ARTICLE_JOURNAL,
    "magazine_article": WorkType.ARTICLE_MAGAZINE,
    "newspaper_article": WorkType.ARTICLE_NEWSPAPER,
    "conference_proceedings": WorkType.PAPER_CONFERENCE,
    "working_paper": WorkType.REPORT,
    "computer_program": WorkType.SOFTWARE,
    "encyclopedia_article": WorkType.ENTRY_ENCYCLOPEDIA,
    "film": WorkType.MOTION_PICTURE,
    "television_broadcast": WorkType.BROADCAST,
    "generic": WorkType.DOCUMENT,
    # A @misc is a preprint (CSL's article) where it shows a preprint server, else generic.
    "misc": WorkType.ARTICLE,
}
# Types whose container is a book or proceedings (BibTeX's booktitle).
PARTS = frozenset(
    {WorkType.CHAPTER, WorkType.PAPER_CONFERENCE, WorkType.ENTRY, WorkType.ENTRY_DICTIONARY,
     WorkType.ENTRY_ENCYCLOPEDIA}
)  # fmt: skip
BOOKTITLE_TYPES = frozenset(
    "inproceedings incollection inreference conference inbook bookinbook suppbook "
    "suppcollection".split()
)


def shows_a_preprint(fields: Mapping[str, str]) -> bool:
    """Whether an entry shows a preprint server: an arXiv eprint (``archivePrefix`` or
    ``eprinttype`` arXiv, or an eprint that is an arXiv id), or an arXiv category among its
    keywords (what pubkit writes for a listing's preprints)."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    eprint = fields.get("eprint", "").strip()
    if eprint and (prefix == "arxiv" or (not prefix and _is_arxiv_id(eprint))):
        return True
    if prefix == "arxiv" or "arxiv" in fields.get("howpublished", "").lower():
        return True
    keywords = re.split(r"[,;]", fields.get("keywords", ""))
    return any(arxiv.is_category_id(k.strip()) for k in keywords)


def _is_arxiv_id(text: str) -> bool:
    try:
        ArxivId(text)
    except InvalidValueError:
        return False
    return True


def _refine_read(record: Record, work_type: WorkType) -> WorkType:
    """Types from evidence: a ``@misc`` or a journal-less ``@article`` is a preprint (CSL's
    ``article``) only when it shows a preprint server; otherwise a ``@misc`` is a generic
    document (a software package, a web page) and an ``@article`` an article whose journal
    is not given."""
    if work_type is WorkType.ARTICLE:  # @misc
        return WorkType.ARTICLE if shows_a_preprint(record.fields) else WorkType.DOCUMENT
    if work_type is WorkType.ARTICLE_JOURNAL:
        has_journal = any(record.fields.get(f, "").strip() for f in ("journal", "journaltitle"))
        if not has_journal and shows_a_preprint(record.fields):
            return WorkType.ARTICLE
    return work_type


# The kind of work an entry type names by itself, as a `type` field would.
_GENRE_OF_ENTRY = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}


def genre_of_entry(entry_type: str) -> str | None:
    """The kind an entry type names by itself (`@mastersthesis`: "Master's thesis")."""
    return _GENRE_OF_ENTRY.get(entry_type)


def choose_write(fields: Callable[[str], Any], chosen: str, dialect: str) -> str:
    work_type = fields("type")
    if work_type is WorkType.THESIS and dialect != "biblatex":
        genre = fields("genre")
        return next((t for t, g in _GENRE_OF_ENTRY.items() if g == genre), "phdthesis")
    if work_type is WorkType.ARTICLE and fields("container_title") is not None:
        return "article"  # a preprint whose journal is known
    if work_type is WorkType.ARTICLE_JOURNAL and fields("container_title") is None:
        return "misc"  # @article requires a journal: every style would warn
    table = _BIBLATEX_TYPES if dialect == "biblatex" else _BIBTEX_TYPES
    return table.get(work_type, "misc")


def _type_carried(work: Work) -> WorkType:
    """A preprint that shows no preprint server (no arXiv id or category) comes back as a
    generic document, a journal article without a journal as what its evidence shows: to
    BibTeX they are all a ``@misc``."""
    preprint_server = work.arxiv_id is not None or any(
        arxiv.is_category_id(c) for c in work.categories
    )
    if work.type is WorkType.COLLECTION:
        return WorkType.BOOK  # @collection is an edited book to every reader (pubkit's too)
    if work.type is WorkType.ARTICLE and not preprint_server:
        return WorkType.DOCUMENT if work.container_title is None else WorkType.ARTICLE_JOURNAL
    if work.type is WorkType.ARTICLE_JOURNAL and work.container_title is None:
        # Written as a @misc (an @article needs a journal): read back by its evidence.
        return WorkType.ARTICLE if preprint_server else WorkType.DOCUMENT
    return work.type


# BibLaTeX's entry types that no classic BibTeX style knows (`collection`, `report`, `thesis`
# ...; IEEEtran.bst knows `patent`, `periodical`, `standard` and `online`): a classic .bib gets
# the type its styles know instead.
_BIBLATEX_ONLY = frozenset(
    """bookinbook collection dataset inreference mvbook mvcollection mvproceedings mvreference
    reference report set software suppbook suppcollection suppperiodical thesis xdata artwork
    audio image jurisdiction legal legislation letter movie music performance review
    video""".split()
)


def _keeps_type(entry_type: str, dialect: str) -> bool:
    return dialect == "biblatex" or entry_type.lower() not in _BIBLATEX_ONLY


TYPES = TypeTable(
    read=_READ_TYPES,
    write=_BIBTEX_TYPES,
    read_default=WorkType.DOCUMENT,
    write_default="misc",
    refine_read=_refine_read,
    choose_write=choose_write,
    carried=_type_carried,
    keeps_type=_keeps_type,
)
