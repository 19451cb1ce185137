"""What LaTeX commands mean to pubkit's reader: marks, symbols, structure to drop.

Tables only; ``latex_parse.py`` scans with them.
"""

from __future__ import annotations

from pubkit.model.text import Mark

# Commands whose one argument gets a mark; None means the argument is plain text.
ARGUMENT_MARKS: dict[str, Mark | None] = {
    "emph": Mark.ITALIC,
    "textit": Mark.ITALIC,
    "textsl": Mark.ITALIC,
    "mathit": Mark.ITALIC,
    "textbf": Mark.BOLD,
    "mathbf": Mark.BOLD,
    "textsc": Mark.SMALLCAPS,
    "texttt": Mark.MONO,
    "mathtt": Mark.MONO,
    "textsuperscript": Mark.SUP,
    "textsubscript": Mark.SUB,
    "NoCaseChange": Mark.NOCASE,
    "textnormal": None,
    "textrm": None,
    "textsf": None,
    "textup": None,
    "textmd": None,
    "mathrm": None,
    "text": None,
    "mbox": None,
    "hbox": None,
    "ensuremath": None,
    "mkbibemph": Mark.ITALIC,
    "mkbibitalic": Mark.ITALIC,
    "mkbibbold": Mark.BOLD,
}
# Commands that put their argument in quotation marks (biblatex, csquotes).
QUOTING = {"mkbibquote", "enquote", "textquote"}
# Old-style declarations that mark the rest of their group: {\em ...}, {\bf ...}.
DECLARATION_MARKS: dict[str, Mark | None] = {
    "em": Mark.ITALIC,
    "it": Mark.ITALIC,
    "itshape": Mark.ITALIC,
    "sl": Mark.ITALIC,
    "slshape": Mark.ITALIC,
    "bf": Mark.BOLD,
    "bfseries": Mark.BOLD,
    "sc": Mark.SMALLCAPS,
    "scshape": Mark.SMALLCAPS,
    "tt": Mark.MONO,
    "ttfamily": Mark.MONO,
    "rm": None,
    "upshape": None,
    "normalfont": None,
    "relax": None,
    "protect": None,
}
# Commands that only matter to TeX's typesetting; they read as nothing.
IGNORED_SYMBOLS = {"/", "-", "@", "!", ")", "("}
SPACE_SYMBOLS = {" ", ",", ";", ":", "\\", "quad", "qquad", "enspace", "thinspace", "newline"}
# Structure, not text: a paragraph or item break reads as a space; the others as nothing.
BREAKS = {"par", "item", "linebreak", "newpage", "clearpage", "bigskip", "medskip", "smallskip"}
DROPPED = {"hline", "noindent", "centering", "raggedright", "maketitle", "indent"}
DROPPED_WITH_ARGUMENT = {"begin", "end", "label", "vspace", "hspace", "vskip", "hskip"}
LITERAL_SYMBOLS = set("%&_#${}")
ACCENTS = set("\"'`^~=.uvHcdbrkt")
# An accent over nothing (`\~{}`, common in URLs: `http://host/\~{}user`) is the character
# itself: LaTeX prints it alone, and the ASCII ones are what such text means.
ACCENTS_ALONE = {"~": "~", "^": "^", "'": "\u00b4", "`": "`", '"': "\u00a8", "=": "\u00af",
                 ".": "\u02d9"}  # fmt: skip
# Text symbols pylatexenc does not know (pubkit's BibTeX writer spells characters with them).
SYMBOLS = {
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textquotedbl": '"',
    "textunderscore": "_",
    "textdollar": "$",
    "textpercent": "%",
    "textampersand": "&",
    "S": "§",
    "P": "¶",
    "dag": "†",
    "ddag": "‡",
    "copyright": "©",
    "textcopyright": "©",
    "pounds": "£",
    "textsterling": "£",
    "euro": "€",
    "texteuro": "€",
    "textregistered": "®",
    "texttrademark": "™",
    # pylatexenc reads these as look-alikes (ˆ, ˜): the ASCII characters are what they spell.
    "textasciicircum": "^",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textasciigrave": "`",
    # Punctuation commands of LaTeX packages (extdash, hyphenat, ...): what they print.
    "slash": "/",
    "emdash": "—",
    "endash": "–",
    "hyphen": "-",
    "textellipsis": "…",
    "ldots": "…",
    "dots": "…",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
}
# Logos: typeset by their commands (kerned, lowered letters), which bib -> bib keeps; read as
# they are written in text.
LOGOS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2ε",
    "BibTeX": "BibTeX",
    "AmSTeX": "AMS-TeX",
    "AmS": "AMS",
    "MF": "Metafont",
    "MP": "MetaPost",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "ConTeXt": "ConTeXt",
    "eTeX": "ε-TeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
}
