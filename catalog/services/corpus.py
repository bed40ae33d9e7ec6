"""Write a synthetic corpus (catalog.corpus) into the database.

`corpus_plan` completes the registry up to the real site's 50 areas and works
out where each of the first N notes of a seed goes, and which are not there
yet; `corpus_write` writes those, published, through `notes_bulk_create` (the
service that writes what `note_upsert` writes), with the Markdown rendered on
every core while the batch before is written. Safe to run twice: notes already
there are left alone, so an interrupted run resumes.

`corpus_tree_write` writes the first N notes of a seed as a source tree in
the real format instead (catalog.corpus.tree), for `import_mkdocs`; it reads
and writes no rows: the real site's registry is held in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection

from catalog.corpus import Corpus, NoteKey
from catalog.corpus.site import site_registry
from catalog.corpus.tree import TreeProgress, TreeWritten, tree_write
from catalog.corpus.vocabulary import EXTRA_AREAS
from catalog.markup import render_markdown
from catalog.models import Area, AreaGroup, Paper, Venue
from catalog.notedata import NoteContent
from catalog.registry import registry_load
from catalog.services.imports import notes_bulk_create
from catalog.services.registry import area_ensure
from catalog.workers import RenderedAhead, worker_pool

BATCH = 500


@dataclass
class CorpusPlan:
    corpus: Corpus
    # Every note of the first N, in order, and those not written yet.
    keys: list[NoteKey]
    todo: list[NoteKey]

    def listing_sizes(self) -> Counter[tuple[str, str]]:
        """Notes per (venue code, area slug) among the planned ones."""
        return Counter((key.venue.code, key.area.slug) for key in self.keys)


def corpus_plan(*, notes: int, seed: int, dry_run: bool = False) -> CorpusPlan:
    """The first `notes` notes of the seed's corpus; a dry run adds no area."""
    venues, areas = _registry(dry_run=dry_run)
    corpus = Corpus(seed=seed, venues=venues, areas=areas)
    keys = [corpus.key(number) for number in range(notes)]
    existing = set(Paper.objects.values_list("venue_id", "area_id", "slug"))
    return CorpusPlan(
        corpus=corpus, keys=keys, todo=[key for key in keys if key.id not in existing]
    )


def corpus_write(
    *,
    plan: CorpusPlan,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write the plan's notes not there yet; `progress(done, total)` after
    each batch."""
    todo = plan.todo
    batches = [todo[done : done + BATCH] for done in range(0, len(todo), BATCH)]
    done = 0
    with worker_pool(
        workers, initializer=_worker_start, initargs=(plan.corpus,)
    ) as pool:
        for built in pool.map_ahead(_build, batches):
            notes_bulk_create(
                contents=[content for content, _html in built],
                render_map=RenderedAhead(
                    {text: html for _c, pairs in built for text, html in pairs}
                ),
                # Made-up events of a synthetic corpus: not worth a log
                # line each.
                log_events=False,
            )
            done += len(built)
            if progress is not None:
                progress(done, len(todo))
    with connection.cursor() as cursor:
        # Fresh statistics after a bulk load: SQLite keeps none until asked,
        # and without them it reads whole note rows where an index would do.
        # PostgreSQL's VACUUM also marks the new rows visible to all, so
        # that its index-only scans need not read them (autovacuum would,
        # some time later); it cannot run inside a transaction (tests).
        postgresql = connection.vendor == "postgresql"
        vacuum = postgresql and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def corpus_tree_plan(*, notes: int, seed: int) -> CorpusPlan:
    """The first `notes` notes of the seed's corpus over the real site's
    registry (catalog.corpus.site), without the database."""
    venues, areas = site_registry()
    corpus = Corpus(seed=seed, venues=venues, areas=_by_slug(areas))
    keys = [corpus.key(number) for number in range(notes)]
    return CorpusPlan(corpus=corpus, keys=keys, todo=keys)


def corpus_tree_write(
    *, plan: CorpusPlan, root: Path, progress: TreeProgress | None = None
) -> TreeWritten:
    """Write the plan's notes under root (a `docs/` folder), which must be
    empty or missing: files of another run would mix with these."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ValidationError(f"{root} is not an empty folder.")
    return tree_write(corpus=plan.corpus, keys=plan.keys, root=root, progress=progress)


def _by_slug(areas: list[Area]) -> list[Area]:
    return sorted(areas, key=lambda area: area.slug)


# The corpus a worker process builds notes from, set when it starts.
_corpus: Corpus | None = None


def _worker_start(corpus: Corpus) -> None:
    global _corpus
    _corpus = corpus


def _build(keys: list[NoteKey]) -> list[tuple[NoteContent, list[tuple[str, str]]]]:
    """Contents of these notes, each with its texts rendered to HTML."""
    built = []
    for key in keys:
        content = _corpus.content(key)
        texts = (content.summary, content.body)
        built.append((content, [(text, render_markdown(text)) for text in texts]))
    return built


def _registry(*, dry_run: bool) -> tuple[list[Venue], list[Area]]:
    """The registry's venues and the 50 areas, adding what is missing."""
    if not dry_run:
        registry_load(Venue, AreaGroup, Area)
        for slug, name, emoji, group in EXTRA_AREAS:
            area_ensure(slug=slug, name=name, emoji=emoji, group=group)
    venues = list(Venue.objects.order_by("position", "code"))
    areas = list(Area.objects.select_related("group").order_by("slug"))
    if not venues or not areas:
        raise ValidationError("The registry is empty; run without --dry-run once.")
    return venues, areas
