"""Who may open what: every URL of the site and of the admin, for each role.

`ROUTES` has one row per URL pattern (walked from the resolver, the admin
included): how to build a concrete address with the test's data, and the
answer each role gets, in the order of ROLES. A pattern without a row, or a
row without a pattern, fails `test_the_table_covers_every_url_pattern`, so a
new URL cannot be added without deciding who may open it.

`ACTIONS` posts to the endpoints that change state, for each role, and
checks in the database whether the change happened: allowed roles change it,
the others are turned away and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
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
    note_preview_token,
    note_submit,
    submission_create,
    submission_status_token,
)
from tests.factories import make_note
from tests.support.server import form_fields

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


def _person(username: str, group: str | None = None, **flags) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", **flags)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _build_world() -> World:
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


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    # Built once, in a transaction rolled back after the module's last test.
    # Each test runs in a savepoint inside it (the `db` fixture), so what a
    # test changes is undone before the next one.
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db) -> World:
    return _module_world


@dataclass
class Row:
    url: Callable[[World], str]
    expect: tuple
    # Text every 200 answer shows, so a 200 is the right page, not any page.
    shows: str = ""
    # Where MOVED answers point.
    target: Callable[[World], str] | None = None


def _note_path(note: Note, suffix: str = "") -> str:
    return note.get_absolute_url() + suffix


def _model_rows(model: str, pk: Callable[[World], object], rights: dict) -> dict:
    """The rows of one ModelAdmin's standard URLs."""
    base = f"admin/{model.replace('_', '/', 1)}/"

    def url(name: str) -> Callable[[World], str]:
        if name in ("changelist", "add"):
            return lambda w: w.admin(f"{model}_{name}")
        return lambda w: w.admin(f"{model}_{name}", pk(w))

    return {
        base: Row(url("changelist"), rights["changelist"], rights["title"]),
        f"{base}add/": Row(url("add"), rights["add"]),
        f"{base}<path:object_id>/history/": Row(
            url("history"), rights["history"], rights["history_shows"]
        ),
        f"{base}<path:object_id>/delete/": Row(
            url("delete"), rights["delete"], rights["delete_shows"]
        ),
        f"{base}<path:object_id>/change/": Row(
            url("change"), rights["change"], rights["title"]
        ),
        # The old-style address of an object's page only redirects to the new
        # one, which then checks the permissions.
        f"{base}<path:object_id>/": Row(
            lambda w: w.admin(f"{model}_change", pk(w)).removesuffix("change/"),
            STAFF_MOVED,
            target=url("change"),
        ),
    }


def _rights(
    changelist,
    add,
    change,
    delete,
    *,
    title: str,
    history_shows: str = "Change history",
    delete_shows: str = "Are you sure you want to delete",
) -> dict:
    return {
        "changelist": changelist,
        "add": add,
        "change": change,
        "delete": delete,
        # Whoever may see an object may see its history.
        "history": change,
        "title": title,
        "history_shows": history_shows,
        "delete_shows": delete_shows,
    }


# Venues, areas and groups have papers that protect them from deletion.
PROTECTED = "would require deleting the following protected related objects"


def _viewed_by_staff(title: str) -> dict:
    """A registry model editors and moderators may only look at."""
    return _rights(
        STAFF, SUPERUSER, STAFF, SUPERUSER, title=title, delete_shows=PROTECTED
    )


ROUTES: dict[str, Row] = {
    # --- The public site ---------------------------------------------------
    "healthz": Row(lambda w: "/healthz", PUBLIC, '"database": "ok"'),
    "": Row(lambda w: "/", PUBLIC, "AI Paper Notes"),
    "search/": Row(lambda w: "/search/?q=live", PUBLIC, "A live note"),
    "search/results.bib": Row(
        lambda w: "/search/results.bib?q=live", PUBLIC, "A live note"
    ),
    "feeds/atom.xml": Row(lambda w: "/feeds/atom.xml", PUBLIC, "A live note"),
    "sitemap.xml": Row(lambda w: "/sitemap.xml", PUBLIC, "/ICML2025/llm_safety/"),
    "robots.txt": Row(lambda w: "/robots.txt", PUBLIC, "Sitemap:"),
    "areas/<slug:area_slug>/": Row(
        lambda w: "/areas/llm_safety/", PUBLIC, "A live note"
    ),
    "areas/<slug:area_slug>/feed.xml": Row(
        lambda w: "/areas/llm_safety/feed.xml", PUBLIC, "A live note"
    ),
    "areas/<slug:area_slug>/notes.bib": Row(
        lambda w: "/areas/llm_safety/notes.bib", PUBLIC, "A live note"
    ),
    "topics/<slug:topic_slug>/": Row(
        lambda w: f"/topics/{w.topic.slug}/", PUBLIC, "A live note"
    ),
    "topics/<slug:topic_slug>/feed.xml": Row(
        lambda w: f"/topics/{w.topic.slug}/feed.xml", PUBLIC, "A live note"
    ),
    "topics/<slug:topic_slug>/notes.bib": Row(
        lambda w: f"/topics/{w.topic.slug}/notes.bib", PUBLIC, "A live note"
    ),
    # Anyone with the link: that is what the editor shared it for.
    "preview/<str:token>/": Row(
        lambda w: reverse(
            "catalog:note_preview",
            args=[note_preview_token(note=w.draft, user=w.users["editor"])],
        ),
        PUBLIC,
        "Not public yet.",
    ),
    "<venue:venue>/": Row(lambda w: "/ICML2025/", PUBLIC, "A live note"),
    "<venue:venue>/feed.xml": Row(
        lambda w: "/ICML2025/feed.xml", PUBLIC, "A live note"
    ),
    "<venue:venue>/<slug:area_slug>/": Row(
        lambda w: "/ICML2025/llm_safety/", PUBLIC, "What everyone may read."
    ),
    "<venue:venue>/<slug:area_slug>/feed.xml": Row(
        lambda w: "/ICML2025/llm_safety/feed.xml", PUBLIC, "A live note"
    ),
    "<venue:venue>/<slug:area_slug>/notes.bib": Row(
        lambda w: "/ICML2025/llm_safety/notes.bib", PUBLIC, "A live note"
    ),
    "<venue:venue>/<slug:area_slug>/index.json": Row(
        lambda w: "/ICML2025/llm_safety/index.json", PUBLIC, "A live note"
    ),
    "<venue:venue>/<slug:area_slug>/<slug:note_slug>/": Row(
        lambda w: _note_path(w.live), PUBLIC, "What everyone may read."
    ),
    "<venue:venue>/<slug:area_slug>/<slug:note_slug>/cite.bib": Row(
        lambda w: _note_path(w.live, "cite.bib"), PUBLIC, "A live note"
    ),
    "<venue:venue>/<slug:area_slug>/<slug:note_slug>/index.json": Row(
        lambda w: _note_path(w.live, "index.json"), PUBLIC, "What everyone may read."
    ),
    "<venue:venue>/<slug:area_slug>/<slug:note_slug>/suggest/": Row(
        lambda w: _note_path(w.live, "suggest/"), PUBLIC, "What everyone may read."
    ),
    "submit/": Row(lambda w: "/submit/", PUBLIC, "arXiv ID or paper URL"),
    # The signed address is the key: whoever has it sees the status.
    "submissions/<str:token>/": Row(
        lambda w: reverse(
            "catalog:submission_status",
            args=[submission_status_token(submission=w.submission)],
        ),
        PUBLIC,
        "A reader's better summary",
    ),
    # --- The admin's own pages ----------------------------------------------
    "admin/": Row(lambda w: "/admin/", STAFF, "Site administration"),
    # Logged in as staff, the login page sends you on to the admin.
    "admin/login/": Row(
        lambda w: "/admin/login/",
        (200, 200, MOVED, MOVED, MOVED),
        "Log in",
        target=lambda w: "/admin/",
    ),
    # Logging out is a POST; a GET from someone not logged in to the admin
    # goes to the admin's front page (which asks them to log in).
    "admin/logout/": Row(
        lambda w: "/admin/logout/",
        (MOVED, MOVED, 405, 405, 405),
        target=lambda w: "/admin/",
    ),
    "admin/password_change/": Row(
        lambda w: "/admin/password_change/", STAFF, "Password change"
    ),
    "admin/password_change/done/": Row(
        lambda w: "/admin/password_change/done/", STAFF, "Your password was changed."
    ),
    # Topics an editor may pick for a note: needs the view permission on Topic.
    "admin/autocomplete/": Row(
        lambda w: (
            "/admin/autocomplete/?app_label=catalog&model_name=note"
            "&field_name=topics&term=priv"
        ),
        STAFF,
        '"text": "Privacy"',
    ),
    "admin/jsi18n/": Row(lambda w: "/admin/jsi18n/", STAFF, "django.catalog"),
    "admin/r/<path:content_type_id>/<path:object_id>/": Row(
        lambda w: w.admin(
            "view_on_site", ContentType.objects.get_for_model(Note).pk, w.live.pk
        ),
        STAFF_MOVED,
        target=lambda w: f"http://testserver{w.live.get_absolute_url()}",
    ),
    "admin/^(?P<app_label>auth|axes|catalog)/$": Row(
        lambda w: "/admin/catalog/", (LOGIN, LOGIN, 200, 200, 200), "Notes"
    ),
    # An address the admin does not have: staff learn it does not exist.
    "admin/(?P<url>.*)$": Row(
        lambda w: "/admin/no-such-page/", (LOGIN, LOGIN, 404, 404, 404)
    ),
    # --- Accounts and login records: the superuser's alone ------------------
    **_model_rows(
        "auth_group",
        lambda w: Group.objects.get(name="Editors").pk,
        _rights(SUPERUSER, SUPERUSER, SUPERUSER, SUPERUSER, title="Editors"),
    ),
    **_model_rows(
        "auth_user",
        lambda w: w.users["reader"].pk,
        _rights(SUPERUSER, SUPERUSER, SUPERUSER, SUPERUSER, title="reader"),
    ),
    "admin/auth/user/<id>/password/": Row(
        lambda w: w.admin("auth_user_password_change", w.users["reader"].pk),
        SUPERUSER,
        "Set password: reader",
    ),
    # Written by django-axes at each failed login, never added by hand.
    **_model_rows(
        "axes_accessattempt",
        lambda w: w.attempt.pk,
        _rights(SUPERUSER, NOBODY, SUPERUSER, SUPERUSER, title="192.0.2.1"),
    ),
    **_model_rows(
        "axes_accesslog",
        lambda w: w.access_log.pk,
        _rights(SUPERUSER, NOBODY, SUPERUSER, SUPERUSER, title="192.0.2.1"),
    ),
    **_model_rows(
        "axes_accessfailurelog",
        lambda w: w.failure.pk,
        _rights(SUPERUSER, NOBODY, SUPERUSER, SUPERUSER, title="192.0.2.1"),
    ),
    # --- The catalog -----------------------------------------------------------
    **_model_rows(
        "catalog_venue",
        lambda w: Venue.objects.get(code="ICML2025").pk,
        _viewed_by_staff("ICML2025"),
    ),
    **_model_rows(
        "catalog_areagroup",
        lambda w: Area.objects.get(slug="llm_safety").group_id,
        _viewed_by_staff("LLM"),
    ),
    **_model_rows(
        "catalog_area",
        lambda w: Area.objects.get(slug="llm_safety").pk,
        _viewed_by_staff("LLM Safety"),
    ),
    # Moderators curate topics and keywords; editors pick them.
    **_model_rows(
        "catalog_topic",
        lambda w: w.topic.pk,
        _rights(STAFF, MODERATORS, STAFF, SUPERUSER, title="Privacy"),
    ),
    **_model_rows(
        "catalog_keyword",
        lambda w: w.keyword.pk,
        _rights(STAFF, MODERATORS, STAFF, SUPERUSER, title="Differential Privacy"),
    ),
    **_model_rows(
        "catalog_paper",
        lambda w: w.live.paper_id,
        _rights(STAFF, STAFF, STAFF, MODERATORS, title="A live note"),
    ),
    **_model_rows(
        "catalog_note",
        lambda w: w.in_review.pk,
        _rights(
            STAFF,
            STAFF,
            STAFF,
            MODERATORS,
            title="In review",
            history_shows="History of “In review”",
        ),
    ),
    "admin/catalog/note/review-queue/": Row(
        lambda w: w.admin("catalog_note_review_queue"), MODERATORS, "In review"
    ),
    "admin/catalog/note/events/": Row(
        lambda w: w.admin("catalog_note_events"), MODERATORS, "Editorial event log"
    ),
    "admin/catalog/note/<path:object_id>/workflow/<slug:action>/": Row(
        lambda w: w.admin("catalog_note_transition", w.in_review.pk, "approve"),
        POST_ONLY,
    ),
    "admin/catalog/note/<path:object_id>/diff/": Row(
        lambda w: w.admin("catalog_note_diff", w.in_review.pk), STAFF, "Under review."
    ),
    "admin/catalog/note/<path:object_id>/preview/": Row(
        lambda w: w.admin("catalog_note_preview", w.draft.pk), STAFF, "Not public yet."
    ),
    # Reader submissions: moderators read them and decide; nobody edits or
    # adds one in the admin.
    **_model_rows(
        "catalog_submission",
        lambda w: w.submission.pk,
        _rights(MODERATORS, NOBODY, MODERATORS, MODERATORS, title="A live note"),
    ),
    "admin/catalog/submission/<path:object_id>/decide/": Row(
        lambda w: w.admin("catalog_submission_decide", w.submission.pk), POST_ONLY
    ),
}


def _patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _patterns(entry, prefix + str(entry.pattern))
        else:
            assert isinstance(entry, URLPattern)
            found.append(prefix + str(entry.pattern))
    return found


def test_the_table_covers_every_url_pattern():
    patterns = _patterns(get_resolver())
    assert len(patterns) == len(set(patterns))
    assert sorted(set(patterns) - set(ROUTES)) == [], "URLs with no row in ROUTES"
    assert sorted(set(ROUTES) - set(patterns)) == [], "rows for URLs that are gone"


def _answer(response) -> int | str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("admin:login") + "?next="):
            return LOGIN
        return MOVED
    return response.status_code


@pytest.mark.parametrize("route", list(ROUTES))
def test_each_role_gets_the_expected_answer(route, world):
    row = ROUTES[route]
    url = row.url(world)
    answers = {}
    for role, expected in zip(ROLES, row.expect, strict=True):
        response = world.clients[role].get(url)
        answers[role] = _answer(response)
        if answers[role] != expected:
            continue
        if expected == 200 and row.shows:
            assert row.shows in response.content.decode(), (role, url)
        if expected == MOVED and row.target:
            assert response["Location"] == row.target(world), (role, url)
        if expected == 403:
            assert "403 Forbidden" in response.content.decode(), (role, url)
    assert answers == dict(zip(ROLES, row.expect, strict=True)), url


# --- Posts that change state ---------------------------------------------------


@dataclass
class Action:
    """A post that changes state, who may make it, and how to see it happened."""

    post: Callable[[World, Client], object]
    done: Callable[[World], bool]
    allowed: set[str]


def _fields(world: World, url: str, form_id: str | None) -> dict[str, object]:
    """A form as the superuser's browser would send it back (form_id None: the
    form that posts to its own page)."""
    page = world.clients["superuser"].get(url).content.decode()
    fields: dict[str, object] = {}
    found = form_fields(page, form_id, action="" if form_id is None else None)
    for name, value in found:
        fields[name] = [*fields[name], value] if name in fields else value
    return fields


def _transition(action: str, **data) -> Callable[[World, Client], object]:
    def post(world: World, client: Client):
        note = world.draft if action == "submit" else world.in_review
        if action == "unpublish":
            note = world.live
        url = world.admin("catalog_note_transition", note.pk, action)
        return client.post(url, {"revision": note.current_revision_id, **data})

    return post


def _status(attribute: str, value: str) -> Callable[[World], bool]:
    return lambda w: Note.objects.get(pk=getattr(w, attribute).pk).status == value


EDITORS_UP = {"editor", "moderator", "superuser"}
MODERATORS_UP = {"moderator", "superuser"}
EVERYONE = set(ROLES)

ACTIONS: dict[str, Action] = {
    "approve a note in review": Action(
        _transition("approve"),
        _status("in_review", Note.Status.PUBLISHED),
        MODERATORS_UP,
    ),
    "request changes": Action(
        _transition("request_changes", reason="Say more about the method."),
        _status("in_review", Note.Status.CHANGES_REQUESTED),
        MODERATORS_UP,
    ),
    "reject a note": Action(
        _transition("reject", reason="Out of scope."),
        _status("in_review", Note.Status.ARCHIVED),
        MODERATORS_UP,
    ),
    "claim a review": Action(
        _transition("claim"),
        lambda w: Note.objects.get(pk=w.in_review.pk).reviewer_id is not None,
        MODERATORS_UP,
    ),
    "send a draft for review": Action(
        _transition("submit"),
        _status("draft", Note.Status.IN_REVIEW),
        EDITORS_UP,
    ),
    "unpublish a live note": Action(
        _transition("unpublish"),
        lambda w: not Note.objects.get(pk=w.live.pk).is_live,
        MODERATORS_UP,
    ),
    "save a note's text": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_change", w.draft.pk),
            {
                **_fields(w, w.admin("catalog_note_change", w.draft.pk), "note_form"),
                "summary": "A better summary.",
            },
        ),
        lambda w: Note.objects.get(pk=w.draft.pk).summary == "A better summary.",
        EDITORS_UP,
    ),
    "add a note": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_add"),
            {
                **_fields(w, w.admin("catalog_note_add"), "note_form"),
                "venue": Venue.objects.get(code="ICML2025").pk,
                "area": Area.objects.get(slug="llm_safety").pk,
                "title": "A brand new note",
                "summary": "Written just now.",
            },
        ),
        lambda w: Note.objects.filter(paper__title="A brand new note").exists(),
        EDITORS_UP,
    ),
    "delete a note": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_delete", w.draft.pk), {"post": "yes"}
        ),
        lambda w: not Note.objects.filter(pk=w.draft.pk).exists(),
        MODERATORS_UP,
    ),
    "approve from the review queue": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_review_queue"),
            {"action": "approve", "notes": [w.in_review.pk]},
        ),
        _status("in_review", Note.Status.PUBLISHED),
        MODERATORS_UP,
    ),
    "approve with the note list's action": Action(
        lambda w, client: client.post(
            w.admin("catalog_note_changelist"),
            {"action": "approve_selected", "_selected_action": [w.in_review.pk]},
        ),
        _status("in_review", Note.Status.PUBLISHED),
        MODERATORS_UP,
    ),
    "approve a reader's suggestion": Action(
        lambda w, client: client.post(
            w.admin("catalog_submission_decide", w.submission.pk),
            {"decision": "approve"},
        ),
        lambda w: Submission.objects.get(pk=w.submission.pk).status == "approved",
        MODERATORS_UP,
    ),
    "mark a suggestion as spam from the list": Action(
        lambda w, client: client.post(
            w.admin("catalog_submission_changelist"),
            {"action": "mark_spam_selected", "_selected_action": [w.submission.pk]},
        ),
        lambda w: Submission.objects.get(pk=w.submission.pk).status == "spam",
        MODERATORS_UP,
    ),
    "delete a submission": Action(
        lambda w, client: client.post(
            w.admin("catalog_submission_delete", w.submission.pk), {"post": "yes"}
        ),
        lambda w: not Submission.objects.filter(pk=w.submission.pk).exists(),
        MODERATORS_UP,
    ),
    "add a topic": Action(
        lambda w, client: client.post(
            w.admin("catalog_topic_add"), {"name": "Robustness", "slug": "robustness"}
        ),
        lambda w: Topic.objects.filter(name="Robustness").exists(),
        MODERATORS_UP,
    ),
    "rename a venue": Action(
        lambda w, client: client.post(
            w.admin("catalog_venue_change", w.live.paper.venue_id),
            {
                **_fields(
                    w,
                    w.admin("catalog_venue_change", w.live.paper.venue_id),
                    "venue_form",
                ),
                "name": "Renamed venue",
            },
        ),
        lambda w: Venue.objects.filter(name="Renamed venue").exists(),
        {"superuser"},
    ),
    "make someone a superuser": Action(
        lambda w, client: client.post(
            w.admin("auth_user_change", w.users["reader"].pk),
            {
                **_fields(
                    w, w.admin("auth_user_change", w.users["reader"].pk), "user_form"
                ),
                "is_staff": "on",
                "is_superuser": "on",
            },
        ),
        lambda w: User.objects.get(pk=w.users["reader"].pk).is_superuser,
        {"superuser"},
    ),
    # Readers are not users: anyone may suggest a summary.
    "suggest a better summary": Action(
        lambda w, client: client.post(
            _note_path(w.live, "suggest/"),
            {
                **_fields(w, _note_path(w.live, "suggest/"), None),
                "summary": "Anyone may suggest a clearer summary of this paper.",
            },
        ),
        lambda w: Submission.objects.filter(summary__startswith="Anyone may").exists(),
        EVERYONE,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_allowed_roles_change_state(action, role, world, settings):
    settings.SUBMISSION_MIN_SECONDS = 0
    step = ACTIONS[action]
    assert not step.done(world)

    response = step.post(world, world.clients[role])

    assert step.done(world) == (role in step.allowed), response
    if role not in step.allowed and role in ("anonymous", "reader"):
        assert _answer(response) == LOGIN
    elif role not in step.allowed:
        # Turned away: a 403, or back to the page saying why nothing was done.
        answer = _answer(response)
        assert answer in (403, MOVED), answer
        if answer == MOVED:
            said = [str(m) for m in get_messages(response.wsgi_request)]
            assert any(
                text.startswith(("Not done:", "“")) or "not done" in text
                for text in said
            ), said
