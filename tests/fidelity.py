"""How much of a real-world .bib survives a trip through CSL-JSON and RIS.

``python tests/fidelity.py`` prints, for every corpus file on this machine, the entries read
and reported, and the share of fields that come back unchanged through bib -> csl-json -> bib
and bib -> ris -> bib (fields compared as pubkit writes them, parsed by bibtexparser).
docs/fidelity.md holds its output.
"""

from __future__ import annotations

import sys
from pathlib import Path

import bibtexparser
import bibtexparser.model

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pubkit
from corpus import corpus_files


def bib_fields(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text, parse_stack=[])
    return {
        entry.key: {field.key.lower(): " ".join(field.value.split()) for field in entry.fields}
        for entry in library.entries
    }


def preserved(library: pubkit.Library, via: str) -> tuple[int, int]:
    """(fields unchanged, fields) of ``library`` written as BibTeX, before and after ``via``."""
    before = bib_fields(pubkit.dumps(library, "bibtex"))
    after = bib_fields(pubkit.dumps(pubkit.loads(pubkit.dumps(library, via), via), "bibtex"))
    total = sum(len(fields) for fields in before.values())
    kept = sum(
        1
        for key, fields in before.items()
        for name, value in fields.items()
        if after.get(key, {}).get(name) == value
    )
    return kept, total


def rows() -> list[tuple[str, int, int, str, str]]:
    table = []
    for name, path in sorted(corpus_files().items()):
        if not path.exists():
            continue
        library = pubkit.load(path)
        shares = []
        for via in ("csl-json", "ris"):
            kept, total = preserved(library, via)
            shares.append(f"{kept}/{total} ({100 * kept / total:.1f}%)" if total else "-")
        table.append((name, len(library.works), len(library.errors), *shares))
    return table


def main() -> None:
    print("| file | entries read | entries reported | bib → csl-json → bib | bib → ris → bib |")
    print("|---|---|---|---|---|")
    for name, read, reported, csl, ris in rows():
        print(f"| `{name}` | {read} | {reported} | {csl} | {ris} |")


if __name__ == "__main__":
    main()
