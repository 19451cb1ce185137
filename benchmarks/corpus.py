"""The benchmark corpus: real .bib entries from Debian's TeX Live packages, keys renamed.

    python benchmarks/corpus.py [SIZE ...]      # default: 10000 100000

Writes ``benchmarks/.data/bench-<SIZE>.bib``. Every ``@string`` of the TeX Live .bib files comes
first (the first definition of each name), then entries in file order, cycled until SIZE
entries: copy ``c`` of an entry has the key ``<key>-<c>``, and its ``crossref`` names the
parent's copy ``c``, so that every key is unique and every crossref still resolves. The same
file is also written as RIS and CSL-JSON (by pubkit, from the .bib) for the benchmarks that
read those formats.

bibtexparser 2 splits the files: a peer, so that no pubkit bug can shape the corpus.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import bibtexparser
from bibtexparser import model

TEXMF = Path("/usr/share/texlive/texmf-dist/bibtex/bib")
DATA = Path(__file__).resolve().parent / ".data"
SIZES = (10_000, 100_000)

_NAME = re.compile(r"[A-Za-z][\w-]*", re.ASCII)
_PERCENT = re.compile(r"(?<!\\)%")
_STARRED = re.compile(r"\\[A-Za-z]+\*")
_HEAD = re.compile(r"^(\s*@\s*\w+\s*[{(]\s*)([^,\s]+)")
_CROSSREF = re.compile(r"(?i)(\bcrossref\s*=\s*[{\"]\s*)([^}\"\s]+)")


def _blocks() -> tuple[list[str], list[str]]:
    """Every @string (first definition of each name) and every entry, as written."""
    strings: dict[str, str] = {}
    entries: list[str] = []
    keys: set[str] = set()
    for path in sorted(TEXMF.rglob("*.bib")):
        text = path.read_text(encoding="utf-8", errors="replace")
        library = bibtexparser.parse_string(text, parse_stack=[])
        for block in library.blocks:
            # Only what every peer reads: citation-js stops at a macro name such as
            # `Liddell-\N{SOFT HYPHEN}Scott`, and at an entry with no key.
            if _PERCENT.search(block.raw):
                continue  # pandoc reads a `%` in a value as a comment: `\path|a%b|`
            if isinstance(block, model.String) and _NAME.fullmatch(block.key):
                strings.setdefault(block.key.lower(), block.raw)
            # Files share entries (tugboat.bib and texbook3.bib): each key once.
            elif (
                isinstance(block, model.Entry)
                and _whole(block.raw)
                and block.key.casefold() not in keys
            ):
                keys.add(block.key.casefold())
                entries.append(block.raw)
    return list(strings.values()), entries


def _whole(raw: str) -> bool:
    """An entry every peer reads whole: bibtexparser cuts an entry short at `{"a}` inside
    quotes."""
    plain = raw.replace("\\{", "").replace("\\}", "")
    return (
        bool(_HEAD.match(raw))
        and plain.count("{") == plain.count("}")
        and "\\\n" not in raw  # citation-js stops at a backslash that ends a line
        and not _STARRED.search(raw)  # and at a starred command: `\enquote*{series}`
    )


def build(size: int, strings: list[str], entries: list[str]) -> str:
    parts = [*strings]
    for index in range(size):
        copy, entry = divmod(index, len(entries))
        renamed = rf"\g<1>\g<2>-{copy}"
        text = _HEAD.sub(renamed, entries[entry], count=1)
        parts.append(_CROSSREF.sub(renamed, text))
    return "\n\n".join(parts) + "\n"


def main() -> None:
    import pubkit  # imported here: the .bib corpus must not depend on pubkit

    sizes = [int(arg) for arg in sys.argv[1:]] or list(SIZES)
    strings, entries = _blocks()
    DATA.mkdir(exist_ok=True)
    for size in sizes:
        text = build(size, strings, entries)
        bib = DATA / f"bench-{size}.bib"
        bib.write_text(text, encoding="utf-8")
        library = pubkit.loads(text, "bibtex")
        (DATA / f"bench-{size}.ris").write_text(pubkit.dumps(library, "ris"), encoding="utf-8")
        (DATA / f"bench-{size}.json").write_text(
            pubkit.dumps(library, "csl-json"), encoding="utf-8"
        )
        print(f"{bib.name}: {size} entries, {len(strings)} @string, {len(text) >> 20} MiB")


if __name__ == "__main__":
    main()
