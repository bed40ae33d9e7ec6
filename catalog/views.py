"""Public pages of the catalog: home, venue, area, topic and note pages.

Listing and note views also answer as BibTeX (`export="bib"`) and as JSON
(`export="json"`), set in urls.py: a download is made from the same filtered
query as the page, so it always holds what the reader sees. Every page runs a
fixed number of queries whatever the number of notes.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView

from catalog.bibtex import bibtex_entry, bibtex_for
from catalog.filters import NoteFilter, TopicNoteFilter
from catalog.models import Area, Note, NoteRedirect, Topic, Venue
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

HOME_RECENT_NOTES = 10
AREA_NEWEST_NOTES = 20
BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"


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


def site_url(request) -> str:
    """`https://example.org`: the base of absolute links in downloads."""
    return request.build_absolute_uri("/").rstrip("/")


def bibtex_response(request, notes, *, filename: str) -> HttpResponse:
    response = HttpResponse(
        bibtex_for(notes, base_url=site_url(request)), content_type=BIBTEX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filter_refusal(filterset) -> HttpResponse:
    """A download cannot show "all notes instead": it says what was wrong."""
    lines = ["Some filters could not be used:"] + [
        f"{field}: {error}"
        for field, errors in filterset.errors.items()
        for error in errors
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def json_response(data: dict, *, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data,
        status=status,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def note_data(note: Note, request) -> dict:
    """What a script wants of a note in a listing (topics must be prefetched)."""
    paper = note.paper
    return {
        "title": paper.title,
        "url": request.build_absolute_uri(note.get_absolute_url()),
        "venue": paper.venue.code,
        "area": paper.area.slug,
        "slug": paper.slug,
        "summary": note.summary,
        "summary_html": note.summary_html,
        "arxiv_id": paper.arxiv_id,
        "arxiv_url": paper.arxiv_url,
        "paper_url": paper.paper_url,
        "code_url": paper.code_url,
        "code_note": paper.code_note,
        "topics": sorted((t.name for t in note.topics.all()), key=str.lower),
        "published_at": note.published_at,
        "updated_at": note.updated_at,
    }


def _page_link(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_data(request, page_obj) -> dict:
    """The pagination part of a listing's JSON: where the other pages are."""
    return {
        "page": page_obj.number,
        "pages": page_obj.paginator.num_pages,
        "previous": _page_link(request, page_obj.previous_page_number())
        if page_obj.has_previous()
        else None,
        "next": _page_link(request, page_obj.next_page_number())
        if page_obj.has_next()
        else None,
    }


class HomeView(TemplateView):
    """Counts by venue and area, grouped as the source site's home page is."""

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
    """A venue's areas by group, each with its first notes and a link to all."""

    template_name = "catalog/venue_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        venue = get_object_or_404(Venue, code=kwargs["venue"])
        total, groups = venue_overview(venue)
        context.update(
            venue=venue,
            total=total,
            groups=groups,
            area_count=sum(len(group.areas) for group in groups),
        )
        return context


class AreaDetailView(ListView):
    """One area in one venue: the listing page of the source site, and more."""

    template_name = "catalog/area_detail.html"
    context_object_name = "notes"
    paginate_by = 100
    paginator_class = RowsLastPaginator
    export: str | None = None

    def get(self, request, *args, **kwargs):
        self.venue = get_object_or_404(Venue, code=kwargs["venue"])
        self.area = get_object_or_404(Area, slug=kwargs["area_slug"])
        self.listing = Note.objects.published().in_listing(
            venue=self.venue, area=self.area
        )
        self.filterset = NoteFilter(
            request.GET or None,
            queryset=self.listing.for_listing(registry=False).by_title(),
            request=request,
        )
        invalid = self.filterset.is_bound and not self.filterset.is_valid()
        if self.export == "bib":
            if invalid:
                return _filter_refusal(self.filterset)
            return bibtex_response(
                request,
                with_listing(self.get_queryset(), venue=self.venue, area=self.area),
                filename=f"{self.venue.code}-{self.area.slug}.bib",
            )
        response = super().get(request, *args, **kwargs)
        if invalid:
            response.status_code = 400
        return response

    def get_queryset(self):
        if self.filterset.is_bound and self.filterset.is_valid():
            queryset = self.filterset.qs
        else:
            queryset = self.filterset.queryset
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
        context.update(
            venue=self.venue,
            area=self.area,
            filter=self.filterset,
            filter_errors=self.filterset.errors if self.filterset.is_bound else {},
            total=self.total,
            shown=context["paginator"].count,
            filtering=self.filterset.is_filtering,
        )
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
                "paper__venue__position", self.notes.title_key(), "pk"
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


class TopicDetailView(ListView):
    """The notes of one topic across venues, filterable by venue and area."""

    template_name = "catalog/topic_detail.html"
    context_object_name = "notes"
    paginate_by = 50
    paginator_class = RowsLastPaginator
    export: str | None = None

    def get(self, request, *args, **kwargs):
        self.topic = get_object_or_404(Topic, slug=kwargs["topic_slug"])
        self.listing = Note.objects.published().filter(topics=self.topic)
        self.venues, self.areas = topic_facets(self.listing)
        self.filterset = TopicNoteFilter(
            request.GET or None,
            queryset=self.listing.for_listing().by_title(),
            request=request,
            venues=self.venues,
            areas=self.areas,
        )
        invalid = self.filterset.is_bound and not self.filterset.is_valid()
        if self.export == "bib":
            if invalid:
                return _filter_refusal(self.filterset)
            return bibtex_response(
                request, self.get_queryset(), filename=f"topic-{self.topic.slug}.bib"
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
            topic=self.topic,
            filter=self.filterset,
            filter_errors=self.filterset.errors if self.filterset.is_bound else {},
            total=sum(facet.count for facet in self.venues),
            shown=context["paginator"].count,
            filtering=self.filterset.is_filtering,
            venue_count=len(self.venues),
        )
        return context


class NoteDetailView(DetailView):
    """A note; its old addresses (after a rename) redirect here for good."""

    template_name = "catalog/note_detail.html"
    context_object_name = "note"
    export: str | None = None

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

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return self._moved_or_404()
        if self.export == "bib":
            response = HttpResponse(
                bibtex_entry(self.object, base_url=site_url(request)),
                content_type=BIBTEX_CONTENT_TYPE,
            )
            response["Content-Disposition"] = (
                f'attachment; filename="{self.object.paper.slug}.bib"'
            )
            return response
        context = self.get_context_data(object=self.object)
        if self.export == "json":
            return json_response(self._json(context))
        return self.render_to_response(context)

    def _moved_or_404(self) -> HttpResponse:
        """The same page (or download) at the renamed note's address, if any."""
        moved = (
            NoteRedirect.objects.filter(
                venue_code=self.kwargs["venue"],
                area_slug=self.kwargs["area_slug"],
                slug=self.kwargs["note_slug"],
                note__in=Note.objects.published(),
            )
            .select_related("note__paper__venue", "note__paper__area")
            .first()
        )
        if moved is None:
            raise Http404("No published note at this address.")
        paper = moved.note.paper
        url = reverse(
            self.request.resolver_match.view_name,
            kwargs={
                "venue": paper.venue.code,
                "area_slug": paper.area.slug,
                "note_slug": paper.slug,
            },
        )
        if self.request.META.get("QUERY_STRING"):
            url = f"{url}?{self.request.META['QUERY_STRING']}"
        return HttpResponsePermanentRedirect(url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        note = self.object
        paper = note.paper
        listing = (
            Note.objects.published()
            .in_listing(venue=paper.venue, area=paper.area)
            .for_listing()
        )
        context.update(
            related=self.object.related.published().for_listing().by_title(),
            previous=listing.before(note).first(),
            next=listing.after(note).first(),
            bibtex=bibtex_entry(note, base_url=site_url(self.request)),
        )
        return context

    def _json(self, context) -> dict:
        note, request = self.object, self.request
        data = note_data(note, request)
        data.update(
            area_label=note.paper.area_label,
            keywords=sorted(
                (keyword.name for keyword in note.paper.keywords.all()), key=str.lower
            ),
            body=note.body,
            body_html=note.body_html,
            ratings=[
                {"aspect": label, "score": score, "reason": reason}
                for label, score, reason in note.ratings
            ],
            related=[
                {
                    "title": other.paper.title,
                    "venue": other.paper.venue.code,
                    "url": request.build_absolute_uri(other.get_absolute_url()),
                }
                for other in context["related"]
            ],
            bibtex=context["bibtex"],
        )
        return data


def robots_txt(request) -> HttpResponse:
    """Everything public may be crawled; the sitemap says where it is."""
    sitemap = request.build_absolute_uri(reverse("catalog:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
