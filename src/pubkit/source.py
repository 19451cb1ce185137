"""Input text with its name: what every reader receives.

Readers see text that has already been decoded, stripped of a byte-order mark and given
``\\n`` line ends, so that no reader has to care about CRLF, a BOM or the bytes' encoding, and
line numbers mean the same thing everywhere.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import re

import attrs

from pubkit.diagnostics import Diagnostic, error, warning
from pubkit.location import Span


def _normalize_text(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_END.finditer(text))]


_LINE_END = re.compile("\n")


@attrs.frozen
class Source:
    """Text to read and its name. ``span(offset)`` turns an offset into the text into a line
    and column, so that readers report positions computed from where things are, not guessed."""

    text: str = attrs.field(converter=_normalize_text)
    name: str = "<string>"
    # Lines of the file before ``text`` when it is a part of one (see ``part``): spans and
    # lines are reported as the file numbers them.
    line_base: int = attrs.field(default=0, kw_only=True)

    @functools.cached_property
    def _starts(self) -> list[int]:
        """Where each line starts: computed when a position is first asked for (a part of a
        large file is sent to a worker without them)."""
        return _line_starts(self.text)

    def span(self, offset: int) -> Span:
        """The 1-based line and column of ``text[offset]``."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset)
        return Span(self.name, line + self.line_base, offset - self._starts[line - 1] + 1)

    def line(self, number: int) -> Span:
        """A whole line of ``text`` (1-based), without a column."""
        return Span(self.name, number + self.line_base)

    def offset(self, line: int, column: int = 1) -> int:
        """The offset of a 1-based line and column of ``text``."""
        line = max(1, min(line, len(self._starts)))
        return self._starts[line - 1] + column - 1

    def part(self, start: int, end: int) -> Source:
        """``text[start:end]``, where ``start`` opens a line, with the positions it has here:
        a part of a large file read on its own reports what the whole file would."""
        line = bisect.bisect_right(self._starts, start)
        return Source(self.text[start:end], self.name, line_base=self.line_base + line - 1)

    @classmethod
    def from_bytes(
        cls, data: bytes, name: str, encoding: str | None = None
    ) -> tuple[Source, tuple[Diagnostic, ...]]:
        """Decode ``data``: in ``encoding`` when given; else UTF-8 (with or without a BOM) when
        it is, else a Western single-byte encoding when the text reads as one, else the
        detected encoding.

        Text that is not UTF-8 is never garbled silently: the encoding used is reported as a
        warning, and bytes that no encoding explains are reported as an error. Raises
        LookupError for an ``encoding`` Python does not know.
        """
        if encoding is not None:
            return _decode_as(cls, data, name, codecs.lookup(encoding).name)
        for bom, utf16 in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
            if data.startswith(bom):  # an odd byte at the end, a lone surrogate: reported
                return _decode_as(cls, data, name, utf16)
        try:
            return cls(data.decode("utf-8-sig"), name), ()
        except UnicodeDecodeError as exc:
            first_bad = exc.start
        return _decode_legacy(cls, data, name, first_bad)


_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or OpenDocument file)"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
)


def binary_kind(data: bytes) -> str | None:
    """What ``data`` is when it is not text (a PDF saved as .bib): the kind its first bytes
    name, or "binary data" for NUL bytes (which no text format has, UTF-16 aside); else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return "binary data (it has NUL bytes)" if b"\x00" in data[:65536] and not utf16 else None


def _decode_as(
    cls: type[Source], data: bytes, name: str, encoding: str
) -> tuple[Source, tuple[Diagnostic, ...]]:
    """The encoding the user named: bytes it cannot decode are replaced and reported."""
    try:
        return cls(data.decode(encoding), name), ()
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
    problem = error(
        "undecodable-bytes",
        f"bytes that are not {encoding} were replaced by U+FFFD (first on this line)",
        Span(name, line),
    )
    return cls(data.decode(encoding, errors="replace"), name), (problem,)


def _decode_legacy(
    cls: type[Source], data: bytes, name: str, first_bad: int
) -> tuple[Source, tuple[Diagnostic, ...]]:
    line = data.count(b"\n", 0, first_bad) + 1
    encoding = _western(data) or _detect_encoding(data)
    if encoding is None:
        text = data.decode("utf-8", errors="replace")
        problem = error(
            "undecodable-bytes",
            "the file is not UTF-8 and its encoding could not be detected; "
            "undecodable bytes were replaced by U+FFFD",
            Span(name, line),
        )
        return cls(text, name), (problem,)
    text = data.decode(encoding)
    note = warning(
        "not-utf8",
        f"the file is not UTF-8 (first non-UTF-8 byte on this line); read it as {encoding} "
        "(--encoding NAME to choose another)",
        Span(name, line),
    )
    return cls(text, name), (note,)


def _western(data: bytes) -> str | None:
    """Windows-1252 (or ISO-8859-1 for the bytes it leaves undefined) when the text reads as
    Western text: its non-ASCII characters stand alone or in pairs between ASCII ("Müller",
    "Straße", "naïve"). Text in a multi-byte encoding (GBK, Shift JIS) read this way gives long
    runs of accented letters instead, and goes to the detector."""
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        runs = [len(run) for run in _NON_ASCII.findall(text)]
        if runs and max(runs) <= 2 and sum(runs) <= 1.3 * len(runs):
            return encoding
        return None
    return None


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _detect_encoding(data: bytes) -> str | None:
    """The most plausible legacy encoding of ``data``, or None.

    charset-normalizer ranks the encodings; two preferences break its near-ties, because the
    text of one bibliography entry is often too short for it to tell:

    * Windows-1252 among the encodings it finds equally clean: it is what Western bibliography
      files that are not UTF-8 are written in, and with a few accented letters the detector
      cannot tell it from, say, Baltic cp1257.
    * GB18030 (a superset of GBK and GB2312) over the Korean encodings, when it is nearly as
      clean: Chinese .bib files in GBK are far more common than Korean ones, and a few Chinese
      characters also decode, as nonsense, in cp949.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    cleanest = min(match.chaos for match in matches)
    for match in matches:
        if match.chaos <= cleanest and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    best = matches[0].encoding
    if best in _KOREAN:
        for match in matches:
            if match.encoding == "gb18030" and match.chaos <= cleanest + _NEAR_TIE:
                return "gb18030"
    return best


_KOREAN = frozenset({"cp949", "euc_kr", "johab", "iso2022_kr"})
_NEAR_TIE = 0.1
