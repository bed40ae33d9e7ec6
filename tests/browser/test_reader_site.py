"""A reader's walk through the public site in Chromium: home → venue → area →
note → search, on the demo data (whose summaries carry TeX math).

Checks that math arrives as rendered MathML (no raw `$` or `\\(` left in what
the reader sees), that the dark theme applies under
`prefers-color-scheme: dark`, and saves a screenshot of each page under
test-artifacts/. Like the other browser tests it restores the migrated data
after its flush (serialized_rollback), so the tests after it find the registry
and its content types as the migrations left them.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reader_site"
# TeX a reader must never see: `\(`, `\[`, `$$`, or `$` opening inline math
# (a `$` before a digit is a price, as in the demo's "$0.88/million tokens").
RAW_TEX = re.compile(r"\\\(|\\\[|\$\$|\$(?=[^\d\s])")
FERRET = "Ferret: Federated Full-Parameter Tuning at Scale for Large Language Models"


@pytest.fixture
def browser(live_server, chromium):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return chromium


def shot(page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def assert_math_rendered(page) -> None:
    """Math is MathML laid out by the browser; no TeX is left in the text."""
    maths = page.locator("main math")
    assert maths.count() > 0
    box = maths.first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    text = page.locator("main").inner_text()
    assert not RAW_TEX.search(text), RAW_TEX.search(text)


def luminance(css_colour: str) -> float:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_walks_from_home_to_a_note_and_searches(browser, live_server):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.set_default_timeout(15_000)

    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("📚 AI Conference Paper Notes")
    expect(page.locator(".hero-stats")).to_contain_text("45 Notes")
    # The demo's sample tree (AAAI2026), then the seed listing's venue.
    expect(page.locator(".conf-count")).to_have_text(
        ["4 notes · 1 area", "41 notes · 1 area"]
    )
    shot(page, "1-home")

    page.locator("#venues").get_by_role("link", name="ICML2025").click()
    expect(page).to_have_url(live_server.url + "/ICML2025/")
    expect(page.locator("h1")).to_have_text("🧪 ICML2025 Accepted Papers")
    shot(page, "2-venue")

    page.get_by_role("link", name="Browse all 41 LLM Safety papers", exact=True).click()
    expect(page).to_have_url(live_server.url + "/ICML2025/llm_safety/")
    expect(page.locator("h1")).to_have_text("🔒 LLM Safety")
    assert_math_rendered(page)
    chart = page.locator("svg.topic-chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() >= 5
    shot(page, "3-area")

    page.get_by_role("link", name=FERRET).click()
    expect(page.locator("h1")).to_have_text(FERRET)
    assert_math_rendered(page)
    tldr_math = page.locator("main .tldr math")
    assert tldr_math.count() == 2  # 10^6× and 6×
    assert (
        tldr_math.first.evaluate("node => node.namespaceURI")
        == "http://www.w3.org/1998/Math/MathML"
    )
    shot(page, "4-note")

    search = page.get_by_role("searchbox", name="Search the notes")
    search.fill("watermark")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=watermark"))
    expect(
        page.get_by_role(
            "link", name="De-mark: Watermark Removal in Large Language Models"
        )
    ).to_be_visible()
    shot(page, "5-search")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dark_theme_follows_the_system_setting(browser, live_server):
    colours = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(live_server.url + "/ICML2025/llm_safety/")
        colours[scheme] = page.evaluate(
            """() => ({
                background: getComputedStyle(document.body).backgroundColor,
                text: getComputedStyle(document.body).color,
                bar: getComputedStyle(document.querySelector('.chart-bar')).fill,
            })"""
        )
        assert_math_rendered(page)
        shot(page, f"area-{scheme}")
        page.close()

    assert luminance(colours["light"]["background"]) > 0.9
    assert luminance(colours["light"]["text"]) < 0.2
    assert luminance(colours["dark"]["background"]) < 0.15
    assert luminance(colours["dark"]["text"]) > 0.8
    # The server-drawn chart follows the theme too.
    assert colours["dark"]["bar"] != colours["light"]["bar"]
