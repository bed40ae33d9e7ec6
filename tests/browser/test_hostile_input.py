"""Hostile input in a real browser: script never runs, no handler survives.

A corpus of XSS payloads (script tags, event-handler attributes, `javascript:`
URLs in Markdown and raw, SVG and MathML tricks, TeX `\\href`, attribute and
element breaking, broken markup, template syntax …) goes into every field that
reaches a page, by every way in:

- the services: one published note per payload, the payload in its title,
  summary, body (paragraph, list and table), keywords, topics, code remark,
  area label and rating reason; a note in review holding them all; and a
  live note retitled with one and moved, approved (its events name both);
- the importer: an MkDocs tree whose note files carry payloads;
- the public forms, typed into Chromium: suggestions and new papers with the
  payloads in the summary, name and title, previewed and sent; a new paper
  the site has, whose title the moderator's page lists as a match;
- a shared preview link of the note in review, and a deleted note, whose
  title the event log keeps;
- the address: search words, listing filters and unknown paths.

Chromium then opens every page that shows them (home, venue, listing, area
across venues, each note and topic page, search results, the reader's status
page, and as a moderator the admin's lists, forms, history, differences,
preview, review queue, event log, submissions, and the note form's preview of
each payload typed into it) and checks that no dialog opened, that the canary
the payloads set (`window.__xss`) stays unset, and that no element carries an
`on…` attribute, a `javascript:` (or `data:` HTML) address, an inline script,
a frame or an object. The browser ignores the Content-Security-Policy here
(`bypass_csp`): the policy would block inline script anyway, and the point is
that escaping and sanitising hold without it. Feeds are XML: they must parse,
keep each title as text, and carry summaries that are clean HTML; opened in
Chromium, their XSL stylesheet makes them pages, checked like the others.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from catalog.markup import math_segments, plain_title
from catalog.models import Area, Note, Submission, Venue
from catalog.services import (
    note_create,
    note_delete,
    note_preview_token,
    note_revise,
    note_submit,
    submission_create,
)
from tests.browser.desk import preview_each
from tests.browser.feedcheck import feed_problems
from tests.browser.hostile_notes import logged_in_page, moved_note, review_rounds
from tests.factories import make_note, make_person

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "hostile_input"
# What a payload does when it runs: set the canary, or open a dialog.
RUN = "window.__xss=1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f"<SCRIPT SRC=data:text/javascript,{RUN}></SCRIPT>",
    f"<img src=x onerror={RUN}>",
    f'<img src="x" onerror="{RUN}" />',
    f"<svg onload={RUN}>",
    f"<svg><script>{RUN}</script></svg>",
    f'<svg><a xlink:href="javascript:{RUN}"><text y="20">svg link</text></a></svg>',
    f"[markdown link](javascript:{RUN})",
    f"[encoded link](jav&#x09;ascript:{RUN})",
    f"![markdown image](javascript:{RUN})",
    f"<javascript:{RUN}>",
    f'<a href="javascript:{RUN}">raw link</a>',
    f'<a href="jav&#x09;ascript:{RUN}">tab link</a>',
    f'<a href=" &#14;  javascript:{RUN}">spaced link</a>',
    f'<a href="data:text/html,<script>{RUN}</script>">data link</a>',
    "[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    '<math><maction actiontype="statusline" xlink:href="javascript:'
    f'{RUN}">CLICK<mtext>x</mtext></maction></math>',
    f'<math href="javascript:{RUN}"><mi>x</mi></math>',
    f"$\\href{{javascript:{RUN}}}{{x}}$",
    f"\\(\\href{{javascript:{RUN}}}{{y}}\\)",
    f"$\\text{{<img src=x onerror={RUN}>}}$",
    f"$$\\mathrm{{</math><img src=x onerror={RUN}>}}$$",
    f'"><script>{RUN}</script>',
    f"'><svg onload={RUN}>",
    f"</textarea><script>{RUN}</script>",
    f"</title><script>{RUN}</script>",
    f"</script><script>{RUN}</script>",
    f"<div <img src=x onerror={RUN}>",
    f'<!--<img src="--><img src=x onerror={RUN}//">',
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    f"<style>@import 'javascript:{RUN}';</style>",
    f"<details open ontoggle={RUN}>",
    f"<input autofocus onfocus={RUN}>",
    f'<object data="javascript:{RUN}"></object>',
    f'<form action="javascript:{RUN}"><button>go</button></form>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f'<base href="javascript:{RUN}//">',
    "{{ request.user }}{% csrf_token %}{% debug %}${7*7}",
    "<b><i>unclosed <p><table><td>broken",
]
# Shorter fields (keywords, topics, names) hold the start of a payload.
TAG_LENGTH = 100

CHECK_PAGE = """() => {
  const found = [];
  const here = window.location.origin;
  const risky = /^(javascript|vbscript|data:text\\/html)/;
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href",
    "data", "poster", "background", "srcset"];
  for (const element of document.querySelectorAll("*")) {
    // Chromium's own notice on a page made by XSLT (a feed), not our markup.
    if (element.closest("xslt-warning-banner")) continue;
    const tag = element.tagName.toLowerCase();
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      // Browsers ignore control characters and spaces in a URL's scheme.
      const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${tag} ${name}`);
      if (name === "srcdoc") found.push(`${tag} srcdoc`);
      if (urlAttributes.includes(name) && risky.test(value))
        found.push(`${tag} ${name}=${attribute.value.slice(0, 60)}`);
    }
    if (["iframe", "frame", "object", "embed", "applet", "base"].includes(tag))
      found.push(tag);
    if (tag === "meta" && (element.httpEquiv || "").toLowerCase() === "refresh")
      found.push("meta refresh");
    if (tag === "script") {
      const data = ["application/ld+json", "application/json"].includes(element.type);
      const own = element.src && new URL(element.src).origin === here;
      if (!data && !own) found.push(`script ${element.outerHTML.slice(0, 60)}`);
    }
    if (tag === "style" && /@import|__xss/.test(element.textContent))
      found.push("style");
  }
  return {found, canary: window.__xss === undefined ? null : String(window.__xss)};
}"""


def payload_topic(number: int, payload: str) -> str:
    return f"T{number} {payload}"[:TAG_LENGTH]


class Inspector:
    """Opens pages in one tab and collects what it finds on any of them."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base
        self.problems: dict[str, object] = {}
        self.dialogs: list[str] = []
        self.pages = 0
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{self.page.url}: {dialog.message}")
        dialog.dismiss()

    def check(self) -> dict:
        """Check the page the tab shows now; returns what it found."""
        self.pages += 1
        result = self.page.evaluate(CHECK_PAGE)
        if result["found"] or result["canary"]:
            self.problems[self.page.url] = result
        return result

    def visit(self, path: str, *, status: int = 200) -> None:
        answer = self.page.goto(self.base + path)
        assert answer is not None and answer.status == status, (path, answer.status)
        self.check()


def _people() -> dict:
    return {
        name: make_person(name, group, email=f"{name}@example.org")
        for name, group in [("editor", "Editors"), ("moderator", "Moderators")]
    }


def _service_notes() -> list[Note]:
    """One published note per payload, the payload in each of its fields."""
    notes = []
    for number, payload in enumerate(PAYLOADS):
        notes.append(
            make_note(
                title=f"Hostile {number}: {payload}",
                slug=f"hostile_{number}",
                summary=f"Summary {number}: {payload}",
                body=(
                    f"## Section {number} {payload}\n\n{payload}\n\n"
                    f"- item {payload}\n\n| column |\n| --- |\n| {payload} |\n"
                ),
                keywords=[payload[:TAG_LENGTH]],
                topics=[payload_topic(number, payload)],
                code_note=payload[:300],
                area_label=payload[:200],
                ratings={"novelty": (3, payload)},
            )
        )
    return notes


def _note_in_review(people: dict, live: Note) -> Note:
    """A note holding every payload, and an edit of a live one, in review."""
    everything = "\n\n".join(PAYLOADS)
    note = note_create(
        venue=Venue.objects.get(code="ICML2025"),
        area=Area.objects.get(slug="llm_safety"),
        user=people["editor"],
        slug="hostile_everything",
        data={
            "title": f"Everything {PAYLOADS[0]}",
            "summary": everything,
            "body": everything,
            "keywords": [payload[:TAG_LENGTH] for payload in PAYLOADS],
            "topics": [payload_topic(n, p) for n, p in enumerate(PAYLOADS)],
            "code_note": PAYLOADS[2],
        },
        message=PAYLOADS[3],
    )
    note_submit(note=note, user=people["editor"], message=PAYLOADS[4])
    note_revise(
        note=live,
        user=people["editor"],
        changes={"summary": f"Edited: {PAYLOADS[5]}", "body": PAYLOADS[6]},
        message=PAYLOADS[7],
    )
    note_submit(note=live, user=people["editor"])
    return note


def _imported_notes(tmp_path: Path) -> list[str]:
    """Note files with payloads, imported with import_mkdocs; their paths."""
    folder = tmp_path / "docs" / "ICML2025" / "llm_reasoning"
    folder.mkdir(parents=True)
    paths = []
    for number, payload in enumerate(PAYLOADS[::5]):
        slug = f"imported_{number}"
        (folder / f"{slug}.md").write_text(
            "---\n"
            f"title: {json.dumps('[Paper Note] Imported ' + payload)}\n"
            "tags:\n  - ICML2025\n  - LLM Reasoning\n"
            f"  - {json.dumps(payload[:TAG_LENGTH])}\n"
            f"topics:\n  - {json.dumps(payload_topic(99, payload))}\n"
            "---\n\n"
            f"# Imported {payload}\n\n"
            f"**Area**: {payload}\n\n"
            f"## TL;DR\n\n{payload}\n\n"
            f"## Method\n\n{payload}\n\n"
            f"## Rating\n\n- Novelty: 4/5 — {payload}\n",
            encoding="utf-8",
        )
        paths.append(f"/ICML2025/llm_reasoning/{slug}/")
    call_command("import_mkdocs", str(tmp_path / "docs"), stdout=StringIO())
    return paths


def _chunks(limit: int = 1900) -> list[str]:
    """The payloads joined into summaries a reader's form accepts."""
    chunks, current = [], ""
    for payload in PAYLOADS:
        if len(current) + len(payload) + 2 > limit:
            chunks.append(current)
            current = ""
        current += payload + "\n\n"
    return [*chunks, current]


@pytest.fixture
def browser(live_server, chromium, settings):
    # Readers here type at machine speed and send many forms.
    settings.SUBMISSION_MIN_SECONDS = 0
    settings.SUBMISSION_RATE_LIMIT = 1000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return chromium


def _send_forms(tab: Inspector) -> list[str]:
    """Suggestions and new papers typed into the public forms; status pages."""
    page, statuses = tab.page, []
    for number, chunk in enumerate(_chunks()):
        name = PAYLOADS[number % len(PAYLOADS)][:100]
        if number % 2 == 0:
            tab.visit(f"/ICML2025/llm_safety/hostile_{number}/")
            page.get_by_role("link", name="Suggest a better summary").click()
            send = "Send suggestion"
        else:
            tab.visit("/submit/")
            page.fill("#id_title", f"New {PAYLOADS[number]}"[:300])
            page.select_option("#id_venue", label="ICML2025")
            page.select_option("#id_area", label="LLM Safety")
            page.fill("#id_paper", f"2501.{number:05d}")
            send = "Send note"
        page.fill("#id_summary", chunk)
        page.fill("#id_name", name)
        tab.check()
        page.get_by_role("button", name="Preview").click()
        expect(page.locator(".summary-preview")).to_be_visible()
        tab.check()
        page.get_by_role("button", name=send, exact=True).click()
        expect(page.locator(".submission-status")).to_be_visible()
        tab.check()
        # The reader sees their text as text, as they typed it.
        expect(page.locator(".submission-status")).to_contain_text(f"by {name}")
        statuses.append(page.url.removeprefix(tab.base))
    return statuses


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hostile_input_never_runs_anywhere_it_is_shown(browser, live_server, tmp_path):
    people = _people()
    notes = _service_notes()
    in_review = _note_in_review(people, notes[1])
    returned, resubmitted = review_rounds(people, PAYLOADS)
    moved, moved_from = moved_note(people, PAYLOADS)
    imported = _imported_notes(tmp_path)
    base = live_server.url

    reader = browser.new_context(bypass_csp=True)
    reader.set_default_timeout(15_000)
    tab = Inspector(reader.new_page(), base)

    for path in ["/", "/ICML2025/", "/ICML2025/llm_safety/", "/areas/llm_safety/"]:
        tab.visit(path)
    # The old address of the moved note leads to its new one.
    tab.visit(moved_from)
    expect(tab.page.locator("h1")).to_have_text(f"Moved {PAYLOADS[8]}")
    assert tab.page.url == base + moved.get_absolute_url()
    tab.page.screenshot(path=ARTIFACTS / "listing.png", full_page=True)
    for number, note in enumerate(notes):
        tab.visit(note.get_absolute_url())
        # The title is shown as the text it is, not as markup; its math is
        # typeset, each formula's TeX kept as it was written.
        title = f"Hostile {number}: {PAYLOADS[number]}"
        formulas = [piece for is_math, piece in math_segments(title) if is_math]
        if formulas:
            expect(tab.page.locator("h1")).to_contain_text(f"Hostile {number}:")
            expect(tab.page.locator("h1 annotation, h1 code.math-error")).to_have_text(
                formulas
            )
        else:
            expect(tab.page.locator("h1")).to_have_text(title)
        tab.visit(f"/topics/{note.topics.get().slug}/")
    for path in imported:
        tab.visit(path)
    tab.page.goto(base + notes[0].get_absolute_url())
    tab.page.screenshot(path=ARTIFACTS / "note.png", full_page=True)

    # What readers type into addresses comes back in the page.
    for payload in PAYLOADS:
        tab.visit(f"/search/?q={quote(payload)}")
    tab.visit("/search/?q=Hostile")
    tab.page.screenshot(path=ARTIFACTS / "search.png", full_page=True)
    for payload in PAYLOADS[::4]:
        tab.visit(f"/ICML2025/llm_safety/?q={quote(payload)}")
        # A filter value the listing does not know: the page says so, quoting it.
        tab.visit(f"/ICML2025/llm_safety/?sort={quote(payload)}", status=400)
        tab.visit(f"/{quote(payload, safe='')}/", status=404)

    statuses = _send_forms(tab)
    for path in statuses:
        tab.visit(path)
    # A preview link shared of the note in review shows its payloads.
    preview = note_preview_token(note=in_review, user=people["editor"])
    tab.visit(f"/preview/{preview}/")

    # Feeds are XML for feed readers, which render the summaries as HTML; a
    # title is plain text there, its math as Unicode.
    titles = {plain_title(f"Hostile {n}: {p}") for n, p in enumerate(PAYLOADS)}
    for path in ["/feeds/atom.xml", "/ICML2025/llm_safety/feed.xml"]:
        feed = tab.page.request.get(base + path)
        assert feed.status == 200
        assert feed_problems(feed.text(), titles) == [], path
        # Opened in the browser, the feed's stylesheet makes it a page.
        tab.visit(path)
        expect(tab.page.locator(".feed-entries li").first).to_be_visible()
    tab.page.screenshot(path=ARTIFACTS / "feed.png", full_page=True)

    # A reader sends a paper the site has: the moderator's page lists the
    # match by its title. A deleted note stays in the event log by its title.
    submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title=notes[5].paper.title,
        venue=notes[5].paper.venue,
        area=notes[5].paper.area,
        paper_url="https://example.org/paper",
        summary=f"Summary of a duplicate: {PAYLOADS[8]}",
    )
    # (An odd one: readers suggested summaries for the even ones.)
    note_delete(note=notes[3], user=make_person("chief", is_superuser=True))

    # A moderator reads it all in the admin, and approves a suggestion.
    admin = Inspector(logged_in_page(browser, base, people["moderator"]), base)
    for path in [
        "/admin/",
        "/admin/catalog/note/",
        f"/admin/catalog/note/?q={quote(PAYLOADS[0])}",
        f"/admin/catalog/note/{in_review.pk}/change/",
        f"/admin/catalog/note/{in_review.pk}/history/",
        f"/admin/catalog/note/{in_review.pk}/diff/",
        f"/admin/catalog/note/{in_review.pk}/preview/",
        f"/admin/catalog/note/{resubmitted.pk}/change/",
        f"/admin/catalog/note/{resubmitted.pk}/diff/",
        f"/admin/catalog/note/{notes[1].pk}/change/",
        f"/admin/catalog/note/{notes[1].pk}/diff/",
        f"/admin/catalog/note/{moved.pk}/history/",
        f"/admin/catalog/note/{moved.pk}/diff/?a=1&b=2",
        "/admin/catalog/note/events/?action=retitled",
        "/admin/catalog/note/review-queue/",
        "/admin/catalog/note/events/",
        "/admin/catalog/topic/",
        "/admin/catalog/keyword/",
        "/admin/catalog/paper/",
        "/admin/catalog/submission/",
    ]:
        admin.visit(path)
    expect(admin.page.locator("#result_list")).to_contain_text(PAYLOADS[0][:20])
    admin.visit(f"/admin/catalog/note/{in_review.pk}/change/")
    preview_each(admin.page, _chunks(), admin.check)  # typed into the note form
    admin.visit("/admin/catalog/note/events/?action=deleted")
    expect(admin.page.locator("#event-log")).to_contain_text("(deleted)")
    for submission in Submission.objects.order_by("pk"):
        admin.visit(f"/admin/catalog/submission/{submission.pk}/change/")
    suggestion = Submission.objects.filter(kind="suggestion").order_by("pk").first()
    admin.visit(f"/admin/catalog/submission/{suggestion.pk}/change/")
    admin.page.screenshot(path=ARTIFACTS / "submission.png", full_page=True)
    admin.page.get_by_role("button", name="Approve and publish").click()
    expect(admin.page.locator(".messagelist")).to_contain_text("Approved and published")
    admin.check()
    # The approved summary and its credit, on the public page.
    tab.visit(suggestion.note.get_absolute_url())
    expect(tab.page.locator(".summary-credit")).to_contain_text(suggestion.name)

    # The author's desk: the note returned with its reason, the ones in review.
    author = Inspector(logged_in_page(browser, base, people["editor"]), base)
    author.visit("/admin/")
    expect(author.page.locator("#desk-returned")).to_contain_text("requested changes")
    author.visit(f"/admin/catalog/note/{returned.pk}/change/")

    assert tab.pages + admin.pages > 150
    assert tab.dialogs + admin.dialogs + author.dialogs == []
    assert {**tab.problems, **admin.problems, **author.problems} == {}
