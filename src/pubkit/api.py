"""The façade that ``pubkit`` exports and the CLI calls: load, loads, dump, dumps, merge."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from pubkit import registry
from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.errors import FormatError, ReadError, WriteError
from pubkit.formats.base import Format, Written
from pubkit.keys import assign_keys, release_unusable_keys
from pubkit.library import Library
from pubkit.model import Work
from pubkit.source import Source


def loads(text: str, format: str, *, strict: bool = False, name: str = "<string>") -> Library:
    """Read ``text`` in ``format`` into a Library.

    Problems are in ``Library.diagnostics``; with ``strict=True`` any error raises one
    ReadError that lists them all.
    """
    return read_source(Source(text, name), registry.get(format), strict=strict)


def load(
    path: str | os.PathLike[str], format: str | None = None, *, strict: bool = False
) -> Library:
    """Read the file at ``path``; its format comes from ``format`` or from its suffix and content.

    Raises OSError when the file cannot be read, FormatError when its format is unknown.
    """
    data = Path(path).read_bytes()
    return load_bytes(data, str(path), format, strict=strict)


def load_bytes(
    data: bytes,
    name: str,
    format: str | None = None,
    *,
    strict: bool = False,
    keys: bool = True,
) -> Library:
    """Read ``data`` named ``name``. ``keys=False`` leaves works without a source key keyless,
    for callers that merge several inputs and generate keys over all of them."""
    source, decoding = Source.from_bytes(data, name)
    if not source.text.strip():
        library = Library(
            diagnostics=[*decoding, error("empty-input", "the input is empty", source=name, line=1)]
        )
        _raise_if_strict(library, name, strict)
        return library
    fmt = registry.get(format) if format else registry.detect(name, source.text)
    library = read_source(source, fmt, strict=False, keys=keys)
    library = attrs.evolve(library, diagnostics=(*decoding, *library.diagnostics))
    _raise_if_strict(library, name, strict)
    return library


def read_source(source: Source, fmt: Format, *, strict: bool = False, keys: bool = True) -> Library:
    if fmt.read is None:
        raise FormatError(f"pubkit cannot read {fmt.name}: it is an output format only")
    library = _rekey_duplicates(fmt.read(source), source.name)
    if keys:
        library = attrs.evolve(library, works=assign_keys(library.works))
    _raise_if_strict(library, source.name, strict)
    return library


def _rekey_duplicates(library: Library, source_name: str) -> Library:
    """A key that two works of one source share: the later work gets a new key, reported."""
    works, released = release_unusable_keys(library.works)
    if not released:
        return library
    problems = []
    for work, why in released:
        where: dict[str, object] = {"source": source_name}
        if work.origin is not None:
            where = {"source": work.origin.source, "line": work.origin.line}
        problems.append(
            warning(
                "duplicate-key",
                f"the key {work.key!r} {why}; this one got a new key",
                key=work.key,
                **where,  # type: ignore[arg-type]
            )
        )
    return attrs.evolve(library, works=works, diagnostics=(*library.diagnostics, *problems))


def _raise_if_strict(library: Library, name: str, strict: bool) -> None:
    if strict and library.errors:
        raise ReadError(name, library.errors)


def merge(libraries: Sequence[Library]) -> Library:
    """One library of every work of ``libraries``, in order.

    Keys from the sources are kept; a key that two sources both use is reported (the second
    work is still written, under a new unique key). Works without a key get generated keys,
    over all of the works at once. The profile is the first one found.
    """
    works: list[Work] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[str, Work] = {}
    for library in libraries:
        diagnostics.extend(library.diagnostics)
        for work in library.works:
            if work.key is not None and work.key in seen:
                where = (
                    {"source": work.origin.source, "line": work.origin.line} if work.origin else {}
                )
                diagnostics.append(
                    warning(
                        "duplicate-key",
                        f"the key {work.key!r} is used by an earlier input too; "
                        "this work was given a new key",
                        key=work.key,
                        **where,
                    )
                )
                work = attrs.evolve(work, key=None)
            elif work.key is not None:
                seen[work.key] = work
            works.append(work)
    profile = next((lib.profile for lib in libraries if lib.profile is not None), None)
    extra: dict[str, str] = {}
    for library in libraries:
        for name, value in library.extra.items():
            extra[name] = _merge_json_lists(extra.get(name), value)
    return Library(assign_keys(works), profile, diagnostics, extra)


def _merge_json_lists(first: str | None, second: str) -> str:
    """Library extras are JSON lists (a .bib file's preambles, comments): several inputs' add up."""
    if first is None:
        return second
    try:
        return json.dumps([*json.loads(first), *json.loads(second)], ensure_ascii=False)
    except (ValueError, TypeError):
        return second


def write(
    library: Library | Iterable[Work], format: str, *, strict: bool = False, **options: object
) -> Written:
    """Write in ``format``; the result carries the text and what could not be expressed."""
    fmt = registry.get(format)
    if fmt.write is None:
        raise FormatError(f"pubkit cannot write {fmt.name}: it is an input format only")
    library = _as_library(library)
    written = fmt.write(library, _options(fmt, options))
    errors = [d for d in written.diagnostics if d.is_error]
    if strict and errors:
        raise WriteError(fmt.name, errors)
    return written


def dumps(library: Library | Iterable[Work], format: str, **options: object) -> str:
    """The text of ``library`` (or of a sequence of works) in ``format``."""
    return write(library, format, **options).text  # type: ignore[arg-type]


def dump(
    library: Library | Iterable[Work],
    path: str | os.PathLike[str],
    format: str | None = None,
    **options: object,
) -> None:
    """Write to ``path``, replacing it only once the whole text is ready."""
    fmt = registry.get(format) if format else _format_for_output(path)
    write_atomically(Path(path), dumps(library, fmt.name, **options))


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _format_for_output(path: str | os.PathLike[str]) -> Format:
    suffix = Path(path).suffix.lower()
    for fmt in registry.FORMATS:
        if fmt.write is not None and suffix in fmt.suffixes:
            return fmt
    raise FormatError(f"cannot tell which format to write to {str(path)!r}; pass format=")


def _as_library(library: Library | Iterable[Work]) -> Library:
    if not isinstance(library, Library):
        library = Library(tuple(library))
    if any(work.key is None for work in library.works):
        library = attrs.evolve(library, works=assign_keys(library.works))
    return library


def _options(fmt: Format, options: dict[str, object]) -> object:
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
    return fmt.options(**options)
