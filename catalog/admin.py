"""The catalog in the Django admin: where editors and moderators work."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from taggit.models import Tag

from catalog.admin_workflow import NoteAdminForm, NoteWorkflowAdminMixin, error_text
from catalog.models import Area, AreaGroup, Keyword, Note, Paper, Topic, Venue
from catalog.services import (
    PAPER_FIELDS,
    note_approve,
    note_submit,
    note_unpublish,
    registry_changed,
)


def public_link(url: str, label: str = "View on site") -> str:
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)


class RegistryAdmin(admin.ModelAdmin):
    """An admin for what every public page shows (venues, areas, topics …).

    Any change moves the public version on, so cached pages show it at once.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        registry_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        registry_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        registry_changed()


# django-taggit's own Tag model holds nothing here (topics and keywords have
# their own models and admins below), and its admin's merge-tags page checks
# no permission beyond being staff: any editor could open and post it.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Venue)
class VenueAdmin(RegistryAdmin):
    list_display = ["code", "name", "emoji", "year", "position", "is_current"]
    list_editable = ["position"]
    list_filter = ["is_current", "year"]
    search_fields = ["code", "name"]


@admin.register(AreaGroup)
class AreaGroupAdmin(RegistryAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Area)
class AreaAdmin(RegistryAdmin):
    list_display = ["name", "slug", "emoji", "group", "position"]
    list_filter = ["group"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["group"]


@admin.register(Topic)
class TopicAdmin(RegistryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Keyword)
class KeywordAdmin(RegistryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "venue",
        "area",
        "arxiv_id",
        "has_code_column",
        "public_page_column",
    ]
    list_filter = ["venue", "area"]
    search_fields = ["title", "slug", "arxiv_id"]
    autocomplete_fields = ["venue", "area"]
    list_select_related = ["venue", "area", "note"]

    @admin.display(boolean=True, description="Code")
    def has_code_column(self, paper: Paper) -> bool:
        return paper.has_code

    # A paper's text belongs to its note's revisions: it changes through the
    # note, reviewed, never here behind the reviewers' and the public's back.
    def get_readonly_fields(self, request, obj=None):
        if obj is not None and hasattr(obj, "note"):
            return list(PAPER_FIELDS)
        return []

    def get_exclude(self, request, obj=None):
        if obj is not None and hasattr(obj, "note"):
            return ["keywords"]
        return []

    @admin.display(description="Public page")
    def public_page_column(self, paper: Paper) -> str:
        note = getattr(paper, "note", None)
        if note is None or not note.is_live:
            return "—"
        return public_link(note.get_absolute_url())

    def view_on_site(self, paper: Paper) -> str | None:
        # The change page's "View on site" button: the live note's page.
        note = getattr(paper, "note", None)
        return note.get_absolute_url() if note is not None and note.is_live else None


@admin.register(Note)
class NoteAdmin(NoteWorkflowAdminMixin, admin.ModelAdmin):
    """Notes: the form edits the working revision; buttons move the workflow.

    Status is never a form field: the change page's buttons, the actions
    below and the review queue call the services in catalog/services.py.
    """

    form = NoteAdminForm
    change_list_template = "admin/catalog/note/change_list.html"
    list_display = [
        "title_column",
        "venue_column",
        "area_column",
        "status",
        "is_live",
        "pending_column",
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

    @admin.display(description="Public page")
    def public_page_column(self, note: Note) -> str:
        if not note.is_live:
            return "—"
        return public_link(note.get_absolute_url())

    def view_on_site(self, note: Note) -> str | None:
        # The change page's "View on site" button: only for a live note.
        return note.get_absolute_url() if note.is_live else None

    def _act(self, request, queryset, service, done: str) -> None:
        """Run a service on each selected note; report each refusal by name."""
        names = []
        for note in queryset.select_related("paper"):
            try:
                service(note)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request, f"“{note}” not done: {error_text(error)}", messages.ERROR
                )
            else:
                names.append(f"“{note}”")
        if names:
            self.message_user(request, f"{done}: {', '.join(names)}.", messages.SUCCESS)

    @admin.action(description="Send selected notes for review")
    def submit_for_review(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda note: note_submit(note=note, user=request.user),
            "Sent for review",
        )

    @admin.action(description="Approve and publish selected notes in review")
    def approve_selected(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda note: note_approve(note=note, moderator=request.user),
            "Approved",
        )

    @admin.action(description="Unpublish selected notes")
    def unpublish_selected(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda note: note_unpublish(note=note, moderator=request.user),
            "Unpublished",
        )


from catalog import admin_submissions  # noqa: E402,F401
