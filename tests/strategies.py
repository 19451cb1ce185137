"""Hypothesis strategies for the model: works as every format should carry them."""

from __future__ import annotations

import string

from hypothesis import strategies as st

from pubkit import Affiliation, Chunk, Date, Kind, Mark, Person, Text, Work, WorkType

_LETTERS = string.ascii_letters + "éüøßŁçñ"
# Words of letters, digits and the characters every format must escape somehow.
word = st.text(_LETTERS + string.digits + "&%$#_~^<>|'", min_size=1, max_size=10).filter(
    lambda w: w[0] in _LETTERS
)
sentence = st.lists(word, min_size=1, max_size=8).map(" ".join)
name_word = st.text(_LETTERS, min_size=2, max_size=10).map(str.capitalize)


@st.composite
def texts(draw) -> Text:
    """Text with case protection and italics, the markup every .bib and CSL item carries."""
    words = draw(st.lists(word, min_size=1, max_size=6))
    chunks = []
    for index, item in enumerate(words):
        if index:
            chunks.append(Chunk(" "))
        marks = draw(st.sampled_from([frozenset(), frozenset({Mark.NOCASE})]))
        chunks.append(Chunk(item, Kind.TEXT, marks))
    return Text(tuple(chunks))


persons = st.one_of(
    st.builds(lambda g, f: Person(given=g, family=f), name_word, name_word),
    st.builds(lambda g, f: Person(given=g, particle="van", family=f), name_word, name_word),
    st.builds(lambda g, f: Person(given=g, family=f, suffix="Jr."), name_word, name_word),
    st.builds(lambda n: Person(literal=f"{n} Consortium"), name_word),
)
dates = st.one_of(
    st.builds(Date, st.integers(1900, 2030)),
    st.builds(Date, st.integers(1900, 2030), st.integers(1, 12)),
    st.builds(Date, st.integers(1900, 2030), st.integers(1, 12), st.integers(1, 28)),
)
_TYPES = [WorkType.ARTICLE, WorkType.ARTICLE_JOURNAL, WorkType.PAPER_CONFERENCE, WorkType.BOOK]


@st.composite
def works(draw) -> Work:
    work_type = draw(st.sampled_from(_TYPES))
    needs_container = work_type in (WorkType.ARTICLE_JOURNAL, WorkType.PAPER_CONFERENCE)
    code_url = draw(st.one_of(st.none(), name_word.map(lambda n: f"https://github.com/o/{n}")))
    return Work(
        type=work_type,
        key=draw(st.text(string.ascii_lowercase, min_size=3, max_size=8)),
        title=draw(texts()),
        authors=tuple(draw(st.lists(persons, min_size=1, max_size=4))),
        authors_truncated=draw(st.booleans()),
        issued=draw(dates),
        container_title=draw(sentence) if needs_container else None,
        volume=draw(st.one_of(st.none(), st.integers(1, 999).map(str))),
        pages=draw(st.one_of(st.none(), st.integers(1, 99).map(lambda p: f"{p}–{p + 9}"))),
        doi=draw(st.one_of(st.none(), name_word.map(lambda n: f"10.1000/{n.lower()}"))),
        abstract=draw(st.one_of(st.none(), sentence)),
        keywords=tuple(draw(st.lists(name_word, max_size=3, unique=True))),
        categories=tuple(
            draw(st.lists(st.sampled_from(["cs.CL", "cs.LG", "stat.ML"]), max_size=2, unique=True))
        ),
        has_code=code_url is not None and draw(st.booleans()),
        code_url=code_url,
        affiliations=tuple(
            draw(
                st.lists(
                    st.sampled_from([Affiliation("pku", "Peking University"), Affiliation("zz")]),
                    max_size=2,
                    unique=True,
                )
            )
        ),
        **draw(_more_fields(work_type)),
    )


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), strategy)


_number = st.integers(1, 99).map(str)
_TYPES_WITH_NUMBER = (WorkType.REPORT, WorkType.THESIS)


@st.composite
def _more_fields(draw, work_type: WorkType) -> dict[str, object]:
    """The rest of the model: every field the formats map, each present or not."""
    people = st.lists(persons, max_size=2).map(tuple)
    fields: dict[str, object] = {
        "short_title": draw(_maybe(texts())),
        "editors": draw(people),
        "translators": draw(people),
        "volumes": draw(_maybe(_number)),
        "issue": draw(_maybe(_number)) if work_type is WorkType.ARTICLE_JOURNAL else None,
        "chapter": draw(_maybe(_number)),
        "page_count": draw(_maybe(_number)),
        "publisher": draw(_maybe(sentence)),
        "place": draw(_maybe(sentence)),
        "edition": draw(_maybe(_number)),
        "series": draw(_maybe(sentence)),
        "genre": draw(_maybe(sentence)),
        "event_title": draw(_maybe(sentence)),
        "event_date": draw(_maybe(dates)),
        "event_place": draw(_maybe(sentence)),
        "original_title": draw(_maybe(texts())),
        "original_date": draw(_maybe(dates)),
        "original_publisher": draw(_maybe(sentence)),
        "original_place": draw(_maybe(sentence)),
        "isbn": draw(_maybe(st.sampled_from(["978-3-16-148410-0", "0-306-40615-2"]))),
        "issn": draw(_maybe(st.sampled_from(["0317-8471", "2049-3630"]))),
        "language": draw(_maybe(st.sampled_from(["en", "de-CH", "zh"]))),
        "status": draw(_maybe(st.sampled_from(["in press", "submitted"]))),
        "arxiv_id": draw(_maybe(st.sampled_from(["2203.02889", "hep-th/9901001v2"]))),
        "url": draw(_maybe(name_word.map(lambda n: f"https://example.org/{n}"))),
        "accessed": draw(_maybe(dates)),
        "note": draw(_maybe(texts())),
        "annotation": draw(_maybe(texts())),
        "container_short": draw(_maybe(name_word)),
        "version": draw(_maybe(_number)),
        "links": tuple(
            draw(
                st.lists(
                    name_word.map(lambda n: f"https://example.com/{n}"), max_size=2, unique=True
                )
            )
        ),
        "extra": draw(
            st.dictionaries(
                st.sampled_from(["listing:category", "tool:flag", "zotero:itemID"]),
                st.one_of(name_word, st.integers(0, 99), st.booleans()),
                max_size=2,
            )
        ),
    }
    if work_type is WorkType.BOOK:
        fields["series_number"] = draw(_maybe(_number))
    return fields
