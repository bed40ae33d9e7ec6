"""The site running for real, for tests that need several processes at once.

`running_site()` serves the site with gunicorn and the production settings
(DEBUG off, HTTPS as nginx forwards it, WhiteNoise, Redis as the cache) on a
PostgreSQL database of its own, created for the test module and dropped
afterwards, whatever database the suite itself runs on: the suite's SQLite
pass exercises PostgreSQL's row locks too. `Client` is one visitor, speaking
to it as nginx forwards a request (over HTTPS, from the reader's address).

tests/test_faults.py runs the site the same way, behind TCP proxies of its
own; this module is the plain version for tests without outages.
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
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("TEST_REDIS", "redis://127.0.0.1:6379")
STARTUP_SECONDS = 60
# The suite's own settings, which the site must not inherit.
SUITE_ONLY = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "CACHE_KEY_PREFIX"}


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Client:
    """One visitor with its own cookies; `address` is its IP, sent as X-Real-IP."""

    def __init__(self, site: Site, *, address: str = ""):
        self.site = site
        self.address = address
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def post(self, path: str, form: dict[str, str] | list[tuple[str, str]]) -> Response:
        return self._request("POST", path, form=form)

    def follow(self, response: Response) -> Response:
        """GET where a redirect points."""
        assert response.status in (301, 302, 303), response.status
        return self.get(
            urllib.parse.urlsplit(response.location)
            ._replace(scheme="", netloc="")
            .geturl()
        )

    def log_in(self, username: str, password: str) -> None:
        page = self.get("/admin/login/")
        form = dict(form_fields(page.text, "login-form"))
        answer = self.post(
            "/admin/login/?next=/admin/",
            {**form, "username": username, "password": password, "next": "/admin/"},
        )
        assert answer.status == 302, f"{username} could not log in: {answer.text}"

    def _request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | list[tuple[str, str]] | None = None,
    ) -> Response:
        origin = f"127.0.0.1:{self.site.port}"
        headers = {"Host": origin, "X-Forwarded-Proto": "https"}
        if self.address:
            headers["X-Real-IP"] = self.address
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # What a browser sends with a form post: CSRF checks it over HTTPS.
            headers["Origin"] = f"https://{origin}"
        connection = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            for header in answer.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(
                status=answer.status,
                headers={k.lower(): v for k, v in answer.getheaders()},
                text=answer.read().decode(),
            )
        finally:
            connection.close()


@dataclass
class Site:
    port: int
    database: str
    env: dict[str, str]
    process: subprocess.Popen
    log: Path

    def client(self, *, address: str = "") -> Client:
        return Client(self, address=address)

    def connect(self, **options: Any) -> psycopg.Connection:
        """A connection of the test's own to the site's database."""
        return psycopg.connect(f"{POSTGRES}/{self.database}", **options)

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        with self.connect(autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    def django(self, code: str) -> Any:
        """Run Python with Django set up on the site's database; returns the
        JSON the code prints last (through `print(json.dumps(...))`)."""
        return json.loads(
            manage(self.env, "shell", "-c", code).strip().splitlines()[-1]
        )

    def log_tail(self) -> str:
        return self.log.read_text()[-4000:]

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        last = "no answer"
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
            try:
                answer = self.client().get("/healthz")
            except OSError as error:
                last = repr(error)
            else:
                if answer.status == 200:
                    return
                last = f"{answer.status} {answer.text}"
            time.sleep(0.2)
        pytest.fail(f"the site never became healthy ({last}):\n{self.log_tail()}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    """`manage.py ARGS` in the site's environment; returns its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {args[0]}:\n{result.stderr[-4000:]}"
    return result.stdout


def postgres_create(name: str) -> None:
    try:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as error:
        pytest.fail(
            f"These tests need PostgreSQL at {POSTGRES} (.ci/run starts it): {error}"
        )


def postgres_drop(name: str) -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def running_site(
    *, name: str, tmp: Path, redis_db: int, workers: int = 4, **settings: str
) -> Iterator[Site]:
    """gunicorn on database `name` (created, migrated, the demo loaded) and
    Redis database `redis_db` (keys prefixed with `name`); `settings` are more
    environment variables. Everything is removed afterwards."""
    postgres_create(name)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in SUITE_ONLY} | {
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{POSTGRES}/{name}",
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": f"{REDIS}/{redis_db}",
        "CACHE_KEY_PREFIX": name,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **settings,
    }
    log = tmp / "gunicorn.log"
    process = None
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--no-input")
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        site = Site(port=port, database=name, env=env, process=process, log=log)
        site.wait_until_healthy()
        yield site
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        postgres_drop(name)
        client = redis.Redis.from_url(f"{REDIS}/{redis_db}")
        for key in client.scan_iter(f"{name}:*"):
            client.delete(key)
        client.close()


# --- Forms and messages in the pages ----------------------------------------


class _FormParser(HTMLParser):
    """What a browser would send for one form, as (name, value) pairs."""

    def __init__(self, form_id: str | None, action: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.action = action
        self.done = False
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.inside and not self.done:
            self.inside = (
                self.form_id is None or attrs.get("id") == self.form_id
            ) and (self.action is None or attrs.get("action", "") == self.action)
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                (name, attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
            self.done = True  # only the first matching form
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            # A browser drops the newline that follows <textarea>.
            self.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(
    html: str, form_id: str | None = None, *, action: str | None = None
) -> list[tuple[str, str]]:
    """The fields of the first form with this id and action ("": a form that
    posts to its own page), as a browser sends them, without a button's."""
    parser = _FormParser(form_id, action)
    parser.feed(html)
    parser.close()
    return parser.fields


_MESSAGE = re.compile(r'<li class="(?P<level>[a-z]+)">(?P<text>.*?)</li>', re.S)


def admin_messages(html: str) -> list[tuple[str, str]]:
    """The admin's messages on a page: (level, text)."""
    match = re.search(r'<ul class="messagelist">(.*?)</ul>', html, re.S)
    if match is None:
        return []
    return [
        (m["level"], " ".join(unescape(re.sub(r"<[^>]+>", "", m["text"])).split()))
        for m in _MESSAGE.finditer(match[1])
    ]
