"""BibTeX and BibLaTeX .bib files (writing; reading comes with the BibTeX reader)."""

from pubkit.formats.base import Format
from pubkit.formats.bibtex.writer import Options, write_biblatex, write_bibtex

# What a .bib file written by pubkit cannot carry back (see docs/bibtex.md).
LOSSY = frozenset({"has_code", "extra:listing", "origin"})

BIBTEX = Format(
    name="bibtex",
    description="BibTeX .bib (classic fields: year + month macro, note, archivePrefix)",
    suffixes=(".bib",),
    write=write_bibtex,
    options=Options,
    lossy=LOSSY,
)
BIBLATEX = Format(
    name="biblatex",
    description="BibLaTeX .bib for biber (date, eprinttype, pubstate, addendum, usera)",
    suffixes=(),
    write=write_biblatex,
    options=Options,
    lossy=LOSSY,
)
