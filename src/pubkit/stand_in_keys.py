"""Keys generated over a whole file that is converted in parts.

A work without a key gets one made from its data (``keys.generated_keys``), but which one
depends on every other work in the file: works whose keys would collide are told apart by
their content, and generated keys avoid the keys records gave. A part cannot know that. So it
writes each such work under a stand-in (``pk``, a random token, the part's number, ``y``, the
work's place in the part, ``x``: letters and digits, which every writer writes as they are),
and says what the key depends on; once every part is in, the keys are given as one process
would give them, and the stand-ins in the output and in the messages are replaced.
"""

from __future__ import annotations

import pickle
import re
import secrets
import zlib
from collections.abc import Iterable, Sequence
from typing import IO

import attrs

from pubkit.diagnostics import Diagnostic
from pubkit.keys import base_key, collision_order, generated_keys
from pubkit.model import Work


def new_prefix() -> str:
    """A prefix no text holds: 96 random bits."""
    return f"pk{secrets.token_hex(12)}"


@attrs.frozen
class Keyless:
    """A work of a part without a key: its stand-in, its base key, and its collision order,
    packed (the main process holds one for every such work of the file until the last part is
    in)."""

    stand_in: str
    base: str
    packed_order: bytes

    def collision_order(self) -> tuple[str, ...]:
        order: tuple[str, ...] = pickle.loads(zlib.decompress(self.packed_order))
        return order


def with_stand_ins(
    works: Sequence[Work], prefix: str, part: int
) -> tuple[list[Work], tuple[Keyless, ...]]:
    """The works of part number ``part``, with a stand-in key for each that has none, and
    what each such key depends on."""
    given: list[Work] = []
    keyless: list[Keyless] = []
    for index, work in enumerate(works):
        if work.key is None:
            stand_in = f"{prefix}{part}y{index}x"
            order = zlib.compress(pickle.dumps(collision_order(work)), 1)
            keyless.append(Keyless(stand_in, base_key(work), order))
            work = attrs.evolve(work, key=stand_in)
        given.append(work)
    return given, tuple(keyless)


def final_keys(keyless: Sequence[Keyless], taken: set[str]) -> dict[str, str]:
    """Each stand-in's key, as one process gives them: ``taken`` holds the keys the file's
    records gave, folded with ``casefold``."""
    keys = generated_keys([(k.base, k.collision_order) for k in keyless], taken)
    given = {k.stand_in: key for k, key in zip(keyless, keys, strict=True)}
    if len(given) != len(keyless):
        raise ValueError("a stand-in key used twice")  # parts numbered wrong: a bug
    return given


class KeysPutIn:
    """The stand-ins of one conversion (``prefix``) replaced by their keys."""

    def __init__(self, prefix: str, keys: dict[str, str]) -> None:
        self.prefix, self.keys = prefix, keys
        # The same pattern for the messages (text) and for the output (UTF-8 bytes).
        self.text_pattern = re.compile(re.escape(prefix) + r"[0-9]+y[0-9]+x")
        self.pattern = re.compile(re.escape(prefix.encode("ascii")) + rb"[0-9]+y[0-9]+x")
        self.byte_keys = {s.encode("ascii"): k.encode("ascii") for s, k in keys.items()}
        self.longest = max((len(stand_in) for stand_in in keys), default=0)

    def text(self, text: str) -> str:
        return self.text_pattern.sub(lambda match: self.keys[match.group()], text)

    def diagnostics(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        return tuple(
            attrs.evolve(d, message=self.text(d.message), key=d.key and self.text(d.key))
            if self.prefix in d.message or (d.key and self.prefix in d.key)
            else d
            for d in diagnostics
        )

    def output(self, blocks: Iterable[bytes], into: IO[bytes]) -> None:
        """The UTF-8 text of ``blocks`` into ``into``, a block at a time."""
        carried = b""
        for block in blocks:
            data = carried + block
            # A stand-in that starts `longest` bytes before the end or earlier is whole in
            # `data`; one that starts later may go on in the next block.
            carried = data[self._write(data, len(data) - self.longest, into) :]
        self._write(carried, len(carried), into)

    def _write(self, data: bytes, whole: int, into: IO[bytes]) -> int:
        """Writes ``data`` up to ``whole`` (or to the end of the last stand-in that starts
        before it), its stand-ins replaced; returns where it stopped."""
        written = 0
        for match in self.pattern.finditer(data):
            if match.start() >= whole:
                break
            into.write(data[written : match.start()])
            into.write(self.byte_keys[match.group()])
            written = match.end()
        stop = max(written, whole)
        into.write(data[written:stop])
        return stop
