"""Markdown to safe HTML for note summaries and bodies.

``render_markdown`` is the one public entry point. The pipeline is:

1. markdown-it-py parses CommonMark plus tables and strikethrough. Raw HTML in
   the source is *not* passed through (``html=False``): it comes out as escaped
   text, so a note can show ``<script>`` but never run it.
2. TeX math is found by mdit-py-plugins' dollarmath (``$…$``, ``$$…$$``) and by
   two small rules here for ``\\(…\\)`` and ``\\[…\\]``, then converted on the
   server to MathML with latex2mathml, so pages need no JavaScript. Every
   ``<math>`` carries its TeX source in ``<annotation encoding="application/x-tex">``
   for copy-paste and for tests that compare page text with the TeX.
3. nh3 (ammonia) sanitises the final HTML against an explicit allow-list. The
   parser settings above already keep markup out; nh3 is the guarantee that
   holds even if a renderer or plugin has a bug.

The parser and the sanitiser are built once, at import time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache
from xml.etree.ElementTree import Element, SubElement, tostring

import nh3
from latex2mathml.converter import convert_to_element
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin

__all__ = ["render_markdown"]

TEX_ENCODING = "application/x-tex"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"


# --- TeX to MathML ------------------------------------------------------------


def _unescape_tree(element: Element) -> None:
    """Turn latex2mathml's entity strings into real characters, in place.

    latex2mathml stores symbols as entity text (``"&#x0003C;"``) and its own
    ``convert()`` un-escapes the whole serialised document to make them work,
    which also turns ``\\text{<b>}`` into a live ``<b>`` tag. Decoding the text
    nodes instead and letting ElementTree escape them keeps ``<`` and ``&``
    inert.
    """
    for node in element.iter():
        if node.text:
            node.text = html.unescape(node.text)
        if node.tail:
            node.tail = html.unescape(node.tail)
        for name, value in node.attrib.items():
            node.attrib[name] = html.unescape(value)


@lru_cache(maxsize=2048)
def _tex_to_html(tex: str, display: bool) -> str:
    """Render one formula as ``<math>`` with its TeX kept as an annotation.

    A formula latex2mathml cannot convert is shown as its TeX source in
    ``<code class="math-error">`` instead. Formulas repeat a lot within and
    across notes, hence the cache.
    """
    mode = "block" if display else "inline"
    try:
        math = convert_to_element(tex, display=mode)
    except Exception:  # untrusted input: whatever goes wrong, show the TeX
        return f'<code class="math-error">{escapeHtml(tex)}</code>'
    _unescape_tree(math)

    # <semantics> takes exactly one presentation child, then the annotations.
    # latex2mathml puts a single <mrow> under <math>; wrap anything else.
    children = list(math)
    for child in children:
        math.remove(child)
    semantics = SubElement(math, "semantics")
    if len(children) == 1:
        semantics.append(children[0])
    else:
        SubElement(semantics, "mrow").extend(children)
    annotation = SubElement(semantics, "annotation", encoding=TEX_ENCODING)
    annotation.text = tex
    return tostring(math, encoding="unicode", short_empty_elements=False)


# --- Markdown parser ----------------------------------------------------------

# Token types produced by dollarmath and by the bracket rule below, and whether
# each one is display math. ``math_inline_double`` is ``$$…$$`` (or ``\[…\]``)
# written inside a paragraph: still display math, just not a block of its own.
_MATH_TOKENS = {
    "math_inline": False,
    "math_inline_double": True,
    "math_block": True,
}

# Only the end of the line may follow a closing ``\]`` (see _bracket_math).
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


def _bracket_math(state: StateInline, silent: bool) -> bool:
    """Inline rule for ``\\(…\\)`` (inline) and ``\\[…\\]`` (display) math.

    It runs before markdown-it's ``escape`` rule, which would otherwise read
    ``\\(`` as an escaped parenthesis. ``\\[`` also escapes brackets in link
    text, e.g. ``[\\[ICLR 2026\\] Title](x.md)``, so display math is only taken
    when ``\\[`` starts a line and ``\\]`` ends one, as it does in LaTeX-style
    notes. Either form may span lines within a paragraph.
    """
    src, pos = state.src, state.pos
    opener = src[pos : pos + 2]
    if opener == "\\(":
        closer, token_type = "\\)", "math_inline"
    elif opener == "\\[":
        line_start = src.rfind("\n", 0, pos) + 1
        if src[line_start:pos].strip(" \t"):
            return False
        closer, token_type = "\\]", "math_inline_double"
    else:
        return False

    end = src.find(closer, pos + 2)
    if end == -1:
        return False
    content = src[pos + 2 : end]
    if not content.strip():
        return False
    if token_type == "math_inline_double" and not _LINE_END.match(src, end + 2):
        return False

    if not silent:
        token = state.push(token_type, "math", 0)
        token.content = content
        token.markup = opener
    state.pos = end + 2
    return True


def _render_math(
    self: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[idx]
    rendered = _tex_to_html(token.content.strip(), _MATH_TOKENS[token.type])
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
    # Pandoc's rule for ``$``: no space just inside the delimiters and no digit
    # right after the closing one, so prices such as "$5 and $10" stay text.
    # Blank lines may not sit inside ``$$…$$`` (LaTeX forbids them too), so a
    # stray ``$$`` cannot swallow the rest of a note.
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        allow_blank_lines=False,
        double_inline=True,
    )
    md.inline.ruler.before("escape", "math_bracket", _bracket_math)
    md.core.ruler.push("table_align_attribute", _table_align_attribute)
    for token_type in _MATH_TOKENS:
        md.add_render_rule(token_type, _render_math)
    md.add_render_rule("image", _render_image)
    return md


_MARKDOWN = _build_parser()


# --- Sanitiser ----------------------------------------------------------------

_HTML_TAGS = {
    "p", "br", "hr", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "th", "td",
    "pre", "code", "em", "strong", "s", "del", "sup", "sub", "a",
}  # fmt: skip

# Every element latex2mathml can emit, plus <semantics>/<annotation> added above.
_MATHML_TAGS = {
    "math", "semantics", "annotation",
    "mrow", "mi", "mn", "mo", "mtext", "mspace", "ms",
    "msup", "msub", "msubsup", "mover", "munder", "munderover",
    "mfrac", "msqrt", "mroot", "mstyle", "mpadded", "mphantom", "menclose",
    "mtable", "mtr", "mtd", "merror",
}  # fmt: skip

# Presentation attributes latex2mathml sets. None of them takes a URL or
# script; ``href`` (from ``\href``) and ``style`` are deliberately absent.
_MATHML_ATTRIBUTES = {
    "mathvariant", "mathsize", "mathcolor", "mathbackground",
    "stretchy", "fence", "separator", "form", "largeop", "movablelimits",
    "accent", "accentunder", "lspace", "rspace", "minsize", "maxsize",
    "width", "height", "depth", "voffset", "linebreak", "linethickness",
    "displaystyle", "scriptlevel", "notation",
    "columnalign", "columnlines", "columnspacing", "rowlines", "rowspacing",
}  # fmt: skip

_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(_MATHML_ATTRIBUTES) for tag in _MATHML_TAGS - {"annotation"}},
    "a": {"href", "title"},
    "code": {"class"},  # narrowed by _filter_attribute
    "ol": {"start"},
}

# Attributes that are only kept with one of these exact values.
_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    "math": {"display": {"inline", "block"}, "xmlns": {MATHML_NS}},
    "annotation": {"encoding": {TEX_ENCODING}},
    "th": {"align": {"left", "center", "right"}},
    "td": {"align": {"left", "center", "right"}},
}

# Fenced code gets "language-<info>" from markdown-it; math errors get
# "math-error". Other classes could restyle a note as the site's own UI.
_CODE_CLASS = re.compile(r"language-[\w+#.-]+|math-error")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return value if _CODE_CLASS.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=_HTML_TAGS | _MATHML_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    tag_attribute_values=_ATTRIBUTE_VALUES,
    # Links come from untrusted notes: no ranking credit, no window.opener.
    link_rel="nofollow noopener",
    # Relative URLs (links between notes) pass through unchanged.
    url_schemes={"http", "https", "mailto"},
)


# --- Public API ---------------------------------------------------------------


def render_markdown(source: str) -> str:
    """Render a note's Markdown (with TeX math) to sanitised HTML."""
    if not source or not source.strip():
        return ""
    return _CLEANER.clean(_MARKDOWN.render(source))
