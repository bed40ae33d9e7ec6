"""The benchmarks of docs/PERFORMANCE.md, in one command.

    python bench/run.py                      # 11,000 and 100,000 notes, both DBs
    python bench/run.py --sizes 11000 --databases sqlite --duration 5

For each database (SQLite, PostgreSQL) and corpus size it fills a fresh
database of its own with `generate_corpus` (the same seed: the larger corpus
holds the smaller one), counts each public page's SQL queries and saves their
plans, exports the area page of a 41-note listing as a static HTML file,
starts the site under gunicorn with the production settings (DEBUG off,
WhiteNoise, Redis as the cache) on 127.0.0.1, and drives it with wrk
(Debian's package) for a fixed time and concurrency: the static file, then
each page warm (from the page cache) and cold (a new address each request, so
the page is rendered and stored), and the cold pages once more with a single
connection. It reports requests per second, p50/p95/p99 latency, errors and
each page's ratio to the static file, and times a moderator's approval
until the new text is on the public page.

Once (the first database, 11,000 notes) it also exports the corpus with
`export_mkdocs`, times `import_mkdocs` of that tree into an empty database,
and times `mkdocs build` with mkdocs-material (installed from PyPI into
bench/results/mkdocs-venv), the static site's full rebuild, of parts of the
same tree of 250 to 2,000 notes, and estimates the whole tree's from how the
time grows (`--mkdocs-full` builds the whole tree too, within
`--mkdocs-timeout`).

Results go to bench/results/<time>/ (results.json, results.md, logs). Only
loopback addresses are used; every load run stops after --duration seconds.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
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
SEED = 1

# (label, page key from `bench.tasks pages`, cold: a new address each request)
SCENARIOS = [
    ("static file (area page)", "static", False),
    ("area page, warm", "area", False),
    ("area page, cold", "area", True),
    ("note page, warm", "note", False),
    ("note page, cold", "note", True),
    ("home page, warm", "home", False),
    ("home page, cold", "home", True),
    ("venue page, cold", "venue", True),
    ("topic page, cold", "topic", True),
    ("largest listing, cold", "largest", True),
    ("search, cold", "search", True),
]
# The cold pages once more with one connection: the time one reader waits for
# a page that has to be rendered, without queueing behind other requests.
ALONE = [
    ("area page, cold, alone", "area"),
    ("note page, cold, alone", "note"),
    ("search, cold, alone", "search"),
]
QUERY_PAGES = ["home", "venue", "area", "largest", "area_across", "topic", "note"]


def main() -> None:
    options = _arguments()
    out = RESULTS / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    report = {
        "command": " ".join([Path(PYTHON).name, *sys.argv]),
        "machine": _machine(),
        "settings": {
            "duration_s": options.duration,
            "connections": options.connections,
            "gunicorn_workers": options.workers,
            "wrk": _output(["wrk", "--version"], check=False).splitlines()[0],
        },
        "runs": [],
    }
    print(f"Results in {out}")
    _collectstatic()
    for database in options.databases:
        for size in sorted(options.sizes):
            env = _database(
                database,
                name=f"{options.name}_{size}",
                out=out,
                postgres_url=options.postgres_url,
                reuse=options.reuse,
            )
            _manage(env, "migrate", "--no-input", "-v0")
            run = _run(env, database, size, options, out)
            if database == options.databases[0] and size == options.import_notes:
                run["import"] = _import_and_rebuild(env, database, out, options)
            report["runs"].append(run)
            _save(report, out)
    print((out / "results.md").read_text())


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[11000, 100000])
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", "postgresql"],
        default=["sqlite", "postgresql"],
    )
    parser.add_argument("--duration", type=int, default=10, help="Seconds per page.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(
            os.environ.get("GUNICORN_WORKERS") or 2 * (os.cpu_count() or 1) + 1
        ),
        help="gunicorn workers (default: as gunicorn.conf.py, 2 × cores + 1).",
    )
    parser.add_argument(
        "--import-notes",
        type=int,
        default=11000,
        help="Size at which to time import_mkdocs and mkdocs build (0: never).",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
        help="The Redis database of the page cache (each server start uses a "
        "key prefix of its own, so it starts empty).",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--name",
        default="bench",
        help="The benchmark databases' name: <name>_<size>, a PostgreSQL "
        "database or bench/results/<name>_<size>.sqlite3.",
    )
    parser.add_argument(
        "--mkdocs-notes",
        type=int,
        nargs="*",
        default=[250, 500, 1000, 2000],
        help="Notes in the parts of the exported tree that `mkdocs build` builds "
        "(whole listings), to see how a rebuild grows with the site.",
    )
    parser.add_argument(
        "--mkdocs-full",
        action="store_true",
        help="Also build the whole exported tree (past 11,000 notes it does not "
        "finish in --mkdocs-timeout on a 2-core machine).",
    )
    parser.add_argument(
        "--mkdocs-timeout",
        type=int,
        default=1800,
        help="Seconds after which a `mkdocs build` is stopped and the pages it "
        "wrote so far are counted.",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the notes of an earlier run's databases (same seed) and add "
        "what is missing, instead of starting from empty ones.",
    )
    return parser.parse_args()


# --- One database at one size ------------------------------------------------


def _run(env: dict, database: str, size: int, options, out: Path) -> dict:
    label = f"{database}-{size}"
    print(f"\n== {database}, {size:,} notes ==")
    started = time.monotonic()
    _manage(env, "generate_corpus", f"--notes={size}", f"--seed={SEED}", log=out)
    generated = time.monotonic() - started
    pages = _task(env, "pages")
    urls = [pages[key] for key in QUERY_PAGES] + pages["search"][:1]
    queries = _task(env, "queries", *urls)
    plans = _task(env, "explain", *urls)
    (out / f"{label}-plans.json").write_text(json.dumps(plans, indent=1))
    _task(env, "export", pages["area"], str(STATIC_ROOT / STATIC_PAGE))
    pages["static"] = f"/static/{STATIC_PAGE}"
    run = {
        "database": database,
        "notes": pages["notes"],
        "generate_s": round(generated, 1),
        "pages": pages,
        "queries": queries,
        "scans": {
            url: sorted({scan for query in page for scan in query["scans"]})
            for url, page in plans.items()
        },
        "slowest_query_ms": {
            url: max((query["ms"] for query in page), default=0)
            for url, page in plans.items()
        },
        "load": [],
    }
    server_env = {**env, "REDIS_URL": options.redis_url}
    # A key prefix of its own: the server starts with an empty page cache.
    server_env["CACHE_KEY_PREFIX"] = f"bench-{out.name}-{label}"
    run["cpu"] = _task(
        {**server_env, "CACHE_KEY_PREFIX": f"{server_env['CACHE_KEY_PREFIX']}-cpu"},
        "cpu",
        json.dumps(
            [
                [name, pages[key] if key != "search" else pages[key][0], cold]
                for name, key, cold in SCENARIOS
            ]
        ),
    )
    with _server(server_env, options, out / f"{label}-gunicorn.log"):
        for name, key, cold in SCENARIOS:
            paths = pages[key] if isinstance(pages[key], list) else [pages[key]]
            result = _load(paths, cold=cold, options=options)
            result.update(page=name, path=paths[0])
            run["load"].append(result)
            _print_load(result)
        for name, key in ALONE:
            paths = pages[key] if isinstance(pages[key], list) else [pages[key]]
            result = _load(paths, cold=True, options=options, connections=1)
            result.update(page=name, path=paths[0])
            run["load"].append(result)
            _print_load(result)
        # The approving process must share the server's cache, as any
        # management command or worker of a deployment does.
        run["approval"] = _approval(server_env, pages, options)
    _forget_pages(options.redis_url, server_env["CACHE_KEY_PREFIX"])
    static = run["load"][0]["rps"]
    alone = {name for name, _ in ALONE}
    for result in run["load"]:
        compared = static and result["page"] not in alone
        result["ratio"] = round(result["rps"] / static, 3) if compared else None
    return run


def _print_load(result: dict) -> None:
    print(
        f"  {result['page']:28} {result['rps']:8.1f} req/s"
        f"  p50 {result['p50_ms']:6.1f}  p95 {result['p95_ms']:6.1f}"
        f"  p99 {result['p99_ms']:6.1f} ms"
        f"  errors {result['errors'] + result['non_2xx']}  load {result['loadavg']}"
    )


def _load(
    paths: list[str], *, cold: bool, options, connections: int | None = None
) -> dict:
    env = {**os.environ, "BENCH_PATHS": "|".join(paths), "BENCH_COLD": str(int(cold))}
    command = [
        "wrk",
        "-t1",
        f"-c{connections or options.connections}",
        "--timeout=10s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
        _base(options),
    ]
    # A short first pass warms the workers (and, warm runs, the page cache).
    for path in paths:
        urllib.request.urlopen(f"{_base(options)}{path}").read()
    subprocess.run([*command, "-d2s"], env=env, capture_output=True, check=True)
    before = os.getloadavg()[0]
    output = subprocess.run(
        [*command, f"-d{options.duration}s"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["loadavg"] = f"{before:.1f}→{os.getloadavg()[0]:.1f}"
    return result


def _forget_pages(redis_url: str, prefix: str) -> None:
    """Delete the pages this run stored (server and CPU task): thousands of
    cold pages would otherwise stay in Redis for a day."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*", count=1000):
        client.delete(key)
    client.close()


def _base(options) -> str:
    return f"http://127.0.0.1:{options.port}"


def _approval(env: dict, pages: dict, options) -> dict:
    """From a moderator's approval to the new summary on the public pages."""
    for url in (pages["note"], pages["area"]):  # both in the page cache first
        urllib.request.urlopen(f"{_base(options)}{url}").read()
    return _task(
        env, "approve", pages["note"], _base(options), pages["note"], pages["area"]
    )


# --- Import and the static rebuild ---------------------------------------------


def _import_and_rebuild(env: dict, database: str, out: Path, options) -> dict:
    tree = out / "mkdocs" / "docs"
    started = time.monotonic()
    _manage(env, "export_mkdocs", str(tree), log=out)
    exported = time.monotonic() - started
    files = sum(1 for _ in tree.rglob("*.md"))
    target = _database(
        database, name="bench_import", out=out, postgres_url=options.postgres_url
    )
    _manage(target, "migrate", "--no-input", "-v0")
    # The corpus uses all 50 areas: the registry has to know them first.
    _manage(target, "generate_corpus", "--notes=0", log=out)
    started = time.monotonic()
    _manage(target, "import_mkdocs", str(tree), log=out)
    imported = time.monotonic() - started
    result = {
        "export_s": round(exported, 1),
        "markdown_files": files,
        "import_s": round(imported, 1),
    }
    result["mkdocs"] = _mkdocs_rebuilds(tree, out, options)
    print(f"  import/rebuild: {result}")
    return result


def _mkdocs_build(project: Path, out: Path, *, timeout: int) -> dict | None:
    """Seconds of `mkdocs build` (mkdocs-material) of the tree in `project`/docs;
    past `timeout` seconds, stop it and count the pages it had written."""
    mkdocs = _mkdocs()
    if mkdocs is None:
        return None
    (project / "mkdocs.yml").write_text(
        "site_name: AI Paper Notes\n"
        "theme:\n  name: material\n"
        "markdown_extensions:\n"
        "  - tables\n  - def_list\n  - attr_list\n  - md_in_html\n  - toc\n"
        "  - pymdownx.arithmatex:\n      generic: true\n"
        "  - pymdownx.superfences\n"
    )
    site = project / "site"
    started = time.monotonic()
    with open(out / "mkdocs-build.log", "a") as log:
        try:
            subprocess.run(
                [str(mkdocs), "build", "-q", "--site-dir", str(site)],
                cwd=project,
                stdout=log,
                stderr=log,
                check=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return {
                "seconds": None,
                "stopped_after_s": timeout,
                "pages_written": sum(1 for _ in site.rglob("index.html")),
            }
    return {"seconds": round(time.monotonic() - started, 1)}


def _mkdocs() -> Path | None:
    venv = RESULTS / "mkdocs-venv"
    mkdocs = venv / "bin" / "mkdocs"
    if not mkdocs.exists():
        subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
        install = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "mkdocs-material"],
            capture_output=True,
            text=True,
        )
        if install.returncode:
            print(f"  mkdocs-material did not install: {install.stderr[-500:]}")
            return None
    return mkdocs


def _mkdocs_rebuilds(tree: Path, out: Path, options) -> dict:
    """`mkdocs build` of parts of the tree of growing size, then of all of it.

    A part is whole listings (an area's folder: its index page and its notes)
    taken in order until it holds the part's number of notes, with the
    venue and home index pages. How the time grows with the notes (the
    exponent between the two largest parts) gives an estimate of the whole
    tree's build when that does not finish within --mkdocs-timeout.
    """
    listings = sorted(path.parent for path in tree.glob("*/*/index.md"))
    parts = []
    for size in sorted(options.mkdocs_notes):
        project = out / "mkdocs-parts" / str(size)
        docs = project / "docs"
        notes = 0
        for page in tree.glob("**/index.md"):
            if page.parent.parent == tree or page.parent == tree:
                target = docs / page.relative_to(tree)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(page, target)
        for listing in listings:
            if notes >= size:
                break
            shutil.copytree(listing, docs / listing.relative_to(tree))
            notes += sum(1 for page in listing.glob("*.md") if page.name != "index.md")
        files = sum(1 for _ in docs.rglob("*.md"))
        built = _mkdocs_build(project, out, timeout=options.mkdocs_timeout)
        if built is None:
            return {}
        parts.append({"notes": notes, "markdown_files": files, **built})
        print(f"  mkdocs build of {notes} notes ({files} files): {built}")
    result = {"parts": parts}
    timed = [part for part in parts if part["seconds"]]
    total_files = sum(1 for _ in tree.rglob("*.md"))
    if len(timed) >= 2:
        small, large = timed[-2], timed[-1]
        exponent = math.log(large["seconds"] / small["seconds"]) / math.log(
            large["markdown_files"] / small["markdown_files"]
        )
        result["exponent"] = round(exponent, 2)
        result["estimated_full_s"] = round(
            large["seconds"] * (total_files / large["markdown_files"]) ** exponent
        )
    if options.mkdocs_full:
        result["full"] = _mkdocs_build(tree.parent, out, timeout=options.mkdocs_timeout)
    return result


# --- Processes ----------------------------------------------------------------


def _database(
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


def _manage(env: dict, *args: str, log: Path | None = None) -> None:
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    if log is None:
        subprocess.run(command, env=env, check=True, cwd=ROOT)
        return
    with open(log / "commands.log", "a") as file:
        file.write(f"\n$ {' '.join(args)}\n")
        file.flush()
        subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=file, stderr=file)


def _task(env: dict, *args: str):
    output = subprocess.run(
        [PYTHON, "-m", "bench.tasks", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _collectstatic() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
    }
    _manage(env, "collectstatic", "--no-input", "-v0")
    (STATIC_ROOT / STATIC_PAGE).parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def _server(env: dict, options, log_path: Path):
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


def _output(command: list[str], check: bool = True) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=check)
    except FileNotFoundError:
        return "(not installed)"
    return (done.stdout or done.stderr).strip() or "(no output)"


def _machine() -> dict:
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
        "os": _output(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _output(["psql", "-V"], check=False),
        "redis": _output(["redis-server", "--version"], check=False),
        "loadavg_at_start": os.getloadavg(),
    }


# --- Report ---------------------------------------------------------------------


def _save(report: dict, out: Path) -> None:
    (out / "results.json").write_text(json.dumps(report, indent=1))
    (out / "results.md").write_text(_markdown(report))


def _markdown(report: dict) -> str:
    lines = [f"Command: `{report['command']}`", ""]
    for run in report["runs"]:
        pages = run["pages"]
        lines += [
            f"### {run['database']}, {run['notes']:,} notes",
            "",
            f"Generated in {run['generate_s']} s. Area page: `{pages['area']}` "
            f"({pages['listing_notes']} notes); largest listing `{pages['largest']}` "
            f"({pages['largest_notes']} notes, 100 a page).",
            "",
            "| page | req/s | p50 ms | p95 ms | p99 ms | errors | × static |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for result in run["load"]:
            ratio = result["ratio"]
            lines.append(
                f"| {result['page']} | {result['rps']:.0f} | {result['p50_ms']:.1f} "
                f"| {result['p95_ms']:.1f} | {result['p99_ms']:.1f} "
                f"| {result['errors'] + result['non_2xx']} "
                f"| {'—' if ratio is None else f'{ratio:.2f}'} |"
            )
        static_cpu = run["cpu"][SCENARIOS[0][0]]["cpu_ms_p50"]
        lines += [
            "",
            "| page | CPU ms p50 | CPU ms p95 | × static (by CPU) |",
            "| --- | ---: | ---: | ---: |",
        ]
        for name, cpu in run["cpu"].items():
            lines.append(
                f"| {name} | {cpu['cpu_ms_p50']:.2f} | {cpu['cpu_ms_p95']:.2f} "
                f"| {static_cpu / cpu['cpu_ms_p50']:.2f} |"
            )
        lines += [
            "",
            "| page | SQL queries | bytes | slowest query ms | whole-table scans |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for url, counts in run["queries"].items():
            scans = "; ".join(run["scans"].get(url, [])) or "none"
            lines.append(
                f"| `{url}` | {counts['queries']} | {counts['bytes']:,} "
                f"| {run['slowest_query_ms'].get(url, 0)} | {scans} |"
            )
        approval = run.get("approval", {})
        lines += ["", f"Approval: {json.dumps(approval)}", ""]
        if "import" in run:
            lines += [f"Import and static rebuild: {json.dumps(run['import'])}", ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    main()
