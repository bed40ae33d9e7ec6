"""Security headers, the admin under the Content-Security-Policy, passwords
and admin login throttling."""

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parent.parent
AREA = "/ICML2025/llm_safety/"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
PASSWORD = "correct horse battery staple 42"


def _directives(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def test_public_page_sends_the_security_headers(db, client):
    response = client.get(AREA)

    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.test import Client
client = Client()
plain = client.get("/admin/login/")
secure = client.get("/admin/login/", secure=True)
health = client.get("/healthz")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "headers": dict(secure.headers),
    "csrf_cookie": {
        k: v for k, v in secure.cookies["csrftoken"].items() if v
    },
    "healthz_redirect": health.status_code == 301,
}))
"""


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The documented production environment (docs/DEPLOY.md), on this machine."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="notes_cms.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="testserver,notes.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/9",
        CACHE_KEY_PREFIX=f"security-probe-{tmp_path.name}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


@pytest.mark.slow
def test_production_redirects_to_https_and_sends_hsts_and_secure_cookies(tmp_path):
    env = production_env(tmp_path)
    for command in (
        [sys.executable, "manage.py", "migrate", "--no-input"],
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        [sys.executable, "-c", PRODUCTION_PROBE],
    ):
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.splitlines()[-1])

    assert probe["plain"] == [301, "https://testserver/admin/login/"]
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    csp = _directives(headers["Content-Security-Policy"])
    assert csp == _directives(POLICY) | {"upgrade-insecure-requests": ""}
    assert headers["X-Frame-Options"] == "DENY"
    assert probe["csrf_cookie"]["secure"] is True
    assert probe["csrf_cookie"]["samesite"] == "Lax"
    # A monitor may still ask an app server for /healthz over plain HTTP.
    assert probe["healthz_redirect"] is False


class _InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles, handlers."""

    DATA_SCRIPTS = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []
        self.scripts: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.blocked.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.blocked.append("<style>")
        if tag == "script":
            if attrs.get("src"):
                self.scripts.append(attrs["src"])
            elif attrs.get("type") not in self.DATA_SCRIPTS:
                self._inline_script = True

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.blocked.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False


def _inline_code(html: str) -> _InlineCode:
    parser = _InlineCode()
    parser.feed(html)
    return parser


def _same_origin(src: str) -> bool:
    return src.startswith("/") and not src.startswith("//")


def test_admin_login_page_works_under_the_policy(db, client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    page = _inline_code(response.content.decode())
    assert page.blocked == []
    assert "Password:" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/catalog/note/",
        "/admin/catalog/note/{note}/change/",
        "/admin/catalog/paper/add/",
        "/admin/auth/user/add/",
    ],
)
def test_admin_pages_work_under_the_policy(db, admin_client, path):
    from tests.factories import make_note

    note = make_note(title="A note to edit", body="Some $x^2$ math.")

    response = admin_client.get(path.format(note=note.pk))

    assert response.status_code == 200
    page = _inline_code(response.content.decode())
    assert page.blocked == []
    # The admin's behaviour comes from its own scripts, which CSP allows.
    assert page.scripts
    assert all(_same_origin(src) for src in page.scripts)


def test_change_form_loads_its_scripts_from_static(db, admin_client):
    from tests.factories import make_note

    note = make_note(title="A note to edit")

    response = admin_client.get(f"/admin/catalog/note/{note.pk}/change/")
    scripts = _inline_code(response.content.decode()).scripts

    assert "/static/admin/js/change_form.js" in scripts
    assert "A note to edit" in response.content.decode()


def test_passwords_are_stored_with_argon2(db):
    user = get_user_model().objects.create_user("ada", password=PASSWORD)

    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


def test_weak_password_is_refused_with_the_validators_messages(db, admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "password1": "12345678", "password2": "12345678"},
    )

    page = response.content.decode()
    assert "This password is too common." in page
    assert "This password is entirely numeric." in page
    assert not get_user_model().objects.filter(username="newcomer").exists()


@pytest.fixture
def staff_with_password(db):
    """A member of staff in no group, who logs in with PASSWORD as "editor"."""
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True
    )


def _log_in(client, password: str, address: str = "127.0.0.1", username="editor"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_right_password_logs_in(staff_with_password, client):
    response = _log_in(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_sixth_login_after_five_failures_is_refused_even_with_right_password(
    staff_with_password, client
):
    for _ in range(4):
        wrong = _log_in(client, "not the password")
        assert wrong.status_code == 200
        assert "Please enter the correct username and password" in (
            wrong.content.decode()
        )
    fifth = _log_in(client, "still not the password")
    assert fifth.status_code == 429

    sixth = _log_in(client, PASSWORD)

    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert "Too many failed logins" in page
    assert "After 5 failed attempts" in page
    assert "refused for 15 minutes, even with the right password" in page
    # Not logged in: the admin still asks for a login.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.slow
def test_lockout_holds_one_user_name_from_one_address_only(staff_with_password, client):
    get_user_model().objects.create_user("other", password=PASSWORD, is_staff=True)
    for _ in range(5):
        _log_in(client, "not the password")

    assert _log_in(client, PASSWORD).status_code == 429
    assert _log_in(client, PASSWORD, address="192.0.2.7").status_code == 302
    client.logout()
    assert _log_in(client, PASSWORD, username="other").status_code == 302


def test_behind_the_proxy_the_reader_address_is_throttled(
    staff_with_password, client, settings
):
    # nginx connects from 127.0.0.1 and passes the reader's address along.
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

    def attempt(password: str, reader: str):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": password, "next": "/admin/"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP=reader,
        )

    for _ in range(5):
        attempt("not the password", reader="198.51.100.1")

    assert attempt(PASSWORD, reader="198.51.100.1").status_code == 429
    assert attempt(PASSWORD, reader="198.51.100.2").status_code == 302


@pytest.mark.slow
def test_a_successful_login_resets_the_failures(staff_with_password, client):
    for _ in range(4):
        _log_in(client, "not the password")
    assert _log_in(client, PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        _log_in(client, "not the password")

    assert _log_in(client, PASSWORD).status_code == 302


def test_test_client_login_still_works(staff_with_password, client):
    # Tests may keep using client.login(): it carries no request to throttle.
    assert client.login(username="editor", password=PASSWORD)
    assert "My desk" in client.get("/admin/").content.decode()
    assert not client.login(username="editor", password="wrong")
