"""What a listing page shows above its notes: counts and topic lines."""

from django.db.models import Count

from catalog.models import Area, Note, Venue
from catalog.overview import TopicCount

TOP_TOPICS = 5
TOP_TOPIC_MIN_NOTES = 2


def top_topics(
    counts: list[TopicCount], *, limit: int = TOP_TOPICS
) -> list[TopicCount]:
    """The most used topics, used by at least two notes, out of `counts`.

    `counts` is the listing's topics most used first, as the chart has them
    (`overview.topic_counts`): the top topics are its head, with no query
    of their own.
    """
    return [topic for topic in counts[:limit] if topic.count >= TOP_TOPIC_MIN_NOTES]


def with_listing(notes, *, venue: Venue, area: Area) -> list[Note]:
    """The notes of one listing with the page's venue and area on each paper,
    instead of a copy of both per row."""
    notes = list(notes)
    for note in notes:
        note.paper.venue, note.paper.area = venue, area
    return notes


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
