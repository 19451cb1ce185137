"""The RIS table: model fields <-> RIS tags, both ways. Values are lists of lines, one per tag.

Types are in ``types.py`` (preprints are UNPB, conference papers CONF), converters in
``converters.py``. Rules are listed in the order they read: the carriers first, so that ``UR``
and ``KW`` are read knowing what the notes say; ``order`` is the order tags are written in.
What RIS has no tag for travels in ``N1`` notes, one carrier each (``Code: <url>``, ...).
"""

from __future__ import annotations

from pubkit.affiliations import affiliation
from pubkit.formats.ris import converters as c
from pubkit.formats.ris.types import TYPES
from pubkit.formats.rules import Carrier, Parts, Rule
from pubkit.formats.table import Table
from pubkit.model import ArxivId, Doi

_N1 = Parts(split=lambda lines, labels: list(lines), join=list)

MAPPING = Table(
    format="ris",
    types=TYPES,
    parts={"N1": _N1},
    order=tuple(
        "TI T1 AU A1 A2 A3 T2 JF JO JA J2 PY Y1 DA VL IS SP EP PB CY ET T3 SN LA AB N2 KW DO UR "
        "AN AD N1".split()
    ),
    rules=(
        # The carriers come first: UR and KW are read knowing what the notes say.
        Carrier(
            ("authors_truncated",), "N1", c.TRUNCATED_NOTE,
            lambda ctx, rest: True if rest == "" else None, lambda ctx, flag: "",
        ),
        Carrier(("has_code", "code_url"), "N1", "Code", c.read_code, c.write_code),
        Carrier(
            ("links",), "N1", "Links: ", c.read_links, lambda ctx, links: " ".join(links)
        ),
        Carrier(
            ("affiliations",), "N1", "Affiliations: ",
            lambda ctx, rest: tuple(c.read_affiliation(i.strip()) for i in rest.split(";")
                                    if i.strip()) or None,
            c.write_affiliations,
        ),
        Carrier(
            ("categories",), "N1", "arXiv categories: ",
            lambda ctx, rest: tuple(i.strip() for i in rest.split(",") if i.strip()) or None,
            lambda ctx, categories: ", ".join(categories),
        ),
        Carrier(
            ("arxiv_id",), "N1", "arXiv: ", lambda ctx, rest: ArxivId(rest),
            lambda ctx, arxiv_id: str(arxiv_id),
        ),
        c.text("TI", "title"),
        c.text("T1", "title", write=False),
        Rule(
            ("authors", "authors_truncated"), ("AU", "A1"), c.read_names, c.write_authors,
            invalid="invalid-name",
            loses=("authors.dropping_particle",), carried=c.names_carried("authors"),
        ),
        Rule(
            ("editors",), ("A2",), lambda ctx, lines: c.read_names(ctx, lines)[0], c.write_names,
            invalid="invalid-name",
            loses=("editors.dropping_particle",), carried=c.names_carried("editors"),
        ),
        c.text("T2", "container_title"),
        c.text("JF", "container_title", write=False),
        c.text("JO", "container_title", write=False),
        c.text("JA", "container_title", write=False),
        Rule(("issued",), ("PY", "Y1", "DA"), c.read_date, c.write_date, invalid="invalid-date"),
        c.scalar("VL", "volume"),
        c.scalar("IS", "issue"),
        Rule(("pages",), ("SP", "EP"), c.read_pages, c.write_pages),
        c.scalar("PB", "publisher"),
        c.scalar("CY", "place"),
        c.scalar("ET", "edition"),
        c.scalar("T3", "series"),
        Rule(
            ("isbn", "issn"), ("SN",), c.read_serial,
            lambda ctx, isbn, issn: [str(isbn or issn)],  # RIS has one tag for both
            invalid="invalid-isbn",
        ),
        c.scalar("LA", "language"),
        c.text("AB", "abstract"),
        c.text("N2", "abstract", write=False),
        Rule(
            ("categories", "keywords"), ("KW",),
            lambda ctx, lines: ((), c.read_keywords(ctx, lines)),
            lambda ctx, categories, keywords: [*categories, *keywords],
        ),
        Rule(("doi",), ("DO",),
             lambda ctx, lines: Doi(v) if (v := c.first(ctx, lines, "DO")) else None,
             lambda ctx, doi, arxiv_id: [str(f)] if (f := doi or ctx.work.arxiv_doi) else None,
             uses=("arxiv_id",), invalid="invalid-doi"),
        Rule(("url", "links"), ("UR",), c.read_urls, c.write_urls, uses=("code_url",)),
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
