"""BibTeX and BibLaTeX .bib files. One reader reads both dialects."""

from pubkit.formats.base import Format
from pubkit.formats.bibtex.reader import read_bibtex
from pubkit.formats.bibtex.writer import Options, write_biblatex, write_bibtex

# What a .bib file written by pubkit cannot carry back (docs/bibtex.md): a listing's profile,
# extra data of other formats (`listing:category`), the dropping/non-dropping distinction of
# particles, and markup beyond what LaTeX says (BibTeX protects the case of a command's
# argument, so `\emph{Style}` reads back case-protected: equal as LaTeX, not as chunks).
LOSSY = frozenset({"profile", "extra", "dropping_particle", "latex-markup", "origin"})

BIBTEX = Format(
    name="bibtex",
    description="BibTeX .bib (classic fields: year + month macro, note, archivePrefix)",
    suffixes=(".bib",),
    read=read_bibtex,
    write=write_bibtex,
    options=Options,
    lossy=LOSSY,
)
# biblatex's @article has no publisher field.
BIBLATEX = Format(
    name="biblatex",
    description="BibLaTeX .bib for biber (date, eprinttype, pubstate, addendum, usera)",
    suffixes=(),
    read=read_bibtex,
    write=write_biblatex,
    options=Options,
    lossy=LOSSY | {"publisher"},
)
