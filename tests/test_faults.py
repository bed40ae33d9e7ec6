"""The database or Redis going away while the site runs, and coming back.

The site runs for real: gunicorn with the production settings, two workers and
persistent database connections, talking to this machine's PostgreSQL and
Redis through TCP proxies the test controls. "Going away" closes every
connection and refuses new ones; "coming back" accepts again. Without the
database the site answers a clear 503 page; without Redis, the cache, it
serves every public page from the database, uncached, and counts reader
submissions against their rate limit in the database. /healthz says
which part is away, and the same worker processes serve and cache pages
again once it is back.

Both passes of the suite run these tests: the server always uses PostgreSQL
(a database `h6_faults_<pid>` of its own, dropped afterwards) and Redis
(database FAULTS_REDIS_DB, 8 unless set, keys prefixed with that name),
whatever the suite itself uses.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote_plus

import psycopg
import pytest
import redis

from tests.support.proxy import TcpProxy

# gunicorn behind TCP proxies for the module.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("FAULTS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_PORT = int(os.environ.get("FAULTS_POSTGRES_PORT", "5432"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6379"))
# Of its own for this run: two runs at once on one machine never collide.
DATABASE = f"h6_faults_{os.getpid()}"
REDIS_DB = int(os.environ.get("FAULTS_REDIS_DB", "8"))
AREA = "/ICML2025/llm_safety/"
NOTE = "/ICML2025/llm_safety/empirical_privacy_variance/"
HEALTHY = {"status": "ok", "database": "ok", "cache": "ok"}
RATE_LIMIT = 5
LIMIT_MESSAGE = (
    f"This network address has sent {RATE_LIMIT} submissions in the last 10 minutes"
)
ADMIN_PASSWORD = secrets.token_urlsafe(16)
DEADLINE = 60  # seconds to wait for the server to come up


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str
    cookies: SimpleCookie = field(default_factory=SimpleCookie)

    def json(self) -> dict:
        return json.loads(self.text)


@dataclass
class Site:
    port: int
    process: subprocess.Popen
    database: TcpProxy
    redis: TcpProxy
    log: Path

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        cookies: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
    ) -> Response:
        """One request as nginx passes it on: over HTTPS, to a local address."""
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        body = None
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if form is not None:
            body = "&".join(
                f"{k}={v}" for k, v in form.items()
            )  # our values need no escaping
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            cookies_set = SimpleCookie()
            for header in answer.headers.get_all("Set-Cookie") or []:
                cookies_set.load(header)
            return Response(
                status=answer.status,
                headers={k.lower(): v for k, v in answer.getheaders()},
                text=answer.read().decode(),
                cookies=cookies_set,
            )
        finally:
            connection.close()

    def workers(self) -> set[int]:
        """The pids of the gunicorn workers this server's master runs."""
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.add(int(stat.parent.name))
        return children

    def log_tail(self) -> str:
        return self.log.read_text()[-4000:]

    def wait_until_healthy(self) -> None:
        """Poll /healthz, within a bounded deadline, until all is "ok"."""
        deadline = time.monotonic() + DEADLINE
        last = "no answer"
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
            try:
                response = self.request("/healthz")
            except OSError as error:
                last = repr(error)
            else:
                if response.status == 200 and response.json() == HEALTHY:
                    return
                last = f"{response.status} {response.text}"
            time.sleep(0.2)
        pytest.fail(f"the site never became healthy ({last}):\n{self.log_tail()}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _create_database() -> None:
    try:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DATABASE}")
    except psycopg.OperationalError as error:
        pytest.fail(
            f"The fault tests need PostgreSQL at {POSTGRES} (.ci/run starts it): "
            f"{error}"
        )


def _drop_database() -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _delete_redis_keys() -> None:
    client = redis.Redis(port=REDIS_PORT, db=REDIS_DB)
    for key in client.scan_iter(f"{DATABASE}:*"):
        client.delete(key)
    client.close()


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    _create_database()
    database_proxy, redis_proxy = TcpProxy(POSTGRES_PORT), TcpProxy(REDIS_PORT)
    database_proxy.up()
    redis_proxy.up()
    port = _free_port()
    suite_only = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in suite_only} | {
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{database_proxy.port}/{DATABASE}",
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": f"redis://127.0.0.1:{redis_proxy.port}/{REDIS_DB}",
        "CACHE_KEY_PREFIX": DATABASE,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        # Try Redis again at every request: no test waits for a clock.
        "CACHE_RETRY_SECONDS": "0",
        # Robots are told apart by time; these posts come at machine speed.
        "SUBMISSION_MIN_SECONDS": "0",
        "SUBMISSION_RATE_LIMIT": str(RATE_LIMIT),
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        "PYTHONUNBUFFERED": "1",
    }
    _manage(env, "migrate", "--no-input")
    _manage(env, "load_demo")
    _manage(env, "collectstatic", "--no-input")
    _manage(env, "createsuperuser", "--no-input", "--username=chief", "--email=c@x.org")
    log = tmp / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    running = Site(port, process, database_proxy, redis_proxy, log)
    try:
        running.wait_until_healthy()
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        database_proxy.down()
        redis_proxy.down()
        _drop_database()
        _delete_redis_keys()


@pytest.fixture
def running_site(site):
    """The site with both services up, whatever an earlier test left."""
    for proxy in (site.database, site.redis):
        if not proxy.is_up:
            proxy.up()
    site.wait_until_healthy()
    return site


def _outage_page(response: Response) -> None:
    assert response.status == 503
    assert "The site is temporarily unavailable" in response.text
    assert "Please try again in a minute." in response.text
    assert response.headers["retry-after"] == "30"


def _log_in(site: Site) -> dict[str, str]:
    form_page = site.request("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text)
    csrf = form_page.cookies["csrftoken"].value
    answer = site.request(
        "/admin/login/?next=/admin/",
        method="POST",
        cookies={"csrftoken": csrf},
        form={
            "csrfmiddlewaretoken": token.group(1),
            "username": "chief",
            "password": ADMIN_PASSWORD,
            "next": "/admin/",
        },
    )
    assert answer.status == 302, answer.text
    return {"csrftoken": csrf, "sessionid": answer.cookies["sessionid"].value}


def test_database_outage_answers_503_and_recovers_without_restart(running_site):
    site = running_site
    page = site.request(AREA)
    assert page.status == 200
    assert "LLM Safety" in page.text
    session = _log_in(site)
    workers = site.workers()
    assert len(workers) == 2

    site.database.down()
    # Every worker meets the outage: each request goes to whichever is free.
    for _ in range(4):
        _outage_page(site.request(NOTE))
        _outage_page(site.request("/admin/", cookies=session))
    health = site.request("/healthz")
    assert health.status == 503
    assert health.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
    }
    # A page already in the public page cache is still there for readers.
    cached = site.request(AREA)
    assert (cached.status, cached.headers["x-cache"]) == (200, "hit")

    site.database.up()
    for _ in range(4):
        page = site.request(NOTE)
        assert page.status == 200
        assert "Empirical Privacy Variance" in page.text
        assert "<title>My desk" in site.request("/admin/", cookies=session).text
    health = site.request("/healthz")
    assert (health.status, health.json()) == (200, HEALTHY)
    # The same processes recovered: nothing was restarted.
    assert site.process.poll() is None
    assert site.workers() == workers


def _page_keys() -> list[bytes]:
    """The stored pages this server's cache holds in Redis."""
    client = redis.Redis(port=REDIS_PORT, db=REDIS_DB)
    try:
        return list(client.scan_iter(f"{DATABASE}:*catalog:page:*"))
    finally:
        client.close()


def _delete_page_keys() -> None:
    client = redis.Redis(port=REDIS_PORT, db=REDIS_DB)
    for key in client.scan_iter(f"{DATABASE}:*catalog:page:*"):
        client.delete(key)
    client.close()


def test_redis_outage_serves_pages_from_the_database_and_caching_resumes(
    running_site,
):
    site = running_site
    session = _log_in(site)
    assert "<title>My desk" in site.request("/admin/", cookies=session).text
    workers = site.workers()

    site.redis.down()
    for _ in range(4):
        # Every worker meets the outage: pages come from the database.
        for path in (AREA, NOTE, "/"):
            page = site.request(path)
            assert (page.status, page.headers["x-cache"]) == (200, "bypass")
        assert "Empirical Privacy Variance" in site.request(AREA).text
        # Signed-in pages read their session through Redis: they wait for it.
        _outage_page(site.request("/admin/", cookies=session))
    health = site.request("/healthz")
    assert health.status == 200
    assert health.json()["status"] == "degraded"
    assert (health.json()["database"], health.json()["cache"]) == ("ok", "unavailable")
    assert "Redis" in health.json()["detail"]

    site.redis.up()
    _delete_page_keys()
    # Each worker that met the outage moves the public version on once, at
    # its first request: within three requests a page is served from Redis.
    answers = [site.request(AREA) for _ in range(3)]
    assert [page.status for page in answers] == [200, 200, 200]
    assert "hit" in [page.headers["x-cache"] for page in answers]
    assert _page_keys(), "pages are stored in Redis again"
    admin = site.request("/admin/", cookies=session)
    assert (admin.status, "<title>My desk" in admin.text) == (200, True)
    health = site.request("/healthz")
    assert (health.status, health.json()) == (200, HEALTHY)
    assert site.process.poll() is None
    assert site.workers() == workers


def _suggestion_form(site: Site, summary: str) -> tuple[dict[str, str], dict]:
    """The suggestion form's cookies and fields, filled in with `summary`."""
    form_page = site.request(f"{NOTE}suggest/")
    assert form_page.status == 200, form_page.text
    fields = dict(
        re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form_page.text
        )
    )
    cookies = {"csrftoken": form_page.cookies["csrftoken"].value}
    form = {**fields, "summary": summary, "website": ""}
    return cookies, {name: quote_plus(value) for name, value in form.items()}


def _suggest(site: Site, cookies: dict, form: dict) -> Response:
    return site.request(f"{NOTE}suggest/", method="POST", cookies=cookies, form=form)


def test_submissions_are_counted_in_the_database_while_redis_is_cut(running_site):
    site = running_site
    before = "A summary sent before Redis went away, kept through the outage."
    accepted = _suggest(site, *_suggestion_form(site, before))
    assert accepted.status == 302, accepted.text
    status_page = accepted.headers["location"]

    site.redis.down()
    cookies, form = _suggestion_form(site, before)
    texts = [
        f"Summary number {n} sent while Redis was away, all at once, one address."
        for n in range(RATE_LIMIT + 3)
    ]
    start = threading.Barrier(len(texts))

    def post(text: str) -> Response:
        start.wait()
        return _suggest(site, cookies, {**form, "summary": quote_plus(text)})

    # Both workers take posts at once: the database's count is shared.
    with ThreadPoolExecutor(len(texts)) as pool:
        answers = list(pool.map(post, texts))
    # The one sent before is still there for its reader.
    kept = site.request(status_page)

    assert sorted(a.status for a in answers) == [302] * RATE_LIMIT + [429] * 3
    limited = [a for a in answers if a.status == 429]
    assert all(LIMIT_MESSAGE in a.text for a in limited)
    assert kept.status == 200 and before in kept.text

    site.redis.up()
    later = "A summary sent once Redis was back, counted in Redis again."
    after = _suggest(site, cookies, {**form, "summary": quote_plus(later)})
    assert after.status == 302, after.text
    with psycopg.connect(f"{POSTGRES}/{DATABASE}") as conn:
        stored = {
            summary
            for (summary,) in conn.execute("SELECT summary FROM catalog_submission")
        }
    taken = {
        text
        for text, answer in zip(texts, answers, strict=True)
        if answer.status == 302
    }
    assert stored == {before, later} | taken


def test_healthz_names_both_parts_when_both_are_down(running_site):
    site = running_site
    site.database.down()
    site.redis.down()

    health = site.request("/healthz")

    assert health.status == 503
    assert health.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "unavailable",
    }
    assert "no-cache" in health.headers["cache-control"]


def test_outage_is_logged_as_json_lines_under_gunicorn(running_site):
    site = running_site
    uncached = f"{AREA}?sort=newest"
    site.database.down()
    _outage_page(site.request(uncached))
    site.database.up()
    assert site.request(uncached).status == 200

    entries = [
        json.loads(line)
        for line in site.log.read_text().splitlines()
        if line.startswith("{")
    ]
    requests = [
        e["status"]
        for e in entries
        if e["logger"] == "notes_cms.request" and e["path"] == AREA
    ]
    assert requests[-2:] == [503, 200]
    outage = [e for e in entries if e["logger"] == "notes_cms.middleware"]
    assert "service unavailable" in outage[-1]["message"]
    assert "OperationalError" in outage[-1]["exception"]
