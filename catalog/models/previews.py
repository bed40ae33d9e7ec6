"""Preview links: one revision of a note, shown to whoever holds the link."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PreviewLink(models.Model):
    """A shared preview of one revision, until it expires or is revoked.

    The signed token in the link names this row, so the link shows the
    revision it was made for, not whatever the note holds later."""

    note = models.ForeignKey(
        "catalog.Note", on_delete=models.CASCADE, related_name="preview_links"
    )
    revision = models.ForeignKey(
        "catalog.NoteRevision", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        app_label = "catalog"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Preview of {self.note} · revision {self.revision.number}"

    @property
    def is_live(self) -> bool:
        """Neither revoked nor expired: the link still shows the revision."""
        return self.revoked_at is None and self.expires_at > timezone.now()
