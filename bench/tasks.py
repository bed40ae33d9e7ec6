"""The benchmark's work inside Django: `python -m bench.tasks TASK [ARGS]`.

bench/run.py runs these with DJANGO_SETTINGS_MODULE=bench.settings and the
database of the run; each prints one JSON object as its last line.

    pages              the addresses to load: a 41-note listing, its first
                       note, the largest listing, a topic, search words …
    queries URL…       SQL queries and bytes of each page, page cache off
    export URL FILE    the page's HTML as a static file
    approve URL BASE PAGE…  a moderator approves a new summary of that note;
                       how soon each page on the server at BASE shows it
    explain URL…       each page's queries, their time and plans
"""

from __future__ import annotations

import json
import sys
import time
import uuid

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve  # noqa: E402

from catalog.models import Note, TaggedTopic  # noqa: E402
from catalog.services import note_publish_revision, note_revise  # noqa: E402

# Words of the synthetic corpus, from common to rare, for the search page.
SEARCH_WORDS = [
    "objective",
    "diffusion",
    "retrievers",
    "kernels",
    "gradient projection",
    "watermarking",
    "sparse adapters",
    "monte carlo",
    "causal",
    "hierarchical flows",
]
LISTING_SIZE = 41


def pages() -> dict:
    listings = list(
        Note.objects.published()
        .values("paper__venue__code", "paper__area__slug")
        .annotate(count=Count("pk"))
        .order_by("paper__venue__code", "paper__area__slug")
    )
    near = min(listings, key=lambda row: abs(row["count"] - LISTING_SIZE))
    largest = max(listings, key=lambda row: row["count"])
    venue, area = near["paper__venue__code"], near["paper__area__slug"]
    note = (
        Note.objects.published()
        .filter(paper__venue__code=venue, paper__area__slug=area)
        .select_related("paper__venue", "paper__area")
        .by_title()
        .first()
    )
    topic = (
        TaggedTopic.objects.values("tag__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "tag__slug")
        .first()
    )
    return {
        "notes": Note.objects.published().count(),
        "listing_notes": near["count"],
        "largest_notes": largest["count"],
        "area": f"/{venue}/{area}/",
        "note": note.get_absolute_url(),
        "home": "/",
        "venue": f"/{venue}/",
        "area_across": f"/areas/{area}/",
        "topic": f"/topics/{topic['tag__slug']}/",
        "largest": f"/{largest['paper__venue__code']}/{largest['paper__area__slug']}/",
        "search": [f"/search/?q={word.replace(' ', '+')}" for word in SEARCH_WORDS],
    }


@override_settings(PUBLIC_PAGE_CACHE=False)
def queries(*urls: str) -> dict:
    client = Client()
    client.get(urls[0])  # Warm Django's own caches (templates, content types).
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        counts[url] = {
            "status": response.status_code,
            "queries": len(context),
            "bytes": len(response.content),
        }
    return counts


@override_settings(PUBLIC_PAGE_CACHE=False)
def explain(*urls: str) -> dict:
    """Each query of each page with its time and the database's plan for it.

    On PostgreSQL the plan is EXPLAIN ANALYZE's (the rows and milliseconds of
    each step); `scans` lists the steps that read a whole table.
    """
    client = Client()
    client.get(urls[0])  # Warm Django's own caches (templates, content types).
    pages = {}
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        plans = []
        for query in context.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            plan = _plan(sql)
            plans.append(
                {
                    "sql": sql,
                    "ms": round(float(query["time"]) * 1000, 2),
                    "plan": plan,
                    "scans": [line.strip() for line in plan if _scans(line)],
                }
            )
        pages[url] = plans
    return pages


def _plan(sql: str) -> list[str]:
    if connection.vendor == "sqlite":
        prefix = "EXPLAIN QUERY PLAN "
    else:
        prefix = "EXPLAIN (ANALYZE, COSTS OFF) "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


def _scans(line: str) -> bool:
    """A step that reads a whole table (SQLite's SCAN without an index)."""
    if connection.vendor == "sqlite":
        words = line.split()
        return "SCAN" in words and "INDEX" not in words and "SUBQUERY" not in words
    return "Seq Scan" in line


@override_settings(PUBLIC_PAGE_CACHE=False)
def export(url: str, path: str) -> dict:
    response = Client().get(url)
    assert response.status_code == 200, response.status_code
    with open(path, "wb") as file:
        file.write(response.content)
    return {"url": url, "path": path, "bytes": len(response.content)}


def approve(url: str, base: str = "", *watched: str) -> dict:
    """A new summary through the workflow, then the public pages read back.

    An editor's revision, a moderator's approval (both services commit), then
    GETs of each watched page on the running server until the new summary is
    on it: the time a reader waits for an approved edit.
    """
    import urllib.request

    users = get_user_model().objects
    editor, _ = users.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = users.filter(username="bench-moderator").first()
    if moderator is None:
        moderator = users.create_superuser("bench-moderator", password=None)
    match = resolve(url).kwargs
    note = Note.objects.get(
        paper__venue__code=match["venue"],
        paper__area__slug=match["area_slug"],
        paper__slug=match["note_slug"],
    )
    marker = f"Approved summary {uuid.uuid4().hex}."
    started = time.perf_counter()
    revision = note_revise(note=note, user=editor, changes={"summary": marker})
    note_publish_revision(note=note, revision=revision, moderator=moderator)
    approved = time.perf_counter()
    if not base:  # the caller reads the pages itself
        return {"marker": marker, "started": time.time(), "approved": time.time()}
    seen = {}
    for page in watched:
        for attempt in range(1, 101):
            body = urllib.request.urlopen(base + page).read()
            if marker.encode() in body:
                seen[page] = {
                    "attempts": attempt,
                    "ms_after_approval": round(
                        (time.perf_counter() - approved) * 1000, 1
                    ),
                }
                break
            time.sleep(0.01)
        else:
            seen[page] = {"attempts": None, "ms_after_approval": None}
    return {"approve_ms": round((approved - started) * 1000, 1), "visible": seen}


def cpu(pages_json: str, repeat: str = "100") -> dict:
    """CPU time per request through the whole Django stack, no HTTP server.

    The processor time this process spends on each request: unlike latency
    under load it hardly moves with what else the machine runs, and a
    server's throughput is its cores divided by it. Cold requests carry a new
    query each, as in the load runs; warm ones read the page cache.
    """
    import io
    import statistics

    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    pages = json.loads(pages_json)
    results = {}

    def request(path: str, query: str = "") -> int:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status = []
        body = handler(environ, lambda code, headers, exc=None: status.append(code))
        b"".join(body)
        return int(status[0].split()[0])

    for name, path, cold in pages:
        path, _, query = path.partition("?")
        times = []
        for number in range(int(repeat)):
            cold_query = "&".join(
                filter(None, [query, f"cold=cpu{len(results)}-{number}"])
            )
            started = time.process_time()
            status = request(path, cold_query if cold else query)
            times.append((time.process_time() - started) * 1000)
            assert status == 200, (path, status)
        times.sort()
        results[name] = {
            "cpu_ms_p50": round(statistics.median(times), 2),
            "cpu_ms_p95": round(times[int(len(times) * 0.95) - 1], 2),
        }
    return results


TASKS = {
    "cpu": cpu,
    "pages": pages,
    "queries": queries,
    "explain": explain,
    "export": export,
    "approve": approve,
}

if __name__ == "__main__":
    result = TASKS[sys.argv[1]](*sys.argv[2:])
    sys.stdout.write("\n" + json.dumps(result) + "\n")
