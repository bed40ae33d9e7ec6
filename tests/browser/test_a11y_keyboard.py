"""Three paths walked with the keyboard alone: Tab, Shift+Tab, arrows, Space,
Enter and typing; no click. On the public pages every Tab stop on the way must
show where the focus is."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Note
from tests.factories import make_note, make_person

PASSWORD = "a-long-test-password-17"
SEND = "form.submission-form button:not([name=preview])"
SUMMARY = "The paper watermarks model outputs so that paraphrasing keeps the mark."
BETTER = (
    "The paper embeds a watermark that survives paraphrasing, with reliable "
    "detection at low false-positive rates."
)

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // An outline of 2px or more, or the browser's own focus ring ("auto"); in
  // an autocomplete box (select2) or an editor (CodeMirror), its frame's.
  const ringed = (node) => {
    const style = getComputedStyle(node);
    return style.outlineStyle === "auto" ||
      (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2);
  };
  const frame = el.closest(".select2-selection, .CodeMirror");
  return {
    name: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.name ? `[name=${el.name}]` : "") +
      (el.textContent.trim() ? ` "${el.textContent.trim().slice(0, 40)}"` : ""),
    shown: el.matches(":focus-visible") && (ringed(el) || (frame && ringed(frame))),
  };
}"""


def tab_to(
    page: Page, selector: str, *, back: bool = False, limit: int = 120, shown=True
) -> None:
    """Tab (or Shift+Tab) until `selector` has the focus; with `shown`, every
    stop on the way must show its focus."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            stops.append("(nothing)")
            continue
        stops.append(focused["name"])
        assert focused["shown"] or not shown, f"focus not shown at {focused['name']}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}; the stops: {stops}")


def choose(page: Page, label: str) -> None:
    """In the focused <select>, arrow down to the option `label`."""
    for _ in range(60):
        chosen = page.evaluate(
            "() => document.activeElement.selectedOptions[0]?.textContent.trim()"
        )
        if chosen == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r}")


@pytest.fixture
def page(chromium) -> Page:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_filter_form_works_from_the_keyboard(live_server, page):
    make_note(title="Robust watermarks", summary=SUMMARY, code_url="https://x.org/a")
    make_note(title="Watermarks without code", summary=SUMMARY)
    make_note(title="Unrelated paper", summary="Nothing about marks.")
    page.goto(f"{live_server.url}/ICML2025/llm_safety/")

    tab_to(page, "form.filters input[name=q]")
    page.keyboard.type("watermark")
    tab_to(page, "form.filters input[name=has_code]")
    page.keyboard.press("Space")
    tab_to(page, "form.filters select[name=sort]")
    choose(page, "Newest")
    tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"q=watermark&has_code=1&sort=newest"))
    expect(page).to_have_title(re.compile(r"“watermark”, with code, newest first"))
    notes = page.locator("dl.notes dt")
    expect(notes).to_have_count(1)
    expect(notes).to_have_text("Robust watermarks")
    # Back out of the filters, by keyboard too.
    tab_to(page, "form.filters a", shown=True)
    page.keyboard.press("Enter")
    expect(page.locator("dl.notes dt")).to_have_count(3)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_suggestion_is_corrected_from_the_keyboard(
    live_server, page, settings
):
    settings.SUBMISSION_MIN_SECONDS = 0  # Playwright types faster than a person.
    note = make_note(title="Watermarks that survive paraphrase", summary=SUMMARY)
    page.goto(live_server.url + note.get_absolute_url())

    tab_to(page, ".suggest-summary a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Suggest a better summary")).to_be_visible()
    # Sent unchanged: refused, and the focus is on what to correct.
    tab_to(page, SEND)
    page.keyboard.press("Enter")
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("This is the current summary, unchanged.")
    expect(page).to_have_title(re.compile(r"^Error: "))
    field = page.get_by_label("Your summary")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby").split()
    assert "id_summary_error" in described
    expect(page.locator("#id_summary_error")).to_contain_text("unchanged")

    # The summary's link leads to the field; the reader rewrites it and sends.
    page.keyboard.press("Tab")
    expect(page.locator("#form-errors a")).to_be_focused()
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(BETTER)
    tab_to(page, SEND)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your suggested summary")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    expect(page.locator(".submission-state")).to_have_text("Pending")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_writes_a_note_and_sends_it_for_review_without_a_mouse(
    live_server, page
):
    make_person("editor", "Editors", password=PASSWORD)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/catalog/note/add/")
    # Django's login form takes the focus on its user name.
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("editor")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Add note")).to_be_visible()
    tab_to(page, "#id_venue")
    choose(page, "ICML2025")
    tab_to(page, "#id_area")
    choose(page, "LLM Safety")
    tab_to(page, "#id_title")
    page.keyboard.type("Watermarks typed with the keyboard")
    # The TL;DR's editor: its toolbar's buttons, then its text (Tab leaves it).
    tab_to(page, ".field-summary .CodeMirror textarea")
    page.keyboard.type(SUMMARY)
    tab_to(page, "input[name=_continue]")
    page.keyboard.press("Enter")

    expect(page.locator("ul.messagelist")).to_contain_text("as revision 1")
    expect(page.locator("#workflow-status")).to_have_text("Draft")
    tab_to(page, "#submit-message")
    page.keyboard.type("Ready for a second pair of eyes.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send for review")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#workflow-status")).to_have_text("In review")
    note = Note.objects.get(paper__title="Watermarks typed with the keyboard")
    assert note.status == Note.Status.IN_REVIEW
    assert note.events.filter(action="submitted").get().reason == (
        "Ready for a second pair of eyes."
    )
