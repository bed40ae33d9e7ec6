"""A note's page, its .bib and JSON answers, and its old addresses."""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.generic import DetailView

from catalog.bibtex import bibtex_entry
from catalog.models import Note
from catalog.selectors import note_at_address, note_moved_from, note_related_links
from catalog.views.machine import (
    bibtex_download,
    json_response,
    note_data,
    site_url,
)


class NoteDetailView(DetailView):
    """A note; its old addresses (after a rename) redirect here for good."""

    template_name = "catalog/note_detail.html"
    context_object_name = "note"
    export: str | None = None

    def get_object(self, queryset=None):
        note = note_at_address(**self.kwargs, for_page=True)
        if note is None:
            raise Http404("No published note at this address.")
        return note

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return self._moved_or_404()
        if self.export == "bib":
            return bibtex_download(
                bibtex_entry(self.object, base_url=site_url(request)),
                filename=f"{self.object.paper.slug}.bib",
            )
        context = self.get_context_data(object=self.object)
        if self.export == "json":
            return json_response(self._json(context))
        return self.render_to_response(context)

    def _moved_or_404(self) -> HttpResponse:
        """The same page (or download) at the renamed note's address, if any."""
        moved = note_moved_from(**self.kwargs)
        if moved is None:
            raise Http404("No published note at this address.")
        paper = moved.paper
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
            related=note_related_links(note),
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
            affiliations=note.paper.affiliations,
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
                for other in context["related"].notes
            ],
            bibtex=context["bibtex"],
        )
        return data
