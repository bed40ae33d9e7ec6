"""Reader submissions: the public forms and their defences, the status page,
the moderators' queue in the admin, the decisions and the emails they send."""

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from catalog.forms import form_stamp
from catalog.models import Note, NoteEvent, Submission, Topic
from catalog.services import (
    note_revise,
    submission_approve,
    submission_create,
    submission_mark_spam,
    submission_reject,
    submission_status_token,
)
from catalog.submission_views import submission_slot_take, submissions_left
from tests.factories import make_note
from tests.pagetext import visible_lines

OLD_SUMMARY = "The paper watermarks model outputs so that paraphrasing keeps the mark."
NEW_SUMMARY = (
    "The paper embeds a watermark in model outputs that survives paraphrasing, "
    "and shows detection stays reliable at low false-positive rates."
)


@pytest.fixture
def note(db):
    return make_note(title="Watermarks that survive paraphrase", summary=OLD_SUMMARY)


def _member(django_user_model, username: str, group: str | None):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.com", is_staff=True
    )
    if group:
        # The Moderators and Editors groups come from the data migrations.
        user.groups.add(Group.objects.get(name=group))
    return django_user_model.objects.get(pk=user.pk)  # No stale permission cache.


@pytest.fixture
def moderator(db, django_user_model):
    return _member(django_user_model, "moderator", "Moderators")


@pytest.fixture
def editor(db, django_user_model):
    return _member(django_user_model, "editor", "Editors")


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


def make_suggestion(note: Note, **overrides) -> Submission:
    fields = {
        "summary": NEW_SUMMARY,
        "name": "Ada Lovelace",
        "email": "ada@example.org",
    }
    fields.update(overrides)
    return submission_create(kind=Submission.Kind.SUGGESTION, note=note, **fields)


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


# --- Decisions (services) -----------------------------------------------------


def test_approved_suggestion_goes_live_crediting_the_reader(
    note, client, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)

    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(submission=submission, moderator=moderator)

    note.refresh_from_db()
    assert note.summary == NEW_SUMMARY
    assert note.live_revision.message == "Summary suggested by Ada Lovelace"
    assert note.live_revision.created_by is None
    event = note.events.get(action="suggestion approved")
    assert event.actor == moderator
    assert event.reason == "Summary suggested by Ada Lovelace"
    lines = visible_lines(client.get(note.get_absolute_url()).content.decode())
    assert NEW_SUMMARY in lines
    assert OLD_SUMMARY not in lines
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Summary suggested by Ada Lovelace." in page
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert submission.decided_by == moderator
    assert submission.decided_at is not None


def test_credit_ends_when_an_editor_rewrites_the_summary(
    note, client, moderator, editor, django_user_model
):
    submission_approve(submission=make_suggestion(note, name=""), moderator=moderator)
    assert (
        "Summary suggested by a reader."
        in client.get(note.get_absolute_url()).content.decode()
    )

    revision = note_revise(
        note=note, user=editor, changes={"summary": "An editor's own words here."}
    )
    second = _member(django_user_model, "moderator2", "Moderators")
    from catalog.services import note_publish_revision

    note_publish_revision(note=note, revision=revision, moderator=second)

    assert (
        "Summary suggested by"
        not in client.get(note.get_absolute_url()).content.decode()
    )


def test_approval_emails_the_submitter_after_commit_only(
    note, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission_approve(submission=submission, moderator=moderator)
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    to_reader = [
        message for message in mail.outbox if message.to == ["ada@example.org"]
    ]
    assert len(to_reader) == 1
    message = to_reader[0]
    assert message.subject == (
        'Published: your summary for "Watermarks that survive paraphrase"'
    )
    assert "credited to Ada Lovelace" in message.body
    assert f"http://127.0.0.1:8000{note.get_absolute_url()}" in message.body
    token = submission_status_token(submission=submission)
    assert f"http://127.0.0.1:8000/submissions/{token}/" in message.body


def test_rejection_needs_a_reason_and_emails_it(
    note, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)

    with pytest.raises(ValidationError, match="Give a reason"):
        submission_reject(submission=submission, moderator=moderator, reason="  ")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        submission_reject(
            submission=submission, moderator=moderator, reason="Misreads table 2."
        )

    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    assert submission.reason == "Misreads table 2."
    assert note.events.get(action="suggestion rejected").reason == "Misreads table 2."
    note.refresh_from_db()
    assert note.summary == OLD_SUMMARY
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject.startswith("Not published: your summary for")
    assert "Misreads table 2." in message.body


def test_spam_leaves_the_note_alone_and_mails_nobody(
    note, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)

    with django_capture_on_commit_callbacks(execute=True):
        submission_mark_spam(submission=submission, moderator=moderator)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.SPAM
    assert submission.decided_by == moderator
    assert note.events.get(action="suggestion spam").actor == moderator
    note.refresh_from_db()
    assert note.summary == OLD_SUMMARY
    assert mail.outbox == []


def test_no_email_without_an_address(
    note, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(
            submission=make_suggestion(note, email=""), moderator=moderator
        )

    assert [m for m in mail.outbox if "your summary" in m.subject] == []


@pytest.mark.parametrize("first", ["approve", "reject", "spam"])
def test_deciding_twice_is_refused(note, moderator, first):
    submission = make_suggestion(note)
    decide = {
        "approve": lambda: submission_approve(
            submission=submission, moderator=moderator
        ),
        "reject": lambda: submission_reject(
            submission=submission, moderator=moderator, reason="No."
        ),
        "spam": lambda: submission_mark_spam(
            submission=submission, moderator=moderator
        ),
    }
    decide[first]()
    events = NoteEvent.objects.count()

    for again in decide.values():
        with pytest.raises(ValidationError, match="already decided.*by moderator"):
            again()
    assert NoteEvent.objects.count() == events


def test_approval_is_refused_while_the_note_has_a_draft_in_the_workflow(
    note, moderator, editor
):
    note_revise(note=note, user=editor, changes={"body": "A new section."})
    submission = make_suggestion(note)

    with pytest.raises(ValidationError, match="changes in the review workflow"):
        submission_approve(submission=submission, moderator=moderator)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_new_paper_approval_publishes_it_where_the_moderator_chose(
    registry, client, moderator, django_capture_on_commit_callbacks
):
    for name in ["Interpretability", "LLM"]:
        Topic.objects.create(name=name, slug=name.lower())
    submission = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Sparse Probes for Refusal Directions",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["llm_safety"],
        paper_url="https://arxiv.org/abs/2501.01234",
        summary="Sparse linear probes find the refusal direction of chat models.",
        email="grace@example.org",
    )

    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(
            submission=submission,
            moderator=moderator,
            venue=registry["venues"]["ICML2026"],
            area=registry["areas"]["hallucination"],
            topics=Topic.objects.filter(name__in=["Interpretability", "LLM"]),
        )

    submission.refresh_from_db()
    note = submission.note
    assert note.paper.venue.code == "ICML2026"
    assert note.paper.area.slug == "hallucination"
    assert note.paper.slug == "sparse_probes_for_refusal_directions"
    assert note.paper.arxiv_id == "2501.01234"
    assert sorted(note.topics.names()) == ["Interpretability", "LLM"]
    assert list(note.revisions.values_list("number", "message", "created_by")) == [
        (1, "Paper and note submitted by a reader", None)
    ]
    assert note.live_revision.number == 1
    assert (submission.venue.code, submission.area.slug) == (
        "ICML2026",
        "hallucination",
    )
    url = "/ICML2026/hallucination/sparse_probes_for_refusal_directions/"
    assert note.get_absolute_url() == url
    lines = visible_lines(client.get(url).content.decode())
    assert "Sparse Probes for Refusal Directions" in lines
    assert "Sparse linear probes find the refusal direction of chat models." in lines
    (message,) = [m for m in mail.outbox if m.to == ["grace@example.org"]]
    assert message.subject == (
        'Published: your note on "Sparse Probes for Refusal Directions"'
    )


def test_new_paper_approval_refuses_a_taken_address(registry, moderator):
    make_note(venue="ICLR2026", title="Sparse Probes for Refusal Directions")
    submission = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Sparse Probes for Refusal Directions",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["llm_safety"],
        paper_url="https://example.org/paper.pdf",
        summary="Sparse linear probes find the refusal direction of chat models.",
    )

    with pytest.raises(ValidationError, match="already has a paper"):
        submission_approve(submission=submission, moderator=moderator)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_only_moderators_decide(note, editor):
    submission = make_suggestion(note)

    for decide in (
        lambda: submission_approve(submission=submission, moderator=editor),
        lambda: submission_reject(submission=submission, moderator=editor, reason="x"),
        lambda: submission_mark_spam(submission=submission, moderator=editor),
    ):
        with pytest.raises(PermissionDenied, match="Only moderators"):
            decide()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


# --- The moderators' queue in the admin ---------------------------------------

QUEUE = "/admin/catalog/submission/"


def decide_url(submission: Submission) -> str:
    return reverse("admin:catalog_submission_decide", args=[submission.pk])


def test_queue_lists_pending_submissions_by_default(note, client, moderator):
    pending = make_suggestion(note)
    done = make_suggestion(note, summary=NEW_SUMMARY + " Rejected one.")
    submission_reject(submission=done, moderator=moderator, reason="No.")
    client.force_login(moderator)

    queue = client.get(QUEUE)
    everything = client.get(QUEUE, {"status": "all"})

    assert list(queue.context["cl"].result_list) == [pending]
    assert "Watermarks that survive paraphrase" in queue.content.decode()
    assert "Ada Lovelace &lt;ada@example.org&gt;" in queue.content.decode()
    assert set(everything.context["cl"].result_list) == {pending, done}


def test_queue_filters_by_kind_venue_and_area(note, registry, client, moderator):
    suggestion = make_suggestion(note)
    paper = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Another paper",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["hallucination"],
        paper_url="https://example.org/p",
        summary="A summary long enough for the form rules to be happy.",
    )
    client.force_login(moderator)

    def listed(**query):
        return list(client.get(QUEUE, query).context["cl"].result_list)

    assert listed(kind="new_paper") == [paper]
    assert listed(venue__id__exact=note.paper.venue_id) == [suggestion]
    assert listed(area__id__exact=registry["areas"]["hallucination"].pk) == [paper]


def test_moderator_sees_the_suggestion_as_a_diff(note, client, moderator):
    submission = make_suggestion(note)
    client.force_login(moderator)

    html = client.get(f"{QUEUE}{submission.pk}/change/").content.decode()

    assert "Suggested summary for" in html
    assert (
        "The paper <del>watermarks</del><ins>embeds a watermark in</ins> model "
        "outputs <del>so </del>that <del>paraphrasing keeps the mark.</del>"
        "<ins>survives paraphrasing, and shows detection" in html
    )
    assert 'value="approve"' in html
    assert 'value="reject"' in html
    assert 'value="spam"' in html


def test_moderator_approves_from_the_admin_and_the_page_changes(
    note, client, moderator, django_capture_on_commit_callbacks
):
    submission = make_suggestion(note)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(submission), {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    page = client.get(note.get_absolute_url()).content.decode()
    assert NEW_SUMMARY in page
    assert "Summary suggested by Ada Lovelace." in page
    assert [m.to for m in mail.outbox if "your summary" in m.subject] == [
        ["ada@example.org"]
    ]


def test_reject_without_reason_from_the_admin_says_why_and_changes_nothing(
    note, client, moderator
):
    submission = make_suggestion(note)
    client.force_login(moderator)

    response = client.post(
        decide_url(submission), {"decision": "reject", "reason": ""}, follow=True
    )

    assert "Give a reason: the submitter reads it on their status page." in (
        response.content.decode()
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_new_paper_approval_from_the_admin_uses_the_picked_place(
    registry, client, moderator
):
    topic = Topic.objects.create(name="Interpretability", slug="interpretability")
    submission = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Sparse Probes for Refusal Directions",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["llm_safety"],
        paper_url="https://example.org/probes.pdf",
        summary="Sparse linear probes find the refusal direction of chat models.",
    )
    client.force_login(moderator)
    page = client.get(f"{QUEUE}{submission.pk}/change/").content.decode()
    assert 'name="topics"' in page

    client.post(
        decide_url(submission),
        {
            "decision": "approve",
            "venue": registry["venues"]["ICLR2026"].pk,
            "area": registry["areas"]["llm_alignment"].pk,
            "topics": [topic.pk],
        },
    )

    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    paper = submission.note.paper
    assert (paper.venue.code, paper.area.slug) == ("ICLR2026", "llm_alignment")
    assert paper.paper_url == "https://example.org/probes.pdf"
    assert list(submission.note.topics.names()) == ["Interpretability"]


def test_bulk_actions_approve_reject_with_one_reason_and_spam(
    note, registry, client, moderator
):
    other = make_note(title="Another paper on refusals", summary=OLD_SUMMARY)
    first, second = make_suggestion(note), make_suggestion(other)
    to_reject = [
        make_suggestion(note, summary=NEW_SUMMARY + f" Variant {n}.") for n in (1, 2)
    ]
    spam = make_suggestion(note, summary="Buy cheap pills at the best prices today!!")
    new_paper = submission_create(
        kind=Submission.Kind.NEW_PAPER,
        title="Needs a place",
        venue=registry["venues"]["ICLR2026"],
        area=registry["areas"]["llm_safety"],
        paper_url="https://example.org/p",
        summary="A summary long enough for the form rules to be happy.",
    )
    client.force_login(moderator)

    client.post(
        QUEUE,
        {
            "action": "approve_selected",
            "_selected_action": [first.pk, new_paper.pk],
        },
    )
    # An approved note is published again: the second suggestion is for another.
    client.post(QUEUE, {"action": "approve_selected", "_selected_action": [second.pk]})
    ask = client.post(
        QUEUE,
        {"action": "reject_selected", "_selected_action": [s.pk for s in to_reject]},
    )
    client.post(
        QUEUE,
        {
            "action": "reject_selected",
            "_selected_action": [s.pk for s in to_reject],
            "apply": "1",
            "reason": "Duplicates of an approved suggestion.",
        },
    )
    client.post(QUEUE, {"action": "mark_spam_selected", "_selected_action": [spam.pk]})

    assert "Each submitter reads the reason." in ask.content.decode()
    statuses = dict(Submission.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == Submission.Status.APPROVED
    assert statuses[new_paper.pk] == Submission.Status.PENDING
    assert {statuses[s.pk] for s in to_reject} == {Submission.Status.REJECTED}
    assert Submission.objects.get(pk=to_reject[0].pk).reason == (
        "Duplicates of an approved suggestion."
    )
    assert statuses[spam.pk] == Submission.Status.SPAM


def test_anonymous_and_editors_cannot_reach_the_decisions(note, client, editor):
    submission = make_suggestion(note)

    anonymous_queue = client.get(QUEUE)
    anonymous_post = client.post(decide_url(submission), {"decision": "approve"})
    client.force_login(editor)
    editor_queue = client.get(QUEUE)
    editor_page = client.get(f"{QUEUE}{submission.pk}/change/")
    editor_post = client.post(decide_url(submission), {"decision": "approve"})
    editor_action = client.post(
        QUEUE, {"action": "mark_spam_selected", "_selected_action": [submission.pk]}
    )

    assert anonymous_queue.status_code == 302
    assert anonymous_queue["Location"].startswith("/admin/login/")
    assert anonymous_post.status_code == 302
    assert editor_queue.status_code == 403
    assert editor_page.status_code == 403
    assert editor_post.status_code == 403
    assert editor_action.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING
    note.refresh_from_db()
    assert note.summary == OLD_SUMMARY


def test_decisions_are_post_only(note, client, moderator):
    submission = make_suggestion(note)
    client.force_login(moderator)

    assert client.get(decide_url(submission), {"decision": "spam"}).status_code == 405
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_nobody_edits_or_adds_submissions_in_the_admin(note, client, moderator):
    submission = make_suggestion(note)
    client.force_login(moderator)

    page = client.get(f"{QUEUE}{submission.pk}/change/").content.decode()

    assert 'name="_save"' not in page
    assert client.get(f"{QUEUE}add/").status_code == 403
