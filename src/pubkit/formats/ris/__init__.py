"""RIS: what EndNote, Zotero, Mendeley and JabRef all import."""

from pubkit.formats.base import Format
from pubkit.formats.ris.reader import read_ris
from pubkit.formats.ris.writer import Options, write_ris


def _sniff(text: str) -> bool:
    return any(line.startswith("TY  -") for line in text.lstrip("\ufeff").splitlines()[:50])


# What RIS cannot carry back (docs/ris.md): markup in titles and abstracts (RIS text is plain,
# and an unmatched brace becomes a look-alike for JabRef), the dropping/non-dropping
# distinction of particles, a listing's profile, extra data other than RIS tags, and where a
# record came from.
LOSSY = frozenset({"markup", "braces", "dropping_particle", "profile", "extra", "origin"})

FORMAT = Format(
    name="ris",
    description="RIS (EndNote, Zotero, Mendeley, JabRef); CRLF by default",
    suffixes=(".ris",),
    read=read_ris,
    write=write_ris,
    options=Options,
    sniff=_sniff,
    lossy=LOSSY,
)
