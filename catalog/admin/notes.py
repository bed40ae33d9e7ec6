"""Notes in the admin: the list, the change page and its save, the URLs.

The form (catalog/admin/note_form.py) edits the working revision, never the
status; the buttons (catalog/admin/workflow.py), the history
(catalog/admin/history.py) and the review queue (catalog/admin/review_queue.py)
are mixed in here, and every change goes through catalog.services.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog.admin.common import (
    SuperuserDeletesMixin,
    public_link,
    run_on_each,
    seen_input,
    seen_revision_of,
    seen_revisions,
)
from catalog.admin.editor import NoteEditorMixin
from catalog.admin.history import NoteHistoryMixin
from catalog.admin.note_form import NoteAdminForm, note_fieldsets
from catalog.admin.review_queue import ReviewQueueMixin
from catalog.admin.workflow import NoteTransitionsMixin
from catalog.models import Note, NoteRevision
from catalog.selectors import (
    comment_can_resolve,
    note_allowed_actions,
    note_preview_links,
    note_review_round,
)
from catalog.services import (
    note_approve,
    note_create,
    note_delete,
    note_formula_problems,
    note_revise,
    note_submit,
    note_unpublish,
)

# How long "X is editing this note" is shown after X opened the form.
EDITING_NOTICE_SECONDS = 15 * 60


def note_action(
    description: str, service, person: str, *, done: str, seen: bool = False
):
    """A list action that calls `service(note=…, <person>=request.user)` on
    each selected note; with `seen`, also the revision its row showed."""

    @admin.action(description=description)
    def action(model_admin, request, queryset):
        shown = seen_revisions(request) if seen else {}

        def decide(note: Note):
            if seen:
                return service(
                    note=note,
                    revision=seen_revision_of(shown, note),
                    **{person: request.user},
                )
            return service(note=note, **{person: request.user})

        run_on_each(request, queryset.select_related("paper"), decide, done=done)

    return action


@admin.register(Note)
class NoteAdmin(
    SuperuserDeletesMixin,
    NoteEditorMixin,
    NoteTransitionsMixin,
    NoteHistoryMixin,
    ReviewQueueMixin,
    admin.ModelAdmin,
):
    """Notes: the form edits the working revision; buttons move the workflow.

    Status is never a form field: the change page's buttons, the actions
    below and the review queue call the services in catalog/services.
    """

    form = NoteAdminForm
    delete_service, delete_argument = staticmethod(note_delete), "note"
    change_form_template = "admin/catalog/note/change_form.html"
    object_history_template = "admin/catalog/note/history.html"
    change_list_template = "admin/catalog/note/change_list.html"
    list_display = [
        "title_column",
        "venue_column",
        "area_column",
        "status",
        "is_live",
        "pending_column",
        "revision_column",
        "last_edited_by",
        "updated_at",
        "public_page_column",
    ]
    list_filter = ["status", "is_live", "paper__venue", "paper__area", "topics"]
    search_fields = ["paper__title", "summary"]
    list_select_related = [
        "paper__venue",
        "paper__area",
        "last_edited_by",
        "current_revision",
    ]
    date_hierarchy = "published_at"
    actions = ["submit_for_review", "approve_selected", "unpublish_selected"]

    @admin.display(description="Title", ordering="paper__title")
    def title_column(self, note: Note) -> str:
        return note.paper.title

    @admin.display(description="Venue", ordering="paper__venue__position")
    def venue_column(self, note: Note) -> str:
        return note.paper.venue.code

    @admin.display(description="Area", ordering="paper__area__name")
    def area_column(self, note: Note) -> str:
        return note.paper.area.name

    @admin.display(boolean=True, description="Unpublished changes")
    def pending_column(self, note: Note) -> bool:
        return note.is_live and note.current_revision_id != note.live_revision_id

    @admin.display(description="Working revision")
    def revision_column(self, note: Note) -> str:
        # The hidden field tells a bulk approval which revision this row showed.
        number = note.current_revision.number if note.current_revision_id else "—"
        return format_html("{}{}", number, seen_input(note))

    @admin.display(description="Public page")
    def public_page_column(self, note: Note) -> str:
        if not note.is_live:
            return "—"
        return public_link(note.get_absolute_url())

    def view_on_site(self, note: Note) -> str | None:
        # The change page's "View on site" button: only for a live note.
        return note.get_absolute_url() if note.is_live else None

    submit_for_review = note_action(
        "Send selected notes for review", note_submit, "user", done="Sent for review"
    )
    approve_selected = note_action(
        "Approve and publish selected notes in review",
        note_approve,
        "moderator",
        done="Approved",
        seen=True,
    )
    unpublish_selected = note_action(
        "Unpublish selected notes", note_unpublish, "moderator", done="Unpublished"
    )

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
                "markup-preview/",
                wrap(self.markup_preview_view),
                name="catalog_note_markup_preview",
            ),
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

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: what the model holds (the live text of a live note).
            return [(None, {"fields": ["status", "is_live", "summary", "body"]})]
        return note_fieldsets(adding=obj is None)

    def save_form(self, request, form, change):
        # The form is not saved as a model: save_model hands it to a service.
        return form.instance

    def save_model(self, request, obj, form, change):
        data = form.revision_data()
        message = form.cleaned_data.get("message", "")
        self._warn_of_formulas(request, data)
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

    def _warn_of_formulas(self, request: HttpRequest, data: dict) -> None:
        """Saved all the same (a draft may be unfinished), but said at once:
        sending the note for review is refused until they are fixed."""
        problems = note_formula_problems(data=data)
        if problems:
            count = len(problems)
            messages.warning(
                request,
                " ".join(
                    [
                        f"{count} formula{'s' if count > 1 else ''} cannot be shown "
                        "as written, so a reader would see TeX:",
                        *problems,
                        "Fix them before sending the note for review.",
                    ]
                ),
            )

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
            return (
                f"{saved} It stays in review, and a moderator who opened "
                f"revision {revision.number - 1} must look again: approving "
                "what they saw before this save is refused."
            )
        if note.status == Note.Status.CHANGES_REQUESTED:
            return (
                f"{saved} Changes were requested: resubmit it for review when "
                "you have made them."
            )
        if note.status == Note.Status.ARCHIVED:
            return f"{saved} It is archived: send it for review to bring it back."
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
        """Who else opened this note's form lately and has not saved since;
        one notice per person. It never blocks anyone."""
        key = f"catalog:note-editing:{note.pk}"
        now = timezone.now()
        saved = note.current_revision
        latest: dict[int, dict] = {}
        for entry in cache.get(key, []):
            if now - entry["at"] >= timedelta(seconds=EDITING_NOTICE_SECONDS):
                continue  # Opened long ago: most likely gone.
            if saved and saved.created_by_id == entry["user_id"]:
                if saved.created_at >= entry["at"]:
                    continue  # They saved after opening: their edit is in.
            if (
                entry["user_id"] not in latest
                or entry["at"] > latest[entry["user_id"]]["at"]
            ):
                latest[entry["user_id"]] = entry
        others = [e for e in latest.values() if e["user_id"] != request.user.pk]
        if request.method == "GET" and self.has_change_permission(request, note):
            mine = {"user_id": request.user.pk, "name": request.user.get_username()}
            cache.set(key, [*others, {**mine, "at": now}], EDITING_NOTICE_SECONDS)
        return sorted(others, key=lambda entry: entry["at"])

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
        actions = note_allowed_actions(note=note, user=request.user)
        review_round, reviewed = note_review_round(note=note)
        since_review = None
        if review_round > 1 and reviewed and note.current_revision_id:
            # A resubmission: what changed since the moderator asked.
            *_, diffs = self._revision_diffs(
                note, reviewed, note.current_revision.number
            )
            since_review = [d for d in diffs if d.changed]
        return {
            "note": note,
            "actions": actions,
            "preview_links": note_preview_links(note=note)
            if "share_preview" in actions
            else [],
            "events": note.events.select_related("actor")[:8],
            "comments": note.review_comments.select_related("author", "resolved_by"),
            "last_decision": last_decision,
            "pending_changes": note.is_live
            and note.current_revision_id != note.live_revision_id,
            "editing_now": self._editing_notice(request, note),
            "just_now": timezone.now() - timedelta(minutes=1),
            "now": timezone.now(),
            "can_resolve": comment_can_resolve(note=note, user=request.user),
            "review_round": review_round,
            "reviewed_number": reviewed,
            "since_review": since_review,
        }
