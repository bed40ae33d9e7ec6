"""The workflow in the admin, through the test client, as each kind of person.

Editors, moderators, a superuser and a staff member in no group open the
note pages, press the buttons (POSTs), use the review queue, the history, the
diffs, the event log and the preview links; each test reads what the page
says, not only its status code.
"""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from catalog.models import Area, Note, Venue
from catalog.services import (
    PREVIEW_SALT,
    note_approve,
    note_claim,
    note_create,
    note_request_changes,
    note_revise,
    note_snapshot,
    note_submit,
    review_comment_add,
)
from tests.factories import make_note
from tests.pagetext import visible_lines


def _person(django_user_model, username: str, group: str | None, **extra):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.com", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def people(db, django_user_model):
    return {
        "editor": _person(django_user_model, "editor", "Editors"),
        "editor2": _person(django_user_model, "editor2", "Editors"),
        "moderator": _person(django_user_model, "moderator", "Moderators"),
        "moderator2": _person(django_user_model, "moderator2", "Moderators"),
        "superuser": _person(django_user_model, "admin", None, is_superuser=True),
        "staff": _person(django_user_model, "staff", None),
    }


def as_user(client, user):
    client.force_login(user)
    return client


def write_draft(people, **data) -> Note:
    return note_create(
        venue=Venue.objects.get(code="ICML2025"),
        area=Area.objects.get(slug="llm_safety"),
        user=people["editor"],
        data={
            "title": "Watermarks that survive paraphrase",
            "summary": "The first summary.",
            **data,
        },
    )


def in_review(people, **data) -> Note:
    return note_submit(note=write_draft(people, **data), user=people["editor"])


def change_url(note: Note) -> str:
    return reverse("admin:catalog_note_change", args=[note.pk])


def transition_url(note: Note, action: str) -> str:
    return reverse("admin:catalog_note_transition", args=[note.pk, action])


def page_text(response) -> str:
    """All the words of an admin page, forms included, one space apart."""
    html = re.sub(
        r"<(script|style|svg|template)\b.*?</\1>",
        " ",
        response.content.decode(),
        flags=re.S,
    )
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def buttons(response) -> list[str]:
    html = response.content.decode()
    return [
        " ".join(text.split())
        for text in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)
    ]


def form_data(note: Note, **changes) -> dict:
    """What the admin's change form posts for a note, with `changes`."""
    data = note_snapshot(note=note)
    note.refresh_from_db()
    post = {
        key: data[key]
        for key in (
            "title",
            "arxiv_id",
            "paper_url",
            "code_url",
            "code_note",
            "area_label",
            "summary",
            "body",
            "novelty_reason",
            "thoroughness_reason",
            "writing_reason",
            "value_reason",
        )
    }
    post.update(
        {
            aspect: data[aspect] or ""
            for aspect in ("novelty", "thoroughness", "writing", "value")
        }
    )
    post.update(
        keywords=", ".join(data["keywords"]),
        published_at_0="",
        published_at_1="",
        message="",
        version=note.version,
        base_revision=note.current_revision_id,
    )
    post.update(changes)
    return post


# --- Who sees what ----------------------------------------------------------


def test_staff_without_a_group_sees_nothing_of_the_catalog(people, client):
    note = in_review(people)
    as_user(client, people["staff"])

    index = client.get(reverse("admin:index"))
    assert "Catalog" not in visible_lines(index.content.decode())
    assert "You don’t have permission to view or edit anything." in (
        index.content.decode()
    )
    for url in [
        reverse("admin:catalog_note_changelist"),
        change_url(note),
        reverse("admin:catalog_note_review_queue"),
        reverse("admin:catalog_note_events"),
        reverse("admin:catalog_note_history", args=[note.pk]),
        reverse("admin:catalog_note_diff", args=[note.pk]),
        reverse("admin:catalog_note_preview", args=[note.pk]),
        reverse("admin:catalog_paper_changelist"),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(transition_url(note, "approve")).status_code == 403
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_anonymous_visitors_are_sent_to_the_login_page(people, client):
    note = in_review(people)

    response = client.post(transition_url(note, "approve"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_editor_sees_send_for_review_but_no_moderator_buttons(people, client):
    note = write_draft(people)

    response = as_user(client, people["editor"]).get(change_url(note))

    assert response.status_code == 200
    labels = buttons(response)
    assert "Send for review" in labels
    assert not any(label.startswith("Approve") for label in labels)
    assert "Request changes" not in labels
    assert "Unpublish" not in labels
    lines = visible_lines(response.content.decode())
    assert "Review queue" not in lines
    # Status is never a form field.
    assert 'name="status"' not in response.content.decode()


def test_editor_cannot_open_the_review_queue_or_the_event_log(people, client):
    as_user(client, people["editor"])

    assert client.get(reverse("admin:catalog_note_review_queue")).status_code == 403
    assert client.get(reverse("admin:catalog_note_events")).status_code == 403


def test_moderator_sees_the_review_buttons_of_a_note_in_review(people, client):
    note = in_review(people)

    response = as_user(client, people["moderator"]).get(change_url(note))

    labels = buttons(response)
    assert "Approve and publish revision 1" in labels
    assert "Request changes" in labels
    assert "Reject" in labels
    assert "Claim this review" in labels
    assert "Send for review" not in labels
    assert "Status: In review" in page_text(response)


def test_moderator_who_edited_sees_the_four_eyes_notice_instead_of_approve(
    people, client
):
    note = in_review(people)
    note_revise(note=note, user=people["moderator"], changes={"summary": "Typo."})

    response = as_user(client, people["moderator"]).get(change_url(note))

    assert not any(label.startswith("Approve") for label in buttons(response))
    assert (
        "You wrote or edited this note, so another moderator must approve it "
        "(four-eyes rule)."
    ) in page_text(response)


def test_superuser_sees_every_moderator_button(people, client):
    note = make_note(title="A live paper")

    response = as_user(client, people["superuser"]).get(change_url(note))

    assert "Unpublish" in buttons(response)
    assert "Share a preview link (7 days)" in buttons(response)


# --- Writing through the admin form -----------------------------------------


def test_editor_adds_a_note_as_a_draft_and_lands_on_its_page(people, client):
    as_user(client, people["editor"])
    venue = Venue.objects.get(code="ICML2025")
    area = Area.objects.get(slug="llm_safety")

    response = client.post(
        reverse("admin:catalog_note_add"),
        {
            "venue": venue.pk,
            "area": area.pk,
            "slug": "",
            "title": "Detecting jailbreaks early",
            "summary": "Detects jailbreak prompts before generation.",
            "body": "",
            "keywords": "jailbreak, detection",
            "published_at_0": "",
            "published_at_1": "",
            "message": "First draft",
        },
        follow=True,
    )

    note = Note.objects.get(paper__title="Detecting jailbreaks early")
    assert response.redirect_chain[-1][0] == change_url(note)
    assert note.status == Note.Status.DRAFT
    assert note.author == people["editor"]
    assert note.paper.slug == "detecting_jailbreaks_early"
    assert note.current_revision.data["keywords"] == ["detection", "jailbreak"]
    assert note.current_revision.message == "First draft"
    assert any(
        "It is a draft: send it for review" in message
        for message in page_messages(response)
    )


def test_editing_a_live_note_in_the_admin_keeps_the_public_text(people, client):
    note = make_note(title="A live paper", summary="The published summary.")
    as_user(client, people["editor"])

    response = client.post(
        change_url(note),
        form_data(note, summary="An improved summary.", _continue="1"),
        follow=True,
    )

    assert any(
        "The public still sees the published text" in m for m in page_messages(response)
    )
    assert "An improved summary." in response.content.decode()  # the form
    public = visible_lines(client.get(note.get_absolute_url()).content.decode())
    assert "The published summary." in public
    assert "An improved summary." not in public
    assert "The public still sees revision 1." in page_text(response)


def test_a_stale_admin_save_is_refused_and_keeps_what_the_user_typed(people, client):
    note = write_draft(people, summary="The model resists paraphrase.")
    opened = form_data(note)
    note_revise(
        note=note,
        user=people["editor2"],
        changes={"summary": "The model resists paraphrase attacks."},
    )
    as_user(client, people["editor"])

    response = client.post(
        change_url(note), {**opened, "summary": "The model resists rewriting."}
    )

    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(response)
    assert "Saved by editor2 at" in text
    assert "after you opened it" in text
    assert "Their change TL;DR The model resists paraphrase" in text
    assert "Your change TL;DR The model resists" in text
    assert "<del>paraphrase.</del><ins>paraphrase attacks.</ins>" in html
    assert "<del>paraphrase.</del><ins>rewriting.</ins>" in html
    assert "The model resists rewriting.</textarea>" in html
    assert note_snapshot(note=note)["summary"] == (
        "The model resists paraphrase attacks."
    )
    # The re-shown form carries the newest version: saving again is deliberate.
    note.refresh_from_db()
    assert f'name="version" value="{note.version}"' in html
    again = client.post(
        change_url(note),
        {
            **opened,
            "summary": "The model resists rewriting.",
            "version": note.version,
            "base_revision": note.current_revision_id,
        },
    )
    assert again.status_code == 302
    assert note_snapshot(note=note)["summary"] == "The model resists rewriting."


def test_someone_else_editing_is_shown_without_blocking(people, client):
    note = write_draft(people)
    as_user(client, people["editor2"]).get(change_url(note))
    client.logout()

    response = as_user(client, people["editor"]).get(change_url(note))

    assert response.status_code == 200
    assert "editor2 opened this note 0 minutes ago." in page_text(response)
    assert "Send for review" in buttons(response)


# --- Buttons ----------------------------------------------------------------


def test_send_for_review_button_moves_the_note_and_says_so(people, client):
    note = write_draft(people)
    as_user(client, people["editor"])

    response = client.post(
        transition_url(note, "submit"), {"message": "Ready."}, follow=True
    )

    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert page_messages(response) == [
        "Sent “Watermarks that survive paraphrase” for review; the moderators "
        "have been emailed."
    ]


def test_transitions_only_answer_posts(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])

    assert client.get(transition_url(note, "approve")).status_code == 405
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_editor_posting_approve_is_refused_with_a_message(people, client):
    note = in_review(people)
    as_user(client, people["editor2"])

    response = client.post(transition_url(note, "approve"), follow=True)

    assert page_messages(response) == ["Not done: Only a moderator can approve a note."]
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW


def test_moderator_approves_and_the_note_is_live(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])

    response = client.post(
        transition_url(note, "approve"),
        {"revision": note.current_revision_id},
        follow=True,
    )

    assert page_messages(response) == [
        "Approved “Watermarks that survive paraphrase”: it is live on its public page."
    ]
    client.logout()
    public = visible_lines(client.get(note.get_absolute_url()).content.decode())
    assert "The first summary." in public


def test_request_changes_needs_a_reason_and_the_author_then_sees_it(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])

    refused = client.post(
        transition_url(note, "request_changes"), {"reason": ""}, follow=True
    )
    assert page_messages(refused)[0].startswith("Not done: Say why you request")
    client.post(
        transition_url(note, "request_changes"),
        {"reason": "Cite the baseline paper.", "revision": note.current_revision_id},
    )

    response = as_user(client, people["editor"]).get(change_url(note))
    text = page_text(response)
    assert "Changes requested by moderator" in text
    assert "Cite the baseline paper." in text
    assert "Resubmit for review" in buttons(response)


def test_revert_button_on_the_history_page_adds_a_revision(people, client):
    note = write_draft(people)
    note_revise(note=note, user=people["editor"], changes={"summary": "Worse."})
    as_user(client, people["editor2"])

    response = client.post(
        transition_url(note, "revert"),
        {"number": 1, "next": reverse("admin:catalog_note_history", args=[note.pk])},
        follow=True,
    )

    assert page_messages(response) == [
        "Revision 3 of “Watermarks that survive paraphrase” restores revision 1's text."
    ]
    assert note_snapshot(note=note)["summary"] == "The first summary."
    assert "Reverted to revision 1" in page_text(response)


def test_comments_are_added_by_moderators_and_resolved_by_the_author(people, client):
    note = in_review(people)
    as_user(client, people["moderator"]).post(
        transition_url(note, "comment"), {"text": "Name the dataset."}
    )
    comment = note.review_comments.get()

    response = as_user(client, people["editor"]).get(change_url(note))
    assert "Resolve" in buttons(response)
    client.post(transition_url(note, "resolve"), {"comment": comment.pk})

    comment.refresh_from_db()
    assert comment.resolved_by == people["editor"]


def test_editor_cannot_comment(people, client):
    note = in_review(people)

    response = as_user(client, people["editor"]).post(
        transition_url(note, "comment"), {"text": "Looks fine to me."}, follow=True
    )

    assert page_messages(response) == [
        "Not done: Only a moderator can leave review comments."
    ]
    assert not note.review_comments.exists()


def test_bulk_actions_in_the_note_list_go_through_the_services(people, client):
    mine = in_review(people, title="Mine to approve")
    note_revise(note=mine, user=people["moderator"], changes={"summary": "Edit."})
    theirs = in_review(people, title="Theirs to approve")
    as_user(client, people["moderator"])

    response = client.post(
        reverse("admin:catalog_note_changelist"),
        {"action": "approve_selected", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )

    shown = page_messages(response)
    assert "Approved: “Theirs to approve”." in shown
    assert any(m.startswith("“Mine to approve” not done:") for m in shown)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("in_review", "published")


# --- Review queue -----------------------------------------------------------


def test_review_queue_lists_notes_in_review_with_their_age(people, client):
    waiting = in_review(people, title="Waiting a while")
    Note.objects.filter(pk=waiting.pk).update(
        review_requested_at=timezone.now() - timezone.timedelta(days=3, minutes=5)
    )
    write_draft(people, title="Still a draft")
    as_user(client, people["moderator"])

    response = client.get(reverse("admin:catalog_note_review_queue"))

    text = page_text(response)
    assert "Waiting a while ICML2025 · LLM Safety editor 3 days" in text
    assert "Still a draft" not in text
    assert "new note: whole text" in text
    old_only = client.get(reverse("admin:catalog_note_review_queue") + "?age=7")
    assert "Waiting a while" not in page_text(old_only)


def test_review_queue_filters_assigned_to_me_and_by_venue(people, client):
    mine = in_review(people, title="Claimed by me")
    note_claim(note=mine, moderator=people["moderator"])
    in_review(people, title="Nobody's yet")
    make_note(venue="ICLR2026", title="Elsewhere", status=Note.Status.PUBLISHED)
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")

    assigned = page_text(client.get(queue + "?assigned=me"))
    unclaimed = page_text(client.get(queue + "?assigned=nobody"))
    iclr = page_text(client.get(queue + "?venue=ICLR2026"))

    assert "Claimed by me" in assigned and "Nobody's yet" not in assigned
    assert "Nobody's yet" in unclaimed and "Claimed by me" not in unclaimed
    assert "No note waits for review with these filters." in iclr


def test_claim_from_the_queue_returns_to_the_queue(people, client):
    note = in_review(people)
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")

    response = client.post(transition_url(note, "claim"), {"next": queue}, follow=True)

    assert response.redirect_chain[-1][0] == queue
    assert page_messages(response) == [
        "You review “Watermarks that survive paraphrase” now."
    ]
    assert "Unclaim" in buttons(response)
    note.refresh_from_db()
    assert note.reviewer == people["moderator"]


def test_bulk_approve_and_request_changes_from_the_queue(people, client):
    first = in_review(people, title="First in queue")
    second = in_review(people, title="Second in queue")
    own = in_review(people, title="Edited by me")
    note_revise(note=own, user=people["moderator"], changes={"summary": "Edit."})
    as_user(client, people["moderator"])
    queue = reverse("admin:catalog_note_review_queue")

    approved = client.post(
        queue,
        {"action": "approve", "notes": [first.pk, own.pk]},
        follow=True,
    )
    needs_reason = client.post(
        queue, {"action": "request_changes", "notes": [second.pk]}, follow=True
    )
    sent_back = client.post(
        queue,
        {"action": "request_changes", "notes": [second.pk], "reason": "Too long."},
        follow=True,
    )

    assert "Approved: “First in queue”." in page_messages(approved)
    assert any(
        m.startswith("“Edited by me” not done: You wrote or edited this note")
        for m in page_messages(approved)
    )
    assert page_messages(needs_reason)[0].startswith("“Second in queue” not done:")
    assert page_messages(sent_back) == ["Sent back for changes: “Second in queue”."]
    statuses = dict(
        Note.objects.filter(pk__in=[first.pk, second.pk, own.pk]).values_list(
            "paper__title", "status"
        )
    )
    assert statuses == {
        "First in queue": "published",
        "Second in queue": "changes_requested",
        "Edited by me": "in_review",
    }


# --- History, diffs, event log ----------------------------------------------


def test_changes_since_the_published_version_show_a_word_diff(people, client):
    note = make_note(title="A live paper", summary="The attack fails on large models.")
    note_revise(
        note=note,
        user=people["editor"],
        changes={
            "summary": "The attack succeeds on large models.",
            "topics": ["Adversarial Robustness"],
        },
    )
    note_submit(note=note, user=people["editor"])
    as_user(client, people["moderator"])
    queue = client.get(reverse("admin:catalog_note_review_queue")).content.decode()
    link = re.search(r'href="([^"]+)">changes since the published version', queue)

    response = client.get(link.group(1).replace("&amp;", "&"))

    html = response.content.decode()
    assert "From revision 1 (published)" in page_text(response)
    assert "The attack <del>fails</del><ins>succeeds</ins> on large models." in html
    assert "<ins>Adversarial Robustness</ins>" in html
    assert "2 fields changed." in page_text(response)


def test_history_lists_revisions_and_events(people, client):
    note = in_review(people)
    note_request_changes(note=note, moderator=people["moderator"], reason="Shorter.")
    note_revise(note=note, user=people["editor"], changes={"summary": "Short."})

    response = as_user(client, people["editor"]).get(
        reverse("admin:catalog_note_history", args=[note.pk])
    )

    text = page_text(response)
    assert "2 (working) editor" in text
    assert "Revert to this" in buttons(response)
    for action in ["created", "submitted", "changes_requested", "revised"]:
        assert f"editor {action}" in text or f"moderator {action}" in text
    assert (
        "moderator changes_requested in_review → changes_requested 1 Shorter." in text
    )


def test_diff_between_any_two_revisions(people, client):
    note = write_draft(people, summary="One two three.")
    note_revise(note=note, user=people["editor"], changes={"summary": "One 2 three."})
    note_revise(note=note, user=people["editor"], changes={"summary": "One 2 3."})
    as_user(client, people["editor"])
    url = reverse("admin:catalog_note_diff", args=[note.pk])

    html = client.get(url + "?a=1&b=3").content.decode()

    assert "One <del>two three.</del><ins>2 3.</ins>" in html
    assert client.get(url + "?a=1&b=9").status_code == 404


def test_event_log_shows_every_notes_events_to_moderators(people, client):
    note = in_review(people)
    other = make_note(title="Another live paper")
    note_approve(note=note, moderator=people["moderator2"])

    response = as_user(client, people["moderator"]).get(
        reverse("admin:catalog_note_events")
    )

    text = page_text(response)
    assert "moderator2 Watermarks that survive paraphrase approved" in text
    assert f"system {other} imported" in text


# --- Preview ----------------------------------------------------------------


def test_admin_preview_shows_the_working_text_as_the_public_page(people, client):
    note = make_note(title="A live paper", summary="The published summary.")
    note_revise(note=note, user=people["editor"], changes={"summary": "The draft."})

    response = as_user(client, people["editor"]).get(
        reverse("admin:catalog_note_preview", args=[note.pk])
    )

    lines = visible_lines(response.content.decode())
    assert "The draft." in lines
    assert "The published summary." not in lines
    assert (
        "Preview of revision 2 (not published: the public does not see this text)."
        in lines
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    public = visible_lines(client.get(note.get_absolute_url()).content.decode())
    # The same page as the public one, but for the text of the draft.
    preview = [line for line in lines if not line.startswith("Preview of")]
    assert preview == [
        line.replace("The published summary.", "The draft.") for line in public
    ]


def test_shared_preview_link_works_without_an_account_until_it_expires(people, client):
    note = write_draft(people, summary="A draft for an outside expert.")
    as_user(client, people["editor"])
    response = client.post(transition_url(note, "share_preview"), follow=True)
    url = re.search(r"https?://\S+", page_messages(response)[0]).group(0)
    client.logout()

    shown = client.get(url)

    assert shown.status_code == 200
    assert "A draft for an outside expert." in visible_lines(shown.content.decode())
    assert "no-store" in shown["Cache-Control"]
    eight_days_ago = int(timezone.now().timestamp()) - 8 * 24 * 3600
    expired = signing.Signer(salt=PREVIEW_SALT).sign(
        f"{note.pk}:{signing.b62_encode(eight_days_ago)}"
    )
    gone = client.get(reverse("catalog:note_preview", args=[expired]))
    assert gone.status_code == 404
    assert "This preview link has expired or is not valid" in visible_lines(
        gone.content.decode()
    )
    forged = client.get(reverse("catalog:note_preview", args=[f"{note.pk}:x:y"]))
    assert forged.status_code == 404


def test_moderator_sees_decided_note_as_published_with_history(people, client):
    note = in_review(people)
    note_request_changes(note=note, moderator=people["moderator"], reason="More.")
    note_revise(note=note, user=people["editor"], changes={"body": "More detail."})
    note_submit(note=note, user=people["editor"])
    review_comment_add(note=note, moderator=people["moderator"], text="Better.")
    note_approve(note=note, moderator=people["moderator2"])

    response = as_user(client, people["moderator"]).get(change_url(note))

    text = page_text(response)
    assert "Status: Published · on the public site (revision 2" in text
    assert "Unpublish" in buttons(response)
    assert "moderator, " in text and ": Better." in text


def test_a_papers_text_is_read_only_in_the_paper_admin_once_it_has_a_note(
    people, client
):
    note = make_note(title="A live paper")
    as_user(client, people["editor"])
    url = reverse("admin:catalog_paper_change", args=[note.paper.pk])

    response = client.get(url)
    client.post(url, {"title": "Renamed behind the review", "slug": "x"})

    html = response.content.decode()
    assert 'name="title"' not in html
    assert "A live paper" in page_text(response)
    note.paper.refresh_from_db()
    assert note.paper.title == "A live paper"


def test_approving_a_scheduled_note_says_when_it_goes_live(people, client):
    later = timezone.now() + timezone.timedelta(days=2)
    note = in_review(people, published_at=later)
    as_user(client, people["moderator"])

    response = client.post(transition_url(note, "approve"), follow=True)

    when = timezone.localtime(later)
    assert page_messages(response) == [
        "Approved “Watermarks that survive paraphrase”: it goes live on "
        f"{when:%Y-%m-%d %H:%M %Z}."
    ]
    assert "goes live" in page_text(response)
    client.logout()
    assert client.get(note.get_absolute_url()).status_code == 404
