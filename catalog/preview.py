"""A note as its public page would show its working revision.

The preview renders the public template (`catalog/note_detail.html`), with the
public view's context, for an unsaved copy of the note that holds the
revision's data: editors and outside experts see exactly the page the public
will get, and nothing is written to the database.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache

from catalog.models import Keyword, Note, NoteRevision, Topic
from catalog.services import (
    note_snapshot,
    note_with_data,
    preview_link_from_token,
    revision_published_at,
)
from catalog.views import NoteDetailView


class _Tags(list):
    """What `note.topics.all` gives a template: tags, in order."""

    def all(self) -> _Tags:
        return self


def note_preview_context(
    *, request: HttpRequest, note: Note, revision: NoteRevision | None = None
) -> dict:
    """The template context of the public note page for a revision's text.

    The working revision unless `revision` is given.
    """
    data = revision.data if revision else note_snapshot(note=note)
    paper, shown = note_with_data(note=note, data=data)
    # Unsaved copies of real rows, so template tags can query with them; the
    # tag managers are descriptors without __set__, so an instance attribute
    # of the same name answers instead, with the revision's tags.
    paper.__dict__["keywords"] = _Tags(Keyword(name=name) for name in data["keywords"])
    # The stored topics, with the slugs their links need; a topic the
    # revision names but nobody has saved yet gets the slug it would get.
    stored = {
        topic.name: topic for topic in Topic.objects.filter(name__in=data["topics"])
    }
    shown.__dict__["topics"] = _Tags(
        stored.get(name) or Topic(name=name, slug=slugify(name) or "topic")
        for name in data["topics"]
    )
    shown.published_at = (
        revision_published_at(data) or note.published_at or timezone.now()
    )
    shown.public_changed_at = max(
        shown.published_at, revision.created_at if revision else timezone.now()
    )
    # The public view builds the rest of the page (citation, neighbours…),
    # so the preview follows whatever that page comes to show.
    view = NoteDetailView()
    view.setup(request, **_address(note))
    view.object = shown
    context = view.get_context_data(object=shown)
    context["related"] = (
        Note.objects.published().filter(pk__in=data["related"]).for_listing().by_title()
    )
    return context


def _address(note: Note) -> dict:
    paper = note.paper
    return {
        "venue": paper.venue.code,
        "area_slug": paper.area.slug,
        "note_slug": paper.slug,
    }


def preview_response(
    request: HttpRequest, note: Note, revision: NoteRevision | None = None
) -> HttpResponse:
    """The public note page, drawn from `revision` (the working one if None)."""
    revision = revision or note.current_revision
    shown = f"revision {revision.number}" if revision else "the current text"
    if note.is_live and revision and note.live_revision_id == revision.pk:
        state = "the published text"
    else:
        state = "not published: the public does not see this text"
    messages.info(request, f"Preview of {shown} ({state}).")
    response = TemplateResponse(
        request,
        "catalog/note_detail.html",
        note_preview_context(request=request, note=note, revision=revision),
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def note_preview_view(request: HttpRequest, token: str) -> HttpResponse:
    """The revision a shared link was made for, for whoever holds the link.

    For an outside expert without an account: the link an editor shares
    from the admin shows that revision for 7 days, or until someone revokes
    it, then says it no longer works. Never cached, so a revocation holds
    from the next request on.
    """
    link = preview_link_from_token(token=token)
    if link is None:
        return TemplateResponse(request, "catalog/preview_expired.html", status=404)
    return preview_response(request, link.note, link.revision)
