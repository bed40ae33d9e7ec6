"""The pages that list notes: home, venue, an area in a venue (the listing
page), an area across venues, and a topic.

The listing and topic pages also answer as BibTeX (`export="bib"`), the
listing page as JSON (`export="json"`), set in urls.py: a download is made
from the same filtered query as the page, so it always holds what the reader
sees. Every page runs a fixed number of queries whatever the number of notes.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView

from catalog.filters import NoteFilter, TopicNoteFilter
from catalog.models import Area, Note, Topic, Venue
from catalog.pagination import RowsLastPaginator
from catalog.selectors import (
    area_overview,
    same_area_elsewhere,
    site_overview,
    top_topics,
    topic_counts,
    topic_facets,
    venue_overview,
    with_listing,
)
from catalog.views.machine import (
    bibtex_response,
    filter_refusal,
    json_response,
    note_data,
    page_data,
)

HOME_RECENT_NOTES = 10
AREA_NEWEST_NOTES = 20


def _toggle_topic_url(query, slug: str) -> str:
    """The query string of this listing with one topic switched on or off."""
    query = query.copy()
    query.pop("page", None)
    topics = query.getlist("topic")
    query.setlist(
        "topic", [t for t in topics if t != slug] if slug in topics else topics + [slug]
    )
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


class HomeView(TemplateView):
    """The source's home page (its counts, one card per venue with its areas
    by group), then the venue × area tables and the newest notes."""

    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            overview=site_overview(),
            recent=Note.objects.published()
            .for_listing()
            .newest_first()[:HOME_RECENT_NOTES],
        )
        return context


class VenueDetailView(TemplateView):
    """A venue's areas, each with its first notes and a link to all, as the
    source's venue page has them."""

    template_name = "catalog/venue_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        venue = get_object_or_404(Venue, code=kwargs["venue"])
        context.update(venue=venue, overview=venue_overview(venue))
        return context


class FilteredNotesView(ListView):
    """A page of notes narrowed by a filter form, also a .bib download.

    `get_filterset()` reads the page's objects from the URL and returns its
    filter set; a filter in error leaves the notes unfiltered, with status
    400 for the page and a plain-text refusal for the download.
    """

    context_object_name = "notes"
    paginator_class = RowsLastPaginator
    export: str | None = None

    def get_filterset(self, request, **kwargs):
        raise NotImplementedError

    def bibtex_filename(self) -> str:
        raise NotImplementedError

    def bibtex_notes(self):
        return self.get_queryset()

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(request, **kwargs)
        invalid = self.filterset.is_bound and not self.filterset.is_valid()
        if self.export == "bib":
            if invalid:
                return filter_refusal(self.filterset)
            return bibtex_response(
                request, self.bibtex_notes(), filename=self.bibtex_filename()
            )
        response = super().get(request, *args, **kwargs)
        if invalid:
            response.status_code = 400
        return response

    def get_queryset(self):
        if self.filterset.is_bound and self.filterset.is_valid():
            return self.filterset.qs
        return self.filterset.queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter=self.filterset,
            filter_errors=self.filterset.errors if self.filterset.is_bound else {},
            shown=context["paginator"].count,
            filtering=self.filterset.is_filtering,
        )
        return context


class AreaDetailView(FilteredNotesView):
    """One area in one venue: the listing page of the source site, and more."""

    template_name = "catalog/area_detail.html"
    paginate_by = 100

    def get_filterset(self, request, **kwargs):
        self.venue = get_object_or_404(Venue, code=kwargs["venue"])
        self.area = get_object_or_404(Area, slug=kwargs["area_slug"])
        self.listing = Note.objects.published().in_listing(
            venue=self.venue, area=self.area
        )
        return NoteFilter(
            request.GET or None,
            queryset=self.listing.for_listing(registry=False).by_slug(),
            request=request,
        )

    def bibtex_filename(self) -> str:
        return f"{self.venue.code}-{self.area.slug}.bib"

    def bibtex_notes(self):
        return with_listing(self.get_queryset(), venue=self.venue, area=self.area)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.export == "json":
            queryset = queryset.prefetch_related("topics")
        return queryset

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if not self.filterset.is_filtering:
            # Unfiltered, the rows are the whole listing: one COUNT less.
            paginator.count = self.total
        return paginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, notes, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        page.object_list = with_listing(notes, venue=self.venue, area=self.area)
        return paginator, page, page.object_list, is_paginated

    @cached_property
    def total(self) -> int:
        """The listing's published notes, whatever the filters."""
        return self.listing.count()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(venue=self.venue, area=self.area, total=self.total)
        if self.export == "json":
            return context
        query = self.request.GET
        active = set(query.getlist("topic"))
        chart = topic_counts(self.listing)
        context.update(
            other_venues=same_area_elsewhere(area=self.area, venue=self.venue),
            top_topics=[
                {
                    "topic": topic,
                    "active": topic.slug in active,
                    "url": _toggle_topic_url(query, topic.slug),
                }
                for topic in top_topics(chart)
            ],
            chart=chart,
            chart_title=f"Topics of the {self.area.name} notes of {self.venue.code}",
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.export != "json":
            return super().render_to_response(context, **response_kwargs)
        request = self.request
        data = {
            "venue": {"code": self.venue.code, "name": self.venue.name},
            "area": {"slug": self.area.slug, "name": self.area.name},
            "url": request.build_absolute_uri(
                reverse(
                    "catalog:area_detail",
                    kwargs={"venue": self.venue.code, "area_slug": self.area.slug},
                )
            ),
            "total": context["total"],
            "count": context["shown"],
            "errors": context["filter_errors"],
            **page_data(request, context["page_obj"]),
            "notes": [note_data(note, request) for note in context["notes"]],
        }
        return json_response(data)


class AreaAcrossView(TemplateView):
    """One area across venues: its counts and topics per venue, newest notes."""

    template_name = "catalog/area_across.html"
    export: str | None = None

    def get(self, request, *args, **kwargs):
        self.area = get_object_or_404(
            Area.objects.select_related("group"), slug=kwargs["area_slug"]
        )
        self.notes = Note.objects.published().filter(paper__area=self.area)
        if self.export == "bib":
            notes = self.notes.for_listing().order_by(
                "paper__venue__position", self.notes.slug_key(), "pk"
            )
            return bibtex_response(request, notes, filename=f"{self.area.slug}.bib")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            area=self.area,
            overview=area_overview(self.area),
            newest=self.notes.for_listing().newest_first()[:AREA_NEWEST_NOTES],
        )
        return context


class TopicDetailView(FilteredNotesView):
    """The notes of one topic across venues, filterable by venue and area."""

    template_name = "catalog/topic_detail.html"
    paginate_by = 50

    def get_filterset(self, request, **kwargs):
        self.topic = get_object_or_404(
            Topic.objects.public(), slug=kwargs["topic_slug"]
        )
        listing = Note.objects.published().filter(topics=self.topic)
        self.venues, self.areas = topic_facets(listing)
        return TopicNoteFilter(
            request.GET or None,
            queryset=listing.for_listing().by_title(),
            request=request,
            venues=self.venues,
            areas=self.areas,
        )

    def bibtex_filename(self) -> str:
        return f"topic-{self.topic.slug}.bib"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            topic=self.topic,
            total=sum(facet.count for facet in self.venues),
            venue_count=len(self.venues),
        )
        return context
