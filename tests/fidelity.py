"""How much of a real-world .bib survives a trip through CSL-JSON and RIS, and what pubkit
reads of it beside its peers.

``python tests/fidelity.py`` prints, for every corpus file on this machine, the entries read
and reported, and the share of fields that come back unchanged through bib -> csl-json -> bib
and bib -> ris -> bib (fields compared as pubkit writes them, parsed by bibtexparser). Then,
reader by reader, the CSL variables pubkit, pandoc and citation-js fill when each reads the
same .bib files, and item by item why pubkit has none where a peer has one (``why_not_lost``):
an item no reason explains is a loss. docs/fidelity.md holds its output.
"""

from __future__ import annotations

import collections
import json
import logging
import subprocess
import sys
from pathlib import Path

import bibtexparser
import bibtexparser.model

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pubkit
from corpus import corpus_files


def bib_fields(text: str) -> dict[str, dict[str, str]]:
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # pubkit reports; enough
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


PEERS = ("pubkit", "pandoc", "citation-js")
READ_JS = Path(__file__).resolve().parent / "js" / "read.js"
# What a peer fills that is not the source's data, or that CSL-JSON does not define.
NOT_LOSSES = {
    "title-short": "pandoc derives it from a title's part before a colon; pubkit writes "
    "`shorttitle` where the source gives one",
    "event": "pandoc's name for `eventtitle` from CSL 1.0.1; pubkit writes CSL 1.0.2's "
    "`event-title`",
    "volume-title": "pandoc makes biblatex's `maintitle` the title and the title the volume "
    "title; pubkit keeps `title` as the title (`maintitle` travels in `custom`)",
    "jurisdiction": "pandoc's reading of a biblatex-jura field; pubkit keeps it in `custom`",
    "collection-title-short": "citation-js's name for `shortseries`, not a CSL variable; "
    "pubkit keeps it in `custom`",
}


def csl_items(peer: str, path: Path, library: pubkit.Library) -> list[dict[str, object]]:
    """The CSL-JSON items ``peer`` reads from the .bib at ``path`` (pubkit's: ``library``;
    none when the peer fails)."""
    if peer == "pubkit":
        return json.loads(pubkit.dumps(library, "csl-json")) if library.works else []
    command = (
        ["pandoc", "-f", "bibtex", "-t", "csljson", str(path)]
        if peer == "pandoc"
        else ["node", str(READ_JS), "bibtex", str(path)]
    )
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if result.returncode != 0 or not result.stdout.strip():
        return []
    items: list[dict[str, object]] = json.loads(result.stdout)
    return items


def filled(item: dict[str, object]) -> set[str]:
    """The CSL variables ``item`` has a value for (pubkit's own data left aside)."""
    return {
        variable
        for variable, value in item.items()
        if variable not in ("id", "citation-key", "custom") and value not in (None, "", [], {})
    }


# The BibTeX entry types, which citation-js gives a report with no `type` field as its genre.
ENTRY_TYPES = frozenset(
    "article book booklet conference inbook incollection inproceedings manual mastersthesis "
    "misc phdthesis proceedings techreport unpublished".split()
)


def _words(value: object) -> str:
    """``value`` as words to compare: LaTeX's dashes as the characters they print."""
    text = json.dumps(value, ensure_ascii=False).replace("\\n", " ")
    text = " ".join(text.split()).lower()
    return text.replace("---", "—").replace("--", "–")


def why_not_lost(
    variable: str,
    value: object,
    peer_item: dict[str, object],
    ours: dict[str, object],
    *,
    empties: bool = False,
) -> str | None:
    """Why pubkit lacking ``variable`` where a peer has ``value`` is no loss, or None.

    - ``placeholder``: the value says nothing (`????`, an empty date);
    - ``derived``: the peer made it from the item's own data (a proceedings' title as its
      container title, an inbook's author as the book's author, a report's entry type as its
      genre);
    - ``elsewhere``: pubkit has the same value under another variable (the number of an
      inproceedings in its series: `collection-number`, not `issue`);
    - ``in custom``: pubkit keeps the source's field as it came, in .bib output and in
      `custom`: an ISBN whose check digit is wrong (reported), an article's booktitle (which
      BibTeX styles do not print for an article);
    - ``emptied``: the entry sets a field empty (`organization = ""`) where its crossref
      parent has one, which BibTeX does not fill from the parent and peers do."""
    text = value if isinstance(value, str) else None
    if (text is not None and not any(ch.isalnum() for ch in text)) or value in (
        {"date-parts": []},
        {"date-parts": [[0]]},
    ):
        return "placeholder"
    own = ("title", "author", "editor")
    if any(item.get(other) == value for item in (peer_item, ours) for other in own):
        return "derived"
    title = peer_item.get("title")
    if text is not None and isinstance(title, str) and title.startswith(text):
        return "derived"  # the title's part before a colon, as a short title
    if variable == "genre" and text is not None and text.lower() in ENTRY_TYPES:
        return "derived"
    if any(ours.get(other) == value for other in ours if other != variable):
        return "elsewhere"
    if empties:
        return "emptied"
    custom = ours.get("custom")
    native = _words(custom.get("pubkit", {}).get("native", {}) if isinstance(custom, dict) else {})
    if text is not None and _words(text).strip('"') in native:
        return "in custom"
    return None


def peer_counts(
    paths: list[Path],
) -> tuple[dict[str, collections.Counter[str]], dict[str, collections.Counter[str]], int]:
    """Per peer, how many items have each variable, over the entries of ``paths`` that every
    peer reads (by key: a peer that fails on an entry would make the others look better) and
    whose macros are defined; per variable, the reasons pubkit lacks one a peer has (``lost``
    where there is none: ``why_not_lost``); and how many entries those are."""
    totals = {peer: collections.Counter[str]() for peer in PEERS}
    reasons: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    compared = 0
    for path in paths:
        library = pubkit.load(path)
        items = {
            peer: {str(i.get("id")): i for i in csl_items(peer, path, library)} for peer in PEERS
        }
        # An entry with a macro its file does not define (`location = berlin`, defined in
        # another file), or that inherits one by crossref, is not compared: BibTeX prints
        # nothing for it, the peers its name.
        broken = {d.key for d in library.diagnostics if d.code == "unknown-macro"}
        source = bib_fields(path.read_text(encoding="utf-8", errors="replace"))
        broken |= {
            key
            for key, fields in source.items()
            if fields.get("crossref", "").strip('{}"').lower() in {str(b).lower() for b in broken}
        }
        for key in set.intersection(*(set(found) for found in items.values())) - broken:
            compared += 1
            ours = items["pubkit"][key]
            for peer in PEERS:
                totals[peer].update(filled(items[peer][key]))
            for variable in set.union(*(filled(items[p][key]) for p in PEERS[1:])):
                if variable in filled(ours):
                    continue
                fields = source.get(key, {})
                empties = "crossref" in fields and any(
                    v.strip('{}" ') == "" for v in fields.values()
                )
                why = [
                    why_not_lost(
                        variable, items[p][key][variable], items[p][key], ours, empties=empties
                    )
                    for p in PEERS[1:]
                    if variable in filled(items[p][key])
                ]
                reasons[variable]["lost" if None in why else min(w for w in why if w)] += 1
    return totals, reasons, compared


def main() -> None:
    print("| file | entries read | entries reported | bib → csl-json → bib | bib → ris → bib |")
    print("|---|---|---|---|---|")
    for name, read, reported, csl, ris in rows():
        print(f"| `{name}` | {read} | {reported} | {csl} | {ris} |")
    paths = [path for _, path in sorted(corpus_files().items()) if path.exists()]
    totals, reasons, compared = peer_counts(paths)
    print()
    print(f"Reading .bib: of the {compared} entries all three read, the items with each variable,")
    print("and the items where a peer has it and pubkit has not, by reason (`why_not_lost`)")
    print()
    print("| variable | pubkit | pandoc | citation-js | a peer's, not pubkit's | note |")
    print("|---|---|---|---|---|---|")
    for variable in sorted(set().union(*totals.values()), key=str.lower):
        counts = " | ".join(str(totals[peer][variable]) for peer in PEERS)
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons[variable].items()))
        lost = reasons[variable]["lost"] and variable not in NOT_LOSSES
        note = NOT_LOSSES.get(variable, "**pubkit reads less**" if lost else "")
        print(f"| `{variable}` | {counts} | {why} | {note} |")


if __name__ == "__main__":
    main()
