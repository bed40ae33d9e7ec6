"""The note form: the working revision of a note, its fields from notedata.

Each entry of `catalog.notedata.FIELDS` is a field of this form, with its
label, help text and section: a column takes `NoteField.form_field()`, and
the admin gives the rest their widgets (tags, links, the schedule). What the
form reads from a revision and hands back to the services is derived the same
way, so a field added to notedata shows here, is saved in revisions and is
diffed with no change in the admin.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

from catalog import notedata
from catalog.admin.note_place import KeywordsField, area_field, venue_field
from catalog.diffs import revision_diff
from catalog.models import Area, Note, NoteRevision, Venue
from catalog.notedata import Kind, NoteField, Owner
from catalog.services import (
    note_check_version,
    note_place_check,
    note_snapshot,
    note_snapshot_of,
)

# Where the note is (the first section): working data like the text, so a
# move of a live note is reviewed and applied when approved. What a save says
# (the end of the last section). What a save is checked against is hidden:
# outside the sections, whose rows would give it a label (the change form's
# template renders it).
PLACE_FIELDS = list(notedata.PLACE_FIELDS)
SAVE_FIELDS = ["message"]


class _Column:
    """A column of the paper or the note: notedata's own form field."""

    def __init__(self, spec: NoteField):
        self.spec = spec

    def common(self) -> dict:
        spec = self.spec
        return {
            "label": spec.label,
            "help_text": spec.help_text,
            "required": spec.required,
        }

    def field(self) -> forms.Field:
        return self.spec.form_field()

    def initial(self, stored: Any) -> Any:
        """The form's value for what a revision stores."""
        return stored

    def revision_value(self, cleaned: Any) -> Any:
        """What the services store for the form's cleaned value."""
        return cleaned


class _Moment(_Column):
    """A date and time (the schedule), kept as ISO text in revisions."""

    def field(self) -> forms.Field:
        return forms.SplitDateTimeField(widget=AdminSplitDateTime, **self.common())

    def initial(self, stored: str | None) -> datetime | None:
        return datetime.fromisoformat(stored) if stored else None


class _Names(_Column):
    """Free keywords (the paper's), typed as the source writes them."""

    def field(self) -> forms.Field:
        return KeywordsField(**self.common())

    def initial(self, stored: list[str]) -> list[str]:
        return list(stored)

    def revision_value(self, cleaned: list[str] | None) -> list[str]:
        return list(cleaned or [])


class _Picked(_Column):
    """Rows of the note's own relations, picked by autocomplete: its
    controlled tags (topics) by name, the notes it links to by key."""

    def field(self) -> forms.Field:
        relation = Note._meta.get_field(self.spec.name)
        queryset = relation.related_model.objects.all()
        if self.spec.kind is Kind.LINKS:
            # A related note is shown by its paper's title: one query for all.
            queryset = queryset.select_related("paper")
        return forms.ModelMultipleChoiceField(
            queryset=queryset,
            widget=AutocompleteSelectMultiple(relation, admin.site),
            **self.common(),
        )

    def initial(self, stored: list) -> list:
        if self.spec.kind is Kind.LINKS:
            return stored
        tags = Note._meta.get_field(self.spec.name).related_model
        return list(tags.objects.filter(name__in=stored))

    def revision_value(self, cleaned) -> list:
        if self.spec.kind is Kind.LINKS:
            return [row.pk for row in cleaned or []]
        return [row.name for row in cleaned or []]


def _shown(spec: NoteField) -> _Column:
    if spec.is_column:
        return _Column(spec)
    if spec.kind is Kind.MOMENT:
        return _Moment(spec)
    if spec.kind is Kind.TAGS and spec.owner is Owner.PAPER:
        return _Names(spec)
    return _Picked(spec)


SHOWN = tuple(_shown(spec) for spec in notedata.FIELDS)

# One form field per entry of notedata.FIELDS, in its order.
NoteDataForm = type(
    "NoteDataForm",
    (forms.Form,),
    {shown.spec.name: shown.field() for shown in SHOWN},
)


def note_fieldsets(*, adding: bool) -> list[tuple]:
    """The form's sections (notedata.SECTIONS) with their fields, in order.

    A rating's reason shares the line of the rating before it.
    """
    rows: dict[str, list] = {key: [] for key in notedata.SECTIONS}
    for spec in notedata.FIELDS:
        lines = rows[spec.section]
        if spec.kind is Kind.REASON and lines:
            lines[-1] = (lines[-1], spec.name)
        else:
            lines.append(spec.name)
    first, *_, last = notedata.SECTIONS
    rows[first][:0] = PLACE_FIELDS
    rows[last] += SAVE_FIELDS
    return [
        (heading, {"fields": rows[key], **({"classes": classes} if classes else {})})
        for key, (heading, classes) in notedata.SECTIONS.items()
        if rows[key]
    ]


class NoteAdminForm(forms.ModelForm, NoteDataForm):
    """The working revision of a note: text, links, ratings, tags, schedule.

    Not the model's fields: the form starts from the newest revision (which
    may differ from what the public sees) and the admin saves it through
    `note_revise`. The version it was opened at travels in a hidden field; a
    save over someone else's newer one is refused with their change and
    yours side by side, and the text you typed stays in the form.
    """

    venue = venue_field()
    area = area_field()
    slug = forms.SlugField(
        label="Address",
        max_length=120,
        required=False,
        help_text="The note's address in its listing; made from the title if empty. "
        "A published note moves, with a redirect from its old address, only "
        "once a moderator approves the revision.",
    )
    message = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="Optional: shown in the history and to the reviewer.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Note
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: dict | None = None
        if self.instance.pk is None:
            return
        data = note_snapshot(note=self.instance)
        self.initial.update(
            {shown.spec.name: shown.initial(data[shown.spec.name]) for shown in SHOWN},
            venue=Venue.objects.filter(code=data["venue"]).first(),
            area=Area.objects.filter(slug=data["area"]).first(),
            slug=data["slug"],
            version=self.instance.version,
            base_revision=self.instance.current_revision_id,
        )

    def revision_data(self) -> dict:
        """The cleaned form as revision data (NoteRevision.data keys)."""
        data = self.cleaned_data
        venue, area = data.get("venue"), data.get("area")
        return {
            **{
                shown.spec.name: shown.revision_value(data.get(shown.spec.name))
                for shown in SHOWN
            },
            "venue": venue.code if venue else "",
            "area": area.slug if area else "",
            "slug": data.get("slug") or "",
        }

    def clean(self):
        cleaned = super().clean()
        self._check_place(cleaned)
        note = self.instance
        if note.pk is None or self.errors:
            return cleaned
        # The admin runs this form and the save in one transaction: holding
        # the row from here makes the check and the write one step.
        current = (
            Note.objects.select_for_update(of=("self",))
            .select_related("current_revision__created_by")
            .get(pk=note.pk)
        )
        opened_at = cleaned.get("version")
        if opened_at is None:
            return cleaned
        try:
            note_check_version(note=current, expected_version=opened_at)
        except ValidationError:
            self._show_conflict(current)
            raise
        return cleaned

    def _check_place(self, cleaned: dict) -> None:
        """The service's refusal of the venue, area and address, on their
        fields (a taken address, most often) rather than as an error page."""
        venue, area, slug = (
            cleaned.get("venue"),
            cleaned.get("area"),
            cleaned.get("slug"),
        )
        if venue is None or area is None or not slug:
            return  # An empty address keeps the note's, or is made from the title.
        try:
            note_place_check(
                note=self.instance,
                data={"venue": venue.code, "area": area.slug, "slug": slug},
            )
        except ValidationError as error:
            for name, texts in error.message_dict.items():
                self.add_error(name if name in self.fields else None, texts)

    def _show_conflict(self, current: Note) -> None:
        """Their change and yours, each against the revision you opened."""
        base = NoteRevision.objects.filter(
            note=current, pk=self.cleaned_data.get("base_revision")
        ).first()
        theirs = current.current_revision
        before = note_snapshot_of(note=current, revision=base) if base else None
        yours = {**note_snapshot(note=current), **self.revision_data()}
        for name, value in yours.items():
            if isinstance(value, datetime):
                yours[name] = value.isoformat()
        self.conflict = {
            "who": theirs.created_by if theirs else current.last_edited_by,
            "when": theirs.created_at if theirs else current.updated_at,
            "theirs": [
                d
                for d in revision_diff(
                    before, note_snapshot_of(note=current, revision=theirs)
                )
                if d.changed
            ]
            if theirs
            else [],
            "yours": [d for d in revision_diff(before, yours) if d.changed],
        }
        # Saving again, after reading both, is then a deliberate choice.
        self.data = self.data.copy()
        self.data["version"] = current.version
        self.data["base_revision"] = current.current_revision_id or ""
