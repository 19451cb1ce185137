"""Input text with its name: what every reader receives.

Readers see text that has already been decoded, stripped of a byte-order mark and given
``\\n`` line ends, so that no reader has to care about CRLF, a BOM or the bytes' encoding, and
line numbers mean the same thing everywhere.
"""

from __future__ import annotations

import codecs

import attrs

from pubkit.diagnostics import Diagnostic, warning


def _normalize_text(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


@attrs.frozen
class Source:
    text: str = attrs.field(converter=_normalize_text)
    name: str = "<string>"

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> tuple[Source, tuple[Diagnostic, ...]]:
        """Decode ``data``: UTF-8 (with or without a BOM) when it is, else the detected encoding.

        Text that is not UTF-8 is never garbled silently: the encoding used is reported as a
        warning, and bytes that no encoding explains are reported as an error.
        """
        for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
            if data.startswith(bom):
                return cls(data.decode(encoding), name), ()
        try:
            return cls(data.decode("utf-8-sig"), name), ()
        except UnicodeDecodeError as exc:
            first_bad = exc.start
        return _decode_legacy(cls, data, name, first_bad)


def _decode_legacy(
    cls: type[Source], data: bytes, name: str, first_bad: int
) -> tuple[Source, tuple[Diagnostic, ...]]:
    line = data.count(b"\n", 0, first_bad) + 1
    encoding = _detect_encoding(data)
    if encoding is None:
        text = data.decode("utf-8", errors="replace")
        problem = Diagnostic(
            "undecodable-bytes",
            "the file is not UTF-8 and its encoding could not be detected; "
            "undecodable bytes were replaced by U+FFFD",
            source=name,
            line=line,
        )
        return cls(text, name), (problem,)
    text = data.decode(encoding)
    note = warning(
        "not-utf8",
        f"the file is not UTF-8 (first non-UTF-8 byte on this line); read it as {encoding}",
        source=name,
        line=line,
    )
    return cls(text, name), (note,)


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
