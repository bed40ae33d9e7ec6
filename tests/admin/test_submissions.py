"""The moderators' submissions queue in the admin: lists, filters, the diff, the
decisions and bulk actions, and who may reach them."""

from django.core import mail
from django.urls import reverse

from catalog.models import Submission, Topic
from catalog.services import (
    submission_approve,
    submission_create,
    submission_reject,
)
from tests.admin.note_pages import page_text
from tests.factories import NEW_SUMMARY, OLD_SUMMARY, make_note, make_suggestion

QUEUE = "/admin/catalog/submission/"


def decide_url(submission: Submission) -> str:
    return reverse("admin:catalog_submission_decide", args=[submission.pk])


def test_queue_lists_pending_submissions_by_default(note, client, moderator):
    pending = make_suggestion(note)
    done = make_suggestion(note, summary=NEW_SUMMARY + " Rejected one.")
    submission_reject(submission=done, moderator=moderator, reason="No.")
    client.force_login(moderator)

    queue = client.get(QUEUE)
    everything = client.get(QUEUE, {"status": "all"})

    assert list(queue.context["cl"].result_list) == [pending]
    assert "Watermarks that survive paraphrase" in queue.content.decode()
    assert "Ada Lovelace &lt;ada@example.org&gt;" in queue.content.decode()
    assert set(everything.context["cl"].result_list) == {pending, done}


def test_queue_filters_by_kind_venue_and_area(note, registry, client, moderator):
    suggestion = make_suggestion(note)
    paper = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Another paper",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["hallucination"],
        paper_url="https://example.org/p",
        summary="A summary long enough for the form rules to be happy.",
    )
    client.force_login(moderator)

    def listed(**query):
        return list(client.get(QUEUE, query).context["cl"].result_list)

    assert listed(kind="new_paper") == [paper]
    assert listed(venue__id__exact=note.paper.venue_id) == [suggestion]
    assert listed(area__id__exact=registry["areas"]["hallucination"].pk) == [paper]


def test_moderator_sees_the_suggestion_as_a_diff(note, client, moderator):
    submission = make_suggestion(note)
    client.force_login(moderator)

    html = client.get(f"{QUEUE}{submission.pk}/change/").content.decode()

    assert "Suggested summary for" in html
    assert (
        "The paper <del>watermarks</del><ins>embeds a watermark in</ins> model "
        "outputs <del>so </del>that <del>paraphrasing keeps the mark.</del>"
        "<ins>survives paraphrasing, and shows detection" in html
    )
    assert 'value="approve"' in html
    assert 'value="reject"' in html
    assert 'value="spam"' in html


def test_moderator_approves_from_the_admin_and_the_page_changes(
    note, client, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(submission), {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    page = client.get(note.get_absolute_url()).content.decode()
    assert NEW_SUMMARY in page
    assert "Summary suggested by Ada Lovelace." in page
    assert [m.to for m in mail.outbox if "your summary" in m.subject] == [
        ["ada@example.org"]
    ]


def test_reject_without_reason_from_the_admin_says_why_and_changes_nothing(
    note, client, moderator
):
    submission = make_suggestion(note)
    client.force_login(moderator)

    response = client.post(
        decide_url(submission), {"decision": "reject", "reason": ""}, follow=True
    )

    assert "Give a reason: the submitter reads it on their status page." in (
        response.content.decode()
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_new_paper_approval_from_the_admin_uses_the_picked_place(
    registry, client, moderator
):
    topic = Topic.objects.create(name="Interpretability", slug="interpretability")
    submission = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Sparse Probes for Refusal Directions",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["llm_safety"],
        paper_url="https://example.org/probes.pdf",
        summary="Sparse linear probes find the refusal direction of chat models.",
    )
    client.force_login(moderator)
    page = client.get(f"{QUEUE}{submission.pk}/change/").content.decode()
    assert 'name="topics"' in page

    client.post(
        decide_url(submission),
        {
            "decision": "approve",
            "venue": registry["venues"]["ICLR2026"].pk,
            "area": registry["areas"]["llm_alignment"].pk,
            "topics": [topic.pk],
        },
    )

    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    paper = submission.note.paper
    assert (paper.venue.code, paper.area.slug) == ("ICLR2026", "llm_alignment")
    assert paper.paper_url == "https://example.org/probes.pdf"
    assert list(submission.note.topics.names()) == ["Interpretability"]


def test_bulk_actions_approve_reject_with_one_reason_and_spam(
    note, registry, client, moderator
):
    other = make_note(title="Another paper on refusals", summary=OLD_SUMMARY)
    first, second = make_suggestion(note), make_suggestion(other)
    to_reject = [
        make_suggestion(note, summary=NEW_SUMMARY + f" Variant {n}.") for n in (1, 2)
    ]
    spam = make_suggestion(note, summary="Buy cheap pills at the best prices today!!")
    new_paper = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Needs a place",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["llm_safety"],
        paper_url="https://example.org/p",
        summary="A summary long enough for the form rules to be happy.",
    )
    client.force_login(moderator)

    client.post(
        QUEUE,
        {
            "action": "approve_selected",
            "_selected_action": [first.pk, new_paper.pk],
        },
    )
    # An approved note is published again: the second suggestion is for another.
    client.post(QUEUE, {"action": "approve_selected", "_selected_action": [second.pk]})
    ask = client.post(
        QUEUE,
        {"action": "reject_selected", "_selected_action": [s.pk for s in to_reject]},
    )
    client.post(
        QUEUE,
        {
            "action": "reject_selected",
            "_selected_action": [s.pk for s in to_reject],
            "apply": "1",
            "reason": "Duplicates of an approved suggestion.",
        },
    )
    client.post(QUEUE, {"action": "mark_spam_selected", "_selected_action": [spam.pk]})

    assert "Each submitter reads the reason." in ask.content.decode()
    statuses = dict(Submission.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == Submission.Status.APPROVED
    assert statuses[new_paper.pk] == Submission.Status.PENDING
    assert {statuses[s.pk] for s in to_reject} == {Submission.Status.REJECTED}
    assert Submission.objects.get(pk=to_reject[0].pk).reason == (
        "Duplicates of an approved suggestion."
    )
    assert statuses[spam.pk] == Submission.Status.SPAM


def test_anonymous_and_editors_cannot_reach_the_decisions(note, client, editor):
    submission = make_suggestion(note)

    anonymous_queue = client.get(QUEUE)
    anonymous_post = client.post(decide_url(submission), {"decision": "approve"})
    client.force_login(editor)
    editor_queue = client.get(QUEUE)
    editor_page = client.get(f"{QUEUE}{submission.pk}/change/")
    editor_post = client.post(decide_url(submission), {"decision": "approve"})
    editor_action = client.post(
        QUEUE, {"action": "mark_spam_selected", "_selected_action": [submission.pk]}
    )

    assert anonymous_queue.status_code == 302
    assert anonymous_queue["Location"].startswith("/admin/login/")
    assert anonymous_post.status_code == 302
    assert editor_queue.status_code == 403
    assert editor_page.status_code == 403
    assert editor_post.status_code == 403
    assert editor_action.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING
    note.refresh_from_db()
    assert note.summary == OLD_SUMMARY


def test_decisions_are_post_only(note, client, moderator):
    submission = make_suggestion(note)
    client.force_login(moderator)

    assert client.get(decide_url(submission), {"decision": "spam"}).status_code == 405
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_nobody_edits_or_adds_submissions_in_the_admin(note, client, moderator):
    submission = make_suggestion(note)
    client.force_login(moderator)

    page = client.get(f"{QUEUE}{submission.pk}/change/").content.decode()

    assert 'name="_save"' not in page
    assert client.get(f"{QUEUE}add/").status_code == 403


def test_a_moderators_own_suggestion_is_refused_with_the_four_eyes_reason(
    note, client, people
):
    submission = make_suggestion(note, submitted_by=people["moderator"])
    client.force_login(people["moderator"])

    response = client.post(decide_url(submission), {"decision": "approve"}, follow=True)
    listed = client.post(
        QUEUE,
        {"action": "approve_selected", "_selected_action": [submission.pk]},
        follow=True,
    )

    said = (
        "You sent this submission yourself, so another moderator must approve "
        "it (four-eyes rule). You may still reject it."
    )
    assert [str(m) for m in response.context["messages"]] == [said]
    assert [str(m) for m in listed.context["messages"]] == [
        f"“{submission}” not done: {said}"
    ]
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING
    page = client.get(reverse("admin:catalog_submission_change", args=[submission.pk]))
    assert "Sent from the account: moderator" in page_text(page)
    assert said in page_text(page)
    assert 'value="approve"' not in page.content.decode()
    client.logout()
    assert NEW_SUMMARY not in client.get(note.get_absolute_url()).content.decode()


def test_moderator_reads_the_suggestion_rendered_beside_the_summary_now(
    note, client, moderator
):
    submission = make_suggestion(
        note, summary="A **bolder** summary <script>alert(1)</script> of it."
    )
    client.force_login(moderator)

    html = client.get(f"{QUEUE}{submission.pk}/change/").content.decode()

    side = html[html.index('id="submission-side-by-side"') :]
    now = side[side.index('id="summary-now"') : side.index('id="summary-suggested"')]
    suggested = side[side.index('id="summary-suggested"') :].split("</div>")[0]
    assert note.summary_html in now
    assert "<strong>bolder</strong>" in suggested
    assert "<script>alert(1)</script>" not in html


def test_a_suggestion_typed_in_a_browser_keeps_its_credit_once_published(
    note, client, moderator
):
    # A browser ends a text area's lines with CR LF; a note's text is stored
    # with LF: the published summary is still the reader's, and credited.
    submission = make_suggestion(note, summary="A first line.\r\nA second line.")
    submission_approve(submission=submission, moderator=moderator)

    page = client.get(note.get_absolute_url()).content.decode()

    assert "Summary suggested by Ada Lovelace." in page
