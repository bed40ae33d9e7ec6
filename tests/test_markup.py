"""Tests for catalog.markup.render_markdown: Markdown, TeX math and sanitising."""

import re
from html.parser import HTMLParser

import pytest
from latex2mathml.converter import convert

from catalog.markup import render_markdown
from catalog.markup.sanitise import CLEANER

TEX = '<annotation encoding="application/x-tex">'


class _Elements(HTMLParser):
    """Collects every start tag with its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_inert(html: str) -> None:
    """No element, attribute or URL in ``html`` can run script or load content."""
    for tag, attrs in elements(html):
        assert tag not in {"script", "style", "svg", "iframe", "img", "object"}, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "src", "xlink:href", "srcdoc"}, html
            assert "javascript:" not in value.lower(), html
            if name == "href":
                assert tag == "a", html


def maths(html: str) -> list[dict[str, str]]:
    return [attrs for tag, attrs in elements(html) if tag == "math"]


# --- Markdown -------------------------------------------------------------------


@pytest.mark.parametrize("source", ["", "   \n\n  "])
def test_empty_source_gives_empty_string(source):
    assert render_markdown(source) == ""


def test_table_with_alignment_uses_align_not_style():
    html = render_markdown("| Model | Score |\n|:--|--:|\n| A | 0.91 |\n")

    assert '<thead>\n<tr>\n<th align="left">Model</th>' in html
    assert '<th align="right">Score</th>' in html
    assert '<tbody>\n<tr>\n<td align="left">A</td>\n<td align="right">0.91</td>' in html
    assert "style" not in html


def test_fenced_code_keeps_language_class_and_escapes_content():
    html = render_markdown("```python\ndef f(x):\n    return x < 1\n```\n")

    assert html == (
        '<pre><code class="language-python">def f(x):\n    return x &lt; 1\n'
        "</code></pre>\n"
    )


def test_mermaid_fence_is_shown_as_code():
    html = render_markdown("```mermaid\ngraph TD; A-->B\n```\n")

    assert html == (
        '<pre><code class="language-mermaid">graph TD; A--&gt;B\n</code></pre>\n'
    )


def test_lists_unordered_and_ordered_with_start():
    html = render_markdown("- one\n- two\n\n3. three\n4. four\n")

    assert html == (
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'
    )


def test_headings_are_left_as_is():
    assert render_markdown("# Title\n\n## Part *one*\n") == (
        "<h1>Title</h1>\n<h2>Part <em>one</em></h2>\n"
    )


def test_emphasis_strong_strikethrough_and_code_span():
    html = render_markdown("**bold** *italic* ~~gone~~ `x < y`")

    assert html == (
        "<p><strong>bold</strong> <em>italic</em> <s>gone</s> "
        "<code>x &lt; y</code></p>\n"
    )


def test_links_get_rel_and_relative_urls_pass_through():
    html = render_markdown(
        "[note](../x.md) "
        '[site](https://example.org/a?b=1 "Site") '
        "[mail](mailto:a@b.org)"
    )

    assert '<a href="../x.md" rel="nofollow noopener">note</a>' in html
    assert (
        '<a href="https://example.org/a?b=1" title="Site" rel="nofollow noopener">'
        "site</a>"
    ) in html
    assert '<a href="mailto:a@b.org" rel="nofollow noopener">mail</a>' in html


def test_escaped_brackets_in_link_text_render_as_a_link():
    html = render_markdown("[\\[ICLR 2026\\] Title](../x.md)")

    assert (
        html
        == '<p><a href="../x.md" rel="nofollow noopener">[ICLR 2026] Title</a></p>\n'
    )


def test_image_becomes_a_link_with_its_alt_text():
    html = render_markdown("![Figure *1*](https://example.org/fig.png)")

    assert html == (
        '<p><a href="https://example.org/fig.png" rel="nofollow noopener">'
        "Figure 1</a></p>\n"
    )


# --- Math -----------------------------------------------------------------------


def test_inline_dollar_math_becomes_inline_mathml_with_tex_annotation():
    html = render_markdown("Energy $E = mc^2$ here.")

    assert html.startswith('<p>Energy <math xmlns="http://www.w3.org/1998/Math/MathML"')
    assert maths(html) == [
        {"xmlns": "http://www.w3.org/1998/Math/MathML", "display": "inline"}
    ]
    assert "<semantics><mrow><mi>E</mi><mo>=</mo><mi>m</mi>" in html
    assert "<msup><mi>c</mi><mn>2</mn></msup>" in html
    assert f"{TEX}E = mc^2</annotation></semantics></math> here.</p>" in html


def test_inline_paren_math_becomes_inline_mathml():
    html = render_markdown("Angle \\(\\alpha + 1\\) is small.")

    assert [m["display"] for m in maths(html)] == ["inline"]
    assert "<mi>α</mi><mo>+</mo><mn>1</mn>" in html
    assert f"{TEX}\\alpha + 1</annotation>" in html
    assert "\\(" not in html


def test_display_dollar_block_becomes_block_mathml_outside_paragraph():
    html = render_markdown("Before.\n\n$$\n\\frac{a}{b}\n$$\n\nAfter.")

    assert [m["display"] for m in maths(html)] == ["block"]
    assert "</p>\n<math " in html
    assert "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>" in html
    assert (
        f"{TEX}\\frac{{a}}{{b}}</annotation></semantics></math>\n<p>After.</p>" in html
    )


def test_double_dollar_inside_a_paragraph_is_display_math():
    html = render_markdown("so $$x = 1$$ holds")

    assert [m["display"] for m in maths(html)] == ["block"]
    assert f"{TEX}x = 1</annotation>" in html


@pytest.mark.parametrize(
    "source",
    [
        "\\[ \\sum_i x_i \\]",
        "The loss\n\\[ \\sum_i x_i \\]\nis bounded.",
        "\\[\n\\sum_i x_i\n\\]",
    ],
)
def test_bracket_display_math_becomes_block_mathml(source):
    html = render_markdown(source)

    assert [m["display"] for m in maths(html)] == ["block"]
    assert "<munder><mo>∑</mo><mi>i</mi></munder>" in html
    assert f"{TEX}\\sum_i x_i</annotation>" in html


def test_escaped_brackets_mid_line_are_not_display_math():
    html = render_markdown("as shown in \\[Smith 2020\\]\nand \\[a\\] b")

    assert html == "<p>as shown in [Smith 2020]\nand [a] b</p>\n"


def test_display_math_cannot_swallow_blank_lines():
    html = render_markdown("$$\n\nA paragraph.\n\n$$")

    assert html == "<p>$$</p>\n<p>A paragraph.</p>\n<p>$$</p>\n"


@pytest.mark.parametrize(
    ("source", "tex"),
    [
        ("$(ε,δ)$-DP", "(ε,δ)"),
        ("$\\|RW\\|_F = \\|W\\|_F$", "\\|RW\\|_F = \\|W\\|_F"),
        ("$\\kappa_2(RW)$", "\\kappa_2(RW)"),
        ("\\(10^6\\times\\)", "10^6\\times"),
        ("\\(O(\\sqrt{T/m})\\)", "O(\\sqrt{T/m})"),
        ("\\(34.5\\%\\)", "34.5\\%"),
        ("$ε \\in \\{1, 2, 4, 8, 16\\}$", "ε \\in \\{1, 2, 4, 8, 16\\}"),
        ("$\\text{ACR}(s) = |s| / |p^*|$", "\\text{ACR}(s) = |s| / |p^*|"),
    ],
)
def test_corpus_formulas_render_with_their_tex(source, tex):
    html = render_markdown(f"Result: {source}.")

    assert len(maths(html)) == 1
    assert f"{TEX}{tex}</annotation>" in html
    assert "math-error" not in html


def test_greek_and_norms_come_out_as_characters():
    html = render_markdown("$ε \\in \\|W\\|$ and $\\kappa$")

    assert "<mi>ε</mi><mo>∈</mo>" in html
    assert '<mo fence="false" stretchy="false">‖</mo>' in html
    assert "<mi>κ</mi>" in html


def test_markup_characters_in_tex_stay_text():
    html = render_markdown("$a<b$ and $\\text{<b>bold</b>}$")

    assert "<mi>a</mi><mo>&lt;</mo><mi>b</mi>" in html
    assert f"{TEX}a&lt;b</annotation>" in html
    assert "<mtext>&lt;b&gt;bold&lt;/b&gt;</mtext>" in html
    assert "b" not in [tag for tag, _ in elements(html)]


@pytest.mark.parametrize(
    "source",
    [
        "(measured in $/MWh)",
        "at a cost of only $0.88/million tokens",
        "$5 and $10",
        "between $5-$10 a month, or $20",
        "it costs $ 5 and $ 10",
        "priced at 5$ or 10$ each",
    ],
)
def test_currency_dollars_stay_text(source):
    assert render_markdown(source) == f"<p>{source}</p>\n"


@pytest.mark.parametrize(
    ("source", "tex", "text"),
    [
        # Next to digits and units, as real notes' table cells write them: the
        # source site typesets these (Arithmatex's smart dollar).
        ("$5$ms", ["5"], "ms"),
        ("10$\\times$ faster", ["\\times"], "10 faster"),
        ("3.2$\\times$", ["\\times"], "3.2"),
        ("Online $\\ell_p$-Calibration", ["\\ell_p"], "Online -Calibration"),
        # A closing $ before a digit closes a formula that is plainly TeX.
        ("1.5$\\times$10$^{-3}$", ["\\times", "^{-3}"], "1.510"),
        # The last character of the text is no digit "before" the first $.
        ("$x$ and 10", ["x"], " and 10"),
        ("costs \\$20 but $y$", ["y"], "costs $20 but "),
    ],
)
def test_math_next_to_digits_and_units(source, tex, text):
    html = render_markdown(source)

    assert re.findall(f"{TEX}(.*?)</annotation>", html) == tex
    assert re.sub("<math.*?</math>", "", html) == f"<p>{text}</p>\n"


def test_escaped_dollars_and_code_spans_are_not_math():
    html = render_markdown("\\$x\\$ and `$y$`")

    assert html == "<p>$x$ and <code>$y$</code></p>\n"


@pytest.mark.parametrize("tex", ["x^", "\\left(", "\\sqrt"])
def test_tex_that_latex2mathml_rejects_is_shown_as_code(tex):
    with pytest.raises(Exception):  # noqa: B017 - the point is that it really fails
        convert(tex)

    html = render_markdown(f"See \\({tex}\\) here.")

    assert html.startswith('<p>See <code class="math-error" title="Formula not shown: ')
    assert html.endswith(f'">{tex}</code> here.</p>\n')


def test_display_tex_that_fails_is_shown_as_code():
    html = render_markdown("$$\nx^\n$$")

    assert html == (
        '<code class="math-error" title="Formula not shown: a ^ or _ has nothing '
        'after it">x^</code>\n'
    )


# --- Sanitising -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        (
            '<a href="javascript:alert(1)">x</a>',
            '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;',
        ),
        ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
        ("<iframe src=//evil.example></iframe>", "&lt;iframe src=//evil.example&gt;"),
        (
            '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
            '&lt;math&gt;&lt;mi xlink:href="javascript:alert(1)"&gt;x&lt;/mi&gt;',
        ),
    ],
)
def test_raw_html_is_shown_as_text_never_parsed(source, shown):
    html = render_markdown(f"Before {source} after")

    assert shown in html
    assert_inert(html)
    assert [tag for tag, _ in elements(html)] == ["p"]


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "[x](ftp://example.org/file)",
        "[x](tel:+123456)",
    ],
)
def test_disallowed_link_targets_do_not_become_links(source):
    html = render_markdown(source)

    assert_inert(html)
    assert "href" not in html


def test_href_in_tex_does_not_survive():
    html = render_markdown("$\\href{javascript:alert(1)}{x}$")

    assert len(maths(html)) == 1
    assert "<mi>x</mi>" in html
    assert_inert(html)
    assert all("href" not in attrs for _, attrs in elements(html))


def test_sanitiser_removes_what_markdown_it_would_never_emit():
    # The parser already escapes raw HTML; this checks the allow-list itself.
    dirty = (
        '<p onclick="x()" style="color:red">t<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">j</a><a href="/ok">ok</a>'
        '<svg onload="alert(1)"><circle/></svg><iframe src="//e"></iframe>'
        '<img src="https://e/x.png">'
        '<code class="btn language-python">c</code><code class="math-error">m</code>'
        '<math display="evil" onmouseover="x()"><mi href="javascript:1" '
        'style="x" mathvariant="bold">m</mi>'
        '<annotation encoding="text/html">a</annotation></math>'
    )

    clean = CLEANER.clean(dirty)

    assert clean == (
        "<p>t</p>"
        '<a rel="nofollow noopener">j</a><a href="/ok" rel="nofollow noopener">ok</a>'
        "<code>c</code>"
        '<code class="math-error">m</code>'
        '<math><mi mathvariant="bold">m</mi><annotation>a</annotation></math>'
    )
