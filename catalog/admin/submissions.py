"""The moderators' queue of reader submissions, in the Django admin.

Nobody edits what a reader sent: a moderator reads it (a suggestion as a
word-level diff against the note's current summary) and decides, with the
buttons on its page or the bulk actions of the queue. Every decision goes
through the services, which check the `catalog.decide_submission` permission
(Moderators have it, superusers have every permission).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from catalog.admin.common import SuperuserDeletesMixin, error_messages, run_on_each
from catalog.diffs import word_diff
from catalog.models import Area, Submission, Topic, Venue
from catalog.selectors import submission_duplicates, submission_queue
from catalog.services import (
    DECIDE_SUBMISSION,
    submission_approve,
    submission_credit,
    submission_delete,
    submission_mark_spam,
    submission_reject,
)


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        help_text="The submitter reads it on their status page and in the email.",
        error_messages={"required": "Give a reason: the submitter reads it."},
    )


class NewPaperApprovalForm(forms.Form):
    """Where a submitted paper goes: the moderator confirms venue and area."""

    venue = forms.ModelChoiceField(queryset=Venue.objects.all())
    area = forms.ModelChoiceField(queryset=Area.objects.all())
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="The controlled topics listings count (Ctrl/⌘-click for several).",
    )


class QueueStatusFilter(admin.SimpleListFilter):
    """Status, with pending (the queue) shown unless another is chosen."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Submission.Status.choices, (self.ALL, "All")]

    def value(self):
        return super().value() or Submission.Status.PENDING

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }


@admin.register(Submission)
class SubmissionAdmin(SuperuserDeletesMixin, admin.ModelAdmin):
    delete_service = staticmethod(submission_delete)
    delete_argument = "submission"
    list_display = [
        "created_at",
        "kind",
        "subject_column",
        "venue",
        "area",
        "submitter_column",
        "status",
    ]
    list_display_links = ["created_at", "subject_column"]
    list_filter = [QueueStatusFilter, "kind", "venue", "area"]
    search_fields = ["title", "summary", "name", "email", "note__paper__title"]
    # The queue's read joins what a row shows (catalog.selectors.submissions):
    # an empty tuple keeps the changelist from adding its own select_related().
    list_select_related = ()
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "status",
        "note",
        "title",
        "venue",
        "area",
        "paper_url",
        "name",
        "email",
        "submitted_by",
        "created_at",
        "decided_by",
        "decided_at",
        "reason",
    ]
    readonly_fields = fields
    actions = ["approve_selected", "reject_selected", "mark_spam_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return submission_queue()

    # --- Who may do what --------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Readers send submissions through the public forms.

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # What a reader sent is read, not edited: decide instead.

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) or self.has_decide_permission(
            request
        )

    def has_decide_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(DECIDE_SUBMISSION)

    # --- The queue --------------------------------------------------------

    @admin.display(description="Paper")
    def subject_column(self, submission: Submission) -> str:
        if submission.kind == Submission.Kind.SUGGESTION:
            return submission.note.paper.title
        return submission.title

    @admin.display(description="From")
    def submitter_column(self, submission: Submission) -> str:
        credit = submission_credit(submission=submission)
        return f"{credit} <{submission.email}>" if submission.email else credit

    @admin.action(description="Approve selected suggestions", permissions=["decide"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        def approve(submission: Submission) -> None:
            if submission.kind == Submission.Kind.NEW_PAPER:
                raise ValidationError(
                    "A new paper needs its venue, area and topics: open it to approve."
                )
            submission_approve(submission=submission, moderator=request.user)

        run_on_each(request, queryset, approve, done="Approved")

    @admin.action(description="Reject selected submissions…", permissions=["decide"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet):
        """Ask for the reason once, then reject every selected submission."""
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            run_on_each(
                request,
                queryset,
                lambda submission: submission_reject(
                    submission=submission, moderator=request.user, reason=reason
                ),
                done="Rejected",
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject submissions",
            "opts": self.model._meta,
            "form": form,
            "submissions": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/catalog/submission/reject_selected.html", context
        )

    @admin.action(
        description="Mark selected submissions as spam", permissions=["decide"]
    )
    def mark_spam_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_on_each(
            request,
            queryset,
            lambda submission: submission_mark_spam(
                submission=submission, moderator=request.user
            ),
            done="Marked as spam",
        )

    # --- One submission: its diff and the decision buttons ------------------

    def get_urls(self):
        decide = path(
            "<path:object_id>/decide/",
            self.admin_site.admin_view(self.decide_view),
            name="catalog_submission_decide",
        )
        return [decide, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if submission is not None:
            extra_context.update(self._decision_context(request, submission))
        return super().change_view(request, object_id, form_url, extra_context)

    def _decision_context(self, request: HttpRequest, submission: Submission) -> dict:
        context = {
            "submission": submission,
            "credit": submission_credit(submission=submission),
            "can_decide": self.has_decide_permission(request)
            and submission.status == Submission.Status.PENDING,
            "decide_url": reverse(
                "admin:catalog_submission_decide", args=[submission.pk]
            ),
            "reject_form": RejectForm(),
            # What they sent themselves another moderator approves.
            "own": submission.submitted_by_id == request.user.pk,
        }
        if submission.kind == Submission.Kind.SUGGESTION:
            current = submission.note.summary
            context.update(
                summary_diff=word_diff(current, submission.summary),
                summary_changed_since=current != submission.base_summary,
            )
        else:
            context["approval_form"] = NewPaperApprovalForm(
                initial={"venue": submission.venue, "area": submission.area}
            )
            # Every match, drafts included: the public form names only
            # published ones, the moderator must know of all.
            duplicates = submission_duplicates(
                title=submission.title,
                venue_id=submission.venue_id,
                area_id=submission.area_id,
                paper_url=submission.paper_url,
            )
            if submission.note_id:  # The note approving it made.
                duplicates = duplicates.exclude(note__pk=submission.note_id)
            context["duplicates"] = list(duplicates)
        return context

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST approve / reject / spam for one submission, then back to the queue."""
        return require_POST(self._decide)(request, object_id)

    def _decide(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.has_decide_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=object_id)
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                options = {}
                if submission.kind == Submission.Kind.NEW_PAPER:
                    approval_form = NewPaperApprovalForm(request.POST)
                    if not approval_form.is_valid():
                        raise ValidationError(
                            "Pick the venue and the area of the new note."
                        )
                    options = approval_form.cleaned_data
                submission_approve(
                    submission=submission, moderator=request.user, **options
                )
                done = f"Approved and published: {submission_title(submission)}."
            elif decision == "reject":
                submission_reject(
                    submission=submission,
                    moderator=request.user,
                    reason=request.POST.get("reason", ""),
                )
                done = f"Rejected: {submission_title(submission)}."
            elif decision == "spam":
                submission_mark_spam(submission=submission, moderator=request.user)
                done = f"Marked as spam: {submission_title(submission)}."
            else:
                raise ValidationError("Choose approve, reject or spam.")
        except (ValidationError, PermissionDenied) as error:
            # Back to the submission's page, saying why nothing was decided.
            for text in error_messages(error):
                self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:catalog_submission_change", args=[submission.pk])
            )
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_submission_changelist"))


def submission_title(submission: Submission) -> str:
    return submission.title or submission.note.paper.title
