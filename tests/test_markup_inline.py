"""Titles, plain text and search snippets: text with TeX math that is not a
note's Markdown (catalog.markup.inline, plain_text)."""

import re

import pytest

from catalog.markup import (
    math_segments,
    plain_text,
    plain_title,
    render_inline_title,
    render_snippet,
)

TEX = '<annotation encoding="application/x-tex">'


def tex_of(html: str) -> list[str]:
    return re.findall(f"{TEX}(.*?)</annotation>", html)


def test_title_math_becomes_inline_mathml_and_the_rest_escaped_text():
    html = render_inline_title("Online $\\ell_p$-Calibration <for> A & B")

    assert html.startswith("Online <math ")
    assert 'display="inline"' in html
    assert tex_of(html) == ["\\ell_p"]
    assert html.endswith("</math>-Calibration &lt;for&gt; A &amp; B")


def test_title_is_not_markdown():
    title = "*Not* emphasis, [not](a-link) and 1. not a list # nor heading"

    assert render_inline_title(title) == title.replace("&", "&amp;")
    assert plain_title(title) == title


def test_title_display_math_is_shown_inline():
    html = render_inline_title("$$\\mathbf{X}^{2}$$: Scaling")

    assert 'display="inline"' in html
    assert 'display="block"' not in html


@pytest.mark.parametrize(
    ("title", "plain"),
    [
        ("Online $\\ell_p$-Calibration", "Online ℓₚ-Calibration"),
        ("$\\mathbf{X}^{2}$: Cross Scaling", "𝐗²: Cross Scaling"),
        ("Same $(\\varepsilon,\\delta)$-DP", "Same (ε,δ)-DP"),
        ("A 10$\\times$ Speed-up", "A 10× Speed-up"),
        ("$E = mc^2$ again", "E = mc² again"),
        ("Rates $O(1/\\sqrt{T})$", "Rates O(1/√T)"),
        ("Norms $\\|W\\|_F$", "Norms ‖W‖_F"),
        ("Worth \\$20 (in $/MWh)", "Worth $20 (in $/MWh)"),
        ("\\(x_{ij}\\) bracket math", "xᵢⱼ bracket math"),
        ("Broken $\\frac{$ formula", "Broken \\frac{ formula"),
    ],
)
def test_plain_title_reads_math_as_unicode(title, plain):
    assert plain_title(title) == plain
    assert "$" not in plain.replace("$20", "").replace("$/MWh", "")


def test_math_segments_keep_the_tex_for_bibtex():
    assert math_segments("Online $\\ell_p$-Calibration for $k$ arms") == [
        (False, "Online "),
        (True, "\\ell_p"),
        (False, "-Calibration for "),
        (True, "k"),
        (False, " arms"),
    ]
    assert math_segments("No math at $5 or $6") == [(False, "No math at $5 or $6")]


def test_plain_text_of_a_summary_drops_markup_and_reads_math():
    summary = (
        "Proposes **CROW**, which bounds the leak at $(\\varepsilon,\\delta)$ "
        "for \\$20\n(measured in $/MWh), with `code` and [a link](x.md).\n\n"
        "Second paragraph."
    )

    assert plain_text(summary) == (
        "Proposes CROW, which bounds the leak at (ε,δ) for $20 (measured in "
        "$/MWh), with code and a link. Second paragraph."
    )


def test_snippet_marks_words_and_typesets_whole_formulas():
    text = "the \x02bound\x03 is $(\\varepsilon,\x02\\delta\x03)$ for <b> users"

    html = render_snippet(text, "\x02", "\x03")

    assert html.startswith("the <mark>bound</mark> is <mark><math ")
    assert tex_of(html) == ["(\\varepsilon,\\delta)"]
    assert html.endswith("</math></mark> for &lt;b&gt; users")
    assert "\x02" not in html and "\x03" not in html


def test_snippet_cut_inside_a_formula_shows_the_rest_as_text():
    html = render_snippet("…_p$-Calibration \x02works\x03", "\x02", "\x03")

    assert html == "…_p$-Calibration <mark>works</mark>"
