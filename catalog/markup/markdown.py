"""Markdown with TeX math to sanitised HTML, for note summaries and bodies,
and the same Markdown as plain text.

1. markdown-it-py parses CommonMark plus tables and strikethrough. Raw HTML in
   the source is *not* passed through (``html=False``): it comes out as escaped
   text, so a note can show ``<script>`` but never run it.
2. TeX math is found by the rules of ``mathrules`` (``$…$``, ``$$…$$``,
   ``\\(…\\)``, ``\\[…\\]``) and dollarmath's ``$$`` blocks, then converted
   on the server to MathML (``tex``), so pages need no JavaScript.
3. nh3 sanitises the final HTML (``sanitise``).

The parser is built once, at import time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin

from catalog.markup.mathrules import MATH_TOKENS, bracket_math, dollar_math
from catalog.markup.sanitise import CLEANER
from catalog.markup.tex import tex_problem, tex_to_html, tex_to_text


def _render_math(
    self: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    rendered = tex_to_html(token.content.strip(), MATH_TOKENS[token.type])
    return rendered + "\n" if token.block else rendered


def _render_image(
    self: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    """Show an image as a link to it rather than embedding it.

    Embedding remote images would let a note's author track who reads it (and
    relative image paths from the notes' repository do not resolve here), so
    ``<img>`` is not on the allow-list; a link keeps the alt text and the target.
    """
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = token.attrGet("src") or ""
    return f'<a href="{escapeHtml(str(src))}">{escapeHtml(alt or "image")}</a>'


def _table_align_attribute(state: StateCore) -> None:
    """Core rule: move table alignment from ``style`` to the ``align`` attribute.

    markdown-it writes ``style="text-align:right"`` on ``th``/``td``; the
    sanitiser allows no ``style`` at all, and browsers honour ``align`` the same
    way, so alignment survives without opening up CSS.
    """
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrs:
            style = str(token.attrs.pop("style", ""))
            if style.startswith("text-align:"):
                token.attrs["align"] = style.removeprefix("text-align:")


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.enable(["table", "strikethrough"])
    # dollarmath for ``$$`` blocks; blank lines may not sit inside one (LaTeX
    # forbids them too), so a stray ``$$`` cannot swallow the rest of a note.
    # Its inline rule gives way to the source site's (mathrules.dollar_math).
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        allow_blank_lines=False,
        double_inline=True,
    )
    md.inline.ruler.at("math_inline", dollar_math)
    md.inline.ruler.before("escape", "math_bracket", bracket_math)
    md.core.ruler.push("table_align_attribute", _table_align_attribute)
    for token_type in MATH_TOKENS:
        md.add_render_rule(token_type, _render_math)
    md.add_render_rule("image", _render_image)
    return md


_MARKDOWN = _build_parser()


def render_markdown(source: str) -> str:
    """Render a note's Markdown (with TeX math) to sanitised HTML."""
    if not source or not source.strip():
        return ""
    return CLEANER.clean(_MARKDOWN.render(source))


def _plain(tokens: Sequence[Token]) -> list[str]:
    words = []
    for token in tokens:
        if token.type in MATH_TOKENS:
            words.append(tex_to_text(token.content.strip()))
        elif token.children:
            words.extend(_plain(token.children))
        elif token.type in {"text", "code_inline", "code_block", "fence"}:
            words.append(token.content)
        elif token.type in {"softbreak", "hardbreak"} or token.block:
            words.append(" ")
    return words


def plain_text(source: str) -> str:
    """A note's Markdown as one line of text, for a meta description or a feed:
    no markup, math as Unicode (``$(\\varepsilon,\\delta)$`` → ``(ε,δ)``)."""
    if not source or not source.strip():
        return ""
    return " ".join("".join(_plain(_MARKDOWN.parse(source))).split())


@dataclass(frozen=True)
class FormulaProblem:
    """A formula of a note that cannot be shown as written, and why."""

    tex: str
    reason: str

    def __str__(self) -> str:
        return f"{self.tex}: {self.reason}"


def _formulas(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type in MATH_TOKENS:
            yield token
        elif token.children:
            yield from _formulas(token.children)


def formula_problems(source: str) -> list[FormulaProblem]:
    """Each formula of a note's Markdown that the renderer rejects or converts
    only in part, with the reason, in the order they appear (once each).

    The formulas are found by the parser `render_markdown` uses, so these are
    exactly the ones the page shows as ``<code class="math-error">``.
    """
    if not source or "$" not in source and "\\" not in source:
        return []
    problems: dict[str, FormulaProblem] = {}
    for token in _formulas(_MARKDOWN.parse(source)):
        tex = token.content.strip()
        reason = tex_problem(tex, MATH_TOKENS[token.type])
        if reason and tex not in problems:
            problems[tex] = FormulaProblem(tex, reason)
    return list(problems.values())
