"""What scripts and crawlers read: the pages' BibTeX and JSON answers, their
plain-text refusals, and robots.txt."""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from catalog.bibtex import bibtex_for
from catalog.models import Note

BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"
PLAIN_TEXT = "text/plain; charset=utf-8"


def site_url(request) -> str:
    """`https://example.org`: the base of absolute links in downloads."""
    return request.build_absolute_uri("/").rstrip("/")


def bibtex_download(text: str, *, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=BIBTEX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def bibtex_response(request, notes, *, filename: str) -> HttpResponse:
    """`notes` as a .bib file to save."""
    return bibtex_download(
        bibtex_for(notes, base_url=site_url(request)), filename=filename
    )


def error_lines(errors) -> list[str]:
    """A form's errors, `field: error` one a line."""
    return [
        f"{field}: {error}" for field, messages in errors.items() for error in messages
    ]


def plain_refusal(lines: list[str]) -> HttpResponse:
    """A download cannot show "all notes instead": it says what was wrong."""
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type=PLAIN_TEXT)


def filter_refusal(filterset) -> HttpResponse:
    return plain_refusal(
        ["Some filters could not be used:", *error_lines(filterset.errors)]
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
        "authors": paper.author_names,
        "url": request.build_absolute_uri(note.get_absolute_url()),
        "venue": paper.venue.code,
        "area": paper.area.slug,
        "slug": paper.slug,
        "summary": note.summary,
        "summary_html": note.summary_html,
        "arxiv_id": paper.arxiv_id,
        "arxiv_url": paper.arxiv_url,
        "paper_url": paper.paper_url,
        "pdf_url": paper.pdf_url,
        "code_url": paper.code_url,
        "code_note": paper.code_note,
        "topics": sorted((t.name for t in note.topics.all()), key=str.lower),
        "published_at": note.published_at,
        "updated_at": note.public_changed_at,
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


def robots_txt(request) -> HttpResponse:
    """Everything public may be crawled; the sitemap says where it is."""
    sitemap = request.build_absolute_uri(reverse("catalog:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type=PLAIN_TEXT)
