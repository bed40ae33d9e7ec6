"""The gate of test_a11y_crawl.py can fail: pages with known faults, fed to the
same checks the crawl runs, are reported. (The crawl itself shows that the Nu
HTML Checker reports a known fault, in the same run as the site's pages.)"""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import a11y
from tests.browser.a11y import axe_violations
from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.crawl import Crawl

# A pixel, so the image is drawn and axe looks at it.
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


@pytest.fixture(scope="module")
def browser():
    """One Chromium for these tests: none of them needs a server."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _page(body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>A test page</title></head><body><main><h1>A test page</h1>{body}"
        "</main></body></html>"
    )


@pytest.mark.browser
def test_an_image_without_alt_text_is_reported(browser):
    page = browser.new_page()
    page.set_content(_page(f'<p><img src="{PIXEL}" width="40" height="40"></p>'))

    violations = axe_violations(page, where="known fault")

    assert [(v.rule, v.selector) for v in violations] == [("image-alt", "img")]
    assert str(violations[0]).startswith("known fault: image-alt (critical) at img:")


@pytest.mark.browser
def test_the_crawl_reports_faults_in_every_theme_and_width(browser):
    page = browser.new_page()
    # Light grey on white, and a block wider than a phone.
    page.set_content(
        _page(
            '<p style="color: #bbb">Faint text.</p>'
            '<div style="width: 400px">A wide block.</div>'
        )
    )
    crawl = Crawl(browser, "http://127.0.0.1", "unused")

    crawl.check(page, "known faults", None)

    contrast = [p for p in crawl.problems if ": color-contrast " in p]
    assert len(contrast) == 4, crawl.problems  # light and dark, both widths
    sideways = [p for p in crawl.problems if "scrolls sideways" in p]
    assert [p.split(":")[0] for p in sideways] == [
        "known faults (dark, 320 px)",
        "known faults (light, 320 px)",
    ]
    assert sideways[0].endswith("scrolls sideways by 88px: main > div (to 408px)")


@pytest.mark.browser
def test_what_scrolls_within_its_own_box_does_not_count(browser):
    page = browser.new_page()
    page.set_content(
        _page(
            '<div style="overflow-x: auto" tabindex="0" role="region" '
            'aria-label="Wide"><div style="width: 900px">Wide.</div></div>'
        )
    )
    crawl = Crawl(browser, "http://127.0.0.1", "unused")

    crawl.check(page, "own scroller", None)

    assert crawl.problems == []


@pytest.mark.browser
def test_an_exception_lets_only_its_rule_on_its_elements_pass(browser, monkeypatch):
    monkeypatch.setattr(
        a11y,
        "EXCEPTIONS",
        (a11y.Exception_("image-alt", "img.allowed", "a test of exceptions"),),
    )
    page = browser.new_page()
    page.set_content(
        _page(
            f'<p><img class="allowed" src="{PIXEL}" width="40" height="40">'
            f'<img id="other" src="{PIXEL}" width="40" height="40"></p>'
        )
    )

    violations = a11y.axe_violations(page, where="exceptions")

    assert [(v.rule, v.selector) for v in violations] == [("image-alt", "#other")]
