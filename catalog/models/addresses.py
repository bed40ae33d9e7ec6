"""Note addresses that are not a note's own: an old one a renamed note left
behind, and one a related link points at before any note is there."""

from django.db import models


class NoteRedirect(models.Model):
    """An old address of a renamed note, answered with a permanent redirect."""

    venue_code = models.CharField(max_length=32)
    area_slug = models.SlugField(max_length=64)
    slug = models.SlugField(max_length=120)
    note = models.ForeignKey(
        "catalog.Note", on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "catalog"
        ordering = ["venue_code", "area_slug", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue_code", "area_slug", "slug"],
                name="unique_old_note_address",
            )
        ]

    def __str__(self) -> str:
        return f"/{self.venue_code}/{self.area_slug}/{self.slug}/ → {self.note}"


class PendingRelated(models.Model):
    """A related link of a note to an address no note holds yet.

    A source's RELATED block links into venues and areas a partial tree does
    not hold. The link is kept here, with its text, until a note comes into
    existence at that address; then it becomes one of the note's related
    notes (`Note.related`) and this row goes.
    """

    note = models.ForeignKey(
        "catalog.Note", on_delete=models.CASCADE, related_name="pending_related"
    )
    venue_code = models.CharField(max_length=32)
    area_slug = models.SlugField(max_length=64)
    slug = models.SlugField(max_length=120)
    text = models.CharField(
        max_length=600, blank=True, help_text="The link text, as the source writes it."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the note's RELATED block."
    )

    class Meta:
        app_label = "catalog"
        ordering = ["note", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "venue_code", "area_slug", "slug"],
                name="unique_pending_related_per_note",
            )
        ]
        indexes = [
            # A new note looks up the links waiting for its address.
            models.Index(
                fields=["slug", "area_slug", "venue_code"],
                name="pending_related_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.note} → /{self.venue_code}/{self.area_slug}/{self.slug}/"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.venue_code, self.area_slug, self.slug)
