"""Conversion on several cores (pubkit.parallel) gives what one process gives, byte for byte:
the text, the problems found reading, the problems found writing, in the same order."""

from __future__ import annotations

import codecs
import functools
import importlib.util
import io
import itertools
import json
import os
import re
import string
import subprocess
import sys
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pubkit
from corpus import corpus_files
from pubkit import bulk, cli, jsontext, parallel, stand_in_keys
from pubkit.jsontext import array_items
from pubkit.source import Source

from conftest import ROOT, missing_tool

CORPUS = {name: path for name, path in sorted(corpus_files().items()) if path.exists()}
# Files that stay in one process: this one's keys repeat (`@book{Acc,` twice).
UNSPLIT = {"texlive/archaeologie/archaeologie-lstabbrv.bib"}
LARGE = [name for name, path in CORPUS.items() if path.stat().st_size > 100_000]


def _one_process(source: Source, target: str, options: dict[str, object]):
    library = pubkit.api.read_source(source, pubkit.api.default_registry().get("bibtex"))
    written = pubkit.write(library, target, **options)
    return written.text, tuple(library.diagnostics), tuple(written.diagnostics)


@pytest.mark.parametrize("jobs", [1, 3])
@pytest.mark.parametrize("target", ["csl-json", "ris", "bibtex", "biblatex"])
@pytest.mark.parametrize("name", LARGE)
def test_parts_write_what_the_whole_file_writes(name, target, jobs, monkeypatch):
    """In worker processes and in this one (each part's text scanned on its own), with parts
    smaller than usual so that a file has many, planned from an outline scanned in pieces."""
    monkeypatch.setattr(parallel, "PART_ENTRIES", 97)
    monkeypatch.setattr(parallel, "OUTLINE_BYTES", 4099)
    source = Source.from_bytes(CORPUS[name].read_bytes(), name)[0]
    converted = parallel.convert(source, target, {}, jobs=jobs, min_entries=1)
    assert (converted is None) == (name in UNSPLIT)
    if converted is None:
        return
    text, read, written = _one_process(source, target, {})
    assert converted.text == text
    assert converted.read == read
    assert converted.written == written


@pytest.mark.parametrize(
    "options", [{"indent": 0}, {"line_ending": "lf", "bom": True}], ids=["compact", "lf-bom"]
)
def test_writer_options_join_the_same(options):
    target = "csl-json" if "indent" in options else "ris"
    text = "".join(
        f"@article{{k{i}, title={{T{i}}}, author={{A. B{i}}}, year=2000}}\n" for i in range(50)
    )
    source = Source(text, "many.bib")
    converted = parallel.convert(source, target, options, jobs=2, min_entries=1)
    assert converted is not None
    assert converted.text == _one_process(source, target, options)[0]


def _file_bytes(line_end: str, bom: bool) -> bytes:
    """Entries with characters of two, three and four UTF-8 bytes, and a macro no one defined
    (a warning with a line and column) every few entries."""
    text = "".join(
        f"@article{{k{i}, title={{Caf\u00e9 \u2013 \U0001f600 {i}}}, author={{\u00c9. B{i}}},"
        f"{line_end}  journal = {'undefined' if i % 7 == 0 else '{J}'}, year=2000}}{line_end}"
        for i in range(60)
    )
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


@pytest.mark.parametrize(
    ("line_end", "bom"), [("\n", False), ("\r\n", False), ("\n", True)], ids=["lf", "crlf", "bom"]
)
@pytest.mark.parametrize("target", ["csl-json", "bibtex"])
def test_a_file_read_a_few_bytes_at_a_time_converts_as_a_whole(line_end, bom, target, monkeypatch):
    """Outline pieces and parts cut from the bytes, never split inside a character; the
    positions of the problems as the whole file's."""
    monkeypatch.setattr(parallel, "OUTLINE_BYTES", 61)
    monkeypatch.setattr(parallel, "PART_ENTRIES", 7)
    data = _file_bytes(line_end, bom)
    converted = parallel.convert(io.BytesIO(data), target, {}, 2, min_entries=1, name="x.bib")
    assert converted is not None
    library = pubkit.api.load_bytes(data, "x.bib")
    written = pubkit.write(library, target)
    assert (converted.text, converted.read, converted.written) == (
        written.text,
        tuple(library.diagnostics),
        tuple(written.diagnostics),
    )
    assert any(d.code == "unknown-macro" and d.line and d.column for d in converted.read)


@pytest.mark.parametrize(
    "data",
    [
        _file_bytes("\n", False).decode("utf-8").encode("utf-16"),
        _file_bytes("\n", False).replace(b"\xc3\xa9", b"\xe9"),  # Latin-1: decoded and reported
        _file_bytes("\r", False),  # a lone carriage return ends lines the bytes do not show
        b"%PDF-1.4\n" + _file_bytes("\n", False),
    ],
    ids=["utf-16", "latin-1", "cr", "pdf"],
)
def test_files_that_are_not_plain_utf8_are_left_to_the_usual_path(data):
    assert parallel.convert(io.BytesIO(data), "ris", {}, 2, min_entries=1, name="x.bib") is None


@pytest.mark.parametrize("target", ["csl-json", "bibtex"])
@pytest.mark.parametrize(
    "text",
    [
        # A line of `@` alone: the whole file's scan reads it with the next line's head.
        "@misc{a, title={A}}\n@\n@misc{b, title={B}}\n@comment{x}@misc{c, title={C}}\n",
        "@misc{a, title={A}}\n@  \n@misc{b, title={B}}\n@misc{c, title={C}}\n",
        # Everything on one line: nowhere to split.
        "".join(f"@misc{{k{i}, title={{T}}}} " for i in range(40)) + "\n",
    ],
    ids=["lone-at", "lone-at-spaces", "one-line"],
)
def test_what_the_whole_file_reads_otherwise_is_left_to_it(text, target, monkeypatch):
    monkeypatch.setattr(parallel, "OUTLINE_BYTES", 64)
    monkeypatch.setattr(parallel, "MAX_PIECE_BYTES", 256)
    data = text.encode("utf-8")
    converted = parallel.convert(io.BytesIO(data), target, {}, 2, min_entries=1, name="x.bib")
    library = pubkit.api.load_bytes(data, "x.bib")
    written = pubkit.write(library, target)
    if converted is not None:
        assert (converted.text, converted.read) == (written.text, tuple(library.diagnostics))


def test_a_pipe_is_read_once(tmp_path):
    """A named pipe (`<(cat refs.bib)`) cannot be read twice: the usual path reads it."""
    fifo = tmp_path / "refs.bib"
    os.mkfifo(fifo)
    text = "@misc{a, title={A}, year=2000}\n"

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:
            pipe.write(text)

    feeder = threading.Thread(target=feed)
    feeder.start()
    command = [sys.executable, "-m", "pubkit", "convert", str(fifo), "--to", "csl-json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    feeder.join()
    assert result.returncode == 0, result.stderr
    assert '"title": "A"' in result.stdout


def test_a_crossref_keeps_its_parent_in_the_same_part():
    children = "".join(f"@inproceedings{{c{i}, title={{T}}, crossref={{p}}}}\n" for i in range(20))
    source = Source(children + "@proceedings{p, title={Proc}, year=1999}\n", "x.bib")
    # Every entry is tied to the last one: the file cannot split.
    assert parallel.convert(source, "csl-json", {}, jobs=2, min_entries=1) is None
    unrelated = "".join(f"@misc{{m{i}, title={{U}}}}\n" for i in range(20))
    source = Source(unrelated + children + "@proceedings{p, title={Proc}, year=1999}\n", "x.bib")
    converted = parallel.convert(source, "csl-json", {}, jobs=2, min_entries=1)
    assert converted is not None
    assert converted.text == _one_process(source, "csl-json", {})[0]
    assert '"container-title": "Proc"' in converted.text


@pytest.mark.parametrize(
    "text",
    [
        "@misc{a, title={A}}\n@misc{A, title={B}}\n" * 2,  # a key used twice
        "@string{p = {x}}\n@misc{a, crossref=p}\n@misc{x, title={B}}\n",  # crossref by macro
        "@misc(a, title={A})\n@misc{b, title={B}}\n",  # the careful path
    ],
)
def test_files_that_do_not_split_are_left_to_one_process(text):
    assert parallel.convert(Source(text), "csl-json", {}, jobs=2, min_entries=1) is None


def test_a_file_with_entries_the_scan_declines_still_splits(monkeypatch):
    """A parenthesised entry, a key with braces, an entry type that starts with `comment`:
    the careful path reads their stretches alone, and the file is split as any other."""
    monkeypatch.setattr(parallel, "PART_ENTRIES", 7)
    odd = [
        "@article(p, title={In parentheses})",
        "@article{{braced}, title={A key with braces}}",
        "@COMMENTED{c, title={Commented}}",
    ]
    entries = [f"@misc{{k{i}, title={{T{i}}}, year=2000}}" for i in range(40)]
    text = "\n".join(entries[:10] + odd[:1] + entries[10:25] + odd[1:] + entries[25:]) + "\n"
    source = Source(text, "odd.bib")
    for target in ("csl-json", "bibtex"):
        converted = parallel.convert(source, target, {}, jobs=2, min_entries=1)
        assert converted is not None
        assert (converted.text, converted.read, converted.written) == _one_process(
            source, target, {}
        )


def test_a_bib_file_keeps_its_preamble_whole():
    """The provided commands come from every part; the source's @preamble and @comment once."""
    text = '@preamble{ "\\newcommand{\\x}{X}" }\n@comment{kept}\n' + "".join(
        f"@misc{{m{i}, title={{U \\unknown{i % 3}{{a}} \\TeX}}}}\n" for i in range(30)
    )
    source = Source(text, "x.bib")
    for target in ("bibtex", "biblatex"):
        converted = parallel.convert(source, target, {"ascii": True}, jobs=3, min_entries=1)
        assert converted is not None
        expected = _one_process(source, target, {"ascii": True})
        assert (converted.text, converted.read, converted.written) == expected


def test_a_key_bibtex_cannot_take_keeps_a_bib_file_in_one_process():
    text = "".join(f"@misc{{m{i}, title={{U}}}}\n" for i in range(20)) + "@misc{a%b, title={V}}\n"
    assert parallel.convert(Source(text), "bibtex", {}, jobs=2, min_entries=1) is None
    assert parallel.convert(Source(text), "csl-json", {}, jobs=2, min_entries=1) is not None


def test_the_command_line_gives_the_same_output_and_messages(tmp_path):
    path = CORPUS.get("texlive/beebe/tugboat.bib")
    if path is None:
        missing_tool("the corpus is not on this machine (python tests/corpus.py)")
    # Large enough that `--jobs 2` takes the parallel path:
    source = Source.from_bytes(path.read_bytes(), str(path))[0]
    assert parallel.convert(source, "csl-json", {}, jobs=2) is not None
    for target in ("csl-json", "bibtex"):
        runs = []
        for jobs in ("1", "2"):
            out = tmp_path / f"out-{jobs}"
            command = [sys.executable, "-m", "pubkit", "convert", str(path), "--to", target]
            result = subprocess.run(
                [*command, "-o", str(out), "--jobs", jobs], capture_output=True, text=True
            )
            runs.append((result.returncode, result.stderr, out.read_text(encoding="utf-8")))
        assert runs[0] == runs[1]
        assert runs[0][2] == _one_process(source, target, {})[0]


def test_a_file_converted_onto_itself_is_read_whole_first(tmp_path):
    """`-o` naming the input: the parts are read from the file while the output waits in a
    temporary file, so the file is replaced only once all of it was read."""
    path = CORPUS.get("texlive/beebe/tugboat.bib")
    if path is None:
        missing_tool("the corpus is not on this machine (python tests/corpus.py)")
    source = Source.from_bytes(path.read_bytes(), str(path))[0]
    copy = tmp_path / "tugboat.bib"
    copy.write_bytes(path.read_bytes())
    command = [sys.executable, "-m", "pubkit", "convert", str(copy), "--to", "bibtex"]
    result = subprocess.run([*command, "-o", str(copy), "--jobs", "2"], capture_output=True)
    assert result.returncode in (0, 1), result.stderr
    assert copy.read_text(encoding="utf-8") == _one_process(source, "bibtex", {})[0]


def test_progress_is_told_every_part_and_ends_at_the_total(monkeypatch):
    monkeypatch.setattr(parallel, "PART_ENTRIES", 10)
    text = "".join(f"@misc{{m{i}, title={{U}}}}\n" for i in range(45))
    told: list[tuple[int, int]] = []
    converted = parallel.convert(
        Source(text), "ris", {}, jobs=1, min_entries=1, progress=lambda *a: told.append(a)
    )
    assert converted is not None and converted.works == 45
    assert [done for done, _ in told] == [9, 18, 27, 36, 45]  # 5 parts of 10 or fewer
    assert {total for _, total in told} == {45}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_only_on_a_terminal_and_not_when_quiet(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli._progress_bar(quiet=True) as progress:
        assert progress is None
    with cli._progress_bar(quiet=False, delay=0) as progress:
        assert progress is not None
        progress(500, 2000)
    assert "0.00/2.00k" in terminal.getvalue()  # the bar, with the total
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a file or a pipe
    with cli._progress_bar(quiet=False) as progress:
        assert progress is None


@pytest.mark.parametrize("scheduler", ["synchronous", "threads", "processes"])
@pytest.mark.parametrize("target", ["csl-json", "bibtex"])
def test_dask_schedulers_write_what_the_whole_file_writes(target, scheduler, monkeypatch):
    """Dask's local schedulers run the same parts (a cluster's client is one more scheduler
    to Dask; see docs/performance.md for the recipe)."""
    if importlib.util.find_spec("dask") is None:
        missing_tool("Dask is not installed (an optional dependency: pip install 'pubkit[dask]')")
    path = CORPUS.get("texlive/beebe/tugboat.bib")
    if path is None:
        missing_tool("the corpus is not on this machine (python tests/corpus.py)")
    monkeypatch.setattr(parallel, "PART_ENTRIES", 500)
    monkeypatch.setattr(parallel, "DASK_WINDOW", 3)  # parts sent a few at a time
    source = Source.from_bytes(path.read_bytes(), "tugboat.bib")[0]
    converted = parallel.convert(source, target, {}, jobs=2, dask=scheduler)
    assert converted is not None
    text, read, written = _one_process(source, target, {})
    assert (converted.text, converted.read, converted.written) == (text, read, written)


def test_the_command_takes_a_dask_scheduler(tmp_path):
    path = CORPUS.get("texlive/beebe/tugboat.bib")
    if path is None:
        missing_tool("the corpus is not on this machine (python tests/corpus.py)")
    out = tmp_path / "out.json"
    command = [sys.executable, "-m", "pubkit", "convert", str(path), "--to", "csl-json"]
    result = subprocess.run([*command, "--dask", "threads", "-o", str(out)], capture_output=True)
    assert result.returncode in (0, 1) and out.exists()
    source = Source.from_bytes(path.read_bytes(), str(path))[0]
    assert out.read_text(encoding="utf-8") == _one_process(source, "csl-json", {})[0]
    wrong = subprocess.run([*command, "--dask", "spark"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "--dask takes threads, processes, synchronous" in wrong.stderr


# -- RIS ---------------------------------------------------------------------------------------


@functools.cache
def _corpus_as(name: str, target: str) -> tuple[bytes, int]:
    """A corpus file written in ``target`` by one process, and the works it has."""
    source = Source.from_bytes(CORPUS[name].read_bytes(), name)[0]
    library = pubkit.api.read_source(source, pubkit.api.default_registry().get("bibtex"))
    return pubkit.write(library, target).text.encode("utf-8"), len(library.works)


def _whole(data: bytes, name: str, target: str):
    """What one process writes and reports for a file's bytes: text, reading's and writing's
    diagnostics."""
    library = pubkit.api.load_bytes(data, name)
    written = pubkit.write(library, target)
    return written.text, tuple(library.diagnostics), tuple(written.diagnostics)


@pytest.mark.parametrize("target", ["csl-json", "bibtex", "ris"])
@pytest.mark.parametrize("name", LARGE)
def test_ris_parts_write_what_the_whole_ris_file_writes(name, target, monkeypatch):
    """The corpus as RIS (every record with an `ID`), cut after `ER  -` lines."""
    monkeypatch.setattr(parallel, "PART_ENTRIES", 97)
    monkeypatch.setattr(parallel, "OUTLINE_BYTES", 4099)
    data, works = _corpus_as(name, "ris")
    converted = parallel.convert(
        io.BytesIO(data), target, {}, jobs=1, min_entries=1, name="x.ris", from_format="ris"
    )
    assert (converted is None) == (not works)  # a file of @string macros alone
    if converted is not None:
        assert (converted.text, converted.read, converted.written) == _whole(data, "x.ris", target)


def _ris_bytes(line_end: str, bom: bool) -> bytes:
    """Records with characters of two, three and four UTF-8 bytes, wrapped values, and every
    few records something the reader reports: tags before a `TY`, a record without `ER`, a
    date that is not one, an indented record, a lower-case `er  -`."""
    records = []
    for i in range(60):
        lines = ["TY  - JOUR", f"ID  - k{i}", f"TI  - Caf\u00e9 \u2013 \U0001f600 {i}"]
        lines += [f"AU  - B{i}, \u00c9.", "AB  - a value", "   wrapped on a line of its own"]
        if i % 7 == 0:
            lines.append("PY  - not a year")
        if i % 11 == 0:
            lines = [f"   {line}" if line.startswith(("TY", "ID")) else line for line in lines]
        if i % 13 == 0:
            records.append("KW  - a tag outside any record")
        if i % 17 == 0:
            records.append("\n".join(lines))  # no `ER  -`: not read, and reported
            continue
        lines.append("er  -" if i % 5 == 0 else "ER  - ")
        records.append("\n".join(lines))
    text = "\n\n".join(records) + "\nstray text at the end\n"
    return (codecs.BOM_UTF8 if bom else b"") + text.replace("\n", line_end).encode("utf-8")


@pytest.mark.parametrize(
    ("line_end", "bom"), [("\n", False), ("\r\n", False), ("\n", True)], ids=["lf", "crlf", "bom"]
)
@pytest.mark.parametrize("target", ["csl-json", "bibtex"])
def test_a_ris_file_read_a_few_bytes_at_a_time_converts_as_a_whole(
    line_end, bom, target, monkeypatch
):
    monkeypatch.setattr(parallel, "OUTLINE_BYTES", 61)
    monkeypatch.setattr(parallel, "PART_ENTRIES", 7)
    data = _ris_bytes(line_end, bom)
    converted = parallel.convert(
        io.BytesIO(data), target, {}, 2, min_entries=1, name="x.ris", from_format="ris"
    )
    assert converted is not None
    assert (converted.text, converted.read, converted.written) == _whole(data, "x.ris", target)
    codes = {d.code for d in converted.read}
    assert {"missing-er", "text-outside-record"} <= codes
    assert all(d.line for d in converted.read)


@pytest.mark.parametrize(
    ("change", "target"),
    [
        # A key generated: indented CSL-JSON lays an item out by its key's length.
        (lambda t: t.replace("ID  - k40\n", ""), "csl-json"),
        (lambda t: t.replace("ID  - k40\n", "ID  - K3\n"), "csl-json"),  # a key used twice
        (lambda t: t.replace("ID  - k40\n", "ID  - k 40\n"), "bibtex"),  # BibTeX cannot take it
        (lambda t: t.replace("\n", "\r"), "csl-json"),  # lone carriage returns: nowhere to cut
    ],
    ids=["no-id", "twice", "bad-for-bibtex", "cr"],
)
def test_ris_files_tied_together_or_with_nowhere_to_cut_stay_in_one_process(
    change, target, monkeypatch
):
    monkeypatch.setattr(parallel, "PART_ENTRIES", 7)
    text = "".join(f"TY  - JOUR\nID  - k{i}\nTI  - T{i}\nER  - \n\n" for i in range(60))
    data = change(text).encode("utf-8")
    assert (
        parallel.convert(io.BytesIO(data), target, {}, 2, min_entries=1, from_format="ris") is None
    )
    # The same text with keys BibTeX can take, and each once, splits.
    fine = text.encode("utf-8")
    assert parallel.convert(io.BytesIO(fine), target, {}, 2, min_entries=1, from_format="ris")


def _ris_file(keyed: bool) -> str:
    tag = "ID" if keyed else "N1"
    return "".join(f"TY  - JOUR\n{tag}  - k{i}\nTI  - T{i}\nER  - \n\n" for i in range(2500))


def _csl_json_file(keyed: bool) -> str:
    items = _csl_items(2500)
    for item in items if not keyed else ():
        del item["id"]
    return json.dumps(items, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("keyed", [True, False], ids=["keyed", "not-keyed"])
@pytest.mark.parametrize(("suffix", "make"), [(".ris", _ris_file), (".json", _csl_json_file)])
def test_the_command_gives_the_same_output_and_messages_for_ris_and_csl_json(
    suffix, make, keyed, tmp_path, monkeypatch
):
    """Large enough to split with `--jobs 2`, with keys or without (given once every part
    is in)."""
    text = make(keyed)
    path = tmp_path / f"refs{suffix}"
    path.write_text(text, encoding="utf-8")
    took: list[bool] = []  # what the command's own call to `parallel.convert` gave
    convert = parallel.convert

    def told(*args: object, **kwargs: object) -> object:
        converted = convert(*args, **kwargs)  # type: ignore[arg-type]
        took.append(converted is not None)
        return converted

    monkeypatch.setattr(parallel, "convert", told)
    assert cli.main(["convert", str(path), "--to", "bibtex", "-o", str(tmp_path / "in.bib")]) == 0
    assert took == [True]
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.bib"
        command = [sys.executable, "-m", "pubkit", "convert", str(path), "--to", "bibtex"]
        result = subprocess.run(
            [*command, "-o", str(out), "--jobs", jobs], capture_output=True, text=True
        )
        runs.append((result.returncode, result.stderr, out.read_text(encoding="utf-8")))
    assert runs[0] == runs[1]
    library = pubkit.api.load_bytes(text.encode("utf-8"), str(path))
    assert runs[0][2] == pubkit.write(library, "bibtex").text


# -- works without keys ------------------------------------------------------------------------

_RIS_KEY_LINE = re.compile(rb"(?m)^(?:ID  - |M2  - Citation Key: ).*\n")


def _without_keys(data: bytes, from_format: str) -> bytes:
    if from_format == "ris":
        return _RIS_KEY_LINE.sub(b"", data)
    items = json.loads(data)
    for item in items:
        item.pop("id", None)
        item.pop("citation-key", None)
    return json.dumps(items, ensure_ascii=False, indent=2).encode("utf-8")


def _whole_with(data: bytes, name: str, target: str, options: dict[str, object]):
    library = pubkit.api.load_bytes(data, name)
    written = pubkit.write(library, target, **options)
    return written.text, tuple(library.diagnostics), tuple(written.diagnostics)


# Indented CSL-JSON lays an item out by its key's length: without keys, written compact.
_KEYLESS_TARGETS = [("bibtex", {}), ("ris", {}), ("csl-json", {"indent": 0})]


@pytest.mark.parametrize(("target", "options"), _KEYLESS_TARGETS, ids=["bibtex", "ris", "csl"])
@pytest.mark.parametrize(("from_format", "suffix"), [("ris", ".ris"), ("csl-json", ".json")])
@pytest.mark.parametrize("name", LARGE)
def test_parts_of_a_file_without_keys_give_the_keys_one_process_gives(
    name, from_format, suffix, target, options, monkeypatch
):
    """The corpus as RIS and CSL-JSON without keys, in parts of 97: generated keys collide
    across parts (the same author, year and title word; `anon`), and are given as one process
    gives them, by content, avoiding the keys other works have."""
    monkeypatch.setattr(parallel, "PART_ENTRIES", 97)
    data, works = _corpus_as(name, from_format)
    data = _without_keys(data, from_format)
    file = f"x{suffix}"
    converted = parallel.convert(
        io.BytesIO(data), target, options, jobs=1, min_entries=1, name=file,
        from_format=from_format,
    )  # fmt: skip
    assert (converted is None) == (not works)
    if converted is not None:
        whole = _whole_with(data, file, target, options)
        assert (converted.text, converted.read, converted.written) == whole


def _colliding_ris() -> bytes:
    """Works whose generated keys collide across parts, with keys records give among them:
    one that a base key would take (`smith2020deep`), one that a suffix would take
    (`smith2020deepb`), and one that differs from a base key only in case."""
    records = []
    keys = {7: "ID  - smith2020deep\n", 15: "ID  - Smith2020Deepb\n", 23: "ID  - anon\n"}
    for i in range(40):
        title = f"Deep {'learning' if i % 2 else 'nets'} {i % 5}"
        author = f"Smith, J{'ABC'[i % 3]}"
        key = keys.get(i, "")
        records.append(f"TY  - JOUR\n{key}AU  - {author}\nPY  - 2020\nTI  - {title}\nER  - \n\n")
        if i % 4 == 0:
            records.append("TY  - JOUR\nER  - \n\n")  # nothing but a type: `anon`
    return "".join(records).encode("utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("target", "options"), _KEYLESS_TARGETS, ids=["bibtex", "ris", "csl"])
def test_keys_that_collide_across_parts_are_given_over_the_whole_file(
    target, options, jobs, monkeypatch
):
    monkeypatch.setattr(parallel, "PART_ENTRIES", 3)
    data = _colliding_ris()
    converted = parallel.convert(
        io.BytesIO(data), target, options, jobs, min_entries=1, name="x.ris", from_format="ris"
    )
    assert converted is not None
    whole = _whole_with(data, "x.ris", target, options)
    assert (converted.text, converted.read, converted.written) == whole
    assert "smith2020deepc" in converted.text  # `a`, then `b` taken: suffixes across parts


@pytest.mark.parametrize("part_entries", [1, 2, 1000])
def test_records_no_part_can_start_with_still_get_keys_of_their_own(part_entries, monkeypatch):
    """A line after `ER  -` keeps the next record from starting a part (the reader would
    take the line for a stray tag): such a record is not counted where parts may start,
    and its stand-in must still be its own."""
    monkeypatch.setattr(parallel, "PART_ENTRIES", part_entries)

    def record(title: str, after: str = "") -> str:
        return f"TY  - JOUR\nAU  - Smith, J\nPY  - 2020\nTI  - {title}\nER  - \n{after}\n"

    titles = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"] * 3
    text = "".join(record(f"{t} {i}", "junk\n" if i % 4 == 0 else "") for i, t in enumerate(titles))
    data = text.encode("utf-8")
    converted = parallel.convert(
        io.BytesIO(data), "bibtex", {}, 1, min_entries=1, name="x.ris", from_format="ris"
    )
    assert converted is not None
    whole = _whole_with(data, "x.ris", "bibtex", {})
    assert (converted.text, converted.read, converted.written) == whole
    heads = [line for line in converted.text.splitlines() if line.startswith("@")]
    assert len(set(heads)) == len(titles)


def test_a_file_without_keys_into_indented_csl_json_stays_in_one_process():
    data = _colliding_ris()
    options = {"min_entries": 1, "from_format": "ris"}
    assert parallel.convert(io.BytesIO(data), "csl-json", {}, 1, **options) is None
    assert parallel.convert(io.BytesIO(data), "csl-json", {"indent": 0}, 1, **options)


@pytest.mark.parametrize("block", [1, 2, 5, 29, 1000])
def test_stand_ins_cut_by_a_block_are_replaced_whole(block):
    prefix = stand_in_keys.new_prefix()
    keys = {f"{prefix}{i % 3}y{i}x": f"key{i}" for i in range(12)}
    text = " ".join(f'"{stand_in}"' for stand_in in keys) + f" {prefix}1x {prefix[:5]}"
    data = text.encode("ascii")
    into = io.BytesIO()
    stand_in_keys.KeysPutIn(prefix, keys).output(
        (data[i : i + block] for i in range(0, len(data), block)), into
    )
    expected = " ".join(f'"key{i}"' for i in range(12)) + f" {prefix}1x {prefix[:5]}"
    assert into.getvalue().decode("ascii") == expected


def test_the_formats_named_as_splitting_are_those_parallel_splits():
    assert set(bulk.SPLIT_FORMATS) == set(parallel._SPLITTERS)


# -- CSL-JSON ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["bibtex", "csl-json", "ris"])
@pytest.mark.parametrize("name", LARGE)
def test_csl_json_parts_write_what_the_whole_file_writes(name, target, monkeypatch):
    """The corpus as CSL-JSON, cut where items start, each part's items named by their place
    in the whole file."""
    monkeypatch.setattr(parallel, "PART_ENTRIES", 97)
    monkeypatch.setattr(parallel, "OUTLINE_BYTES", 4099)
    data, works = _corpus_as(name, "csl-json")
    converted = parallel.convert(
        io.BytesIO(data), target, {}, jobs=1, min_entries=1, name="x.json", from_format="csl-json"
    )
    assert (converted is None) == (not works)
    if converted is not None:
        assert (converted.text, converted.read, converted.written) == _whole(data, "x.json", target)


def _csl_items(count: int) -> list[dict[str, object]]:
    """Items with characters of two, three and four UTF-8 bytes, and every few items
    something the reader reports: a date that is not one, a type no one knows, a number
    where a name should be."""
    items: list[dict[str, object]] = []
    for i in range(count):
        item: dict[str, object] = {"id": f"k{i}", "type": "article-journal"}
        item["title"] = f"Caf\u00e9 \u2013 \U0001f600 {i}"
        item["author"] = [{"family": f"B{i}", "given": "\u00c9."}]
        if i % 7 == 0:
            item["issued"] = {"date-parts": [["not a year"]]}
        if i % 11 == 0:
            item["type"] = "no-such-type"
        if i % 13 == 0:
            item["editor"] = 42
        items.append(item)
    return items


@pytest.mark.parametrize("indent", [None, 2], ids=["one-line", "indented"])
@pytest.mark.parametrize(
    ("line_end", "bom"), [("\n", False), ("\r\n", True)], ids=["lf", "crlf-bom"]
)
@pytest.mark.parametrize("target", ["bibtex", "csl-json"])
def test_a_csl_json_file_read_a_few_bytes_at_a_time_converts_as_a_whole(
    indent, line_end, bom, target, monkeypatch
):
    monkeypatch.setattr(parallel, "OUTLINE_BYTES", 61)
    monkeypatch.setattr(parallel, "PART_ENTRIES", 7)
    text = json.dumps(_csl_items(60), ensure_ascii=False, indent=indent).replace("\n", line_end)
    data = (codecs.BOM_UTF8 if bom else b"") + f" {text}{line_end}".encode()
    converted = parallel.convert(
        io.BytesIO(data), target, {}, 2, min_entries=1, name="x.json", from_format="csl-json"
    )
    assert converted is not None
    assert (converted.text, converted.read, converted.written) == _whole(data, "x.json", target)
    paths = {str(d.location) for d in converted.read}
    assert "x.json $[56].issued.date-parts[0][0]" in paths  # by its place in the whole file
    assert {d.code for d in converted.read} >= {"unknown-type"}


_PROFILE = {"custom": {"pubkit": {"profile": {"name": "A. Person"}}}}


@pytest.mark.parametrize(
    ("change", "target"),
    [
        # A key generated: indented CSL-JSON lays an item out by its key's length.
        (lambda items: items[40].pop("id"), "csl-json"),
        (lambda items: items[40].update(id="K3"), "csl-json"),  # a key used twice
        (lambda items: items[40].update(id="k 40"), "bibtex"),  # BibTeX cannot take it
        (lambda items: items[40].update(_PROFILE), "csl-json"),  # the library's profile
        (lambda items: items[40].update(deep=json.loads("[" * 120 + "]" * 120)), "csl-json"),
        (lambda items: items.insert(40, "not an item"), "csl-json"),
    ],
    ids=["no-id", "twice", "bad-for-bibtex", "profile", "too-deep", "not-an-item"],
)
def test_csl_json_files_tied_together_are_left_to_one_process(change, target, monkeypatch):
    monkeypatch.setattr(parallel, "PART_ENTRIES", 7)
    items = _csl_items(60)
    change(items)
    data = json.dumps(items).encode("utf-8")
    assert (
        parallel.convert(io.BytesIO(data), target, {}, 2, min_entries=1, from_format="csl-json")
        is None
    )
    # The items as they were split.
    fine = json.dumps(_csl_items(60)).encode("utf-8")
    assert parallel.convert(io.BytesIO(fine), target, {}, 2, min_entries=1, from_format="csl-json")


@pytest.mark.parametrize(
    "data",
    [
        b'[{"id": "a", "type": "book"}, {"id": "b", "type": "book"},]',  # a trailing comma
        b'[{"id": "a", "type": "book"}, {"id": "b", "type": "book"}] and more',
        b'[{"id": "a", "type": "book"}, {"id": "b", "title": NaN}]',
        b'[{"id": "a", "type": "book"}, {"id": "b", "title": "\\ud800"}]',
        b'{"id": "a", "type": "book"}',  # one item, not an array
        b'[{"id": "a", "type": "book"}, {"id": "b", "title": "\xe9"}]',  # not UTF-8
    ],
    ids=["trailing-comma", "text-after", "nan", "lone-surrogate", "object", "latin-1"],
)
def test_what_the_whole_csl_json_reader_refuses_or_mends_is_left_to_it(data):
    title = b'"title": "A title long enough that the item is written on lines of its own"'
    fine = b'[{"id": "a", "type": "book", %s}, {"id": "b", %s}]' % (title, title)
    options = {"min_entries": 1, "from_format": "csl-json"}
    assert parallel.convert(io.BytesIO(fine), "bibtex", {}, 2, **options) is not None
    assert parallel.convert(io.BytesIO(data), "bibtex", {}, 2, **options) is None


@pytest.mark.parametrize(
    ("data", "splits"),
    [
        # An indented record: the reader takes an indented line after it for a stray tag.
        (b"  TY  - JOUR\n  ID  - a\nER  - \n  KW  - x\nTY  - JOUR\nID  - b\nER  - \n", False),
        (
            b"  TY  - JOUR\n  ID  - a\nER  - \n  ID  - c\nER  - \nTY  - JOUR\nID  - b\nER  - \n",
            True,
        ),
        # `TY  -X` is no tag line: the indented record's reading goes on after it.
        (
            b"  TY  - JOUR\n  ID  - a\nER  - \nTY  -X\n  ID  - c\n  ER  - \n"
            b"TY  - JOUR\nID  - b\nER  - \nTY  - JOUR\nID  - d\nER  - \n",
            True,
        ),
        # A byte-order mark inside the file: its `TY` line is no tag line.
        (b"TY  - JOUR\nID  - a\nER  - \n\xef\xbb\xbfTY  - JOUR\nID  - b\nER  - \n", True),
        (b"TY  - JOUR\nID  - a\nER  - \n\xef\xbb\xbfKW  - x\nTY  - JOUR\nID  - b\nER  - \n", True),
    ],
    ids=["indented-stray", "indented-er", "ty-not-a-tag", "bom-ty", "bom-stray"],
)
@pytest.mark.parametrize("target", ["ris", "bibtex"])
def test_ris_parts_start_only_where_the_reader_starts_afresh(data, splits, target, monkeypatch):
    """A part starts only with a `TY  -` tag line at the start of a line after `ER  -`, where
    the reader forgets all it read before; a file without such a place does not split."""
    monkeypatch.setattr(parallel, "PART_ENTRIES", 1)
    monkeypatch.setattr(parallel, "OUTLINE_BYTES", 50)
    data = data * 3
    count = itertools.count()
    data = re.sub(rb"ID  - \w+", lambda _: f"ID  - k{next(count)}".encode(), data)  # unique
    converted = parallel.convert(
        io.BytesIO(data), target, {}, 1, min_entries=1, name="x.ris", from_format="ris"
    )
    assert (converted is not None) == splits
    if converted is not None:
        assert (converted.text, converted.read, converted.written) == _whole(data, "x.ris", target)


def test_a_csl_json_profile_under_its_dotted_name_keeps_the_file_in_one_process(monkeypatch):
    monkeypatch.setattr(parallel, "PART_ENTRIES", 1)
    title = "A title long enough that the item is written on lines of its own"
    items = [{"id": "a", "custom.pubkit.profile": {}, "title": title}, {"id": "b", "title": title}]
    data = json.dumps(items).encode("utf-8")
    options = {"min_entries": 1, "from_format": "csl-json"}
    assert parallel.convert(io.BytesIO(data), "csl-json", {}, 1, **options) is None
    without = data.replace(b'"custom.pubkit.profile": {}, ', b"")
    assert parallel.convert(io.BytesIO(without), "csl-json", {}, 1, **options) is not None


@pytest.mark.parametrize("block", [1, 7, 13, 100_000])
def test_a_surrogate_pair_cut_by_a_block_is_one_character(block):
    """`\\ud83d\\ude00` is 😀 wherever the blocks the file is read in end; a lone one is not."""
    pair = b'[{"id": "a", "title": "\\ud83d\\ude00"}, {"id": "b", "title": "x\\ud83d\\ude00"}]'
    assert [v for _, _, v in array_items(io.BytesIO(pair), 0, block, 1000)] == json.loads(pair)
    lone = pair.replace(b"\\ude00", b"", 1)
    with pytest.raises(ValueError, match="lone surrogate"):
        list(array_items(io.BytesIO(lone), 0, block, 1000))


_HIGH, _LOW = ("8", "9", "a", "b"), ("c", "d", "e", "f")


def _escape_at(text: str, at: int, kinds: tuple[str, ...]) -> bool:
    """Whether a surrogate escape of ``kinds`` (`\\ud8..`, `\\udc..`) starts at ``at``."""
    digits = text[at + 4 : at + 6]
    return (
        text[at : at + 3] in ("\\ud", "\\uD")
        and text[at + 3 : at + 4].lower() in kinds
        and len(digits) == 2
        and all(c in string.hexdigits for c in digits)
    )


def _lone_escapes(text: str) -> list[int]:
    """Where lone surrogate escapes start, found one character at a time."""
    found, at = [], 0
    while at < len(text):
        low_after = text[at + 6 : at + 9] in ("\\ud", "\\uD") and (
            text[at + 9 : at + 10].lower() in _LOW
        )
        if (_escape_at(text, at, _HIGH) and not low_after) or (
            _escape_at(text, at, _LOW) and not (at >= 6 and _escape_at(text, at - 6, _HIGH))
        ):
            found.append(at)
            at += 6
        else:
            at += 1
    return found


# Whole escapes, high and low, and pieces of them.
_ESCAPE_PIECES = [
    *("\\ud83d", "\\uDBFF", "\\ude00", "\\uDc0", "\\ud", "\\u", "\\"),
    *("u", "d", "8", "c", "F", "0", "x", '"'),
]


@given(st.lists(st.sampled_from(_ESCAPE_PIECES)).map("".join))
def test_lone_surrogate_escapes_are_found_where_they_are(text):
    assert [m.start() for m in jsontext._LONE_ESCAPE.finditer(text)] == _lone_escapes(text)


@pytest.mark.parametrize(
    ("from_format", "make"), [("ris", _ris_file), ("csl-json", _csl_json_file)]
)
def test_dask_converts_ris_and_csl_json_parts_too(from_format, make, monkeypatch):
    if importlib.util.find_spec("dask") is None:
        missing_tool("Dask is not installed (an optional dependency: pip install 'pubkit[dask]')")
    monkeypatch.setattr(parallel, "DASK_WINDOW", 2)
    data = make(True).encode("utf-8")
    converted = parallel.convert(
        io.BytesIO(data), "bibtex", {}, 2, dask="threads", name="x", from_format=from_format
    )
    assert converted is not None
    assert (converted.text, converted.read, converted.written) == _whole(data, "x", "bibtex")


@pytest.mark.parametrize("block", [1, 2, 3, 64])
def test_array_items_reads_any_json_values_whatever_the_blocks(block):
    """A number cut by the end of a block goes on in the next one."""
    data = b' [12, 345, -6.5e3, "x\\"y", [1, [2]], {"a": null}, true, false, null ] '
    items = list(array_items(io.BytesIO(data), 0, block, 1000))
    assert [value for _, _, value in items] == json.loads(data)
    assert [json.loads(data[start:end]) for start, end, _ in items] == json.loads(data)


def test_a_ris_file_counts_every_record(monkeypatch):
    """The last record too: a file of exactly `min_entries` records splits."""
    monkeypatch.setattr(parallel, "PART_ENTRIES", 2)
    data = "".join(f"TY  - JOUR\nID  - k{i}\nTI  - T{i}\nER  - \n\n" for i in range(5)).encode()
    told: list[tuple[int, int]] = []
    options = {"from_format": "ris", "progress": lambda *done: told.append(done)}
    converted = parallel.convert(io.BytesIO(data), "ris", {}, 1, min_entries=5, **options)
    assert converted is not None and converted.works == 5
    assert told == [(2, 5), (4, 5), (5, 5)]
    assert parallel.convert(io.BytesIO(data), "ris", {}, 1, min_entries=6, **options) is None


# -- the library call --------------------------------------------------------------------------


def _split_calls(monkeypatch) -> list[object]:
    """The results of `parallel.convert` as `pubkit.convert` calls it, with every text large
    enough to plan a split for and parts smaller than usual."""
    monkeypatch.setattr(pubkit.api, "SPLIT_FROM_BYTES", 0)
    monkeypatch.setattr(parallel, "MIN_ENTRIES", 1)
    monkeypatch.setattr(parallel, "PART_ENTRIES", 97)
    results: list[object] = []
    convert = parallel.convert

    def spy(*args, **kwargs):
        results.append(convert(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(parallel, "convert", spy)
    return results


@pytest.mark.parametrize(("from_format", "jobs"), [("bibtex", 2), ("ris", 1), ("csl-json", 1)])
def test_the_library_call_converts_in_parts_what_it_would_convert_whole(
    from_format, jobs, monkeypatch
):
    name = LARGE[0]
    data = (
        _corpus_as(name, from_format)[0] if from_format != "bibtex" else CORPUS[name].read_bytes()
    )
    text = data.decode("utf-8")
    library = pubkit.loads(text, from_format, name=name)
    whole = pubkit.write(library, "bibtex", ascii=True)
    splits = _split_calls(monkeypatch)
    written = pubkit.convert(text, from_format, "bibtex", name=name, jobs=jobs, ascii=True)
    assert len(splits) == 1 and splits[0] is not None
    assert written.text == whole.text
    assert written.diagnostics == (*library.diagnostics, *whole.diagnostics)


def test_the_library_call_converts_whole_what_does_not_split(monkeypatch):
    """A listing; a file of one entry; strict, or another registry than the built-in one."""
    splits = _split_calls(monkeypatch)
    listing = (ROOT / "fixtures/listing/runxin-xu.txt").read_text(encoding="utf-8")
    one = "@article{k, title={T}, author={A. B}, year=2000, journal={J}}"
    for text, from_format, options in [
        (listing, "listing", {}),
        (one, "bibtex", {}),
        (one, "bibtex", {"strict": True}),
        (one, "bibtex", {"registry": pubkit.default_registry()}),
    ]:
        library = pubkit.loads(text, from_format)
        whole = pubkit.write(library, "csl-json")
        written = pubkit.convert(text, from_format, "csl-json", **options)
        assert written.text == whole.text
        assert written.diagnostics == (*library.diagnostics, *whole.diagnostics)
    assert splits == [None]  # only the file of one entry was planned, and it did not split


def test_the_library_call_says_what_is_wrong_with_its_arguments(monkeypatch):
    splits = _split_calls(monkeypatch)
    text = "@misc{k, title={T}}\n" * 3
    with pytest.raises(pubkit.FormatError, match=r"unknown option.*colour"):
        pubkit.convert(text, "bibtex", "ris", colour=True)
    with pytest.raises(pubkit.FormatError, match="unknown format 'bib'"):
        pubkit.convert(text, "bib", "ris")
    for jobs in (0, 2.5, "2", True):
        with pytest.raises(ValueError, match="jobs must be a whole number, 1 or more"):
            pubkit.convert(text, "bibtex", "ris", jobs=jobs)
    with pytest.raises(TypeError, match="not bytes: decode it first"):
        pubkit.convert(text.encode(), "bibtex", "ris")
    with pytest.raises(TypeError, match="as a str, not NoneType"):
        pubkit.loads(None, "bibtex")
    with pytest.raises(pubkit.ReadError):
        pubkit.convert('@misc{k, title="T}', "bibtex", "ris", strict=True)
    assert splits == []
