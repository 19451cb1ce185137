"""Which entry type and which fields each dialect uses for the model's works.

| model type (CSL)                       | BibTeX        | BibLaTeX                    |
|----------------------------------------|---------------|-----------------------------|
| article (a preprint)                   | misc          | misc + pubstate=prepublished |
| article with a known journal           | article       | article                     |
| article-journal, -magazine, -newspaper | article       | article                     |
| paper-conference                       | inproceedings | inproceedings               |
| book                                   | book          | book                        |
| collection                             | book          | collection                  |
| chapter                                | incollection  | incollection                |
| thesis                                 | phdthesis     | thesis (type=phdthesis)     |
| report                                 | techreport    | report (type=techreport)    |
| manuscript                             | unpublished   | unpublished                 |
| webpage, post, post-weblog             | misc          | online                      |
| software                               | misc          | software                    |
| dataset                                | misc          | dataset                     |
| patent                                 | misc          | patent                      |
| entry, entry-dictionary, -encyclopedia | misc          | inreference                 |
| periodical                             | misc          | periodical                  |
| pamphlet                               | booklet       | booklet                     |
| anything else                          | misc          | misc                        |

A preprint is BibLaTeX ``@misc`` with ``pubstate = {prepublished}`` rather than ``@online``:
``@online`` requires a URL, DOI or eprint, which a listing's papers do not have, and one type for
every preprint is what the CSL-JSON (``article``) and RIS (``GEN``) writers do too.
"""

from __future__ import annotations

from pubkit.model import Work, WorkType

BIBTEX_TYPES: dict[WorkType, str] = {
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
BIBLATEX_TYPES: dict[WorkType, str] = {
    WorkType.ARTICLE_JOURNAL: "article",
    WorkType.ARTICLE_MAGAZINE: "article",
    WorkType.ARTICLE_NEWSPAPER: "article",
    WorkType.PAPER_CONFERENCE: "inproceedings",
    WorkType.BOOK: "book",
    WorkType.COLLECTION: "collection",
    WorkType.CHAPTER: "incollection",
    WorkType.THESIS: "thesis",
    WorkType.REPORT: "report",
    WorkType.MANUSCRIPT: "unpublished",
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
    WorkType.PAMPHLET: "booklet",
}
# BibLaTeX's `type` field, for types that BibTeX splits and BibLaTeX does not.
BIBLATEX_SUBTYPES: dict[WorkType, str] = {
    WorkType.THESIS: "phdthesis",
    WorkType.REPORT: "techreport",
}


def is_preprint(work: Work) -> bool:
    return work.type is WorkType.ARTICLE and work.container_title is None


def entry_type(work: Work, biblatex: bool) -> str:
    if work.type is WorkType.ARTICLE and work.container_title is not None:
        return "article"
    table = BIBLATEX_TYPES if biblatex else BIBTEX_TYPES
    return table.get(work.type, "misc")


def container_field(bib_type: str, biblatex: bool) -> str:
    """The field that holds the journal, proceedings or book title for ``bib_type``."""
    if bib_type == "article":
        return "journaltitle" if biblatex else "journal"
    if bib_type in (
        "inproceedings",
        "incollection",
        "inreference",
        "conference",
        "inbook",
        "bookinbook",
        "suppbook",
        "suppcollection",
    ):
        return "booktitle"
    return "howpublished" if bib_type == "misc" else "note"


MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# Reading: entry types (BibTeX's and BibLaTeX's) -> model types.
READ_TYPES: dict[str, WorkType] = {
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
    "collection": WorkType.COLLECTION,
    "mvcollection": WorkType.COLLECTION,
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
    "misc": WorkType.ARTICLE,
}


# Types whose container is a book or proceedings (BibTeX's booktitle).
PARTS = frozenset(
    {WorkType.CHAPTER, WorkType.PAPER_CONFERENCE, WorkType.ENTRY, WorkType.ENTRY_DICTIONARY,
     WorkType.ENTRY_ENCYCLOPEDIA}
)  # fmt: skip


def written_types(work_type: WorkType) -> set[str]:
    """The entry types the writers give a work of ``work_type`` (with or without a journal)."""
    types = {BIBTEX_TYPES.get(work_type, "misc"), BIBLATEX_TYPES.get(work_type, "misc")}
    if work_type is WorkType.ARTICLE:
        types.add("article")
    return types


def read_type(bib_type: str, *, has_container: bool) -> WorkType | None:
    """The model type of an entry; None for an entry type pubkit does not know.

    ``@misc`` is read as CSL's ``article`` (a preprint or working paper): what pubkit writes
    for preprints, and what a ``@misc`` in a paper's bibliography mostly is. An ``@article``
    whose journal is missing is a preprint too.
    """
    if bib_type == "article" and not has_container:
        return WorkType.ARTICLE
    return READ_TYPES.get(bib_type)
