"""Reader submissions decided: what approval, rejection and spam do to the note
and the site, the emails they send, and who may decide."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from catalog.models import NoteEvent, Paper, Submission, Topic
from catalog.services import (
    note_revise,
    submission_approve,
    submission_create,
    submission_mark_spam,
    submission_reject,
    submission_status_token,
)
from tests.factories import (
    NEW_SUMMARY,
    OLD_SUMMARY,
    make_note,
    make_person,
    make_suggestion,
)
from tests.pagetext import visible_lines
from tests.views.test_submission_forms import (
    new_paper_data,
    suggest_url,
    suggestion_data,
)


def test_approved_suggestion_goes_live_crediting_the_reader(
    note, client, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)

    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(submission=submission, moderator=moderator)

    note.refresh_from_db()
    assert note.summary == NEW_SUMMARY
    assert note.live_revision.message == "Summary suggested by Ada Lovelace"
    assert note.live_revision.created_by is None
    event = note.events.get(action="suggestion approved")
    assert event.actor == moderator
    assert event.reason == "Summary suggested by Ada Lovelace"
    lines = visible_lines(client.get(note.get_absolute_url()).content.decode())
    assert NEW_SUMMARY in lines
    assert OLD_SUMMARY not in lines
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Summary suggested by Ada Lovelace." in page
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert submission.decided_by == moderator
    assert submission.decided_at is not None


def test_credit_ends_when_an_editor_rewrites_the_summary(
    note, client, moderator, editor
):
    submission_approve(submission=make_suggestion(note, name=""), moderator=moderator)
    assert (
        "Summary suggested by a reader."
        in client.get(note.get_absolute_url()).content.decode()
    )

    revision = note_revise(
        note=note, user=editor, changes={"summary": "An editor's own words here."}
    )
    second = make_person("moderator2", "Moderators")
    from catalog.services import note_publish_revision

    note_publish_revision(note=note, revision=revision, moderator=second)

    assert (
        "Summary suggested by"
        not in client.get(note.get_absolute_url()).content.decode()
    )


def test_approval_emails_the_submitter_after_commit_only(
    note, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission_approve(submission=submission, moderator=moderator)
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    to_reader = [
        message for message in mail.outbox if message.to == ["ada@example.org"]
    ]
    assert len(to_reader) == 1
    message = to_reader[0]
    assert message.subject == (
        'Published: your summary for "Watermarks that survive paraphrase"'
    )
    assert "credited to Ada Lovelace" in message.body
    assert f"http://127.0.0.1:8000{note.get_absolute_url()}" in message.body
    token = submission_status_token(submission=submission)
    assert f"http://127.0.0.1:8000/submissions/{token}/" in message.body


def test_rejection_needs_a_reason_and_emails_it(
    note, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)

    with pytest.raises(ValidationError, match="Give a reason"):
        submission_reject(submission=submission, moderator=moderator, reason="  ")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        submission_reject(
            submission=submission, moderator=moderator, reason="Misreads table 2."
        )

    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    assert submission.reason == "Misreads table 2."
    assert note.events.get(action="suggestion rejected").reason == "Misreads table 2."
    note.refresh_from_db()
    assert note.summary == OLD_SUMMARY
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject.startswith("Not published: your summary for")
    assert "Misreads table 2." in message.body


def test_spam_leaves_the_note_alone_and_mails_nobody(
    note, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)

    with django_capture_on_commit_callbacks(execute=True):
        submission_mark_spam(submission=submission, moderator=moderator)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.SPAM
    assert submission.decided_by == moderator
    assert note.events.get(action="suggestion spam").actor == moderator
    note.refresh_from_db()
    assert note.summary == OLD_SUMMARY
    assert mail.outbox == []


def test_no_email_without_an_address(
    note, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(
            submission=make_suggestion(note, email=""), moderator=moderator
        )

    assert [m for m in mail.outbox if "your summary" in m.subject] == []


@pytest.mark.parametrize("first", ["approve", "reject", "spam"])
def test_deciding_twice_is_refused(note, moderator, first):
    submission = make_suggestion(note)
    decide = {
        "approve": lambda: submission_approve(
            submission=submission, moderator=moderator
        ),
        "reject": lambda: submission_reject(
            submission=submission, moderator=moderator, reason="No."
        ),
        "spam": lambda: submission_mark_spam(
            submission=submission, moderator=moderator
        ),
    }
    decide[first]()
    events = NoteEvent.objects.count()

    for again in decide.values():
        with pytest.raises(ValidationError, match="already decided.*by moderator"):
            again()
    assert NoteEvent.objects.count() == events


def test_approval_is_refused_while_the_note_has_a_draft_in_the_workflow(
    note, moderator, editor
):
    note_revise(note=note, user=editor, changes={"body": "A new section."})
    submission = make_suggestion(note)

    with pytest.raises(ValidationError, match="changes in the review workflow"):
        submission_approve(submission=submission, moderator=moderator)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_new_paper_approval_publishes_it_where_the_moderator_chose(
    registry, client, moderator, django_capture_on_commit_callbacks
):
    for name in ["Interpretability", "LLM"]:
        Topic.objects.create(name=name, slug=name.lower())
    submission = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Sparse Probes for Refusal Directions",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["llm_safety"],
        paper_url="https://arxiv.org/abs/2501.01234",
        summary="Sparse linear probes find the refusal direction of chat models.",
        email="grace@example.org",
    )

    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(
            submission=submission,
            moderator=moderator,
            venue=registry["venues"]["ICML2026"],
            area=registry["areas"]["hallucination"],
            topics=Topic.objects.filter(name__in=["Interpretability", "LLM"]),
        )

    submission.refresh_from_db()
    note = submission.note
    assert note.paper.venue.code == "ICML2026"
    assert note.paper.area.slug == "hallucination"
    assert note.paper.slug == "sparse_probes_for_refusal_directions"
    assert note.paper.arxiv_id == "2501.01234"
    assert sorted(note.topics.names()) == ["Interpretability", "LLM"]
    assert list(note.revisions.values_list("number", "message", "created_by")) == [
        (1, "Paper and note submitted by a reader", None)
    ]
    assert note.live_revision.number == 1
    assert (submission.venue.code, submission.area.slug) == (
        "ICML2026",
        "hallucination",
    )
    url = "/ICML2026/hallucination/sparse_probes_for_refusal_directions/"
    assert note.get_absolute_url() == url
    lines = visible_lines(client.get(url).content.decode())
    assert "Sparse Probes for Refusal Directions" in lines
    assert "Sparse linear probes find the refusal direction of chat models." in lines
    (message,) = [m for m in mail.outbox if m.to == ["grace@example.org"]]
    assert message.subject == (
        'Published: your note on "Sparse Probes for Refusal Directions"'
    )


def test_new_paper_approval_refuses_a_taken_address(registry, moderator):
    make_note(venue="ICLR2026", title="Sparse Probes for Refusal Directions")
    submission = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Sparse Probes for Refusal Directions",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["llm_safety"],
        paper_url="https://example.org/paper.pdf",
        summary="Sparse linear probes find the refusal direction of chat models.",
    )

    with pytest.raises(ValidationError, match="already has a paper"):
        submission_approve(submission=submission, moderator=moderator)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_only_moderators_decide(note, editor):
    submission = make_suggestion(note)

    for decide in (
        lambda: submission_approve(submission=submission, moderator=editor),
        lambda: submission_reject(submission=submission, moderator=editor, reason="x"),
        lambda: submission_mark_spam(submission=submission, moderator=editor),
    ):
        with pytest.raises(PermissionDenied, match="Only moderators"):
            decide()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


# --- Four eyes: a moderator's own submission ----------------------------------


def test_a_moderator_cannot_approve_the_suggestion_they_sent(note, client, people):
    client.force_login(people["moderator"])
    client.post(suggest_url(note), suggestion_data(name="", email=""))
    submission = Submission.objects.get(note=note)
    assert submission.submitted_by == people["moderator"]

    with pytest.raises(PermissionDenied, match="another moderator must approve"):
        submission_approve(submission=submission, moderator=people["moderator"])

    note.refresh_from_db()
    assert note.summary == OLD_SUMMARY
    submission_approve(submission=submission, moderator=people["moderator2"])
    note.refresh_from_db()
    assert note.summary == NEW_SUMMARY


def test_a_moderator_cannot_approve_the_new_note_they_submitted(
    registry, client, people
):
    client.force_login(people["moderator"])
    client.post(reverse("catalog:submission_create"), new_paper_data(registry))
    submission = Submission.objects.get(kind=Submission.Kind.NEW_PAPER)

    with pytest.raises(PermissionDenied, match="another moderator must approve"):
        submission_approve(submission=submission, moderator=people["moderator"])

    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING
    assert not Paper.objects.filter(title=submission.title).exists()
    submission_approve(submission=submission, moderator=people["moderator2"])
    assert Paper.objects.get(title=submission.title).note.is_live


def test_a_readers_submission_records_no_account(note, client):
    client.post(suggest_url(note), suggestion_data())

    assert Submission.objects.get(note=note).submitted_by is None
