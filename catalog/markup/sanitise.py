"""The sanitiser every rendered fragment goes through: nh3 (ammonia) against
an explicit allow-list of HTML and of the MathML latex2mathml emits.

The parsers already keep markup out; this is the guarantee that holds even if
a renderer or plugin has a bug. Built once, at import time.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3

from catalog.markup.tex import MATHML_NS, TEX_ENCODING, tex_to_html

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
    # class narrowed by _filter_attribute; title: why a formula is not shown.
    "code": {"class", "title"},
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


CLEANER = nh3.Cleaner(
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


@lru_cache(maxsize=4096)
def safe_math_html(tex: str, display: bool = False) -> str:
    """One formula as sanitised MathML, for text that is not Markdown."""
    return CLEANER.clean(tex_to_html(tex, display))
