"""The MkDocs reader and writer follow catalog.notedata: every field with a
`source_label` is read from its `**Label**: value` line and written back to it,
so a field added there with a label needs no change in the importer."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.models import Paper
from catalog.notedata import FIELDS, Kind, NoteField, Owner
from tests.importers.mkdocs_tree import note_at, write_tree

LABELLED = [spec for spec in FIELDS if spec.source_label]


def sample(spec: NoteField):
    """A value of the field's kind that no other field holds."""
    if spec.kind is Kind.URL:
        return f"https://example.org/{spec.name}"
    if spec.kind is Kind.TAGS:
        return [f"{spec.label} one", f"{spec.label} two"]
    return f"{spec.label}, as the source writes it"


def source_text(spec: NoteField, value) -> str:
    if spec.kind is Kind.URL:
        return f"[{value}]({value})"
    if spec.kind is Kind.TAGS:
        return ", ".join(value)
    return value


def stored(spec: NoteField, venue: str, area: str, slug: str):
    note = note_at(venue, area, slug)
    value = getattr(note.paper if spec.owner is Owner.PAPER else note, spec.name)
    if spec.kind is Kind.TAGS:
        return sorted(tag.name for tag in value.all())
    return value


def note_file(values: dict[str, object]) -> str:
    meta = [
        f"**{spec.source_label}**: {source_text(spec, values[spec.name])}  "
        for spec in LABELLED
    ]
    return "\n".join(
        [
            "# Every Labelled Field",
            "",
            "**Conference**: ICML 2025  ",
            *meta,
            "",
            "## TL;DR",
            "",
            "Each metadata line that notedata labels, once.",
            "",
        ]
    )


def run(command: str, path: Path) -> None:
    call_command(command, str(path), stdout=StringIO(), stderr=StringIO())


def test_the_source_labels_cover_the_plain_metadata_lines():
    # arXiv and Code have readers of their own; these go through notedata.
    assert {spec.source_label for spec in LABELLED} >= {"Paper", "Area", "Keywords"}


@pytest.mark.django_db
def test_every_labelled_field_round_trips_through_export_and_import(tmp_path):
    values = {spec.name: sample(spec) for spec in LABELLED}
    key = ("ICML2025", "llm_safety", "every_labelled_field")
    docs = write_tree(tmp_path / "docs", {"/".join(key) + ".md": note_file(values)})

    run("import_mkdocs", docs)
    imported = {spec.name: stored(spec, *key) for spec in LABELLED}
    run("export_mkdocs", tmp_path / "out")
    exported = (tmp_path / "out" / ("/".join(key) + ".md")).read_text("utf-8")
    Paper.objects.all().delete()
    run("import_mkdocs", tmp_path / "out")

    assert imported == values
    for spec in LABELLED:
        line = f"**{spec.source_label}**: {source_text(spec, values[spec.name])}"
        assert line in exported
        assert stored(spec, *key) == values[spec.name]
