"""A format's mapping table as people read it: a Markdown table, and what it cannot carry.

``pubkit formats bibtex`` prints it, and docs/<format>.md holds it (a test keeps the two the
same), so the documentation of every mapping is the mapping itself.
"""

from __future__ import annotations

from pubkit.formats.base import Format
from pubkit.formats.rules import Carrier, Rule, WriteContext
from pubkit.formats.table import Table
from pubkit.model import Work, WorkType


def _code(names: tuple[str, ...] | str) -> str:
    items = (names,) if isinstance(names, str) else names
    return ", ".join(f"`{name}`" for name in items)


def _entry_types(table: Table) -> list[str]:
    return sorted({*table.types.write.values(), *table.types.read, table.types.write_default})


def _writes_in(table: Table, rule: Rule | Carrier, dialect: str) -> bool:
    """Whether ``rule`` writes in ``dialect``, for some record type (a rule may depend on the
    record's type or on the work's)."""
    if rule.from_model is None:
        return False
    if rule.when is None:
        return True
    return any(
        rule.when(WriteContext(Work(type=work_type), kind, None, dialect))
        for kind in _entry_types(table)
        for work_type in WorkType
    )


def mapping_table(fmt: Format) -> str:
    """The rules of ``fmt``'s table, one row each: model fields, native fields, how."""
    table = fmt.table()
    if table is None:
        return f"`{fmt.name}` has no mapping table: it carries the model as it is.\n"
    dialects = [d for d in table.dialects if d] or [""]
    header = ["model", fmt.name if len(dialects) == 1 else "field", "written", "notes"]
    rows = []
    for rule in table.rules:
        native = rule.native
        written = [d or fmt.name for d in dialects if _writes_in(table, rule, d)]
        if isinstance(rule, Carrier):
            how = f"a part `{rule.label}…` of {_code(native)}"
        elif not written:
            how = "read only"
        else:
            how = ""
        if rule.loses:
            how = "; ".join(filter(None, (how, "in part: " + _code(rule.loses))))
        if rule.doc:
            how = "; ".join(filter(None, (how, rule.doc)))
        rows.append([_code(rule.model), _code(native) or "-", ", ".join(written) or "-", how])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


_MEANING = {
    "work.native": "other formats' own data (what a .bib, RIS or CSL-JSON source said beyond "
    "the model); its own comes back",
    "library.native": "what a source file said outside its records (a .bib file's preambles)",
    "library.profile": "a listing's profile",
}


def lossy_list(fmt: Format) -> str:
    """What the format cannot carry back, one path a line."""
    lost = sorted(fmt.lossy)
    if not lost:
        return "Nothing: the format carries every field of the model.\n"
    return "".join(
        f"- `{path}`" + (f": {_MEANING[path]}" if path in _MEANING else "") + "\n" for path in lost
    )


def describe(fmt: Format) -> str:
    return (
        f"{mapping_table(fmt)}\nWhat `{fmt.name}` cannot carry back (a path into a field, such "
        f"as `work.title.chunks.marks`, is the part of it that is lost); anything not listed "
        f"comes back as it was:\n\n{lossy_list(fmt)}"
    )
