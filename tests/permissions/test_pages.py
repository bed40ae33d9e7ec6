"""Who may open what: every URL of the site and of the admin, for each role.

`ROUTES` has one row per URL pattern (walked from the resolver, the admin
included): how to build a concrete address with the test's data, and the
answer each role gets, in the order of ROLES. A pattern without a row, or a
row without a pattern, fails `test_the_table_covers_every_url_pattern`, so a
new URL cannot be added without deciding who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from catalog.models import (
    Area,
    Note,
    Venue,
)
from catalog.services import (
    note_preview_token,
    submission_status_token,
)
from tests.permissions.world import (
    LOGIN,
    MODERATORS,
    MOVED,
    NOBODY,
    POST_ONLY,
    PUBLIC,
    ROLES,
    STAFF,
    STAFF_MOVED,
    SUPERUSER,
    World,
    answer_of,
    note_path,
)


@dataclass
class Row:
    url: Callable[[World], str]
    expect: tuple
    # Text every 200 answer shows, so a 200 is the right page, not any page.
    shows: str = ""
    # Where MOVED answers point.
    target: Callable[[World], str] | None = None


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
        lambda w: note_path(w.live), PUBLIC, "What everyone may read."
    ),
    "<venue:venue>/<slug:area_slug>/<slug:note_slug>/cite.bib": Row(
        lambda w: note_path(w.live, "cite.bib"), PUBLIC, "A live note"
    ),
    "<venue:venue>/<slug:area_slug>/<slug:note_slug>/index.json": Row(
        lambda w: note_path(w.live, "index.json"), PUBLIC, "What everyone may read."
    ),
    "<venue:venue>/<slug:area_slug>/<slug:note_slug>/suggest/": Row(
        lambda w: note_path(w.live, "suggest/"), PUBLIC, "What everyone may read."
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
    "admin/": Row(lambda w: "/admin/", STAFF, "notes_cms editorial desk"),
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
        # Deleting erases what the event log describes: superusers only.
        _rights(STAFF, STAFF, STAFF, SUPERUSER, title="A live note"),
    ),
    **_model_rows(
        "catalog_note",
        lambda w: w.in_review.pk,
        _rights(
            STAFF,
            STAFF,
            STAFF,
            SUPERUSER,
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
    # The form's live preview: a POST from the note form (who may post it is
    # tested in tests/admin/test_markup_preview.py and below).
    "admin/catalog/note/markup-preview/": Row(
        lambda w: w.admin("catalog_note_markup_preview"), POST_ONLY
    ),
    "admin/catalog/note/<path:object_id>/preview/": Row(
        lambda w: w.admin("catalog_note_preview", w.draft.pk), STAFF, "Not public yet."
    ),
    # Reader submissions: moderators read them and decide; nobody edits or
    # adds one in the admin, and only a superuser deletes one.
    **_model_rows(
        "catalog_submission",
        lambda w: w.submission.pk,
        _rights(MODERATORS, NOBODY, MODERATORS, SUPERUSER, title="A live note"),
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


@pytest.mark.parametrize("route", list(ROUTES))
def test_each_role_gets_the_expected_answer(route, world):
    row = ROUTES[route]
    url = row.url(world)
    answers = {}
    for role, expected in zip(ROLES, row.expect, strict=True):
        response = world.clients[role].get(url)
        answers[role] = answer_of(response)
        if answers[role] != expected:
            continue
        if expected == 200 and row.shows:
            assert row.shows in response.content.decode(), (role, url)
        if expected == MOVED and row.target:
            assert response["Location"] == row.target(world), (role, url)
        if expected == 403:
            assert "403 Forbidden" in response.content.decode(), (role, url)
    assert answers == dict(zip(ROLES, row.expect, strict=True)), url


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_may_edit_notes_get_the_live_preview(role, world):
    response = world.clients[role].post(
        world.admin("catalog_note_markup_preview"), {"text": "A *draft* $x^2$."}
    )

    if role in ("anonymous", "reader"):
        assert answer_of(response) == LOGIN
    else:
        assert response.status_code == 200
        assert "<em>draft</em>" in response.json()["html"]
