"""Import a real-format source tree of the real site's size, and again unchanged.

    python bench/import_tree.py                  # 15,000 notes, SQLite and PostgreSQL
    python bench/import_tree.py --databases sqlite --notes 2000

It writes the synthetic corpus of `--seed` as a source tree in the real format
(`generate_corpus --tree`: home page, venue pages, listings, notes with their
imperfections and related links), then for each database: a fresh, empty
database of its own (`bench_tree`: bench/results/bench_tree.sqlite3, or that
database on the PostgreSQL server; never the tests' database), `migrate`,
then `import_mkdocs` of the tree, timed, with its progress on screen, and
`import_mkdocs` of the same tree once more, which must change nothing, timed.

Targets (docs/PERFORMANCE.md, "Importing a real-format tree"): the import
under 60 s and the unchanged re-import under 15 s on both databases, on the
2-core machine described there. Results go to
bench/results/tree-<time>/ (results.json, results.md, each command's output).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Run as a script (python bench/import_tree.py): the project root holds bench.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.processes import PYTHON, RESULTS, ROOT, database_env, machine  # noqa: E402

TARGETS = {"import_s": 60, "reimport_s": 15}
_IMPORTED = re.compile(
    r"Imported: created (?P<created>\d+), updated (?P<updated>\d+), "
    r"unchanged (?P<unchanged>\d+), related links (?P<links>\d+) "
    r"\((?P<missing>\d+) targets missing\)"
)


def main() -> None:
    options = _arguments()
    out = RESULTS / time.strftime("tree-%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    print(f"Results in {out}")
    report = {
        "command": " ".join([Path(PYTHON).name, *sys.argv]),
        "machine": machine(),
        "notes": options.notes,
        "seed": options.seed,
        "workers": options.workers,
        "registry": options.registry,
        "runs": [],
    }
    docs = options.tree or out / "docs"
    if options.tree is None:
        print(f"\n== Writing the {options.notes:,}-note tree into {docs}")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        report["tree"] = _timed(
            env,
            ["generate_corpus", f"--notes={options.notes}", f"--seed={options.seed}"]
            + ["--tree", str(docs)],
            out / "generate.log",
        )
    report["tree_files"] = sum(1 for _ in docs.rglob("*.md"))
    report["tree_bytes"] = sum(path.stat().st_size for path in docs.rglob("*.md"))
    for database in options.databases:
        print(f"\n== {database}: a fresh database `{options.name}`")
        env = database_env(
            database, name=options.name, out=out, postgres_url=options.postgres_url
        )
        # The tree is read from the home page up: a fresh site knows only
        # what the migrations load.
        _timed(env, ["migrate", "--no-input", "-v0"], out / f"{database}-migrate.log")
        if options.registry == "corpus":
            _timed(env, ["generate_corpus", "--notes=0"], out / f"{database}-areas.log")
        run = {"database": database}
        for step, label in (("import", "import"), ("reimport", "unchanged re-import")):
            print(f"\n-- {database}: {label} of {docs}")
            command = ["import_mkdocs", str(docs), f"--workers={options.workers}"]
            result = _timed(env, command, out / f"{database}-{step}.log")
            run[f"{step}_s"] = result["seconds"]
            run[step] = result
            print(
                f"   {label}: {result['seconds']} s wall, {result['cpu_s']} s CPU "
                f"(this process and its workers), load {result['load_before']} → "
                f"{result['load_after']}"
            )
        run["unchanged_ok"] = (
            run["reimport"].get("created") == 0 and run["reimport"].get("updated") == 0
        )
        report["runs"].append(run)
        _save(report, out)
        if database == "sqlite" and not options.keep:
            for path in out.parent.glob(f"{options.name}.sqlite3*"):
                path.unlink()
    if options.tree is None and not options.keep:
        shutil.rmtree(docs)
    print()
    print((out / "results.md").read_text())


def _timed(env: dict, args: list[str], log: Path) -> dict:
    """Run a management command; its stdout on screen and in the log, its
    stderr (the event log, warnings) in the log only."""
    load_before = round(os.getloadavg()[0], 1)
    used_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with open(log, "w") as file, open(log.with_suffix(".err"), "w") as errors:
        file.write(f"$ manage.py {' '.join(args)}\n")
        process = subprocess.Popen(
            [PYTHON, str(ROOT / "manage.py"), *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        printed = []
        for line in process.stdout:
            file.write(line)
            printed.append(line)
            print(f"   {line}", end="", flush=True)
        if process.wait():
            raise SystemExit(f"manage.py {args[0]} failed: see {log} and its .err")
    seconds = time.monotonic() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (used.ru_utime - used_before.ru_utime) + (
        used.ru_stime - used_before.ru_stime
    )
    result = {
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu, 1),
        "load_before": load_before,
        "load_after": round(os.getloadavg()[0], 1),
        "warnings": sum(
            1
            for line in log.with_suffix(".err").read_text().splitlines()
            if line.startswith("warning:")
        ),
    }
    if match := _IMPORTED.search("".join(printed)):
        result.update({key: int(value) for key, value in match.groupdict().items()})
    return result


def _save(report: dict, out: Path) -> None:
    (out / "results.json").write_text(json.dumps(report, indent=1))
    lines = [
        f"Command: `{report['command']}`",
        "",
        f"{report['notes']:,} notes (seed {report['seed']}): "
        f"{report['tree_files']:,} Markdown files, "
        f"{report['tree_bytes'] / 1e6:,.0f} MB"
        + (f", written in {report['tree']['seconds']} s." if "tree" in report else "."),
        "",
        "| database | import s | CPU s | unchanged re-import s | CPU s | "
        "created | unchanged | related links (targets missing) | warnings | "
        "load before → after |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in report["runs"]:
        first, again = run["import"], run["reimport"]
        lines.append(
            f"| {run['database']} | **{first['seconds']}** | {first['cpu_s']} "
            f"| **{again['seconds']}** | {again['cpu_s']} "
            f"| {first.get('created', '?'):,} | {again.get('unchanged', '?'):,} "
            f"| {first.get('links', 0):,} ({first.get('missing', 0):,}) "
            f"| {first['warnings']:,} "
            f"| {first['load_before']} → {again['load_after']} |"
        )
    lines += ["", "Targets: " + ", ".join(f"{k} < {v}" for k, v in TARGETS.items())]
    for run in report["runs"]:
        met = all(run[key] < limit for key, limit in TARGETS.items())
        lines.append(
            f"- {run['database']}: {'met' if met else 'MISSED'}"
            + ("" if run["unchanged_ok"] else " (the re-import changed notes!)")
        )
    (out / "results.md").write_text("\n".join(lines) + "\n")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=15000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", "postgresql"],
        default=["sqlite", "postgresql"],
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="import_mkdocs --workers (default: one per core, as the command).",
    )
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--name",
        default="bench_tree",
        help="The database: a PostgreSQL database, or bench/results/<name>.sqlite3.",
    )
    parser.add_argument(
        "--tree",
        type=Path,
        help="Import this docs/ folder instead of writing one.",
    )
    parser.add_argument(
        "--registry",
        choices=["tree", "corpus"],
        default="tree",
        help="Where the site learns its venues and areas: from the tree (a fresh "
        "site, as a new user imports), or from generate_corpus --notes=0 first.",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Keep the written tree and the SQLite database afterwards.",
    )
    return parser.parse_args()


if __name__ == "__main__":
    main()
