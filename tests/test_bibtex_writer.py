"""The BibTeX and BibLaTeX writers: goldens, escaping, case protection, names, dates, keys."""

from __future__ import annotations

import json
import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pubkit
from pubkit import Chunk, Date, Kind, Mark, Person, Text, Work, WorkType
from pubkit.formats.bibtex.latex import LatexWriter
from pubkit.formats.bibtex.names import bibtex_name, bibtex_names
from pubkit.markup.latex_parse import parse_latex

from conftest import FIXTURES, SEED

WRITTEN = FIXTURES / "bibtex" / "written"
GOLDEN_INPUTS = [SEED, FIXTURES / "listing" / "valid" / "special-characters.txt"]


@pytest.mark.parametrize("path", GOLDEN_INPUTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_golden(path: Path, dialect, golden):
    library = pubkit.load(path)
    written = pubkit.write(library, dialect)
    suffix = ".bib" if dialect == "bibtex" else ".biblatex.bib"
    golden(written.text, WRITTEN / (path.stem + suffix))
    # A listing names no DOI, arXiv id or URL: each work is reported, and nothing else.
    assert [(d.code, d.key) for d in written.diagnostics] == [
        ("no-locator", work.key) for work in library.works
    ]


def test_output_is_deterministic_and_ends_with_a_newline():
    library = pubkit.load(SEED)
    first = pubkit.dumps(library, "bibtex")
    assert first == pubkit.dumps(pubkit.load(SEED), "bibtex")
    assert first.endswith("}\n")
    assert "\r" not in first


def _field(bib: str, name: str) -> str:
    """A field's value as written (one line, or several up to the closing brace)."""
    match = re.search(rf"^  {name} = (.*?),?$(?=\n  \w+ = |\n}}$)", bib, re.M | re.S)
    if match is None:
        raise AssertionError(f"no {name} field in:\n{bib}")
    return match.group(1)


def _bib(work: Work, dialect: str = "bibtex", **options) -> str:
    return pubkit.dumps([attrs_evolve_key(work)], dialect, **options)


def attrs_evolve_key(work: Work) -> Work:
    import attrs

    return work if work.key else attrs.evolve(work, key="k")


# --- escaping ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("a & b", r"a \& b"),
        ("100%", r"100\%"),
        ("$5", r"\$5"),
        ("C#", r"C\#"),
        ("snake_case", r"snake\_case"),
        ("{x}", r"\textbraceleft{}x\textbraceright{}"),
        ("a ~ b", r"a \textasciitilde{} b"),
        ("x^2", r"x\textasciicircum{}2"),
        ("back\\slash", r"back\textbackslash{}slash"),
        ("<a|b>", r"\textless{}a\textbar{}b\textgreater{}"),
        ("--flag", r"-{}-flag"),
        ("‘q’ “d” …", "‘q’ “d” …"),  # read back alike by pandoc, citation-js and biber
        ("a–b—c", "a--b---c"),
        ("no\u00a0break", "no~break"),
        ("Müller Straße", "Müller Straße"),
        # ASCII runs beside other characters: escaped alike, ligatures and accents included
        ("Gödel's 50% -- “Straße” & Co.", "Gödel's 50\\% -{}- “Straße” \\& Co."),
        ("José M. Díaz_{1}", r"José M. Díaz\_\textbraceleft{}1\textbraceright{}"),
        ("x\u2009y–z", r"x\,y--z"),
        ("Ma\u0308rz", "März"),  # a combining accent on the run's last letter
        ("--\u0301x", "-{}-\u0301x"),  # a ligature across the end of a run
    ],
)
def test_escape_plain_text(text, latex):
    assert LatexWriter().escape(text) == latex


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("Müller", r"M{\"u}ller"),
        ("Šnajder", r"{\v{S}}najder"),
        ("José", r"Jos{\'e}"),
        ("Straße", r"Stra{\ss}e"),
        ("Łukasz", r"{\L}ukasz"),
        ("Nguyễn", r"Nguy{\~{\^{e}}}n"),
        (
            "‘q’ “d” …",
            r"\textquoteleft{}q\textquoteright{} \textquotedblleft{}d\textquotedblright{} \ldots{}",
        ),
        ("a\u2006b c\u2003d", r"a\,b c d"),
    ],
)
def test_ascii_mode_braces_accents_for_bibtex(text, latex):
    assert LatexWriter(ascii=True).escape(text) == latex


def test_lone_greek_letters_are_symbols_and_greek_words_stay_text():
    writer = LatexWriter()
    assert writer.escape("α-helix") == r"{\ensuremath{\alpha}}-helix"
    assert writer.escape("Παπαδόπουλος") == "Παπαδόπουλος"


def test_latex_from_the_source_passes_through_without_double_escaping():
    text = parse_latex(r"\emph{Angle-Calibrated} (\method) at 10.4\% of $\tilde{O}(T^{-1/2})$")
    writer = LatexWriter()
    assert (
        writer.text(text) == r"\emph{Angle-Calibrated} (\method) at 10.4\% of $\tilde{O}(T^{-1/2})$"
    )
    assert writer.commands == {r"\method": 0}


def test_unknown_command_keeps_the_following_space():
    writer = LatexWriter()
    assert (
        writer.text(parse_latex(r"shows that \method is able")) == r"shows that \method{} is able"
    )


def test_stray_braces_and_dollars_cannot_break_the_file():
    text = parse_latex("a stray } brace, a { brace and $5")
    latex = LatexWriter().text(text)
    assert latex == r"a stray \textbraceright{} brace, a \textbraceleft{} brace and \$5"


def test_range_tilde_is_a_tilde_not_a_space():
    assert LatexWriter().text(parse_latex("1.5~8.6")) == r"1.5\textasciitilde{}8.6"


def test_math_non_ascii_becomes_commands_and_titles_brace_math():
    text = Text((Chunk("an "), Chunk("ε", Kind.MATH), Chunk("-net")))
    assert LatexWriter().text(text, title=True) == r"an {${\varepsilon}$}-net"
    assert LatexWriter().text(text) == r"an ${\varepsilon}$-net"


def test_math_with_unbalanced_braces_is_written_as_text_and_reported():
    writer = LatexWriter(key="k")
    latex = writer.text(Text((Chunk(r"x^{2", Kind.MATH),)))
    assert "$" not in latex
    assert [p.code for p in writer.problems] == ["math-as-text"]


def test_marks_nest_into_commands():
    text = Text(
        (
            Chunk("a ", marks={Mark.ITALIC}),
            Chunk("BERT", marks={Mark.ITALIC, Mark.NOCASE}),
            Chunk(" b", marks={Mark.BOLD}),
            Chunk("2", marks={Mark.SUB}),
        )
    )
    assert LatexWriter().text(text) == r"\emph{a {BERT}}\textbf{ b}\textsubscript{2}"


# --- case protection ----------------------------------------------------------------------------


def test_titles_protect_acronyms_and_inner_capitals_only():
    library = pubkit.load(SEED)
    bib = pubkit.dumps(library, "bibtex")
    assert "title = {{DeepSeek-R1}: Incentivizing Reasoning Capability in {LLMs} via" in bib
    assert "title = {{CodeI/O}: Condensing Reasoning Patterns" in bib
    assert "title = {Multimodal {ArXiv}: A Dataset" in bib
    assert "title = {Volctrans Parallel Corpus Filtering System for {WMT} 2020}" in bib
    assert "{{" not in _field(bib, "title").removeprefix("{{DeepSeek")
    assert "title = {Focus on the Target's Vocabulary:" in bib


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "written"),
    [
        (Person(given="Bart", particle="van", family="Merriënboer"), "van Merriënboer, Bart"),
        (Person(given="Martin Luther", family="King", suffix="Jr."), "King, Jr., Martin Luther"),
        (Person(literal="DeepSeek-AI"), "{DeepSeek-AI}"),
        (Person(literal="The Theano Development Team"), "{The Theano Development Team}"),
        (Person(literal="Barnes & Noble"), r"{Barnes \& Noble}"),
        (Person(given="danah", family="boyd"), "{boyd}, danah"),
        (Person(given="Anne", family="Smith and Jones"), "Smith {and} Jones, Anne"),
        (Person(family="Plato"), "Plato"),
        (Person(given="Cher"), "{Cher}"),
    ],
)
def test_bibtex_name(person, written):
    assert bibtex_name(person, LatexWriter()) == written


def test_et_al_becomes_and_others_never_a_person():
    names = bibtex_names([Person(given="A", family="B")], True, LatexWriter())
    assert names == "B, A and others"


# --- dates, types, fields ------------------------------------------------------------------


def test_bibtex_month_is_a_bare_macro_and_biblatex_uses_date():
    work = Work(title="T", issued=Date(2022, 4, 1))
    bib = _bib(work)
    assert _field(bib, "month") == "apr"
    assert _field(bib, "year") == "{2022}"
    assert _field(_bib(work, "biblatex"), "date") == "{2022-04-01}"
    assert "month" not in _bib(work, "biblatex")


def test_preprint_types_and_arxiv_fields():
    work = Work(title="T", arxiv_id="2203.02889", categories=("cs.CL",), issued=Date(2022))
    bib = _bib(work)
    assert bib.startswith("@misc{k,")
    assert _field(bib, "eprint") == "{2203.02889}"
    assert _field(bib, "archivePrefix") == "{arXiv}"
    assert _field(bib, "primaryClass") == "{cs.CL}"
    assert _field(bib, "doi") == "{10.48550/arXiv.2203.02889}"
    biblatex = _bib(work, "biblatex")
    assert biblatex.startswith("@misc{k,")
    assert "pubstate" not in biblatex  # a preprint exists; the paper may be published too
    assert _field(biblatex, "eprinttype") == "{arxiv}"
    assert _field(biblatex, "eprintclass") == "{cs.CL}"


def test_an_existing_doi_wins_over_the_arxiv_doi():
    work = Work(title="T", arxiv_id="2203.02889", doi="10.1000/xyz")
    assert _field(_bib(work), "doi") == "{10.1000/xyz}"


@pytest.mark.parametrize(
    ("work_type", "container", "bibtex", "biblatex", "field"),
    [
        (WorkType.ARTICLE, "Nature", "article", "article", "journal"),
        (WorkType.ARTICLE_JOURNAL, "Nature", "article", "article", "journal"),
        (WorkType.PAPER_CONFERENCE, "Proc. ACL", "inproceedings", "inproceedings", "booktitle"),
        (WorkType.CHAPTER, "A Book", "incollection", "incollection", "booktitle"),
        (WorkType.THESIS, None, "phdthesis", "thesis", None),
        (WorkType.WEBPAGE, None, "misc", "online", None),
    ],
)
def test_type_mapping(work_type, container, bibtex, biblatex, field):
    work = Work(type=work_type, title="T", container_title=container, url="https://x.org")
    assert _bib(work).startswith(f"@{bibtex}{{k,")
    assert _bib(work, "biblatex").startswith(f"@{biblatex}{{k,")
    if field:
        assert _field(_bib(work), field) == "{" + container + "}"


def test_code_links_and_affiliations_travel_in_annote_which_styles_do_not_print():
    work = Work(
        title="T",
        has_code=True,
        code_url="https://github.com/o/r_x",
        links=("https://o.github.io/r/",),
        affiliations=(pubkit.Affiliation("tamu", "Texas A&M University"), pubkit.Affiliation("zz")),
    )
    for dialect in ("bibtex", "biblatex"):
        bib = _bib(work, dialect)
        assert _field(bib, "annote") == (
            "{Code: \\url{https://github.com/o/r_x}\n"
            "Links: \\url{https://o.github.io/r/}\n"
            "Affiliations: Texas A\\&M University (tamu); zz}"
        )
        assert "note" not in re.findall(r"^  (\w+) =", bib, re.M)
        assert bib.startswith("@preamble{")  # the \url fallback for documents without url.sty
        assert pubkit.loads(bib, "bibtex").works[0].affiliations == work.affiliations


def test_code_in_note_prints_the_repository():
    work = Work(title="T", has_code=True, code_url="https://github.com/o/r", note="Oral.")
    bib = _bib(work, code_in_note=True)
    assert _field(bib, "note") == "{Oral. Code: \\url{https://github.com/o/r}}"
    assert "annote" not in bib
    back = pubkit.loads(bib, "bibtex").works[0]
    assert (str(back.note), back.has_code, back.code_url) == ("Oral.", True, work.code_url)


def test_omit_leaves_fields_out():
    work = Work(title="T", abstract="An abstract.", categories=("cs.CL",))
    bib = _bib(work, omit="abstract,keywords")
    assert "abstract" not in bib and "keywords" not in bib
    assert "title" in bib


def test_source_keys_are_kept_and_invalid_ones_replaced_with_a_warning():
    good = Work(key="Smith:2020-x", title="T")
    bad = Work(key="bad key{", title="U", authors=(Person(family="Doe"),))
    written = pubkit.write([good, bad], "bibtex")
    assert "@misc{Smith:2020-x," in written.text
    assert "@misc{doeu," in written.text
    assert [d.code for d in written.diagnostics if d.code != "no-locator"] == ["invalid-key"]


def test_pages_use_an_en_dash():
    assert _field(_bib(Work(title="T", pages="12-34")), "pages") == "{12--34}"
    assert _field(_bib(Work(title="T", pages="12–34")), "pages") == "{12--34}"


# --- what a demanding LaTeX user found --------------------------------------------------------


def test_percent_hash_and_ampersand_in_math_are_escaped():
    latex = LatexWriter().text(parse_latex(r"Gains of $5%$ for $#$params and $a & b$"), title=True)
    assert latex == r"Gains of {$5\%$} for {$\#$}params and {$a \& b$}"


def test_backslash_before_a_non_ascii_letter_does_not_crash():
    assert str(parse_latex(r"Caf\é Title \ª")) == "Café Title ª"


def test_unknown_commands_in_titles_are_braced_and_provided_with_their_arguments():
    work = Work(key="k", title=parse_latex(r"\OursNet: A \MethodName{} and \todo{fix}"))
    bib = pubkit.dumps([work], "bibtex")
    assert _field(bib, "title") == r"{{\OursNet}: A {\MethodName{}} and {\todo{fix}}}"
    # Printed as written, never as a word of its bare name.
    assert r'"\providecommand{\OursNet}{\textbackslash OursNet}"' in bib
    assert r'"\providecommand{\MethodName}{\textbackslash MethodName}"' in bib
    assert r'"\providecommand{\todo}[1]{#1}"' in bib


def test_latex_structure_reads_as_text_and_is_never_provided():
    work = Work(
        key="k", title="T", abstract=parse_latex(r"a \par b \begin{itemize}\item c\end{itemize}")
    )
    bib = pubkit.dumps([work], "bibtex")
    assert _field(bib, "abstract") == "{a b c}"
    assert "@preamble" not in bib


def test_biblatex_ascii_spells_accented_i_without_dotless_i():
    assert LatexWriter(ascii=True, stacked_accents=False).escape("María") == r"Mar{\'i}a"
    assert LatexWriter(ascii=True).escape("María") == r"Mar{\'\i}a"


def test_classic_bibtex_names_have_ascii_initials_for_abbreviating_styles():
    person = Person(given="Łukasz Élodie", family="Ångström")
    assert bibtex_name(person, LatexWriter(), ascii_initials=True) == (
        r"{\r{A}}ngström, {\L}ukasz {\'E}lodie"
    )
    assert bibtex_name(person, LatexWriter()) == "Ångström, Łukasz Élodie"


def test_url_and_doi_fields_keep_percent_and_hash():
    work = Work(title="T", url="https://github.com/o/r%20x#readme")
    assert _field(_bib(work), "url") == "{https://github.com/o/r%20x#readme}"


def test_math_signs_get_math_spellings():
    latex = LatexWriter().text(Text((Chunk("x × y → 30° µ ℝ 𝒪", Kind.MATH),)))
    assert latex == r"$x {\times} y {\rightarrow} 30{^{\circ}} {\mu} {\mathbf{R}} {\mathcal{O}}$"


def test_letters_latex_leaves_undefined_are_not_kept_as_utf8():
    assert LatexWriter().escape("Ħal") == "Ħal"  # no sane spelling: kept (with --ascii, reported)
    writer = LatexWriter(ascii=True, key="k")
    writer.escape("ŉ")
    assert [d.code for d in writer.kept_characters()] == ["non-ascii-kept"]


def test_keys_differing_only_in_case_are_not_both_used():
    works = [Work(key="Chen2022focus", title="A"), Work(key="chen2022focus", title="B")]
    written = pubkit.write(works, "bibtex")
    # The same key to BibTeX, wherever it is found: the later one is renamed, reported.
    assert [d.code for d in written.diagnostics if d.code != "no-locator"] == ["duplicate-key"]
    assert written.text.count("@misc{") == 2
    assert "@misc{chen2022focus," not in written.text


def test_generated_keys_avoid_source_keys_whatever_their_case():
    from pubkit.keys import assign_keys

    works = [
        Work(key="Chen2022Focus", title="X"),
        Work(title="Focus", authors=(Person(family="Chen"),), issued=Date(2022)),
    ]
    assert assign_keys(works)[1].key == "chen2022focusa"


@pytest.mark.parametrize(
    ("work_type", "bibtex_field", "biblatex_field"),
    [
        (WorkType.THESIS, "school", "institution"),
        (WorkType.REPORT, "institution", "institution"),
        (WorkType.BOOK, "publisher", "publisher"),
    ],
)
def test_publisher_goes_where_the_type_wants_it(work_type, bibtex_field, biblatex_field):
    work = Work(type=work_type, title="T", publisher="MIT")
    assert _field(_bib(work), bibtex_field) == "{MIT}"
    assert _field(_bib(work, "biblatex"), biblatex_field) == "{MIT}"


def test_single_capitals_are_protected_but_not_the_article():
    from pubkit.markup.casing import protect_case

    title = protect_case(parse_latex("How I Learned C++ and R for Q-Learning: A Survey"))
    assert LatexWriter().text(title, title=True) == (
        "How {I} Learned {C++} and {R} for {Q-Learning}: A Survey"
    )


@settings(max_examples=500, deadline=None)
@given(
    before=st.sampled_from(["", "Why? ", "Ready! ", "x "]),
    text=st.text(alphabet="aAbBzZ09 -:!?'\"(),.+I\u00e9\u00c9", max_size=30),
)
def test_the_quick_check_for_words_to_protect_misses_none(before, text):
    """ASCII text the quick check passes over gets what the pass over every word gives."""
    from pubkit.markup import casing

    chunks = [Chunk(part, Kind.TEXT) for part in (before, text) if part]
    quick = casing.protect_case(Text(tuple(chunks)))
    every_text = re.compile("")  # matches anything: every text is read word by word
    with mock.patch.object(casing, "_MAYBE_PROTECTED", every_text):
        assert casing.protect_case(Text(tuple(chunks))) == quick


def test_braces_in_a_listing_title_protect_case():
    assert LatexWriter().text(parse_latex("{Transformer} Models"), title=True) == (
        "{Transformer} Models"
    )


def test_page_ranges_with_hyphens_inside():
    assert _field(_bib(Work(title="T", pages="A-1--A-9")), "pages") == "{A-1--A-9}"


def test_arxiv_preprints_show_their_id_in_classic_styles():
    work = Work(title="T", arxiv_id="2203.02889", issued=Date(2022))
    assert _field(_bib(work), "howpublished") == "{arXiv:2203.02889}"


def test_a_journal_article_without_a_journal_is_a_misc_that_no_style_warns_about(tmp_path):
    from bibtools import bibtex_plain

    work = Work(
        key="k", type=WorkType.ARTICLE_JOURNAL, title="T", arxiv_id="2303.08774",
        authors=(Person(family="Doe", given="Ann"),),
    )  # fmt: skip
    bib = _bib(work)
    assert bib.split("@misc{k,")[1:]  # @article would need a journal
    result = bibtex_plain(bib, tmp_path)
    assert "Warning--" not in result.stdout, result.stdout
    assert pubkit.loads(bib, "bibtex").works[0].type is WorkType.ARTICLE  # the arXiv id shows it


def test_a_key_bibtex_accepts_is_kept_and_one_biber_refuses_is_replaced_for_biber(tmp_path):
    from bibtools import bibtex_plain

    work = Work(key="o'brien:x", title="T", authors=(Person(family="Doe", given="Ann"),))
    bib = pubkit.write([work], "bibtex")
    assert bib.text.startswith("@misc{o'brien:x,")
    assert [d.code for d in bib.diagnostics] == ["no-locator"]
    result = bibtex_plain(bib.text, tmp_path)  # \citation{*}: BibTeX reads the key
    assert result.returncode == 0 and "Warning--" not in result.stdout
    biblatex = pubkit.write([work], "biblatex")
    assert [d.code for d in biblatex.diagnostics] == ["invalid-key", "no-locator"]
    assert "biber cannot take" in biblatex.diagnostics[0].message


def test_a_group_opened_by_an_unknown_command_keeps_its_scope_and_is_a_fixed_point():
    source = (
        r"@book{a, title = {The {\foo Bar} and {{\OursNet}}},"
        r' abstract = "{{\booktitle{Handbook}} gives {\foo Bar} advice}"}'
    )
    once = pubkit.dumps(pubkit.loads(source, "bibtex"), "bibtex")
    # `\foo` may switch something on for the rest of its group: the group stays whole.
    assert _field(once, "title") == r"{The {{\foo Bar}} and {\OursNet}}"
    assert r"{\foo Bar} advice" in _field(once, "abstract")
    assert pubkit.dumps(pubkit.loads(once, "bibtex"), "bibtex") == once
    csl = json.loads(pubkit.dumps(pubkit.loads(source, "bibtex"), "csl-json"))[0]
    assert csl["abstract"] == "Handbook gives Bar advice"
    assert csl["title"] == 'The Bar and <span class="nocase">\\OursNet</span>'


def test_bib_to_bib_keeps_the_fields_plain_bst_prints():
    source = (
        "@standard{s, title = {T}, institution = {IEEE}, year = 2000}\n"
        "@misc{u, title = {T}, howpublished = {\\url{https://x.org/a_b}}}\n"
        "@misc{m, title = {T}, howpublished = {Handed out at O'Hare}}\n"
        "@manual{n, title = {T}, organization = {Adobe}}\n"
        "@proceedings{p, title = {T}, organization = {ACM}, year = 2000}\n"
        "@electronic{e, title = {T}, howpublished = {Internet draft}}\n"
    )
    library = pubkit.loads(source, "bibtex")
    assert [w.publisher for w in library.works] == [
        "IEEE",
        None,
        "Handed out at O'Hare",
        "Adobe",
        "ACM",  # plain.bst prints the organization where the publisher would be
        "Internet draft",
    ]
    assert library.works[1].url == "https://x.org/a_b"
    once = pubkit.dumps(library, "bibtex")
    assert "institution = {IEEE}" in once and "organization = {Adobe}" in once
    assert "organization = {ACM}" in once and "publisher" not in once
    assert "howpublished = {Internet draft}" in once
    assert "howpublished = {\\url{https://x.org/a_b}}" in once  # plain.bst prints no url
    assert "howpublished = {Handed out at O'Hare}" in once
    assert pubkit.dumps(pubkit.loads(once, "bibtex"), "bibtex") == once


@pytest.mark.parametrize(
    ("fmt", "option"), [("bibtex", "ascii"), ("bibtex", "code_in_note"), ("ris", "bom")]
)
def test_a_switch_takes_true_or_false_only(fmt, option):
    """`ascii="no"` is truthy: taken as it is, it would turn the switch on."""
    library = pubkit.loads("@misc{k, title={Caf\u00e9}}", "bibtex")
    for value in ("no", 1, None):
        with pytest.raises(pubkit.OptionError, match=f"{option} must be True or False"):
            pubkit.dumps(library, fmt, **{option: value})
    assert pubkit.dumps(library, fmt, **{option: False}) == pubkit.dumps(library, fmt)
