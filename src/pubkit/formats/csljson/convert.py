"""Reading and writing CSL-JSON: items through the CSL-JSON table.

The listing's profile has no place in CSL; every item carries it under
``custom.pubkit.profile`` (an array has no header), and reading takes it from the first item.
"""

from __future__ import annotations

from typing import Any

from pubkit import jsontext
from pubkit.diagnostics import Diagnostic
from pubkit.formats.base import Written
from pubkit.formats.csljson.mapping import MAPPING, OURS
from pubkit.formats.csljson.schema import variables
from pubkit.formats.csljson.syntax import item_of, read_items
from pubkit.formats.options import CslJsonOptions
from pubkit.formats.rules import Record
from pubkit.formats.table import read_all
from pubkit.library import Library
from pubkit.model import Profile, Work
from pubkit.source import Source

PROFILE = f"{OURS}profile"
DERIVED = f"{OURS}derived"  # the variables the writer derived (a preprint's arXiv URL ...)


def dotted_names() -> set[str]:
    """The ``custom`` values the table reads, and the profile."""
    names = {name for rule in MAPPING.rules for name in _natives(rule) if "." in name}
    return {*names, PROFILE, DERIVED}


def _natives(rule: Any) -> tuple[str, ...]:
    return (rule.native,) if isinstance(rule.native, str) else tuple(rule.native)


def read_csljson(source: Source) -> Library:
    works, diagnostics, profiles = read_works(source)
    return Library(works, _profile(profiles, diagnostics), diagnostics)


def read_works(source: Source, first: int = 0) -> tuple[list[Work], list[Diagnostic], list[Any]]:
    """The works of a CSL-JSON text, what reading them found, and the profiles its items
    carry; ``first``: the index of its first item in the file."""
    profiles: list[Any] = []

    def without_profile(items: Any) -> Any:
        for item in items:
            if isinstance(item, Record) and PROFILE in item.fields:
                profiles.append(item.fields.pop(PROFILE))
                item.field_where.pop(PROFILE, None)
            if isinstance(item, Record) and DERIVED in item.fields:
                derived = item.fields.pop(DERIVED)
                if isinstance(derived, list):
                    item.derived = {name for name in derived if isinstance(name, str)}
            yield item

    items = read_items(source, dotted_names(), first)
    works, diagnostics = read_all(MAPPING, without_profile(items))
    return works, diagnostics, profiles


def carries_profile(item: dict[str, Any]) -> bool:
    """Whether an item carries a listing's profile (which the whole library takes), nested
    or under its dotted name."""
    if PROFILE in item:
        return True
    node: Any = item
    for step in PROFILE.split("."):
        if not isinstance(node, dict) or step not in node:
            return False
        node = node[step]
    return True


def _profile(found: list[Any], diagnostics: list[Diagnostic]) -> Profile | None:
    from pubkit.jsonmodel import make_converter

    for data in found:
        try:
            profile: Profile = make_converter().structure(data, Profile)
        except Exception:  # another tool's idea of a profile: not ours to read
            continue
        return profile
    return None


def csl_items(
    works: tuple[Work, ...],
    profile: Profile | None = None,
    options: CslJsonOptions | None = None,
) -> list[dict[str, Any]]:
    """The CSL items of ``works`` (each carrying ``profile``, when there is one)."""
    known = variables()
    extra: dict[str, Any] = {}
    if profile is not None:
        from pubkit.jsonmodel import make_converter

        extra[PROFILE] = make_converter().unstructure(profile)
    items = []
    for work in works:
        record, _ = MAPPING.write(work, state=options or CslJsonOptions())
        if record.derived:
            record.fields[DERIVED] = sorted(record.derived)
        record.fields.update(extra)
        items.append(item_of(record, known))
    return items


def write_csljson(library: Library, options: CslJsonOptions) -> Written:
    items = csl_items(library.works, library.profile, options)
    return Written(jsontext.dumps(items, options.indent) + "\n")
