"""The site's emails: moderators hear of review requests, authors of decisions,
readers of what became of what they sent.

Messages are written inside the transition's transaction but sent only once it
commits (`transaction.on_commit`), so a refused or rolled-back transition
never mails anyone. Django's email framework sends them: the console backend
unless the settings say otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

if TYPE_CHECKING:
    from catalog.models import Note, NoteEvent, Submission

# How each decision reads in a subject line.
DECISION_LABELS = {
    "approved": "Approved and published",
    "changes_requested": "Changes requested",
    "rejected": "Rejected",
    "unpublished": "Unpublished",
    "archived": "Archived",
}


def _send_after_commit(messages: list[EmailMessage]) -> None:
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))


def _message(*, to: str, template: str, context: dict) -> EmailMessage:
    subject, _, body = render_to_string(template, context).partition("\n")
    return EmailMessage(
        subject=subject.strip(),
        body=body.lstrip("\n"),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )


def _admin_url(note: Note) -> str:
    return settings.SITE_URL + reverse("admin:catalog_note_change", args=[note.pk])


def moderator_addresses(*, exclude: set[int | None] = frozenset()) -> list[str]:
    """The email addresses of active people who review notes."""
    holds = Q(
        groups__permissions__codename="review_note",
        groups__permissions__content_type__app_label="catalog",
    ) | Q(
        user_permissions__codename="review_note",
        user_permissions__content_type__app_label="catalog",
    )
    people = (
        get_user_model()
        .objects.filter(holds, is_active=True)
        .exclude(email="")
        .exclude(pk__in=[pk for pk in exclude if pk is not None])
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(dict.fromkeys(people))


def notify_review_requested(*, note: Note, event: NoteEvent) -> None:
    """Tell every moderator but the sender that a note awaits review."""
    context = {"note": note, "event": event, "admin_url": _admin_url(note)}
    _send_after_commit(
        [
            _message(
                to=address,
                template="catalog/email/review_requested.txt",
                context=context,
            )
            for address in moderator_addresses(exclude={event.actor_id})
        ]
    )


def notify_decision(*, note: Note, event: NoteEvent) -> None:
    """Tell the note's author and last editor what a moderator decided."""
    people = {
        person.pk: person
        for person in (note.author, note.last_edited_by)
        if person is not None and person.email and person.pk != event.actor_id
    }
    context = {
        "note": note,
        "event": event,
        "decision": DECISION_LABELS.get(
            event.action, event.action.replace("_", " ").capitalize()
        ),
        "admin_url": _admin_url(note),
    }
    _send_after_commit(
        [
            _message(
                to=person.email, template="catalog/email/decision.txt", context=context
            )
            for person in people.values()
        ]
    )


def notify_submission_decided(*, submission: Submission, status_token: str) -> None:
    """Tell a reader what the moderator decided on what they sent.

    Written and sent once the decision commits; a failure to send is logged
    and leaves the decision as it is (`robust`).
    """
    transaction.on_commit(
        lambda: _submission_message(submission, status_token).send(), robust=True
    )


def _submission_message(submission: Submission, status_token: str) -> EmailMessage:
    approved = submission.status == submission.Status.APPROVED
    context = {
        "submission": submission,
        "subject": submission.title or submission.note.paper.title,
        "status_url": settings.SITE_URL
        + reverse("catalog:submission_status", kwargs={"token": status_token}),
        "note_url": settings.SITE_URL + submission.note.get_absolute_url()
        if approved
        else "",
    }
    return _message(
        to=submission.email,
        template="catalog/email/submission_decided.txt",
        context=context,
    )
