"""Text that is not Markdown but holds TeX math: titles and search snippets.

A paper's title is a plain text field that may hold ``$…$`` (``Online
$\\ell_p$-Calibration``). On a page it is escaped text with MathML for the
math and no other markup (``render_inline_title``); in a ``<title>``, a feed
or JSON-LD it is plain Unicode (``plain_title``); BibTeX keeps the TeX
(``math_segments``). A search snippet is a note's text with the matched words
marked: ``render_snippet`` typesets its math and keeps the marks.

The math is found by the same rules as in notes (``mathrules``); a backslash
escape (``\\$20``) is honoured, nothing else is read as Markdown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from catalog.markup.mathrules import MATH_TOKENS, bracket_math, dollar_math
from catalog.markup.sanitise import safe_math_html
from catalog.markup.tex import tex_to_text


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("zero")
    md.enable("escape")
    md.inline.ruler.before("escape", "math_dollar", dollar_math)
    md.inline.ruler.before("escape", "math_bracket", bracket_math)
    return md


_INLINE = _build_parser()


def _tokens(text: str) -> list[Token]:
    tokens = _INLINE.parseInline(text)
    return (tokens[0].children or []) if tokens else []


def _may_hold_math(text: str) -> bool:
    return "$" in text or "\\" in text


def math_segments(text: str) -> list[tuple[bool, str]]:
    """`text` cut into (is math, text or TeX) pieces, in order."""
    if not _may_hold_math(text):
        return [(False, text)] if text else []
    segments: list[tuple[bool, str]] = []
    for token in _tokens(text):
        is_math = token.type in MATH_TOKENS
        content = token.content.strip() if is_math else token.content
        if segments and not is_math and not segments[-1][0]:
            segments[-1] = (False, segments[-1][1] + content)
        else:
            segments.append((is_math, content))
    return segments


@lru_cache(maxsize=16384)
def render_inline_title(text: str) -> str:
    """A title as safe HTML: its text escaped, its math as MathML (always
    inline: a title is one line)."""
    return "".join(
        safe_math_html(piece) if is_math else escapeHtml(piece)
        for is_math, piece in math_segments(text)
    )


@lru_cache(maxsize=16384)
def plain_title(text: str) -> str:
    """A title as plain text, its math as Unicode: ``$\\ell_p$-Calibration`` →
    ``ℓₚ-Calibration``."""
    return "".join(
        tex_to_text(piece) if is_math else piece
        for is_math, piece in math_segments(text)
    )


def render_snippet(text: str, start: str, stop: str) -> str:
    """A search snippet as safe HTML: `text` with the matched words between
    the `start` and `stop` characters, which become ``<mark>``.

    A formula is typeset whole: a match inside it marks the whole formula.
    A formula the snippet cut in two has lost a ``$`` and stays text.
    """
    marked = re.compile(
        f"{re.escape(start)}([^{re.escape(start + stop)}]*){re.escape(stop)}"
    )
    pieces = []
    for is_math, piece in math_segments(text):
        if not is_math:
            pieces.append(escapeHtml(piece))
            continue
        tex = piece.replace(start, "").replace(stop, "")
        math = safe_math_html(tex)
        pieces.append(f"{start}{math}{stop}" if tex != piece else math)
    html = marked.sub(r"<mark>\1</mark>", "".join(pieces))
    return html.replace(start, "").replace(stop, "")
