"""Reader submissions: the public forms and their defences, and the status page."""

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from catalog.forms import form_stamp
from catalog.models import Note, Submission
from catalog.services import (
    submission_reject,
    submission_status_token,
)
from catalog.views import submission_slot_take, submissions_left
from tests.factories import (
    NEW_SUMMARY,
    OLD_SUMMARY,
    make_note,
    make_suggestion,
)
from tests.pagetext import visible_lines


def suggest_url(note: Note) -> str:
    return reverse(
        "catalog:suggestion_create",
        kwargs={
            "venue": note.paper.venue.code,
            "area_slug": note.paper.area.slug,
            "note_slug": note.paper.slug,
        },
    )


def suggestion_data(**overrides) -> dict:
    data = {
        "summary": NEW_SUMMARY,
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "website": "",
        # Shown a minute ago: as long as a person takes to write.
        "started": form_stamp(at=time.time() - 60),
    }
    # A callable is a value to compute now, e.g. a stamp of this moment.
    data.update({k: v() if callable(v) else v for k, v in overrides.items()})
    return data


def new_paper_data(registry, **overrides) -> dict:
    data = {
        "title": "Sparse Probes for Refusal Directions",
        "venue": registry["venues"]["ICLR2026"].pk,
        "area": registry["areas"]["llm_safety"].pk,
        "paper": "2501.01234",
        "summary": "Sparse linear probes find the refusal direction of chat models "
        "with a hundred labelled prompts.",
        "name": "",
        "email": "grace@example.org",
        "website": "",
        "started": form_stamp(at=time.time() - 60),
    }
    data.update(overrides)
    return data


def error_lines(response) -> str:
    """The text of the form's refusal box: what was wrong, field by field."""
    html = response.content.decode()
    match = re.search(r'<div class="form-errors[^"]*"[^>]*>(.*?)</div>', html, re.S)
    assert match, "the page shows no refusal"
    text = re.sub(r"</?(?:a|strong)\b[^>]*>", "", match.group(1))
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


# --- The public forms ---------------------------------------------------------


def test_note_page_offers_suggestion_and_footer_offers_a_new_note(note, client):
    html = client.get(note.get_absolute_url()).content.decode()

    assert f'href="{suggest_url(note)}">Suggest a better summary</a>' in html
    assert f'href="{reverse("catalog:submission_create")}">Submit a note</a>' in html


def test_suggestion_form_shows_the_current_summary_to_edit(note, client):
    response = client.get(suggest_url(note))

    lines = visible_lines(response.content.decode())
    assert "Suggest a better summary" in lines
    assert OLD_SUMMARY in lines
    form = response.context["form"]
    assert form["summary"].value() == OLD_SUMMARY
    assert form["website"].value() in (None, "")


def test_suggestion_form_is_only_for_published_notes(db, client):
    draft = make_note(title="Not out yet", status=Note.Status.DRAFT)

    assert client.get(suggest_url(draft)).status_code == 404


def test_valid_suggestion_is_stored_pending_and_leads_to_its_status_page(note, client):
    response = client.post(suggest_url(note), suggestion_data(), follow=True)

    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.SUGGESTION
    assert submission.status == Submission.Status.PENDING
    assert submission.note == note
    assert submission.base_summary == OLD_SUMMARY
    assert submission.summary == NEW_SUMMARY
    assert (submission.venue, submission.area) == (note.paper.venue, note.paper.area)
    token = submission_status_token(submission=submission)
    assert response.redirect_chain[-1][0] == reverse(
        "catalog:submission_status", kwargs={"token": token}
    )
    lines = visible_lines(response.content.decode())
    assert "Your suggested summary" in lines
    assert "Pending" in lines
    assert NEW_SUMMARY in lines
    assert "Thank you: a moderator will read it." in response.content.decode()
    assert mail.outbox == []  # Nobody is mailed until a moderator decides.


def test_preview_shows_the_rendered_summary_and_stores_nothing(note, client):
    data = suggestion_data(summary=NEW_SUMMARY + " It bounds the error by $\\epsilon$.")

    response = client.post(suggest_url(note), {**data, "preview": "1"})

    html = response.content.decode()
    assert "Preview of your summary" in html
    assert '<annotation encoding="application/x-tex">\\epsilon</annotation>' in html
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "where", "what"),
    [
        pytest.param(
            {"website": "http://cheap-pills.example"},
            "Leave this field empty:",
            "must stay empty",
            id="honeypot",
        ),
        pytest.param(
            {"started": lambda: form_stamp()},
            "Form timestamp:",
            "faster than a person types",
            id="too-fast",
        ),
        pytest.param(
            {"started": lambda: form_stamp(at=time.time() - 2 * 24 * 3600)},
            "Form timestamp:",
            "opened too long ago",
            id="too-old",
        ),
        pytest.param(
            {"started": signing.dumps(0, salt="another.form")},
            "Form timestamp:",
            "missing or was altered",
            id="forged-stamp",
        ),
        pytest.param(
            {"started": ""}, "Form timestamp:", "missing or was altered", id="no-stamp"
        ),
        pytest.param(
            {"summary": "Too short."},
            "Your summary:",
            "at least 40 characters",
            id="too-short",
        ),
        pytest.param(
            {"summary": "word " * 500},
            "Your summary:",
            "at most 2000 characters",
            id="too-long",
        ),
        pytest.param(
            {
                "summary": "Read [one](https://a.example), [two](https://b.example), "
                "<https://c.example> and www.d.example for more."
            },
            "Your summary:",
            "4 links; at most 3",
            id="too-many-links",
        ),
        pytest.param(
            {"summary": "  " + OLD_SUMMARY.replace(" ", "\n", 3) + " "},
            "Your summary:",
            "This is the current summary, unchanged.",
            id="unchanged",
        ),
        pytest.param(
            {"name": "x" * 101}, "Name:", "at most 100 characters", id="long-name"
        ),
        pytest.param(
            {"email": "not an address"},
            "Email:",
            "valid email address",
            id="bad-email",
        ),
    ],
)
def test_each_defence_refuses_with_a_message_naming_the_field(
    note, client, overrides, where, what
):
    response = client.post(suggest_url(note), suggestion_data(**overrides))

    assert response.status_code == 200
    refusal = error_lines(response)
    assert "Nothing was sent yet." in refusal
    assert where in refusal
    assert what in refusal
    assert Submission.objects.count() == 0


def test_refused_form_keeps_the_readers_text(note, client):
    response = client.post(suggest_url(note), suggestion_data(started=form_stamp()))

    assert response.context["form"]["summary"].value() == NEW_SUMMARY


def test_a_spent_stamp_is_renewed_so_the_next_post_can_pass(note, client):
    response = client.post(suggest_url(note), suggestion_data(started=form_stamp(at=0)))

    renewed = response.context["form"]["started"].value()
    age = time.time() - signing.loads(renewed, salt="catalog.submission-form")
    assert 0 <= age < 60


def test_a_post_without_csrf_token_is_refused(note):
    client = Client(enforce_csrf_checks=True)

    response = client.post(suggest_url(note), suggestion_data())

    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_honeypot_is_hidden_from_people_but_not_a_hidden_input(note, client):
    html = client.get(suggest_url(note)).content.decode()

    honeypot = re.search(r'<div class="hp-field" aria-hidden="true">(.*?)</div>', html)
    assert honeypot, "the honeypot sits in a visually hidden, aria-hidden box"
    assert 'type="text" name="website"' in honeypot.group(1)
    assert 'tabindex="-1"' in honeypot.group(1)


def test_rate_limit_refuses_the_sixth_submission_from_one_address(
    note, client, settings
):
    settings.SUBMISSION_RATE_LIMIT = 5
    for number in range(5):
        response = client.post(
            suggest_url(note),
            suggestion_data(summary=f"{NEW_SUMMARY} Variant {number}."),
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == 302

    refused = client.post(
        suggest_url(note),
        suggestion_data(summary=f"{NEW_SUMMARY} Variant six."),
        REMOTE_ADDR="203.0.113.7",
    )
    other_reader = client.post(
        suggest_url(note),
        suggestion_data(summary=f"{NEW_SUMMARY} From elsewhere."),
        REMOTE_ADDR="198.51.100.2",
    )

    assert refused.status_code == 429
    assert "has sent 5 submissions in the last 10 minutes" in error_lines(refused)
    assert refused.context["form"]["summary"].value().endswith("Variant six.")
    assert other_reader.status_code == 302
    assert Submission.objects.count() == 6


def test_rate_limit_counts_readers_behind_a_proxy_apart(note, client, settings):
    settings.SUBMISSION_RATE_LIMIT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    first = client.post(
        suggest_url(note), suggestion_data(), HTTP_X_REAL_IP="203.0.113.7", **proxy
    )
    again = client.post(
        suggest_url(note),
        suggestion_data(summary=NEW_SUMMARY + " Again."),
        HTTP_X_REAL_IP="203.0.113.7",
        **proxy,
    )
    other = client.post(
        suggest_url(note),
        suggestion_data(summary=NEW_SUMMARY + " Other."),
        HTTP_X_REAL_IP="198.51.100.2",
        **proxy,
    )

    assert (first.status_code, again.status_code, other.status_code) == (302, 429, 302)
    assert Submission.objects.count() == 2


def test_rate_limit_slots_are_taken_atomically_by_concurrent_posts(rf, settings):
    settings.SUBMISSION_RATE_LIMIT = 5
    request = rf.post("/submit/", REMOTE_ADDR="203.0.113.9")
    start = threading.Barrier(20)

    def take(_):
        start.wait()
        return submission_slot_take(request)

    with ThreadPoolExecutor(20) as pool:
        taken = list(pool.map(take, range(20)))

    assert taken.count(True) == 5
    assert submissions_left(request) == 0


def test_refused_posts_do_not_use_up_the_rate_limit(note, client, settings):
    settings.SUBMISSION_RATE_LIMIT = 1
    client.post(suggest_url(note), suggestion_data(website="spam"))
    client.post(suggest_url(note), suggestion_data(started=form_stamp()))

    response = client.post(suggest_url(note), suggestion_data())

    assert response.status_code == 302
    assert Submission.objects.count() == 1


def test_summary_markup_is_sanitised_like_a_notes(note, client):
    hostile = (
        "A fair summary <script>alert(1)</script> with [a link](javascript:alert(2)) "
        "and more words."
    )
    client.post(suggest_url(note), suggestion_data(summary=hostile))

    submission = Submission.objects.get()
    assert "<script>" not in submission.summary_html
    assert "&lt;script&gt;" in submission.summary_html
    assert 'href="javascript:' not in submission.summary_html
    status = client.get(
        reverse(
            "catalog:submission_status",
            kwargs={"token": submission_status_token(submission=submission)},
        )
    ).content.decode()
    assert "<script>alert(1)" not in status


def test_new_paper_submission_is_stored_with_its_arxiv_address(registry, client):
    response = client.post(
        reverse("catalog:submission_create"), new_paper_data(registry)
    )

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.NEW_PAPER
    assert submission.title == "Sparse Probes for Refusal Directions"
    assert submission.venue.code == "ICLR2026"
    assert submission.area.slug == "llm_safety"
    assert submission.paper_url == "https://arxiv.org/abs/2501.01234"
    assert submission.note is None


@pytest.mark.parametrize(
    ("overrides", "where", "what"),
    [
        pytest.param(
            {"paper": "see my blog"},
            "arXiv ID or paper URL:",
            "Give an arXiv ID such as 2501.01234",
            id="bad-paper",
        ),
        pytest.param({"title": "!!!"}, "Title:", "needs letters", id="bad-title"),
        pytest.param({"venue": ""}, "Venue:", "required", id="no-venue"),
        pytest.param(
            {"title": "Watermarks that survive paraphrase", "venue": "ICML2025"},
            "Title:",
            "already has a paper with this title in ICML2025",
            id="already-covered",
        ),
    ],
)
def test_new_paper_form_refusals_name_the_field(
    note, registry, client, overrides, where, what
):
    if overrides.get("venue") == "ICML2025":
        overrides["venue"] = registry["venues"]["ICML2025"].pk

    response = client.post(
        reverse("catalog:submission_create"), new_paper_data(registry, **overrides)
    )

    refusal = error_lines(response)
    assert where in refusal
    assert what in refusal
    assert Submission.objects.count() == 0


def test_new_paper_form_refuses_an_arxiv_paper_the_site_has(registry, client):
    make_note(title="Some paper", arxiv_id="2501.01234")

    response = client.post(
        reverse("catalog:submission_create"),
        new_paper_data(registry, paper="https://arxiv.org/pdf/2501.01234v2"),
    )

    assert "already has a note on arXiv 2501.01234" in error_lines(response)
    assert Submission.objects.count() == 0


# --- The status page ----------------------------------------------------------


def test_status_page_needs_the_signed_address(note, client):
    submission = make_suggestion(note)
    forged = signing.Signer(salt="another.salt").sign(str(submission.pk))

    assert client.get(f"/submissions/{submission.pk}/").status_code == 404
    assert client.get(f"/submissions/{forged}/").status_code == 404
    assert client.get(f"/submissions/{forged[:-2]}xx/").status_code == 404


def test_status_page_shows_the_reason_of_a_rejection(note, client, moderator):
    submission = make_suggestion(note)
    submission_reject(
        submission=submission, moderator=moderator, reason="It drops the main result."
    )

    response = client.get(
        reverse(
            "catalog:submission_status",
            kwargs={"token": submission_status_token(submission=submission)},
        )
    )

    lines = visible_lines(response.content.decode())
    assert "Rejected" in lines
    assert "It drops the main result." in lines
    assert response["Cache-Control"].startswith("max-age=0")
    assert '<meta name="robots" content="noindex">' in response.content.decode()
