"""A local source: files and folders pubkit reads (.bib, CSL-JSON, RIS, pubkit JSON), such as a
DBLP or ACL Anthology export, a lab's master .bib or a Zotero export.

Its records go into an index (SQLite) that finds candidates by the rarest words of a title,
so that a source of hundreds of thousands of records answers each work in milliseconds. A
small source is indexed in memory on each run; a large one (``CACHED_BYTES`` of files or
more) once, into a file of the cache directory that is used again while the files keep
their sizes and modification times.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from pubkit import api
from pubkit.__about__ import __version__
from pubkit.enrich.matching import folded_title
from pubkit.errors import FormatError
from pubkit.jsonmodel import make_converter
from pubkit.library import Library
from pubkit.model import Work
from pubkit.registry import Registry, default_registry

CACHED_BYTES = 5_000_000
KEPT_ERRORS = 100  # of a source's read errors, kept to show
_RAREST_WORDS = 4  # a title's words used to find candidates
_SCHEMA = f"pubkit-index-1 {__version__}"


class SourceError(Exception):
    """A source that cannot be used: the path and the reason."""


class LocalSource:
    """The records of ``path`` (a file, or every file pubkit reads in a folder and below).

    ``errors`` are what reading the source's files reported as errors (the records around
    them are still used; up to ``KEPT_ERRORS`` are kept), ``warnings`` how many warnings
    there were. ``announce`` is told when a large source is indexed (it takes a while, once).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        registry: Registry | None = None,
        announce: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.name = os.fspath(path)
        self._registry = registry or default_registry()
        files = _files(self.path, self._registry)
        stamp = _stamp(files)
        size = sum(file.stat().st_size for file in files)
        index = None
        if size >= CACHED_BYTES:
            folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
            digest = hashlib.sha256(str(self.path.resolve()).encode()).hexdigest()[:16]
            index = folder / f"index-{digest}.sqlite"
        try:
            if index is not None:
                folder.mkdir(parents=True, exist_ok=True)
            self._database = sqlite3.connect(index or ":memory:")
            if not self._current(stamp):
                if index is not None:  # stale, or not an index at all: made anew
                    if announce is not None:
                        announce(f"indexing {self.name} ({size / 1e6:.0f} MB), once")
                    self._database.close()
                    index.unlink(missing_ok=True)
                    self._database = sqlite3.connect(index)
                self._build(files, stamp)
        except (OSError, sqlite3.Error) as exc:
            where = index.parent if index is not None else self.path
            raise SourceError(f"{where}: {getattr(exc, 'strerror', None) or exc}") from exc
        self.records = int(self._database.execute("SELECT count(*) FROM works").fetchone()[0])
        self.errors: list[str] = json.loads(self._meta("errors") or "[]")
        self.warnings = int(self._meta("warnings") or 0)
        self._converter = make_converter()

    def __enter__(self) -> LocalSource:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def candidates(self, work: Work) -> Sequence[Work]:
        """The records whose titles share the rarest words of ``work``'s title (or equal it)."""
        title = folded_title(work)
        if not title:
            return ()
        words = sorted(set(title.split()), key=len, reverse=True)[: _RAREST_WORDS * 3]
        query = ",".join("?" * len(words))
        counted = self._database.execute(
            f"SELECT word, count FROM counts WHERE word IN ({query})", words
        ).fetchall()
        rarest = [word for word, _ in sorted(counted, key=lambda row: row[1])[:_RAREST_WORDS]]
        ids = {
            row[0]
            for row in self._database.execute(
                "SELECT id FROM works WHERE title = ?", (title,)
            ).fetchall()
        }
        if rarest:
            # Works that have at least half of the rarest words: a typo in one still finds it.
            query = ",".join("?" * len(rarest))
            ids.update(
                row[0]
                for row in self._database.execute(
                    f"SELECT id FROM words WHERE word IN ({query}) GROUP BY id "
                    "HAVING count(*) * 2 >= ?",
                    [*rarest, len(rarest)],
                )
            )
        if not ids:
            return ()
        query = ",".join("?" * len(ids))
        rows = self._database.execute(
            f"SELECT data FROM works WHERE id IN ({query}) ORDER BY id", sorted(ids)
        )
        return tuple(self._converter.structure(json.loads(data), Work) for (data,) in rows)

    def close(self) -> None:
        self._database.close()

    def _meta(self, name: str) -> str | None:
        row = self._database.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def _current(self, stamp: str) -> bool:
        try:
            return self._meta("stamp") == stamp
        except sqlite3.DatabaseError:
            return False  # no index yet, or a file that is not one

    def _build(self, files: Sequence[Path], stamp: str) -> None:
        database = self._database
        converter = make_converter()
        errors: list[str] = []
        warnings = 0
        with database:
            for table in ("meta", "works", "words", "counts"):
                database.execute(f"DROP TABLE IF EXISTS {table}")
            database.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
            database.execute("CREATE TABLE works (id INTEGER PRIMARY KEY, title TEXT, data TEXT)")
            database.execute("CREATE TABLE words (word TEXT, id INTEGER)")
            for file in files:
                library = _load(file, self._registry)
                errors.extend(str(problem) for problem in library.errors)
                warnings += len(library.warnings)
                for work in library.works:
                    title = folded_title(work)
                    if not title:
                        continue  # nothing to find it by
                    data = json.dumps(converter.unstructure(work), ensure_ascii=False)
                    cursor = database.execute(
                        "INSERT INTO works (title, data) VALUES (?, ?)", (title, data)
                    )
                    database.executemany(
                        "INSERT INTO words VALUES (?, ?)",
                        [(word, cursor.lastrowid) for word in set(title.split())],
                    )
            database.execute("CREATE INDEX works_title ON works (title)")
            database.execute("CREATE INDEX words_word ON words (word)")
            database.execute(
                "CREATE TABLE counts AS SELECT word, count(*) AS count FROM words GROUP BY word"
            )
            database.execute("CREATE INDEX counts_word ON counts (word)")
            meta = [
                ("stamp", stamp),
                ("errors", json.dumps(errors[:KEPT_ERRORS])),
                ("warnings", str(warnings)),
            ]
            database.executemany("INSERT INTO meta VALUES (?, ?)", meta)


def default_cache_dir() -> Path:
    """Where large sources' indexes go: ``PUBKIT_CACHE_DIR``, else the user's cache folder."""
    if folder := os.environ.get("PUBKIT_CACHE_DIR"):
        return Path(folder)
    import platformdirs

    return Path(platformdirs.user_cache_dir("pubkit"))


def _files(path: Path, registry: Registry) -> list[Path]:
    if path.is_dir():
        suffixes = {suffix for fmt in registry if fmt.reads for suffix in fmt.suffixes}
        suffixes.discard(".txt")  # a listing is what gets enriched, not a source of records
        found = sorted(
            file for file in path.rglob("*") if file.is_file() and file.suffix.lower() in suffixes
        )
        if not found:
            raise SourceError(f"{path}: no file pubkit reads (.bib, .json, .ris) in it")
        return found
    if path.is_file():
        return [path]
    if path.exists():
        raise SourceError(f"{path}: not a file or a folder")
    raise SourceError(f"{path}: no such file or folder")


def _stamp(files: Sequence[Path]) -> str:
    """What the index was built from: the schema, and each file's path, size and mtime."""
    parts = [_SCHEMA]
    for file in files:
        status = file.stat()
        parts.append(f"{file.resolve()}\0{status.st_size}\0{status.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _load(file: Path, registry: Registry) -> Library:
    try:
        return api.load(file, registry=registry)
    except (OSError, FormatError) as exc:
        raise SourceError(f"{file}: {getattr(exc, 'strerror', None) or exc}") from exc
