"""Load: a mix of public pages, 60 s at 32 connections, run the production way.

    python bench/load_mix.py                     # 11,000 notes, 60 s, 32 connections
    python bench/load_mix.py --reuse --duration 30 --connections 16

gunicorn with the production settings (gunicorn.conf.py: its default worker
count, preloaded app; DEBUG off, HTTPS as nginx forwards it, WhiteNoise,
persistent database connections) serves a PostgreSQL database filled by
`generate_corpus` (`h6b_bench_load`, kept for the next run with --reuse) and
uses Redis database 11 as its cache, under a key prefix of its own so every
run starts with an empty page cache (its keys are deleted at the end). wrk
(Debian's package: `apt-get install -y wrk`) then drives a weighted mix of
what readers open: note pages, area listings (some filtered or sorted), the
home, venue, topic and area-across pages, search results, Atom feeds and the
stylesheet. Addresses repeat as they do on a real site, so most answers come
from the page cache after the first one; the report gives the share.

It prints, and saves under bench/results/, requests per second, latency
percentiles, every status seen, wrk's socket errors and the errors the
server logged. A benchmark, not a test: only loopback addresses are used and
the load stops after --duration seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable

# (share of requests, kind of page); the page list is drawn in these shares.
MIX = [
    (40, "note"),
    (15, "listing"),
    (5, "listing_filtered"),
    (5, "home"),
    (5, "venue"),
    (8, "topic"),
    (4, "area_across"),
    (8, "search"),
    (5, "feed"),
    (5, "static"),
]
MIX_SIZE = 4000

# Picks the addresses of each kind from the corpus; prints them as JSON.
PAGES = """
import json, random, re
from django.db.models import Count
from django.templatetags.static import static
from catalog.models import Area, Note, Topic, Venue
rng = random.Random(1)
notes = list(Note.objects.published().order_by("pk").values_list(
    "paper__venue__code", "paper__area__slug", "paper__slug", "paper__title"))
listings = list(Note.objects.published().values_list(
    "paper__venue__code", "paper__area__slug").annotate(n=Count("pk")).order_by("-n"))
chosen = rng.sample(notes, min(600, len(notes)))
topics = list(Topic.objects.annotate(n=Count("items")).filter(n__gt=0)
    .order_by("-n").values_list("slug", flat=True)[:60])
words = sorted({w.lower() for *_, title in rng.sample(notes, 200)
    for w in re.findall(r"[A-Za-z]{6,}", title)})
listing_paths = [f"/{v}/{a}/" for v, a, n in listings[:80]]
print(json.dumps({
    "notes": len(notes),
    "note": [f"/{v}/{a}/{s}/" for v, a, s, _ in chosen],
    "listing": listing_paths,
    "listing_filtered": [p + q for p in listing_paths[:30]
        for q in ("?sort=newest", "?has_code=1", "?q=model")],
    "home": ["/"],
    "venue": [f"/{code}/" for code in Venue.objects.values_list("code", flat=True)],
    "topic": [f"/topics/{slug}/" for slug in topics],
    "area_across": [f"/areas/{slug}/" for slug in Area.objects.filter(
        papers__isnull=False).distinct().values_list("slug", flat=True)],
    "search": [f"/search/?q={w}" for w in rng.sample(words, min(60, len(words)))],
    "feed": ["/feeds/atom.xml"] + [p + "feed.xml" for p in listing_paths[:20]],
    "static": [static("css/site.css")],
}))
"""

# wrk: each thread walks the shared address list from its own place, counts
# statuses and page-cache answers; the main state adds them up at the end.
LUA = r"""
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("LOAD_PATHS")) do table.insert(paths, line) end
  index = (id * 7919) % #paths
  statuses, hits, misses = {}, 0, 0
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then hits = hits + 1 end
  if cache == "miss" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local statuses_all, hits_all, misses_all = {}, 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      statuses_all[tostring(status)] = (statuses_all[tostring(status)] or 0) + count
    end
    hits_all = hits_all + thread:get("hits")
    misses_all = misses_all + thread:get("misses")
  end
  local parts = {}
  for status, count in pairs(statuses_all) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_s": %.3f, "bytes": %d, ' ..
    '"p50_ms": %.2f, "p90_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "mean_ms": %.2f, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"non_2xx_3xx": %d, "statuses": {%s}, "cache_hits": %d, "cache_misses": %d}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.timeout, e.status,
    table.concat(parts, ", "), hits_all, misses_all))
end
"""


def main() -> None:
    options = _arguments()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="load-mix-"))
    env = _environment(options, work)
    started = time.monotonic()
    _database(options, env)
    prepared = round(time.monotonic() - started, 1)
    pages = json.loads(_manage(env, "shell", "-c", PAGES).strip().splitlines()[-1])
    mix = _mix(pages)
    paths_file = work / "paths.txt"
    paths_file.write_text("\n".join(mix) + "\n")
    lua = work / "mix.lua"
    lua.write_text(LUA)
    log = work / "gunicorn.log"
    machine = _machine()
    command = [
        "wrk",
        f"-t{min(options.connections, os.cpu_count() or 1)}",
        f"-c{options.connections}",
        f"-d{options.duration}s",
        "--timeout=10s",
        "-s",
        str(lua),
        env["SITE"],
    ]
    runs = []
    with _server(env, log) as server:
        # Twice in a row on the same server: from an empty page cache, as
        # after a deploy, then with what the first run stored, as on most days.
        for label in ("first run: empty page cache", "second run: cache filled"):
            before, cpu = os.getloadavg()[0], server.cpu_seconds()
            output = subprocess.run(
                command,
                env={**os.environ, "LOAD_PATHS": str(paths_file)},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            load = f"{before:.1f} → {os.getloadavg()[0]:.1f}"
            # What the app servers spent, whatever else shares the machine.
            cpu_ms = (server.cpu_seconds() - cpu) * 1000 / max(result["requests"], 1)
            runs.append(
                {"run": label, "loadavg": load, "cpu_ms": round(cpu_ms, 2), **result}
            )
    logged = [
        line
        for line in log.read_text().splitlines()
        if '"level": "ERROR"' in line or "Traceback" in line or "WORKER TIMEOUT" in line
    ]
    report = {
        "command": " ".join(["python", *sys.argv]),
        "when": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine,
        "settings": {
            "duration_s": options.duration,
            "connections": options.connections,
            "gunicorn_workers": env["GUNICORN_WORKERS"],
            "notes": pages["notes"],
            "distinct_addresses": len(set(mix)),
            "database_ready_s": prepared,
        },
        "mix": {kind: share for share, kind in MIX},
        "runs": runs,
        "server_errors_logged": len(logged),
        "server_error_sample": logged[:5],
    }
    _forget_cache(env)
    out = RESULTS / f"load-mix-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=1))
    print(_markdown(report))
    print(f"\n(saved to {out.relative_to(ROOT)})")
    shutil.rmtree(work, ignore_errors=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="Seconds of load.")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--notes", type=int, default=11000)
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="gunicorn workers (default: as gunicorn.conf.py, 2 × cores + 1).",
    )
    parser.add_argument("--database", default="h6b_bench_load")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the database of an earlier run (same corpus) instead of a new one.",
    )
    return parser.parse_args()


def _environment(options, work: Path) -> dict[str, str]:
    port = _free_port()
    suite_only = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    workers = options.workers or 2 * (os.cpu_count() or 1) + 1
    return {k: v for k, v in os.environ.items() if k not in suite_only} | {
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{options.postgres_url}/{options.database}",
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": options.redis_url,
        # A prefix of this run's own: the page cache starts empty.
        "CACHE_KEY_PREFIX": f"load-mix-{int(time.time())}",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "SITE": f"http://127.0.0.1:{port}",
        "NOTES": str(options.notes),
        "REUSE": "1" if options.reuse else "",
    }


def _database(options, env: dict[str, str]) -> None:
    import psycopg

    admin = f"{options.postgres_url}/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (options.database,)
        ).fetchone()
        if exists and not options.reuse:
            connection.execute(f"DROP DATABASE {options.database} WITH (FORCE)")
        if not exists or not options.reuse:
            connection.execute(f"CREATE DATABASE {options.database}")
    print(
        f"Database {options.database}: migrate, generate_corpus --notes {options.notes}"
    )
    _manage(env, "migrate", "--no-input", "-v0")
    # Adds only what is missing: a reused database of the same size is ready.
    _manage(env, "generate_corpus", f"--notes={options.notes}", "--seed=1")
    _manage(env, "collectstatic", "--no-input", "-v0")


def _forget_cache(env: dict[str, str]) -> None:
    """Delete the run's keys: Redis keeps nothing of it afterwards."""
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
        client.delete(key)
    client.close()


def _mix(pages: dict) -> list[str]:
    """MIX_SIZE addresses in the shares of MIX, in a fixed random order.

    Within a kind, popularity falls off as 1 / rank (Zipf), as on a real site:
    the largest listings, the busiest topics and a few notes get most visits.
    """
    rng = random.Random(1)
    total = sum(share for share, _ in MIX)
    mix = []
    for share, kind in MIX:
        weights = [1 / rank for rank in range(1, len(pages[kind]) + 1)]
        mix += rng.choices(pages[kind], weights, k=MIX_SIZE * share // total)
    rng.shuffle(mix)
    return mix


class _server:
    """gunicorn, as deployed, for the length of a `with` block."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log = env, log

    def __enter__(self):
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.env['SITE']}/healthz", timeout=2).read()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(self.log.read_text()[-3000:]) from None
                time.sleep(0.2)
        raise SystemExit("gunicorn never answered /healthz")

    def cpu_seconds(self) -> float:
        """CPU time of gunicorn so far: master, workers, and workers gone."""
        ticks = os.sysconf("SC_CLK_TCK")

        def times(pid: int | str) -> list[int] | None:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return None
            # ppid, then utime, stime, cutime, cstime (proc(5): fields 4, 14-17).
            return [int(fields[1]), *map(int, fields[11:15])]

        master = times(self.process.pid)
        total = sum(master[1:])
        for stat in Path("/proc").glob("[0-9]*/stat"):
            child = times(stat.parent.name)
            if child and child[0] == self.process.pid:
                total += child[1] + child[2]
        return total / ticks

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _machine() -> dict:
    def first(path: str, key: str) -> str:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
        return "?"

    def version(*command: str) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True)
        except FileNotFoundError:
            return "?"
        return (done.stdout or done.stderr).strip().splitlines()[0]

    memory_kb = int(first("/proc/meminfo", "MemTotal").split()[0])
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": version("psql", "-V").replace("psql (PostgreSQL)", "PostgreSQL"),
        "redis": "Redis "
        + version("redis-server", "--version").split("v=")[1].split()[0],
        "wrk": "wrk " + version("wrk", "--version").split()[1],
    }


def _markdown(report: dict) -> str:
    settings, machine = report["settings"], report["machine"]
    lines = [
        f"Command: `{report['command']}` ({report['when']})",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}; "
        f"{machine['postgresql']}, {machine['redis']}, {machine['wrk']}.",
        "",
        f"{settings['notes']:,} notes; {settings['gunicorn_workers']} gunicorn "
        f"workers; {settings['connections']} connections, {settings['duration_s']} s "
        f"a run, over {settings['distinct_addresses']:,} addresses.",
        "",
        "| run | requests | req/s | p50 ms | p90 ms | p95 ms | p99 ms | max ms "
        "| errors | cache hits | CPU ms / request | load avg |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| --- |",
    ]
    for run in report["runs"]:
        errors = sum(run["socket_errors"].values()) + run["non_2xx_3xx"]
        served = run["cache_hits"] + run["cache_misses"]
        share = f"{100 * run['cache_hits'] / served:.0f} %" if served else "—"
        lines.append(
            f"| {run['run']} | {run['requests']:,} | "
            f"{run['requests'] / run['duration_s']:.1f} | {run['p50_ms']:.1f} | "
            f"{run['p90_ms']:.1f} | {run['p95_ms']:.1f} | {run['p99_ms']:.1f} | "
            f"{run['max_ms']:.0f} | {errors} | {share} | {run['cpu_ms']:.1f} "
            f"| {run['loadavg']} |"
        )
    lines.append("")
    for run in report["runs"]:
        statuses = ", ".join(f"{k}: {v:,}" for k, v in sorted(run["statuses"].items()))
        lines.append(
            f"{run['run'].capitalize()}: statuses {statuses}; socket errors "
            f"{run['socket_errors']}."
        )
    lines.append(f"Server errors logged: {report['server_errors_logged']}.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
