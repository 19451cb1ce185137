"""The RIS table: model fields <-> RIS tags, both ways. Values are lists of lines, one per tag.

Types are in ``types.py`` (preprints are UNPB, conference papers CONF), converters in
``converters.py``. Rules are listed in the order they read: the carriers first, so that ``UR``
and ``KW`` are read knowing what the notes say; ``order`` is the order tags are written in.
What RIS has no tag for travels in ``M2`` lines (``formats/carriers.py``), which Zotero keeps
in an item's Extra field; ``N1`` is the work's own note.
"""

from __future__ import annotations

from pubkit.affiliations import affiliation
from pubkit.formats.carriers import carriers
from pubkit.formats.ris import converters as c
from pubkit.formats.ris import typed_tags as t
from pubkit.formats.ris.types import TYPES
from pubkit.formats.rules import Carrier, Parts, ReadContext, Rule, WriteContext
from pubkit.formats.table import Table
from pubkit.model import WorkType

_LINES = Parts(split=lambda lines, labels: list(lines), join=list)


def _read_type(ctx: ReadContext, rest: str) -> WorkType | None:
    """``Type: preprint``: what makes Zotero's item a Preprint (RIS has no such type)."""
    return WorkType.ARTICLE if rest.strip() == "preprint" else None


def _write_type(ctx: WriteContext, work_type: WorkType) -> str | None:
    return "preprint" if work_type is WorkType.ARTICLE else None


MAPPING = Table(
    format="ris",
    types=TYPES,
    parts={"M2": _LINES},
    order=tuple(
        "TI T1 ST AU A2 A3 A4 T2 C3 JF JO JA J2 PY Y1 DA VL NV IS SP EP PB CY ET T3 M1 M3 SN LA AB "
        "N2 KW DO UR Y2 AN AD N1 M2".split()
    ),
    rules=(
        # M2 lines (Zotero keeps them in Extra) carry what RIS has no tag for. They come first:
        # UR and KW are read knowing what they say.
        Carrier(("type",), "M2", "Type: ", _read_type, _write_type),
        Carrier(("key",), "M2", "Citation Key: ", lambda ctx, key: key.strip() or None,
                lambda ctx, key: key),
        *carriers("M2", categories=False, arxiv=True),
        c.text("TI", "title", protect=True),
        c.text("T1", "title", write=False, protect=True),
        c.text("ST", "short_title", protect=True),
        Rule(
            ("authors", "authors_truncated"), ("AU",), c.read_names, c.write_authors,
            invalid="invalid-name",
            loses=("authors.dropping_particle",), carried=c.names_carried("authors"),
        ),
        t.EDITORS,
        t.EDITORS_IN_ED,
        t.TRANSLATORS,
        *t.CONTAINER,
        t.BOOK_TITLE,
        t.EVENT,
        t.PROCEEDINGS,
        c.text("JF", "container_title", write=False),
        c.scalar("J2", "container_short"),
        *t.ABBREVIATIONS,
        Rule(("issued", "issued_text"), ("PY", "Y1", "DA"), c.read_date, c.write_date,
             invalid="invalid-date"),
        c.scalar("VL", "volume"),
        c.scalar("NV", "volumes"),
        c.scalar("IS", "issue"),
        t.ISSUE_IN_M1,
        *t.PAGES,
        c.scalar("PB", "publisher"),
        c.scalar("CY", "place"),
        t.PLACE_IN_C1,
        c.scalar("ET", "edition"),
        *t.SERIES,
        *t.SERIES_NUMBER,
        t.GENRE,
        t.NUMBER,
        t.SERIAL,
        c.scalar("LA", "language"),
        c.text("AB", "abstract"),
        c.text("N2", "abstract", write=False),
        Rule(
            ("categories", "keywords"), ("KW",),
            c.read_keywords,
            lambda ctx, categories, keywords: [*categories, *keywords],
            loses=("categories",), carried=c.keywords_carried,
            doc="one KW line each (Zotero tags); arXiv ids read back as categories",
        ),
        t.DOI,
        t.ACCESSED,
        Rule(("url", "links"), ("UR",), c.read_urls, lambda ctx, url, links: [url] if url else None,
             doc="the work's own URL only: Zotero takes the first UR as the item's URL"),
        Rule(("arxiv_id",), ("AN",), c.arxiv_accession, None),
        Rule(
            ("affiliations",), ("AD",),
            lambda ctx, lines: tuple(affiliation(a) for a in lines or ()), None,
        ),
        Rule(
            ("note",), ("N1",), c.note_lines, lambda ctx, note: c.note_lines_of(note),
            loses=("note.chunks.marks", "note.chunks.kind"), carried=c.note_carried,
        ),
    ),
)  # fmt: skip
