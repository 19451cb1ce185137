"""pubkit's own JSON: the whole model, lossless, for storage and for tests.

``{"format": "pubkit", "version": 1, "profile": {...}, "works": [{...}, ...]}``; fields at
their default are left out, dates are ISO strings, plain text is a string and text with markup a
list of chunks (``pubkit.jsonmodel``).
"""

from pubkit.formats.base import Format
from pubkit.formats.options import JsonOptions


def _sniff(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:400]
    return head.startswith("{") and '"format"' in head and '"pubkit"' in head


FORMAT = Format(
    name="json",
    description="pubkit's own JSON: the whole model, lossless",
    suffixes=(".json",),
    reader="pubkit.formats.pubkit_json.convert:read_json",
    writer="pubkit.formats.pubkit_json.convert:write_json",
    options=JsonOptions,
    sniff=_sniff,
    cited=False,
)
