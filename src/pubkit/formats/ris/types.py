"""RIS reference types (``TY``) <-> model types.

**Why CONF for conference papers.** RIS has CPAPER (a paper) and CONF (the proceedings), but
JabRef 3.8 knows only CONF (it makes CPAPER a non-standard ``@Other``), and Zotero and EndNote
read CONF as a conference paper too.

**Why UNPD for preprints.** RIS has no preprint type and tools disagree. Zotero's RIS import
maps UNPD (and MANSCPT, INPR) to a manuscript, and any type it does not know (UNPB, GEN) to a
journal article without a journal; an ``M2  - Type: preprint`` line, which Zotero keeps in
Extra, then makes the item a Preprint. JabRef 3.8 imports UNPD as its generic ``@Other`` (UNPB
would be ``@unpublished``, but Zotero users outnumber JabRef 3.8's).
"""

from __future__ import annotations

from pubkit.formats.rules import TypeTable
from pubkit.model import Work, WorkType

_TYPES: dict[WorkType, str] = {
    WorkType.ARTICLE: "UNPD",
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
    # CSL's collection (an archive's): RIS has no such type; EDBOOK is an edited book.
    WorkType.COLLECTION: "BOOK",
}
_READ_TYPES: dict[str, WorkType] = {
    **{tag: work_type for work_type, tag in _TYPES.items()},
    # UNPD is unpublished work (EndNote, Zotero): a preprint only with "Type: preprint".
    "UNPD": WorkType.MANUSCRIPT,
    "UNPB": WorkType.MANUSCRIPT,
    "EJOUR": WorkType.ARTICLE_JOURNAL,
    "INPR": WorkType.ARTICLE_JOURNAL,
    "ABST": WorkType.ARTICLE_JOURNAL,
    "CPAPER": WorkType.PAPER_CONFERENCE,
    "BOOK": WorkType.BOOK,
    "EBOOK": WorkType.BOOK,
    "EDBOOK": WorkType.BOOK,  # an edited book (Zotero's import too); the type is kept
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


def _type_carried(work: Work) -> WorkType:
    """An archive's collection (CSL's) is written as a book: RIS has no such type."""
    return WorkType.BOOK if work.type is WorkType.COLLECTION else work.type


TYPES = TypeTable(
    read=_READ_TYPES,
    write=_TYPES,
    read_default=WorkType.DOCUMENT,
    write_default="GEN",
    fold=str.upper,
    carried=_type_carried,
)
