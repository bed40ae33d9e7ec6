"""Writing through the admin's note form: drafts over live text, stale saves
refused without losing what was typed, and the paper's text read-only."""

from django.urls import reverse

from catalog.models import Area, Note, Venue
from catalog.services import (
    note_revise,
    note_snapshot,
)
from tests.admin.note_pages import (
    as_user,
    buttons,
    change_url,
    form_data,
    page_messages,
    page_text,
    write_draft,
)
from tests.factories import make_note
from tests.pagetext import visible_lines

# --- Writing through the admin form -----------------------------------------


def test_editor_adds_a_note_as_a_draft_and_lands_on_its_page(people, client):
    as_user(client, people["editor"])
    venue = Venue.objects.get(code="ICML2025")
    area = Area.objects.get(slug="llm_safety")

    response = client.post(
        reverse("admin:catalog_note_add"),
        {
            "venue": venue.pk,
            "area": area.pk,
            "slug": "",
            "title": "Detecting jailbreaks early",
            "summary": "Detects jailbreak prompts before generation.",
            "body": "",
            "keywords": "jailbreak, detection",
            "published_at_0": "",
            "published_at_1": "",
            "message": "First draft",
        },
        follow=True,
    )

    note = Note.objects.get(paper__title="Detecting jailbreaks early")
    assert response.redirect_chain[-1][0] == change_url(note)
    assert note.status == Note.Status.DRAFT
    assert note.author == people["editor"]
    assert note.paper.slug == "detecting_jailbreaks_early"
    # In the order they were typed.
    assert note.current_revision.data["keywords"] == ["jailbreak", "detection"]
    assert note.current_revision.message == "First draft"
    assert any(
        "It is a draft: send it for review" in message
        for message in page_messages(response)
    )


def test_editing_a_live_note_in_the_admin_keeps_the_public_text(people, client):
    note = make_note(title="A live paper", summary="The published summary.")
    as_user(client, people["editor"])

    response = client.post(
        change_url(note),
        form_data(note, summary="An improved summary.", _continue="1"),
        follow=True,
    )

    assert any(
        "The public still sees the published text" in m for m in page_messages(response)
    )
    assert "An improved summary." in response.content.decode()  # the form
    public = visible_lines(client.get(note.get_absolute_url()).content.decode())
    assert "The published summary." in public
    assert "An improved summary." not in public
    assert "The public still sees revision 1." in page_text(response)


def test_a_stale_admin_save_is_refused_and_keeps_what_the_user_typed(people, client):
    note = write_draft(people, summary="The model resists paraphrase.")
    opened = form_data(note)
    note_revise(
        note=note,
        user=people["editor2"],
        changes={"summary": "The model resists paraphrase attacks."},
    )
    as_user(client, people["editor"])

    response = client.post(
        change_url(note), {**opened, "summary": "The model resists rewriting."}
    )

    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    assert "Saved by editor2 at" in text
    assert "after you opened it" in text
    assert "Their change TL;DR The model resists paraphrase" in text
    assert "Your change TL;DR The model resists" in text
    assert "<del>paraphrase.</del><ins>paraphrase attacks.</ins>" in html
    assert "<del>paraphrase.</del><ins>rewriting.</ins>" in html
    assert "The model resists rewriting.</textarea>" in html
    assert note_snapshot(note=note)["summary"] == (
        "The model resists paraphrase attacks."
    )
    # The re-shown form carries the newest version: saving again is deliberate.
    note.refresh_from_db()
    assert f'name="version" value="{note.version}"' in html
    again = client.post(
        change_url(note),
        {
            **opened,
            "summary": "The model resists rewriting.",
            "version": note.version,
            "base_revision": note.current_revision_id,
        },
    )
    assert again.status_code == 302
    assert note_snapshot(note=note)["summary"] == "The model resists rewriting."


def test_someone_else_editing_is_shown_without_blocking(people, client):
    note = write_draft(people)
    as_user(client, people["editor2"]).get(change_url(note))
    client.logout()

    response = as_user(client, people["editor"]).get(change_url(note))

    assert response.status_code == 200
    assert "editor2 opened this note less than a minute ago." in page_text(response)
    assert "Send for review" in buttons(response)


def test_a_papers_text_and_place_are_read_only_in_the_paper_admin_once_it_has_a_note(
    people, client
):
    note = make_note(title="A live paper")
    old_url = note.get_absolute_url()
    url = reverse("admin:catalog_paper_change", args=[note.paper.pk])
    moved = {
        "venue": Venue.objects.get(code="ICLR2026").pk,
        "area": Area.objects.get(slug="llm_safety").pk,
        "slug": "moved_behind_the_review",
        "title": "Renamed behind the review",
    }

    for role in ("editor", "moderator", "superuser"):
        as_user(client, people[role])
        response = client.get(url)
        client.post(url, moved)

        html = response.content.decode()
        for name in ("title", "venue", "area", "slug"):
            assert f'name="{name}"' not in html, (role, name)
        assert "A live paper" in page_text(response)
        assert "change it in the note's form" in page_text(response)
    note.paper.refresh_from_db()
    assert (note.paper.title, note.paper.slug, note.paper.venue.code) == (
        "A live paper",
        "a_live_paper",
        "ICML2025",
    )
    assert client.get(old_url).status_code == 200
    assert not note.events.exclude(action="imported").exists()


def test_moving_a_live_note_in_its_form_is_a_revision_for_review(people, client):
    note = make_note(title="A live paper", summary="The published summary.")
    old_url = note.get_absolute_url()
    as_user(client, people["editor"])

    response = client.post(
        change_url(note),
        form_data(
            note,
            venue=Venue.objects.get(code="ICLR2026").pk,
            slug="moved_paper",
            _continue="1",
        ),
        follow=True,
    )

    assert any(
        "The public still sees the published text" in m for m in page_messages(response)
    )
    note.refresh_from_db()
    assert note.current_revision.data["venue"] == "ICLR2026"
    assert note.current_revision.data["slug"] == "moved_paper"
    assert note.get_absolute_url() == old_url
    client.logout()
    assert client.get(old_url).status_code == 200
    assert client.get("/ICLR2026/llm_safety/moved_paper/").status_code == 404


def test_the_form_shows_where_the_working_revision_puts_the_note(people, client):
    note = make_note(title="A live paper")
    note_revise(note=note, user=people["editor"], changes={"slug": "new_address"})
    as_user(client, people["editor"])

    response = client.get(change_url(note))

    form = response.context["adminform"].form
    assert form["slug"].value() == "new_address"
    assert form["venue"].value() == Venue.objects.get(code="ICML2025").pk


def test_moving_a_note_to_a_taken_address_is_refused_on_the_form(people, client):
    note = make_note(title="A live paper")
    make_note(venue="ICLR2026", title="Moved paper")
    as_user(client, people["editor"])

    response = client.post(
        change_url(note),
        form_data(
            note,
            venue=Venue.objects.get(code="ICLR2026").pk,
            slug="moved_paper",
        ),
    )

    assert response.status_code == 200
    assert (
        "ICLR2026 › LLM Safety already has a note at “moved_paper”: choose "
        "another address." in page_text(response)
    )
    note.refresh_from_db()
    assert note.current_revision.data.get("slug") in (None, "a_live_paper")
