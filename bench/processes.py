"""The processes a benchmark run starts: databases, management commands and
bench.tasks in a subprocess, the gunicorn server; and the machine it runs on."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
STATIC_ROOT = RESULTS / "static"
STATIC_PAGE = "bench/area.html"
PYTHON = sys.executable


def database_env(
    database: str, *, name: str, out: Path, postgres_url: str, reuse: bool = False
) -> dict:
    """The environment of a fresh, empty database of this kind (or the last
    run's, with `reuse`)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    if database == "sqlite":
        path = out.parent / f"{name}.sqlite3"
        for stale in out.parent.glob(f"{name}.sqlite3*"):
            if not reuse:
                stale.unlink()
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        exists = subprocess.run(
            ["psql", f"{postgres_url}/{name}", "-q", "-c", "SELECT 1"],
            capture_output=True,
        )
        if not (reuse and exists.returncode == 0):
            for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
                subprocess.run(
                    ["psql", f"{postgres_url}/postgres", "-q", "-c", sql], check=True
                )
        env["DATABASE_URL"] = f"{postgres_url}/{name}"
    return env


def manage(env: dict, *args: str, log: Path | None = None) -> None:
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    if log is None:
        subprocess.run(command, env=env, check=True, cwd=ROOT)
        return
    with open(log / "commands.log", "a") as file:
        file.write(f"\n$ {' '.join(args)}\n")
        file.flush()
        subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=file, stderr=file)


def task(env: dict, *args: str):
    output = subprocess.run(
        [PYTHON, "-m", "bench.tasks", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def collectstatic() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
    }
    manage(env, "collectstatic", "--no-input", "-v0")
    (STATIC_ROOT / STATIC_PAGE).parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def server(env: dict, options, log_path: Path):
    server_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{options.port}",
        "GUNICORN_WORKERS": str(options.workers),
        # Persistent connections, as a production .env sets them.
        "DATABASE_CONN_MAX_AGE": "600",
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
            env=server_env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )
        try:
            _wait_for(f"http://127.0.0.1:{options.port}/robots.txt")
            yield
        finally:
            process.terminate()
            process.wait(timeout=60)


def _wait_for(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server did not answer at {url}.")


def output(command: list[str], check: bool = True) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=check)
    except FileNotFoundError:
        return "(not installed)"
    return (done.stdout or done.stderr).strip() or "(no output)"


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "kernel": platform.release(),
        "os": output(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": output(["psql", "-V"], check=False),
        "redis": output(["redis-server", "--version"], check=False),
        "loadavg_at_start": os.getloadavg(),
    }
