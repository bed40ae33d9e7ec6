"""What a listing page shows above its notes: counts and topic lines."""

from dataclasses import dataclass

from django.db.models import Count

from catalog.models import Area, Note, Topic, Venue

TOP_TOPICS = 5
TOP_TOPIC_MIN_NOTES = 2


@dataclass(frozen=True)
class TopicCount:
    slug: str
    name: str
    count: int


def top_topics(notes, *, limit: int = TOP_TOPICS) -> list[TopicCount]:
    """The most used topics among `notes`, used by at least two of them."""
    rows = (
        Topic.objects.filter(items__content_object__in=notes)
        .annotate(count=Count("items"))
        .filter(count__gte=TOP_TOPIC_MIN_NOTES)
        .order_by("-count", "name")
        .values_list("slug", "name", "count")[:limit]
    )
    return [TopicCount(*row) for row in rows]


def same_area_elsewhere(*, area: Area, venue: Venue) -> list[Venue]:
    """Other venues with published notes in this area, in display order."""
    # Joined on this area's papers only: a count filtered inside the aggregate
    # would read every paper of every venue (a second at 11,000 notes).
    published = Note.objects.published().filter(paper__area=area).values("pk")
    return list(
        Venue.objects.exclude(pk=venue.pk)
        .filter(papers__area=area, papers__note__in=published)
        .annotate(note_count=Count("papers"))
        .order_by("position", "code")
    )
