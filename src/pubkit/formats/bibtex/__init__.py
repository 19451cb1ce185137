"""BibTeX and BibLaTeX .bib files. One reader reads both dialects."""

from pubkit.formats.base import Format
from pubkit.formats.bibtex.reader import read_bibtex
from pubkit.formats.bibtex.writer import Options, write_biblatex, write_bibtex

# What a .bib file written by pubkit cannot carry back (see docs/bibtex.md).
LOSSY = frozenset({"has_code", "extra:listing", "origin"})

BIBTEX = Format(
    name="bibtex",
    description="BibTeX .bib (classic fields: year + month macro, note, archivePrefix)",
    suffixes=(".bib",),
    read=read_bibtex,
    write=write_bibtex,
    options=Options,
    lossy=LOSSY,
)
BIBLATEX = Format(
    name="biblatex",
    description="BibLaTeX .bib for biber (date, eprinttype, pubstate, addendum, usera)",
    suffixes=(),
    read=read_bibtex,
    write=write_biblatex,
    options=Options,
    lossy=LOSSY,
)
