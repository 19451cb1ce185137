"""Hypothesis strategies for hostile input: text shaped like each format, broken at random.

Each strategy builds a document from the format's own pieces (BibTeX's `@`, braces, quotes,
`#` and macros; RIS tag lines; CSL-JSON items with every variable and wrong types; a listing's
header and records) mixed with what breaks them: stray delimiters, backslashes, deep nesting,
control characters, surrogates, huge numbers. ``tests/test_fuzz.py`` feeds them to every
reader and writer.
"""

from __future__ import annotations

import json
import string

from hypothesis import strategies as st

# Characters that mean something to one format or another, and some that mean nothing at all.
_SPECIAL = "@{}()\"#%,=\\$~^_&<>|'`\n\t\r \x00\x0b\x1f\x7f\u00a0\u2028\ufeff\ue000"
_LETTERS = string.ascii_letters + string.digits + "éßŁ中α"
noise = st.text(_SPECIAL + _LETTERS, max_size=40)
word = st.text(_LETTERS, min_size=1, max_size=12)


def _choice(*options: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(*options)


# -- BibTeX -----------------------------------------------------------------------------------

_BIB_TYPES = (
    "article book inproceedings misc string preamble comment ABNT-options commentary online x"
).split()
_BIB_FIELDS = (
    "title author editor year month day date journal pages doi url isbn issn crossref "
    "booktitle publisher note howpublished organization eprint keywords type number"
).split()


_LATEX_TRAPS = [
    "\\",
    "\\\\",
    "\\{",
    "\\}",
    "\\url{",
    "$",
    "$$",
    '\\"{',
    "\\emph{x",
    "{\\BibTeX ing}",
]


@st.composite
def _bib_value(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return "{" + draw(noise) + "}"
    if kind == 1:
        return '"' + draw(noise).replace('"', "") + '"'
    if kind == 2:
        return draw(st.sampled_from(["jan", "feb", "sep", "undefined_macro", "s0", "s1"]))
    if kind == 3:
        return str(draw(st.integers(-(10**30), 10**30)))
    if kind == 4 and depth < 3:
        parts = draw(st.lists(_bib_value(depth + 1), min_size=2, max_size=4))
        return " # ".join(parts)
    if kind == 5:
        levels = draw(st.integers(1, 300))
        return "{" * levels + draw(word) + "}" * draw(st.integers(0, levels + 1))
    if kind == 6:
        return "{" + draw(st.sampled_from(_LATEX_TRAPS)) + draw(word) + "}"
    return "{" + draw(word) + "}"


@st.composite
def _bib_entry(draw: st.DrawFn) -> str:
    entry_type = draw(st.sampled_from(_BIB_TYPES))
    at = draw(st.sampled_from(["@", "@ ", "@\n", " @"]))
    opening = draw(st.sampled_from(["{", "(", " {", "\n{"]))
    key = draw(_choice(word, noise, st.just(""), st.sampled_from(["a", "a,b", "{k}", "o'b:x"])))
    fields = []
    for _ in range(draw(st.integers(0, 6))):
        name = draw(_choice(st.sampled_from(_BIB_FIELDS), word, noise))
        fields.append(f"{name} = {draw(_bib_value())}")
    separator = draw(st.sampled_from([",\n  ", ", ", ",", " "]))
    closing = draw(st.sampled_from(["}", ")", "", "}}", ",}"]))
    return f"{at}{entry_type}{opening}{key}, {separator.join(fields)}{closing}"


@st.composite
def bibtex(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_choice(_bib_entry(), noise), min_size=1, max_size=6))
    return "\n".join(blocks)


# -- RIS --------------------------------------------------------------------------------------

_RIS_TAGS = (
    "TY ER AU A1 TI T1 PY Y1 DA JO T2 VL IS SP EP DO UR SN AN ID M2 N1 KW AB ZZ PB CY"
).split()


_RIS_VALUES = [
    "JOUR",
    "BOOK",
    "XYZ",
    ", ,",
    ",",
    "??",
    "2021///Spring",
    "20x1",
    "2021/02/30/",
    "10.1/x",
    "arXiv:2203.02889",
    "Doe, J.",
    "9" * 50,
]


@st.composite
def _ris_line(draw: st.DrawFn) -> str:
    tag = draw(_choice(st.sampled_from(_RIS_TAGS), st.text(_LETTERS, min_size=0, max_size=3)))
    separator = draw(st.sampled_from(["  - ", "  -", " - ", "-", "  - \n"]))
    value = draw(
        _choice(
            noise,
            word,
            st.sampled_from(_RIS_VALUES),
        )
    )
    indent = draw(st.sampled_from(["", "", " ", "\t"]))
    return f"{indent}{tag}{separator}{value}"


@st.composite
def ris(draw: st.DrawFn) -> str:
    records = []
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(st.lists(_ris_line(), max_size=8))
        if draw(st.booleans()):
            lines.insert(0, "TY  - " + draw(st.sampled_from(["JOUR", "BOOK", "UNPD", "GEN"])))
        if draw(st.booleans()):
            lines.append("ER  - ")
        records.append("\n".join(lines))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return ("\n" + ending).join(records).replace("\n", ending)


# -- CSL-JSON and pubkit JSON -----------------------------------------------------------------

_CSL_VARIABLES = (
    "id type title author editor issued container-title volume issue page DOI URL ISBN ISSN "
    "note abstract publisher genre custom citation-key accessed event-date number language "
    "keyword title-short"
).split()
_CSL_TYPES = ["article-journal", "book", "chapter", "paper-conference", "webpage", "x", ""]

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    noise,
    word,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_choice(word, noise), inner, max_size=4)
    ),
    max_leaves=12,
)


_NAME_PARTS = ["family", "given", "literal", "suffix", "non-dropping-particle"]
_PUBKIT_CUSTOM = ["links", "extra", "markup", "affiliations", "native", "profile", "code_url", "x"]


@st.composite
def _csl_value(draw: st.DrawFn, variable: str) -> object:
    shaped: dict[str, st.SearchStrategy[object]] = {
        "author": st.lists(
            st.dictionaries(
                st.sampled_from(_NAME_PARTS),
                json_scalars,
            ),
            max_size=3,
        ),
        "issued": st.one_of(
            st.fixed_dictionaries(
                {"date-parts": st.lists(st.lists(json_scalars, max_size=4), max_size=2)}
            ),
            st.fixed_dictionaries({"literal": noise}),
            st.fixed_dictionaries({"raw": noise}),
            noise,
        ),
        "type": st.sampled_from(_CSL_TYPES),
        "custom": st.fixed_dictionaries(
            {
                "pubkit": st.dictionaries(
                    st.sampled_from(_PUBKIT_CUSTOM),
                    json_values,
                )
            }
        ),
    }
    strategy = shaped.get(variable.replace("editor", "author"), json_values)
    return draw(st.one_of(strategy, json_values))


@st.composite
def csl_json(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        names = draw(st.lists(st.sampled_from(_CSL_VARIABLES), max_size=8, unique=True))
        item = {name: draw(_csl_value(name)) for name in names}
        items.append(item)
    document: object = items if draw(st.integers(0, 9)) else draw(json_values)
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 9)) == 0:  # cut short, or with a lone surrogate
        text = text[: draw(st.integers(0, len(text)))] + draw(st.sampled_from(["", "\\ud800"]))
    return text


_WORK_FIELDS = (
    "type key title authors issued extra native links pages doi arxiv_id affiliations x"
).split()


@st.composite
def pubkit_json(draw: st.DrawFn) -> str:
    works = draw(
        st.lists(
            st.dictionaries(
                st.sampled_from(_WORK_FIELDS),
                json_values,
            ),
            max_size=3,
        )
    )
    document = {"format": "pubkit", "version": draw(st.sampled_from([1, 2, "1"])), "works": works}
    return json.dumps(document)


# -- listings ---------------------------------------------------------------------------------

_HEADS = [
    "CLMay 2, 2022",
    "CL  May 2, 2022",
    "cs.CVJan 7, 2023 (v2)",
    "CLSometime in 2003",
    "LGJun 31, 2021",
    "CVFeb 14, 2024Code",
    "XXApr 1, 0000",
    "CL2022-04-01",
]


_HEADER_LINES = [
    "Jane Doe",
    "CL",
    "h-index7",
    "12papers",
    "9" * 40 + "papers",
    "345citations",
    "3 Papers",
    "AI Score49",
]


@st.composite
def listing(draw: st.DrawFn) -> str:
    header = draw(
        st.lists(
            st.sampled_from(_HEADER_LINES),
            max_size=5,
        )
    )
    records = []
    for _ in range(draw(st.integers(0, 4))):
        head = draw(_choice(st.sampled_from(_HEADS), noise))
        title = draw(_choice(word, noise, st.just("{" * 200 + "x" + "}" * 200)))
        authors = draw(_choice(st.just("Ann Smith, Bo Li et al. · mit"), noise, word))
        abstract = draw(_choice(noise, st.just("\\url{" * 50 + "x"), word))
        gap = draw(st.sampled_from(["\n", "\n\n"]))
        records.append(f"{head}\n{title}{gap}{authors}{gap}{abstract}")
    return "\n".join(header) + "\n\n" + "\n\n".join(records)


BY_FORMAT = {
    "bibtex": bibtex(),
    "ris": ris(),
    "csl-json": csl_json(),
    "json": pubkit_json(),
    "listing": listing(),
}
