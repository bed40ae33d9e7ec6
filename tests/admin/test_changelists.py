"""The catalog admin: lists, filters and links to the public pages."""

import pytest
from django.contrib.auth import get_user_model

from catalog.models import Note, Topic
from tests.factories import make_note


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(user)
    return client


def test_paper_change_page_links_to_the_live_note(superuser_client):
    note = make_note(title="Linked paper")

    page = superuser_client.get(f"/admin/catalog/paper/{note.paper.pk}/change/")

    assert page.status_code == 200
    view_on_site = page.content.decode().split('class="viewsitelink"')[0]
    assert f'href="{note.get_absolute_url()}"' in view_on_site.rsplit("<a", 1)[1]


def test_paper_list_links_live_notes_only(superuser_client):
    live = make_note(title="Live paper")
    draft = make_note(title="Draft paper", status=Note.Status.DRAFT)

    page = superuser_client.get("/admin/catalog/paper/").content.decode()

    assert f'href="{live.get_absolute_url()}"' in page
    assert f'href="{draft.get_absolute_url()}"' not in page


def test_note_list_filters_by_venue_area_topic_and_status(superuser_client):
    make_note(title="Shielded model", topics=["LLM"])
    make_note(title="Watermarked text", topics=["Watermarking"])

    llm = Topic.objects.get(slug="llm")
    page = superuser_client.get("/admin/catalog/note/", {"topics__id__exact": llm.pk})

    text = page.content.decode()
    assert "Shielded model" in text
    assert "Watermarked text" not in text
    for title in ["status", "venue", "area", "topics"]:
        assert f'data-filter-title="{title}"' in text
