"""Markup in titles and abstracts: reading LaTeX into Text chunks, case protection, and
rendering chunks as plain text (LaTeX and other renderings live with the formats that use them)."""
