"""sitemap.xml: every public page, each with the time its content last changed.

A page changes when one of its notes' live text changes or, for a scheduled
note, when it appears (`querysets.public_changed`); drafts change nothing.
Listing pages take the latest change among their notes, in one GROUP BY.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from catalog.models import Note, TaggedTopic
from catalog.querysets import public_changed

_CHANGED = public_changed()


def _latest_by(*fields: str) -> list[dict]:
    return list(
        Note.objects.published()
        .order_by()
        .values(*fields)
        .annotate(lastmod=Max(_CHANGED))
        .order_by(*fields)
    )


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[dict]:
        latest = Note.objects.published().aggregate(lastmod=Max(_CHANGED))
        return [latest]

    def location(self, item: dict) -> str:
        return reverse("catalog:home")

    def lastmod(self, item: dict):
        return item["lastmod"]


class _GroupedSitemap(Sitemap):
    """One URL per distinct value of `fields` among published notes."""

    fields: tuple[str, ...] = ()
    url_name = ""
    kwargs: dict[str, str] = {}

    def items(self) -> list[dict]:
        return _latest_by(*self.fields)

    def location(self, item: dict) -> str:
        return reverse(
            self.url_name,
            kwargs={name: item[field] for name, field in self.kwargs.items()},
        )

    def lastmod(self, item: dict):
        return item["lastmod"]


class VenueSitemap(_GroupedSitemap):
    priority = 0.8
    fields = ("paper__venue__code",)
    url_name = "catalog:venue_detail"
    kwargs = {"venue": "paper__venue__code"}


class ListingSitemap(_GroupedSitemap):
    priority = 0.8
    fields = ("paper__venue__code", "paper__area__slug")
    url_name = "catalog:area_detail"
    kwargs = {"venue": "paper__venue__code", "area_slug": "paper__area__slug"}


class AreaSitemap(_GroupedSitemap):
    priority = 0.6
    fields = ("paper__area__slug",)
    url_name = "catalog:area_across"
    kwargs = {"area_slug": "paper__area__slug"}


class TopicSitemap(Sitemap):
    priority = 0.5

    def items(self) -> list[dict]:
        return list(
            TaggedTopic.objects.filter(content_object__in=Note.objects.published())
            .values("tag__slug")
            .annotate(lastmod=Max(public_changed("content_object__")))
            .order_by("tag__slug")
        )

    def location(self, item: dict) -> str:
        return reverse("catalog:topic_detail", kwargs={"topic_slug": item["tag__slug"]})

    def lastmod(self, item: dict):
        return item["lastmod"]


class NoteSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return (
            Note.objects.published()
            .public_dates()
            .select_related("paper__venue", "paper__area")
            .only(
                "published_at",
                "paper__slug",
                "paper__venue__code",
                "paper__area__slug",
            )
            .order_by("pk")
        )

    def lastmod(self, note: Note):
        return note.public_changed_at


SITEMAPS = {
    "home": HomeSitemap,
    "venues": VenueSitemap,
    "listings": ListingSitemap,
    "areas": AreaSitemap,
    "topics": TopicSitemap,
    "notes": NoteSitemap,
}
