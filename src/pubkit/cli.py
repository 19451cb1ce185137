"""The ``pubkit`` command. Thin: each subcommand is a call into ``pubkit.api``.

Exit status: 0 when nothing worse than warnings was reported; 1 when errors were reported (the
other records are still converted) or nothing could be read; 2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pubkit import api, registry, render
from pubkit.__about__ import __version__
from pubkit.diagnostics import Diagnostic
from pubkit.errors import FormatError, WriteError
from pubkit.library import Library

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called: exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
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
    except BrokenPipeError:
        return EXIT_ERRORS
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
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
    convert.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    convert.add_argument(
        "--strict", action="store_true", help="write nothing if any error is found"
    )
    convert.add_argument("--indent", type=_count, metavar="N", help="JSON indentation")
    convert.add_argument(
        "--ascii",
        action="store_true",
        help='BibTeX: write non-ASCII characters as LaTeX commands ({\\"u})',
    )
    convert.add_argument(
        "--omit", metavar="FIELD,...", help="BibTeX: leave out these fields (e.g. abstract)"
    )
    convert.add_argument(
        "--line-ending", choices=["crlf", "lf"], help="RIS: line ends (default: crlf)"
    )
    convert.add_argument("--bom", action="store_true", help="RIS: start with a byte-order mark")
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
    format_.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    format_.add_argument(
        "--list-styles", action="store_true", help="list the installed styles and exit"
    )
    format_.set_defaults(run=_format)

    formats = commands.add_parser("formats", help="list the formats pubkit reads and writes")
    formats.set_defaults(run=_formats)
    return parser


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number 0 or more, got {text!r}")
    return int(text)


def _formats(args: argparse.Namespace) -> int:
    for fmt in registry.FORMATS:
        modes = "".join(("r" if fmt.read else "-", "w" if fmt.write else "-"))
        suffixes = " ".join(fmt.suffixes)
        print(f"{fmt.name:<10} {modes}  {suffixes:<8} {fmt.description}")
    return EXIT_OK


def _format(args: argparse.Namespace) -> int:
    if args.list_styles:
        print("\n".join(render.list_styles()))
        return EXIT_OK
    if not args.inputs:
        raise UsageError("give an INPUT file to format (or --list-styles)")
    render.style_path(args.style)  # an unknown style is a usage error before any reading
    library = _read_all(args.inputs, args.from_format)
    if not library.works:
        print("pubkit: nothing was read, so nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    text = render.format_bibliography(library, args.style, html_output=args.html)
    _emit(text, args.output)
    return EXIT_ERRORS if library.errors else EXIT_OK


def _read_all(inputs: list[str], from_format: str | None) -> Library:
    """Every input, merged; generated keys are made over all of them at once."""
    if from_format:
        registry.get(from_format)
    several = len(inputs) > 1
    libraries = [_read_input(name, from_format, keys=not several) for name in inputs]
    if not several:
        return libraries[0]
    library = api.merge(libraries)
    _report([d for d in library.diagnostics if d.code == "duplicate-key"])
    return library


def _emit(text: str, output: str | None) -> None:
    if output:
        try:
            api.write_atomically(Path(output), text)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()


def _convert(args: argparse.Namespace) -> int:
    target = registry.get(args.to_format)
    if target.write is None:
        raise UsageError(f"pubkit cannot write {target.name}: it is an input format only")
    options = _writer_options(args)
    library = _read_all(args.inputs, args.from_format)
    if args.strict and library.errors:
        count = len(library.errors)
        print(
            f"pubkit: {count} error{'s' if count != 1 else ''}; nothing was written (--strict)",
            file=sys.stderr,
        )
        return EXIT_ERRORS

    if not library.works:
        print("pubkit: nothing was read, so nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    written = api.write(library, target.name, strict=args.strict, **options)
    _report(written.diagnostics)
    _emit(written.text, args.output)
    reported = (*library.diagnostics, *written.diagnostics)
    return EXIT_ERRORS if any(d.is_error for d in reported) else EXIT_OK


def _read_input(name: str, from_format: str | None, *, keys: bool) -> Library:
    if name == "-":
        data = sys.stdin.buffer.read()
        label = "<stdin>"
    else:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from exc
        label = name
    library = api.load_bytes(data, label, from_format, keys=keys)
    _report(library.diagnostics)
    return library


def _writer_options(args: argparse.Namespace) -> dict[str, object]:
    """The writer options the user set; the writer's Options class rejects those it lacks."""
    options: dict[str, object] = {}
    if args.indent is not None:
        options["indent"] = args.indent
    if args.ascii:
        options["ascii"] = True
    if args.omit:
        options["omit"] = args.omit
    if args.line_ending:
        options["line_ending"] = args.line_ending
    if args.bom:
        options["bom"] = True
    return options


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
