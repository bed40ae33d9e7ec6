"""Who may change what: `ACTIONS` posts to the endpoints that change state, for
each role, and checks in the database whether the change happened: allowed
roles change it, the others are turned away and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client

from catalog.models import (
    Area,
    Note,
    Paper,
    PreviewLink,
    Submission,
    Topic,
    Venue,
)
from catalog.services import note_preview_token
from tests.permissions.world import (
    LOGIN,
    MOVED,
    ROLES,
    World,
    answer_of,
    note_path,
)
from tests.support.server import form_fields


@dataclass
class Action:
    """A post that changes state, who may make it, and how to see it happened."""

    post: Callable[[World, Client], object]
    done: Callable[[World], bool]
    allowed: set[str]


def _fields(world: World, url: str, form_id: str | None) -> dict[str, object]:
    """A form as the superuser's browser would send it back (form_id None: the
    form that posts to its own page)."""
    page = world.clients["superuser"].get(url).content.decode()
    fields: dict[str, object] = {}
    found = form_fields(page, form_id, action="" if form_id is None else None)
    for name, value in found:
        fields[name] = [*fields[name], value] if name in fields else value
    return fields


def _transition(action: str, **data) -> Callable[[World, Client], object]:
    def post(world: World, client: Client):
        note = world.draft if action == "submit" else world.in_review
        if action == "unpublish":
            note = world.live
        url = world.admin("catalog_note_transition", note.pk, action)
        return client.post(url, {"revision": note.current_revision_id, **data})

    return post


def _status(attribute: str, value: str) -> Callable[[World], bool]:
    return lambda w: Note.objects.get(pk=getattr(w, attribute).pk).status == value


def _shared_link(world: World) -> PreviewLink:
    """The draft's shared preview link (made by the author on first use)."""
    link = PreviewLink.objects.filter(note=world.draft).first()
    if link is None:
        author = User.objects.get(username="author")
        note_preview_token(note=world.draft, user=author)
        link = PreviewLink.objects.get(note=world.draft)
    return link


EDITORS_UP = {"editor", "moderator", "superuser"}
MODERATORS_UP = {"moderator", "superuser"}
EVERYONE = set(ROLES)

ACTIONS: dict[str, Action] = {
    "approve a note in review": Action(
        _transition("approve"),
        _status("in_review", Note.Status.PUBLISHED),
        MODERATORS_UP,
    ),
    "request changes": Action(
        _transition("request_changes", reason="Say more about the method."),
        _status("in_review", Note.Status.CHANGES_REQUESTED),
        MODERATORS_UP,
    ),
    "reject a note": Action(
        _transition("reject", reason="Out of scope."),
        _status("in_review", Note.Status.ARCHIVED),
        MODERATORS_UP,
    ),
    "claim a review": Action(
        _transition("claim"),
        lambda w: Note.objects.get(pk=w.in_review.pk).reviewer_id is not None,
        MODERATORS_UP,
    ),
    "send a draft for review": Action(
        _transition("submit"),
        _status("draft", Note.Status.IN_REVIEW),
        EDITORS_UP,
    ),
    "unpublish a live note": Action(
        _transition("unpublish"),
        lambda w: not Note.objects.get(pk=w.live.pk).is_live,
        MODERATORS_UP,
    ),
    "save a note's text": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_change", w.draft.pk),
            {
                **_fields(w, w.admin("catalog_note_change", w.draft.pk), "note_form"),
                "summary": "A better summary.",
            },
        ),
        lambda w: Note.objects.get(pk=w.draft.pk).summary == "A better summary.",
        EDITORS_UP,
    ),
    "add a note": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_add"),
            {
                **_fields(w, w.admin("catalog_note_add"), "note_form"),
                "venue": Venue.objects.get(code="ICML2025").pk,
                "area": Area.objects.get(slug="llm_safety").pk,
                "title": "A brand new note",
                "summary": "Written just now.",
            },
        ),
        lambda w: Note.objects.filter(paper__title="A brand new note").exists(),
        EDITORS_UP,
    ),
    "revoke a shared preview link": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_transition", w.draft.pk, "revoke_preview"),
            {"link": _shared_link(w).pk},
        ),
        lambda w: _shared_link(w).revoked_at is not None,
        EDITORS_UP,
    ),
    "delete a note": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_delete", w.draft.pk), {"post": "yes"}
        ),
        lambda w: not Note.objects.filter(pk=w.draft.pk).exists(),
        {"superuser"},
    ),
    "delete notes with the note list's bulk action": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [w.draft.pk, w.live.pk],
                "post": "yes",
            },
        ),
        lambda w: not Note.objects.filter(pk__in=[w.draft.pk, w.live.pk]).exists(),
        {"superuser"},
    ),
    "delete a paper": Action(
        lambda w, client: client.post(
            w.admin("catalog_paper_delete", w.live.paper_id), {"post": "yes"}
        ),
        lambda w: not Paper.objects.filter(pk=w.live.paper_id).exists(),
        {"superuser"},
    ),
    "approve from the review queue": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_review_queue"),
            {
                **_fields(w, w.admin("catalog_note_review_queue"), "queue-form"),
                "action": "approve",
                "notes": [w.in_review.pk],
            },
        ),
        _status("in_review", Note.Status.PUBLISHED),
        MODERATORS_UP,
    ),
    "approve with the note list's action": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_changelist"),
            {
                **_fields(w, w.admin("catalog_note_changelist"), "changelist-form"),
                "action": "approve_selected",
                "_selected_action": [w.in_review.pk],
            },
        ),
        _status("in_review", Note.Status.PUBLISHED),
        MODERATORS_UP,
    ),
    "approve a reader's suggestion": Action(
        lambda w, client: client.post(
            w.admin("catalog_submission_decide", w.submission.pk),
            {"decision": "approve"},
        ),
        lambda w: Submission.objects.get(pk=w.submission.pk).status == "approved",
        MODERATORS_UP,
    ),
    "mark a suggestion as spam from the list": Action(
        lambda w, client: client.post(
            w.admin("catalog_submission_changelist"),
            {"action": "mark_spam_selected", "_selected_action": [w.submission.pk]},
        ),
        lambda w: Submission.objects.get(pk=w.submission.pk).status == "spam",
        MODERATORS_UP,
    ),
    "delete a submission": Action(
        lambda w, client: client.post(
            w.admin("catalog_submission_delete", w.submission.pk), {"post": "yes"}
        ),
        lambda w: not Submission.objects.filter(pk=w.submission.pk).exists(),
        {"superuser"},
    ),
    "delete submissions with the list's bulk action": Action(
        lambda w, client: client.post(
            w.admin("catalog_submission_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [w.submission.pk],
                "post": "yes",
            },
        ),
        lambda w: not Submission.objects.filter(pk=w.submission.pk).exists(),
        {"superuser"},
    ),
    "add a topic": Action(
        lambda w, client: client.post(
            w.admin("catalog_topic_add"), {"name": "Robustness", "slug": "robustness"}
        ),
        lambda w: Topic.objects.filter(name="Robustness").exists(),
        MODERATORS_UP,
    ),
    "rename a venue": Action(
        lambda w, client: client.post(
            w.admin("catalog_venue_change", w.live.paper.venue_id),
            {
                **_fields(
                    w,
                    w.admin("catalog_venue_change", w.live.paper.venue_id),
                    "venue_form",
                ),
                "name": "Renamed venue",
            },
        ),
        lambda w: Venue.objects.filter(name="Renamed venue").exists(),
        {"superuser"},
    ),
    "make someone a superuser": Action(
        lambda w, client: client.post(
            w.admin("auth_user_change", w.users["reader"].pk),
            {
                **_fields(
                    w, w.admin("auth_user_change", w.users["reader"].pk), "user_form"
                ),
                "is_staff": "on",
                "is_superuser": "on",
            },
        ),
        lambda w: User.objects.get(pk=w.users["reader"].pk).is_superuser,
        {"superuser"},
    ),
    # Readers are not users: anyone may suggest a summary.
    "suggest a better summary": Action(
        lambda w, client: client.post(
            note_path(w.live, "suggest/"),
            {
                **_fields(w, note_path(w.live, "suggest/"), None),
                "summary": "Anyone may suggest a clearer summary of this paper.",
            },
        ),
        lambda w: Submission.objects.filter(summary__startswith="Anyone may").exists(),
        EVERYONE,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_allowed_roles_change_state(action, role, world, settings):
    settings.SUBMISSION_MIN_SECONDS = 0
    step = ACTIONS[action]
    assert not step.done(world)

    response = step.post(world, world.clients[role])

    assert step.done(world) == (role in step.allowed), response
    if role not in step.allowed and role in ("anonymous", "reader"):
        assert answer_of(response) == LOGIN
    elif role not in step.allowed:
        # Turned away: a 403, or back to the page saying why nothing was done.
        answer = answer_of(response)
        assert answer in (403, MOVED), answer
        if answer == MOVED:
            said = [str(m) for m in get_messages(response.wsgi_request)]
            # A bulk action the role is not offered: Django's own answer.
            assert any(
                text.startswith(("Not done:", "“", "No action selected."))
                or "not done" in text
                for text in said
            ), said
