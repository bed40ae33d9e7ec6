"""Public pages of the catalog."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from catalog.filters import NoteFilter
from catalog.listing import same_area_elsewhere, top_topics
from catalog.models import Area, Note, Venue


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


class AreaDetailView(ListView):
    """One area in one venue: the listing page of the source site, and more."""

    template_name = "catalog/area_detail.html"
    context_object_name = "notes"
    paginate_by = 100

    def get(self, request, *args, **kwargs):
        self.venue = get_object_or_404(Venue, code=kwargs["venue"])
        self.area = get_object_or_404(Area, slug=kwargs["area_slug"])
        self.listing = Note.objects.published().in_listing(
            venue=self.venue, area=self.area
        )
        self.filterset = NoteFilter(
            request.GET or None,
            queryset=self.listing.for_listing().by_title(),
            request=request,
        )
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_queryset(self):
        if self.filterset.is_bound and self.filterset.is_valid():
            return self.filterset.qs
        return self.filterset.queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        active = set(query.getlist("topic"))
        context.update(
            venue=self.venue,
            area=self.area,
            filter=self.filterset,
            filter_errors=self.filterset.errors if self.filterset.is_bound else {},
            total=self.listing.count(),
            shown=context["paginator"].count,
            filtering=self.filterset.is_filtering,
            other_venues=same_area_elsewhere(area=self.area, venue=self.venue),
            top_topics=[
                {
                    "topic": topic,
                    "active": topic.slug in active,
                    "url": _toggle_topic_url(query, topic.slug),
                }
                for topic in top_topics(self.listing)
            ],
        )
        return context


class NoteDetailView(DetailView):
    template_name = "catalog/note_detail.html"
    context_object_name = "note"

    def get_object(self, queryset=None):
        note = (
            Note.objects.published()
            .select_related("paper__venue", "paper__area")
            .prefetch_related("topics", "paper__keywords")
            .filter(
                paper__venue__code=self.kwargs["venue"],
                paper__area__slug=self.kwargs["area_slug"],
                paper__slug=self.kwargs["note_slug"],
            )
            .first()
        )
        if note is None:
            raise Http404("No published note at this address.")
        return note

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related"] = self.object.related.published().for_listing().by_title()
        return context
