"""The note form's writing desk in Chromium: the editor, its live preview,
formula problems, and unsaved work kept in the browser.

An editor writes a note with a formula and watches the preview follow without
saving; a broken formula is named under the preview, and sending the note
for review is refused with it; fixed, the note goes to review. An unsaved edit
comes back after a reload, and a save forgets it. Without JavaScript the form
is plain text areas and still saves. Screenshots go to test-artifacts/desk/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from catalog.models import Note, NoteRevision
from catalog.services import note_revise
from tests.browser.a11y import axe_violations, sideways_scroll
from tests.browser.desk import editor_text, write
from tests.factories import make_draft, make_person

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "desk"
PASSWORD = "a-long-test-password-23"
TITLE = "Watermarks with a provable bound"
GOOD = "The false-positive rate is at most $\\frac{1}{n}$ for $n$ tokens."
BROKEN_BODY = "## Method\n\nThe score is $\\foo{x}$ over the window."
FIXED_BODY = "## Method\n\nThe score is $\\operatorname{foo}(x)$ over the window."


@pytest.fixture
def context(chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def preview(page: Page, field: str):
    return page.locator(f".field-{field} .markdown-preview-body")


def problems(page: Page, field: str):
    return page.locator(f".field-{field} .formula-problems")


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def csp_violations(page: Page) -> list[str]:
    """What the Content-Security-Policy blocks on `page` from now on."""
    found: list[str] = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security" in msg.text else None,
    )
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_previews_fixes_a_formula_and_sends_the_note_for_review(
    live_server, context
):
    make_person("editor", "Editors", password=PASSWORD)
    base = live_server.url
    page = context.new_page()
    blocked = csp_violations(page)
    log_in(page, base, "editor")

    # The add form: an editor with a toolbar, a preview beside it, math help.
    page.goto(f"{base}/admin/catalog/note/add/")
    expect(page.locator(".field-summary .editor-toolbar")).to_be_visible()
    expect(page.get_by_role("button", name="Bold").first).to_be_visible()
    expect(page.locator("#math-help summary")).to_have_text("How to write math")
    box = page.locator(".field-summary .CodeMirror").bounding_box()
    line = page.locator(".field-summary .CodeMirror-line").first.bounding_box()
    assert box["height"] > 3 * line["height"] + 20, (box, line)
    page.select_option("#id_venue", label="ICML2025")
    page.select_option("#id_area", label="LLM Safety")
    page.fill("#id_title", TITLE)

    # The preview follows the text, typeset by the server, nothing saved.
    write(page, "summary", "The rate is small.")
    expect(preview(page, "summary")).to_have_text("The rate is small.")
    write(page, "summary", GOOD)
    expect(preview(page, "summary").locator("math mfrac")).to_have_count(1)
    expect(page.locator(".field-summary .markdown-length")).to_contain_text(
        "10 words. Listings show the whole TL;DR"
    )
    write(page, "body", BROKEN_BODY)
    expect(preview(page, "body").locator("h2")).to_have_text("Method")
    expect(problems(page, "body")).to_contain_text(
        "1 formula cannot be shown as written"
    )
    expect(problems(page, "body").locator("li")).to_have_text(
        "\\foo{x}: \\foo is not a command the renderer knows, so it would show as "
        "“\\foo”: check its spelling, or write \\operatorname{foo}."
    )
    expect(preview(page, "body").locator("code.math-error")).to_have_text("\\foo{x}")
    expect(problems(page, "summary")).to_be_empty()
    assert not Note.objects.exists() and not NoteRevision.objects.exists()
    assert blocked == []
    found = axe_violations(page, where="note form, a formula problem")
    assert found == [], "\n".join(map(str, found))
    shot(page, "1_live_preview_with_a_broken_formula")
    # On a phone, in the dark theme: editor above preview, nothing too wide.
    page.set_viewport_size({"width": 320, "height": 800})
    page.emulate_media(color_scheme="dark")
    found = axe_violations(page, where="note form, 320 px, dark")
    assert found == [], "\n".join(map(str, found))
    assert sideways_scroll(page) == ""
    shot(page, "1b_phone_dark")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme="light")
    blocked.clear()  # axe itself tries inline styles, which the policy blocks

    # Saved, then refused review with the formula named.
    page.click("input[name=_continue]")
    expect(page.locator("ul.messagelist")).to_contain_text("as revision 1")
    expect(page.locator("ul.messagelist .warning")).to_contain_text(
        "1 formula cannot be shown as written, so a reader would see TeX: "
        "Body: “\\foo{x}”"
    )
    expect(problems(page, "body")).to_contain_text("\\foo{x}")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("ul.messagelist")).to_contain_text(
        "1 formula in this note cannot be shown as written"
    )
    expect(page.locator("ul.messagelist")).to_contain_text("Body: “\\foo{x}”")
    expect(page.locator("#workflow-status")).to_have_text("Draft")
    shot(page, "2_sending_for_review_refused")

    # Fixed, saved and sent.
    write(page, "body", FIXED_BODY)
    expect(problems(page, "body")).to_be_empty()
    expect(preview(page, "body").locator("math")).to_have_count(1)
    page.click("input[name=_continue]")
    expect(page.locator("ul.messagelist")).to_contain_text("as revision 2")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("#workflow-status")).to_have_text("In review")
    note = Note.objects.get(paper__title=TITLE)
    assert note.status == Note.Status.IN_REVIEW
    assert note.current_revision.data["body"].replace("\r\n", "\n") == FIXED_BODY
    shot(page, "3_fixed_and_in_review")
    assert blocked == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unsaved_edit_comes_back_after_a_reload(live_server, context):
    editor = make_person("editor", "Editors", password=PASSWORD)
    note = make_draft(author=editor, summary="The saved summary.")
    base = live_server.url
    page = context.new_page()
    log_in(page, base, "editor")
    form = f"{base}/admin/catalog/note/{note.pk}/change/"

    page.goto(form)
    write(page, "summary", "Typed but never saved.")
    page.fill("#id_message", "A message typed too")
    page.reload()

    offer = page.get_by_role("region", name="Restore unsaved changes")
    expect(offer).to_contain_text("They were typed in this browser and never saved.")
    assert editor_text(page, "summary") == "The saved summary."
    assert axe_violations(page, where="note form, a draft offered back") == []
    shot(page, "4_unsaved_changes_offered_after_reload")
    offer.get_by_role("button", name="Restore").click()
    expect(offer).to_have_count(0)
    assert editor_text(page, "summary") == "Typed but never saved."
    expect(page.locator("#id_message")).to_have_value("A message typed too")
    expect(preview(page, "summary")).to_have_text("Typed but never saved.")
    shot(page, "5_unsaved_changes_restored")

    # A save forgets the kept text: nothing is offered any more.
    page.click("input[name=_continue]")
    expect(page.locator("ul.messagelist")).to_contain_text("as revision 2")
    page.reload()
    expect(page.locator(".field-summary .CodeMirror")).to_be_visible()
    expect(page.locator(".draft-offer")).to_have_count(0)
    kept = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('notes_cms:note-draft:'))"
    )
    assert kept == []
    assert editor_text(page, "summary") == "Typed but never saved."

    # Discard drops an offered draft for good.
    write(page, "summary", "Second thoughts.")
    page.reload()
    page.get_by_role("button", name="Discard").click()
    expect(page.locator(".draft-offer")).to_have_count(0)
    page.reload()
    expect(page.locator(".field-summary .CodeMirror")).to_be_visible()
    expect(page.locator(".draft-offer")).to_have_count(0)
    assert editor_text(page, "summary") == "Typed but never saved."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stale_save_is_still_refused_with_the_kept_text_in_the_form(
    live_server, context
):
    editor = make_person("editor", "Editors", password=PASSWORD)
    make_person("editor2", "Editors", password=PASSWORD)
    note = make_draft(author=editor, summary="The first summary.")
    base = live_server.url
    page = context.new_page()
    log_in(page, base, "editor")
    page.goto(f"{base}/admin/catalog/note/{note.pk}/change/")
    write(page, "summary", "My unsaved summary.")
    page.reload()  # the draft is offered back, then someone else saves
    note_revise(
        note=note,
        user=User.objects.get(username="editor2"),
        changes={"summary": "Their summary."},
    )
    page.get_by_role("button", name="Restore").click()
    page.click("input[name=_continue]")

    expect(page.locator("#edit-conflict")).to_contain_text(
        "saved this note after you opened it"
    )
    assert editor_text(page, "summary") == "My unsaved summary."
    note.refresh_from_db()
    assert note.current_revision.data["summary"] == "Their summary."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tab_leaves_the_editor(live_server, context):
    editor = make_person("editor", "Editors", password=PASSWORD)
    note = make_draft(author=editor, summary="The saved summary.")
    page = context.new_page()
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/catalog/note/{note.pk}/change/")
    page.locator(".field-summary .CodeMirror").click()

    page.keyboard.press("Tab")

    inside = page.evaluate(
        "document.activeElement.closest('.field-summary .CodeMirror') !== null"
    )
    assert not inside
    assert editor_text(page, "summary") == "The saved summary."
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(
        "document.activeElement.closest('.field-summary .CodeMirror') !== null"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_javascript_the_form_is_plain_text_areas_and_saves(
    live_server, chromium
):
    editor = make_person("editor", "Editors", password=PASSWORD)
    note = make_draft(author=editor, summary="The saved summary.")
    context = chromium.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/catalog/note/{note.pk}/change/")

    expect(page.locator(".CodeMirror")).to_have_count(0)
    page.fill("#id_summary", "Written without JavaScript.")
    page.click("input[name=_continue]")

    expect(page.locator("ul.messagelist")).to_contain_text("as revision 2")
    note.refresh_from_db()
    assert note.current_revision.data["summary"] == "Written without JavaScript."
    context.close()
