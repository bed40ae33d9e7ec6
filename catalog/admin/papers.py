"""Papers: read-only where a note holds their text."""

from django.contrib import admin

from catalog.admin.common import SuperuserDeletesMixin, public_link
from catalog.models import Paper
from catalog.notedata import PAPER_FIELDS
from catalog.services import paper_delete


@admin.register(Paper)
class PaperAdmin(SuperuserDeletesMixin, admin.ModelAdmin):
    delete_service, delete_argument = staticmethod(paper_delete), "paper"
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

    # A paper's text and place belong to its note's revisions: they change
    # through the note, reviewed, never here behind the reviewers' and the
    # public's back, whoever asks (superusers too: one path per change).
    NOTE_OWNS = ["venue", "area", "slug", *PAPER_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and hasattr(obj, "note"):
            return self.NOTE_OWNS
        return []

    def get_fieldsets(self, request, obj=None):
        if obj is not None and hasattr(obj, "note"):
            return [
                (
                    None,
                    {
                        "fields": self.NOTE_OWNS,
                        "description": "This paper has a note: to change its "
                        "title, venue, area, address or any other line, change "
                        "it in the note's form, and a moderator approves it.",
                    },
                )
            ]
        return super().get_fieldsets(request, obj)

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
