"""The catalog in the Django admin: where editors and moderators work."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.html import format_html

from catalog.models import Area, AreaGroup, Keyword, Note, Paper, Topic, Venue
from catalog.services import note_save, registry_changed


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
        "view_on_site",
    ]
    list_filter = ["venue", "area"]
    search_fields = ["title", "slug", "arxiv_id"]
    autocomplete_fields = ["venue", "area"]
    list_select_related = ["venue", "area", "note"]

    @admin.display(boolean=True, description="Code")
    def has_code_column(self, paper: Paper) -> bool:
        return paper.has_code

    @admin.display(description="Public page")
    def view_on_site(self, paper: Paper) -> str:
        note = getattr(paper, "note", None)
        return public_link(note.get_absolute_url()) if note else "—"


class NoteAdminForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Note._meta.get_field("topics"), admin.site),
        help_text="The controlled topics listings count; keywords stay on the paper.",
    )

    class Meta:
        model = Note
        fields = [
            "paper",
            "summary",
            "body",
            "topics",
            "novelty",
            "novelty_reason",
            "thoroughness",
            "thoroughness_reason",
            "writing",
            "writing_reason",
            "value",
            "value_reason",
            "related",
            "published_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["topics"] = list(self.instance.topics.all())


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    form = NoteAdminForm
    list_display = [
        "title_column",
        "venue_column",
        "area_column",
        "status",
        "published_at",
        "view_on_site",
    ]
    list_filter = ["status", "paper__venue", "paper__area", "topics"]
    search_fields = ["paper__title", "summary"]
    autocomplete_fields = ["paper", "related"]
    readonly_fields = ["status", "author"]
    list_select_related = ["paper__venue", "paper__area"]
    date_hierarchy = "published_at"

    @admin.display(description="Title", ordering="paper__title")
    def title_column(self, note: Note) -> str:
        return note.paper.title

    @admin.display(description="Venue", ordering="paper__venue__position")
    def venue_column(self, note: Note) -> str:
        return note.paper.venue.code

    @admin.display(description="Area", ordering="paper__area__name")
    def area_column(self, note: Note) -> str:
        return note.paper.area.name

    @admin.display(description="Public page")
    def view_on_site(self, note: Note) -> str:
        if note.status != Note.Status.PUBLISHED:
            return "—"
        return public_link(note.get_absolute_url())

    def save_model(self, request, obj, form, change):
        note_save(note=obj, user=request.user)


from catalog import admin_submissions  # noqa: E402,F401
