"""The editorial workflow end to end, in Chromium, through the real admin.

An editor writes a note and sends it for review; a moderator requests
changes; the editor revises and resubmits; a second moderator approves; the
note is then live on its public page and its history shows every step.
Screenshots of each step go to test-artifacts/.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Note
from tests.browser.desk import editor_text, write
from tests.factories import make_person

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "a-long-test-password-7"
TITLE = "Watermarks that survive paraphrase"
FIRST_SUMMARY = "The paper proposes a watermark for model outputs."
REVISED_SUMMARY = (
    "The paper proposes a watermark that survives paraphrasing, detected "
    "reliably at a 1% false-positive rate."
)
REASON = "Say how robust the watermark is, with the false-positive rate."


@pytest.fixture
def browser_context(chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context()
    context.set_default_timeout(15_000)
    return context


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def message(page: Page):
    return page.locator("ul.messagelist")


def shot(page: Page, name: str) -> None:
    page.screenshot(
        path=str(ARTIFACTS / f"editorial_workflow_{name}.png"), full_page=True
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_note_goes_from_editor_through_two_moderators_to_the_public_page(
    live_server, browser_context
):
    for username, group in [
        ("editor", "Editors"),
        ("moderator", "Moderators"),
        ("moderator2", "Moderators"),
    ]:
        make_person(username, group, password=PASSWORD)
    base = live_server.url
    page = browser_context.new_page()

    # An editor writes a note.
    log_in(page, base, "editor")
    page.goto(f"{base}/admin/catalog/note/add/")
    page.select_option("#id_venue", label="ICML2025")
    page.select_option("#id_area", label="LLM Safety")
    page.fill("#id_title", TITLE)
    write(page, "summary", FIRST_SUMMARY)
    write(page, "body", "## Method\n\nA key schedule seeded by the context.")
    page.click("input[name=_save]")
    expect(message(page)).to_contain_text(f"Saved “{TITLE}” as revision 1.")
    expect(page.locator("#workflow-status")).to_have_text("Draft")
    note = Note.objects.get(paper__title=TITLE)
    shot(page, "1_draft")

    # … and sends it for review.
    page.fill("#submit-message", "First version, please check the claims.")
    page.get_by_role("button", name="Send for review").click()
    expect(message(page)).to_contain_text("for review; the moderators have been")
    expect(page.locator("#workflow-status")).to_have_text("In review")

    # A moderator finds it in the queue and requests changes.
    log_in(page, base, "moderator")
    page.goto(f"{base}/admin/catalog/note/review-queue/")
    queue = page.locator("#review-queue")
    expect(queue).to_contain_text(TITLE)
    shot(page, "2_queue")
    queue.get_by_role("link", name=TITLE).click()
    expect(page.locator("#workflow-status")).to_have_text("In review")
    page.fill("#changes-reason", REASON)
    page.get_by_role("button", name="Request changes").click()
    expect(message(page)).to_contain_text("back to its author with your reason")
    expect(page.locator("#workflow-status")).to_have_text("Changes requested")

    # The editor reads the reason, revises and resubmits.
    log_in(page, base, "editor")
    page.goto(f"{base}/admin/catalog/note/{note.pk}/change/")
    expect(page.locator("#workflow-reason")).to_contain_text(REASON)
    assert editor_text(page, "summary") == FIRST_SUMMARY
    write(page, "summary", REVISED_SUMMARY)
    page.fill("#id_message", "Added robustness figures")
    page.click("input[name=_continue]")
    expect(message(page)).to_contain_text(f"Saved “{TITLE}” as revision 2.")
    page.get_by_role("button", name="Resubmit for review").click()
    expect(page.locator("#workflow-status")).to_have_text("In review")
    shot(page, "3_resubmitted")

    # The public does not see it yet.
    public = page.context.new_page()
    response = public.goto(base + note.get_absolute_url())
    assert response.status == 404

    # A second moderator compares, then approves.
    log_in(page, base, "moderator2")
    page.goto(f"{base}/admin/catalog/note/review-queue/")
    page.locator("#review-queue").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Full history, revisions and differences").click()
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator("#diff-summary")).to_contain_text("From revision 1")
    changed = page.locator("table.diff-table").first
    tldr = changed.locator("tr", has=page.get_by_role("rowheader", name="TL;DR"))
    expect(tldr.locator("del").first).to_be_visible()
    expect(tldr.locator("ins").filter(has_text="survives paraphrasing")).to_have_count(
        1
    )
    shot(page, "4_diff")
    page.goto(f"{base}/admin/catalog/note/{note.pk}/change/")
    page.get_by_role("button", name="Approve and publish revision 2").click()
    expect(message(page)).to_contain_text("it is live on its public page")
    expect(page.locator("#workflow-status")).to_have_text("Published")

    # The note is live on its public page, with the revised text.
    public.goto(base + note.get_absolute_url())
    expect(public.locator("h1")).to_have_text(TITLE)
    expect(public.locator("section.tldr")).to_contain_text(REVISED_SUMMARY)
    shot(public, "5_public")

    # Its history shows every step.
    page.goto(f"{base}/admin/catalog/note/{note.pk}/history/")
    events = page.locator("#events tbody tr")
    expect(events).to_have_count(6)
    rows = [" ".join(text.split()) for text in events.all_inner_texts()]
    steps = [
        "moderator2 approved it. It is published.",
        "editor sent it back for review with the changes. It waits for a moderator.",
        "editor saved a revision: Added robustness figures",
        f"moderator requested changes: {REASON} Sent back to the author.",
        "editor sent it for review: First version, please check the claims. "
        "It waits for a moderator.",
        "editor created the note as a draft.",
    ]
    for row, sentence in zip(rows, steps, strict=True):
        assert sentence in row, row
    assert REASON in rows[3]
    expect(page.locator("#revisions")).to_contain_text("2 (published) (working)")
    shot(page, "6_history")
