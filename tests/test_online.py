"""The online sources, against recorded answers replayed on 127.0.0.1 (never the network):
what each service's answer becomes, the requests they send, the cache, --offline, retries and
an unreachable service."""

from __future__ import annotations

import json
import socket

import pytest

import pubkit
from pubkit.enrich import Client, ServiceError, Status, enrich
from pubkit.enrich.online import (
    Arxiv,
    Crossref,
    Dblp,
    OpenAlex,
    _crossref_record,
    _dblp_record,
    _openalex_record,
)
from pubkit.model import Date, Person, Work, WorkType
from replay import Answer, recorded, serving

CONTACT = "someone@example.org"


def _listed(title: str, year: int, *families: str) -> Work:
    """A work as a listing gives it: a preprint, its first authors, "et al."."""
    return Work(
        key="listed",
        title=title,
        issued=Date(year),
        authors=tuple(Person(family=f) for f in families),
        authors_truncated=True,
    )


def _enrich_one(source: object, work: Work) -> tuple[Work, object]:
    enriched, report = enrich(pubkit.Library([work]), [source])  # type: ignore[list-item]
    return enriched.works[0], report.outcomes[0]


def test_crossref_completes_a_work_and_asks_politely(tmp_path):
    answer = Answer("/works", {}, recorded("crossref-works-query-ecology-rows2.json"))
    with serving(answer) as server:
        client = Client(tmp_path, contact=CONTACT)
        work, outcome = _enrich_one(
            Crossref(client, server.url), _listed("Chemical ecology", 2012, "Kessler")
        )
    assert outcome.status is Status.MATCHED, outcome
    assert (work.type, work.doi) == (WorkType.ENTRY, "10.1093/obo/9780199830060-0023")
    assert str(work.container_title) == "Ecology" and work.issued == Date(2012, 5, 23)
    ((path, query, headers),) = server.requests
    assert path == "/works"
    assert query["query.bibliographic"] == ["Chemical ecology Kessler"]
    assert query["mailto"] == [CONTACT] and query["rows"] == ["5"]
    assert headers["User-Agent"].startswith("pubkit/") and CONTACT in headers["User-Agent"]


def test_arxiv_gives_the_id_the_primary_class_and_the_published_doi(tmp_path):
    answer = Answer(
        "/api/query", {}, recorded("arxiv-search-testing-max10.xml"), 200, "application/atom+xml"
    )
    title = "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"
    with serving(answer) as server:
        work, outcome = _enrich_one(
            Arxiv(Client(tmp_path), server.url), _listed(title, 2022, "Ahuja", "Gotlieb")
        )
    assert outcome.status is Status.MATCHED, outcome
    assert (work.arxiv_id, work.categories[:2]) == ("2202.12139", ("cs.SE", "cs.LG"))
    assert work.doi == "10.1109/ICSTW55395.2022.00035"
    assert [str(p) for p in work.authors][-1] == "Helge Spieker" and not work.authors_truncated
    ((_, query, _),) = server.requests
    assert query["search_query"] == [f'ti:"{pubkit.enrich.matching.fold(title)}"']


def test_openalex_gives_the_journal_volume_and_pages(tmp_path):
    # Not a recording: the recorded work inside the envelope OpenAlex documents for lists.
    work_json = json.loads(recorded("openalex-work-W2741809807.json"))
    body = json.dumps({"meta": {"count": 1, "page": 1, "per_page": 5}, "results": [work_json]})
    title = (
        "The state of OA: a large-scale analysis of the prevalence and impact of Open Access "
        "articles"
    )
    with serving(Answer("/works", {}, body.encode())) as server:
        client = Client(tmp_path, contact=CONTACT)
        work, outcome = _enrich_one(
            OpenAlex(client, server.url), _listed(title, 2018, "Piwowar", "Priem")
        )
    assert outcome.status is Status.MATCHED, outcome
    assert work.type is WorkType.ARTICLE_JOURNAL
    assert (str(work.container_title), work.volume, work.pages, work.publisher) == (
        "PeerJ", "6", "e4375", "PeerJ, Inc."
    )  # fmt: skip
    assert work.doi == "10.7717/peerj.4375" and len(work.authors) == 9
    ((_, query, _),) = server.requests
    assert query["filter"] == [f"title.search:{pubkit.enrich.matching.fold(title)}"]
    assert query["mailto"] == [CONTACT]


def test_dblp_gives_the_venue_pages_and_doi_and_drops_homonym_numbers(tmp_path):
    answer = Answer(
        "/search/publ/api", {"format": "json"}, recorded("dblp-search-publ-q-toc-pods2000.json")
    )
    listed = _listed("Indexing moving points", 2000, "Agarwal", "Arge")
    with serving(answer) as server:
        work, outcome = _enrich_one(Dblp(Client(tmp_path), server.url), listed)
    assert outcome.status is Status.MATCHED, outcome
    assert (work.type, str(work.container_title), work.pages, work.doi) == (
        WorkType.PAPER_CONFERENCE, "PODS", "175–186", "10.1145/335168.335220"
    )  # fmt: skip
    assert [str(p) for p in work.authors] == ["Pankaj K. Agarwal", "Lars Arge", "Jeff Erickson"]
    ((_, query, _),) = server.requests
    assert query["q"] == ["indexing moving points agarwal"]
    assert query["format"] == ["json"] and query["h"] == ["5"]


def test_a_dblp_corr_record_is_an_arxiv_preprint():
    """A CoRR hit as DBLP's search API gives one (written from its documented format, not
    recorded): the arXiv id comes from the electronic edition's address."""
    info = {
        "authors": {"author": {"@pid": "x", "text": "Runxin Xu"}},
        "title": "A Paper on arXiv.", "venue": "CoRR", "volume": "abs/2203.02889",
        "year": "2022", "type": "Informal and Other Publications",
        "ee": "https://arxiv.org/abs/2203.02889", "url": "https://dblp.org/rec/journals/corr/x",
    }  # fmt: skip
    record = _dblp_record(info)
    assert (record["type"], record["arxiv_id"], record["title"]) == (
        WorkType.ARTICLE, "2203.02889", "A Paper on arXiv"
    )  # fmt: skip
    assert "container_title" not in record and record["volume"] is None


def test_answers_are_cached_and_offline_never_opens_a_connection(tmp_path, monkeypatch):
    answer = Answer("/works", {}, recorded("crossref-works-query-ecology-rows2.json"))
    listed = _listed("Chemical ecology", 2012, "Kessler")
    with serving(answer) as server:
        online, _ = _enrich_one(Crossref(Client(tmp_path), server.url), listed)
        again, _ = _enrich_one(Crossref(Client(tmp_path), server.url), listed)
        assert len(server.requests) == 1  # the second answer came from the cache

        def no_connection(*args: object) -> None:
            raise AssertionError("a connection was opened")

        monkeypatch.setattr(socket.socket, "connect", no_connection)
        monkeypatch.setattr(socket, "create_connection", no_connection)
        offline = Client(tmp_path, offline=True)
        cached, outcome = _enrich_one(Crossref(offline, server.url), listed)
        unknown = _listed("A Paper Nobody Asked About", 2012, "Kessler")
        _, missing = _enrich_one(Crossref(offline, server.url), unknown)
    assert online == again == cached and outcome.status is Status.MATCHED
    assert missing.status is Status.UNMATCHED
    assert len(server.requests) == 1


def test_a_busy_service_is_asked_again(tmp_path):
    busy = Answer("/works", {}, b"busy", 503, "text/plain", times=2)
    answer = Answer("/works", {}, recorded("crossref-works-query-ecology-rows2.json"))
    with serving(busy, answer) as server:
        client = Client(tmp_path, backoff=0)
        _, outcome = _enrich_one(
            Crossref(client, server.url), _listed("Chemical ecology", 2012, "Kessler")
        )
    assert outcome.status is Status.MATCHED
    assert len(server.requests) == 3


def test_an_unreachable_service_is_one_clear_error(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = Crossref(Client(tmp_path, retries=0), f"http://127.0.0.1:{port}")
    with pytest.raises(ServiceError, match=rf"cannot reach 127.0.0.1:{port}: .*--offline"):
        _enrich_one(source, _listed("Chemical ecology", 2012, "Kessler"))


def test_an_answer_in_another_format_is_one_clear_error(tmp_path):
    answer = Answer("/works", {}, b"<html>maintenance</html>", 200, "text/html")
    with serving(answer) as server:
        source = Crossref(Client(tmp_path), server.url)
        with pytest.raises(ServiceError, match="crossref: an answer pubkit cannot read"):
            _enrich_one(source, _listed("Chemical ecology", 2012, "Kessler"))


def test_the_command_names_services_and_offline_finds_nothing_uncached(tmp_path, capsys):
    from pubkit.cli import main

    listing = tmp_path / "refs.bib"
    listing.write_text(
        "@misc{a, title={Chemical Ecology}, author={Kessler, Andr\\'e}, year=2012}\n"
    )
    status = main(
        ["enrich", str(listing), "--from", "crossref", "--offline", "--to", "ris",
         "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.ris")]
    )  # fmt: skip
    assert status == 0
    assert "TI  - Chemical Ecology" in (tmp_path / "out.ris").read_text()
    err = capsys.readouterr().err
    assert "1 question of online services had no answer in the cache (--offline)" in err


def test_dblp_records_in_their_other_shapes():
    """Shapes DBLP's search API gives (written from its documented format, not recorded): a
    venue as a list, a CoRR hit whose electronic edition is arXiv's DOI, DOIs in upper case."""
    info = {
        "authors": {"author": [{"text": "Runxin Xu 0001"}]}, "title": "A Paper.",
        "venue": ["ACL/IJCNLP (1)", "ACL"], "year": "2021",
        "type": "Conference and Workshop Papers", "doi": "10.18653/V1/2021.ACL-LONG.274",
    }  # fmt: skip
    record = _dblp_record(info)
    assert (record["container_title"], record["doi"]) == (
        "ACL/IJCNLP (1)", "10.18653/v1/2021.acl-long.274"
    )  # fmt: skip
    corr = {**info, "venue": "CoRR", "type": "Informal and Other Publications",
            "ee": "https://doi.org/10.48550/arXiv.2009.13752v2"}  # fmt: skip
    assert _dblp_record(corr)["arxiv_id"] == "2009.13752"


def test_crossref_titles_lose_their_markup():
    record = _crossref_record(
        {"title": ["H<sub>2</sub>O<sub>2</sub> sensing in <i>E. coli</i> &amp; yeast"]}
    )
    assert record["title"] == "H2O2 sensing in E. coli & yeast"


def test_openalex_gives_an_arxiv_id_without_its_version():
    item = {
        "title": "T", "type": "preprint",
        "locations": [{"landing_page_url": "https://arxiv.org/abs/2105.14924v1"}],
    }  # fmt: skip
    assert _openalex_record(item)["arxiv_id"] == "2105.14924"
