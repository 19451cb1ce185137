"""Running the real TeX tools on written .bib files, for the oracle tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import require_tool

BIBLATEX_DOCUMENT = r"""\documentclass{article}
%(packages)s
\usepackage[backend=biber,style=%(style)s]{biblatex}
\addbibresource{refs.bib}
%(extra)s
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""
# Print the fields standard styles leave out, so that their LaTeX is typeset too.
EVERY_FIELD = (
    r"\renewbibmacro*{finentry}{\newunit\printfield{abstract}\newunit\printfield{annotation}"
    r"\finentry}"
)
BIBTEX_DOCUMENT = r"""\documentclass{article}
%(packages)s
\begin{document}
\nocite{*}
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    require_tool(command[0])
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, errors="replace", check=False, timeout=300
    )


def bibtex_plain(bib: str, directory: Path) -> subprocess.CompletedProcess[str]:
    (directory / "refs.bib").write_text(bib, encoding="utf-8")
    (directory / "t.aux").write_text(
        "\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8"
    )
    return run(["bibtex", "t"], directory)


_BIBITEM = re.compile(rb"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}")


def bibtex_cited_keys(bib: bytes, directory: Path, encoding: str = "utf-8") -> list[str]:
    """The keys of the entries the real bibtex puts in its .bbl for ``\\nocite{*}``: the
    entries BibTeX itself keeps. ``bib`` is given as bytes, as bibtex reads them."""
    (directory / "refs.bib").write_bytes(bib)
    (directory / "t.aux").write_text(
        "\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8"
    )
    run(["bibtex", "t"], directory)
    bbl = directory / "t.bbl"
    found = _BIBITEM.findall(bbl.read_bytes()) if bbl.exists() else []
    return [key.decode(encoding, errors="replace") for key in found]


def biber_validate(bib: str, directory: Path) -> subprocess.CompletedProcess[str]:
    (directory / "refs.bib").write_text(bib, encoding="utf-8")
    return run(["biber", "--tool", "--validate-datamodel", "refs.bib"], directory)


def compile_document(
    bib: str,
    directory: Path,
    *,
    biblatex: bool,
    style: str | None = None,
    packages: str = "",
    every_field: bool = False,
) -> str:
    """Compile a document citing every entry (bibtex's ``plain`` or biblatex's ``numeric``
    style unless given); return pdflatex's last log."""
    (directory / "refs.bib").write_text(bib, encoding="utf-8")
    if biblatex:
        document = BIBLATEX_DOCUMENT % {
            "style": style or "numeric",
            "packages": packages,
            "extra": EVERY_FIELD if every_field else "",
        }
    else:
        document = BIBTEX_DOCUMENT % {"style": style or "plain", "packages": packages}
    (directory / "doc.tex").write_text(document, encoding="utf-8")
    pdflatex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"]
    first = run(pdflatex, directory)
    assert first.returncode == 0, first.stdout[-3000:]
    processor = run(["biber", "doc"] if biblatex else ["bibtex", "doc"], directory)
    assert processor.returncode == 0, processor.stdout[-3000:]
    for _ in range(2):
        result = run(pdflatex, directory)
        assert result.returncode == 0, result.stdout[-3000:]
    assert (directory / "doc.pdf").exists()
    return (directory / "doc.log").read_text(encoding="utf-8", errors="replace")


def pdf_text(directory: Path) -> str:
    """The compiled document's text, as a reader sees it (pdftotext)."""
    result = run(["pdftotext", "-enc", "UTF-8", "doc.pdf", "-"], directory)
    assert result.returncode == 0, result.stderr
    return result.stdout
