"""One timed run of a Python library, in its own process: ``run_python.py TOOL TASK FILE``.

Prints the seconds the library call took (the file already read into memory, the libraries
already imported) as JSON; ``bench.py`` measures the whole process and its peak memory around
it. The output is built in full and thrown away.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _pubkit(task: str) -> Callable[[str], object]:
    import pubkit

    source, _, target = task.partition("2")
    formats = {"bib": "bibtex", "ris": "ris", "csl": "csl-json"}
    if task.startswith("parse-"):
        return lambda text: pubkit.loads(text, formats[task.removeprefix("parse-")])
    # The call a program converting a file makes: on every core for a large text, as the
    # command does (`pubkit.convert(..., jobs=1)` keeps it in this process).
    return lambda text: pubkit.convert(text, formats[source], formats[target])


def _bibtexparser(task: str) -> Callable[[str], object]:
    import bibtexparser

    if task == "parse-bib":
        return bibtexparser.parse_string
    assert task == "bib2bib"
    return lambda text: bibtexparser.write_string(bibtexparser.parse_string(text))


def _pybtex(task: str) -> Callable[[str], object]:
    from pybtex import errors
    from pybtex.database import parse_string

    errors.set_strict_mode(False)  # an undefined macro is a warning, as in BibTeX

    if task == "parse-bib":
        return lambda text: parse_string(text, "bibtex")
    assert task == "bib2bib"
    return lambda text: parse_string(text, "bibtex").to_string("bibtex")


def _rispy(task: str) -> Callable[[str], object]:
    import rispy

    assert task == "parse-ris"
    return rispy.loads


TOOLS = {"pubkit": _pubkit, "bibtexparser": _bibtexparser, "pybtex": _pybtex, "rispy": _rispy}


def main() -> None:
    tool, task, file = sys.argv[1:4]
    run = TOOLS[tool](task)
    text = Path(file).read_text(encoding="utf-8")
    start = time.perf_counter()
    run(text)
    print(json.dumps({"seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main()
