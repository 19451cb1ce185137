"""The LaTeX reader's list of the commands pylatexenc knows, against pylatexenc itself."""

from __future__ import annotations

import subprocess
import sys

from pylatexenc.latex2text import get_default_latex_context_db

from pubkit.markup import latex_parse
from pubkit.model.text import Kind


def test_the_shipped_list_is_what_the_installed_pylatexenc_knows() -> None:
    database = get_default_latex_context_db()
    known = {name for category in database.category_list for name in database.d[category]["macros"]}
    listed = latex_parse._pylatexenc_commands()
    # Regenerate src/pubkit/data/pylatexenc-commands.txt when pylatexenc's tables change.
    assert listed == known
    assert all(database.get_macro_spec(name) is not None for name in listed)


def test_a_command_pylatexenc_decodes_is_read_and_an_unknown_one_kept() -> None:
    text = latex_parse.parse_latex(r"\textdegree C and \method, \# 1", latex_parse.Dialect.BIBTEX)
    assert str(text) == "°C and \\method, # 1"
    assert [c.text for c in text.chunks if c.kind is Kind.COMMAND] == ["\\method"]


def test_reading_a_value_with_an_unknown_command_does_not_load_pylatexenc() -> None:
    script = (
        "import sys\n"
        "from pubkit.markup.latex_parse import Dialect, parse_latex\n"
        "parse_latex(r'Adam and \\method{} converge', Dialect.LISTING)\n"
        "print(any(name.startswith('pylatexenc') for name in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "False"


def test_a_listed_command_the_installed_pylatexenc_lacks_is_kept(monkeypatch) -> None:
    # pylatexenc 2.10 has no \ensuremath, which the list (from 2.11) names.
    monkeypatch.setattr(latex_parse, "_in_pylatexenc", lambda name: name != "ensuremath")
    latex_parse.parse_latex.cache_clear()
    try:
        text = latex_parse.parse_latex(r"Bound \ensuremath x", latex_parse.Dialect.BIBTEX)
    finally:
        latex_parse.parse_latex.cache_clear()
    assert str(text) == "Bound \\ensuremath x"
    assert [c.text for c in text.chunks if c.kind is Kind.COMMAND] == ["\\ensuremath"]
