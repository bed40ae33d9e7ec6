"""A reader's better summary, from the note page to the public page, in Chromium.

A reader suggests a summary on a note page; a moderator logs into the admin,
reads the suggestion as a diff and approves it; the note page then shows the
new summary, crediting the reader. Screenshots go to test-artifacts/.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from catalog.models import Submission
from tests.factories import OLD_SUMMARY, make_note

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NEW_SUMMARY = (
    "The paper embeds a watermark that survives paraphrasing, with reliable "
    "detection at low false-positive rates."
)
PASSWORD = "a-long-test-password-7"


@pytest.fixture
def chromium_page(chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page()
    page.set_default_timeout(15_000)
    return page


def make_moderator(django_user_model):
    """A moderator as the data migrations define one (re-made after a flush)."""
    user = django_user_model.objects.create_user(
        username="moderator", password=PASSWORD, email="moderator@example.com"
    )
    user.is_staff = True
    user.save()
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="catalog",
            codename__in=["decide_submission", "view_submission", "publish_note"],
        )
    )
    user.groups.add(group)
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_suggestion_approved_by_a_moderator_goes_live(
    live_server, chromium_page, django_user_model, settings
):
    # Playwright types in milliseconds: let the form accept a fast post. The
    # minimum itself is covered in tests/views/test_submission_forms.py.
    settings.SUBMISSION_MIN_SECONDS = 0
    note = make_note(title="Watermarks that survive paraphrase", summary=OLD_SUMMARY)
    make_moderator(django_user_model)
    page = chromium_page
    note_url = live_server.url + note.get_absolute_url()

    # The reader suggests a better summary from the note page.
    page.goto(note_url)
    page.get_by_role("link", name="Suggest a better summary").click()
    expect(page.get_by_role("heading", name="Suggest a better summary")).to_be_visible()
    summary = page.get_by_label("Your summary")
    expect(summary).to_have_value(OLD_SUMMARY)
    summary.fill(NEW_SUMMARY)
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", name="Your suggested summary")).to_be_visible()
    expect(page.locator(".submission-state")).to_have_text("Pending")
    page.screenshot(path=ARTIFACTS / "reader_suggestion_1_status.png", full_page=True)
    status_url = page.url

    # A moderator logs into the admin, opens the queue and reads the diff.
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/catalog/submission/")
    page.get_by_role("link", name="Watermarks that survive paraphrase").click()
    diff = page.locator(".submission-diff")
    expect(diff.locator("del").first).to_have_text("watermarks model outputs so")
    expect(diff.locator("ins").first).to_have_text("embeds a watermark")
    page.screenshot(path=ARTIFACTS / "reader_suggestion_2_diff.png", full_page=True)
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved and published")

    # The public page shows the new summary, crediting the reader.
    page.goto(note_url)
    tldr = page.locator("section.tldr")
    expect(tldr).to_contain_text(NEW_SUMMARY)
    expect(tldr).not_to_contain_text(OLD_SUMMARY)
    expect(tldr).to_contain_text("Summary suggested by Ada Lovelace.")
    page.screenshot(path=ARTIFACTS / "reader_suggestion_3_live.png", full_page=True)

    # And the reader's status page says so.
    page.goto(status_url)
    expect(page.locator(".submission-state")).to_have_text("Approved")
    assert Submission.objects.get().status == Submission.Status.APPROVED
