"""Typing into the note form's editors (EasyMDE over the TL;DR and the body),
as a person would: the text areas themselves are hidden behind the editors."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from playwright.sync_api import Page, expect


def write(page: Page, field: str, text: str) -> None:
    """Replace the text of the `field` editor ("summary", "body")."""
    page.locator(f".field-{field} .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def editor_text(page: Page, field: str) -> str:
    return page.evaluate(
        f"document.querySelector('.field-{field} .CodeMirror').CodeMirror.getValue()"
    )


def preview_each(page: Page, texts: Iterable[str], check: Callable) -> None:
    """Type each text into the body's editor and, once its live preview shows
    it, `check()` the page."""
    preview = page.locator(".field-body .markdown-preview-body")
    expect(preview).not_to_be_empty()
    check()
    for number, text in enumerate(texts):
        write(page, "body", f"{text}\n\nEnd of text {number}.")
        expect(preview).to_contain_text(f"End of text {number}.")
        check()
