"""A note's history, the word diff of two revisions, the site's event log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse

from catalog.diffs import revision_diff
from catalog.models import Note, NoteEvent
from catalog.selectors import note_review_round
from catalog.services import REVIEW_PERMISSION, note_snapshot_of


class NoteHistoryMixin:
    """History pages of NoteAdmin (catalog/admin/notes.py)."""

    def history_view(self, request, object_id, extra_context=None):
        note = self._note_or_404(request, object_id)
        # The list shows who saved each revision and why, never its text.
        revisions = list(note.revisions.select_related("created_by").defer("data"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"History of “{note}”",
            "subtitle": None,
            "note": note,
            "object": note,
            "revisions": revisions,
            "events": note.events.select_related("actor", "revision"),
            "comments": note.review_comments.select_related("author", "resolved_by"),
            "can_revert": self.has_change_permission(request, note),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def diff_view(self, request: HttpRequest, object_id: str):
        note = self._note_or_404(request, object_id)
        numbers = dict(note.revisions.values_list("number", "pk"))
        if not numbers:
            messages.info(request, "This note has no revisions yet.")
            return HttpResponseRedirect(self._change_url(note))
        current = note.current_revision.number if note.current_revision else 0
        live = note.live_revision.number if note.live_revision else 0
        review_round, reviewed = note_review_round(note=note)
        # A resubmission opens on what changed since the moderator asked.
        since = reviewed if review_round > 1 and reviewed else live
        try:
            new = int(request.GET.get("b") or current or max(numbers))
            old = int(request.GET.get("a") or (since if since != new else new - 1))
        except ValueError as error:
            raise Http404("Revisions are given by number.") from error
        if new not in numbers or (old and old not in numbers):
            raise Http404("No such revision of this note.")
        old_revision, new_revision, diffs = self._revision_diffs(note, old, new)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Changes to “{note}”",
            "subtitle": None,
            "note": note,
            "object": note,
            "old": old_revision,
            "new": new_revision,
            "live_number": live,
            "current_number": current,
            "review_round": review_round,
            "reviewed_number": reviewed if review_round > 1 else None,
            "diffs": diffs,
            "changed": [d for d in diffs if d.changed],
            "numbers": sorted(numbers, reverse=True),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/catalog/note/diff.html", context)

    def _revision_diffs(self, note: Note, old: int, new: int):
        """(revision `old` or None for 0, revision `new`, their field diffs)."""
        revisions = {
            r.number: r
            for r in note.revisions.filter(number__in=[old, new]).select_related(
                "created_by"
            )
        }
        old_revision, new_revision = revisions.get(old), revisions[new]
        ids = set(new_revision.data.get("related", []))
        if old_revision:
            ids |= set(old_revision.data.get("related", []))
        titles = {
            other.pk: str(other)
            for other in Note.objects.filter(pk__in=ids).select_related("paper")
        }
        # A revision older than the place in the working data is read as
        # the note where it is, so that a move shows among the changes.
        diffs = revision_diff(
            note_snapshot_of(note=note, revision=old_revision)
            if old_revision
            else None,
            note_snapshot_of(note=note, revision=new_revision),
            note_titles=titles,
        )
        return old_revision, new_revision, diffs

    def event_log_view(self, request: HttpRequest):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        events = NoteEvent.objects.select_related("note__paper", "actor").order_by(
            "-created_at", "-pk"
        )
        action = request.GET.get("action", "")
        if action:
            events = events.filter(action=action)
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Editorial event log",
            "subtitle": None,
            "page": page,
            "action": action,
            "actions": NoteEvent.objects.order_by("action")
            .values_list("action", flat=True)
            .distinct(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/catalog/note/event_log.html", context)
