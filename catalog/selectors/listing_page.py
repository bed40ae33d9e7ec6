"""What a listing page shows above its notes: counts and topic lines."""

from django.db.models import Count

from catalog.models import Area, Note, Venue
from catalog.querysets import published_q
from catalog.selectors.overview import TopicCount

TOP_TOPICS = 5
TOP_TOPIC_MIN_NOTES = 2


def top_topics(
    counts: list[TopicCount], *, limit: int = TOP_TOPICS
) -> list[TopicCount]:
    """The most used topics, used by at least two notes, out of `counts`.

    `counts` is the listing's topics most used first, as the chart has them
    (`selectors.overview.topic_counts`): the top topics are its head, with no query
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
    # One join from this area's papers to their notes, conditions in the same
    # filter() so they apply to the same rows: a count filtered inside the
    # aggregate would read every venue's papers, and a subquery of published
    # notes made PostgreSQL scan every paper (33 ms at 100,000 notes; 3 ms).
    return list(
        Venue.objects.exclude(pk=venue.pk)
        .filter(published_q("papers__note__"), papers__area=area)
        .annotate(note_count=Count("papers"))
        .order_by("position", "code")
    )
