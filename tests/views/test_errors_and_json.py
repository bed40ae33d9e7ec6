"""The error pages, and the JSON of listings and notes for scripts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path

from catalog.services import note_set_related
from tests.factories import make_bulk_notes
from tests.pagetext import visible_lines
from tests.views.pages import NOTE_URL

# --- Errors -------------------------------------------------------------------


def test_404_page_is_friendly(site, client, settings):
    settings.DEBUG = False

    response = client.get("/ICML2025/llm_safety/no_such_note/")

    lines = visible_lines(response.content.decode())
    assert response.status_code == 404
    assert lines[1] == "Page not found"
    assert "Browse the notes by venue and area" in lines
    assert 'action="/search/"' in response.content.decode()


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", _broken)]


@pytest.mark.urls(__name__)
def test_500_page_needs_no_database_or_context(db, client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert len(queries) == 0


# --- JSON -----------------------------------------------------------------------


def test_listing_json_for_scripts(site, client):
    response = client.get("/ICML2025/llm_safety/index.json", {"topic": "watermarking"})

    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert data["venue"] == {"code": "ICML2025", "name": "ICML 2025"}
    assert data["area"] == {"slug": "llm_safety", "name": "LLM Safety"}
    assert (data["total"], data["count"], data["page"], data["pages"]) == (3, 2, 1, 1)
    assert data["next"] is None
    assert [n["title"] for n in data["notes"]] == ["Alpha Shield", "gamma Ward"]
    alpha = data["notes"][0]
    assert alpha["url"] == "http://testserver/ICML2025/llm_safety/alpha_shield/"
    assert alpha["arxiv_url"] == "https://arxiv.org/abs/2503.12314"
    assert alpha["topics"] == ["LLM", "Watermarking"]
    assert alpha["code_note"] == "Not released"


def test_listing_json_links_the_next_page(registry, client):
    make_bulk_notes(count=101, venues=["ICML2025"], areas=["llm_safety"])

    data = client.get("/ICML2025/llm_safety/index.json").json()

    assert len(data["notes"]) == 100
    assert data["next"] == "http://testserver/ICML2025/llm_safety/index.json?page=2"


def test_note_json_for_scripts(site, client):
    note_set_related(note=site["alpha"], related=[site["delta"]])

    data = client.get(NOTE_URL + "index.json").json()

    assert data["title"] == "Alpha Shield"
    assert data["keywords"] == ["DP-SGD", "privacy"]
    assert data["ratings"] == [
        {"aspect": "Novelty", "score": 4, "reason": "A new angle."},
        {"aspect": "Value", "score": 3, "reason": ""},
    ]
    assert data["related"] == [
        {
            "title": "Delta Safety",
            "venue": "ICLR2026",
            "url": "http://testserver/ICLR2026/llm_safety/delta_safety/",
        }
    ]
    assert data["bibtex"].startswith("@inproceedings{icml2025alpha,")
    assert "<math" in data["body_html"]


def test_json_of_unknown_note_is_a_404(site, client):
    assert client.get("/ICML2025/llm_safety/nope/index.json").status_code == 404
