"""The Content-Security-Policy in a real browser: nothing the site or the
admin needs is blocked, and the admin's own scripts still run."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import make_note

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "a-long-test-password-9"


@pytest.fixture
def page(chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context()
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_site_and_admin_run_under_the_policy_without_violations(
    live_server, page, django_user_model
):
    django_user_model.objects.create_superuser("chief", "c@example.org", PASSWORD)
    note = make_note(title="Policy-checked note", body="Math: $x^2 + y^2$.")
    violations = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    base = live_server.url

    page.goto(f"{base}{note.get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Policy-checked note")
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("chief")

    # actions.js ticks every row from the header checkbox: the admin's
    # scripts, loaded from /static/, run under the policy.
    page.goto(f"{base}/admin/catalog/note/")
    page.check("#action-toggle")
    expect(page.locator("input.action-select").first).to_be_checked()
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    page.goto(f"{base}/admin/catalog/note/{note.pk}/change/")
    expect(page.locator("#content h2, #content h1").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "csp_admin_change_form.png"))

    assert violations == []
