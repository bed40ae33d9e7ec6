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
import os
import shutil
import sys
import time
from pathlib import Path

# Run as a script (python bench/run.py): the project root holds the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import run_size  # noqa: E402
from bench.processes import (  # noqa: E402
    PYTHON,
    RESULTS,
    collectstatic,
    database_env,
    machine,
    manage,
    output,
)
from bench.rebuild import import_and_rebuild  # noqa: E402
from bench.summary import save  # noqa: E402


def main() -> None:
    options = _arguments()
    # After the arguments, so that --help works without wrk.
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    out = RESULTS / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    report = {
        "command": " ".join([Path(PYTHON).name, *sys.argv]),
        "machine": machine(),
        "settings": {
            "duration_s": options.duration,
            "connections": options.connections,
            "gunicorn_workers": options.workers,
            "wrk": output(["wrk", "--version"], check=False).splitlines()[0],
        },
        "runs": [],
    }
    print(f"Results in {out}")
    collectstatic()
    for database in options.databases:
        for size in sorted(options.sizes):
            env = database_env(
                database,
                name=f"{options.name}_{size}",
                out=out,
                postgres_url=options.postgres_url,
                reuse=options.reuse,
            )
            manage(env, "migrate", "--no-input", "-v0")
            run = run_size(env, database, size, options, out)
            if database == options.databases[0] and size == options.import_notes:
                run["import"] = import_and_rebuild(env, database, out, options)
            report["runs"].append(run)
            save(report, out)
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


if __name__ == "__main__":
    main()
