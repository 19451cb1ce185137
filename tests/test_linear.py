"""Time linear in the input, for inputs built to make it grow faster: each case is read at
three sizes (n, 2n, 4n) and the time for 4n must stay near four times the time for n. A
quadratic step would give sixteen. Growth factors, not times: a slow machine passes as well as
a fast one."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import pubkit
from pubkit.formats.bibtex.converters import plain
from pubkit.markup.casing import needs_protection
from pubkit.markup.latex_parse import parse_latex
from pubkit.names import parse_bibtex_name

# Linear gives 4; noise on a busy machine adds some; quadratic gives 16.
MOST = 7.0


def _authors(n: int) -> str:
    return " and ".join(f"A{i} B" for i in range(n))


def _string_chain(n: int) -> str:
    chain = "".join(f'@string{{s{i + 1} = s{i} # "y"}}\n' for i in range(n))
    return f'@string{{s0 = "x"}}\n{chain}@misc{{a, title=s{n}}}\n'


CASES: dict[str, tuple[Callable[[int], str], str, int]] = {
    "bibtex: unclosed braces": (lambda n: "@misc{a, title={" + "{" * n, "bibtex", 50_000),
    "bibtex: nested braces": (
        lambda n: "@misc{a, title={" + "{" * n + "x" + "}" * n + "}}",
        "bibtex",
        10_000,
    ),
    "bibtex: authors": (
        lambda n: f"@misc{{a, title={{T}}, author={{{_authors(n)}}}}}",
        "bibtex",
        3_000,
    ),
    "bibtex: one long line": (lambda n: "@misc{a, title={" + "word " * n + "}}", "bibtex", 50_000),
    "bibtex: @string chain": (_string_chain, "bibtex", 1_000),
    "bibtex: # concatenation": (
        lambda n: "@misc{a, title=" + " # ".join(['"x"'] * n) + "}",
        "bibtex",
        10_000,
    ),
    "bibtex: key without a comma": (lambda n: "@article{" + "k" * n, "bibtex", 200_000),
    "bibtex: braced keys": (
        lambda n: "".join(f"@misc{{{{k{i}}}, title={{T}}}}\n" for i in range(n)),
        "bibtex",
        500,
    ),
    "ris: ER lines": (lambda n: "ER  - \n" * n, "ris", 10_000),
    "ris: one long value": (
        lambda n: "TY  - JOUR\nTI  - " + "x" * n + "\nER  - \n",
        "ris",
        500_000,
    ),
    "csl-json: items": (
        lambda n: (
            "[" + ",".join(f'{{"id":"a{i}","type":"book","title":"T"}}' for i in range(n)) + "]"
        ),
        "csl-json",
        500,
    ),
    "csl-json: one long title": (
        lambda n: '[{"id":"a","type":"book","title":"' + "x " * n + '"}]',
        "csl-json",
        50_000,
    ),
    "listing: lines of lower-case text": (
        lambda n: "CLMay 2, 2022\nT\n\nJane Doe\n\nAbstract.\n" + "lower case line\n" * n,
        "listing",
        5_000,
    ),
}


def _seconds(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return max(best, 1e-3)


def growth(make: Callable[[int], str], fmt: str, n: int) -> float:
    """How many times longer reading (and writing as BibTeX and CSL-JSON) takes at 4n than
    at n."""

    def run(text: str) -> Callable[[], object]:
        def once() -> None:
            # Each run from scratch: names and LaTeX values read before are memoized, and a
            # small input would fit the cache where a large one does not.
            for memoized in (parse_latex, parse_bibtex_name, needs_protection, plain):
                memoized.cache_clear()
            library = pubkit.loads(text, fmt)
            pubkit.dumps(library, "bibtex")
            pubkit.dumps(library, "csl-json")

        return once

    small, large = make(n), make(4 * n)
    return _seconds(run(large)) / _seconds(run(small))


@pytest.mark.parametrize("case", sorted(CASES))
def test_time_grows_linearly(case):
    make, fmt, n = CASES[case]
    assert growth(make, fmt, n) < MOST
