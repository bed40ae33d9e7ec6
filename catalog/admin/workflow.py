"""The workflow buttons of a note's change page, and its preview.

Each button posts to `transition_view`, which calls the service for the
action and says what happened (NoteAdmin in catalog/admin/notes.py mixes
this in).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.admin.common import error_text, safe_next
from catalog.models import Note, NoteRevision, ReviewComment
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
    review_comment_add,
    review_comment_resolve,
)


class NoteTransitionsMixin:
    """POST views that move a note through the workflow."""

    def transition_view(self, request: HttpRequest, object_id: str, action: str):
        return require_POST(self._transition)(request, object_id, action)

    def _transition(self, request: HttpRequest, object_id: str, action: str):
        note = self._note_or_404(request, object_id)
        back = safe_next(request, self._change_url(note))
        try:
            done = self._run(request, note, action)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"Not done: {error_text(error)}")
        else:
            messages.success(request, done)
        return HttpResponseRedirect(back)

    def _seen_revision(self, request: HttpRequest, note: Note) -> NoteRevision | None:
        pk = request.POST.get("revision")
        if not pk:
            return None
        return get_object_or_404(NoteRevision, pk=pk, note=note)

    def _run(self, request: HttpRequest, note: Note, action: str) -> str:
        """Call the service for `action`; return what to tell the person."""
        user, post = request.user, request.POST
        title = f"“{note}”"
        if action == "submit":
            note_submit(note=note, user=user, message=post.get("message", ""))
            return f"Sent {title} for review; the moderators have been emailed."
        if action == "approve":
            note = note_approve(
                note=note,
                moderator=user,
                comment=post.get("comment", ""),
                revision=self._seen_revision(request, note),
            )
            if note.published_at > timezone.now():
                when = timezone.localtime(note.published_at)
                return f"Approved {title}: it goes live on {when:%Y-%m-%d %H:%M %Z}."
            return f"Approved {title}: it is live on its public page."
        if action == "request_changes":
            note_request_changes(
                note=note,
                moderator=user,
                reason=post.get("reason", ""),
                revision=self._seen_revision(request, note),
            )
            return f"Sent {title} back to its author with your reason."
        if action == "reject":
            note = note_reject(
                note=note,
                moderator=user,
                reason=post.get("reason", ""),
                revision=self._seen_revision(request, note),
            )
            if note.is_live:
                return (
                    f"Rejected the new revision of {title}; the published text "
                    "stays and the rejected one is kept in the history."
                )
            return f"Rejected {title}: it is archived, its text kept."
        if action == "unpublish":
            note_unpublish(note=note, moderator=user, reason=post.get("reason", ""))
            return f"Unpublished {title}: the public no longer sees it."
        if action == "archive":
            note_archive(note=note, user=user, reason=post.get("reason", ""))
            return f"Archived {title}."
        if action == "claim":
            note_claim(note=note, moderator=user)
            return f"You review {title} now."
        if action == "unclaim":
            note_unclaim(note=note, moderator=user)
            return f"Gave {title} back to the review queue."
        if action == "revert":
            revision = get_object_or_404(
                NoteRevision, note=note, number=post.get("number") or 0
            )
            if not self.has_change_permission(request, note):
                raise PermissionDenied("Only editors can revert a note.")
            new = note_revert(note=note, user=user, revision=revision)
            return (
                f"Revision {new.number} of {title} restores revision "
                f"{revision.number}'s text."
            )
        if action == "comment":
            review_comment_add(note=note, moderator=user, text=post.get("text", ""))
            return f"Comment added to {title}."
        if action == "resolve":
            comment = get_object_or_404(
                ReviewComment, note=note, pk=post.get("comment") or 0
            )
            review_comment_resolve(comment=comment, user=user)
            return "Comment marked as resolved."
        if action == "share_preview":
            token = note_preview_token(note=note, user=user)
            url = request.build_absolute_uri(
                reverse("catalog:note_preview", args=[token])
            )
            return f"Preview link, valid for 7 days, for anyone who has it: {url}"
        raise Http404("No such workflow action.")

    def preview_view(self, request: HttpRequest, object_id: str):
        note = self._note_or_404(request, object_id)
        return never_cache(preview_response)(request, note)
