"""Reusable reads of the catalog; views call these, never repeat them."""

from django.db import connections, models
from django.db.models import Count, F, Q, Value, Window
from django.db.models.functions import Coalesce, Collate, Greatest, Lower, RowNumber
from django.utils import timezone


def published_q(path: str = "") -> Q:
    """published() as a condition, for notes reached through `path` from
    another model (`published_q("papers__note__")` on venues)."""
    return Q(**{f"{path}is_live": True, f"{path}published_at__lte": timezone.now()})


def public_changed(path: str = "") -> Greatest:
    """When what the public sees of a note last changed (for notes reached
    through `path`): its publication, or the making of its live revision if
    later. Not `updated_at`, which a draft saved over a live note, or any
    workflow step, moves on: that would tell readers of unpublished work."""
    published = f"{path}published_at"
    return Greatest(Coalesce(f"{path}live_revision__created_at", published), published)


class NoteQuerySet(models.QuerySet):
    def published(self):
        """Notes the public may see: published, and their time has come."""
        return self.filter(published_q())

    def in_listing(self, *, venue, area):
        return self.filter(paper__venue=venue, paper__area=area)

    def for_listing(self, *, registry: bool = True):
        """What a listing row shows: the paper's title, slug and links.

        Not the note's body, which no listing shows: it is most of a note's
        bytes, and on SQLite reading a row reads it too. `registry=False`
        leaves out each row's venue and area, for a page of one listing that
        has them already (`with_listing()` puts them back on the rows).
        """
        related = ("paper", "paper__venue", "paper__area") if registry else ("paper",)
        return self.select_related(*related).defer("body", "body_html").public_dates()

    def public_dates(self):
        """Each note's `public_changed_at` (see `public_changed`)."""
        return self.annotate(public_changed_at=public_changed())

    def title_key(self):
        """The sort key of by_title(), for comparisons and window functions."""
        key = Lower("paper__title")
        if connections[self.db].vendor == "postgresql":
            # A locale collation would skip punctuation and spaces; "C" doesn't.
            key = Collate(key, "C")
        return key

    def by_title(self):
        """Case-insensitive by title, in code-point order."""
        return self.order_by(self.title_key(), "pk")

    def slug_key(self, slug=None):
        """The sort key of by_slug(), or `slug` compared the same way.

        In code-point order, as the source sorts its file names; on PostgreSQL
        a locale collation would sort `3d-aware` and `3d_vision` by letters
        only. A listing's rows are found through the paper's (venue, area,
        slug) unique index; a listing is short enough to sort in memory.
        """
        key = F("paper__slug") if slug is None else Value(slug)
        if connections[self.db].vendor == "postgresql":
            key = Collate(key, "C")
        return key

    def by_slug(self):
        """In a listing's order: by the note's slug, the source's file name."""
        return self.order_by(self.slug_key(), "pk")

    def after(self, note):
        """The notes after `note` in by_slug() order, nearest first."""
        key, current = self.slug_key(), self.slug_key(note.paper.slug)
        return (
            self.alias(slug_sort=key)
            .filter(Q(slug_sort__gt=current) | Q(slug_sort=current, pk__gt=note.pk))
            .order_by(key, "pk")
        )

    def before(self, note):
        """The notes before `note` in by_slug() order, nearest first."""
        key, current = self.slug_key(), self.slug_key(note.paper.slug)
        return (
            self.alias(slug_sort=key)
            .filter(Q(slug_sort__lt=current) | Q(slug_sort=current, pk__lt=note.pk))
            .order_by(key.desc(), "-pk")
        )

    def first_per_area(self, limit: int):
        """At most `limit` notes of each area, in listing order, in one query."""
        return self.annotate(
            area_row=Window(
                RowNumber(),
                partition_by=F("paper__area_id"),
                order_by=[self.slug_key().asc(), F("pk").asc()],
            )
        ).filter(area_row__lte=limit)

    def count_by_listing(self):
        """(venue id, area id, count) rows: every listing's size, one GROUP BY."""
        return (
            self.order_by()
            .values_list("paper__venue_id", "paper__area_id")
            .annotate(count=Count("pk"))
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")
