"""RIS reference types and the notes pubkit writes for what RIS has no tag for.

| model type (CSL)            | RIS `TY` written | also read as `TY`                 |
|-----------------------------|------------------|-----------------------------------|
| article (a preprint)        | UNPB             | UNPB                              |
| article-journal             | JOUR             | JOUR, EJOUR, JFULL, INPR          |
| article-magazine            | MGZN             | MGZN                              |
| article-newspaper           | NEWS             | NEWS                              |
| paper-conference            | CONF             | CONF, CPAPER                      |
| book                        | BOOK             | BOOK, EBOOK, EDBOOK               |
| chapter                     | CHAP             | CHAP, ECHAP                       |
| thesis                      | THES             | THES                              |
| report                      | RPRT             | RPRT                              |
| manuscript                  | MANSCPT          | MANSCPT                           |
| webpage                     | ELEC             | ELEC, WEB                         |
| post-weblog                 | BLOG             | BLOG                              |
| software                    | COMP             | COMP                              |
| dataset                     | DATA             | DATA, DBASE                       |
| patent                      | PAT              | PAT                               |
| standard                    | STAND            | STAND                             |
| entry-dictionary / -encyclopedia | DICT / ENCYC | DICT / ENCYC                   |
| (legal and other types)     | see WRITE_TYPES  | also VIDEO, ADVS, MULTI, CHART ...|
| anything else               | GEN              | GEN and any other type            |

**Why CONF for conference papers.** RIS has CPAPER (a paper) and CONF (the proceedings), but
JabRef 3.8 knows only CONF (it makes CPAPER a non-standard ``@Other``), and Zotero and EndNote
read CONF as a conference paper too.

**Why UNPB for preprints.** RIS has no preprint type and tools disagree (Zotero exports
preprints as GEN and reads GEN back as a journal article; citation-js writes JOUR). UNPB,
"unpublished work", is what a preprint is, and every importer turns it into a faithful item:
JabRef 3.8 an ``@unpublished`` entry (GEN becomes its non-standard ``@Other``, JOUR an
``@article`` with no journal), Zotero a manuscript, EndNote an Unpublished Work. The BibTeX
(``@misc``) and CSL (``article``) writers say the same thing in their own vocabularies.
"""

from __future__ import annotations

from pubkit.model import WorkType

WRITE_TYPES: dict[WorkType, str] = {
    WorkType.ARTICLE: "UNPB",
    WorkType.ARTICLE_JOURNAL: "JOUR",
    WorkType.ARTICLE_MAGAZINE: "MGZN",
    WorkType.ARTICLE_NEWSPAPER: "NEWS",
    WorkType.PAPER_CONFERENCE: "CONF",
    WorkType.BOOK: "BOOK",
    WorkType.CHAPTER: "CHAP",
    WorkType.THESIS: "THES",
    WorkType.REPORT: "RPRT",
    WorkType.MANUSCRIPT: "MANSCPT",
    WorkType.WEBPAGE: "ELEC",
    WorkType.POST_WEBLOG: "BLOG",
    WorkType.SOFTWARE: "COMP",
    WorkType.DATASET: "DATA",
    WorkType.PATENT: "PAT",
    WorkType.STANDARD: "STAND",
    WorkType.ENTRY_DICTIONARY: "DICT",
    WorkType.ENTRY_ENCYCLOPEDIA: "ENCYC",
    WorkType.LEGAL_CASE: "CASE",
    WorkType.BILL: "BILL",
    WorkType.MAP: "MAP",
    WorkType.MOTION_PICTURE: "MPCT",
    WorkType.PERSONAL_COMMUNICATION: "PCOMM",
    WorkType.HEARING: "HEAR",
    WorkType.LEGISLATION: "STAT",
    WorkType.REGULATION: "LEGAL",
    WorkType.GRAPHIC: "ART",
    WorkType.SONG: "SOUND",
    WorkType.PAMPHLET: "PAMP",
    WorkType.FIGURE: "FIGURE",
    WorkType.MUSICAL_SCORE: "MUSIC",
    WorkType.CLASSIC: "CLSWK",
    WorkType.PERIODICAL: "JFULL",
    WorkType.COLLECTION: "EDBOOK",
}
READ_TYPES: dict[str, WorkType] = {
    **{tag: work_type for work_type, tag in WRITE_TYPES.items()},
    "EJOUR": WorkType.ARTICLE_JOURNAL,
    "INPR": WorkType.ARTICLE_JOURNAL,
    "ABST": WorkType.ARTICLE_JOURNAL,
    "CPAPER": WorkType.PAPER_CONFERENCE,
    "EBOOK": WorkType.BOOK,
    "CTLG": WorkType.BOOK,
    "ECHAP": WorkType.CHAPTER,
    "WEB": WorkType.WEBPAGE,
    "ICOMM": WorkType.PERSONAL_COMMUNICATION,
    "DBASE": WorkType.DATASET,
    "AGGR": WorkType.DATASET,
    "VIDEO": WorkType.MOTION_PICTURE,
    "ADVS": WorkType.MOTION_PICTURE,
    "MULTI": WorkType.MOTION_PICTURE,
    "CHART": WorkType.FIGURE,
    "EQUA": WorkType.FIGURE,
    "SLIDE": WorkType.SPEECH,
    "ANCIENT": WorkType.CLASSIC,
    "GOVDOC": WorkType.REPORT,
    "GRANT": WorkType.DOCUMENT,
    "SER": WorkType.PERIODICAL,
    "GEN": WorkType.DOCUMENT,
}
GENERIC = "GEN"

# Notes (N1) pubkit writes for what RIS has no tag for, and reads back: a prefix each.
TRUNCATED_NOTE = "Authors: the source lists more authors than these (et al.)"
CODE_PREFIX = "Code: "  # the listing flagged code, and this is its repository
CODE_LINK_PREFIX = "Code link: "  # a repository found in the abstract, without the flag
CODE_WITHOUT_URL = "Code: available"  # the flag without a link
LINKS_PREFIX = "Links: "
AFFILIATIONS_PREFIX = "Affiliations: "
CATEGORIES_PREFIX = "arXiv categories: "
ARXIV_PREFIX = "arXiv: "
