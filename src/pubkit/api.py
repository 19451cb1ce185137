"""The façade that ``pubkit`` exports and the CLI calls: load, loads, dump, dumps, merge,
convert.

Each function takes the ``registry`` of formats to use (the built-in ones by default).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from pubkit.bulk import SPLIT_FORMATS, SPLIT_FROM_BYTES
from pubkit.diagnostics import Diagnostic, error
from pubkit.errors import FormatError, OptionError, ReadError, WriteError
from pubkit.formats.base import Format, Written
from pubkit.keys import unique_keys
from pubkit.library import Library
from pubkit.location import Span
from pubkit.locators import missing_locators
from pubkit.model import Native, Work
from pubkit.output import write_text
from pubkit.registry import Registry, default_registry
from pubkit.source import Source, binary_kind


def loads(
    text: str,
    format: str,
    *,
    strict: bool = False,
    name: str = "<string>",
    registry: Registry | None = None,
) -> Library:
    """Read ``text`` in ``format`` into a Library.

    Problems are in ``Library.diagnostics``; with ``strict=True`` any error raises one
    ReadError that lists them all.
    """
    _check_text(text)
    fmt = (registry or default_registry()).get(format)
    return read_source(Source(text, name), fmt, strict=strict)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        hint = (
            ": decode it first, or give its file to pubkit.load" if isinstance(text, bytes) else ""
        )
        raise TypeError(f"expected the text as a str, not {type(text).__name__}{hint}")


def load(
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    strict: bool = False,
    registry: Registry | None = None,
    encoding: str | None = None,
) -> Library:
    """Read the file at ``path``; its format comes from ``format`` or from its suffix and content;
    its encoding from ``encoding`` or from its bytes (UTF-8, else Western, else detected).

    Raises OSError when the file cannot be read, FormatError when its format is unknown,
    LookupError for an unknown ``encoding``.
    """
    data = Path(path).read_bytes()
    return load_bytes(data, str(path), format, strict=strict, registry=registry, encoding=encoding)


def load_bytes(
    data: bytes,
    name: str,
    format: str | None = None,
    *,
    strict: bool = False,
    keys: bool = True,
    registry: Registry | None = None,
    encoding: str | None = None,
    earlier: Sequence[Library] = (),
) -> Library:
    """Read ``data`` named ``name``. ``keys=False`` leaves works without a source key keyless,
    for callers that merge several inputs and generate keys over all of them; ``earlier``:
    the inputs read before this one (a .bib file uses their @string macros)."""
    decoded = decode_input(data, name, format, registry=registry, encoding=encoding)
    if isinstance(decoded, Library):
        _raise_if_strict(decoded, name, strict)
        return decoded
    source, fmt, decoding = decoded
    library = read_source(source, fmt, strict=False, keys=keys, earlier=earlier)
    library = attrs.evolve(library, diagnostics=(*decoding, *library.diagnostics))
    _raise_if_strict(library, name, strict)
    return library


def decode_input(
    data: bytes,
    name: str,
    format: str | None = None,
    *,
    registry: Registry | None = None,
    encoding: str | None = None,
) -> tuple[Source, Format, tuple[Diagnostic, ...]] | Library:
    """``data`` as text, its format and what decoding found; or, for bytes that are no text
    or an empty input, a Library of that one error."""
    registry = registry or default_registry()
    if (kind := binary_kind(data)) is not None:
        problem = error("binary-input", f"this is {kind}, not a text file", Span(name, 1))
        return Library(diagnostics=[problem])
    source, decoding = Source.from_bytes(data, name, encoding)
    if not source.text.strip():
        empty = error("empty-input", "the input is empty", source.line(1))
        return Library(diagnostics=[*decoding, empty])
    fmt = registry.get(format) if format else registry.detect(name, source.text)
    return source, fmt, tuple(decoding)


def read_source(
    source: Source,
    fmt: Format,
    *,
    strict: bool = False,
    keys: bool = True,
    earlier: Sequence[Library] = (),
) -> Library:
    """Read ``source`` as ``fmt``: its works with unique keys (a key two records of the source
    share is replaced in the later one, reported), generated keys unless ``keys=False``."""
    if not fmt.reads:
        raise FormatError(f"pubkit cannot read {fmt.name}: it is an output format only")
    library = fmt.read(source, earlier)
    works, problems = unique_keys(library.works)
    # In the order of the source (a sort by line keeps JSON paths in the order found).
    diagnostics = sorted((*library.diagnostics, *problems), key=lambda d: d.line or 0)
    if not keys:  # generated keys wait for the other inputs; reported duplicates stay renamed
        works = tuple(
            attrs.evolve(new, key=None) if new.key != old.key and old.key is None else new
            for new, old in zip(works, library.works, strict=True)
        )
    library = attrs.evolve(library, works=works, diagnostics=diagnostics)
    _raise_if_strict(library, source.name, strict)
    return library


def _raise_if_strict(library: Library, name: str, strict: bool) -> None:
    if strict and library.errors:
        raise ReadError(name, library.errors)


def merge(libraries: Sequence[Library]) -> Library:
    """One library of every work of ``libraries``, in order.

    Keys from the sources are kept; a key that two sources both use is reported (the second
    work is still written, under a new unique key). Works without a key get generated keys,
    over all of the works at once. The profile is the first one found; what the sources said
    outside their works (preambles ...) adds up.
    """
    works = [work for library in libraries for work in library.works]
    keyed, problems = unique_keys(works)
    diagnostics: list[Diagnostic] = [d for library in libraries for d in library.diagnostics]
    profile = next((lib.profile for lib in libraries if lib.profile is not None), None)
    native: dict[str, Native] = {}
    for library in libraries:
        for name, data in library.native.items():
            before = native.get(name, Native())
            native[name] = attrs.evolve(before, fields=(*before.fields, *data.fields))
    return Library(keyed, profile, (*diagnostics, *problems), native)


def write(
    library: Library | Iterable[Work],
    format: str,
    *,
    strict: bool = False,
    registry: Registry | None = None,
    **options: Any,
) -> Written:
    """Write in ``format``; the result carries the text and what could not be expressed."""
    fmt = (registry or default_registry()).get(format)
    if not fmt.writes:
        raise FormatError(f"pubkit cannot write {fmt.name}: it is an input format only")
    if not isinstance(library, Library):
        library = Library(tuple(library))
    works, problems = unique_keys(library.works)
    written = fmt.write(attrs.evolve(library, works=works), writer_options(fmt, options))
    # The works that cannot be looked up come last: a file written in parts reports the same.
    unfindable = missing_locators(works) if fmt.cited else []
    written = attrs.evolve(written, diagnostics=(*problems, *written.diagnostics, *unfindable))
    errors = [d for d in written.diagnostics if d.is_error]
    if strict and errors:
        raise WriteError(fmt.name, errors)
    return written


def dumps(library: Library | Iterable[Work], format: str, **options: Any) -> str:
    """The text of ``library`` (or of a sequence of works) in ``format``."""
    return write(library, format, **options).text


def convert(
    text: str,
    from_format: str,
    to_format: str,
    *,
    strict: bool = False,
    name: str = "<string>",
    jobs: int | None = None,
    registry: Registry | None = None,
    **options: Any,
) -> Written:
    """``text`` (a str) in ``from_format`` written in ``to_format``: the text, and what
    reading then writing found; what ``write(loads(text, from_format), to_format)`` gives.
    ``name`` names the text in messages; ``options`` are the writer's.

    A large .bib, RIS or CSL-JSON text (2,000 entries or more) is converted part by part, as
    the command line does (``pubkit.parallel``): in ``jobs`` worker processes (by default
    one per core), in a fraction of the memory, with the same result. ``jobs=1`` keeps the
    work in this process. Where new processes are started rather than forked (Windows,
    macOS, and Linux from Python 3.14), a script that calls this must do so under
    ``if __name__ == "__main__":``, as ``multiprocessing`` asks. With ``strict=True`` any
    error raises ReadError or WriteError; then, and with a ``registry`` of one's own, nothing
    is split.
    """
    _check_text(text)
    if jobs is not None and (type(jobs) is not int or jobs < 1):
        raise ValueError(f"jobs must be a whole number, 1 or more, not {jobs!r}")
    formats = registry or default_registry()
    source_format, target = formats.get(from_format), formats.get(to_format)
    # Only the built-in formats split: a registry's own could read or write otherwise.
    if not strict and registry is None:
        writer_options(target, options)  # wrong options raise here, as they do below
        converted = _in_parts(text, name, source_format.name, target.name, options, jobs)
        if converted is not None:
            return converted
    library = loads(text, source_format.name, strict=strict, name=name, registry=registry)
    written = write(library, target.name, strict=strict, registry=registry, **options)
    return attrs.evolve(written, diagnostics=(*library.diagnostics, *written.diagnostics))


def _in_parts(
    text: str, name: str, from_format: str, target: str, options: dict[str, Any], jobs: int | None
) -> Written | None:
    if from_format not in SPLIT_FORMATS or len(text) < SPLIT_FROM_BYTES:
        return None
    from pubkit import parallel  # here: most conversions never need it

    converted = parallel.convert(
        Source(text, name),
        target,
        options,
        jobs or os.cpu_count() or 1,
        min_entries=parallel.MIN_ENTRIES,
        name=name,
        from_format=from_format,
    )
    if converted is None:
        return None
    return Written(converted.text, (*converted.read, *converted.written))


def dump(
    library: Library | Iterable[Work],
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    registry: Registry | None = None,
    **options: Any,
) -> None:
    """Write to ``path``, replacing it only once the whole text is ready."""
    registry = registry or default_registry()
    fmt = registry.get(format) if format else registry.for_path(path)
    text = write(library, fmt.name, registry=registry, **options).text
    write_atomically(Path(path), text)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` at once (through symbolic links; into a device or FIFO
    as it is): see ``pubkit.output``. Raises OutputError naming the path and the reason."""
    write_text(path, text)


def writer_options(fmt: Format, options: dict[str, Any]) -> Any:
    """The writer's options object; FormatError names the options the writer does not take."""
    if fmt.options is None:
        if options:
            raise FormatError(f"{fmt.name} takes no options; got {', '.join(options)}")
        return None
    known = [a.name for a in attrs.fields(fmt.options)]
    unknown = [name for name in options if name not in known]
    if unknown:
        raise FormatError(
            f"unknown option(s) for {fmt.name}: {', '.join(unknown)}; "
            f"it takes: {', '.join(known) or 'none'}"
        )
    try:
        return fmt.options(**options)
    except (TypeError, ValueError) as exc:
        raise OptionError(f"{fmt.name}: {exc}") from None
