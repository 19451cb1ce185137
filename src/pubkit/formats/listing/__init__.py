"""The plain-text publication listing of a researcher's profile page (read only)."""

from pubkit.formats.base import Format
from pubkit.formats.listing.heads import starts_with_date


def _sniff(text: str) -> bool:
    return any(starts_with_date(line) for line in text.splitlines()[:200])


FORMAT = Format(
    name="listing",
    description="a researcher's publication listing, as a profile page shows it (read only)",
    suffixes=(".txt",),
    reader="pubkit.formats.listing.reader:read_listing",
    sniff=_sniff,
)
