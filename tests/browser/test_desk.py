"""The editorial desk in Chromium: each person's dashboard shows their own
work, and a second review round shows only what changed since the first.

An editor and a second editor each have a draft; the editor sends one for
review, a moderator requests changes, the editor's desk shows it returned
with the reason; the editor revises and resubmits; a second moderator finds
it marked as a resubmission, reads only the changes since the last review
(the body the first moderator read is not among them) and approves.
Screenshots of each step go to test-artifacts/desk/.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Area, Note
from tests.browser.desk import write
from tests.factories import make_draft, make_note, make_person

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "desk"
PASSWORD = "a-long-test-password-8"
TITLE = "Watermarks that survive paraphrase"
REASON = "Say how robust the watermark is, with the false-positive rate."


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_desk_shows_its_owners_work_and_round_two_shows_only_the_changes(
    live_server, chromium
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    people = {
        name: make_person(name, group, password=PASSWORD)
        for name, group in [
            ("editor", "Editors"),
            ("editor2", "Editors"),
            ("moderator", "Moderators"),
            ("moderator2", "Moderators"),
        ]
    }
    make_draft(author=people["editor2"], title="Someone else's draft")
    make_draft(author=people["editor"], title="My unfinished draft")
    note = make_draft(
        author=people["editor"],
        title=TITLE,
        summary="The paper proposes a watermark for model outputs.",
        body="## Method\n\nA key schedule seeded by the context.",
    )
    base = live_server.url
    context = chromium.new_context()
    context.set_default_timeout(15_000)
    page = context.new_page()

    # The editor's desk: their drafts only; they send one for review.
    log_in(page, base, "editor")
    expect(page.locator("#site-name")).to_have_text("notes_cms editorial desk")
    drafts = page.locator("#desk-drafts")
    expect(drafts).to_contain_text("My unfinished draft")
    expect(drafts).to_contain_text(TITLE)
    expect(page.locator("#desk")).not_to_contain_text("Someone else's draft")
    expect(page.locator("#desk-review")).to_have_count(0)
    shot(page, "1_editor_desk")
    drafts.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("#workflow-status")).to_have_text("In review")

    # The moderator's desk counts it; from the header's queue they ask for
    # changes.
    log_in(page, base, "moderator")
    expect(page.locator("#desk-waiting-count")).to_contain_text(
        "1 note waits for review"
    )
    expect(page.locator("#desk-waiting")).to_contain_text(TITLE)
    shot(page, "2_moderator_desk")
    page.get_by_role("navigation", name="Editorial desk").get_by_role(
        "link", name="Review queue"
    ).click()
    page.locator("#review-queue").get_by_role("link", name=TITLE).click()
    page.fill("#changes-reason", REASON)
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("#workflow-status")).to_have_text("Changes requested")
    # The author's own steps are not the moderator's buttons.
    expect(page.get_by_role("button", name="Resubmit for review")).to_have_count(0)
    expect(page.get_by_role("button", name="Archive")).to_have_count(0)

    # The editor's desk shows it returned, with the reason; they revise.
    log_in(page, base, "editor")
    returned = page.locator("#desk-returned")
    expect(returned).to_contain_text(TITLE)
    expect(returned).to_contain_text(f"moderator requested changes: {REASON}")
    shot(page, "3_returned")
    returned.get_by_role("link", name=TITLE).click()
    write(
        page,
        "summary",
        "The paper proposes a watermark that survives paraphrasing, detected "
        "at a 1% false-positive rate.",
    )
    page.click("input[name=_continue]")
    expect(page.locator("ul.messagelist")).to_contain_text(
        "Changes were requested: resubmit it for review"
    )
    page.get_by_role("button", name="Resubmit for review").click()
    expect(page.locator("#workflow-status")).to_have_text("In review")

    # A second moderator: marked as a resubmission, only what changed.
    log_in(page, base, "moderator2")
    page.goto(f"{base}/admin/catalog/note/review-queue/")
    row = page.locator("#review-queue tr", has_text=TITLE)
    expect(row).to_contain_text("Resubmitted — round 2")
    shot(page, "4_queue_round_2")
    row.get_by_role("link", name=TITLE).click()
    round_two = page.locator("#review-round")
    expect(round_two).to_contain_text("Resubmitted — round 2")
    changed = round_two.locator("tr.diff-changed")
    expect(changed).to_have_count(1)
    expect(changed.get_by_role("rowheader")).to_have_text("TL;DR")
    expect(changed.locator("ins").filter(has_text="survives")).to_have_count(1)
    expect(round_two).not_to_contain_text("A key schedule seeded by the context")
    shot(page, "5_changes_since_review")
    page.get_by_role("button", name="Approve and publish revision 2").click()
    expect(page.locator("#workflow-status")).to_have_text("Published")
    assert Note.objects.get(pk=note.pk).is_live

    # Their desk has nothing waiting now; the editor's shows it published.
    page.goto(f"{base}/admin/")
    expect(page.locator("#desk-waiting-count")).to_contain_text(
        "0 notes wait for review"
    )
    log_in(page, base, "editor")
    expect(page.locator("#desk-published")).to_contain_text(TITLE)
    expect(page.locator("#desk-returned")).to_contain_text("Nothing returned")
    shot(page, "6_editor_published")
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_area_list_follows_the_venue_and_can_show_every_area(live_server, chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    make_person("editor", "Editors", password=PASSWORD)
    make_note(venue="ICLR2026", area="llm_safety")
    make_note(venue="ICLR2026", area="hallucination")
    make_note(venue="ICML2025", area="knowledge_editing")
    context = chromium.new_context()
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/catalog/note/add/")

    def listed() -> list[str]:
        return page.locator("#id_area option:not([hidden])").all_inner_texts()

    page.select_option("#id_venue", label="ICLR2026")
    assert listed() == ["---------", "Hallucination Detection", "LLM Safety"]
    page.select_option("#id_venue", label="ICML2025")
    assert listed() == ["---------", "Knowledge Editing"]
    shot(page, "7_areas_of_a_venue")
    page.get_by_label("Show every area").check()
    assert len(listed()) == Area.objects.count() + 1
    # A venue with no notes yet lists every area.
    page.get_by_label("Show every area").uncheck()
    page.select_option("#id_venue", label="ECCV2024")
    assert len(listed()) == Area.objects.count() + 1
    context.close()
