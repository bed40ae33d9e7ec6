"""import_mkdocs of a tree larger than one batch: new notes are written in bulk
with their Markdown rendered by worker processes, notes already there are
compared in bulk. A reader, an editor and the logs must not tell the
difference from writing the notes one at a time with note_upsert."""

import logging
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F

from catalog.importers.mkdocs import Catalog, read_tree
from catalog.models import Note, Paper, Topic
from catalog.search import parse_query, search_notes
from catalog.services import (
    NoteContent,
    note_revise,
    note_set_related,
    note_upsert,
    notes_bulk_create,
    notes_set_related,
    notes_unchanged,
)
from catalog.services.tree_import import BATCH
from tests.importers.mkdocs_tree import catalog_dump, note_at, table_rows, write_tree

pytestmark = pytest.mark.django_db

NOTES = BATCH + 40


def run(*args: object) -> str:
    out = StringIO()
    call_command(
        "import_mkdocs", *[str(arg) for arg in args], stdout=out, stderr=StringIO()
    )
    return out.getvalue()


@pytest.fixture
def docs(tmp_path) -> Path:
    """A generated corpus of two batches and more, with related links, exported.

    The database keeps the registry and the tags, and no note.
    """
    call_command("generate_corpus", notes=NOTES, seed=5, workers=1, stdout=StringIO())
    first, second, third = Note.objects.order_by("pk")[:3]
    note_set_related(note=first, related=[second, third])
    note_set_related(note=third, related=[first])
    call_command("export_mkdocs", str(tmp_path / "docs"), stdout=StringIO())
    Paper.objects.all().delete()
    return tmp_path / "docs"


def import_one_at_a_time(docs: Path) -> None:
    """What import_mkdocs did before bulk writes: note_upsert for each note,
    then note_set_related for each note file's links, into the revision the
    import just wrote."""
    items = read_tree(docs, Catalog.load()).items
    notes = [note_upsert(content=item.content)[0] for item in items]
    by_key = {item.key: note for item, note in zip(items, notes, strict=True)}
    for item, note in zip(items, notes, strict=True):
        if item.related:
            targets = [by_key[key] for key in item.related if key in by_key]
            note_set_related(note=note, related=targets, amend=True)


def history() -> dict:
    """Revisions, events and search results, keyed by path, not primary keys."""
    keys = {
        note.pk: (note.venue, note.area, note.slug)
        for note in Note.objects.annotate(
            venue=F("paper__venue__code"),
            area=F("paper__area__slug"),
            slug=F("paper__slug"),
        )
    }
    notes = {}
    for note in Note.objects.prefetch_related("revisions", "events__revision"):
        revisions = sorted(note.revisions.all(), key=lambda revision: revision.number)
        numbers = {revision.pk: revision.number for revision in revisions}
        notes[keys[note.pk]] = {
            "revisions": [
                (
                    revision.number,
                    {
                        **revision.data,
                        "related": sorted(keys[pk] for pk in revision.data["related"]),
                    },
                    revision.message,
                    revision.created_by_id,
                )
                for revision in revisions
            ],
            "current": numbers.get(note.current_revision_id),
            "live": numbers.get(note.live_revision_id),
            "version": note.version,
            "events": sorted(
                (
                    event.action,
                    event.from_status,
                    event.to_status,
                    event.revision.number if event.revision else None,
                )
                for event in note.events.all()
            ),
        }
    searches = {}
    for words in ["objective", "gradient projection", "baseline -memories"]:
        page = search_notes(query=parse_query(words), limit=1000, snippets=False)
        searches[words] = (page.total, sorted(keys[hit.note.pk] for hit in page.hits))
    return {"notes": notes, "searches": searches}


@pytest.mark.slow
def test_bulk_import_writes_what_one_at_a_time_writes(docs):
    out = run(docs, "--workers", "2")
    bulk = (catalog_dump(), history())
    Paper.objects.all().delete()
    import_one_at_a_time(docs)

    assert f"created {NOTES}, updated 0, unchanged 0, related links 3 " in out
    assert (catalog_dump(), history()) == bulk
    linked = [row["key"] for row in bulk[0] if row["related"]]
    assert len(linked) == 2
    # One revision per imported note, its links included.
    for key in linked:
        revisions = bulk[1]["notes"][key]["revisions"]
        assert [revision[2] for revision in revisions] == ["Imported from the source"]
        assert revisions[0][1]["related"] == sorted(
            next(row["related"] for row in bulk[0] if row["key"] == key)
        )
    assert all(total > 0 for total, _keys in bulk[1]["searches"].values())


@pytest.mark.slow
def test_rendering_in_this_process_gives_the_same_notes(docs):
    run(docs, "--workers", "2")
    in_workers = (catalog_dump(), history())
    Paper.objects.all().delete()

    run(docs, "--workers", "1")

    assert (catalog_dump(), history()) == in_workers


@pytest.mark.slow
def test_every_imported_note_is_logged_once_committed(
    docs, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="notes_cms.events")

    with django_capture_on_commit_callbacks(execute=True):
        run(docs, "--workers", "2")

    logged = [r for r in caplog.records if r.name == "notes_cms.events"]
    assert sorted(record.note_id for record in logged) == sorted(
        Note.objects.values_list("pk", flat=True)
    )
    assert {record.event for record in logged} == {"imported"}


@pytest.mark.slow
def test_dry_run_of_a_large_tree_reports_and_writes_nothing(docs):
    out = run(docs, "--dry-run", "--workers", "2")

    assert f"would have created {NOTES}, updated 0, unchanged 0" in out
    assert Note.objects.count() == 0


LONG_TITLE = f"# {'A' * 501}\n\n**Conference**: NeurIPS 2025\n\n## TL;DR\n\nShort.\n"


@pytest.mark.slow
def test_a_refusal_late_in_a_large_tree_writes_nothing(docs):
    # Sorted last, so the batches before it are written before it fails.
    write_tree(docs, {"NeurIPS2025/llm_safety/zz_long_title.md": LONG_TITLE})
    before = table_rows()

    with pytest.raises(CommandError) as refused:
        run(docs, "--workers", "2")

    assert str(refused.value).startswith(
        f"{docs}/NeurIPS2025/llm_safety/zz_long_title.md:1: title:"
    )
    assert table_rows() == before
    assert Note.objects.count() == 0


@pytest.mark.slow
def test_a_refusal_among_changes_to_an_imported_tree_writes_nothing(docs):
    run(docs, "--workers", "2")
    before = table_rows()
    # A changed note and a new one, which must not be written either.
    changed = sorted(docs.glob("AAAI2026/*/[!i]*.md"))[0]
    text = changed.read_text("utf-8")
    changed.write_text(text.replace("## TL;DR\n\n", "## TL;DR\n\nNew. "), "utf-8")
    write_tree(
        docs,
        {
            "NeurIPS2025/llm_safety/zy_fine.md": (
                "# Fine\n\n**Conference**: NeurIPS 2025\n\n## TL;DR\n\nFine.\n"
            ),
            "NeurIPS2025/llm_safety/zz_long_title.md": LONG_TITLE,
        },
    )

    with pytest.raises(CommandError) as refused:
        run(docs, "--workers", "2")

    assert str(refused.value).startswith(
        f"{docs}/NeurIPS2025/llm_safety/zz_long_title.md:1: title:"
    )
    assert table_rows() == before


@pytest.mark.slow
def test_a_second_run_reports_every_note_unchanged_and_changes_nothing(docs):
    run(docs, "--workers", "2")
    first = (table_rows(), history())

    out = run(docs, "--workers", "2")

    assert f"created 0, updated 0, unchanged {NOTES}, related links 3 " in out
    assert (table_rows(), history()) == first


@pytest.mark.slow
def test_a_changed_note_among_many_gets_a_revision(docs):
    run(docs, "--workers", "2")
    path = sorted(docs.glob("ICLR2026/*/[!i]*.md"))[0]
    path.write_text(
        path.read_text("utf-8").replace("## TL;DR\n\n", "## TL;DR\n\nRevised. "),
        "utf-8",
    )

    out = run(docs, "--workers", "2")

    assert f"created 0, updated 1, unchanged {NOTES - 1}" in out
    note = note_at("ICLR2026", path.parent.name, path.stem)
    assert note.summary.startswith("Revised. ")
    assert list(note.revisions.order_by("number").values_list("number", "message")) == [
        (1, "Imported from the source"),
        (2, "Imported from the source"),
    ]
    assert note.live_revision.number == 2


def _content(registry, **changes) -> NoteContent:
    values = {
        "venue": registry["venues"]["ICML2025"],
        "area": registry["areas"]["llm_safety"],
        "slug": "a_paper",
        "title": "A paper",
        "summary": "Shows $x$.",
        "body": "## Method\n\nText.",
        "arxiv_id": "2501.00001",
        "code_url": "https://github.com/a/b",
        "area_label": "Safety",
        "keywords": ["Privacy", "DP-SGD"],
        "topics": ["LLM"],
        "ratings": {"novelty": (4, "New."), "value": (3, "")},
        "published_at": None,
    }
    return NoteContent(**{**values, **changes})


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"topics": None},
        {"keywords": ["DP-SGD", "Privacy", "Privacy"]},
        {"title": "Another title"},
        {"arxiv_id": ""},
        {"paper_url": "https://openreview.net/forum?id=x"},
        {"code_url": ""},
        {"code_note": "Not released"},
        {"area_label": "Privacy"},
        {"keywords": ["Privacy"]},
        {"summary": "Shows $y$."},
        {"body": ""},
        {"ratings": {"novelty": (5, "New."), "value": (3, "")}},
        {"ratings": {"novelty": (4, "Newer."), "value": (3, "")}},
        {"ratings": {"novelty": (4, "New.")}},
        {"topics": ["LLM", "Privacy"]},
        {"topics": []},
    ],
    ids=repr,
)
def test_bulk_comparison_agrees_with_note_upsert(registry, changes):
    note, _ = note_upsert(content=_content(registry))
    content = _content(registry, **changes)

    (same,) = notes_unchanged(contents=[content])
    with transaction.atomic():
        _, outcome = note_upsert(content=content)
        transaction.set_rollback(True)

    assert (same is not None) == (outcome == "unchanged")
    if same is not None:
        assert same == note and same.paper == note.paper


def test_bulk_comparison_agrees_with_note_upsert_on_dates(registry):
    note, _ = note_upsert(content=_content(registry))
    moved = _content(registry, published_at=note.published_at.replace(year=2020))
    kept = _content(registry, published_at=note.published_at)

    assert notes_unchanged(contents=[moved, kept]) == [None, note]
    assert notes_unchanged(contents=[_content(registry, slug="new")]) == [None]


def test_bulk_tags_get_the_slugs_taggit_gives(registry):
    # "LLM-Safety" slugifies as the existing "LLM Safety" does: taggit adds _1.
    Topic.objects.create(name="LLM Safety")
    topics = ["LLM-Safety", "Privacy", "Alignment/RLHF"]
    note_upsert(content=_content(registry, slug="one", topics=topics))
    by_taggit = dict(Topic.objects.values_list("name", "slug"))
    Paper.objects.all().delete()
    Topic.objects.exclude(name="LLM Safety").delete()

    (bulk,) = notes_bulk_create(
        contents=[_content(registry, slug="two", topics=topics)]
    )

    assert dict(Topic.objects.values_list("name", "slug")) == by_taggit
    assert by_taggit["LLM-Safety"] == "llm-safety_1"
    assert sorted(bulk.topics.names()) == sorted(topics)


def _links_and_history(notes: list[Note]) -> list:
    rows = []
    for note in Note.objects.filter(pk__in=[n.pk for n in notes]).order_by("pk"):
        revisions = list(note.revisions.order_by("number"))
        numbers = {revision.pk: revision.number for revision in revisions}
        rows.append(
            (
                sorted(note.related.values_list("pk", flat=True)),
                [(r.number, r.data, r.message, r.created_by_id) for r in revisions],
                numbers.get(note.current_revision_id),
                numbers.get(note.live_revision_id),
                note.status,
                note.is_live,
                note.version,
            )
        )
    return rows


def test_linking_in_bulk_writes_what_linking_one_by_one_writes(registry):
    from tests.factories import make_bulk_notes, make_note

    live, other, third = (make_note() for _ in range(3))
    in_review = make_note()  # A live note with an editor's draft over it.
    note_revise(note=in_review, user=None, changes={"summary": "A draft."})
    draft = make_note(status=Note.Status.DRAFT)
    (unrevised,) = make_bulk_notes(count=1, venues=["ICML2025"], areas=["llm_agent"])
    note_set_related(note=other, related=[live])
    notes = [live, other, third, in_review, draft, unrevised]
    wanted = {
        live: {other.pk, third.pk},
        other: {third.pk},  # one link replaced by another
        third: {third.pk},  # itself only: no link, nothing changes
        in_review: {live.pk},
        draft: {live.pk, other.pk},
        unrevised: {live.pk},
    }

    with transaction.atomic():
        for note, targets in wanted.items():
            fresh = Note.objects.get(pk=note.pk)
            note_set_related(
                note=fresh, related=list(Note.objects.filter(pk__in=targets))
            )
        one_by_one = _links_and_history(notes)
        transaction.set_rollback(True)
    changed = notes_set_related(
        related={Note.objects.get(pk=note.pk): pks for note, pks in wanted.items()}
    )

    assert _links_and_history(notes) == one_by_one
    assert changed == 5
    assert one_by_one[3][1][-1][1]["summary"] == "A draft."
