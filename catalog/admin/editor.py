"""The note form's writing desk: a live preview of its Markdown.

`markup_preview_view` renders what the editor has typed (not yet saved) with
the pipeline the public pages use, and lists the formulas that cannot be shown
as written. Nothing is stored: no revision, no event. The editor component
and its glue are static files (`static/vendor/easymde-*`,
`static/js/note_editor.js`); without JavaScript the form is plain text areas.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.markup import formula_problems, plain_text, render_markdown

# Longer than any note the corpus holds, short enough that a preview cannot
# keep a worker busy for long.
PREVIEW_MAX_CHARS = 200_000
# How many words of the TL;DR search engines and link previews show: the
# public page's description (templates/catalog/note_detail.html,
# truncatewords:50). Listings show the whole TL;DR.
DESCRIPTION_WORDS = 50


class NoteEditorMixin:
    """The preview endpoint of the note form (mixed into NoteAdmin)."""

    def markup_preview_view(self, request: HttpRequest):
        return never_cache(require_POST(self._markup_preview))(request)

    def _markup_preview(self, request: HttpRequest) -> JsonResponse:
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        text = request.POST.get("text", "")
        if len(text) > PREVIEW_MAX_CHARS:
            return JsonResponse(
                {
                    "error": f"The text is over {PREVIEW_MAX_CHARS:,} characters, "
                    "too long to preview: split it, or save to see it."
                },
                status=400,
            )
        return JsonResponse(
            {
                "html": render_markdown(text),
                "problems": [
                    {"tex": problem.tex, "reason": problem.reason}
                    for problem in formula_problems(text)
                ],
                "words": len(plain_text(text).split()),
                "description_words": DESCRIPTION_WORDS,
            }
        )
