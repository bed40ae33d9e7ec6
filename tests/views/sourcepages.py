"""The source site's pages as a reader sees them, from their Markdown files.

MkDocs Material renders the source's `index.md` files; this reads the same
files to the same lines `tests.pagetext.visible_lines` reads from our pages,
so a test can compare the two line by line:

- Markdown with raw HTML, definition lists and `{ #anchor }` attributes, as
  the source's MkDocs configuration has them (markdown-it here);
- math as the source's Arithmatex finds it (its "smart dollar" pattern, copied
  below), shown as `\\(TeX\\)` the way the source's page text shows it;
- the theme lays out each `area-tag` as a box of its own and a hero stat's
  number next to its label: one line per tag, `10934 Notes` per stat.
"""

import html
import re

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin

from tests.pagetext import visible_lines

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).use(deflist_plugin)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_ANCHOR = re.compile(r"\s*\{\s*#[-\w]+\s*\}[ \t]*$", re.M)
# pymdownx.arithmatex's smart-dollar inline pattern and its \( \) pattern.
_DOLLAR = re.compile(r"(?<!\\)\$(?!\s)((?:\\.|[^\\$])+?)(?<!\s)\$")
_BRACKET = re.compile(r"(?<!\\)\\\(((?:\\[^)]|[^\\])+?)\\\)")
_AREA_TAG = re.compile(r'(<a class="area-tag"[^>]*>.*?</a>)')


def source_lines(text: str) -> list[str]:
    """The lines a reader sees on the page the source renders from `text`."""
    body = _ANCHOR.sub("", _FRONT_MATTER.sub("", text, count=1))
    formulas: list[str] = []

    def hold(match: re.Match) -> str:
        formulas.append(match.group(1))
        return f"MATH{len(formulas) - 1}X"

    body = _BRACKET.sub(hold, _DOLLAR.sub(hold, body))
    page = _MARKDOWN.render(body)
    page = _AREA_TAG.sub(r"<div>\1</div>", page)
    page = page.replace(
        '</span><span class="stat-label">', '</span> <span class="stat-label">'
    )
    page = re.sub(
        r"MATH(\d+)X",
        lambda match: html.escape(f"\\({formulas[int(match.group(1))]}\\)"),
        page,
    )
    return visible_lines(page)
