"""The ``pubkit`` command. Thin: each subcommand is a call into ``pubkit.api``.

Exit status: 0 when nothing worse than warnings was reported; 1 when errors were reported (the
other records are still converted) or nothing could be read; 2 for usage errors.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Never

import attrs

from pubkit import api
from pubkit.__about__ import __version__
from pubkit.bulk import SPLIT_FORMATS, SPLIT_FROM_BYTES, collector_paused
from pubkit.diagnostics import Diagnostic
from pubkit.errors import FormatError, WriteError
from pubkit.formats.base import Format
from pubkit.library import Library
from pubkit.output import OutputError, write_chunks
from pubkit.registry import Registry, default_registry

if TYPE_CHECKING:  # enrich is imported when its command runs (rapidfuzz, SQLite, requests)
    from pubkit.enrich import Client, RecordSource

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
_ENCODING_HELP = "the inputs' encoding (default: UTF-8, else Western, else detected; warned)"
_OUTPUT_HELP = "default (or -): standard output; a link is followed, a device written into"


class UsageError(Exception):
    """A mistake in how the command was called: exit status 2."""


def main(argv: Sequence[str] | None = None, registry: Registry | None = None) -> int:
    registry = registry or default_registry()
    parser = _parser(registry)
    args = parser.parse_args(argv)
    args.registry = registry
    try:
        return int(args.run(args))
    except UsageError as exc:
        parser.exit(EXIT_USAGE, f"pubkit: error: {exc}\n")
    except FormatError as exc:
        parser.exit(EXIT_USAGE, f"pubkit: error: {exc}\n")
    except WriteError as exc:
        _report(exc.diagnostics)
        print(f"pubkit: {exc.message}; nothing was written (--strict)", file=sys.stderr)
        return EXIT_ERRORS
    except OutputError as exc:
        print(f"pubkit: {exc}", file=sys.stderr)  # the path and the reason
        return EXIT_ERRORS
    except BrokenPipeError:
        return EXIT_ERRORS
    except KeyboardInterrupt:
        return 130


def _parser(registry: Registry) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pubkit",
        description="Convert publication records between listings, pubkit JSON and, "
        "bibliography formats.",
    )
    parser.add_argument("--version", action="version", version=f"pubkit {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    convert = commands.add_parser(
        "convert",
        help="read one or more inputs and write them in another format",
        description="Read INPUT files (or - for standard input) and write them as FORMAT.",
    )
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help="a file, or - for stdin")
    convert.add_argument("--to", required=True, metavar="FORMAT", dest="to_format")
    convert.add_argument(
        "--from", metavar="FORMAT", dest="from_format", help="default: from suffix and content"
    )
    convert.add_argument("--encoding", metavar="NAME", help=_ENCODING_HELP)
    convert.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_OUTPUT_HELP,
    )
    convert.add_argument(
        "--strict", action="store_true", help="write nothing if any error is found"
    )
    convert.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes for a large .bib, RIS or CSL-JSON file (default: one per core from "
        "2,000 entries on; the output is the same)",
    )
    convert.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="convert a large file's parts as Dask tasks: threads, processes, synchronous, "
        "or a Dask cluster's scheduler address (tcp://host:8786); needs pubkit[dask]",
    )
    convert.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="errors only: no warnings (their number is printed) and no progress bar",
    )
    _add_writer_options(convert, registry)
    convert.set_defaults(run=_convert)

    format_ = commands.add_parser(
        "format",
        help="render formatted references in a CSL style (APA, IEEE, ...)",
        description="Render INPUT files as a bibliography in a CSL style, with citeproc-py.",
    )
    format_.add_argument("inputs", nargs="*", metavar="INPUT", help="a file, or - for stdin")
    format_.add_argument("--style", default="apa", help="a CSL style name (default: apa)")
    format_.add_argument("--html", action="store_true", help="write HTML instead of plain text")
    format_.add_argument(
        "--from", metavar="FORMAT", dest="from_format", help="default: from suffix and content"
    )
    format_.add_argument("--encoding", metavar="NAME", help=_ENCODING_HELP)
    format_.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_OUTPUT_HELP,
    )
    format_.add_argument(
        "--list-styles", action="store_true", help="list the installed styles and exit"
    )
    format_.set_defaults(run=_format)

    enrich = commands.add_parser(
        "enrich",
        help="complete works from other sources: full authors, arXiv id, DOI, venue, pages",
        description="Read INPUT files, complete each work from the records of the SOURCE "
        "files or folders that match it surely (title, year, authors), and write the result "
        "as FORMAT. What changed, what conflicted and what matched nothing is reported on "
        "standard error.",
    )
    enrich.add_argument("inputs", nargs="+", metavar="INPUT", help="a file, or - for stdin")
    enrich.add_argument(
        "--from",
        dest="sources",
        action="extend",
        nargs="+",
        required=True,
        metavar="SOURCE",
        help="a file or folder of records (.bib, CSL-JSON, RIS, pubkit JSON), or an online "
        "service: arxiv, crossref, dblp, openalex (online:NAME when a file has that name)",
    )
    enrich.add_argument("--to", required=True, metavar="FORMAT", dest="to_format")
    enrich.add_argument("--encoding", metavar="NAME", help=_ENCODING_HELP)
    enrich.add_argument("-o", "--output", metavar="FILE", help=_OUTPUT_HELP)
    enrich.add_argument(
        "--dry-run",
        action="store_true",
        help="write nothing; show what would change, work by work, on standard output",
    )
    enrich.add_argument(
        "--min-confidence",
        type=_confidence,
        metavar="X",
        help="the least confidence (0 to 1) of a match that changes a work (default: 0.9; "
        "an exact title, year and authors give 1)",
    )
    enrich.add_argument(
        "--report", metavar="FILE", help="also write the report, work by work, as JSON"
    )
    enrich.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where the indexes of large sources and the answers of online services are kept "
        "(default: PUBKIT_CACHE_DIR, else the user's cache folder)",
    )
    enrich.add_argument(
        "--offline",
        action="store_true",
        help="online services answer from the cache alone; no connection is opened",
    )
    enrich.add_argument(
        "--contact",
        metavar="EMAIL",
        default=os.environ.get("PUBKIT_CONTACT"),
        help="an e-mail address Crossref and OpenAlex may write to (their polite pool; "
        "default: PUBKIT_CONTACT)",
    )
    _add_writer_options(enrich, registry)
    enrich.set_defaults(run=_enrich, from_format=None)

    formats = commands.add_parser(
        "formats",
        help="list the formats pubkit reads and writes, or show one's mapping table",
        description="List the formats; with a NAME, show how that format's fields map onto "
        "pubkit's model, and what it cannot carry.",
    )
    formats.add_argument("name", nargs="?", metavar="NAME", help="a format, e.g. bibtex")
    formats.set_defaults(run=_formats)
    return parser


def _writer_options(registry: Registry) -> dict[str, tuple[attrs.Attribute[Any], list[str]]]:
    """Every writer option, once, with the formats that take it."""
    found: dict[str, tuple[attrs.Attribute[Any], list[str]]] = {}
    for fmt in registry:
        if fmt.writes and fmt.options is not None:
            for option in attrs.fields(fmt.options):
                found.setdefault(option.name, (option, []))[1].append(fmt.name)
    return found


def _add_writer_options(command: argparse.ArgumentParser, registry: Registry) -> None:
    """A flag for each writer option, built from the options' own declarations."""
    for name, (option, formats) in _writer_options(registry).items():
        flag = "--" + name.replace("_", "-")
        help_text = f"{option.metadata.get('help', name)} [{', '.join(formats)}]"
        if option.default is False:
            command.add_argument(flag, dest=name, action="store_true", default=None, help=help_text)
            continue
        choices = option.metadata.get("choices") or None
        kind = _count if isinstance(option.default, int) else str
        command.add_argument(
            flag, dest=name, type=kind, choices=choices, metavar=option.metadata.get("metavar"),
            default=None, help=f"{help_text} (default: {_shown(option.default)})",
        )  # fmt: skip


def _shown(default: object) -> str:
    return ",".join(sorted(default)) or "none" if isinstance(default, frozenset) else str(default)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number 0 or more, got {text!r}")
    return int(text)


def _formats(args: argparse.Namespace) -> int:
    if args.name:
        from pubkit.formats.describe import describe

        _emit(describe(args.registry.get(args.name)), None)
        return EXIT_OK
    for fmt in args.registry:
        modes = "".join(("r" if fmt.reads else "-", "w" if fmt.writes else "-"))
        suffixes = " ".join(fmt.suffixes)
        print(f"{fmt.name:<10} {modes}  {suffixes:<8} {fmt.description}")
    return EXIT_OK


def _format(args: argparse.Namespace) -> int:
    from pubkit import render  # citeproc-py and lxml: loaded only to format

    if args.list_styles:
        print("\n".join(render.list_styles()))
        return EXIT_OK
    if not args.inputs:
        raise UsageError("give an INPUT file to format (or --list-styles)")
    render.style_path(args.style)  # an unknown style is a usage error before any reading
    library = _read_all(args.inputs, args.from_format, args.registry, args.encoding)
    if not library.works:
        print("pubkit: nothing was read, so nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    text = render.format_bibliography(library, args.style, html_output=args.html)
    _emit(text, args.output)
    return EXIT_ERRORS if library.errors else EXIT_OK


def _read_all(
    inputs: list[str],
    from_format: str | None,
    registry: Registry,
    encoding: str | None = None,
    quiet: bool = False,
) -> Library:
    """Every input, merged; generated keys are made over all of them at once. ``quiet``: the
    errors are reported, the warnings only counted (``_hidden``)."""
    if from_format:
        registry.get(from_format)
    _check_encoding(encoding)
    several = len(inputs) > 1
    libraries: list[Library] = []
    for name in inputs:  # in order: a .bib file uses the @string macros of those before it
        libraries.append(
            _read_input(
                name,
                from_format,
                registry,
                keys=not several,
                encoding=encoding,
                earlier=libraries,
                quiet=quiet,
            )
        )
    if not several:
        return libraries[0]
    library = api.merge(libraries)
    _report([d for d in library.diagnostics if d.code == "duplicate-key"], quiet)
    return library


def _check_encoding(encoding: str | None) -> None:
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise UsageError(f"unknown encoding {encoding!r}") from exc


def _emit(text: str, output: str | None) -> None:
    """To ``-o FILE`` (``-`` or none: standard output)."""
    _emit_chunks([text.encode("utf-8", errors="replace")], output)


def _emit_chunks(chunks: Iterable[bytes | memoryview], output: str | None) -> None:
    """UTF-8 text in chunks to ``-o FILE`` (``-`` or none: standard output)."""
    if output and output != "-":
        write_chunks(Path(output), chunks)
    else:
        sys.stdout.buffer.writelines(chunks)
        sys.stdout.flush()


def _target(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The output format's name and the writer options given: usage errors found early."""
    target = args.registry.get(args.to_format)
    if not target.writes:
        raise UsageError(f"pubkit cannot write {target.name}: it is an input format only")
    given = {
        name: getattr(args, name)
        for name in _writer_options(args.registry)
        if getattr(args, name, None) is not None
    }
    api.writer_options(target, given)  # an option the writer does not take: a usage error
    return target.name, given


def _enrich(args: argparse.Namespace) -> int:
    from pubkit import enrich  # here: only this command needs rapidfuzz and SQLite

    target, given = _target(args)
    least = args.min_confidence
    if least is None:
        least = enrich.DEFAULT_MIN_CONFIDENCE
    library = _read_all(args.inputs, None, args.registry, args.encoding)  # first: it may fail
    with contextlib.ExitStack() as open_sources:
        sources, client = _sources(args, open_sources)
        try:
            enriched, report = enrich.enrich(library, sources, min_confidence=least)
        except enrich.ServiceError as exc:
            print(f"pubkit: {exc}; nothing was written", file=sys.stderr)
            return EXIT_ERRORS
    if client is not None and client.missed:
        print(
            f"pubkit: {_plural(client.missed, 'question')} of online services "
            "had no answer in the cache (--offline): those works were not looked up there",
            file=sys.stderr,
        )
    if args.report:
        api.write_atomically(Path(args.report), report.to_json())
    if args.dry_run:
        _emit("\n".join([*report.lines(), report.summary]) + "\n", None)
        return EXIT_OK
    for line in report.lines():
        print(line, file=sys.stderr)
    print(f"pubkit: {report.summary}", file=sys.stderr)
    if not enriched.works:
        print("pubkit: nothing was read, so nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    written = api.write(enriched, target, registry=args.registry, **given)
    _report(written.diagnostics)
    _emit(written.text, args.output)
    reported = (*library.diagnostics, *written.diagnostics)
    return EXIT_ERRORS if any(d.is_error for d in reported) else EXIT_OK


def _sources(
    args: argparse.Namespace, opened: contextlib.ExitStack
) -> tuple[list[RecordSource], Client | None]:
    """The sources of ``--from`` (files and folders, or online services), and the one HTTP
    client (one cache) the services share, if any. Each is closed with ``opened``."""
    from pubkit import enrich

    cache_dir = Path(args.cache_dir) if args.cache_dir else enrich.default_cache_dir()
    client: Client | None = None
    sources: list[RecordSource] = []
    for name in args.sources:
        service = _service(name, enrich.SERVICES)
        if service is not None:
            if client is None:
                try:
                    client = enrich.Client(cache_dir, offline=args.offline, contact=args.contact)
                except enrich.ServiceError as exc:
                    raise UsageError(str(exc)) from exc
                opened.enter_context(client)
            sources.append(enrich.SERVICES[service](client))
            continue
        try:
            source = enrich.LocalSource(
                name, cache_dir=cache_dir, registry=args.registry, announce=_announce
            )
        except enrich.SourceError as exc:
            raise UsageError(str(exc)) from exc
        opened.enter_context(source)
        for problem in source.errors:
            print(problem, file=sys.stderr)
        if not source.records:
            raise UsageError(f"{name}: no records could be read from it")
        counts = [_plural(len(source.errors), "error"), _plural(source.warnings, "warning")]
        records = _plural(source.records, "record")
        print(f"pubkit: {name}: {records} ({', '.join(counts)})", file=sys.stderr)
        sources.append(source)
    return sources, client


def _service(name: str, services: Mapping[str, object]) -> str | None:
    """The online service ``name`` names (``crossref``, ``online:crossref``), or None for a
    path. A file or folder of that name is a path unless ``online:`` says otherwise."""
    service = name.removeprefix("online:").lower()
    if name.startswith("online:"):
        if service not in services:
            known = ", ".join(sorted(services))
            raise UsageError(f"unknown online service {service!r} (there are {known})")
        return service
    return service if service in services and not Path(name).exists() else None


def _announce(message: str) -> None:
    print(f"pubkit: {message}", file=sys.stderr)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {value!r}")
    return number


def _convert(args: argparse.Namespace) -> int:
    target_name, given = _target(args)
    target = args.registry.get(target_name)
    if (done := _convert_in_parts(args, target.name, given)) is not None:
        return done
    return _convert_whole(args, target, given)


# The collector runs again only once the library is gone: paused only while it is read and
# written, it would walk every work once more (twice for a large one), to free none.
@collector_paused()
def _convert_whole(args: argparse.Namespace, target: Format, given: dict[str, Any]) -> int:
    library = _read_all(args.inputs, args.from_format, args.registry, args.encoding, args.quiet)
    if args.strict and library.errors:
        count = len(library.errors)
        print(
            f"pubkit: {_plural(count, 'error')}; nothing was written (--strict)",
            file=sys.stderr,
        )
        return EXIT_ERRORS

    if not library.works:
        print("pubkit: nothing was read, so nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    written = api.write(library, target.name, strict=args.strict, registry=args.registry, **given)
    _report(written.diagnostics, args.quiet)
    _emit(written.text, args.output)
    reported = (*library.diagnostics, *written.diagnostics)
    _hidden(reported, args.quiet)
    return EXIT_ERRORS if any(d.is_error for d in reported) else EXIT_OK


def _convert_in_parts(args: argparse.Namespace, target: str, given: dict[str, Any]) -> int | None:
    """The exit status of a large .bib, RIS or CSL-JSON file converted part by part, on every core
    (``pubkit.parallel``: the same output and messages as the whole file at once, in less time
    and memory); None when it was not done so."""
    name = args.inputs[0]
    if len(args.inputs) != 1 or name == "-" or args.strict:
        return None
    _check_encoding(args.encoding)
    if args.encoding is not None and codecs.lookup(args.encoding).name != "utf-8":
        return None  # the usual path decodes it
    from_format = _splittable_format(name, args)
    if from_format is None:
        return None
    from pubkit import parallel  # here: most conversions never need it

    jobs = args.jobs or os.cpu_count() or 1
    scheduler = _dask_scheduler(args.dask)
    try:
        with open(name, "rb") as file, _progress_bar(quiet=args.quiet) as progress:
            converted = parallel.convert(
                file,
                target,
                given,
                jobs,
                progress=progress,
                dask=scheduler,
                name=name,
                from_format=from_format,
            )
    except OSError:
        return None  # reported by the usual path
    if converted is None:
        return None
    _report(converted.read, args.quiet)
    _report(converted.written, args.quiet)
    _emit_chunks(converted.chunks(), args.output)
    reported = (*converted.read, *converted.written)
    _hidden(reported, args.quiet)
    return EXIT_ERRORS if any(d.is_error for d in reported) else EXIT_OK


def _splittable_format(name: str, args: argparse.Namespace) -> str | None:
    """The format of ``name`` when it is a regular file (a pipe can be read only once: by the
    usual path) of ``SPLIT_FROM_BYTES`` or more in a format that splits (.bib, RIS,
    CSL-JSON), by ``--from`` or by its head (every format tells itself from a file's head,
    100,000 characters at most); else None."""
    try:
        status = os.stat(name)
        if not stat.S_ISREG(status.st_mode) or status.st_size < SPLIT_FROM_BYTES:
            return None
        if args.from_format:
            found: str = args.registry.get(args.from_format).name
        else:
            with open(name, "rb") as file:
                head = file.read(_DETECTED_FROM).decode("utf-8-sig", errors="replace")
            found = args.registry.detect(name, head).name
    except (OSError, FormatError):
        return None  # reported by the usual path
    return found if found in SPLIT_FORMATS else None


# Bytes of a file's head that say its format: more than every format's sniffer reads.
_DETECTED_FROM = 1 << 20
_LOCAL_SCHEDULERS = ("threads", "processes", "synchronous")


def _dask_scheduler(name: str | None) -> object | None:
    """What ``--dask`` names: one of Dask's local schedulers, or a client of a cluster."""
    if name is None:
        return None
    try:
        import dask  # noqa: F401 (only to say clearly that it is missing)
    except ImportError as exc:
        raise UsageError("--dask needs Dask: pip install 'pubkit[dask]'") from exc
    if name in _LOCAL_SCHEDULERS:
        return name
    if "://" not in name:
        choices = ", ".join(_LOCAL_SCHEDULERS)
        raise UsageError(f"--dask takes {choices} or a scheduler's address, not {name!r}")
    try:  # by name: dask.distributed is the user's to install, and pubkit's types need not
        distributed = importlib.import_module("distributed")
    except ImportError as exc:
        raise UsageError("a Dask cluster needs dask.distributed: pip install distributed") from exc
    try:
        client: object = distributed.Client(name, timeout=30)
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {name}: {exc}") from exc
    return client


@contextlib.contextmanager
def _progress_bar(quiet: bool, delay: float = 1.0) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on standard error, only on a terminal, only after a conversion has taken
    a second (a quick one shows nothing); None when there is to be none."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bars: list[tqdm[Never]] = []  # made when the total is known

    def advance(done: int, total: int) -> None:
        if not bars:
            bar = tqdm(total=total, unit=" entries", unit_scale=True, leave=False, delay=delay)
            bars.append(bar)
        bars[0].update(done - bars[0].n)

    try:
        yield advance
    finally:
        for bar in bars:
            bar.close()


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _read_input(
    name: str,
    from_format: str | None,
    registry: Registry,
    *,
    keys: bool,
    encoding: str | None,
    earlier: Sequence[Library] = (),
    quiet: bool = False,
) -> Library:
    if name == "-":
        data = sys.stdin.buffer.read()
        label = "<stdin>"
    else:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from exc
        label = name
    library = api.load_bytes(
        data,
        label,
        from_format,
        keys=keys,
        registry=registry,
        encoding=encoding,
        earlier=tuple(earlier),
    )
    _report(library.diagnostics, quiet)
    return library


def _report(diagnostics: Sequence[Diagnostic], quiet: bool = False) -> None:
    """Each diagnostic on standard error; ``quiet``: the errors alone."""
    for diagnostic in diagnostics:
        if not quiet or diagnostic.is_error:
            print(diagnostic, file=sys.stderr)


def _hidden(diagnostics: Sequence[Diagnostic], quiet: bool) -> None:
    """How many warnings ``quiet`` left unprinted: none go unmentioned."""
    count = sum(not diagnostic.is_error for diagnostic in diagnostics) if quiet else 0
    if count:
        print(f"pubkit: {_plural(count, 'warning')} not shown (--quiet)", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
