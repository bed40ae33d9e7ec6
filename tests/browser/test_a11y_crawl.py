"""Every page kind a reader, an editor and a moderator open, through the gate.

One Chromium opens each page once and checks it with axe-core (WCAG 2.0 and
2.1 A and AA, and best practice) in light and dark, at 1280 and 320 px, and
fails a page that scrolls sideways at 320 px; the server's HTML of every page
then goes through the Nu HTML Checker in one run, and the public pages'
JSON-LD is read back. Forms are checked in their refused state too.

A new page kind joins the crawl here. Screenshots at 320 px of the home page,
an area page, a note with a long formula and the review queue go to
test-artifacts/a11y/, with report.txt listing every problem found.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from catalog.models import Note, Submission, Topic, Venue
from catalog.services import (
    demo_load,
    note_preview_token,
    note_request_changes,
    note_revise,
    note_submit,
    submission_create,
    submission_status_token,
)
from notes_cms.health import server_error
from tests.browser.crawl import Crawl
from tests.factories import (
    make_draft,
    make_in_review,
    make_note,
    make_person,
    make_suggestion,
)

PASSWORD = "a-long-test-password-17"
# Inline math wider than a phone: it must scroll within its line, not the page.
LONG_FORMULA = (
    r"The loss is $\mathcal{L}(\theta) = \sum_{i=1}^{N} \log p_\theta(x_i \mid "
    r"x_{<i}) + \lambda \lVert \theta - \theta_0 \rVert_2^2 + \beta \, "
    r"\mathrm{KL}(q_\phi(z \mid x) \,\|\, p(z))$ for every model tested."
)
DISPLAY_FORMULA = (
    "## Method\n\nThe bound:\n\n"
    r"$$\sum_{i=1}^{N} \log p_\theta(x_i \mid x_{<i}) + \lambda \lVert \theta "
    r"- \theta_0 \rVert_2^2 + \beta \, \mathrm{KL}(q_\phi(z \mid x) \,\|\, p(z))"
    r" + \gamma \sum_j w_j^2$$"
    "\n\n| Model | Score | Notes |\n| --- | --- | --- |\n"
    "| A very long model name for a table | 0.91 | scrolls on a phone |\n"
)
SHOTS = frozenset(
    {
        "home",
        "area",
        "note with a long formula",
        "review queue",
        "admin index",
        "admin index, a moderator's desk",
        "resubmitted note",
    }
)


def make_world() -> dict:
    """The demo listing, staff, and one of each thing a page can show."""
    demo_load()
    editor = make_person("editor", "Editors", password=PASSWORD)
    moderator = make_person("moderator", "Moderators", password=PASSWORD)
    formula = make_note(
        title="A bound with a long formula",
        summary=LONG_FORMULA,
        body=DISPLAY_FORMULA,
        topics=["Watermarking"],
        code_url="https://example.org/code",
    )
    draft = make_draft(author=editor, title="A draft about watermarks")
    in_review = make_in_review(author=editor, title="A note waiting for review")
    # Each list of both desks holds a note: one returned with its reason, one
    # resubmitted after a request (its round's diff), one overdue.
    returned = make_in_review(author=editor, title="A note sent back to its author")
    note_request_changes(note=returned, moderator=moderator, reason="Cite the data.")
    resubmitted = make_in_review(author=editor, title="A note in its second round")
    note_request_changes(note=resubmitted, moderator=moderator, reason="Shorter.")
    note_revise(note=resubmitted, user=editor, changes={"summary": "Short."})
    note_submit(note=resubmitted, user=editor)
    Note.objects.filter(pk=in_review.pk).update(
        review_requested_at=timezone.now() - timedelta(days=3)
    )
    suggestion = make_suggestion(formula)
    new_paper = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="A paper the site does not cover",
        venue=Venue.objects.get(code="ICML2025"),
        area=formula.paper.area,
        paper_url="https://arxiv.org/abs/2501.01234",
        summary="A summary of a new paper on model safety, with $x^2$ in it.",
        name="Grace",
        email="",
    )
    return {
        "formula": formula,
        "demo": Note.objects.published().exclude(pk=formula.pk).order_by("pk")[0],
        "topic": Topic.objects.get(slug="watermarking"),
        "draft": draft,
        "in_review": in_review,
        "resubmitted": resubmitted,
        "suggestion": suggestion,
        "new_paper": new_paper,
        "preview": note_preview_token(note=draft, user=editor),
    }


def reader_pages(crawl: Crawl, world: dict) -> None:
    page = crawl.visitor()
    formula, demo, topic = world["formula"], world["demo"], world["topic"]
    area = reverse(
        "catalog:area_detail", kwargs={"venue": "ICML2025", "area_slug": "llm_safety"}
    )
    crawl.open(page, "home", "/")
    crawl.open(page, "venue", "/ICML2025/", listing=True)
    crawl.open(page, "area", area, listing=True)
    crawl.open(
        page,
        "area, filtered",
        f"{area}?topic={topic.slug}&has_code=1&sort=newest",
        listing=True,
    )
    crawl.open(page, "area, filtered to nothing", f"{area}?q=zzzqqq", listing=True)
    crawl.open(
        page, "area, refused filter", f"{area}?topic=no-such", status=400, listing=True
    )
    crawl.open(page, "area, empty", "/ICML2025/hallucination/", listing=True)
    crawl.open(page, "area across venues", "/areas/llm_safety/", listing=True)
    topic_url = reverse("catalog:topic_detail", kwargs={"topic_slug": topic.slug})
    crawl.open(page, "topic", topic_url, listing=True)
    crawl.open(page, "topic, filtered", f"{topic_url}?venue=ICML2025", listing=True)
    crawl.open(page, "search", "/search/")
    crawl.open(page, "search results", "/search/?q=watermark", listing=True)
    crawl.open(page, "search, no result", "/search/?q=zzzqqq", listing=True)
    crawl.open(page, "note", demo.get_absolute_url())
    crawl.open(page, "note with a long formula", formula.get_absolute_url())

    # A reader's forms, refused and then sent.
    crawl.open(page, "suggestion form", f"{formula.get_absolute_url()}suggest/")
    # Sent unchanged: the server refuses what the browser's checks let through.
    crawl.submit(page, "suggestion form, refused", page.get_by_text("Send suggestion"))
    page.get_by_label("Your summary").fill(
        "A better summary of the bound, long enough to be read and approved."
    )
    crawl.submit(
        page, "submission status, after sending", page.get_by_text("Send suggestion")
    )
    crawl.open(page, "submission form", "/submit/")
    # Every field refused at once: past the browser's own checks.
    page.locator("form.submission-form").evaluate("form => form.noValidate = true")
    crawl.submit(page, "submission form, refused", page.get_by_text("Send note"))
    token = submission_status_token(submission=world["new_paper"])
    crawl.open(page, "submission status", f"/submissions/{token}/")

    crawl.open(page, "preview link", f"/preview/{world['preview']}/")
    crawl.open(page, "preview link, expired", "/preview/not-a-token/", status=404)
    crawl.open(page, "not found", "/no/such/page/", status=404)
    # The 500 page as the handler renders it, served where a failing page
    # would be: no URL of the site fails on purpose.
    answer = server_error(RequestFactory().get("/"))
    page.route(
        f"{crawl.base}/broken/",
        lambda route: route.fulfill(
            status=answer.status_code, body=answer.content, content_type="text/html"
        ),
    )
    crawl.open(page, "server error", "/broken/", status=500)
    # A form posted without the site's cookie: Django's CSRF refusal.
    crawl.open(page, "submission form, for a stale post", "/submit/")
    page.context.clear_cookies()
    page.locator("form.submission-form").evaluate("form => form.noValidate = true")
    crawl.submit(page, "stale form refused", page.get_by_text("Send note"), status=403)
    page.context.close()


def editor_pages(crawl: Crawl, world: dict) -> None:
    login = crawl.visitor()
    crawl.open(login, "login", "/admin/login/")
    login.context.close()
    page = crawl.visitor("editor")
    draft = world["draft"]
    crawl.open(page, "admin index", "/admin/")
    crawl.open(page, "note changelist", "/admin/catalog/note/")
    crawl.open(page, "note add form", "/admin/catalog/note/add/")
    crawl.submit(page, "note add form, refused", page.locator("input[name=_save]"))
    crawl.open(page, "note change form", f"/admin/catalog/note/{draft.pk}/change/")
    crawl.open(page, "note preview", f"/admin/catalog/note/{draft.pk}/preview/")
    crawl.open(
        page,
        "review queue, for an editor",
        reverse("admin:catalog_note_review_queue"),
        status=403,
    )
    page.context.close()


def moderator_pages(crawl: Crawl, world: dict) -> None:
    page = crawl.visitor("moderator")
    note = world["in_review"]
    crawl.open(page, "admin index, a moderator's desk", "/admin/")
    crawl.open(page, "review queue", reverse("admin:catalog_note_review_queue"))
    second = world["resubmitted"]
    crawl.open(page, "resubmitted note", f"/admin/catalog/note/{second.pk}/change/")
    crawl.open(page, "resubmission diff", f"/admin/catalog/note/{second.pk}/diff/")
    crawl.open(page, "event log", reverse("admin:catalog_note_events"))
    crawl.open(page, "note in review", f"/admin/catalog/note/{note.pk}/change/")
    crawl.open(page, "note history", f"/admin/catalog/note/{note.pk}/history/")
    crawl.open(page, "note diff", f"/admin/catalog/note/{note.pk}/diff/?a=0&b=1")
    crawl.open(page, "submissions queue", "/admin/catalog/submission/")
    for name, submission in (
        ("suggested summary", world["suggestion"]),
        ("submitted paper", world["new_paper"]),
    ):
        crawl.open(page, name, f"/admin/catalog/submission/{submission.pk}/change/")
    page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_kind_passes_axe_reflows_and_is_valid_html(
    live_server, chromium, settings
):
    # Playwright fills a form in milliseconds: let the reader's forms accept
    # it (the minimum itself is tested in tests/views/test_submission_forms.py).
    settings.SUBMISSION_MIN_SECONDS = 0
    world = make_world()
    crawl = Crawl(chromium, live_server.url, PASSWORD, shots=SHOTS)

    reader_pages(crawl, world)
    editor_pages(crawl, world)
    moderator_pages(crawl, world)
    crawl.validate_html()

    report = crawl.report()
    assert not crawl.problems, report
