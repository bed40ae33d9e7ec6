"""The note form's place and keywords: venue, area and title always there,
the lists sorted, areas grouped with the venues they are in, keywords back
in the order they were typed and never quoted."""

import re

from catalog.models import Area, Venue
from catalog.services import note_snapshot
from tests.admin.note_pages import as_user, change_url, form_data, write_draft
from tests.factories import make_note


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', html, re.S)[0]


def test_venue_area_and_title_stay_on_the_form_after_the_first_save(people, client):
    note = write_draft(people)
    as_user(client, people["editor"])
    client.post(change_url(note), form_data(note, summary="Saved again."))

    html = client.get(change_url(note)).content.decode()

    for field in ("id_venue", "id_area", "id_title"):
        assert f'id="{field}"' in html


def test_areas_are_grouped_and_sorted_by_name_and_say_their_venues(people, client):
    make_note(venue="ICML2025", area="llm_safety")
    make_note(venue="ICLR2026", area="llm_safety")
    note = write_draft(people)

    html = as_user(client, people["editor"]).get(change_url(note)).content.decode()

    areas = _select(html, "area")
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', areas, re.S)
    assert groups, areas
    for group, options in groups:
        names = re.findall(r">([^<]+)</option>", options)
        assert names == sorted(names, key=str.casefold), group
        assert {
            a.group.name
            for a in Area.objects.filter(
                name__in=[n.replace("&amp;", "&") for n in names]
            )
        } == {group.replace("&amp;", "&")}
    safety = Area.objects.get(slug="llm_safety")
    option = re.search(rf'<option value="{safety.pk}"[^>]*>', areas)[0]
    venues = re.search(r'data-venues="([^"]*)"', option)[1].split()
    expected = Venue.objects.filter(code__in=["ICML2025", "ICLR2026"])
    assert sorted(venues) == sorted(str(venue.pk) for venue in expected)
    assert "js/note_place.js" in html


def test_keywords_come_back_in_their_order_and_unquoted(people, client):
    note = write_draft(people, keywords=["zeta model", "alpha", "Beta test"])

    html = as_user(client, people["editor"]).get(change_url(note)).content.decode()

    field = re.search(r'<input[^>]*name="keywords"[^>]*>', html)[0]
    assert 'value="zeta model, alpha, Beta test"' in field


def test_saved_keywords_keep_the_order_they_were_typed_in(people, client):
    note = write_draft(people)
    as_user(client, people["editor"])

    client.post(
        change_url(note),
        form_data(note, keywords="zeta model, alpha,  Beta   test, alpha"),
    )

    assert note_snapshot(note=note)["keywords"] == ["zeta model", "alpha", "Beta test"]
