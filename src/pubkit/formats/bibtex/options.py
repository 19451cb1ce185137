"""The BibTeX and BibLaTeX writers' options."""

from __future__ import annotations

import attrs

from pubkit.formats.options import option, split_names


@attrs.frozen
class Options:
    """``ascii``: write non-ASCII characters as LaTeX commands. ``omit``: field names to leave
    out (``{"abstract"}`` or ``"abstract,keywords"``). ``code_in_note``: the code repository
    in ``note``, which styles print, instead of ``annote``, which they do not."""

    ascii: bool = option(False, 'BibTeX: write non-ASCII characters as LaTeX commands ({\\"u})')
    omit: frozenset[str] = option(
        frozenset(),
        "BibTeX: leave out these fields (e.g. abstract)",
        metavar="FIELD,...",
        converter=split_names,
    )
    code_in_note: bool = option(
        False, "BibTeX: put the code repository in note, printed in reference lists"
    )
