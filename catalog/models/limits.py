"""Counts that keep robots out when the cache, where they usually live, is away."""

from django.db import models


class SubmissionCount(models.Model):
    """Reader submissions from one network address in its current window.

    The rate limit counts in the cache; while the cache cannot be reached it
    counts here instead (catalog.services.limits), so the limit holds across
    every app server without it.
    """

    address = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "catalog"
        ordering = ["address", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["address"], name="one_submission_count_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.address}: {self.count} since {self.window_start:%Y-%m-%d %H:%M}"
