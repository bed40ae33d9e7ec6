"""Reusable reads of the catalog; views call these, never repeat them."""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class NoteQuerySet(models.QuerySet):
    def published(self):
        """Notes the public may see: published, and their time has come."""
        return self.filter(status="published", published_at__lte=timezone.now())

    def in_listing(self, *, venue, area):
        return self.filter(paper__venue=venue, paper__area=area)

    def for_listing(self):
        """What a listing row shows: the paper's title, slug and links."""
        return self.select_related("paper", "paper__venue", "paper__area")

    def by_title(self):
        return self.order_by(Lower("paper__title"), "pk")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")
