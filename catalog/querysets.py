"""Reusable reads of the catalog; views call these, never repeat them."""

from django.db import connections, models
from django.db.models.functions import Collate, Lower
from django.utils import timezone


class NoteQuerySet(models.QuerySet):
    def published(self):
        """Notes the public may see: published, and their time has come."""
        return self.filter(is_live=True, published_at__lte=timezone.now())

    def in_listing(self, *, venue, area):
        return self.filter(paper__venue=venue, paper__area=area)

    def for_listing(self):
        """What a listing row shows: the paper's title, slug and links."""
        return self.select_related("paper", "paper__venue", "paper__area")

    def by_title(self):
        """Case-insensitive by title, in code-point order as the source sorts."""
        key = Lower("paper__title")
        if connections[self.db].vendor == "postgresql":
            # A locale collation would skip punctuation and spaces; "C" doesn't.
            key = Collate(key, "C")
        return self.order_by(key, "pk")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")
