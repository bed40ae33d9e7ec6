"""The backup and restore procedures of docs/DEPLOY.md, run for real.

Each backs up the demo site from the test database, restores into a brand-new
database the way DEPLOY.md says (create, `migrate`, then `loaddata` or
`import_mkdocs`), and checks that a reader sees the very same pages there.
The new database is of the suite's kind: a SQLite file, or a PostgreSQL
database of its own next to the test database.
"""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.pagetext import visible_lines

# Each restores into a new database through manage.py processes.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
AREA = "/ICML2025/llm_safety/"
NOTE = "/ICML2025/llm_safety/empirical_privacy_variance/"
PASSWORD = "a long passphrase 1"
# docs/DEPLOY.md, "Back up": the content and accounts, without what `migrate`
# rebuilds (content types, permissions) or what is transient (sessions and
# login throttling, which expire by themselves). Primary keys are kept, as the
# restore goes into an empty database (taggit's through models have no
# natural key, so --natural-primary could not be loaded back).
DUMPDATA_ARGS = [
    "--natural-foreign",
    "-e",
    "contenttypes",
    "-e",
    "auth.permission",
    "-e",
    "sessions",
    "-e",
    "axes",
]

PAGES_PROBE = """
import json, os, sys
import django
django.setup()
from django.test import Client
from tests.pagetext import visible_lines
client = Client()
pages = {}
for url in sys.argv[1:]:
    response = client.get(url)
    pages[url] = [response.status_code, visible_lines(response.content.decode())]
pages["login"] = client.login(username="editor", password=os.environ["PROBE_PASSWORD"])
print(json.dumps(pages))
"""


@pytest.fixture
def demo_site(db, django_user_model):
    call_command("load_demo", stdout=StringIO())
    django_user_model.objects.create_user("editor", password=PASSWORD)


@pytest.fixture
def fresh_database(tmp_path):
    """The DATABASE_URL of a new, empty database (dropped afterwards)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    config = settings.DATABASES["default"]
    name = f"{config['NAME']}_restore_{os.getpid()}"
    server = f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}"
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    server = server.replace("@", f"{password}@", 1)

    def admin(sql: str) -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(f"CREATE DATABASE {name}")
    yield f"{server}/{name}"
    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _pages(client) -> dict:
    pages = {}
    for url in (AREA, NOTE):
        response = client.get(url)
        pages[url] = [response.status_code, visible_lines(response.content.decode())]
    return pages


def _on_new_server(database_url: str, tmp_path: Path, *steps: list[str]) -> dict:
    """Run the restore steps against the new database, then read the pages."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="notes_cms.settings",
        DJANGO_DEBUG="1",  # static files without collectstatic; same page text
        DATABASE_URL=database_url,
        PROBE_PASSWORD=PASSWORD,
    )
    commands = [[sys.executable, "manage.py", *step] for step in steps]
    commands.append([sys.executable, "-c", PAGES_PROBE, AREA, NOTE])
    for command in commands:
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{command[1:3]}:\n{result.stderr[-3000:]}"
    return json.loads(result.stdout.splitlines()[-1])


def test_dumpdata_backup_restores_the_same_pages_and_accounts(
    demo_site, client, tmp_path, fresh_database
):
    before = _pages(client)
    assert before[AREA][0] == 200
    assert "Empirical Privacy Variance" in before[AREA][1]
    backup = tmp_path / "notes.json.gz"
    call_command("dumpdata", *DUMPDATA_ARGS, "--output", str(backup), verbosity=0)

    after = _on_new_server(
        fresh_database,
        tmp_path,
        ["migrate", "--no-input"],
        ["loaddata", str(backup)],
    )

    assert after.pop("login") is True
    assert after == before


def test_export_mkdocs_backup_restores_the_same_pages(
    demo_site, client, tmp_path, fresh_database
):
    before = _pages(client)
    call_command("export_mkdocs", str(tmp_path / "docs"), stdout=StringIO())

    after = _on_new_server(
        fresh_database,
        tmp_path,
        ["migrate", "--no-input"],
        ["import_mkdocs", str(tmp_path / "docs")],
    )

    # The Markdown tree holds the published notes, not the accounts.
    assert after.pop("login") is False
    assert after == before
