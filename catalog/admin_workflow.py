"""The editorial workflow in the admin.

`NoteAdmin` (catalog/admin.py) mixes in `NoteWorkflowAdminMixin`: the note form
edits the working revision, never the status; every button on the change
page posts to a view here that calls a service of catalog/services.py and
says what happened. Here too: the history with word-level diffs, the preview,
the review queue and the site-wide event log.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelectMultiple
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from taggit.forms import TagField

from catalog.diffs import revision_diff
from catalog.models import (
    Area,
    Note,
    NoteEvent,
    NoteRevision,
    ReviewComment,
    Topic,
    Venue,
)
from catalog.preview import preview_response
from catalog.services import (
    PUBLISH_PERMISSION,
    REVIEW_PERMISSION,
    note_allowed_actions,
    note_approve,
    note_archive,
    note_claim,
    note_contributors,
    note_create,
    note_preview_token,
    note_reject,
    note_request_changes,
    note_revert,
    note_revise,
    note_snapshot,
    note_stale_message,
    note_submit,
    note_unclaim,
    note_unpublish,
    review_comment_add,
    review_comment_resolve,
    revision_published_at,
)

RATING_CHOICES = [("", "—")] + [(score, f"{score}/5") for score in range(1, 6)]
# How long "X is editing this note" is shown after X opened the form.
EDITING_NOTICE_SECONDS = 15 * 60

__all__ = ["NoteAdminForm", "NoteWorkflowAdminMixin", "error_text"]


class _TagName:
    """What taggit's edit_string_for_tags reads: an object with a name."""

    def __init__(self, name: str):
        self.name = name


def _rating_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )


def _reason_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=f"{label}: why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteAdminForm(forms.ModelForm):
    """The working revision of a note: text, links, ratings, tags, schedule.

    Not the model's fields: the form starts from the newest revision (which
    may differ from what the public sees) and the admin saves it through
    `note_revise`. The version it was opened at travels in a hidden field; a
    save over someone else's newer one is refused with their change and
    yours side by side, and the text you typed stays in the form.
    """

    venue = forms.ModelChoiceField(queryset=Venue.objects.all())
    area = forms.ModelChoiceField(queryset=Area.objects.all())
    slug = forms.SlugField(
        max_length=120,
        required=False,
        help_text="The note's address in its listing; made from the title if empty.",
    )
    title = forms.CharField(max_length=500, label="Paper title")
    arxiv_id = forms.CharField(max_length=32, required=False, label="arXiv id")
    paper_url = forms.URLField(
        max_length=500, required=False, label="Paper link", assume_scheme="https"
    )
    code_url = forms.URLField(
        max_length=500, required=False, label="Code link", assume_scheme="https"
    )
    code_note = forms.CharField(max_length=300, required=False, label="Code remark")
    area_label = forms.CharField(
        max_length=200, required=False, label="Area as the source writes it"
    )
    keywords = TagField(
        required=False, help_text="Comma-separated, as the source writes them."
    )
    summary = forms.CharField(
        label="TL;DR",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The one-paragraph summary shown in listings (Markdown, math).",
    )
    body = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Markdown with sections and math.",
    )
    novelty = _rating_field("Novelty")
    novelty_reason = _reason_field("Novelty")
    thoroughness = _rating_field("Experimental Thoroughness")
    thoroughness_reason = _reason_field("Experimental Thoroughness")
    writing = _rating_field("Writing Quality")
    writing_reason = _reason_field("Writing Quality")
    value = _rating_field("Value")
    value_reason = _reason_field("Value")
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Note._meta.get_field("topics"), admin.site),
        help_text="The controlled topics listings count.",
    )
    related = forms.ModelMultipleChoiceField(
        queryset=Note.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Note._meta.get_field("related"), admin.site),
    )
    published_at = forms.SplitDateTimeField(
        label="Publication time",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Empty: public as soon as it is approved. A future time "
        "schedules it: approved, it goes live then.",
    )
    message = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="Optional: shown in the history and to the reviewer.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Note
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: dict | None = None
        if self.instance.pk is None:
            return
        for name in ("venue", "area", "slug"):
            self.fields.pop(name, None)
        data = note_snapshot(note=self.instance)
        self.initial.update(
            {name: data[name] for name in data if name in self.fields},
            # Tag objects, not their edit string: the widget writes the string
            # and TagField.has_changed() reads each initial tag's name.
            keywords=[_TagName(n) for n in data["keywords"]],
            topics=list(Topic.objects.filter(name__in=data["topics"])),
            related=data["related"],
            published_at=revision_published_at(data),
            version=self.instance.version,
            base_revision=self.instance.current_revision_id,
        )

    def revision_data(self) -> dict:
        """The cleaned form as revision data (NoteRevision.data keys)."""
        data = self.cleaned_data
        changes = {
            name: data.get(name)
            for name in (
                "title",
                "arxiv_id",
                "paper_url",
                "code_url",
                "code_note",
                "area_label",
                "summary",
                "body",
                *(
                    f"{aspect}{suffix}"
                    for aspect, _label in Note.RATING_ASPECTS
                    for suffix in ("", "_reason")
                ),
                "published_at",
            )
        }
        changes["keywords"] = list(data.get("keywords") or [])
        changes["topics"] = [topic.name for topic in data.get("topics") or []]
        changes["related"] = [note.pk for note in data.get("related") or []]
        return changes

    def clean(self):
        cleaned = super().clean()
        note = self.instance
        if note.pk is None or self.errors:
            return cleaned
        # The admin runs this form and the save in one transaction: holding
        # the row from here makes the check and the write one step.
        current = (
            Note.objects.select_for_update(of=("self",))
            .select_related("current_revision__created_by")
            .get(pk=note.pk)
        )
        opened_at = cleaned.get("version")
        if opened_at is not None and opened_at != current.version:
            self._refuse_stale(current)
        return cleaned

    def _refuse_stale(self, current: Note) -> None:
        base = NoteRevision.objects.filter(
            note=current, pk=self.cleaned_data.get("base_revision")
        ).first()
        theirs = current.current_revision
        before = base.data if base else None
        yours = {**note_snapshot(note=current), **self.revision_data()}
        yours["published_at"] = (
            yours["published_at"].isoformat() if yours["published_at"] else None
        )
        self.conflict = {
            "who": theirs.created_by if theirs else current.last_edited_by,
            "when": theirs.created_at if theirs else current.updated_at,
            "theirs": [d for d in revision_diff(before, theirs.data) if d.changed]
            if theirs
            else [],
            "yours": [d for d in revision_diff(before, yours) if d.changed],
        }
        # Saving again, after reading both, is then a deliberate choice.
        self.data = self.data.copy()
        self.data["version"] = current.version
        self.data["base_revision"] = current.current_revision_id or ""
        raise ValidationError(note_stale_message(note=current), code="stale")


def _safe_next(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You may not do that."


class NoteWorkflowAdminMixin:
    """Views of the review workflow, added to NoteAdmin's URLs."""

    change_form_template = "admin/catalog/note/change_form.html"
    object_history_template = "admin/catalog/note/history.html"

    # --- URLs ----------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        own = [
            path(
                "review-queue/",
                wrap(self.review_queue_view),
                name="catalog_note_review_queue",
            ),
            path("events/", wrap(self.event_log_view), name="catalog_note_events"),
            path(
                "<path:object_id>/workflow/<slug:action>/",
                wrap(self.transition_view),
                name="catalog_note_transition",
            ),
            path(
                "<path:object_id>/diff/",
                wrap(self.diff_view),
                name="catalog_note_diff",
            ),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name="catalog_note_preview",
            ),
        ]
        return own + super().get_urls()

    def _note_or_404(self, request: HttpRequest, object_id: str) -> Note:
        note = self.get_object(request, unquote(object_id))
        if note is None:
            raise Http404("No note with this id.")
        if not self.has_view_permission(request, note):
            raise PermissionDenied
        return note

    def _change_url(self, note: Note) -> str:
        return reverse("admin:catalog_note_change", args=[note.pk])

    # --- The note form -------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: what the model holds (the live text of a live note).
            return [(None, {"fields": ["status", "is_live", "summary", "body"]})]
        paper = ["title", "arxiv_id", "paper_url", "code_url", "code_note"]
        if obj is None:
            paper = ["venue", "area", "slug", *paper]
        ratings = [
            (aspect, f"{aspect}_reason") for aspect, _label in Note.RATING_ASPECTS
        ]
        return [
            ("Paper", {"fields": paper}),
            (None, {"fields": ["summary", "body"]}),
            (
                "Tags and links",
                {"fields": ["topics", "keywords", "area_label", "related"]},
            ),
            ("Rating", {"fields": ratings, "classes": ["collapse"]}),
            (
                "Publication",
                {"fields": ["published_at", "message", "version", "base_revision"]},
            ),
        ]

    def save_form(self, request, form, change):
        # The form is not saved as a model: save_model hands it to a service.
        return form.instance

    def save_model(self, request, obj, form, change):
        data = form.revision_data()
        message = form.cleaned_data.get("message", "")
        if not change:
            note = note_create(
                venue=form.cleaned_data["venue"],
                area=form.cleaned_data["area"],
                slug=form.cleaned_data.get("slug") or "",
                user=request.user,
                data=data,
                message=message,
            )
            obj.pk = note.pk
            obj.paper = note.paper
            obj._state.adding = False
            request.workflow_saved = (note.current_revision, False)
            return
        before = obj.current_revision_id
        revision = note_revise(
            note=obj,
            user=request.user,
            changes=data,
            expected_version=form.cleaned_data.get("version"),
            message=message,
        )
        request.workflow_saved = (revision, revision.pk == before)

    def save_related(self, request, form, formsets, change):
        # Topics and related notes are part of the revision, not saved here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        saved = getattr(request, "workflow_saved", None)
        if saved is not None and level == messages.SUCCESS:
            revision, unchanged = saved
            request.workflow_saved = None
            message = self._saved_message(revision, unchanged)
        super().message_user(request, message, level, *args, **kwargs)

    def _saved_message(self, revision: NoteRevision, unchanged: bool) -> str:
        note = Note.objects.select_related("paper").get(pk=revision.note_id)
        if unchanged:
            return f"Nothing changed in “{note}”: no new revision was saved."
        saved = f"Saved “{note}” as revision {revision.number}."
        if note.is_live:
            return (
                f"{saved} The public still sees the published text until a "
                "moderator approves this revision: send it for review."
            )
        if note.status == Note.Status.IN_REVIEW:
            return f"{saved} It is still in review: the reviewer sees this revision."
        return f"{saved} It is a draft: send it for review when it is ready."

    def response_add(self, request, obj, post_url_continue=None):
        # The workflow buttons are on the change page: go there after adding.
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            self.message_user(
                request,
                f"Saved “{obj}” as a draft. Send it for review when it is ready.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(obj))
        return super().response_add(request, obj, post_url_continue)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        note = self.get_object(request, unquote(object_id))
        if note is not None and self.has_view_permission(request, note):
            extra_context = {
                **(extra_context or {}),
                **self._workflow_context(request, note),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _editing_notice(self, request: HttpRequest, note: Note) -> list[dict]:
        """Who else opened this note's form lately; it never blocks anyone."""
        key = f"catalog:note-editing:{note.pk}"
        now = timezone.now()
        others = [
            entry
            for entry in cache.get(key, [])
            if entry["user_id"] != request.user.pk
            and now - entry["at"] < timedelta(seconds=EDITING_NOTICE_SECONDS)
        ]
        if request.method == "GET" and self.has_change_permission(request, note):
            mine = {"user_id": request.user.pk, "name": request.user.get_username()}
            cache.set(key, [*others, {**mine, "at": now}], EDITING_NOTICE_SECONDS)
        return others

    def _workflow_context(self, request: HttpRequest, note: Note) -> dict:
        note = Note.objects.select_related(
            "paper",
            "author",
            "last_edited_by",
            "reviewer",
            "current_revision__created_by",
            "live_revision",
        ).get(pk=note.pk)
        last_decision = (
            note.events.filter(action__in=["changes_requested", "rejected"])
            .select_related("actor")
            .first()
        )
        return {
            "note": note,
            "actions": note_allowed_actions(note=note, user=request.user),
            "events": note.events.select_related("actor")[:8],
            "comments": note.review_comments.select_related("author", "resolved_by"),
            "last_decision": last_decision,
            "pending_changes": note.is_live
            and note.current_revision_id != note.live_revision_id,
            "editing_now": self._editing_notice(request, note),
            "now": timezone.now(),
            "can_resolve": note.author_id == request.user.pk
            or note.last_edited_by_id == request.user.pk
            or request.user.has_perm(REVIEW_PERMISSION),
        }

    # --- Transitions ---------------------------------------------------------

    def transition_view(self, request: HttpRequest, object_id: str, action: str):
        return require_POST(self._transition)(request, object_id, action)

    def _transition(self, request: HttpRequest, object_id: str, action: str):
        note = self._note_or_404(request, object_id)
        back = _safe_next(request, self._change_url(note))
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

    # --- History and differences ---------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        note = self._note_or_404(request, object_id)
        revisions = list(note.revisions.select_related("created_by"))
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
        try:
            new = int(request.GET.get("b") or current or max(numbers))
            old = int(request.GET.get("a") or (live if live != new else new - 1))
        except ValueError as error:
            raise Http404("Revisions are given by number.") from error
        if new not in numbers or (old and old not in numbers):
            raise Http404("No such revision of this note.")
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
        diffs = revision_diff(
            old_revision.data if old_revision else None,
            new_revision.data,
            note_titles=titles,
        )
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
            "diffs": diffs,
            "changed": [d for d in diffs if d.changed],
            "numbers": sorted(numbers, reverse=True),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/catalog/note/diff.html", context)

    # --- Preview -------------------------------------------------------------

    def preview_view(self, request: HttpRequest, object_id: str):
        note = self._note_or_404(request, object_id)
        return never_cache(preview_response)(request, note)

    # --- Review queue --------------------------------------------------------

    def review_queue_view(self, request: HttpRequest):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            return self._bulk_decide(request)
        filters = ReviewQueueFilterForm(request.GET or None)
        notes = (
            Note.objects.filter(status=Note.Status.IN_REVIEW)
            .select_related(
                "paper__venue",
                "paper__area",
                "author",
                "last_edited_by",
                "reviewer",
                "current_revision",
                "live_revision",
            )
            .annotate(
                open_comments=Count(
                    "review_comments",
                    filter=Q(review_comments__resolved_at__isnull=True),
                )
            )
            .order_by("review_requested_at", "pk")
        )
        if filters.is_valid():
            notes = filters.apply(notes, user=request.user)
        rows = [
            {
                "note": note,
                "actions": note_allowed_actions(note=note, user=request.user),
                "own": request.user.pk in note_contributors(note=note),
            }
            for note in notes
        ]
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
        action = request.POST.get("action")
        chosen = Note.objects.filter(
            pk__in=request.POST.getlist("notes"), status=Note.Status.IN_REVIEW
        ).select_related("paper")
        back = _safe_next(request, reverse("admin:catalog_note_review_queue"))
        if action not in {"approve", "request_changes"} or not chosen:
            messages.warning(request, "Tick the notes and choose what to do.")
            return HttpResponseRedirect(back)
        done = []
        for note in chosen:
            try:
                if action == "approve":
                    note_approve(note=note, moderator=request.user)
                else:
                    note_request_changes(
                        note=note,
                        moderator=request.user,
                        reason=request.POST.get("reason", ""),
                    )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, f"“{note}” not done: {error_text(error)}")
            else:
                done.append(f"“{note}”")
        if done:
            verb = "Approved" if action == "approve" else "Sent back for changes"
            messages.success(request, f"{verb}: {', '.join(done)}.")
        return HttpResponseRedirect(back)

    # --- Event log -----------------------------------------------------------

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

    def apply(self, notes, *, user):
        data = self.cleaned_data
        if data["assigned"] == "me":
            notes = notes.filter(reviewer=user)
        elif data["assigned"] == "nobody":
            notes = notes.filter(reviewer__isnull=True)
        if data["venue"]:
            notes = notes.filter(paper__venue=data["venue"])
        if data["area"]:
            notes = notes.filter(paper__area=data["area"])
        if data["topic"]:
            notes = notes.filter(topics=data["topic"])
        if data["age"]:
            since = timezone.now() - timedelta(days=int(data["age"]))
            notes = notes.filter(review_requested_at__lte=since)
        return notes
