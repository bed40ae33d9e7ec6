"""The moderators' review queue: notes in review, filters, bulk decisions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from catalog.admin.common import (
    run_on_each,
    safe_next,
    seen_revision_of,
    seen_revisions,
)
from catalog.models import Area, Note, Topic, Venue
from catalog.selectors import review_queue
from catalog.services import (
    PUBLISH_PERMISSION,
    REVIEW_PERMISSION,
    note_approve,
    note_request_changes,
)


class ReviewQueueMixin:
    """The queue's page, added to NoteAdmin's URLs (catalog/admin/notes.py)."""

    def review_queue_view(self, request: HttpRequest):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            return self._bulk_decide(request)
        filters = ReviewQueueFilterForm(request.GET or None)
        wanted = filters.wanted() if filters.is_valid() else {}
        rows = review_queue(user=request.user, **wanted)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Review queue",
            "subtitle": None,
            "filters": filters,
            "rows": rows,
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
            "query": request.GET.urlencode(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/catalog/note/review_queue.html", context
        )

    def _bulk_decide(self, request: HttpRequest) -> HttpResponse:
        # Each row posts the revision it showed: a newer one is not decided.
        seen = seen_revisions(request)
        decisions = {
            "approve": (
                lambda note: note_approve(
                    note=note,
                    moderator=request.user,
                    revision=seen_revision_of(seen, note),
                ),
                "Approved",
            ),
            "request_changes": (
                lambda note: note_request_changes(
                    note=note,
                    moderator=request.user,
                    reason=request.POST.get("reason", ""),
                    revision=seen_revision_of(seen, note),
                ),
                "Sent back for changes",
            ),
        }
        chosen = Note.objects.filter(
            pk__in=request.POST.getlist("notes"), status=Note.Status.IN_REVIEW
        ).select_related("paper")
        back = safe_next(request, reverse("admin:catalog_note_review_queue"))
        decision = decisions.get(request.POST.get("action"))
        if decision is None or not chosen:
            messages.warning(request, "Tick the notes and choose what to do.")
            return HttpResponseRedirect(back)
        decide, done = decision
        run_on_each(request, chosen, decide, done=done)
        return HttpResponseRedirect(back)


class ReviewQueueFilterForm(forms.Form):
    AGES = [
        ("", "Any age"),
        ("1", "Waiting over a day"),
        ("3", "Waiting over 3 days"),
        ("7", "Waiting over a week"),
    ]
    ASSIGNED = [
        ("", "Everyone's"),
        ("me", "Assigned to me"),
        ("nobody", "Not claimed"),
    ]

    assigned = forms.ChoiceField(choices=ASSIGNED, required=False)
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.all(), to_field_name="code", required=False
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(), to_field_name="slug", required=False
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), to_field_name="slug", required=False
    )
    age = forms.ChoiceField(choices=AGES, required=False)

    def wanted(self) -> dict:
        """The chosen filters, as `notes_in_review` takes them."""
        data = self.cleaned_data
        return {
            "assigned": data["assigned"],
            "venue": data["venue"],
            "area": data["area"],
            "topic": data["topic"],
            "waiting_days": int(data["age"]) if data["age"] else None,
        }
