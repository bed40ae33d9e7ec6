"""Atom feeds, sitemap.xml and robots.txt, read as a feed reader or a crawler
would: parsed as XML, with the entries and addresses they must hold."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from catalog.models import Note, NoteRevision
from tests.factories import days_ago, make_bulk_notes, make_note

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def notes(registry):
    return {
        "old": make_note(
            title="Old Safety Note",
            topics=["Watermarking"],
            summary="Bounds at $(\\varepsilon,\\delta)$ & more.",
            published_at=days_ago(9),
        ),
        "new": make_note(
            title="New Safety Note", topics=["LLM"], published_at=days_ago(1)
        ),
        "iclr": make_note(
            venue="ICLR2026",
            title="ICLR Safety Note",
            topics=["LLM"],
            published_at=days_ago(3),
        ),
        "reasoning": make_note(
            venue="ICLR2026",
            area="llm_reasoning",
            title="Reasoning Note",
            topics=["LLM"],
            published_at=days_ago(2),
        ),
        "draft": make_note(
            title="Draft Note", topics=["LLM"], status=Note.Status.DRAFT
        ),
        "scheduled": make_note(
            title="Scheduled Note",
            topics=["LLM"],
            published_at=timezone.now() + timedelta(days=1),
        ),
    }


def atom(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    # XML, so that a browser applies the feed's stylesheet (see catalog/feeds.py).
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ET.fromstring(response.content)


def entries(feed: ET.Element) -> list[tuple[str, str]]:
    return [
        (
            entry.findtext("atom:title", namespaces=ATOM),
            entry.find("atom:link", ATOM).get("href"),
        )
        for entry in feed.findall("atom:entry", ATOM)
    ]


def test_site_feed_lists_published_notes_newest_first(notes, client):
    feed = atom(client, "/feeds/atom.xml")

    assert (
        feed.findtext("atom:title", namespaces=ATOM) == "AI Paper Notes: newest notes"
    )
    assert entries(feed) == [
        ("New Safety Note", "http://testserver/ICML2025/llm_safety/new_safety_note/"),
        ("Reasoning Note", "http://testserver/ICLR2026/llm_reasoning/reasoning_note/"),
        ("ICLR Safety Note", "http://testserver/ICLR2026/llm_safety/iclr_safety_note/"),
        ("Old Safety Note", "http://testserver/ICML2025/llm_safety/old_safety_note/"),
    ]


def test_feed_entry_carries_the_summary_as_html_content_and_topics(notes, client):
    feed = atom(client, "/feeds/atom.xml")

    old = feed.findall("atom:entry", ATOM)[-1]
    content = old.find("atom:content", ATOM)
    assert content.get("type") == "html"
    assert content.text.startswith("<p>Bounds at <math")
    assert "&amp; more.</p>" in content.text
    assert [c.get("term") for c in old.findall("atom:category", ATOM)] == [
        "Watermarking"
    ]
    published = datetime.fromisoformat(old.findtext("atom:published", namespaces=ATOM))
    assert abs(published - notes["old"].published_at) < timedelta(seconds=1)


@pytest.mark.parametrize(
    ("url", "title", "expected"),
    [
        (
            "/ICLR2026/feed.xml",
            "AI Paper Notes: ICLR 2026",
            ["Reasoning Note", "ICLR Safety Note"],
        ),
        (
            "/ICML2025/llm_safety/feed.xml",
            "AI Paper Notes: LLM Safety at ICML 2025",
            ["New Safety Note", "Old Safety Note"],
        ),
        (
            "/areas/llm_safety/feed.xml",
            "AI Paper Notes: LLM Safety, all venues",
            ["New Safety Note", "ICLR Safety Note", "Old Safety Note"],
        ),
        (
            "/topics/llm/feed.xml",
            "AI Paper Notes: LLM",
            ["New Safety Note", "Reasoning Note", "ICLR Safety Note"],
        ),
    ],
)
def test_each_feed_holds_only_its_notes(notes, client, url, title, expected):
    feed = atom(client, url)

    assert feed.findtext("atom:title", namespaces=ATOM) == title
    assert [entry_title for entry_title, _ in entries(feed)] == expected


def test_feed_links_to_its_page_and_itself(notes, client):
    feed = atom(client, "/ICML2025/llm_safety/feed.xml")

    links = {
        link.get("rel"): link.get("href") for link in feed.findall("atom:link", ATOM)
    }
    assert links == {
        "alternate": "http://testserver/ICML2025/llm_safety/",
        "self": "http://testserver/ICML2025/llm_safety/feed.xml",
    }


def test_feed_holds_the_newest_fifty(registry, client):
    make_bulk_notes(count=60, venues=["ICML2025"], areas=["llm_safety"])
    make_note(title="The newest one")

    titles = [title for title, _ in entries(atom(client, "/feeds/atom.xml"))]

    assert len(titles) == 50
    assert titles[0] == "The newest one"


@pytest.mark.parametrize(
    "url", ["/NOPE2025/feed.xml", "/ICML2025/nope/feed.xml", "/topics/nope/feed.xml"]
)
def test_feed_of_something_unknown_is_a_404(notes, client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("/", "/feeds/atom.xml"),
        ("/ICLR2026/", "/ICLR2026/feed.xml"),
        ("/ICML2025/llm_safety/", "/ICML2025/llm_safety/feed.xml"),
        ("/areas/llm_safety/", "/areas/llm_safety/feed.xml"),
        ("/topics/llm/", "/topics/llm/feed.xml"),
        ("/ICML2025/llm_safety/new_safety_note/", "/ICML2025/llm_safety/feed.xml"),
    ],
)
def test_each_page_announces_its_feed(notes, client, url, feed):
    page = client.get(url).content.decode()

    head = page.split("</head>")[0]
    discovered = re.findall(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" '
        r'href="([^"]+)">',
        head,
    )
    assert feed in discovered
    # Every feed a page announces exists.
    for href in discovered:
        assert client.get(href).status_code == 200


# --- sitemap.xml and robots.txt --------------------------------------------------


def sitemap(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP): url.findtext(
            "sm:lastmod", namespaces=SITEMAP
        )
        for url in root.findall("sm:url", SITEMAP)
    }


def test_sitemap_lists_every_public_page_with_its_last_change(notes, client):
    urls = sitemap(client)

    base = "http://testserver"
    assert set(urls) == {
        f"{base}/",
        f"{base}/ICML2025/",
        f"{base}/ICLR2026/",
        f"{base}/ICML2025/llm_safety/",
        f"{base}/ICLR2026/llm_safety/",
        f"{base}/ICLR2026/llm_reasoning/",
        f"{base}/areas/llm_safety/",
        f"{base}/areas/llm_reasoning/",
        f"{base}/topics/llm/",
        f"{base}/topics/watermarking/",
        f"{base}/ICML2025/llm_safety/old_safety_note/",
        f"{base}/ICML2025/llm_safety/new_safety_note/",
        f"{base}/ICLR2026/llm_safety/iclr_safety_note/",
        f"{base}/ICLR2026/llm_reasoning/reasoning_note/",
    }
    assert all(urls.values()), urls


def test_sitemap_lastmod_is_the_latest_edit_or_appearance(notes, client):
    now = timezone.now()

    def live_text_written(note, moment):
        NoteRevision.objects.filter(pk=note.live_revision_id).update(created_at=moment)

    # Written long before it appeared: its page changed when it appeared.
    live_text_written(notes["old"], now - timedelta(days=20))
    # Its live text was written after it appeared.
    Note.objects.filter(pk=notes["new"].pk).update(published_at=now - timedelta(days=5))
    live_text_written(notes["new"], now - timedelta(days=2))

    urls = sitemap(client)

    def day(moment) -> str:
        return moment.astimezone(UTC).date().isoformat()

    base = "http://testserver/ICML2025/llm_safety/"
    assert urls[base + "old_safety_note/"] == day(notes["old"].published_at)
    assert urls[base + "new_safety_note/"] == day(now - timedelta(days=2))
    # A listing changed when its latest note did.
    assert urls[base] == day(now - timedelta(days=2))
    reasoning = notes["reasoning"]
    assert urls["http://testserver/ICLR2026/llm_reasoning/"] == day(
        max(reasoning.published_at, reasoning.live_revision.created_at)
    )


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "User-agent: *" in lines


def test_a_feed_with_no_notes_does_not_claim_to_be_new(registry, client):
    # A reader polling it would otherwise see it "updated" on every request.
    url = "/ICML2025/llm_safety/feed.xml"
    first = client.get(url)
    again = client.get(url)

    assert first.status_code == 200
    assert "<entry>" not in first.content.decode()
    updated = ET.fromstring(first.content).find("{http://www.w3.org/2005/Atom}updated")
    assert datetime.fromisoformat(updated.text) < timezone.now() - timedelta(days=1)
    assert first.content == again.content


# --- Feeds a person can read ----------------------------------------------------

STYLESHEET_PI = re.compile(r"<\?xml-stylesheet ([^?]*)\?>")


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/atom.xml",
        "/ICLR2026/feed.xml",
        "/ICML2025/llm_safety/feed.xml",
        "/areas/llm_safety/feed.xml",
        "/topics/llm/feed.xml",
    ],
)
def test_every_feed_names_the_stylesheet_a_browser_shows_it_with(notes, client, url):
    body = client.get(url).content.decode()

    # A processing instruction counts only before the root element.
    prolog = body[: body.index("<feed")]
    (attributes,) = STYLESHEET_PI.findall(prolog)
    assert 'href="/static/feeds/atom.xsl"' in attributes
    assert 'type="text/xsl"' in attributes
    ET.fromstring(body.encode())  # still a well-formed feed for feed readers


def test_the_feed_stylesheet_and_its_styles_are_served_from_the_site(
    notes, client, settings, tmp_path
):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.utils.functional import empty

    # As deployed: collected, hashed and served by WhiteNoise.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    staticfiles_storage._wrapped = empty

    feed = client.get("/feeds/atom.xml")
    (attributes,) = STYLESHEET_PI.findall(feed.content.decode())
    href = re.search(r'href="([^"]+)"', attributes).group(1)
    assert re.fullmatch(r"/static/feeds/atom\.[0-9a-f]{12}\.xsl", href)
    xsl = client.get(href)

    assert xsl.status_code == 200
    assert xsl["Content-Type"].startswith("text/xsl")
    stylesheet = ET.fromstring(b"".join(xsl.streaming_content))
    assert stylesheet.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    # The page it makes loads the site's styles: they must be there too.
    links = re.findall(
        r'<link rel="stylesheet" href="([^"]+)"',
        ET.tostring(stylesheet, encoding="unicode"),
    )
    assert links == ["/static/css/site.css", "/static/feeds/feed.css"]
    for link in links:
        assert client.get(link).status_code == 200, link
    # The page is shown under the feed's policy: no script of any kind.
    assert "script-src 'self'" in feed["Content-Security-Policy"]
