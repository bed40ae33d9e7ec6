"""The note form: the working revision of a note, saved through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from taggit.forms import TagField

from catalog.diffs import revision_diff
from catalog.models import Area, Note, NoteRevision, Topic, Venue
from catalog.services import note_snapshot, note_stale_message, revision_published_at

RATING_CHOICES = [("", "—")] + [(score, f"{score}/5") for score in range(1, 6)]


class _TagName:
    """What taggit's edit_string_for_tags reads: an object with a name."""

    def __init__(self, name: str):
        self.name = name


def _rating_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )


def _reason_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=f"{label}: why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteAdminForm(forms.ModelForm):
    """The working revision of a note: text, links, ratings, tags, schedule.

    Not the model's fields: the form starts from the newest revision (which
    may differ from what the public sees) and the admin saves it through
    `note_revise`. The version it was opened at travels in a hidden field; a
    save over someone else's newer one is refused with their change and
    yours side by side, and the text you typed stays in the form.
    """

    venue = forms.ModelChoiceField(queryset=Venue.objects.all())
    area = forms.ModelChoiceField(queryset=Area.objects.all())
    slug = forms.SlugField(
        max_length=120,
        required=False,
        help_text="The note's address in its listing; made from the title if empty.",
    )
    title = forms.CharField(max_length=500, label="Paper title")
    arxiv_id = forms.CharField(max_length=32, required=False, label="arXiv id")
    paper_url = forms.URLField(
        max_length=500, required=False, label="Paper link", assume_scheme="https"
    )
    code_url = forms.URLField(
        max_length=500, required=False, label="Code link", assume_scheme="https"
    )
    code_note = forms.CharField(max_length=300, required=False, label="Code remark")
    area_label = forms.CharField(
        max_length=200, required=False, label="Area as the source writes it"
    )
    keywords = TagField(
        required=False, help_text="Comma-separated, as the source writes them."
    )
    summary = forms.CharField(
        label="TL;DR",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The one-paragraph summary shown in listings (Markdown, math).",
    )
    body = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Markdown with sections and math.",
    )
    novelty = _rating_field("Novelty")
    novelty_reason = _reason_field("Novelty")
    thoroughness = _rating_field("Experimental Thoroughness")
    thoroughness_reason = _reason_field("Experimental Thoroughness")
    writing = _rating_field("Writing Quality")
    writing_reason = _reason_field("Writing Quality")
    value = _rating_field("Value")
    value_reason = _reason_field("Value")
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Note._meta.get_field("topics"), admin.site),
        help_text="The controlled topics listings count.",
    )
    related = forms.ModelMultipleChoiceField(
        queryset=Note.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Note._meta.get_field("related"), admin.site),
    )
    published_at = forms.SplitDateTimeField(
        label="Publication time",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Empty: public as soon as it is approved. A future time "
        "schedules it: approved, it goes live then.",
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
        for name in ("venue", "area", "slug"):
            self.fields.pop(name, None)
        data = note_snapshot(note=self.instance)
        self.initial.update(
            {name: data[name] for name in data if name in self.fields},
            # Tag objects, not their edit string: the widget writes the string
            # and TagField.has_changed() reads each initial tag's name.
            keywords=[_TagName(n) for n in data["keywords"]],
            topics=list(Topic.objects.filter(name__in=data["topics"])),
            related=data["related"],
            published_at=revision_published_at(data),
            version=self.instance.version,
            base_revision=self.instance.current_revision_id,
        )

    def revision_data(self) -> dict:
        """The cleaned form as revision data (NoteRevision.data keys)."""
        data = self.cleaned_data
        changes = {
            name: data.get(name)
            for name in (
                "title",
                "arxiv_id",
                "paper_url",
                "code_url",
                "code_note",
                "area_label",
                "summary",
                "body",
                *(
                    f"{aspect}{suffix}"
                    for aspect, _label in Note.RATING_ASPECTS
                    for suffix in ("", "_reason")
                ),
                "published_at",
            )
        }
        changes["keywords"] = list(data.get("keywords") or [])
        changes["topics"] = [topic.name for topic in data.get("topics") or []]
        changes["related"] = [note.pk for note in data.get("related") or []]
        return changes

    def clean(self):
        cleaned = super().clean()
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
        if opened_at is not None and opened_at != current.version:
            self._refuse_stale(current)
        return cleaned

    def _refuse_stale(self, current: Note) -> None:
        base = NoteRevision.objects.filter(
            note=current, pk=self.cleaned_data.get("base_revision")
        ).first()
        theirs = current.current_revision
        before = base.data if base else None
        yours = {**note_snapshot(note=current), **self.revision_data()}
        yours["published_at"] = (
            yours["published_at"].isoformat() if yours["published_at"] else None
        )
        self.conflict = {
            "who": theirs.created_by if theirs else current.last_edited_by,
            "when": theirs.created_at if theirs else current.updated_at,
            "theirs": [d for d in revision_diff(before, theirs.data) if d.changed]
            if theirs
            else [],
            "yours": [d for d in revision_diff(before, yours) if d.changed],
        }
        # Saving again, after reading both, is then a deliberate choice.
        self.data = self.data.copy()
        self.data["version"] = current.version
        self.data["base_revision"] = current.current_revision_id or ""
        raise ValidationError(note_stale_message(note=current), code="stale")
