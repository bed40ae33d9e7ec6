"""One browser walking the site page by page through the accessibility gate.

`Crawl.check(page, name)` runs the gate (tests/browser/a11y.py) on the page
as it is, in light and dark and at 1280 and 320 px wide; at 320 px it also
fails a page that scrolls sideways. The server's raw HTML of each page is kept
for one run of the Nu HTML Checker at the end, and a listing's JSON-LD is
checked against what the page shows (tests/structured_data.py).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, Response

from tests.browser.a11y import axe_violations, html_errors, sideways_scroll
from tests.structured_data import page_problems

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "a11y"
# Light first, as a page opens; then dark; then the phone width, both themes.
VARIANTS = (("light", 1280), ("dark", 1280), ("dark", 320), ("light", 320))
HEIGHT = 900
# After a change of size or theme: a frame for the page's own scripts
# (scrollers.js) and styles to follow.
# A page the Nu HTML Checker must fault: a list may not be a status region.
KNOWN_FAULT = "a known fault"
INVALID_HTML = (
    '<!doctype html><html lang="en"><head><title>A fault</title></head><body>'
    '<ul role="status"><li>Saved.</li></ul></body></html>'
)
_SETTLE = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))"


@dataclass
class Crawl:
    browser: Browser
    base: str
    password: str
    shots: frozenset[str] = frozenset()
    problems: list[str] = field(default_factory=list)
    html: dict[str, bytes] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def visitor(self, username: str | None = None) -> Page:
        """A page in a browser context of its own, logged in as `username`."""
        context = self.browser.new_context(viewport={"width": 1280, "height": HEIGHT})
        context.set_default_timeout(15_000)
        page = context.new_page()
        if username:
            page.goto(f"{self.base}/admin/login/?next=/admin/")
            page.fill("#id_username", username)
            page.fill("#id_password", self.password)
            with page.expect_navigation():
                page.click("input[type=submit]")
            assert "/admin/login/" not in page.url, f"{username} could not log in"
        return page

    def open(
        self, page: Page, name: str, path: str, *, status: int = 200, listing=False
    ) -> Response:
        """GET `path` and check the page."""
        response = page.goto(self.base + path)
        assert response is not None and response.status == status, (
            f"{name}: {path} answered {response and response.status}, not {status}"
        )
        self.check(page, name, response, listing=listing)
        return response

    def submit(self, page: Page, name: str, button, *, status: int = 200) -> Response:
        """Click a form's `button` (a locator) and check the page it answers."""
        with page.expect_navigation() as navigation:
            button.click()
        response = navigation.value
        assert response.status == status, (
            f"{name}: the form answered {response.status}, not {status}"
        )
        self.check(page, name, response)
        return response

    def check(
        self, page: Page, name: str, response: Response | None, *, listing=False
    ) -> None:
        assert name not in self.checked, f"two pages named {name}"
        self.checked.append(name)
        if response is not None:
            raw = response.body()
            self.html[name] = raw
            if not page.url.startswith(f"{self.base}/admin/"):
                self.problems += [
                    f"{name}: JSON-LD: {problem}"
                    for problem in page_problems(raw, page.url, listing=listing)
                ]
        for scheme, width in VARIANTS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.emulate_media(color_scheme=scheme)
            page.evaluate(_SETTLE)
            where = f"{name} ({scheme}, {width} px)"
            self.problems += [str(v) for v in axe_violations(page, where=where)]
            if width == 320:
                sideways = sideways_scroll(page)
                if sideways:
                    self.problems.append(f"{where}: {sideways}")
                if name in self.shots:
                    ARTIFACTS.mkdir(parents=True, exist_ok=True)
                    slug = re.sub(r"[^a-z0-9]+", "-", name.lower())
                    page.screenshot(
                        path=ARTIFACTS / f"{slug}-{scheme}-320.png", full_page=True
                    )

    def validate_html(self) -> None:
        """The Nu HTML Checker over every page kept, in one run, with a page
        of a known fault: its error shows that the checker ran and reported."""
        errors = html_errors({**self.html, KNOWN_FAULT: INVALID_HTML})
        known = [line for line in errors if line.startswith(f"{KNOWN_FAULT},")]
        assert len(known) == 1, f"The Nu HTML Checker missed a known fault: {errors}"
        self.problems += [
            f"Nu HTML Checker: {line}" for line in errors if line not in known
        ]

    def report(self) -> str:
        seconds = time.monotonic() - self.started
        lines = [
            f"{len(self.checked)} pages, {len(self.checked) * len(VARIANTS)} "
            f"axe runs, {len(self.html)} pages validated, in {seconds:.0f} s; "
            f"{len(self.problems)} problems:",
            *self.problems,
        ]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "report.txt").write_text("\n".join(lines) + "\n")
        return "\n".join(lines)
