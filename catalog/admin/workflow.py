"""The workflow buttons of a note's change page, and its preview.

Each button posts to `transition_view` with its action's name; `TRANSITIONS`
says, for each, which service it calls, with what, and what the page then
says. NoteAdmin (catalog/admin/notes.py) mixes the views in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.admin.common import error_text, safe_next
from catalog.models import Note, NoteRevision, PreviewLink, ReviewComment
from catalog.preview import preview_response
from catalog.services import (
    note_approve,
    note_archive,
    note_claim,
    note_preview_token,
    note_reject,
    note_request_changes,
    note_revert,
    note_submit,
    note_unclaim,
    note_unpublish,
    preview_link_revoke,
    review_comment_add,
    review_comment_resolve,
)

# What a service is called with: f(request, note, argument name) -> value.
Argument = Callable[[HttpRequest, Note, str], Any]


def the_note(request: HttpRequest, note: Note, name: str) -> Note:
    return note


def person(request: HttpRequest, note: Note, name: str):
    return request.user


def posted(request: HttpRequest, note: Note, name: str) -> str:
    """The form field of the argument's name (empty if not sent)."""
    return request.POST.get(name, "")


def seen_revision(request: HttpRequest, note: Note, name: str) -> NoteRevision | None:
    """The revision the moderator read, so that a newer one is not decided."""
    pk = request.POST.get("revision")
    return get_object_or_404(NoteRevision, pk=pk, note=note) if pk else None


def chosen_revision(request: HttpRequest, note: Note, name: str) -> NoteRevision:
    number = request.POST.get("number") or 0
    return get_object_or_404(NoteRevision, note=note, number=number)


def chosen_comment(request: HttpRequest, note: Note, name: str) -> ReviewComment:
    pk = request.POST.get("comment") or 0
    return get_object_or_404(ReviewComment, note=note, pk=pk)


def chosen_link(request: HttpRequest, note: Note, name: str) -> PreviewLink:
    pk = request.POST.get("link") or 0
    return get_object_or_404(PreviewLink, note=note, pk=pk)


@dataclasses.dataclass(frozen=True)
class Transition:
    """One button: the service, how each of its arguments is found, and what
    to say when it is done (a format string, or a function of the same
    names: title, result, request and the arguments)."""

    service: Callable[..., Any]
    arguments: dict[str, Argument]
    done: str | Callable[..., str]

    def run(self, request: HttpRequest, note: Note) -> str:
        arguments = {
            name: find(request, note, name) for name, find in self.arguments.items()
        }
        result = self.service(**arguments)
        said = {"title": f"“{note}”", "result": result, "request": request}
        said.update(arguments)
        if callable(self.done):
            return self.done(**said)
        return self.done.format(**said)


def _approved(*, title: str, result: Note, **said) -> str:
    if result.published_at > timezone.now():
        when = timezone.localtime(result.published_at)
        return f"Approved {title}: it goes live on {when:%Y-%m-%d %H:%M %Z}."
    return f"Approved {title}: it is live on its public page."


def _rejected(*, title: str, result: Note, **said) -> str:
    if result.is_live:
        return (
            f"Rejected the new revision of {title}; the published text "
            "stays and the rejected one is kept in the history."
        )
    return f"Rejected {title}: it is archived, its text kept."


def _preview_link(*, request: HttpRequest, result: str, **said) -> str:
    url = request.build_absolute_uri(reverse("catalog:note_preview", args=[result]))
    return (
        "Preview link of this revision, valid for 7 days unless you revoke it "
        f"below, for anyone who has it: {url}"
    )


NOTE, USER, MODERATOR = {"note": the_note}, {"user": person}, {"moderator": person}

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        note_submit,
        {**NOTE, **USER, "message": posted},
        "Sent {title} for review; the moderators have been emailed.",
    ),
    "approve": Transition(
        note_approve,
        {**NOTE, **MODERATOR, "comment": posted, "revision": seen_revision},
        _approved,
    ),
    "request_changes": Transition(
        note_request_changes,
        {**NOTE, **MODERATOR, "reason": posted, "revision": seen_revision},
        "Sent {title} back to its author with your reason.",
    ),
    "reject": Transition(
        note_reject,
        {**NOTE, **MODERATOR, "reason": posted, "revision": seen_revision},
        _rejected,
    ),
    "unpublish": Transition(
        note_unpublish,
        {**NOTE, **MODERATOR, "reason": posted},
        "Unpublished {title}: the public no longer sees it.",
    ),
    "archive": Transition(
        note_archive, {**NOTE, **USER, "reason": posted}, "Archived {title}."
    ),
    "claim": Transition(note_claim, {**NOTE, **MODERATOR}, "You review {title} now."),
    "unclaim": Transition(
        note_unclaim, {**NOTE, **MODERATOR}, "Gave {title} back to the review queue."
    ),
    "revert": Transition(
        note_revert,
        {**NOTE, **USER, "revision": chosen_revision},
        "Revision {result.number} of {title} restores revision "
        "{revision.number}'s text.",
    ),
    "comment": Transition(
        review_comment_add,
        {**NOTE, **MODERATOR, "text": posted},
        "Comment added to {title}.",
    ),
    "resolve": Transition(
        review_comment_resolve,
        {"comment": chosen_comment, **USER},
        "Comment marked as resolved.",
    ),
    "share_preview": Transition(note_preview_token, {**NOTE, **USER}, _preview_link),
    "revoke_preview": Transition(
        preview_link_revoke,
        {"link": chosen_link, **USER},
        "Revoked the preview link of revision {result.revision.number} of "
        "{title}: it no longer shows anything.",
    ),
}


class NoteTransitionsMixin:
    """POST views that move a note through the workflow."""

    def transition_view(self, request: HttpRequest, object_id: str, action: str):
        return require_POST(self._transition)(request, object_id, action)

    def _transition(self, request: HttpRequest, object_id: str, action: str):
        note = self._note_or_404(request, object_id)
        transition = TRANSITIONS.get(action)
        if transition is None:
            raise Http404("No such workflow action.")
        back = safe_next(request, self._change_url(note))
        try:
            done = transition.run(request, note)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"Not done: {error_text(error)}")
        else:
            messages.success(request, done)
        return HttpResponseRedirect(back)

    def preview_view(self, request: HttpRequest, object_id: str):
        note = self._note_or_404(request, object_id)
        return never_cache(preview_response)(request, note)
