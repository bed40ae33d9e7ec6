"""The catalog in the Django admin: where editors and moderators work.

Django's autodiscovery imports this package; importing each module below
runs its `@admin.register`.

- registry: venues, area groups, areas, topics, keywords
- papers: papers, read-only where a note holds their text
- notes: the note list and change page, with the mixins of
  note_form (the form), workflow (the buttons), history (history, diff,
  event log) and review_queue (the moderators' queue)
- submissions: what readers sent, and the moderators' decisions
"""

from django.contrib import admin

from catalog.admin import notes, papers, registry, submissions
from catalog.admin.common import error_text, public_link
from catalog.admin.note_form import NoteAdminForm
from catalog.admin.notes import NoteAdmin
from catalog.admin.papers import PaperAdmin
from catalog.admin.registry import RegistryAdmin
from catalog.admin.review_queue import ReviewQueueFilterForm
from catalog.admin.submissions import SubmissionAdmin

# The site's name in every admin page's header and <title>.
admin.site.site_header = "notes_cms editorial desk"
admin.site.site_title = "notes_cms editorial desk"
admin.site.index_title = "My desk"

__all__ = [
    "NoteAdmin",
    "NoteAdminForm",
    "PaperAdmin",
    "RegistryAdmin",
    "ReviewQueueFilterForm",
    "SubmissionAdmin",
    "error_text",
    "notes",
    "papers",
    "public_link",
    "registry",
    "submissions",
]
