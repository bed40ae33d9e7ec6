"""Production configuration: settings from the environment, gunicorn, /healthz
and the structured logs."""

import json
import logging
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

from notes_cms.logs import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent
AREA = "/ICML2025/llm_safety/"


def production_env(**changes: str | None) -> dict[str, str]:
    """The production environment docs/DEPLOY.md documents, with changes."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "GUNICORN_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="notes.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://notes.example.org",
        DATABASE_URL="postgres://notes@127.0.0.1:5432/h6",
        DATABASE_CONN_MAX_AGE="60",
        REDIS_URL="redis://127.0.0.1:6379/9",
        DEFAULT_FROM_EMAIL="notes@notes.example.org",
    )
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env)


@pytest.mark.slow
def test_check_deploy_passes_without_warnings_in_production():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env()
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


@pytest.mark.slow
def test_check_deploy_names_what_is_missing_without_https():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(DJANGO_HTTPS="0"),
    )

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_env(DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


SETTINGS_PROBE = """
import json
import django
django.setup()
from django.conf import settings
database = settings.DATABASES["default"]
cache = settings.CACHES["default"]
print(json.dumps({
    "engine": database["ENGINE"],
    "conn_max_age": database["CONN_MAX_AGE"],
    "conn_health_checks": database["CONN_HEALTH_CHECKS"],
    "connect_timeout": database["OPTIONS"].get("connect_timeout"),
    "cache": cache["BACKEND"],
    "cache_location": cache["LOCATION"],
    "cache_options": cache.get("OPTIONS", {}),
    "sessions": settings.SESSION_ENGINE,
    "email": [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT],
}))
"""


@pytest.mark.slow
def test_production_keeps_no_state_on_the_app_server():
    env = production_env(
        DJANGO_SETTINGS_MODULE="notes_cms.settings",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
    )

    result = run([sys.executable, "-c", SETTINGS_PROBE], env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.postgresql",
        "conn_max_age": 60,
        "conn_health_checks": True,
        "connect_timeout": 5,
        "cache": "catalog.cache.RedisCache",
        "cache_location": "redis://127.0.0.1:6379/9",
        "cache_options": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
        "sessions": "django.contrib.sessions.backends.cached_db",
        "email": [
            "django.core.mail.backends.smtp.EmailBackend",
            "smtp.example.org",
            587,
        ],
    }


@pytest.mark.slow
def test_gunicorn_configuration_comes_from_the_environment():
    env = production_env(GUNICORN_BIND="127.0.0.1:8042", GUNICORN_WORKERS="3")

    result = run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config"],
        env,
    )

    assert result.returncode == 0, result.stderr
    config = dict(
        (name.strip(), value.strip())
        for name, _, value in (
            line.partition("=") for line in result.stdout.splitlines()
        )
    )
    assert config["bind"] == "['127.0.0.1:8042']"
    assert config["workers"] == "3"
    assert config["wsgi_app"] == "notes_cms.wsgi:application"
    assert config["preload_app"] == "True"
    assert config["accesslog"] == "None"


def test_healthz_says_database_and_cache_are_ok(db, client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_names_an_unreachable_cache_and_says_degraded(db, client):
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    with override_settings(CACHES=dead_redis):
        response = client.get("/healthz")

    # The site still serves its pages from the database: keep it in rotation.
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert (response.json()["database"], response.json()["cache"]) == (
        "ok",
        "unavailable",
    )


def _json_lines(caplog, logger: str) -> list[dict]:
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == logger
    ]


def test_each_request_is_logged_as_one_json_line(db, client, caplog):
    caplog.set_level(logging.INFO, logger="notes_cms.request")

    client.get(AREA)
    client.get("/ICML2025/no_such_area/")

    first, second = _json_lines(caplog, "notes_cms.request")
    assert first["message"] == f"GET {AREA} 200"
    assert (first["method"], first["path"], first["status"]) == ("GET", AREA, 200)
    assert first["user"] == "anonymous"
    assert isinstance(first["duration_ms"], float)
    assert first["duration_ms"] >= 0
    assert second["status"] == 404


def test_request_log_names_the_logged_in_user(admin_user, admin_client, caplog):
    caplog.set_level(logging.INFO, logger="notes_cms.request")

    admin_client.get("/admin/")

    (entry,) = _json_lines(caplog, "notes_cms.request")
    assert (entry["path"], entry["status"], entry["user"]) == (
        "/admin/",
        200,
        admin_user.pk,
    )


def _event(note, user, action: str):
    """A workflow event as the services record it."""
    from catalog.models import NoteEvent

    return NoteEvent.objects.create(
        note=note, actor=user, action=action, from_status="draft", to_status="review"
    )


def test_workflow_event_is_logged_once_committed(
    admin_user, caplog, django_capture_on_commit_callbacks
):
    from tests.factories import make_note

    note = make_note(title="Logged note")
    caplog.set_level(logging.INFO, logger="notes_cms.events")

    with django_capture_on_commit_callbacks(execute=True):
        _event(note, admin_user, "submit")

    (entry,) = _json_lines(caplog, "notes_cms.events")
    assert entry["message"] == f"note {note.pk}: submit"
    assert entry["note_id"] == note.pk
    assert entry["actor_id"] == admin_user.pk
    assert (entry["from_status"], entry["to_status"]) == ("draft", "review")


def test_workflow_event_rolled_back_is_not_logged(
    admin_user, caplog, django_capture_on_commit_callbacks
):
    from tests.factories import make_note

    note = make_note(title="Rolled back note")
    caplog.set_level(logging.INFO, logger="notes_cms.events")

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _event(note, admin_user, "approve")
            raise RuntimeError("the step failed after recording its event")

    assert _json_lines(caplog, "notes_cms.events") == []
