"""BibTeX and BibLaTeX .bib files. One reader reads both dialects. (Parsers load on first use.)"""

import re

from pubkit.formats.base import Format
from pubkit.formats.bibtex.options import Options

_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_RIS = re.compile(r"^TY  -", re.MULTILINE)


def _sniff(text: str) -> bool:
    """An entry (``@article{``) at the start of a line, before any RIS record begins (an RIS
    abstract may quote BibTeX)."""
    head = text[:100_000]
    entry = _ENTRY.search(head)
    ris = _RIS.search(head)
    return entry is not None and (ris is None or entry.start() < ris.start())


BIBTEX = Format(
    name="bibtex",
    description="BibTeX .bib (classic fields: year + month macro, note, archivePrefix)",
    suffixes=(".bib",),
    reader="pubkit.formats.bibtex.reader:read_bibtex",
    writer="pubkit.formats.bibtex.writer:write_bibtex",
    mapping="pubkit.formats.bibtex.mapping:MAPPING",
    options=Options,
    dialect="bibtex",
    sniff=_sniff,
    reads_earlier=True,
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
    reads_earlier=True,
)
