"""Markdown with math, rendered to sanitised HTML on the server."""

from catalog.markup.markdown import _CLEANER, render_markdown

__all__ = ["_CLEANER", "render_markdown"]
