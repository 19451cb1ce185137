"""The RIS writer's options."""

from __future__ import annotations

import attrs

from pubkit.formats.options import option


def _lower(value: str) -> str:
    return str(value).lower()


@attrs.frozen
class Options:
    """``line_ending``: CRLF (what the RIS specification, EndNote and Zotero's own exports use,
    and what every importer accepts) or LF. ``bom``: start with a byte-order mark (some Windows
    tools want one)."""

    line_ending: str = option("crlf", "RIS line ends", choices=("crlf", "lf"), converter=_lower)
    bom: bool = option(False, "RIS: start with a byte-order mark")
