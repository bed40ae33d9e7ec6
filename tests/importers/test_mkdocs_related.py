"""Related papers: a RELATED link to a note not imported yet is kept, becomes
a link when the note arrives however it arrives (a later import, an editor,
a rename), with no re-import of the note that links to it, and is exported
back. Import → export → import changes nothing."""

import pytest

from catalog.models import Area, Note, NoteEvent, Paper, PendingRelated, Venue
from catalog.notedata import NoteContent
from catalog.selectors import PendingLink, note_related_links
from catalog.services import note_rename, note_upsert
from tests.factories import make_draft
from tests.importers.mkdocs_tree import note_at, run, sample_tree, table_rows
from tests.importers.site_pages import note_page
from tests.importers.test_mkdocs_registry import site_tree

WAITING = ("ICLR2026", "llm_safety", "not_in_this_tree")


def privacy() -> Note:
    return note_at("ICML2025", "llm_safety", "empirical_privacy_variance")


@pytest.fixture
def imported(tmp_path):
    """The sample tree imported: its privacy note links to three notes, one
    of them (ICLR2026) not in the tree."""
    run("import_mkdocs", sample_tree(tmp_path / "docs"))


@pytest.mark.django_db
def test_a_link_to_a_note_not_imported_is_kept_with_its_text(imported):
    links = note_related_links(privacy())

    assert [other.paper.slug for other in links.notes] == [
        "cheaper_serving",
        "robust_watermarks",
    ]
    assert links.pending == [
        PendingLink(
            text="[ICLR 2026] Not In This Tree",
            url="/ICLR2026/llm_safety/not_in_this_tree/",
        )
    ]
    assert [row.key for row in PendingRelated.objects.all()] == [WAITING]


@pytest.mark.django_db
def test_a_later_import_resolves_it_without_reimporting_the_linking_note(
    imported, tmp_path
):
    revisions = privacy().revisions.count()
    later = tmp_path / "later"
    page = note_page("Not In This Tree", conference="ICLR 2026")
    (later / "ICLR2026/llm_safety").mkdir(parents=True)
    (later / "ICLR2026/llm_safety/not_in_this_tree.md").write_text(page, "utf-8")

    out = run("import_mkdocs", later)

    assert "created 1, updated 0, unchanged 0" in out
    arrived = note_at(*WAITING)
    note = privacy()
    assert arrived in note.related.all()
    assert not PendingRelated.objects.exists()
    links = note_related_links(note)
    assert arrived in links.notes and links.pending == []
    # Linked, recorded in its history; not imported again.
    assert note.revisions.count() == revisions + 1
    assert note.current_revision.message == "Related notes linked"
    assert NoteEvent.objects.filter(note=note, action="imported").count() == 1


@pytest.mark.django_db
def test_a_note_an_editor_writes_at_the_address_resolves_it(imported, editor):
    draft = make_draft(
        author=editor, venue="ICLR2026", area="llm_safety", title="Not In This Tree"
    )

    assert draft.paper.slug == WAITING[2]
    assert draft in privacy().related.all()
    assert not PendingRelated.objects.exists()
    # A draft is not public: the page lists neither it nor the waiting link.
    assert draft not in note_related_links(privacy()).notes


@pytest.mark.django_db
def test_a_note_upserted_or_renamed_to_the_address_resolves_it(imported):
    elsewhere, _ = note_upsert(
        content=NoteContent(
            venue=Venue.objects.get(code="ICLR2026"),
            area=Area.objects.get(slug="llm_safety"),
            slug="first_name",
            title="Not In This Tree",
            summary="Arrives under another name first.",
        )
    )
    assert PendingRelated.objects.count() == 1

    note_rename(note=elsewhere, slug=WAITING[2])

    assert elsewhere in privacy().related.all()
    assert not PendingRelated.objects.exists()


@pytest.mark.django_db
def test_export_writes_the_waiting_links_back(imported, tmp_path):
    run("export_mkdocs", tmp_path / "out")

    text = (
        tmp_path / "out/ICML2025/llm_safety/empirical_privacy_variance.md"
    ).read_text("utf-8")
    assert (
        "- [\\[ICLR 2026\\] Not In This Tree]"
        "(../../ICLR2026/llm_safety/not_in_this_tree.md)\n" in text
    )
    Paper.objects.all().delete()
    run("import_mkdocs", tmp_path / "out")
    assert [row.key for row in PendingRelated.objects.all()] == [WAITING]


@pytest.mark.django_db
def test_import_export_import_changes_nothing(tmp_path):
    # The sample tree's notes and links, with a home page and a venue page.
    docs = site_tree(sample_tree(tmp_path / "docs"))
    run("import_mkdocs", docs)
    before = table_rows()

    run("export_mkdocs", tmp_path / "out")
    out = run("import_mkdocs", tmp_path / "out")

    assert "created 0, updated 0, unchanged 5" in out
    assert (
        "Registry: venues created 0, updated 0; groups created 0, updated 0; "
        "areas created 0, updated 0." in out
    )
    assert table_rows() == before
