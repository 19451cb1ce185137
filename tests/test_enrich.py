"""Enrichment: works completed from local sources, matched without ever merging the wrong
paper, every change and conflict reported."""

from __future__ import annotations

import json
import subprocess
import sys

import attrs
import pytest

import pubkit
from corpus import ACL_ANTHOLOGY
from pubkit.enrich import LocalSource, Status, enrich, local
from pubkit.enrich.matching import fold, score
from pubkit.model import Date, Person, Work, WorkType

from bibtools import compile_document
from conftest import FIXTURES, missing_tool

LISTING = FIXTURES / "listing" / "runxin-xu.txt"
SAMPLE = FIXTURES / "enrich" / "acl-anthology-sample.bib"
# The listing's papers whose published versions the ACL Anthology holds.
IN_ACL = {"xu2021documentlevel", "zeng2020double", "xu2020volctrans", "xu2020xiaomingbot"}


def _person(name: str) -> Person:
    given, family = name.rsplit(" ", 1)
    return Person(given=given, family=family)


def _work(title: str, year: int, *authors: str, **fields: object) -> Work:
    return Work(
        title=title,
        issued=Date(year),
        authors=tuple(_person(a) for a in authors),
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def sample() -> LocalSource:
    return LocalSource(SAMPLE)


def test_titles_fold_case_diacritics_punctuation_and_spacing():
    assert fold("Déjà-vu:  A {BERT} Study") == "deja vu a bert study"
    assert fold("Straße") == fold("STRASSE")


def test_a_match_needs_the_title_the_year_within_one_and_the_authors_in_order():
    listed = _work("Making Models Few-shot Learners", 2022, "Ziyun Xu", "Chengyu Wang")
    listed = attrs.evolve(listed, authors_truncated=True)
    published = _work("Making models few-shot learners.", 2022, "Ziyun Xu", "Chengyu Wang", "M Q")
    assert score(listed, published).confidence == 1.0
    assert score(listed, _work("Making Models Few-shot Learner", 2023, "Ziyun Xu", "C Wang"))
    assert score(listed, _work("Making Models Few-shot Learners", 2024, "Ziyun Xu")) is None
    assert score(listed, _work("Making Models Few-shot Learners", 2022, "Chengyu Wang")) is None
    assert (
        score(listed, _work("Making Larger Models Zero-shot Reasoners", 2022, "Ziyun Xu")) is None
    )
    # A name in the other order is the same person:
    swapped = _work("Making Models Few-shot Learners", 2022, "Xu Ziyun", "Wang Chengyu")
    assert score(listed, swapped).confidence == 1.0


def test_a_list_that_is_not_truncated_should_be_the_whole_list():
    listed = _work("A Title Long Enough", 2020, "Ada Lovelace")
    assert score(listed, _work("A Title Long Enough", 2020, "Ada Lovelace")).confidence == 1.0
    longer = score(listed, _work("A Title Long Enough", 2020, "Ada Lovelace", "Charles Babbage"))
    assert longer.confidence == 0.9 and "1 authors against 2" in longer.notes


def test_the_listing_takes_exactly_its_published_papers_from_the_acl_anthology(sample):
    library = pubkit.load(LISTING)
    enriched, report = enrich(library, [sample])
    matched = {o.key for o in report.outcomes if o.status is Status.MATCHED}
    assert matched == IN_ACL
    assert report.count(Status.UNMATCHED) == len(library.works) - len(IN_ACL)
    for before, after in zip(library.works, enriched.works, strict=True):
        if before.key not in IN_ACL:
            assert after == before
            continue
        assert after.type is WorkType.PAPER_CONFERENCE
        assert not after.authors_truncated
        assert after.authors[: len(before.authors)] == before.authors
        assert len(after.authors) > len(before.authors)
        assert after.container_title and after.pages and after.publisher and after.url
    work = enriched["zeng2020double"]
    assert [str(a) for a in work.authors] == ["Shuang Zeng", "Runxin Xu", "Baobao Chang", "Lei Li"]
    assert (work.doi, work.pages, str(work.issued)) == (
        "10.18653/v1/2020.emnlp-main.127",
        "1630–1640",
        "2020-11",
    )
    outcome = next(o for o in report.outcomes if o.key == "zeng2020double")
    changed = {change.field: change for change in outcome.changes}
    assert changed["issued"].old == "2020-09-29" and changed["issued"].new == "2020-11"
    assert changed["doi"].old is None and changed["doi"].source == str(SAMPLE)
    assert outcome.confidence == 1.0 and not outcome.conflicts


def test_a_different_value_is_kept_and_reported(sample):
    library = pubkit.load(LISTING)
    work = library["zeng2020double"]
    ours = attrs.evolve(work, place="Punta Cana")
    enriched, report = enrich(pubkit.Library([ours]), [sample])
    assert enriched.works[0].place == "Punta Cana"
    (conflict,) = report.outcomes[0].conflicts
    assert (conflict.field, conflict.kept, conflict.offered) == ("place", "Punta Cana", "Online")
    assert f"! place: kept 'Punta Cana'; {SAMPLE} has 'Online'" in "\n".join(report.lines())
    # Where a preprint was posted is not a conflict: its published version replaces it.
    posted = attrs.evolve(work, publisher="arXiv", container_title="CoRR", volume="abs/2009.1")
    enriched, report = enrich(pubkit.Library([posted]), [sample])
    assert enriched.works[0].publisher == "Association for Computational Linguistics"
    assert enriched.works[0].volume is None and not report.outcomes[0].conflicts


class _Records:
    """A source given as works."""

    def __init__(self, name: str, *works: Work) -> None:
        self.name = name
        self.works = works

    def candidates(self, work: Work) -> tuple[Work, ...]:
        return self.works


def test_two_different_papers_that_both_match_change_nothing():
    listed = _work("Graph Reasoning for Relations", 2021, "Shuang Zeng")
    one = _work("Graph Reasoning for Relations", 2021, "Shuang Zeng", "Lei Li", doi="10.1234/a")
    other = _work("Graph reasoning for relations", 2021, "Shuang Zeng", doi="10.1234/b")
    one, other = (attrs.evolve(w, type=WorkType.PAPER_CONFERENCE) for w in (one, other))
    enriched, report = enrich(pubkit.Library([listed]), [_Records("s", one, other)])
    assert enriched.works[0] == listed
    assert report.outcomes[0].status is Status.AMBIGUOUS
    assert "2 different works match" in (report.outcomes[0].reason or "")


def test_a_weak_match_changes_nothing_and_says_why():
    listed = _work("Graph Reasoning for Document Relations", 2021, "Shuang Zeng")
    near = _work("Graph Reasoning for Document Relation", 2021, "Shuang Zeng", doi="10.1234/a")
    enriched, report = enrich(pubkit.Library([listed]), [_Records("s", near)], min_confidence=0.99)
    assert enriched.works[0] == listed
    outcome = report.outcomes[0]
    assert outcome.status is Status.WEAK and "alike" in (outcome.reason or "")


def test_a_preprint_and_its_published_version_give_both_identifiers():
    listed = _work("Graph Reasoning for Relations", 2021, "Shuang Zeng")
    listed = attrs.evolve(listed, authors_truncated=True)
    preprint = _work(
        "Graph Reasoning for Relations", 2021, "Shuang Zeng", "Lei Li",
        arxiv_id="2109.01234", categories=("cs.CL",),
    )  # fmt: skip
    published = _work(
        "Graph Reasoning for Relations", 2022, "Shuang Zeng", "Lei Li",
        type=WorkType.ARTICLE_JOURNAL, container_title="Journal of Graphs", volume="3",
        pages="1--20", doi="10.1234/jg.3",
    )  # fmt: skip
    sources = [_Records("arxiv.bib", preprint), _Records("journals.bib", published)]
    enriched, report = enrich(pubkit.Library([listed]), sources)
    work = enriched.works[0]
    assert (work.type, work.doi, work.arxiv_id) == (
        WorkType.ARTICLE_JOURNAL,
        "10.1234/jg.3",
        "2109.01234",
    )
    assert work.issued == Date(2022) and work.categories == ("cs.CL",)
    assert report.outcomes[0].source == "journals.bib + arxiv.bib"
    bib = pubkit.dumps(enriched, "bibtex")
    assert "eprint = {2109.01234}" in bib and "doi = {10.1234/jg.3}" in bib
    assert "primaryClass = {cs.CL}" in bib


def test_a_large_source_is_indexed_once_and_again_when_it_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "CACHED_BYTES", 0)  # every source is "large"
    source_file = tmp_path / "refs.bib"
    source_file.write_bytes(SAMPLE.read_bytes())
    cache = tmp_path / "cache"
    first = LocalSource(source_file, cache_dir=cache)
    assert first.records == 44 and len(list(cache.glob("index-*.sqlite"))) == 1
    first.close()
    monkeypatch.setattr(LocalSource, "_build", _must_not_build)
    again = LocalSource(source_file, cache_dir=cache)
    assert again.records == 44
    again.close()
    source_file.write_text("@misc{x, title={One Record Only}, year=2000}\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="rebuilt"):
        LocalSource(source_file, cache_dir=cache)


def test_a_damaged_index_is_made_anew(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "CACHED_BYTES", 0)
    cache = tmp_path / "cache"
    LocalSource(SAMPLE, cache_dir=cache).close()
    (index,) = cache.glob("index-*.sqlite")
    index.write_bytes(b"this is not a database" * 100)
    assert LocalSource(SAMPLE, cache_dir=cache).records == 44


def _must_not_build(*_: object) -> None:
    raise AssertionError("rebuilt")


def test_a_folder_is_every_file_pubkit_reads_in_it(tmp_path):
    (tmp_path / "a.bib").write_text("@misc{a, title={First Paper Title}, year=2001}\n")
    ris = "TY  - JOUR\nTI  - Second Paper Title\nPY  - 2002\nER  - \n"
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.ris").write_text(ris)
    (tmp_path / "notes.md").write_text("# not a source\n")
    assert LocalSource(tmp_path).records == 2


def _pubkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pubkit", *args], capture_output=True, text=True, check=False
    )


def test_the_command_reports_every_work_and_writes_a_bib_file_bibtex_compiles(tmp_path):
    out = tmp_path / "refs.bib"
    report = tmp_path / "report.json"
    command = ["enrich", str(LISTING), "--from", str(SAMPLE), "--to", "bibtex"]
    result = _pubkit(*command, "-o", str(out), "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "31 works: 4 matched, 0 ambiguous, 0 weak, 27 unmatched; 4 changed" in result.stderr
    assert result.stderr.count(": unmatched") == 27
    outcomes = json.loads(report.read_text())["works"]
    assert {o["key"] for o in outcomes if o["status"] == "matched"} == IN_ACL
    bib = out.read_text(encoding="utf-8")
    assert bib.count("@inproceedings{") == 4
    assert "doi = {10.18653/v1/2021.acl-long.274}" in bib
    log = compile_document(bib, tmp_path, biblatex=False)
    assert "Warning--" not in (tmp_path / "doc.blg").read_text()
    assert "undefined" not in log


def test_a_dry_run_shows_the_diff_and_writes_nothing(tmp_path):
    out = tmp_path / "refs.bib"
    command = ["enrich", str(LISTING), "--from", str(SAMPLE), "--to", "bibtex", "--dry-run"]
    result = _pubkit(*command, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert not out.exists()
    assert f"+ doi: 10.18653/v1/2020.emnlp-main.127  [{SAMPLE}]" in result.stdout
    assert "- type: article\n  + type: paper-conference" in result.stdout


def test_a_source_that_is_not_there_is_a_usage_error(tmp_path):
    result = _pubkit("enrich", str(LISTING), "--from", str(tmp_path / "none"), "--to", "ris")
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr


def test_the_whole_acl_anthology_completes_the_same_four():
    if not ACL_ANTHOLOGY.exists():
        missing_tool("the ACL Anthology corpus is not on this machine (python tests/corpus.py)")
    source = LocalSource(ACL_ANTHOLOGY, cache_dir=ACL_ANTHOLOGY.parent)
    assert source.records > 60_000
    _, report = enrich(pubkit.load(LISTING), [source])
    assert {o.key for o in report.outcomes if o.status is Status.MATCHED} == IN_ACL
    assert report.count(Status.AMBIGUOUS) == report.count(Status.WEAK) == 0


def test_titles_that_differ_in_a_number_or_a_version_are_different_papers():
    listed = _work("Volctrans Parallel Corpus Filtering System for WMT 2020", 2020, "Runxin Xu")
    later = _work("Volctrans Parallel Corpus Filtering System for WMT 2021", 2021, "Runxin Xu")
    assert score(listed, later) is None
    v3 = _work("DeepSeek-V3 Technical Report", 2024, "Aixin Liu")
    assert score(v3, _work("DeepSeek-V2 Technical Report", 2024, "Aixin Liu")) is None


def test_a_different_first_initial_is_a_different_person():
    listed = _work("A Title Long Enough", 2020, "Runxin Xu")
    assert score(listed, _work("A Title Long Enough", 2020, "Ming Xu")) is None
    assert score(listed, _work("A Title Long Enough", 2020, "R. Xu")).confidence == 1.0


ZENG = (
    "title = {Double Graph Based Reasoning for Document-level Relation Extraction},"
    " author = {Zeng, Shuang and Xu, Runxin and Chang, Baobao and Li, Lei}"
)


def _enrich_zeng(tmp_path, *sources: str):
    files = []
    for number, text in enumerate(sources):
        files.append(tmp_path / f"source{number}.bib")
        files[-1].write_text(text, encoding="utf-8")
    library = pubkit.Library([pubkit.load(LISTING)["zeng2020double"]])
    enriched, report = enrich(library, files)
    return enriched.works[0], report.outcomes[0]


def test_a_dblp_export_gives_the_published_version_and_keeps_the_corr_preprint(tmp_path):
    dblp = (
        "@article{DBLP:journals/corr/abs-2009-13752, " + ZENG + ", journal = {CoRR},"
        " volume = {abs/2009.13752}, year = {2020}, eprinttype = {arXiv},"
        " eprint = {2009.13752}}\n"
        "@inproceedings{DBLP:conf/emnlp/ZengXCL20, " + ZENG + ", booktitle = {EMNLP (1)},"
        " pages = {1630--1640}, year = {2020}, doi = {10.18653/v1/2020.emnlp-main.127}}\n"
    )
    work, outcome = _enrich_zeng(tmp_path, dblp)
    assert outcome.status is Status.MATCHED, outcome
    assert (work.type, work.doi, work.arxiv_id) == (
        WorkType.PAPER_CONFERENCE, "10.18653/v1/2020.emnlp-main.127", "2009.13752"
    )  # fmt: skip
    assert str(work.container_title) == "EMNLP (1)"


def test_a_google_scholar_arxiv_entry_is_a_preprint_with_its_id(tmp_path):
    scholar = "@article{zeng2020, " + ZENG + ", journal = {arXiv preprint arXiv:2009.13752},"
    work, outcome = _enrich_zeng(tmp_path, scholar + " year = {2020}}\n")
    assert outcome.status is Status.MATCHED, outcome
    assert work.type is WorkType.ARTICLE and work.container_title is None
    assert work.arxiv_id == "2009.13752" and len(work.authors) == 4


def test_copies_of_one_paper_are_one_publication_and_their_differences_reported(tmp_path):
    lab = (
        "@inproceedings{ours, " + ZENG + ", booktitle = {Proceedings of EMNLP},"
        " pages = {1630--1640}, year = {2020}, publisher = {Our Own Press}}\n"
    )
    work, outcome = _enrich_zeng(tmp_path, lab, SAMPLE.read_text(encoding="utf-8"))
    assert outcome.status is Status.MATCHED, outcome
    assert work.publisher == "Our Own Press"  # the first source is preferred
    assert work.doi == "10.18653/v1/2020.emnlp-main.127"  # the second fills what it lacks
    conflicts = {c.field: c for c in outcome.conflicts}
    assert conflicts["publisher"].offered == "Association for Computational Linguistics"
    assert conflicts["publisher"].source.endswith("source1.bib")
    assert "container_title" in conflicts


def test_a_source_that_is_truncated_too_leaves_the_list_truncated(tmp_path):
    truncated = (
        "@inproceedings{z, title = {Double Graph Based Reasoning for Document-level Relation"
        " Extraction}, author = {Zeng, Shuang and Xu, Runxin and Chang, Baobao and others},"
        " booktitle = {EMNLP}, year = {2020}, pages = {1--2}}\n"
    )
    work, outcome = _enrich_zeng(tmp_path, truncated)
    assert outcome.status is Status.MATCHED
    assert work.authors_truncated and len(work.authors) == 3


def test_a_book_takes_its_publisher_and_isbn(tmp_path):
    ours = tmp_path / "ours.bib"
    ours.write_text("@book{knuth, title = {The {TeX}book}, author = {Knuth, Donald E.},"
                    " year = {1984}}\n")  # fmt: skip
    theirs = tmp_path / "theirs.bib"
    theirs.write_text("@book{k84, title = {The TeXbook}, author = {Knuth, D. E.}, year = {1984},"
                      " publisher = {Addison-Wesley}, isbn = {0-201-13447-0}}\n")  # fmt: skip
    enriched, report = enrich(pubkit.load(ours), [theirs])
    work = enriched.works[0]
    assert report.outcomes[0].status is Status.MATCHED
    assert (work.type, work.publisher, work.isbn) == (
        WorkType.BOOK,
        "Addison-Wesley",
        "0-201-13447-0",
    )


def test_the_api_takes_paths_and_checks_the_confidence():
    _, report = enrich(pubkit.load(LISTING), [str(SAMPLE)])
    assert report.count(Status.MATCHED) == 4
    with pytest.raises(ValueError, match="from 0 to 1"):
        enrich(pubkit.load(LISTING), [SAMPLE], min_confidence=5)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"%PDF-1.4 binary", "no records could be read from it"),
        (b"", "no records could be read from it"),
    ],
    ids=["binary", "empty"],
)
def test_a_source_without_records_is_a_usage_error_with_the_reason(tmp_path, source, message):
    path = tmp_path / "source.bib"
    path.write_bytes(source)
    result = _pubkit("enrich", str(LISTING), "--from", str(path), "--to", "ris")
    assert result.returncode == 2 and message in result.stderr
    assert "error[" in result.stderr and "Traceback" not in result.stderr


def test_a_cache_folder_that_cannot_be_made_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "CACHED_BYTES", 0)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for source in (str(SAMPLE), "crossref"):
        result = _pubkit(
            "enrich", str(LISTING), "--from", source, "--to", "ris", "--cache-dir", str(blocked)
        )
        # (the subprocess indexes SAMPLE in memory; only crossref needs the cache folder)
        assert "Traceback" not in result.stderr
    assert result.returncode == 2 and f"cannot keep answers in {blocked}" in result.stderr


def test_an_unknown_online_service_is_named(tmp_path):
    result = _pubkit("enrich", str(LISTING), "--from", "online:scholar", "--to", "ris")
    assert result.returncode == 2
    assert "unknown online service 'scholar' (there are arxiv, crossref, dblp, openalex)" in (
        result.stderr
    )


def _bib_enrich(tmp_path, work_bib: str, *source_bibs: str, **options: object):
    (tmp_path / "in.bib").write_text(work_bib, encoding="utf-8")
    sources = []
    for number, text in enumerate(source_bibs):
        sources.append(tmp_path / f"src{number}.bib")
        sources[-1].write_text(text, encoding="utf-8")
    enriched, report = enrich(pubkit.load(tmp_path / "in.bib"), sources, **options)  # type: ignore[arg-type]
    return enriched.works[0], report.outcomes[0]


def test_a_title_that_differs_in_a_content_word_is_another_paper(tmp_path):
    """A real pair of the ACL Anthology: the same author, year and venue, one word apart."""
    arabic = (
        "@article{ali2018, title={Character level convolutional neural network for Arabic"
        " dialect identification}, author={Ali, Mohamed}, year={2018}}\n"
    )
    german = (
        "@inproceedings{ali-2018, title = {Character Level Convolutional Neural Network for"
        " {G}erman Dialect Identification}, author = {Ali, Mohamed}, year = {2018},"
        " pages = {172--177}, booktitle = {Proceedings of VarDial 2018}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, arabic, german)
    assert outcome.status is Status.UNMATCHED and work.pages is None
    part_one = (
        "@misc{p1, title={Physics Informed Deep Learning (Part I)}, author={Raissi, M.},"
        " year=2017}\n"
    )
    part_two = (
        "@misc{p2, title={Physics Informed Deep Learning (Part II)}, author={Raissi, M.},"
        " year=2017, eprint={1711.10566}, archiveprefix={arXiv}}\n"
    )
    assert _bib_enrich(tmp_path, part_one, part_two)[1].status is Status.UNMATCHED
    spaced = "@misc{w, title={A Filtering System for WMT2020}, author={Xu, Runxin}, year=2020}\n"
    written = (
        "@misc{v, title={A Filtering System for {WMT} 2020}, author={Xu, Runxin},"
        " year=2020, url={https://x.org/v}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, spaced, written)
    assert outcome.status is Status.MATCHED and work.url == "https://x.org/v"


ACMO = (
    "title = {ACMo: Angle-Calibrated Moment Methods for Stochastic Optimization},"
    " author = {Huang, Xunpeng and Xu, Runxin and Zhou, Hao and Wang, Zhe}"
)


def test_a_workshop_paper_and_its_conference_version_are_two_publications(tmp_path):
    listed = (
        "@misc{h,"
        " title={ACMo: Angle-Calibrated Moment Methods for Stochastic Optimization},"
        " author={Huang, Xunpeng and others}, year={2020}}\n"
    )
    workshop = (
        "@inproceedings{ws, "
        + ACMO
        + ", booktitle = {NeurIPS 2020 Workshop OPT2020}, year = {2020}}\n"
    )
    conference = (
        "@inproceedings{aaai, " + ACMO + ", booktitle = {AAAI 2021}, pages = {7857--7864},"
        " year = {2021}, doi = {10.1609/AAAI.V35I9.16959}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, listed, workshop, conference)
    assert outcome.status is Status.AMBIGUOUS and work.doi is None


def test_a_candidate_with_another_doi_or_arxiv_id_is_another_paper(tmp_path):
    ours = (
        "@article{z, "
        + ZENG
        + ", journal = {IEEE/ACM TASLP}, year = {2020}, doi = {10.1109/TASLP.2020.1}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, ours, SAMPLE.read_text(encoding="utf-8"))
    assert outcome.status is Status.UNMATCHED and work.pages is None


def test_copies_with_one_doi_are_one_publication_however_their_pages_are_written(tmp_path):
    copies = [
        "@inproceedings{a, " + ZENG + ", booktitle = {EMNLP}, year = {2020}, pages = {1630--40},"
        " doi = {10.18653/v1/2020.emnlp-main.127}}\n",
        "@inproceedings{b, "
        + ZENG
        + ", booktitle = {Proc. EMNLP}, year = {2020}, pages = {pp. 1630-1640},"
        " doi = {10.18653/V1/2020.EMNLP-MAIN.127}}\n",
    ]
    work, outcome = _enrich_zeng(tmp_path, *copies)
    assert outcome.status is Status.MATCHED, outcome
    assert work.doi == "10.18653/v1/2020.emnlp-main.127"


def test_a_promoted_preprint_leaves_where_it_was_posted(tmp_path):
    scholar = (
        "@article{z, " + ZENG + ", journal = {arXiv preprint arXiv:2009.13752}, year = {2020}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, scholar, SAMPLE.read_text(encoding="utf-8"))
    assert outcome.status is Status.MATCHED, outcome
    assert work.type is WorkType.PAPER_CONFERENCE and "Empirical Methods" in str(
        work.container_title
    )
    assert work.arxiv_id == "2009.13752"  # kept, from the old venue
    corr = (
        "@article{c, " + ZENG + ", journal = {CoRR}, volume = {abs/2009.13752}, year = {2020},"
        " eprint = {2009.13752}, archiveprefix = {arXiv},"
        " url = {https://arxiv.org/abs/2009.13752}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, corr, SAMPLE.read_text(encoding="utf-8"))
    assert work.volume is None and work.url == "https://aclanthology.org/2020.emnlp-main.127"
    assert "- volume: abs/2009.13752" in "\n".join(
        enrich(
            pubkit.Library([pubkit.load(tmp_path / "in.bib").works[0]]), [tmp_path / "src0.bib"]
        )[1].lines()
    )


def test_an_article_without_a_journal_and_an_online_posting_are_preprints(tmp_path):
    bare = "@article{z, " + ZENG + ", year = {2020}}\n"
    work, _ = _bib_enrich(tmp_path, bare, SAMPLE.read_text(encoding="utf-8"))
    assert work.type is WorkType.PAPER_CONFERENCE and str(work.issued) == "2020-11"
    online = (
        "@online{o, " + ZENG + ", date = {2020-09-29}, eprint = {2009.13752}, eprinttype = {arXiv},"
        " url = {http://arxiv.org/abs/2009.13752}}\n"
    )
    listed = (
        "@misc{l,"
        " title={Double Graph Based Reasoning for Document-level Relation Extraction},"
        " author={Zeng, Shuang and others}, year={2020}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, listed, online, SAMPLE.read_text(encoding="utf-8"))
    assert outcome.status is Status.MATCHED, outcome
    assert work.type is WorkType.PAPER_CONFERENCE and work.arxiv_id == "2009.13752"


def test_a_biorxiv_preprint_and_its_journal_version(tmp_path):
    title = "title = {Single-cell atlas of the mouse brain}, author = {Doe, Jane and Roe, Richard}"
    listed = (
        "@misc{b, title = {Single-cell atlas of the mouse brain}, author = {Doe,"
        " Jane and others}, year = {2021}}\n"
    )
    both = (
        "@article{pre, "
        + title
        + ", journal = {bioRxiv}, year = {2021}, doi = {10.1101/2021.01.01.1}}\n"
        "@article{pub, "
        + title
        + ", journal = {Nature}, volume = {600}, pages = {1--9}, year = {2021},"
        " doi = {10.1038/s1}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, listed, both)
    assert outcome.status is Status.MATCHED, outcome
    assert (str(work.container_title), work.doi) == ("Nature", "10.1038/s1")


def test_an_exact_title_outranks_a_near_one(tmp_path):
    listed = "@misc{p, title={Scubed at 3C task A}, author={Kumar, Ankit}, year=2021}\n"
    exact = (
        "@inproceedings{a, title={Scubed at 3C task A}, author={Kumar, Ankit}, year=2021,"
        " pages={1--5}, booktitle={SDP}}\n"
    )
    near = (
        "@inproceedings{b, title={Scubed at 3C task A.}, author={Kumar, Ankit}, year=2021,"
        " pages={6--9}, booktitle={SDP}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, listed, exact + near)
    assert outcome.status is Status.AMBIGUOUS  # the same title twice, on other pages: two papers
    other = (
        "@inproceedings{c, title={Scubed at 3C task B}, author={Kumar, Ankit}, year=2021,"
        " pages={6--9}, booktitle={SDP}}\n"
    )
    work, outcome = _bib_enrich(tmp_path, listed, exact + other)
    assert outcome.status is Status.MATCHED and work.pages == "1–5"
