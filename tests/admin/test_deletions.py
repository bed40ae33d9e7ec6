"""Deleting in the admin: superusers only, and the event log outlives it."""

from django.contrib import admin
from django.urls import reverse

from catalog.models import Note, NoteEvent, Paper, Submission
from catalog.services import note_submit, submission_create
from tests.admin.note_pages import as_user, page_text, write_draft
from tests.factories import make_note


def _delete(client, model: str, pk) -> object:
    return client.post(
        reverse(f"admin:catalog_{model}_delete", args=[pk]), {"post": "yes"}
    )


def test_deleting_a_note_keeps_its_events_and_logs_the_deletion(people, client):
    note = write_draft(people, title="A note that will be deleted")
    note_submit(note=note, user=people["editor"])
    before = list(NoteEvent.objects.filter(note=note).values_list("pk", flat=True))
    address = "ICML2025/llm_safety/a_note_that_will_be_deleted"

    _delete(as_user(client, people["superuser"]), "note", note.pk)

    assert not Note.objects.filter(pk=note.pk).exists()
    kept = NoteEvent.objects.filter(pk__in=before)
    assert kept.count() == len(before) == 2
    label = f"“A note that will be deleted” ({address})"
    assert {event.note_label for event in kept} == {label}
    deleted = NoteEvent.objects.get(action="deleted")
    assert (deleted.actor, deleted.note_label, deleted.from_status) == (
        people["superuser"],
        label,
        Note.Status.IN_REVIEW,
    )
    log = page_text(client.get(reverse("admin:catalog_note_events")))
    assert f"{label} (deleted) admin deleted the note" in log
    sent = "editor sent it for review. It waits for a moderator."
    assert f"{label} (deleted) {sent}" in log


def test_only_superusers_delete_notes_papers_and_submissions(people, client):
    note = make_note(title="A live note", summary="Read by everyone.")
    paper = make_note(title="Another paper").paper
    submission = submission_create(
        kind=Submission.Kind.SUGGESTION,
        note=note,
        summary="A reader's better summary, long enough to be accepted.",
    )
    for role in ("editor", "moderator"):
        as_user(client, people[role])
        assert _delete(client, "note", note.pk).status_code == 403
        assert _delete(client, "paper", paper.pk).status_code == 403
        assert _delete(client, "submission", submission.pk).status_code == 403
        client.post(
            reverse("admin:catalog_note_changelist"),
            {"action": "delete_selected", "_selected_action": [note.pk], "post": "yes"},
        )
        assert not people[role].has_perm("catalog.delete_note")
    assert Note.objects.filter(pk=note.pk).exists()
    assert Paper.objects.filter(pk=paper.pk).exists()
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert not NoteEvent.objects.filter(action__endswith="deleted").exists()

    as_user(client, people["superuser"])
    _delete(client, "submission", submission.pk)
    _delete(client, "paper", paper.pk)
    client.post(
        reverse("admin:catalog_note_changelist"),
        {"action": "delete_selected", "_selected_action": [note.pk], "post": "yes"},
    )

    assert not Note.objects.exists()
    assert not Submission.objects.exists()
    assert NoteEvent.objects.get(
        action="deleted", note_label__contains="A live note"
    ).reason == (
        "Deleted “A live note” (ICML2025/llm_safety/a_live_note), status Published"
    )
    assert sorted(
        NoteEvent.objects.filter(actor=people["superuser"]).values_list(
            "action", "note_label"
        )
    ) == [
        ("deleted", "“A live note” (ICML2025/llm_safety/a_live_note)"),
        ("deleted", "“Another paper” (ICML2025/llm_safety/another_paper)"),
        ("submission_deleted", "“A live note” (ICML2025/llm_safety/a_live_note)"),
    ]


def test_nobody_edits_or_deletes_events_in_the_admin(people, client):
    note = write_draft(people)
    as_user(client, people["superuser"])

    assert not admin.site.is_registered(NoteEvent)
    page = client.get(reverse("admin:catalog_note_events")).content.decode()
    log = page[page.index('<table id="event-log">') :]
    log = log[: log.index("</table>")]
    assert "draft" in log
    assert "<form" not in log and "<button" not in log and "<input" not in log
    assert NoteEvent.objects.filter(note=note).count() == 1
