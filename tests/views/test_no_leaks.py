"""Nothing unpublished reaches the public: every public page, feed, sitemap,
BibTeX and JSON answer is the same, byte for byte, before and after a draft,
a note in review, a rejected note and an unpublished revision of a live note
are written, each with a canary word in every field it has. A topic only
those use has no page; the "Submit a note" form and a reader's status page
tell nothing of unpublished notes."""

import re

import pytest
from django.urls import reverse

from catalog.models import Area, Note, Submission
from catalog.services import (
    note_approve,
    note_reject,
    note_revise,
    note_submit,
    note_unpublish,
    submission_approve,
    submission_status_token,
)
from tests.factories import make_draft, make_note, make_suggestion, newest_revision
from tests.pagetext import visible_lines
from tests.views.test_submission_forms import error_lines, new_paper_data

CANARY = "zqcanary"


def _canary_data(kind: str) -> dict:
    """Every field a note has, each holding the canary word."""
    word = f"{CANARY}{kind}"
    return {
        "title": f"Watermarks {word} title",
        "authors": f"Ada {word}",
        "affiliations": f"{word} Lab",
        "paper_url": f"https://{word}.example.org/paper",
        "pdf_url": f"https://{word}.example.org/paper.pdf",
        "code_url": f"https://{word}.example.org/code",
        "code_note": f"{word} code",
        "area_label": f"{word} area",
        "keywords": [f"{word} keyword"],
        "summary": f"Watermarks and privacy: the {word} summary.",
        "body": f"## {word} heading\n\nThe {word} body about watermarks.",
        "novelty": 5,
        "novelty_reason": f"{word} novelty",
        "thoroughness": 4,
        "thoroughness_reason": f"{word} thoroughness",
        "writing": 3,
        "writing_reason": f"{word} writing",
        "value": 2,
        "value_reason": f"{word} value",
        "topics": ["Privacy", f"{word} topic"],
    }


def _public_urls(live: Note, neighbour: Note, other_area: Area) -> list[str]:
    note = live.get_absolute_url()
    urls = [
        "/",
        "/ICML2025/",
        "/ICML2025/feed.xml",
        "/ICML2025/llm_safety/",
        "/ICML2025/llm_safety/?topic=privacy",
        "/ICML2025/llm_safety/feed.xml",
        "/ICML2025/llm_safety/notes.bib",
        "/ICML2025/llm_safety/index.json",
        "/areas/llm_safety/",
        "/areas/llm_safety/feed.xml",
        "/areas/llm_safety/notes.bib",
        "/topics/privacy/",
        "/topics/privacy/feed.xml",
        "/topics/privacy/notes.bib",
        "/search/?q=watermarks",
        "/search/?q=watermarks+privacy&topic=privacy",
        *(f"/search/?q={CANARY}{kind}" for kind in KINDS),
        f"/search/?q={CANARY}draft+or+{CANARY}review&venue=ICLR2026",
        "/ICLR2026/",
        "/ICLR2026/llm_safety/",
        "/ICLR2026/llm_safety/index.json",
        "/ICLR2026/feed.xml",
        "/search/results.bib?q=watermarks",
        "/feeds/atom.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/submit/",
        note,
        f"{note}cite.bib",
        f"{note}index.json",
        f"{note}suggest/",
        neighbour.get_absolute_url(),
        f"{neighbour.get_absolute_url()}index.json",
    ]
    urls += [f"/ICML2025/{other_area.slug}/", f"/areas/{other_area.slug}/"]
    return urls


def _normalised(content: bytes) -> str:
    """The answer without what differs per request (tokens, nonces, stamps)."""
    text = content.decode()
    text = re.sub(r'nonce="[^"]*"', 'nonce=""', text)
    if text.startswith("<?xml") and "<entry>" not in text:
        # A feed with no entries says it was updated now, whenever now is.
        text = re.sub(r"<updated>[^<]*</updated>", "<updated/>", text, count=1)
    return re.sub(
        r'(name="(?:csrfmiddlewaretoken|started)" value=)"[^"]*"', r'\1""', text
    )


def _answers(client, urls: list[str]) -> dict[str, tuple[int, str]]:
    return {
        url: (response.status_code, _normalised(response.content))
        for url in urls
        for response in [client.get(url)]
    }


KINDS = ("draft", "review", "rejected", "revision")


def test_public_answers_do_not_change_when_unpublished_notes_are_written(
    people, client
):
    live = make_note(
        title="Watermarks for private text",
        summary="Watermarks and privacy, published.",
        topics=["Privacy"],
        keywords=["watermark"],
    )
    neighbour = make_note(
        title="Watermarks, the neighbour", summary="Privacy nearby.", topics=["Privacy"]
    )
    other_area = Area.objects.exclude(slug="llm_safety").first()
    editor, moderator = people["editor"], people["moderator"]
    # Asked for before the unpublished notes exist too: their addresses,
    # their topics' pages and feeds, and a search for their words.
    urls = _public_urls(live, neighbour, other_area)
    urls += [f"/ICML2025/llm_safety/watermarks_{CANARY}{kind}_title/" for kind in KINDS]
    urls += [f"/ICLR2026/llm_safety/watermarks_{CANARY}review_title/"]
    urls += [f"/{other_area.slug}/watermarks_{CANARY}rejected_title/"]
    for kind in KINDS:
        urls += [
            f"/topics/{CANARY}{kind}-topic/",
            f"/topics/{CANARY}{kind}-topic/feed.xml",
            f"/topics/{CANARY}{kind}-topic/notes.bib",
            f"/search/?q=watermarks&topic={CANARY}{kind}-topic",
        ]
    before = _answers(client, urls)

    draft = make_draft(author=editor, **_canary_data("draft"))
    # In a venue the public has no note of yet.
    in_review = make_draft(author=editor, venue="ICLR2026", **_canary_data("review"))
    note_submit(note=in_review, user=editor)
    rejected = make_draft(
        author=editor, area=other_area.slug, **_canary_data("rejected")
    )
    note_submit(note=rejected, user=editor)
    note_reject(note=rejected, moderator=moderator, reason=f"{CANARY} reason")
    note_revise(note=live, user=editor, changes=_canary_data("revision"))
    note_submit(note=live, user=editor)
    # The neighbour's working text links to the draft; its live text does not.
    note_revise(note=neighbour, user=editor, changes={"related": [draft.pk]})

    after = _answers(client, urls)

    assert [url for url in urls if before[url] != after[url]] == []
    # Pages whose address names no canary show none; the others (a 404, a
    # search for the words) are the same as before the notes existed.
    leaking = [
        url
        for url, (_, text) in after.items()
        if CANARY not in url and CANARY in text.lower()
    ]
    assert leaking == []
    assert {after[url][0] for url in urls if CANARY in url and "search" not in url} == {
        404
    }


def test_a_topic_only_unpublished_notes_use_has_no_page_and_no_mention(people, client):
    make_note(title="A published note", topics=["Privacy"])
    make_draft(author=people["editor"], topics=["Secret project"])
    hidden = [
        "/topics/secret-project/",
        "/topics/secret-project/feed.xml",
        "/topics/secret-project/notes.bib",
    ]

    assert [client.get(url).status_code for url in hidden] == [404, 404, 404]
    search = client.get("/search/?q=published").content.decode()
    assert 'value="privacy"' in search
    assert "Secret project" not in search and "secret-project" not in search
    listing = client.get("/ICML2025/llm_safety/?topic=secret-project")
    assert "There is no topic “secret-project”." in listing.content.decode()

    make_note(title="Now it is public", topics=["Secret project"])

    assert [client.get(url).status_code for url in hidden] == [200, 200, 200]
    assert 'value="secret-project"' in client.get("/search/?q=x").content.decode()


# --- Reader submissions: the form's duplicate check, the status page --------


def _unpublished(people, status: str, **data) -> Note:
    """A note of ICLR2026 › LLM Safety as a draft, in review or rejected."""
    editor = people["editor"]
    note = make_draft(author=editor, venue="ICLR2026", **data)
    if status != Note.Status.DRAFT:
        note_submit(note=note, user=editor)
    if status == Note.Status.ARCHIVED:
        note_reject(note=note, moderator=people["moderator"], reason="Not yet.")
    return note


@pytest.mark.parametrize(
    "status", [Note.Status.DRAFT, Note.Status.IN_REVIEW, Note.Status.ARCHIVED]
)
def test_new_paper_form_tells_a_reader_only_of_published_notes(
    people, registry, client, status
):
    _unpublished(
        people,
        status,
        title="Sparse Probes for Refusal Directions",
        arxiv_id="2501.01234",
    )

    response = client.post(
        reverse("catalog:submission_create"), new_paper_data(registry)
    )

    assert response.status_code == 302, error_lines(response)
    submission = Submission.objects.get()
    # The moderator is told, on the submission's page.
    client.force_login(people["moderator"])
    page = client.get(reverse("admin:catalog_submission_change", args=[submission.pk]))
    said = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert (
        "The site already has this paper (the reader was told only of published "
        "notes): Sparse Probes for Refusal Directions in ICLR2026 › LLM Safety, "
        f"arXiv 2501.01234: {Note.Status(status).label.lower()}"
    ) in said


def test_status_page_never_shows_an_unpublished_title(people, note, client):
    submission = make_suggestion(note)
    status_url = reverse(
        "catalog:submission_status",
        kwargs={"token": submission_status_token(submission=submission)},
    )
    assert "Watermarks that survive paraphrase" in visible_lines(
        client.get(status_url).content.decode()
    )
    note_unpublish(note=note, moderator=people["moderator"])
    note_revise(
        note=note, user=people["editor"], changes={"title": "A secret working title"}
    )

    page = client.get(status_url).content.decode()

    assert "A secret working title" not in page
    assert "Watermarks that survive paraphrase" not in page
    assert "A note that is not published now" in visible_lines(page)
    assert note.get_absolute_url() not in page


def test_status_page_names_a_new_paper_by_its_published_title(people, registry, client):
    client.post(reverse("catalog:submission_create"), new_paper_data(registry))
    submission = Submission.objects.get()
    status_url = reverse(
        "catalog:submission_status",
        kwargs={"token": submission_status_token(submission=submission)},
    )
    submission_approve(submission=submission, moderator=people["moderator"])
    note = Submission.objects.get().note
    note_revise(note=note, user=people["editor"], changes={"title": "Retitled"})

    draft_over_live = visible_lines(client.get(status_url).content.decode())
    note_submit(note=note, user=people["editor"])
    note_approve(
        note=note, moderator=people["moderator2"], revision=newest_revision(note)
    )
    published = visible_lines(client.get(status_url).content.decode())

    assert "Sparse Probes for Refusal Directions (ICLR2026 · LLM Safety)" in (
        draft_over_live
    )
    assert not any("Retitled" in line for line in draft_over_live)
    assert "Retitled (ICLR2026 · LLM Safety)" in published
