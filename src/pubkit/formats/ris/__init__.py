"""RIS: what EndNote, Zotero, Mendeley and JabRef all import. (Parsers load on first use.)"""

from pubkit.formats.base import Format
from pubkit.formats.ris.options import Options


def _sniff(text: str) -> bool:
    lines = text.lstrip("\ufeff").splitlines()[:50]
    return any(line.lstrip(" \t").startswith("TY  -") for line in lines)


FORMAT = Format(
    name="ris",
    description="RIS (EndNote, Zotero, Mendeley, JabRef); CRLF by default",
    suffixes=(".ris",),
    reader="pubkit.formats.ris.convert:read_ris",
    writer="pubkit.formats.ris.convert:write_ris",
    mapping="pubkit.formats.ris.mapping:MAPPING",
    options=Options,
    sniff=_sniff,
)
