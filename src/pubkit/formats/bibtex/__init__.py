"""BibTeX and BibLaTeX .bib files. One reader reads both dialects. (Parsers load on first use.)"""

from pubkit.formats.base import Format
from pubkit.formats.bibtex.options import Options

BIBTEX = Format(
    name="bibtex",
    description="BibTeX .bib (classic fields: year + month macro, note, archivePrefix)",
    suffixes=(".bib",),
    reader="pubkit.formats.bibtex.reader:read_bibtex",
    writer="pubkit.formats.bibtex.writer:write_bibtex",
    mapping="pubkit.formats.bibtex.mapping:MAPPING",
    options=Options,
    dialect="bibtex",
)
BIBLATEX = Format(
    name="biblatex",
    description="BibLaTeX .bib for biber (date, location, journaltitle, eprinttype)",
    suffixes=(),
    reader="pubkit.formats.bibtex.reader:read_bibtex",
    writer="pubkit.formats.bibtex.writer:write_biblatex",
    mapping="pubkit.formats.bibtex.mapping:MAPPING",
    options=Options,
    dialect="biblatex",
)
