"""Several people at once, against the running site on PostgreSQL.

The site runs for real (tests/support/server.py): gunicorn with the production
settings and four workers, on a PostgreSQL database of its own
(`h6b_conc_<pid>`, dropped afterwards) and Redis database 10, whatever the
suite itself runs on, so both passes of the suite exercise PostgreSQL's row
locks and a rate limit shared by the workers.

To make two requests meet at the lock every time, and not only when the
scheduler happens to interleave them, the test holds the note's row lock
itself (as a slow transaction would), sends both requests, waits until
PostgreSQL shows both of them waiting for that lock, and only then lets go.
Whichever request gets the row first wins; the test accepts either and checks
that the other one was refused, saying why.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import pytest

from tests.support.server import (
    Client,
    Response,
    Site,
    admin_messages,
    form_fields,
    running_site,
)

# gunicorn and PostgreSQL for the module, and threads of requests.
pytestmark = pytest.mark.slow

DATABASE = f"h6b_conc_{os.getpid()}"
REDIS_DB = 10
PASSWORD = secrets.token_urlsafe(16)
LOCK_WAIT_SECONDS = 30
RATE_LIMIT = 5
# The notes readers suggest summaries for, and the note the editors race on.
SUGGESTED = [
    "de-mark_watermark_removal_in_large_language_models",
    "cascade_token-sharded_private_llm_inference",
    "align-then-unlearn_embedding_alignment_for_llm_unlearning",
]
EDITED = (
    "activation_space_interventions_can_be_transferred_between_large_language_models"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    with running_site(
        name=DATABASE,
        tmp=tmp_path_factory.mktemp("concurrency"),
        redis_db=REDIS_DB,
        # Readers' addresses come from nginx's X-Real-IP, as in production.
        DJANGO_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        # Robots are told apart by time; these readers post at machine speed.
        SUBMISSION_MIN_SECONDS="0",
        SUBMISSION_RATE_LIMIT=str(RATE_LIMIT),
    ) as running:
        running.django(
            f"""
import json
from django.contrib.auth.models import Group, User
for name, group in [("editor", "Editors"), ("editor2", "Editors"),
                    ("moderator", "Moderators"), ("moderator2", "Moderators")]:
    user = User.objects.create_user(name, f"{{name}}@example.org", {PASSWORD!r},
                                    is_staff=True)
    user.groups.add(Group.objects.get(name=group))
print(json.dumps("ok"))
"""
        )
        yield running


def logged_in(site: Site, username: str) -> Client:
    client = site.client()
    client.log_in(username, PASSWORD)
    return client


@contextmanager
def row_locked(site: Site, note_pk: int) -> Iterator[None]:
    """Hold the note's row lock until the block ends, as a slow writer would."""
    with site.connect() as connection:
        connection.execute(
            "SELECT 1 FROM catalog_note WHERE id = %s FOR UPDATE", (note_pk,)
        )
        yield
        connection.commit()


def wait_for_lock_waiters(site: Site, count: int, requests: list[Future]) -> None:
    """Until `count` sessions of the site's database wait for a lock."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while time.monotonic() < deadline:
        (waiting,) = site.sql(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = %s AND wait_event_type = 'Lock'",
            (site.database,),
        )[0]
        if waiting == count:
            return
        answered = [f.result() for f in requests if f.done()]
        assert not answered, f"a request did not wait for the lock: {answered}"
        time.sleep(0.05)
    pytest.fail(f"the requests never met at the lock:\n{site.log_tail()}")


def at_the_same_moment(
    site: Site, note_pk: int, requests: list[Callable[[], Response]]
) -> list[Response]:
    """Send the requests together; let go of the row once all wait for it."""
    with ThreadPoolExecutor(len(requests)) as pool:
        with row_locked(site, note_pk):
            futures = [pool.submit(request) for request in requests]
            wait_for_lock_waiters(site, len(requests), futures)
        return [future.result() for future in futures]


def note_pk(site: Site, slug: str) -> int:
    return site.sql(
        "SELECT n.id FROM catalog_note n JOIN catalog_paper p ON p.id = n.paper_id "
        "WHERE p.slug = %s",
        (slug,),
    )[0][0]


def page_text(response: Response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


# --- Two moderators approve the same note ------------------------------------


def test_two_moderators_approving_at_once_publish_once(site):
    note = site.django(
        """
import json
from django.contrib.auth.models import User
from catalog.models import Area, Venue
from catalog.services import note_create, note_submit
editor = User.objects.get(username="editor")
note = note_create(
    venue=Venue.objects.get(code="ICML2025"), area=Area.objects.get(slug="llm_safety"),
    user=editor, data={"title": "Raced approval",
                       "summary": "Approved once, whoever clicks first."})
note_submit(note=note, user=editor)
print(json.dumps({"pk": note.pk, "url": note.get_absolute_url()}))
"""
    )
    change = f"/admin/catalog/note/{note['pk']}/change/"
    approve = f"/admin/catalog/note/{note['pk']}/workflow/approve/"
    moderators = {name: logged_in(site, name) for name in ("moderator", "moderator2")}
    forms = {
        name: form_fields(client.get(change).text, action=approve)
        for name, client in moderators.items()
    }
    assert all(dict(form)["revision"] for form in forms.values())

    answers = at_the_same_moment(
        site,
        note["pk"],
        [
            lambda name=name: moderators[name].post(approve, forms[name])
            for name in moderators
        ],
    )

    assert [answer.status for answer in answers] == [302, 302]
    told = {
        name: admin_messages(moderators[name].follow(answer).text)
        for name, answer in zip(moderators, answers, strict=True)
    }
    (winner,) = [
        name
        for name, said in told.items()
        if said
        == [("success", "Approved “Raced approval”: it is live on its public page.")]
    ]
    (loser,) = set(moderators) - {winner}
    assert told[loser] == [
        (
            "error",
            "Not done: Only a note that is in review can be approved; "
            "this one is published.",
        )
    ]
    assert site.sql(
        "SELECT status, is_live FROM catalog_note WHERE id = %s", (note["pk"],)
    ) == [("published", True)]
    events = site.sql(
        "SELECT e.action, e.from_status, e.to_status, u.username "
        "FROM catalog_noteevent e JOIN auth_user u ON u.id = e.actor_id "
        "WHERE e.note_id = %s ORDER BY e.id",
        (note["pk"],),
    )
    assert events == [
        ("created", "", "draft", "editor"),
        ("submitted", "draft", "in_review", "editor"),
        ("approved", "in_review", "published", winner),
    ]
    public = site.client().get(note["url"])
    assert public.status == 200
    assert "Approved once, whoever clicks first." in page_text(public)


# --- Two editors save the same note ------------------------------------------


def test_two_editors_saving_at_once_one_is_refused_and_nothing_is_lost(site):
    pk = note_pk(site, EDITED)
    change = f"/admin/catalog/note/{pk}/change/"
    editors = {name: logged_in(site, name) for name in ("editor", "editor2")}
    texts = {
        name: f"{name} rewrote this summary while someone else was editing it too."
        for name in editors
    }
    forms = {}
    for name, client in editors.items():
        form = dict(form_fields(client.get(change).text, "note_form"))
        forms[name] = {**form, "summary": texts[name], "_continue": "1"}
    # Both opened the same version of the note.
    assert forms["editor"]["version"] == forms["editor2"]["version"]
    (revisions_before,) = site.sql(
        "SELECT count(*) FROM catalog_noterevision WHERE note_id = %s", (pk,)
    )[0]

    answers = dict(
        zip(
            editors,
            at_the_same_moment(
                site,
                pk,
                [
                    lambda name=name: editors[name].post(change, forms[name])
                    for name in editors
                ],
            ),
            strict=True,
        )
    )

    (winner,) = [name for name, answer in answers.items() if answer.status == 302]
    (loser,) = set(editors) - {winner}
    refused = answers[loser]
    assert refused.status == 200
    text = page_text(refused)
    assert f"{winner} saved this note after you opened it" in text
    assert re.search(
        rf"Saved by {winner} at \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC after you "
        "opened it. Your text is kept below",
        text,
    )
    # The refused text is still in the form, ready to be saved again.
    kept = dict(form_fields(refused.text, "note_form"))
    assert kept["summary"] == texts[loser]
    stored = site.sql(
        "SELECT r.data->>'summary', u.username FROM catalog_note n "
        "JOIN catalog_noterevision r ON r.id = n.current_revision_id "
        "JOIN auth_user u ON u.id = r.created_by_id WHERE n.id = %s",
        (pk,),
    )
    assert stored == [(texts[winner], winner)]
    (revisions_after,) = site.sql(
        "SELECT count(*) FROM catalog_noterevision WHERE note_id = %s", (pk,)
    )[0]
    assert revisions_after == revisions_before + 1

    # Saving again, after reading both, is a deliberate choice: it is taken,
    # and the winner's text stays in the history.
    again = editors[loser].post(change, {**kept, "_continue": "1"})
    assert again.status == 302
    history = site.sql(
        "SELECT r.data->>'summary', u.username FROM catalog_noterevision r "
        "JOIN auth_user u ON u.id = r.created_by_id "
        "WHERE r.note_id = %s ORDER BY r.number DESC LIMIT 2",
        (pk,),
    )
    assert history == [(texts[loser], loser), (texts[winner], winner)]


# --- Readers send many suggestions at once -----------------------------------

THREADS = 20
POSTS_PER_THREAD = 10
# Four threads share each address, so one reader's posts race each other.
ADDRESSES = [f"198.51.100.{n}" for n in range(1, THREADS // 4 + 1)]
LIMIT_MESSAGE = (
    f"This network address has sent {RATE_LIMIT} submissions in the last 10 "
    "minutes, the most we accept."
)


def _reader(site: Site, number: int, start: threading.Barrier) -> list[tuple]:
    """One reader's posts: (address, summary, outcome) for each.

    The reader opens all its forms first, then every thread posts at once,
    back to back, so that the four readers of an address race for its last
    places.
    """
    address = ADDRESSES[number % len(ADDRESSES)]
    client = site.client(address=address)
    posts = []
    for post in range(POSTS_PER_THREAD):
        slug = SUGGESTED[(number + post) % len(SUGGESTED)]
        path = f"/ICML2025/llm_safety/{slug}/suggest/"
        summary = (
            f"Reader {number} post {post}: a clearer summary of this paper, "
            "written while many other readers sent theirs."
        )
        form = dict(form_fields(client.get(path).text, action=""))
        posts.append((path, summary, {**form, "summary": summary, "name": "Ann"}))
    start.wait()
    answers = [(summary, client.post(path, form)) for path, summary, form in posts]
    outcomes = []
    for summary, answer in answers:
        if answer.status == 302 and "/submissions/" in answer.location:
            status_page = client.follow(answer)
            stored = status_page.status == 200 and summary in page_text(status_page)
            outcomes.append((address, summary, "accepted" if stored else "lost"))
        elif answer.status == 429 and LIMIT_MESSAGE in page_text(answer):
            outcomes.append((address, summary, "limited"))
        else:
            outcomes.append((address, summary, f"{answer.status} {answer.text[:300]}"))
    return outcomes


def test_two_hundred_suggestions_from_twenty_threads_keep_the_rate_limit(site):
    start = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        results = pool.map(lambda number: _reader(site, number, start), range(THREADS))
        outcomes = [outcome for thread in results for outcome in thread]

    assert len(outcomes) == THREADS * POSTS_PER_THREAD
    assert Counter(outcome for _, _, outcome in outcomes) == {
        "accepted": RATE_LIMIT * len(ADDRESSES),
        "limited": THREADS * POSTS_PER_THREAD - RATE_LIMIT * len(ADDRESSES),
    }
    accepted = [
        (address, s) for address, s, outcome in outcomes if outcome == "accepted"
    ]
    # Exactly the limit from each address, however its posts interleaved.
    assert Counter(address for address, _ in accepted) == dict.fromkeys(
        ADDRESSES, RATE_LIMIT
    )
    stored = site.sql(
        "SELECT summary, status, kind FROM catalog_submission ORDER BY id"
    )
    assert sorted(stored) == sorted(
        (summary, "pending", "suggestion") for _, summary in accepted
    )
    log = site.log.read_text()
    assert "Traceback" not in log and '"level": "ERROR"' not in log
