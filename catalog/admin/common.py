"""What the catalog's admin pages share: links, redirects and refusals.

`run_on_each` is how every bulk decision runs (the note actions, the review
queue's bulk form, the submission actions): the service decides, the page
says what was done and, by name, what was refused and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from catalog.models import Note, NoteRevision
from catalog.services import REVISION_NOT_NAMED, may_delete


def public_link(url: str, label: str = "View on site") -> str:
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The page to go back to: `next` when it stays on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def error_messages(error: Exception) -> list[str]:
    """What a service's refusal says, one text per message."""
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error) or "You may not do that."]


def error_text(error: Exception) -> str:
    return " ".join(error_messages(error))


def run_on_each(
    request: HttpRequest, objects: Iterable, service: Callable, *, done: str
) -> None:
    """Run `service` on each object; name what was done and each refusal."""
    names = []
    for obj in objects:
        try:
            service(obj)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"“{obj}” not done: {error_text(error)}")
        else:
            names.append(f"“{obj}”")
    if names:
        messages.success(request, f"{done}: {', '.join(names)}.")


def seen_input(note: Note) -> str:
    """The hidden field of a list's row that says which revision it showed."""
    return format_html(
        '<input type="hidden" name="seen" value="{}:{}">',
        note.pk,
        note.current_revision_id or "",
    )


def seen_revisions(request: HttpRequest) -> dict[int, NoteRevision]:
    """The revision each row of the posted list showed, by note id.

    A bulk decision names, for each note, the revision the moderator had in
    front of them (`seen_input`), so that one saved after the list was shown
    is refused instead of decided unseen.
    """
    wanted: dict[int, int] = {}
    for value in request.POST.getlist("seen"):
        note_id, _, revision_id = value.partition(":")
        if note_id.isdigit() and revision_id.isdigit():
            wanted[int(note_id)] = int(revision_id)
    revisions = NoteRevision.objects.filter(
        pk__in=wanted.values(), note_id__in=wanted.keys()
    )
    return {
        revision.note_id: revision
        for revision in revisions
        if wanted[revision.note_id] == revision.pk
    }


def seen_revision_of(seen: dict[int, NoteRevision], note: Note) -> NoteRevision:
    """The revision the list showed for `note`, or a refusal that says so."""
    revision = seen.get(note.pk)
    if revision is None:
        raise ValidationError(REVISION_NOT_NAMED)
    return revision


class SuperuserDeletesMixin:
    """Deletion, one object or a bulk action's selection, for superusers only,
    through `delete_service(<name>=obj, user=…)`, which logs each deletion."""

    delete_service: Callable
    delete_argument: str

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return may_delete(request.user)

    def delete_model(self, request: HttpRequest, obj) -> None:
        self.delete_service(**{self.delete_argument: obj, "user": request.user})

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
