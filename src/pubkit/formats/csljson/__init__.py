"""CSL-JSON: what pandoc, Zotero, citeproc-js and every CSL processor read. (Parsers load on
first use.)"""

from pubkit.formats.base import Format
from pubkit.formats.options import CslJsonOptions


def _sniff(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")
    return head.startswith("[") or (head.startswith("{") and '"format"' not in head[:400])


FORMAT = Format(
    name="csl-json",
    description="CSL-JSON items (pandoc, Zotero, citeproc-js, citeproc-py)",
    suffixes=(".json",),
    reader="pubkit.formats.csljson.convert:read_csljson",
    writer="pubkit.formats.csljson.convert:write_csljson",
    mapping="pubkit.formats.csljson.mapping:MAPPING",
    options=CslJsonOptions,
    sniff=_sniff,
)
