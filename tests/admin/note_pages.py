"""The admin's note pages as a person sees them: notes at each step, the
addresses of the pages and buttons, and what the pages say."""

import re
from html import unescape

from django.urls import reverse

from catalog.models import Area, Note, Venue
from catalog.services import note_snapshot, note_submit
from tests.factories import make_draft


def as_user(client, user):
    client.force_login(user)
    return client


def write_draft(people, **data) -> Note:
    return make_draft(author=people["editor"], **data)


def in_review(people, **data) -> Note:
    return note_submit(note=write_draft(people, **data), user=people["editor"])


def change_url(note: Note) -> str:
    return reverse("admin:catalog_note_change", args=[note.pk])


def transition_url(note: Note, action: str) -> str:
    return reverse("admin:catalog_note_transition", args=[note.pk, action])


def page_text(response) -> str:
    """All the words of an admin page, forms included, one space apart."""
    html = re.sub(
        r"<(script|style|svg|template)\b.*?</\1>",
        " ",
        response.content.decode(),
        flags=re.S,
    )
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def buttons(response) -> list[str]:
    html = response.content.decode()
    return [
        " ".join(text.split())
        for text in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)
    ]


def form_data(note: Note, **changes) -> dict:
    """What the admin's change form posts for a note, with `changes`."""
    data = note_snapshot(note=note)
    note.refresh_from_db()
    post = {
        key: data[key]
        for key in (
            "title",
            "arxiv_id",
            "paper_url",
            "code_url",
            "code_note",
            "area_label",
            "summary",
            "body",
            "novelty_reason",
            "thoroughness_reason",
            "writing_reason",
            "value_reason",
        )
    }
    post.update(
        {
            aspect: data[aspect] or ""
            for aspect in ("novelty", "thoroughness", "writing", "value")
        }
    )
    post.update(
        venue=Venue.objects.get(code=data["venue"]).pk,
        area=Area.objects.get(slug=data["area"]).pk,
        slug=data["slug"],
        keywords=", ".join(data["keywords"]),
        published_at_0="",
        published_at_1="",
        message="",
        version=note.version,
        base_revision=note.current_revision_id,
    )
    post.update(changes)
    return post
