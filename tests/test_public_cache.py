"""The public page cache: stored pages for readers, never a stale one.

Run with the default local-memory cache and with Redis (REDIS_URL). Changes
are made through the services inside `django_capture_on_commit_callbacks`,
which runs what a real commit runs: the move to a new public version.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from catalog.models import Area, Note
from tests.factories import make_note, upsert_summary

AREA_URL = "/ICML2025/llm_safety/"
NOTE_URL = "/ICML2025/llm_safety/cached_paper/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


@pytest.fixture
def cached_note(db, django_capture_on_commit_callbacks):
    """A published note, created as a commit would (the public version moves on)."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_note(title="Cached paper", summary="The first summary.")


def _edit_behind_the_services_back(note: Note, text: str) -> None:
    # Only a cached page can still show the old text after this.
    Note.objects.filter(pk=note.pk).update(summary_html=f"<p>{text}</p>")


def test_second_anonymous_read_is_served_from_the_cache(cached_note, client):
    first = client.get(AREA_URL)
    _edit_behind_the_services_back(cached_note, "Written behind the cache's back.")
    second = client.get(AREA_URL)

    assert "The first summary." in first.content.decode()
    assert second.content == first.content
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")


@pytest.mark.parametrize("url", [AREA_URL, NOTE_URL])
def test_reader_sees_an_edited_summary_on_the_next_request(
    cached_note, client, django_capture_on_commit_callbacks, url
):
    assert "The first summary." in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"

    upsert_summary(
        cached_note, "The corrected summary.", django_capture_on_commit_callbacks
    )
    page = client.get(url).content.decode()

    assert "The corrected summary." in page
    assert "The first summary." not in page


def test_reader_sees_the_moderators_approval_on_the_next_request(
    cached_note, client, django_capture_on_commit_callbacks
):
    from catalog.services import note_publish_revision, note_revise

    users = get_user_model().objects
    editor = users.create_user("cache-editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = users.create_superuser("cache-moderator", password="x")
    assert "The first summary." in client.get(AREA_URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        revision = note_revise(
            note=cached_note, user=editor, changes={"summary": "The approved summary."}
        )
    # A draft over a live note: readers still see the live text.
    assert "The first summary." in client.get(AREA_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        note_publish_revision(note=cached_note, revision=revision, moderator=moderator)

    assert "The approved summary." in client.get(AREA_URL).content.decode()
    assert "The approved summary." in client.get(NOTE_URL).content.decode()


def test_new_and_unpublished_notes_change_the_cached_listing(
    cached_note, client, django_capture_on_commit_callbacks
):
    from catalog.services import note_unpublish

    moderator = get_user_model().objects.create_superuser("cache-mod", password="x")
    assert "Cached paper" in client.get(AREA_URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        make_note(title="Another paper")
    with_new = client.get(AREA_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        note_unpublish(note=cached_note, moderator=moderator)
    without_old = client.get(AREA_URL).content.decode()

    assert "Another paper" in with_new and "· 2 paper notes" in with_new
    assert "Cached paper" not in without_old and "· 1 paper notes" in without_old
    assert client.get(NOTE_URL).status_code == 404


def test_unchanged_page_answers_304_to_its_etag_and_date(cached_note, client):
    first = client.get(AREA_URL)

    by_etag = client.get(AREA_URL, headers={"if-none-match": first["ETag"]})
    by_date = client.get(
        AREA_URL, headers={"if-modified-since": first["Last-Modified"]}
    )

    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')
    assert "no-cache" in first["Cache-Control"]
    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert (by_date.status_code, by_date.content) == (304, b"")


def test_changed_page_answers_200_with_the_new_text_to_the_old_etag(
    cached_note, client, django_capture_on_commit_callbacks
):
    first = client.get(NOTE_URL)
    upsert_summary(
        cached_note, "The corrected summary.", django_capture_on_commit_callbacks
    )

    again = client.get(
        NOTE_URL,
        headers={
            "if-none-match": first["ETag"],
            "if-modified-since": first["Last-Modified"],
        },
    )
    by_date_only = client.get(
        NOTE_URL, headers={"if-modified-since": first["Last-Modified"]}
    )

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "The corrected summary." in again.content.decode()
    assert by_date_only.status_code == 200


def test_each_address_and_query_has_its_own_etag(cached_note, client):
    etags = {
        client.get(url)["ETag"]
        for url in [AREA_URL, NOTE_URL, AREA_URL + "?sort=newest", AREA_URL + "?q=x"]
    }

    assert len(etags) == 4


def test_query_parameters_in_another_order_share_the_stored_page(cached_note, client):
    client.get(AREA_URL, QUERY_STRING="sort=newest&q=paper")
    again = client.get(AREA_URL, QUERY_STRING="q=paper&sort=newest")

    assert again["X-Cache"] == "hit"
    assert "Cached paper" in again.content.decode()


def test_signed_in_people_never_get_the_stored_page(cached_note, client):
    client.get(AREA_URL)
    _edit_behind_the_services_back(cached_note, "Only a fresh render shows this.")
    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)

    response = client.get(AREA_URL)

    assert "Only a fresh render shows this." in response.content.decode()
    assert "X-Cache" not in response
    assert "ETag" not in response


def test_a_request_with_any_other_cookie_is_rendered_afresh(cached_note, client):
    client.get(AREA_URL)
    _edit_behind_the_services_back(cached_note, "Only a fresh render shows this.")
    client.cookies["messages"] = "something to show"

    page = client.get(AREA_URL).content.decode()

    assert "Only a fresh render shows this." in page


def test_a_form_with_a_csrf_token_is_never_stored(cached_note, client):
    first = client.get(NOTE_URL + "suggest/")
    second = client.get(NOTE_URL + "suggest/")

    assert first.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in second.content.decode()
    assert "X-Cache" not in first and "X-Cache" not in second


def test_errors_and_admin_pages_are_not_stored(cached_note, client):
    missing = client.get("/ICML2025/llm_safety/no_such_note/")
    admin_login = client.get("/admin/login/")

    assert missing.status_code == 404
    assert "X-Cache" not in missing
    assert "X-Cache" not in admin_login


def test_registry_change_in_the_admin_shows_at_once(
    cached_note, client, admin_client, django_capture_on_commit_callbacks
):
    area = Area.objects.get(slug="llm_safety")
    assert (
        '<span aria-hidden="true">🔒</span> LLM Safety'
        in client.get(AREA_URL).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_client.post(
            f"/admin/catalog/area/{area.pk}/change/",
            {
                "name": "Safety of Language Models",
                "slug": area.slug,
                "emoji": area.emoji,
                "group": area.group_id,
                "position": area.position,
            },
        )

    assert saved.status_code == 302
    assert (
        '<span aria-hidden="true">🔒</span> Safety of Language Models'
        in client.get(AREA_URL).content.decode()
    )


def test_scheduled_note_appears_when_its_time_comes(
    cached_note, client, django_capture_on_commit_callbacks, monkeypatch
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        make_note(title="Scheduled paper", published_at=now + timedelta(hours=1))
    assert "Scheduled paper" not in client.get(AREA_URL).content.decode()

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2))
    page = client.get(AREA_URL).content.decode()

    assert "Scheduled paper" in page


def test_a_preview_link_is_never_served_from_the_cache(
    cached_note, client, django_capture_on_commit_callbacks
):
    from catalog.models import PreviewLink
    from catalog.services import (
        note_preview_token,
        note_revise,
        preview_link_revoke,
    )

    editor = get_user_model().objects.create_superuser("cache-ed", password="x")
    note_revise(note=cached_note, user=editor, changes={"summary": "Draft one."})
    url = f"/preview/{note_preview_token(note=cached_note, user=editor)}/"
    assert "Draft one." in client.get(url).content.decode()
    assert "Draft one." in client.get(url).content.decode()

    # A revocation moves no public version: only not storing the preview
    # makes it hold from the next request on.
    preview_link_revoke(link=PreviewLink.objects.get(), user=editor)
    gone = client.get(url)

    assert gone.status_code == 404
    assert "Draft one." not in gone.content.decode()


def test_each_host_and_scheme_gets_pages_with_its_own_links(
    cached_note, client, settings
):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]

    first = client.get(AREA_URL, headers={"host": "localhost"})
    other_host = client.get(AREA_URL, headers={"host": "127.0.0.1"})
    other_scheme = client.get(AREA_URL, headers={"host": "localhost"}, secure=True)
    again = client.get(AREA_URL, headers={"host": "localhost"})

    def canonical(response) -> str:
        return re.search(
            r'<link rel="canonical" href="([^"]+)"', response.content.decode()
        ).group(1)

    assert canonical(first) == "http://localhost/ICML2025/llm_safety/"
    assert canonical(other_host) == "http://127.0.0.1/ICML2025/llm_safety/"
    assert canonical(other_scheme) == "https://localhost/ICML2025/llm_safety/"
    assert (again["X-Cache"], canonical(again)) == (
        "hit",
        "http://localhost/ICML2025/llm_safety/",
    )


@pytest.mark.parametrize(
    "url", ["/feeds/atom.xml", "/sitemap.xml", "/ICML2025/llm_safety/feed.xml"]
)
def test_feeds_and_sitemaps_of_each_host_link_to_that_host(
    cached_note, client, settings, url
):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]

    first = client.get(url, headers={"host": "localhost"}).content.decode()
    other = client.get(url, headers={"host": "127.0.0.1"}).content.decode()

    assert "://localhost/" in first and "://127.0.0.1/" not in first
    assert "://127.0.0.1/" in other and "://localhost/" not in other
