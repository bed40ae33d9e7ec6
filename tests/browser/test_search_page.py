"""A reader searches the demo notes in Chromium: words, a filter, the next page
and a shared address. Screenshots go to test-artifacts/search/."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "search"


@pytest.fixture
def browser(live_server, chromium):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return chromium


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_searches_filters_pages_and_shares_a_search(browser, live_server):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.set_default_timeout(15_000)

    page.goto(live_server.url + "/search/")
    expect(page.locator("h1")).to_have_text("Search the notes")
    page.get_by_label("Words").fill("models")
    page.get_by_role("button", name="Search", exact=True).last.click()

    expect(page.locator("h1")).to_have_text("Search: “models”")
    status = page.locator(".venue-line")
    expect(status).to_have_text(re.compile(r"^26 notes match · page 1 of 2$"))
    results = page.locator(".search-results > li")
    expect(results).to_have_count(20)
    # "models" also finds "model", and the matched words stand out.
    marks = page.locator(".search-results mark")
    assert {text.lower() for text in marks.all_inner_texts()} >= {"model", "models"}
    mark_colour = marks.first.evaluate("node => getComputedStyle(node).backgroundColor")
    assert mark_colour != "rgba(0, 0, 0, 0)"
    page.screenshot(path=ARTIFACTS / "1-results.png", full_page=True)

    page.get_by_role("link", name="Next", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/\?q=models&page=2$"))
    expect(results).to_have_count(6)

    page.get_by_label("Topic").select_option(label="Watermarking")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(status).to_have_text("3 notes match on Watermarking")
    shared = page.url
    assert "topic=watermarking" in shared and "q=models" in shared
    page.screenshot(path=ARTIFACTS / "2-filtered.png", full_page=True)

    # The address alone brings the same search back.
    other = browser.new_page()
    other.goto(shared)
    expect(other.locator(".venue-line")).to_have_text("3 notes match on Watermarking")
    expect(other.get_by_label("Topic")).to_have_value("watermarking")
    expect(other.get_by_label("Words")).to_have_value("models")
