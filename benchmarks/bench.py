"""Speed, as ratios against the peers run side by side on the same input.

    python benchmarks/bench.py [FILE.bib]

Reads a large real-world .bib (by default pybtex's tugboat.bib, 2,720 entries, from the corpus
that `python tests/corpus.py` fetches) with pubkit, bibtexparser 2 and pybtex; writes it back as
BibTeX; and converts it to CSL-JSON. Each task runs several times; the best time counts. The
ratios (peer time / pubkit time) say how much faster (> 1) or slower (< 1) pubkit is; the
absolute times depend on the machine and mean little.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import bibtexparser
from pybtex.database import parse_string as pybtex_parse

import pubkit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / ".corpus" / "pybtex" / "examples" / "tugboat" / "tugboat.bib"
REPEAT = 3


def best_of(task: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    text = path.read_text(encoding="utf-8", errors="replace")
    library = pubkit.loads(text, "bibtex")
    parsed_bibtexparser = bibtexparser.parse_string(text)
    parsed_pybtex = pybtex_parse(text, "bibtex")
    print(f"{path.name}: {len(library)} entries, {len(text) // 1024} KiB\n")

    rows = [
        (
            "read .bib",
            best_of(lambda: pubkit.loads(text, "bibtex")),
            {
                "bibtexparser 2": best_of(lambda: bibtexparser.parse_string(text)),
                "pybtex": best_of(lambda: pybtex_parse(text, "bibtex")),
            },
        ),
        (
            "write .bib",
            best_of(lambda: pubkit.dumps(library, "bibtex")),
            {
                "bibtexparser 2": best_of(lambda: bibtexparser.write_string(parsed_bibtexparser)),
                "pybtex": best_of(lambda: parsed_pybtex.to_string("bibtex")),
            },
        ),
        (
            "read .bib, write CSL-JSON",
            best_of(lambda: pubkit.dumps(pubkit.loads(text, "bibtex"), "csl-json")),
            {},
        ),
    ]
    print("| task | pubkit | peer | peer time | ratio (peer / pubkit) |")
    print("|---|---|---|---|---|")
    for task, ours, peers in rows:
        if not peers:
            print(f"| {task} | {ours:.2f} s | - | - | - |")
        for peer, theirs in peers.items():
            print(f"| {task} | {ours:.2f} s | {peer} | {theirs:.2f} s | {theirs / ours:.2f} |")


if __name__ == "__main__":
    main()
