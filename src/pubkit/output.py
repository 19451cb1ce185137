"""Writing a finished text to a path the way users expect of a command-line tool.

* A regular file (or a new one) is replaced atomically: the text goes to a temporary file
  beside it, then is renamed over it, so a reader never sees half a file and a failure leaves
  the old one. The replacement keeps the old file's permissions; a new file gets the
  permissions the umask allows, as ``open`` would give it.
* A symbolic link is followed: its target is replaced, the link stays a link.
* A device or a FIFO (``/dev/stdout``, ``/dev/null``, a named pipe) is written into, never
  replaced by a regular file.
* A directory is refused.

Every failure is an ``OutputError`` that names the path and the reason.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from pubkit.errors import PubkitError


class OutputError(PubkitError):
    """A text that could not be written where it was asked for."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"cannot write {os.fspath(path)}: {reason}")
        self.path, self.reason = os.fspath(path), reason


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8, line endings as they are) to ``path``; see the module."""
    write_chunks(path, [text.encode("utf-8", errors="replace")])  # a lone surrogate: ?


def write_chunks(path: str | os.PathLike[str], chunks: Iterable[bytes | memoryview]) -> None:
    """Write the bytes of ``chunks``, one after the other, to ``path``; see the module."""
    target = Path(os.path.realpath(path))  # through every symbolic link, also a dangling one
    try:
        status: os.stat_result | None = target.stat()
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from exc
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise OutputError(path, "it is a directory")
    try:
        if status is not None and not stat.S_ISREG(status.st_mode):
            _write_into(target, chunks)
        else:
            mode = stat.S_IMODE(status.st_mode) if status is not None else _new_file_mode()
            _replace(target, chunks, mode)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from exc


def _write_into(target: Path, chunks: Iterable[bytes | memoryview]) -> None:
    """A device or FIFO: written into as it is (``/dev/full`` reports that it is full)."""
    with open(target, "wb", buffering=0) as stream:
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                written = stream.write(view)
                view = view[written or 0 :]


def _replace(target: Path, chunks: Iterable[bytes | memoryview], mode: int) -> None:
    import tempfile  # here: standard output needs none, and a command starts sooner

    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(chunks)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    """``0o666`` less the umask: what ``open`` gives a new file (mkstemp would give 0o600).
    The umask can only be read by setting it; it is put back at once."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
