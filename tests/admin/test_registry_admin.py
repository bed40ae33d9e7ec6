"""The venue and area admins: a code or slug that note addresses use stays as
it is, so no note moves without review and no old address breaks."""

import pytest
from django.contrib.auth import get_user_model

from catalog.models import Area, Venue
from tests.factories import make_note


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(user)
    return client


def _form(obj, fields):
    return {name: getattr(obj, name) for name in fields}


@pytest.mark.django_db
def test_a_venue_with_notes_keeps_its_code_but_takes_a_new_name(superuser_client):
    note = make_note(venue="ICML2025", title="Watermarks That Last")
    venue = Venue.objects.get(code="ICML2025")
    address = note.get_absolute_url()
    data = _form(venue, ["name", "emoji", "year", "position"])
    data.update(code="ICML2099", name="ICML 2025 (Vancouver)", spellings="[]")

    page = superuser_client.get(f"/admin/catalog/venue/{venue.pk}/change/")
    assert 'name="code"' not in page.content.decode()
    response = superuser_client.post(f"/admin/catalog/venue/{venue.pk}/change/", data)

    assert response.status_code == 302
    venue.refresh_from_db()
    assert (venue.code, venue.name) == ("ICML2025", "ICML 2025 (Vancouver)")
    assert superuser_client.get(address).status_code == 200


@pytest.mark.django_db
def test_an_area_with_notes_keeps_its_slug(superuser_client):
    note = make_note(area="llm_safety")
    area = Area.objects.get(slug="llm_safety")
    data = _form(area, ["name", "emoji", "position"])
    data.update(slug="safety", group=area.group_id)

    response = superuser_client.post(f"/admin/catalog/area/{area.pk}/change/", data)

    assert response.status_code == 302
    area.refresh_from_db()
    assert area.slug == "llm_safety"
    assert superuser_client.get(note.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_an_area_nobody_filed_a_paper_under_can_still_be_renamed(superuser_client):
    area = Area.objects.exclude(papers__isnull=False).first()
    data = _form(area, ["name", "emoji", "position"])
    data.update(slug="fresh_slug", group=area.group_id)

    superuser_client.post(f"/admin/catalog/area/{area.pk}/change/", data)

    area.refresh_from_db()
    assert area.slug == "fresh_slug"
