"""pubkit beside its peers, side by side on the same corpus: time, entries/s, peak memory.

    python benchmarks/corpus.py                 # once: builds .data/bench-{10000,100000}.*
    python benchmarks/bench.py [--sizes 10000 100000] [--repeat 3] [--tasks bib2csl ...]

Every run is a process of its own, so that its peak memory (the maximum resident set size the
kernel reports for it) is its own. Two modes:

* ``process``: the whole command, as a user runs it (start-up, imports, reading the file,
  writing the output): ``pubkit convert``, ``node`` with citation-js, ``pandoc``, bibutils'
  ``bib2xml | xml2ris``, ``biber --tool``;
* ``call``: the library call alone, timed inside the process (``run_python.py`` and
  ``citation-js.js``), the file already in memory. pubkit's conversion call,
  ``pubkit.convert``, converts a large text on every core, as its command does.

Runs are interleaved (one of each tool, then again) and the median counts. The ratio is the
peer's time over pubkit's in the same task, size and mode: above 1, pubkit is faster. A tool
that is not installed is left out of the table, with a note; a run that exceeds ``--timeout``
is shown as such, and one that stops with an error (it cannot read the input) as failed. The
table is Markdown, for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
SUFFIX = {"bib": "bib", "ris": "ris", "csl": "json"}
PUBKIT_FORMAT = {"bib": "bibtex", "ris": "ris", "csl": "csl-json"}


def _pubkit_command(task: str, file: Path, out: Path) -> list[str]:
    target = task.split("2")[1]
    return ["pubkit", "convert", str(file), "--to", PUBKIT_FORMAT[target], "-o", str(out)]


def _python(tool: str) -> list[str]:
    return [sys.executable, str(HERE / "run_python.py"), tool]


def _citation_js(task: str, file: Path) -> list[str]:
    return ["node", str(HERE / "citation-js.js"), task, str(file)]


# How to run a tool for a task on a file, writing to `out`: each command with the modes its
# run measures (a command that times its own call gives both: its whole process, and the call).
def _commands(tool: str, task: str, file: Path, out: Path) -> list[tuple[list[str], str]]:
    timed_call = ("process", "call")
    if tool == "pubkit":
        call = [([*_python("pubkit"), task, str(file)], "call")]
        if task.startswith("parse-"):
            return call
        return [(_pubkit_command(task, file, out), "process"), *call]
    if tool == "citation-js" and not task.startswith("parse-"):
        return [(_citation_js(task, file), m) for m in timed_call]
    if tool in ("bibtexparser", "pybtex") and task in ("parse-bib", "bib2bib"):
        return [([*_python(tool), task, str(file)], "call")]
    if tool == "rispy" and task == "parse-ris":
        return [([*_python(tool), task, str(file)], "call")]
    if tool == "pandoc" and task == "bib2csl":
        return [(["pandoc", "-f", "bibtex", "-t", "csljson", str(file), "-o", str(out)], "process")]
    if tool == "bibutils" and task in ("bib2ris", "bib2bib"):
        writer = "xml2ris" if task == "bib2ris" else "xml2bib"
        pipe = f'bib2xml "{file}" 2>/dev/null | {writer} > "{out}" 2>/dev/null'
        return [(["sh", "-c", pipe], "process")]
    if tool == "biber" and task == "bib2bib":
        biber = ["biber", "--tool", "--quiet", "--output-format=bibtex", "-O", str(out), str(file)]
        return [(biber, "process")]
    return []


TOOLS = ("pubkit", "citation-js", "bibtexparser", "pybtex", "rispy", "pandoc", "bibutils", "biber")
NEEDS = {"citation-js": "node", "pandoc": "pandoc", "bibutils": "bib2xml", "biber": "biber"}
TASKS = ("bib2csl", "bib2bib", "bib2ris", "parse-bib", "ris2csl", "parse-ris", "csl2bib")


# As installed Python programs run: from their compiled bytecode, not from source compiled at
# every start (an environment may have turned bytecode files off).
_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _compile_bytecode() -> None:
    """What an installed package has: the .pyc files of pubkit and of the Python peers."""
    import importlib.util

    for name in ("pubkit", "bibtexparser", "pybtex", "rispy"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                command = [sys.executable, "-m", "compileall", "-q", folder]
                subprocess.run(command, check=False, env=_ENVIRONMENT, capture_output=True)


class Failed(Exception):
    """The tool stopped without its output: it cannot read the input."""


def run_once(command: list[str], timeout: float) -> tuple[float, float, float | None]:
    """Wall seconds of the process, its peak memory in MB, and the seconds it timed itself."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_ENVIRONMENT
    )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            raise TimeoutError
        time.sleep(0.005)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    # pubkit exits with 1 and biber with 2 when the input has errors (an entry they skip), and
    # still write what they read.
    if code != 0 and (command[0], code) not in (("pubkit", 1), ("biber", 2)):
        raise Failed
    assert process.stdout is not None
    output = process.stdout.read().decode()
    process.stdout.close()
    inner = None
    if output.strip().startswith("{"):
        inner = float(json.loads(output.strip().splitlines()[-1])["seconds"])
    return wall, usage.ru_maxrss / 1024, inner


def _available(tool: str) -> bool:
    if tool in NEEDS:
        return shutil.which(NEEDS[tool]) is not None
    if tool == "pubkit":
        return shutil.which("pubkit") is not None
    try:
        __import__(tool)
    except ImportError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--tasks", nargs="+", default=list(TASKS), choices=TASKS)
    parser.add_argument("--tools", nargs="+", default=list(TOOLS), choices=TOOLS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)

    tools = [tool for tool in args.tools if _available(tool)]
    _compile_bytecode()
    for tool in sorted(set(args.tools) - set(tools)):
        print(f"<!-- {tool} is not installed here: left out -->")
    jobs = []
    for size in args.sizes:
        for task in args.tasks:
            source = DATA / f"bench-{size}.{SUFFIX[task.removeprefix('parse-').split('2')[0]]}"
            if not source.exists():
                sys.exit(f"{source} is missing: run python benchmarks/corpus.py {size}")
            jobs.extend((size, task, tool, source) for tool in tools)

    times: dict[tuple[int, str, str, str], list[float]] = {}
    memory: dict[tuple[int, str, str, str], float] = {}
    timed_out: set[tuple[int, str, str]] = set()
    failed: set[tuple[int, str, str]] = set()
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.repeat):  # interleaved: one run of everything, then again
            for size, task, tool, source in jobs:
                out = Path(scratch) / f"out-{tool}"
                commands: dict[tuple[str, ...], list[str]] = {}
                for command, mode in _commands(tool, task, source, out):
                    commands.setdefault(tuple(command), []).append(mode)
                for command, modes in commands.items():
                    if (size, task, tool) in timed_out | failed:
                        break
                    try:
                        wall, peak, inner = run_once(list(command), args.timeout)
                    except TimeoutError:
                        timed_out.add((size, task, tool))
                        break
                    except Failed:
                        failed.add((size, task, tool))
                        break
                    for mode in modes:
                        seconds = inner if mode == "call" else wall
                        if seconds is None:
                            continue
                        key = (size, task, tool, mode)
                        times.setdefault(key, []).append(seconds)
                        memory[key] = max(memory.get(key, 0.0), peak)
    _print_table(args, times, memory, timed_out, failed)


def _print_table(
    args: argparse.Namespace,
    times: dict[tuple[int, str, str, str], list[float]],
    memory: dict[tuple[int, str, str, str], float],
    timed_out: set[tuple[int, str, str]],
    failed: set[tuple[int, str, str]],
) -> None:
    print("| task | entries | mode | tool | median s | entries/s | peak MB | peer / pubkit |")
    print("|---|---:|---|---|---:|---:|---:|---:|")
    for size in args.sizes:
        for task in args.tasks:
            for mode in ("process", "call"):
                ours = times.get((size, task, "pubkit", mode))
                mine = statistics.median(ours) if ours else None
                for tool in TOOLS:
                    key = (size, task, tool, mode)
                    stopped = (size, task, tool) in timed_out | failed
                    if stopped and mode == "process" and key not in times:
                        why = "failed" if (size, task, tool) in failed else f"> {args.timeout:.0f}"
                        print(f"| {task} | {size} | {mode} | {tool} | {why} | | | |")
                        continue
                    if key not in times:
                        continue
                    median = statistics.median(times[key])
                    ratio = "" if tool == "pubkit" or mine is None else f"{median / mine:.2f}"
                    print(
                        f"| {task} | {size} | {mode} | {tool} | {median:.2f} | "
                        f"{size / median:,.0f} | {memory[key]:.0f} | {ratio} |"
                    )


if __name__ == "__main__":
    main()
