"""Once per run: export the corpus as an MkDocs tree, time its import into an
empty database, and time `mkdocs build` of growing parts of it."""

from __future__ import annotations

import math
import shutil
import subprocess
import time
from pathlib import Path

from bench.processes import PYTHON, RESULTS, database_env, manage


def import_and_rebuild(env: dict, database: str, out: Path, options) -> dict:
    tree = out / "mkdocs" / "docs"
    started = time.monotonic()
    manage(env, "export_mkdocs", str(tree), log=out)
    exported = time.monotonic() - started
    files = sum(1 for _ in tree.rglob("*.md"))
    target = database_env(
        database, name="bench_import", out=out, postgres_url=options.postgres_url
    )
    manage(target, "migrate", "--no-input", "-v0")
    # The corpus uses all 50 areas: the registry has to know them first.
    manage(target, "generate_corpus", "--notes=0", log=out)
    started = time.monotonic()
    manage(target, "import_mkdocs", str(tree), log=out)
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
