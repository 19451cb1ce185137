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

# Archives and categories whose ids are not a two-letter suffix; a listing may name them whole.
OTHER_CATEGORIES: frozenset[str] = frozenset(  # ids with a two-letter suffix
    """
    astro-ph cond-mat gr-qc hep-ex hep-lat hep-ph hep-th math-ph nucl-ex nucl-th quant-ph
    physics nlin q-bio q-fin stat econ eess cs math
    cond-mat.dis-nn cond-mat.mes-hall cond-mat.mtrl-sci cond-mat.other cond-mat.quant-gas
    cond-mat.soft cond-mat.stat-mech cond-mat.str-el cond-mat.supr-con
    physics.acc-ph physics.ao-ph physics.app-ph physics.atm-clus physics.atom-ph physics.bio-ph
    physics.chem-ph physics.class-ph physics.comp-ph physics.data-an physics.ed-ph
    physics.flu-dyn physics.gen-ph physics.geo-ph physics.hist-ph physics.ins-det
    physics.med-ph physics.optics physics.plasm-ph physics.pop-ph physics.soc-ph
    physics.space-ph
    """.split()
)

# When a suffix exists in several archives: the profile's own archive first, then this order.
ARCHIVE_PREFERENCE: tuple[str, ...] = tuple(ARCHIVES)

CATEGORIES: frozenset[str] = frozenset(  # ids with a two-letter suffix
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


def resolve_code(code: str, preferred_archive: str | None = None) -> str | None:
    """A listing's category code as an arXiv id: a two-letter suffix in either case (``CL``,
    ``cl``) is resolved by ``resolve_suffix``; a whole id (``cs.CV``, ``quant-ph``) is checked
    against the taxonomy. None when it is neither."""
    if len(code) == 2 and code.isalpha():
        return resolve_suffix(code, preferred_archive)
    if code in CATEGORIES or code in OTHER_CATEGORIES:
        return code
    return None


def archive_of(category: str | None) -> str | None:
    """``cs.CL`` -> ``cs``."""
    if not category or "." not in category:
        return None
    return category.split(".", 1)[0]


def is_category_id(text: str) -> bool:
    """A category's id (``cs.CL``, ``quant-ph``, ``cond-mat.soft``), not a bare archive name
    (``physics``, ``math``) that is also an ordinary keyword."""
    if text in CATEGORIES:
        return True
    return text in OTHER_CATEGORIES and ("." in text or "-" in text)
