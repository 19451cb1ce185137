"""The arXiv category taxonomy, and how a listing's two-letter category suffix maps onto it."""

from __future__ import annotations

# Every arXiv category whose id ends in a two-letter upper-case suffix, by archive.
# (Physics archives such as cond-mat.mes-hall or physics.acc-ph have longer, lower-case suffixes
# and cannot appear in a listing's two-letter code.)
ARCHIVES: dict[str, tuple[str, ...]] = {
    "cs": (
        "AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS",
        "ET", "FL", "GL", "GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA",
        "NE", "NI", "OH", "OS", "PF", "PL", "RO", "SC", "SD", "SE", "SI", "SY",
    ),
    "stat": ("AP", "CO", "ME", "ML", "OT", "TH"),
    "math": (
        "AC", "AG", "AP", "AT", "CA", "CO", "CT", "CV", "DG", "DS", "FA", "GM", "GN", "GR",
        "GT", "HO", "IT", "KT", "LO", "MG", "MP", "NA", "NT", "OA", "OC", "PR", "QA", "RA",
        "RT", "SG", "SP", "ST",
    ),
    "eess": ("AS", "IV", "SP", "SY"),
    "econ": ("EM", "GN", "TH"),
    "q-bio": ("BM", "CB", "GN", "MN", "NC", "OT", "PE", "QM", "SC", "TO"),
    "q-fin": ("CP", "EC", "GN", "MF", "PM", "PR", "RM", "ST", "TR"),
    "astro-ph": ("CO", "EP", "GA", "HE", "IM", "SR"),
    "nlin": ("AO", "CD", "CG", "PS", "SI"),
}  # fmt: skip

# When a suffix exists in several archives: the profile's own archive first, then this order.
ARCHIVE_PREFERENCE: tuple[str, ...] = tuple(ARCHIVES)

CATEGORIES: frozenset[str] = frozenset(
    f"{archive}.{suffix}" for archive, suffixes in ARCHIVES.items() for suffix in suffixes
)


def archives_with(suffix: str) -> tuple[str, ...]:
    """The archives, in preference order, that have a category ending in ``suffix``."""
    return tuple(archive for archive, suffixes in ARCHIVES.items() if suffix in suffixes)


def resolve_suffix(suffix: str, preferred_archive: str | None = None) -> str | None:
    """``CL`` -> ``cs.CL``; ``CV`` -> ``cs.CV`` (or ``math.CV`` when math is preferred).

    Returns None when no arXiv category ends in ``suffix``.
    """
    candidates = archives_with(suffix.upper())
    if not candidates:
        return None
    archive = preferred_archive if preferred_archive in candidates else candidates[0]
    return f"{archive}.{suffix.upper()}"


def archive_of(category: str | None) -> str | None:
    """``cs.CL`` -> ``cs``."""
    if not category or "." not in category:
        return None
    return category.split(".", 1)[0]
