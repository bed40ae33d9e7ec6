"""Typing into the note form's editors (EasyMDE over the TL;DR and the body),
as a person would: the text areas themselves are hidden behind the editors."""

from __future__ import annotations

from playwright.sync_api import Page


def write(page: Page, field: str, text: str) -> None:
    """Replace the text of the `field` editor ("summary", "body")."""
    page.locator(f".field-{field} .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def editor_text(page: Page, field: str) -> str:
    return page.evaluate(
        f"document.querySelector('.field-{field} .CodeMirror').CodeMirror.getValue()"
    )
