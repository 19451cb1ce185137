"""HTTP for online sources, as their providers ask to be used.

* **A persistent cache** (requests-cache, SQLite, in the cache folder): a question asked once is
  never asked again while its answer is fresh (30 days by default), so that a listing enriched
  twice costs the services nothing the second time.
* **Offline**: with ``offline=True`` only the cache answers; what it lacks is counted
  (``missed``), and no connection is ever opened.
* **Polite**: a pause between two requests to one host (arXiv asks for 3 seconds), a
  ``User-Agent`` naming pubkit, and a contact e-mail where the provider asks for one
  (Crossref's and OpenAlex's ``mailto``: their "polite pool").
* **Retries with backoff** on 429 and 5xx answers and on broken connections, honouring
  ``Retry-After``; an unreachable service is one clear error, not a traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pubkit.__about__ import __version__

if TYPE_CHECKING:
    import requests_cache

CACHE_FRESH_FOR = timedelta(days=30)
PROJECT_URL = "https://pypi.org/project/pubkit/"


class ServiceError(Exception):
    """A service that could not answer: the host and the reason, in words."""


class Client:
    """GET requests through the cache (see the module)."""

    def __init__(
        self,
        cache_dir: str | os.PathLike[str],
        *,
        offline: bool = False,
        contact: str | None = None,
        retries: int = 4,
        backoff: float = 1.0,
    ) -> None:
        import requests_cache  # here: only online sources need requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        cache = Path(cache_dir) / "http-cache.sqlite"
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            _usable(cache)
        except (OSError, sqlite3.Error) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise ServiceError(f"cannot keep answers in {cache.parent}: {reason}") from exc
        self.offline = offline
        self.contact = contact
        self.missed = 0  # questions the cache could not answer, offline
        self._last: dict[str, float] = {}  # host -> when the last request left
        self._session: requests_cache.CachedSession = requests_cache.CachedSession(
            str(cache),
            backend="sqlite",
            expire_after=CACHE_FRESH_FOR,
            allowable_codes=(200,),
            stale_if_error=True,
        )
        retry = Retry(
            total=retries,
            connect=min(retries, 1),  # a name that does not resolve will not resolve in a second
            backoff_factor=backoff,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=("GET",),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        for scheme in ("http://", "https://"):
            self._session.mount(scheme, HTTPAdapter(max_retries=retry))
        mail = f"; mailto:{contact}" if contact else ""
        self._session.headers["User-Agent"] = f"pubkit/{__version__} (+{PROJECT_URL}{mail})"

    def get(self, url: str, params: Mapping[str, str], *, pause: float = 0.0) -> bytes | None:
        """The body of a 200 answer to ``GET url?params``; None for a 404 (nothing there) and,
        offline, for a question the cache cannot answer. ``pause``: the seconds the provider
        asks between two requests. Raises ServiceError when the service cannot be reached or
        answers with an error."""
        import requests

        host = urlsplit(url).netloc
        try:
            if self.offline:
                response = self._session.get(url, params=params, only_if_cached=True)
                if response.status_code != 200:
                    self.missed += 1
                    return None
                return bytes(response.content)
            request = requests.Request("GET", url, params=params).prepare()
            if not self._session.cache.contains(request=request):
                wait = self._last.get(host, 0.0) + pause - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                self._last[host] = time.monotonic()
            response = self._session.get(url, params=params, timeout=30)
        except requests.RequestException as exc:
            raise ServiceError(
                f"cannot reach {host}: {_reason(exc)} (offline? --offline answers from the "
                "cache alone)"
            ) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ServiceError(f"{host} answered {response.status_code} {response.reason}")
        return bytes(response.content)

    def close(self) -> None:
        self._session.close()  # type: ignore[no-untyped-call]

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _usable(cache: Path) -> None:
    """Remove a cache file that is not an SQLite database (damaged): answers are asked again."""
    if not cache.exists():
        return
    try:
        with contextlib.closing(sqlite3.connect(cache)) as database:
            database.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError:
        cache.unlink()


_CAUSE = re.compile(r"\[Errno -?\d+\][^'\")]*|Read timed out|Name or service not known")


def _reason(exc: Exception) -> str:
    """What actually went wrong, from a requests error's long text (the host is said already)."""
    text = str(exc)
    match = _CAUSE.search(text)
    return match.group(0).strip() if match else text or type(exc).__name__
