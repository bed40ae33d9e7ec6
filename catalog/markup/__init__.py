"""Text with TeX math, made safe to show: Markdown notes and plain titles.

- ``render_markdown``: a note's summary or body to sanitised HTML, its math as
  MathML (``markdown``); ``plain_text``: the same as one line of plain text.
- ``render_inline_title``: a title (plain text holding ``$…$``) to safe HTML;
  ``plain_title``: the same as Unicode text; ``math_segments``: its pieces.
- ``formula_problems``: each formula of a note that cannot be shown as
  written, and why (the page shows those as their TeX, marked).
- ``render_snippet``: a search snippet with its marks and its math (``inline``).

Where math starts and ends is decided once, in ``mathrules``; ``tex`` turns a
formula into MathML or Unicode text; ``sanitise`` is the allow-list every
fragment goes through. Pages need no JavaScript for math.
"""

from catalog.markup.inline import (
    math_segments,
    plain_title,
    render_inline_title,
    render_snippet,
)
from catalog.markup.markdown import (
    FormulaProblem,
    formula_problems,
    plain_text,
    render_markdown,
)

__all__ = [
    "FormulaProblem",
    "formula_problems",
    "math_segments",
    "plain_text",
    "plain_title",
    "render_inline_title",
    "render_markdown",
    "render_snippet",
]
