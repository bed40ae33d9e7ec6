"""The editorial desk in the admin: the dashboard, and events in plain words.

`{% desk_dashboard as desk %}` gives the admin index this person's desk
(catalog.selectors.desk); `{{ event|event_sentence }}` says what happened as
a sentence ("Ada requested changes: …"), never a state code, and
`{{ action|event_kind }}` names a kind of event ("Requested changes").
"""

from __future__ import annotations

from django import template

from catalog.models import Note, NoteEvent
from catalog.selectors import desk_dashboard as _desk_dashboard

register = template.Library()

# What each event's actor did, as the end of a sentence that starts with them.
DID = {
    "created": "created the note as a draft",
    "deleted": "deleted the note",
    "revised": "saved a revision",
    "reverted": "restored an earlier revision",
    "submitted": "sent it for review",
    "resubmitted": "sent it back for review with the changes",
    "claimed": "took the review",
    "unclaimed": "gave the review back to the queue",
    "commented": "added a review comment",
    "comment_resolved": "resolved a review comment",
    "changes_requested": "requested changes",
    "approved": "approved it",
    "rejected": "rejected it",
    "unpublished": "unpublished it",
    "archived": "archived it",
    "imported": "imported it",
    "moved": "moved it to another listing",
    "renamed": "changed its address",
    "retitled": "changed its title",
    "preview_shared": "shared a preview link",
    "preview_revoked": "revoked a preview link",
    "suggestion approved": "published a reader's suggestion",
    "submission_deleted": "deleted a reader's submission",
}

# Where a step left the note, when it moved it along the workflow.
NOW = {
    Note.Status.DRAFT: "It is a draft again.",
    Note.Status.IN_REVIEW: "It waits for a moderator.",
    Note.Status.CHANGES_REQUESTED: "Sent back to the author.",
    Note.Status.PUBLISHED: "It is published.",
    Note.Status.ARCHIVED: "It is archived.",
}


@register.simple_tag(takes_context=True)
def desk_dashboard(context):
    return _desk_dashboard(user=context["request"].user)


@register.filter
def event_kind(action: str) -> str:
    """An event's action as a choice in a list: "Requested changes"."""
    return DID.get(action, action.replace("_", " ")).capitalize()


@register.filter
def event_sentence(event: NoteEvent) -> str:
    """What happened, in words: who did what, why, and where it left the note."""
    who = event.actor.get_username() if event.actor_id else "The system"
    did = DID.get(event.action, event.action.replace("_", " "))
    sentence = f"{who} {did}"
    sentence += f": {event.reason.strip()}" if event.reason.strip() else "."
    moved = event.from_status and event.from_status != event.to_status
    if moved and event.to_status in NOW:
        sentence += f" {NOW[event.to_status]}"
    return sentence
