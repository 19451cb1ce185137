"""CSL-JSON: what pandoc, Zotero, citeproc-js and every CSL processor read."""

from pubkit.formats.base import Format
from pubkit.formats.csljson.reader import read_csljson
from pubkit.formats.csljson.writer import Options, write_csljson


def _sniff(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")
    return head.startswith("[") or (head.startswith("{") and '"format"' not in head[:400])


# What CSL-JSON cannot carry back (see docs/csljson.md); custom.pubkit keeps the rest.
LOSSY = frozenset({"origin"})

FORMAT = Format(
    name="csl-json",
    description="CSL-JSON items (pandoc, Zotero, citeproc-js, citeproc-py)",
    suffixes=(".json",),
    read=read_csljson,
    write=write_csljson,
    options=Options,
    sniff=_sniff,
    lossy=LOSSY,
)
