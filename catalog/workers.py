"""Markdown rendered on every core while the main process writes.

Bulk loads (`generate_corpus`, `import_mkdocs`) spend most of their processor
time rendering Markdown. `worker_pool` forks processes for that work and
its `map_ahead` hands them the next batches while the caller writes the current
one; `RenderedAhead` gives their HTML to `notes_bulk_create`.

The workers are forked with Django loaded and never touch the database:
`worker_pool` forks them at once, before the caller opens its transaction,
and after closing the database connections (unless a caller's transaction
holds them, as in tests), so that they do not even inherit one.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from django.db import connections

from catalog.markup import render_markdown

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def worker_pool(
    workers: int, *, initializer: Callable | None = None, initargs: tuple = ()
) -> Iterator[Workers]:
    """Forked worker processes (none for one worker: this process works).

    With one worker the initializer runs here, so that `map_ahead` calls the
    same functions either way.
    """
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield Workers(None, 1)
        return
    if not any(connection.in_atomic_block for connection in connections.all()):
        connections.close_all()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=initializer,
        initargs=initargs,
    )
    try:
        # A fork-context pool starts all its processes on the first task: now,
        # before the caller's transaction begins.
        for started in [pool.submit(os.getpid) for _ in range(workers)]:
            started.result()
        yield Workers(pool, workers)
    finally:
        # After an error, batches not yet started are not worth waiting for.
        pool.shutdown(wait=True, cancel_futures=True)


class Workers:
    """The processes of a `worker_pool`."""

    def __init__(self, pool: Executor | None, count: int):
        self.pool, self.count = pool, count

    def map_ahead(
        self, function: Callable[[T], R], batches: Iterable[T]
    ) -> Iterator[R]:
        """`function(batch)` of each batch, in order.

        The processes work a few batches ahead of the caller (one each and one
        more), so they stay busy while it writes, and memory stays flat.
        """
        if self.pool is None:
            yield from map(function, batches)
            return
        batches = iter(batches)
        waiting = deque(
            self.pool.submit(function, batch)
            for batch in itertools.islice(batches, self.count + 1)
        )
        while waiting:
            result = waiting.popleft().result()
            for batch in itertools.islice(batches, 1):
                waiting.append(self.pool.submit(function, batch))
            yield result


def render_texts(texts: Sequence[str]) -> list[str]:
    """The HTML of each Markdown text, as the site renders it (for a worker)."""
    return [render_markdown(text) for text in texts]


class RenderedAhead:
    """A `render_map` for notes_bulk_create: HTML the workers already rendered.

    They run the same `render_markdown`; any text they did not render (none,
    normally) is rendered here.
    """

    def __init__(self, rendered: dict[str, str]):
        self.rendered = rendered

    def __call__(self, render, texts):
        for text in texts:
            ahead = self.rendered.get(text) if render is render_markdown else None
            yield render(text) if ahead is None else ahead
