"""The catalog: venues, areas, papers, and the editorial notes about them.

`tags` holds the topics and keywords; `addresses` the rows about note
addresses (old ones, awaited ones); `previews` the preview links shared;
`limits` the submission counts kept in the database while the cache is away.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager

from catalog import notedata

# Defined there, imported from here like the others.
from catalog.models.addresses import NoteRedirect, PendingRelated
from catalog.models.limits import SubmissionCount
from catalog.models.previews import PreviewLink
from catalog.models.tags import Keyword, TaggedKeyword, TaggedTopic, Topic
from catalog.querysets import NoteQuerySet


class Venue(models.Model):
    """A conference edition; its code (`ICML2025`) is the URL key."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100, help_text="Display name, e.g. ICML 2025.")
    spellings = models.JSONField(
        default=list,
        blank=True,
        help_text='Other ways notes write this venue, e.g. ["ICML 2025"].',
    )
    emoji = models.CharField(max_length=16, blank=True)
    year = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the 'Same area in other venues' line."
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return f"{self.emoji} {self.code}".strip()


class AreaGroup(models.Model):
    """A heading of the home page (LLM, NLP Applications, …)."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    emoji = models.CharField(max_length=16, blank=True)
    group = models.ForeignKey(AreaGroup, on_delete=models.PROTECT, related_name="areas")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group__position", "position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.emoji} {self.name}".strip()


class Paper(models.Model):
    """The research paper a note is about."""

    NOT_RELEASED = "Not released"

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="papers")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="papers")
    slug = models.SlugField(
        max_length=120, help_text="Unique within venue and area; the note's URL key."
    )
    # title, authors, affiliations, arxiv_id, paper_url, pdf_url, code_url,
    # code_note, area_label: the columns of catalog.notedata, added below.
    keywords = TaggableManager(
        through=TaggedKeyword, blank=True, verbose_name="keywords"
    )

    class Meta:
        ordering = ["venue__position", "area__slug", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "area", "slug"], name="unique_paper_slug_per_listing"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        clash = Paper.objects.filter(
            venue_id=self.venue_id, area_id=self.area_id, slug=self.slug
        ).exclude(pk=self.pk)
        if self.slug and clash.exists():
            raise ValidationError(
                {"slug": "Another paper of this venue and area already has this slug."}
            )

    @property
    def author_names(self) -> list[str]:
        """The authors in the paper's order (`authors` holds them as written)."""
        return [
            name.strip() for name in re.split(r"[,;]", self.authors) if name.strip()
        ]

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def has_code(self) -> bool:
        return bool(self.code_url)


class Note(models.Model):
    """The editorial text about one paper; public pages show published notes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    RATING_ASPECTS = notedata.RATING_ASPECTS

    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, related_name="note")
    # summary, body and the ratings with their reasons: the columns of
    # catalog.notedata, added below the class. The HTML is derived from them.
    summary_html = models.TextField(blank=True, editable=False)
    body_html = models.TextField(blank=True, editable=False)

    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="related_from"
    )
    topics = TaggableManager(through=TaggedTopic, blank=True, verbose_name="topics")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
    )
    status = models.CharField(
        max_length=24,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Where the note's working revision is in the review workflow.",
    )
    # The public sees the content fields above while this is true, whatever the
    # status of a newer draft: draft over live.
    is_live = models.BooleanField(default=False, db_index=True)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the public may first see it; a future time schedules it.",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; a stale edit is refused."
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes_to_review",
        help_text="The moderator who claimed the review.",
    )
    review_requested_at = models.DateTimeField(null=True, blank=True)
    current_revision = models.ForeignKey(
        "NoteRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The newest revision: what editors work on.",
    )
    live_revision = models.ForeignKey(
        "NoteRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The revision the public sees.",
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # The title, tags and summary of search_vector without the body: small
    # enough to stay in the row, for ranking a search (PostgreSQL only).
    search_head = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["paper__title", "pk"]
        indexes = [
            # Covers published() by paper, for listings and their counts: on
            # SQLite the row itself holds is_live after the long text columns,
            # so without it each check reads the whole note from disk.
            models.Index(
                fields=["paper", "is_live", "published_at"],
                name="note_paper_visibility",
            ),
            # The same by note id, with the paper, for notes reached through
            # their topics, the search index or related notes (the topic page's
            # count of 2,824 notes at 11,000: 15 ms on SQLite without it, 1 ms
            # with it).
            models.Index(
                fields=["id", "is_live", "published_at", "paper"],
                name="note_visibility",
            ),
        ]
        constraints = notedata.rating_constraints()

    def __str__(self) -> str:
        return self.paper.title if self.paper_id else "New note"

    def clean(self) -> None:
        errors = {}
        for field, label in self.RATING_ASPECTS:
            score = getattr(self, field)
            if score is not None and not 1 <= score <= 5:
                errors[field] = f"{label} is rated from 1 to 5."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        paper = self.paper
        return reverse(
            "catalog:note_detail",
            kwargs={
                "venue": paper.venue.code,
                "area_slug": paper.area.slug,
                "note_slug": paper.slug,
            },
        )

    @property
    def title(self) -> str:
        return self.paper.title

    @property
    def ratings(self) -> list[tuple[str, int, str]]:
        """(label, score, reason) for each aspect that has a score."""
        return [
            (label, getattr(self, field), getattr(self, f"{field}_reason"))
            for field, label in self.RATING_ASPECTS
            if getattr(self, field) is not None
        ]


notedata.contribute_columns(Paper, notedata.Owner.PAPER)
notedata.contribute_columns(Note, notedata.Owner.NOTE)


class NoteRevision(models.Model):
    """One saved state of a note: every field an editor can change."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField(
        help_text="Title, summary, body, paper links, ratings, topics, keywords."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField(
        max_length=300, blank=True, help_text="What changed, or whom it credits."
    )

    class Meta:
        ordering = ["note", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "number"], name="unique_revision_number_per_note"
            )
        ]

    def __str__(self) -> str:
        return f"{self.note} · revision {self.number}"


class NoteEvent(models.Model):
    """The append-only log of what happened to a note: who, what, when, why.

    Deleting a note keeps its events: the reference is nulled and `note_label`
    keeps which note it was (filled in just before the deletion)."""

    note = models.ForeignKey(
        Note, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    note_label = models.CharField(
        max_length=700, blank=True, help_text="The note's title and address, kept."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)
    revision = models.ForeignKey(
        NoteRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.note or self.note_label or 'A deleted note'} · {self.action}"


class ReviewComment(models.Model):
    """A moderator's remark on a note under review; the author resolves it."""

    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, related_name="review_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.note}"


class Submission(models.Model):
    """What a reader sent: a better summary for a note, or a paper we lack."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", "Summary suggestion"
        NEW_PAPER = "new_paper", "New paper"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    note = models.ForeignKey(
        Note,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="submissions",
        help_text="The note a suggestion is for; for a new paper, the note made.",
    )
    base_summary = models.TextField(
        blank=True, help_text="The summary the reader saw when suggesting."
    )
    title = models.CharField(max_length=500, blank=True)
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paper_url = models.URLField(max_length=500, blank=True)
    summary = models.TextField()
    summary_html = models.TextField(blank=True, editable=False)
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sent from the account",
        help_text="The account that sent it, if someone logged in did: they may "
        "not approve it themselves.",
    )
    reason = models.TextField(blank=True, help_text="Why it was rejected.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="suggestion") | models.Q(note__isnull=False),
                name="suggestion_names_its_note",
            )
        ]
        # Deciding is not editing: nobody changes what a reader sent.
        permissions = [
            ("decide_submission", "Can approve, reject or mark submissions as spam")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title or self.note}"


__all__ = [
    "Area",
    "AreaGroup",
    "Keyword",
    "Note",
    "NoteEvent",
    "NoteRedirect",
    "NoteRevision",
    "Paper",
    "PendingRelated",
    "PreviewLink",
    "ReviewComment",
    "Submission",
    "SubmissionCount",
    "TaggedKeyword",
    "TaggedTopic",
    "Topic",
    "Venue",
]
