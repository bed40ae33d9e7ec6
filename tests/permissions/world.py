"""The world the permission tests are run in: its rows, a logged-in client
per role, and the answers a role can get."""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import (
    Area,
    Keyword,
    Note,
    Submission,
    Topic,
    Venue,
)
from catalog.services import (
    note_create,
    note_submit,
    submission_create,
)
from tests.factories import make_note, make_person

ROLES = ("anonymous", "reader", "editor", "moderator", "superuser")
# A redirect to the admin's login page, with the address asked for as `next`.
LOGIN = "login"
# A redirect elsewhere: Row.target says where.
MOVED = "moved"
PUBLIC = (200, 200, 200, 200, 200)
STAFF = (LOGIN, LOGIN, 200, 200, 200)
MODERATORS = (LOGIN, LOGIN, 403, 200, 200)
SUPERUSER = (LOGIN, LOGIN, 403, 403, 200)
NOBODY = (LOGIN, LOGIN, 403, 403, 403)
POST_ONLY = (LOGIN, LOGIN, 405, 405, 405)
STAFF_MOVED = (LOGIN, LOGIN, MOVED, MOVED, MOVED)


@dataclass
class World:
    """The rows every URL is built from, and a logged-in client per role."""

    users: dict[str, User]
    clients: dict[str, Client]
    live: Note
    draft: Note
    in_review: Note
    submission: Submission
    topic: Topic
    keyword: Keyword
    attempt: AccessAttempt
    access_log: AccessLog
    failure: AccessFailureLog

    def admin(self, name: str, *args) -> str:
        return reverse(f"admin:{name}", args=args)


def _person(
    username: str, group: str | None = None, *, is_staff: bool = False, **flags
) -> User:
    return make_person(
        username, group, email=f"{username}@example.org", is_staff=is_staff, **flags
    )


def build_world() -> World:
    users = {
        "reader": _person("reader"),
        "editor": _person("editor", "Editors", is_staff=True),
        "moderator": _person("moderator", "Moderators", is_staff=True),
        "superuser": _person("chief", is_staff=True, is_superuser=True),
    }
    # Wrote the draft and the note in review, so the moderator may approve it.
    author = _person("author", "Editors", is_staff=True)
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    place = {
        "venue": Venue.objects.get(code="ICML2025"),
        "area": Area.objects.get(slug="llm_safety"),
    }
    live = make_note(
        title="A live note",
        summary="What everyone may read.",
        topics=["Privacy"],
        keywords=["Differential Privacy"],
    )
    draft = note_create(
        **place, user=author, data={"title": "A draft", "summary": "Not public yet."}
    )
    in_review = note_create(
        **place, user=author, data={"title": "In review", "summary": "Under review."}
    )
    note_submit(note=in_review, user=author)
    submission = submission_create(
        kind=Submission.Kind.SUGGESTION,
        note=live,
        summary="A reader's better summary of the live note, long enough.",
        name="Ann",
    )
    now = timezone.now()
    axes = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test"}
    return World(
        users=users,
        clients=clients,
        live=live,
        draft=draft,
        in_review=Note.objects.get(pk=in_review.pk),
        submission=submission,
        topic=Topic.objects.get(name="Privacy"),
        keyword=Keyword.objects.get(name="Differential Privacy"),
        attempt=AccessAttempt.objects.create(
            **axes, attempt_time=now, get_data="", post_data="", failures_since_start=1
        ),
        access_log=AccessLog.objects.create(**axes, attempt_time=now),
        failure=AccessFailureLog.objects.create(**axes, attempt_time=now),
    )


def note_path(note: Note, suffix: str = "") -> str:
    return note.get_absolute_url() + suffix


def answer_of(response) -> int | str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("admin:login") + "?next="):
            return LOGIN
        return MOVED
    return response.status_code
