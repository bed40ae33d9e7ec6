"""The run's report: results.json and the tables of results.md."""

from __future__ import annotations

import json
from pathlib import Path

from bench.measure import SCENARIOS


def save(report: dict, out: Path) -> None:
    (out / "results.json").write_text(json.dumps(report, indent=1))
    (out / "results.md").write_text(markdown(report))


def markdown(report: dict) -> str:
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
