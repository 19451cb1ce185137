"""A local HTTP server on 127.0.0.1 that replays recorded answers of online services, so that
the online sources are tested without the network. See ``tests/recordings/SOURCES.md`` for
where each answer was recorded (or, marked as such, written from the provider's documentation).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import attrs

RECORDINGS = Path(__file__).resolve().parent / "recordings"


@attrs.frozen
class Answer:
    """What to answer a GET of ``path`` whose query has every parameter of ``query``."""

    path: str
    query: dict[str, str]
    body: bytes
    status: int = 200
    content_type: str = "application/json"
    times: int | None = None  # how many requests it answers (None: all)


@attrs.define
class Replay:
    url: str
    requests: list[tuple[str, dict[str, list[str]], dict[str, str]]]  # path, query, headers


@contextmanager
def serving(*answers: Answer) -> Iterator[Replay]:
    """A server answering with ``answers`` (the first that fits; 404 when none does)."""
    seen: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []
    used = [0] * len(answers)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            seen.append((parts.path, query, dict(self.headers)))
            for number, answer in enumerate(answers):
                if answer.times is not None and used[number] >= answer.times:
                    continue
                if answer.path == parts.path and all(
                    query.get(name) == [value] for name, value in answer.query.items()
                ):
                    used[number] += 1
                    self._send(answer.status, answer.content_type, answer.body)
                    return
            self._send(404, "text/plain", b"not recorded")

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Replay(f"http://127.0.0.1:{server.server_address[1]}", seen)
    finally:
        server.shutdown()
        server.server_close()


def recorded(name: str) -> bytes:
    return (RECORDINGS / name).read_bytes()
