"""The search page, `/search/?q=…&venue=…&area=…&topic=…&page=…`, and its .bib.

Everything is in the query string, so a search can be shared by its URL. A
search runs a fixed number of queries whatever the number of notes: one each
for the venue, area and topic choices, then `search_notes`' two.
"""

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.text import slugify
from django.views.generic import TemplateView

from catalog.models import Area, Topic, Venue
from catalog.search import MAX_QUERY_LENGTH, MAX_RESULTS, parse_query, search_notes
from catalog.views.machine import bibtex_response, error_lines, plain_refusal

PAGE_SIZE = 20
# A .bib of the best matches: enough for any bibliography, and a search that
# matches most of the catalog still answers quickly.
BIBTEX_LIMIT = MAX_RESULTS


class SearchForm(forms.Form):
    """The words and filters of a search, as the query string gives them."""

    q = forms.CharField(required=False, label="Words")
    venue = forms.ChoiceField(
        required=False,
        label="Venue",
        error_messages={"invalid_choice": "There is no venue “%(value)s”."},
    )
    area = forms.ChoiceField(
        required=False,
        label="Area",
        error_messages={"invalid_choice": "There is no area “%(value)s”."},
    )
    topic = forms.ChoiceField(
        required=False,
        label="Topic",
        error_messages={"invalid_choice": "There is no topic “%(value)s”."},
    )

    def __init__(self, data, *, venues, areas, topics):
        super().__init__(data)
        self.venue_list, self.area_list, self.topic_list = venues, areas, topics
        self.venues = {venue.code: venue for venue in venues}
        self.areas = {area.slug: area for area in areas}
        self.topics = {topic.slug: topic for topic in topics}
        self.fields["venue"].choices = [("", "All venues")] + [
            (venue.code, venue.label) for venue in venues
        ]
        self.fields["area"].choices = [("", "All areas")] + [
            (area.slug, area.label) for area in areas
        ]
        self.fields["topic"].choices = [("", "All topics")] + [
            (topic.slug, topic.name) for topic in topics
        ]

    def chosen(self) -> dict:
        """The valid filters as objects; a filter in error is left out."""
        data = self.cleaned_data
        return {
            "venue": self.venues.get(data.get("venue") or ""),
            "area": self.areas.get(data.get("area") or ""),
            "topic": self.topics.get(data.get("topic") or ""),
        }


class SearchView(TemplateView):
    """Published notes matching words, best first, with filters and pages."""

    template_name = "catalog/search.html"
    # "bib": the same search as a BibTeX download of its best matches.
    export = None

    def get(self, request, *args, **kwargs):
        if any(not value.strip() for value in request.GET.values()):
            return self.without_empty_fields()
        self.form = SearchForm(
            request.GET,
            venues=list(Venue.objects.all()),
            areas=list(Area.objects.all()),
            topics=list(Topic.objects.public()),
        )
        self.form.is_valid()
        self.filters = self.form.chosen()
        # What the search reads, and shows back, of a long paste.
        self.words = (self.form.cleaned_data.get("q") or "").strip()[:MAX_QUERY_LENGTH]
        self.query = parse_query(self.words)
        if self.export == "bib":
            return self.bibtex()
        response = super().get(request, *args, **kwargs)
        if self.form.errors:
            response.status_code = 400
        return response

    def without_empty_fields(self) -> HttpResponseRedirect:
        """The same search at a shorter address: the form sends every field,
        "All venues" and the rest as empty values nobody wants to share."""
        query = self.request.GET.copy()
        for key in list(query):
            values = [value for value in query.getlist(key) if value.strip()]
            if values:
                query.setlist(key, values)
            else:
                del query[key]
        encoded = query.urlencode()
        return HttpResponseRedirect(
            f"{self.request.path}?{encoded}" if encoded else self.request.path
        )

    def page_number(self) -> int:
        try:
            number = int(self.request.GET.get("page") or 1)
        except ValueError:
            number = 0
        if number < 1:
            raise Http404("Pages of results are numbered from 1.")
        return number

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.page_number()
        # The best-ranked notes only: a word in most notes has thousands of
        # matches, nobody pages through them, and counting them all is slow.
        most = getattr(settings, "SEARCH_MAX_RESULTS", MAX_RESULTS)
        results = search_notes(
            query=self.query,
            **self.filters,
            offset=(number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            most=most,
        )
        if number > 1 and not results.hits:
            raise Http404("There are fewer pages of results.")
        # The total came with the page: the paginator needs no count query.
        paginator = Paginator(range(results.total), PAGE_SIZE)
        context.update(
            form=self.form,
            venues=self.form.venue_list,
            areas=self.form.area_list,
            topics=self.form.topic_list,
            words=self.words,
            searchable=bool(self.query),
            filters=self.filters,
            filtering=any(self.filters.values()),
            hits=results.hits,
            total=results.total,
            more=results.more,
            page_obj=Page(results.hits, number, paginator),
            bibtex_limit=BIBTEX_LIMIT,
        )
        return context

    def bibtex(self) -> HttpResponse:
        if self.form.errors or not self.query:
            return plain_refusal(
                error_lines(self.form.errors)
                or ["There are no words to search for: add ?q=… to the address."]
            )
        results = search_notes(
            query=self.query, **self.filters, limit=BIBTEX_LIMIT, snippets=False
        )
        name = slugify(self.words)[:60] or "results"
        return bibtex_response(
            self.request,
            [hit.note for hit in results.hits],
            filename=f"search-{name}.bib",
        )
