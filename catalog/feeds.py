"""Atom feeds: the whole site, a venue, an area in a venue or across venues,
and a topic. Each holds the newest published notes, summary as HTML content.

Each feed names an XSL stylesheet (static/feeds/atom.xsl), so that a person
who opens one in a browser sees a page that says what a feed is and how to
subscribe, and lists the entries; feed readers ignore it.
"""

from datetime import UTC, datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator

from catalog.markup import plain_title
from catalog.models import Area, Note, Topic, Venue

FEED_SIZE = 50
SITE_NAME = "AI Paper Notes"


# The `<updated>` of a feed with no entries: a fixed moment, so that its bytes
# (and its ETag) stay the same from one request to the next.
EMPTY_FEED_UPDATED = datetime(2025, 1, 1, tzinfo=UTC)


class NotesAtomFeed(Atom1Feed):
    """Atom whose entries carry the note's summary as `<content type="html">`."""

    # Sent as XML, not application/atom+xml: Chromium shows an atom+xml
    # document as plain text and never applies its stylesheet. Feed readers
    # read the document, and pages still announce the feed as Atom.
    content_type = "application/xml; charset=utf-8"

    def write(self, outfile, encoding):
        # Django 5.2 writes a feed's stylesheets in RSS only; the processing
        # instruction must come before the root element.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def latest_post_date(self):
        # Django's answer for no entries is the current time.
        if not self.items:
            return EMPTY_FEED_UPDATED
        return super().latest_post_date()

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class NotesFeed(Feed):
    """The newest notes of what `notes(obj)` selects, as an Atom feed."""

    feed_type = NotesAtomFeed
    author_name = SITE_NAME

    def stylesheets(self) -> list[Stylesheet]:
        # Resolved per request: the static file's name carries its hash.
        return [Stylesheet(static("feeds/atom.xsl"), mimetype="text/xsl")]

    def notes(self, obj):
        return Note.objects.published()

    def items(self, obj):
        return (
            self.notes(obj)
            .for_listing()
            .prefetch_related("topics")
            .newest_first()[:FEED_SIZE]
        )

    def item_title(self, note: Note) -> str:
        # Atom titles are text: the math as Unicode, not as TeX or markup.
        return plain_title(note.paper.title)

    def item_link(self, note: Note) -> str:
        return note.get_absolute_url()

    def item_description(self, note: Note) -> None:
        # The summary goes into <content>; a second copy in <summary> adds nothing.
        return None

    def item_extra_kwargs(self, note: Note) -> dict:
        return {"content": note.summary_html}

    def item_pubdate(self, note: Note):
        return note.published_at

    def item_updateddate(self, note: Note):
        # Not updated_at: a draft saved over a live note changes nothing here.
        return note.public_changed_at

    def item_categories(self, note: Note) -> list[str]:
        return [topic.name for topic in note.topics.all()]


class SiteFeed(NotesFeed):
    title = f"{SITE_NAME}: newest notes"
    subtitle = "Short notes on AI research papers, by venue, area and topic."

    def link(self) -> str:
        return reverse("catalog:home")


class VenueFeed(NotesFeed):
    def get_object(self, request, venue: str) -> Venue:
        return get_object_or_404(Venue, code=venue)

    def notes(self, venue: Venue):
        return super().notes(venue).filter(paper__venue=venue)

    def title(self, venue: Venue) -> str:
        return f"{SITE_NAME}: {venue.name}"

    def link(self, venue: Venue) -> str:
        return reverse("catalog:venue_detail", kwargs={"venue": venue.code})


class AreaFeed(NotesFeed):
    """One area in one venue: the feed of a listing page."""

    def get_object(self, request, venue: str, area_slug: str) -> tuple[Venue, Area]:
        return (
            get_object_or_404(Venue, code=venue),
            get_object_or_404(Area, slug=area_slug),
        )

    def notes(self, listing):
        venue, area = listing
        return super().notes(listing).in_listing(venue=venue, area=area)

    def title(self, listing) -> str:
        venue, area = listing
        return f"{SITE_NAME}: {area.name} at {venue.name}"

    def link(self, listing) -> str:
        venue, area = listing
        return reverse(
            "catalog:area_detail", kwargs={"venue": venue.code, "area_slug": area.slug}
        )


class AreaAcrossFeed(NotesFeed):
    def get_object(self, request, area_slug: str) -> Area:
        return get_object_or_404(Area, slug=area_slug)

    def notes(self, area: Area):
        return super().notes(area).filter(paper__area=area)

    def title(self, area: Area) -> str:
        return f"{SITE_NAME}: {area.name}, all venues"

    def link(self, area: Area) -> str:
        return reverse("catalog:area_across", kwargs={"area_slug": area.slug})


class TopicFeed(NotesFeed):
    def get_object(self, request, topic_slug: str) -> Topic:
        return get_object_or_404(Topic.objects.public(), slug=topic_slug)

    def notes(self, topic: Topic):
        return super().notes(topic).filter(topics=topic)

    def title(self, topic: Topic) -> str:
        return f"{SITE_NAME}: {topic.name}"

    def link(self, topic: Topic) -> str:
        return reverse("catalog:topic_detail", kwargs={"topic_slug": topic.slug})
