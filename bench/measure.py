"""One database at one size: fill it, count each page's queries and save
their plans, then load the site under gunicorn with wrk, page by page."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

from bench.processes import ROOT, STATIC_PAGE, STATIC_ROOT, manage, server, task

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


def run_size(env: dict, database: str, size: int, options, out: Path) -> dict:
    label = f"{database}-{size}"
    print(f"\n== {database}, {size:,} notes ==")
    started = time.monotonic()
    manage(env, "generate_corpus", f"--notes={size}", f"--seed={SEED}", log=out)
    generated = time.monotonic() - started
    pages = task(env, "pages")
    urls = [pages[key] for key in QUERY_PAGES] + pages["search"][:1]
    queries = task(env, "queries", *urls)
    plans = task(env, "explain", *urls)
    (out / f"{label}-plans.json").write_text(json.dumps(plans, indent=1))
    task(env, "export", pages["area"], str(STATIC_ROOT / STATIC_PAGE))
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
    run["cpu"] = task(
        {**server_env, "CACHE_KEY_PREFIX": f"{server_env['CACHE_KEY_PREFIX']}-cpu"},
        "cpu",
        json.dumps(
            [
                [name, pages[key] if key != "search" else pages[key][0], cold]
                for name, key, cold in SCENARIOS
            ]
        ),
    )
    with server(server_env, options, out / f"{label}-gunicorn.log"):
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
    return task(
        env, "approve", pages["note"], _base(options), pages["note"], pages["area"]
    )
