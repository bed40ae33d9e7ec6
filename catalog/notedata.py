"""What a note holds, defined once.

Every field an editor can change is one `NoteField` in `FIELDS`: the row that
stores it (the paper, the note, a tag table, the links between notes), its
label and help text, and the rules its value must meet. Everything else is
derived from that list:

- the model columns (`contribute_columns`, called by `catalog.models`) and the
  rating CheckConstraints (`rating_constraints`);
- the keys and order of `NoteRevision.data`, snapshots and their defaults
  (`REVISION_FIELDS`, `defaults`);
- the admin form (`NoteField.form_field`) and its sections (`SECTIONS`);
- the word diff's labels (`label_of`);
- what an import hands the services (`NoteContent`) and which metadata line
  of a source file holds a paper field (`NoteField.source_label`), which the
  importer reads and the exporter writes.

Adding a field is one entry here and `makemigrations`: docs/ARCHITECTURE.md
walks through an example. This module imports no other part of the catalog.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django import forms
from django.db import models


class Kind(enum.StrEnum):
    LINE = "line"  # one line of plain text
    URL = "url"
    MARKDOWN = "markdown"  # rendered to HTML by catalog.markup
    RATING = "rating"  # 1 to 5, or none
    REASON = "reason"  # the text beside a rating
    TAGS = "tags"  # names in a taggit table
    LINKS = "links"  # other notes, by primary key
    MOMENT = "moment"  # a date and time, kept as ISO text in revisions


class Owner(enum.StrEnum):
    PAPER = "paper"
    NOTE = "note"


@dataclasses.dataclass(frozen=True)
class NoteField:
    name: str
    owner: Owner
    kind: Kind
    label: str
    help_text: str = ""
    required: bool = False
    max_length: int | None = None
    # The admin form section it is shown in (a key of SECTIONS).
    section: str = "paper"
    # `**<source_label>**: value` in a note file's metadata block; "" where
    # the file keeps the field elsewhere, or the importer reads it by hand.
    source_label: str = ""
    # Textarea height in the admin.
    rows: int | None = None

    @property
    def is_column(self) -> bool:
        """Stored in a column of its owner's row (not a tag or link table)."""
        return self.kind not in (Kind.TAGS, Kind.LINKS, Kind.MOMENT)

    @property
    def is_list(self) -> bool:
        return self.kind in (Kind.TAGS, Kind.LINKS)

    def empty(self) -> Any:
        """The value of a field nobody filled in."""
        if self.is_list:
            return []
        if self.kind in (Kind.RATING, Kind.MOMENT):
            return None
        return ""

    def model_field(self) -> models.Field:
        """The column of its owner's model."""
        if self.kind is Kind.RATING:
            return models.PositiveSmallIntegerField(null=True, blank=True)
        if self.kind in (Kind.MARKDOWN, Kind.REASON):
            return models.TextField(blank=not self.required, help_text=self.help_text)
        model = models.URLField if self.kind is Kind.URL else models.CharField
        return model(
            max_length=self.max_length,
            blank=not self.required,
            help_text=self.help_text,
        )

    def form_field(self) -> forms.Field:
        """The admin form's field for a column (tags, links and the schedule
        need the admin's widgets: catalog.admin builds those)."""
        common = {
            "label": self.label,
            "required": self.required,
            "help_text": self.help_text,
        }
        if self.kind is Kind.RATING:
            return forms.TypedChoiceField(
                choices=RATING_CHOICES, coerce=int, empty_value=None, **common
            )
        if self.kind in (Kind.MARKDOWN, Kind.REASON):
            rows = self.rows or 2
            return forms.CharField(
                widget=forms.Textarea(attrs={"rows": rows}), **common
            )
        if self.kind is Kind.URL:
            return forms.URLField(
                max_length=self.max_length, assume_scheme="https", **common
            )
        return forms.CharField(max_length=self.max_length, **common)


RATING_ASPECTS = (
    ("novelty", "Novelty"),
    ("thoroughness", "Experimental Thoroughness"),
    ("writing", "Writing Quality"),
    ("value", "Value"),
)
RATING_CHOICES = [("", "—")] + [(score, f"{score}/5") for score in range(1, 6)]


def _rating_fields() -> Iterator[NoteField]:
    for aspect, label in RATING_ASPECTS:
        yield NoteField(aspect, Owner.NOTE, Kind.RATING, label, section="rating")
        yield NoteField(
            f"{aspect}_reason",
            Owner.NOTE,
            Kind.REASON,
            f"{label}: why",
            section="rating",
        )


# In the order the admin form, revisions and diffs show them.
FIELDS: tuple[NoteField, ...] = (
    NoteField(
        "title", Owner.PAPER, Kind.LINE, "Paper title", required=True, max_length=500
    ),
    NoteField(
        "authors",
        Owner.PAPER,
        Kind.LINE,
        "Authors",
        help_text="In the paper's order, separated by commas, as the source "
        "writes them.",
        max_length=2000,
        source_label="Authors",
    ),
    NoteField(
        "affiliations",
        Owner.PAPER,
        Kind.LINE,
        "Affiliations",
        help_text="The authors' institutions, as the source writes them.",
        max_length=1000,
        source_label="Affiliations",
    ),
    NoteField("arxiv_id", Owner.PAPER, Kind.LINE, "arXiv id", max_length=32),
    NoteField(
        "paper_url",
        Owner.PAPER,
        Kind.URL,
        "Paper link",
        max_length=500,
        source_label="Paper",
    ),
    NoteField(
        "pdf_url",
        Owner.PAPER,
        Kind.URL,
        "PDF link",
        max_length=500,
        source_label="PDF",
    ),
    NoteField("code_url", Owner.PAPER, Kind.URL, "Code link", max_length=500),
    NoteField(
        "code_note",
        Owner.PAPER,
        Kind.LINE,
        "Code remark",
        help_text="'Not released', or a remark shown beside the code link.",
        max_length=300,
    ),
    NoteField(
        "area_label",
        Owner.PAPER,
        Kind.LINE,
        "Area as the source writes it",
        help_text="The source's free-text area.",
        max_length=200,
        section="tags",
        source_label="Area",
    ),
    NoteField(
        "keywords",
        Owner.PAPER,
        Kind.TAGS,
        "Keywords",
        help_text="Comma-separated, as the source writes them.",
        section="tags",
        source_label="Keywords",
    ),
    NoteField(
        "summary",
        Owner.NOTE,
        Kind.MARKDOWN,
        "TL;DR",
        help_text="The one-paragraph summary shown in listings (Markdown, math).",
        required=True,
        section="text",
        rows=7,
    ),
    NoteField(
        "body",
        Owner.NOTE,
        Kind.MARKDOWN,
        "Body",
        help_text="Markdown with sections and math.",
        section="text",
        rows=14,
    ),
    *_rating_fields(),
    NoteField(
        "topics",
        Owner.NOTE,
        Kind.TAGS,
        "Topics",
        help_text="The controlled topics listings count.",
        section="tags",
    ),
    NoteField("related", Owner.NOTE, Kind.LINKS, "Related notes", section="tags"),
    NoteField(
        "published_at",
        Owner.NOTE,
        Kind.MOMENT,
        "Publication time",
        help_text="Empty: public as soon as it is approved. A future time "
        "schedules it: approved, it goes live then.",
        section="schedule",
    ),
)

# Admin form sections, in order: key → (heading, classes).
SECTIONS = {
    "paper": ("Paper", []),
    "text": (None, []),
    "tags": ("Topics and links", []),
    "rating": ("Rating", ["collapse"]),
    "schedule": ("Publication", []),
}

# A note's identity besides its title: where its paper is listed (the venue's
# code, the area's slug) and its address there. The Paper model defines these
# columns; they are working data too, so that moving or renaming a note is a
# revision a moderator reviews like a change of text. A revision written
# before they were kept leaves them out: the note stays where it is.
PLACE_FIELDS = ("venue", "area", "slug")
PLACE_LABELS = {"venue": "Venue", "area": "Area", "slug": "Address"}

BY_NAME = {spec.name: spec for spec in FIELDS}
REVISION_FIELDS = (*(spec.name for spec in FIELDS), *PLACE_FIELDS)
PAPER_FIELDS = tuple(
    spec.name for spec in FIELDS if spec.owner is Owner.PAPER and spec.is_column
)
NOTE_DATA_FIELDS = tuple(
    spec.name for spec in FIELDS if spec.owner is Owner.NOTE and spec.is_column
)
NOTE_TEXT_FIELDS = tuple(spec.name for spec in FIELDS if spec.kind is Kind.MARKDOWN)
RATING_FIELDS = tuple(
    spec.name for spec in FIELDS if spec.kind in (Kind.RATING, Kind.REASON)
)
LIST_FIELDS = tuple(spec.name for spec in FIELDS if spec.kind is Kind.TAGS)


def label_of(name: str) -> str:
    if name in PLACE_LABELS:
        return PLACE_LABELS[name]
    spec = BY_NAME.get(name)
    return spec.label if spec else name.replace("_", " ").capitalize()


def defaults() -> dict:
    """Revision data of a note nobody has written anything in."""
    return {spec.name: spec.empty() for spec in FIELDS}


def columns(owner: Owner) -> Iterator[NoteField]:
    return (spec for spec in FIELDS if spec.owner is owner and spec.is_column)


def contribute_columns(model: type[models.Model], owner: Owner) -> None:
    """Add the owner's columns to its model (catalog.models calls this)."""
    for spec in columns(owner):
        model.add_to_class(spec.name, spec.model_field())


def rating_constraints() -> list[models.CheckConstraint]:
    """Each rated aspect is empty or 1 to 5, checked by the database too."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{aspect}__isnull": True})
            | models.Q(**{f"{aspect}__gte": 1, f"{aspect}__lte": 5}),
            name=f"note_{aspect}_1_to_5",
        )
        for aspect, _label in RATING_ASPECTS
    ]


def _content_fields() -> Iterator[tuple]:
    """NoteContent's fields: each paper column and Markdown text, the tags."""
    for spec in FIELDS:
        if spec.is_column and spec.kind not in (Kind.RATING, Kind.REASON):
            if spec.required:
                yield spec.name, str
            else:
                yield spec.name, str, dataclasses.field(default="")
    yield "keywords", list[str], dataclasses.field(default_factory=list)
    # None leaves the note's curated topics as they are.
    yield "topics", list[str] | None, dataclasses.field(default=None)
    # {"novelty": (4, "reason"), …} for the aspects the source rates.
    yield (
        "ratings",
        dict[str, tuple[int | None, str]],
        dataclasses.field(default_factory=dict),
    )
    yield "published_at", datetime | None, dataclasses.field(default=None)


NoteContent = dataclasses.make_dataclass(
    "NoteContent",
    [("venue", Any), ("area", Any), ("slug", str), *_content_fields()],
    kw_only=True,
)
NoteContent.__module__ = __name__
NoteContent.__doc__ = """Everything a source says about one paper and its note.

What an import, the corpus generator or a test hands `note_upsert`: the
venue and area rows, the slug, and one attribute per paper column and
Markdown text of FIELDS, the tags, ratings by aspect and the publication time.
"""


def content_values(content: Any) -> dict:
    """A NoteContent as revision data (ratings spread over their columns)."""
    data = {
        spec.name: getattr(content, spec.name)
        for spec in FIELDS
        if spec.is_column and spec.kind not in (Kind.RATING, Kind.REASON)
    }
    for aspect, _label in RATING_ASPECTS:
        score, reason = content.ratings.get(aspect, (None, ""))
        data[aspect] = score
        data[f"{aspect}_reason"] = reason
    return data
