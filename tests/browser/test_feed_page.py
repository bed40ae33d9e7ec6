"""A feed opened in Chromium, as a person who clicked "Atom feed" sees it: the
browser applies the feed's XSL stylesheet, so instead of raw XML the page says
what a feed is and how to subscribe, and lists the entries as links. The page
needs nothing the feed's Content-Security-Policy forbids, and passes axe in
light and dark at 1280 and 320 px without scrolling sideways; screenshots go
to test-artifacts/feeds/.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import axe_violations, sideways_scroll
from tests.factories import days_ago, make_note

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "feeds"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (320, 700)])
def test_a_feed_opened_in_a_browser_explains_itself_and_lists_its_notes(
    live_server, chromium, width, height
):
    make_note(title="Older Shield", topics=["Watermarking"], published_at=days_ago(3))
    newer = make_note(title="Newer Guard", topics=["LLM"], published_at=days_ago(1))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/ICML2025/llm_safety/feed.xml")

    expect(page.locator("h1")).to_have_text("AI Paper Notes: LLM Safety at ICML 2025")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="What is this page?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("copy this page's address")
    expect(page.locator(".feed-address")).to_have_text(
        f"{live_server.url}/ICML2025/llm_safety/feed.xml"
    )
    entries = page.locator(".feed-entries li")
    expect(entries.locator("h3")).to_have_text(["Newer Guard", "Older Shield"])
    expect(entries.first).to_contain_text("LLM")
    link = page.get_by_role("link", name="Newer Guard")
    expect(link).to_have_attribute(
        "href", f"{live_server.url}{newer.get_absolute_url()}"
    )
    # The site's styles applied: the explanation sits in its own box.
    box = page.locator(".feed-about")
    assert box.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    page.screenshot(path=str(ARTIFACTS / f"listing_feed_{width}.png"), full_page=True)
    assert sideways_scroll(page) == ""
    # Chromium 156 adds its own banner (XSLT is deprecated in it) outside
    # any landmark; it is the browser's, not part of the page we send.
    ours = [v for v in axe_violations(page) if "xslt-warning-banner" not in str(v)]
    assert ours == []
    page.emulate_media(color_scheme="dark")
    ours = [v for v in axe_violations(page) if "xslt-warning-banner" not in str(v)]
    assert ours == [], "dark"
    page.screenshot(path=str(ARTIFACTS / f"listing_feed_{width}_dark.png"))
    # Nothing we send needs what the policy forbids: no script, no inline
    # style or handler. (Chromium's own banner does, and the policy blocks it.)
    inline = page.evaluate(
        """() => [...document.querySelectorAll('script, [style], *')]
            .filter(el => !el.closest('xslt-warning-banner'))
            .filter(el => el.tagName === 'SCRIPT' || el.hasAttribute('style')
                || [...el.attributes].some(a => a.name.startsWith('on')))
            .map(el => el.outerHTML)"""
    )
    assert inline == []

    link.click()
    expect(page.locator("h1")).to_contain_text("Newer Guard")
