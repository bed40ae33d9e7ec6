"""catalog.markup.formula_problems: the formulas a note cannot show as
written, and the public rendering of those formulas."""

import pytest

from catalog.markup import formula_problems, render_markdown

BROKEN = [
    ("\\frac{a", "a { is never closed"),
    ("\\foo{x}", "\\foo is not a command the renderer knows"),
    ("\\frac{a}", "\\frac (or \\dfrac, \\binom) needs two arguments"),
    ("x^", "a ^ or _ has nothing after it"),
    ("a } b", "a } closes nothing"),
    ("a & b", "& only separates columns"),
]


@pytest.mark.parametrize(("tex", "reason"), BROKEN)
def test_each_broken_inline_formula_is_listed_with_its_reason(tex, reason):
    problems = formula_problems(f"The loss ${tex}$ is small.")

    assert [problem.tex for problem in problems] == [tex]
    assert reason in problems[0].reason


def test_an_unsupported_environment_is_named():
    source = "$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$"

    (problem,) = formula_problems(source)

    assert problem.tex.startswith("\\begin{aligned}")
    assert "the environment “aligned” is not supported" in problem.reason
    assert "align*" in problem.reason


def test_good_formulas_have_no_problems():
    source = (
        "With $\\frac{a}{b}$, $\\|W\\|_F$, $a \\& b$, \\(\\mathbb{E}[x]\\) and\n\n"
        "$$\n\\begin{align*} a &= b \\\\ c &= d \\end{align*}\n$$\n\n"
        "$$\n\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}\n$$\n\n"
        "It costs $5 and `$\\foo$` is code."
    )

    assert formula_problems(source) == []
    assert "math-error" not in render_markdown(source)


def test_problems_come_in_order_once_each_from_every_kind_of_math():
    source = (
        "First $\\foo$, then \\(\\frac{a\\), again $\\foo$.\n\n"
        "- in a list: $x^$\n\n"
        "$$\n\\bar{\n$$\n"
    )

    assert [p.tex for p in formula_problems(source)] == [
        "\\foo",
        "\\frac{a",
        "x^",
        "\\bar{",
    ]


def test_the_page_shows_a_broken_formula_as_marked_tex_with_the_reason():
    html = render_markdown("The loss $\\foo{x}$ is small.")

    assert "<math" not in html
    assert '<code class="math-error" title="Formula not shown: \\foo is not a' in html
    assert ">\\foo{x}</code>" in html


def test_a_formula_latex2mathml_half_converts_is_not_shown_as_mathml():
    # latex2mathml turns \frac{a into a fraction with no denominator, and the
    # aligned environment into one row with its & as text.
    unclosed = render_markdown("$\\frac{a$")
    aligned = render_markdown("$$\n\\begin{aligned} a &= b \\end{aligned}\n$$")

    assert "<mfrac" not in unclosed and 'class="math-error"' in unclosed
    assert "<mi>&amp;</mi>" not in aligned and 'class="math-error"' in aligned
