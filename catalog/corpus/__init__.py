"""A synthetic corpus shaped like the real one, for benchmarks and scale tests.

The registry's venues and 50 areas, listings of very different sizes (a few
areas and venues hold most notes, many listings a handful), topics and keywords
with a long tail, and notes of the real length: a TL;DR with some math and a
body of 5-10 kB with sections, lists, a table and display math, and what real
notes hold besides (authors, math in titles and table cells, notes not rated
yet). `generator` makes them from a seed; `vocabulary` holds what they are
made of; catalog.services.corpus writes them into the database, or `tree`
(with `pages` for the home and venue pages, over the registry `site` holds
in memory) writes them as a source tree in the real format.
"""

from catalog.corpus.generator import Corpus, NoteKey

__all__ = ["Corpus", "NoteKey"]
