"""Search on SQLite: the FTS5 table `catalog_note_fts`.

Made by migration 0005 only on SQLite: one row per live note with rowid =
note id. Text columns title, tags (topics and keywords), summary and body,
tokenised by `porter unicode61` so that "models" finds "model"; ranked by
`bm25()`. A fifth column, facets, holds tokens for the note's venue, area
and topics (`venue3 area7 topic12`): the filters are matched inside the
index, so a search never reads a matching note's row, which on SQLite means
its whole body.

The bm25 column weights are ten times apart, more than bm25's term-frequency
and length factors can make up for, and the rule of fields is kept strictly,
which is what keeps a search fast: a note's field is the best one holding
any wanted phrase (with several words, a title holding all of them before a
title holding some); notes are ranked by field, then by bm25 of the query;
and bm25, costly at 100,000 notes, is computed only for the fields the page
reaches (only the title matches, for the first pages of a common word),
since FTS5 finds and counts the notes of a field cheaply. For one word or
phrase this is bm25's own order.
"""

from __future__ import annotations

from django.db import connections
from django.utils import timezone

from catalog.models import Note
from catalog.search.parser import ParsedQuery
from catalog.search.results import (
    SNIPPET_WORDS,
    START,
    STOP,
    UNSHOWN_FIELDS,
    SearchHit,
    SearchPage,
    snippet_html,
)

SQLITE_TEXT_COLUMNS = ("title", "tags", "summary", "body")
# bm25 weights of the FTS5 columns: the text columns, then facets (no weight).
SQLITE_WEIGHTS = (1000.0, 100.0, 10.0, 1.0, 0.0)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_match(query: ParsedQuery, *, facets: tuple[str, ...] = ()) -> str:
    """The FTS5 MATCH expression of a parsed query, limited to notes that
    carry every one of `facets` (see `sqlite_facets`).

    Every phrase is quoted, so nothing the reader typed is read as FTS5
    syntax, and looked for in the text columns only.
    """
    positive = _fts5_positive(query)
    excluded = "".join(f" NOT {_quoted(phrase.text)}" for phrase in query.excluded)
    match = f"{{{' '.join(SQLITE_TEXT_COLUMNS)}}} : (({positive}){excluded})"
    return " AND ".join([match, *(f"facets : {_quoted(facet)}" for facet in facets)])


def _fts5_positive(query: ParsedQuery) -> str:
    """Every clause, each any of its phrases: what a match must hold."""
    return " AND ".join(
        "(" + " OR ".join(_quoted(phrase.text) for phrase in clause) + ")"
        for clause in query.clauses
    )


def sqlite_facets(*, venue=None, area=None, topic=None) -> tuple[str, ...]:
    """The tokens of the FTS5 `facets` column that stand for these filters.

    Filtering inside the full-text index costs a merge of two lists of rows;
    joining the notes would read each matching note's row, body and all.
    """
    return tuple(
        f"{name}{obj.pk}"
        for name, obj in (("venue", venue), ("area", area), ("topic", topic))
        if obj is not None
    )


def fts5_field_match(query: ParsedQuery, match: str, fields: int) -> str:
    """`match` narrowed to the notes with a wanted phrase in one of the first
    `fields` text columns (title; title or tags; …)."""
    wanted = " OR ".join(_quoted(phrase.text) for phrase in query.wanted)
    columns = " ".join(SQLITE_TEXT_COLUMNS[:fields])
    return f"({match}) AND {{{columns}}} : ({wanted})"


def fts5_tiers(query: ParsedQuery, match: str) -> list[str]:
    """`match` narrowed to each field tier, best first: with several words,
    the titles holding all of them, then the titles holding any; the title
    or the tags; the title, tags or summary. A note's tier is the first that
    holds it; the body is the tier after the last."""
    tiers = [fts5_field_match(query, match, fields) for fields in (1, 2, 3)]
    if len(query.clauses) > 1:
        title = SQLITE_TEXT_COLUMNS[0]
        tiers.insert(0, f"({match}) AND {title} : ({_fts5_positive(query)})")
    return tiers


def search(
    query: ParsedQuery,
    filters: dict,
    offset: int,
    limit: int,
    snippets: bool,
    using: str,
    cap: int,
) -> SearchPage:
    """One page of the published notes matching `query`, and their count up
    to `cap` (see `catalog.search.search_notes`)."""
    match = fts5_match(query, facets=sqlite_facets(**filters))
    # The notes whose best field is the title, or one of the first two
    # fields, or of the first three: bm25 is costly (a word found in every
    # note costs 80 ms at 100,000 notes), iterating the index is not, so
    # the page's notes are ranked among the fields it needs only.
    tiers = fts5_tiers(query, match)
    body = len(tiers) + 1
    weights = ", ".join(map(str, SQLITE_WEIGHTS))

    def count(expression: str) -> str:
        return f"""(SELECT count(*) FROM catalog_note_fts
                    WHERE catalog_note_fts MATCH {expression}
                      AND rowid NOT IN unpublished)"""

    def in_fields(expression: str) -> str:
        return f"""+rowid IN (SELECT rowid FROM catalog_note_fts
                              WHERE catalog_note_fts MATCH {expression})"""

    names = [f"%(tier{number})s" for number in range(1, body)]
    reached = " ".join(
        f"WHEN %(end)s <= {count(name)} THEN {number}"
        for number, name in enumerate(names, start=1)
    )
    field = " ".join(
        f"WHEN (SELECT fields FROM plan) = {number} OR {in_fields(name)} THEN {number}"
        for number, name in enumerate(names, start=1)
    )
    candidates = " ".join(
        f"WHEN {number} THEN {name}" for number, name in enumerate(names, start=1)
    )
    # Only live notes are in the index; of those, the published ones are the
    # ones whose time has come: the few scheduled notes are left out by the
    # index on published_at alone. `fields`: how many tiers, from the first
    # down, hold the notes down to the page's last one; counting is cheap,
    # and CASE counts only as far as it needs. A note's `field` is its
    # best; the IN lists are built only for a page past the first tier.
    sql = f"""
        WITH unpublished AS (
            SELECT id FROM catalog_note
            WHERE published_at > %(now)s OR published_at IS NULL
        ), plan AS MATERIALIZED (
            SELECT CASE {reached} ELSE {body} END AS fields
        ), page AS (
            SELECT rowid AS id,
                   CASE {field} ELSE {body} END AS field,
                   bm25(catalog_note_fts, {weights}) AS score
            FROM catalog_note_fts
            WHERE catalog_note_fts MATCH %(match)s
              AND +rowid IN (
                  SELECT rowid FROM catalog_note_fts
                  WHERE catalog_note_fts MATCH (
                      SELECT CASE fields {candidates} ELSE %(match)s END FROM plan
                  )
              )
              AND rowid NOT IN unpublished
            ORDER BY field, score, rowid
            LIMIT %(limit)s OFFSET %(offset)s
        )
    """
    params = {
        "now": timezone.now(),
        "end": offset + limit,
        "match": match,
        "limit": limit,
        "offset": offset,
        "cap": cap,
        **{f"tier{number}": tier for number, tier in enumerate(tiers, start=1)},
    }
    total = """(SELECT count(*) FROM (
                  SELECT 1 FROM catalog_note_fts
                  WHERE catalog_note_fts MATCH %(match)s
                    AND rowid NOT IN unpublished LIMIT %(cap)s))"""
    if snippets:
        # Made for the page's notes only: in the ranking query SQLite would
        # make a snippet for every match before sorting them.
        snippet = "snippet(catalog_note_fts, {}, %(start)s, %(stop)s, '…', {})"
        sql += f"""
            SELECT page.id, {total},
                   {snippet.format(2, SNIPPET_WORDS)},
                   {snippet.format(3, SNIPPET_WORDS)}
            FROM page JOIN catalog_note_fts ON catalog_note_fts.rowid = page.id
            WHERE catalog_note_fts MATCH %(match)s
            ORDER BY page.field, page.score, page.id
        """
        params.update(start=START, stop=STOP)
    else:
        sql += f"SELECT id, {total}, '', '' FROM page ORDER BY field, score, id"
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return SearchPage([], 0)
    # published() again: a note changed behind the services' back stays hidden.
    found = (
        Note.objects.using(using)
        .published()
        .for_listing()
        .defer(*UNSHOWN_FIELDS)
        .in_bulk([row[0] for row in rows])
    )
    hits = [
        SearchHit(found[pk], snippet_html(summary, body))
        for pk, _total, summary, body in rows
        if pk in found
    ]
    return SearchPage(hits, rows[0][1])


# --- The index ----------------------------------------------------------------

_DELETE = "DELETE FROM catalog_note_fts WHERE rowid IN ({ids})"
_INSERT = """
    INSERT INTO catalog_note_fts (rowid, title, tags, summary, body, facets)
    SELECT n.id, p.title,
           coalesce((SELECT group_concat(t.name, ' ')
                     FROM catalog_taggedtopic tt
                     JOIN catalog_topic t ON t.id = tt.tag_id
                     WHERE tt.content_object_id = n.id), '')
           || ' ' ||
           coalesce((SELECT group_concat(k.name, ' ')
                     FROM catalog_taggedkeyword tk
                     JOIN catalog_keyword k ON k.id = tk.tag_id
                     WHERE tk.content_object_id = p.id), ''),
           n.summary, n.body,
           'venue' || p.venue_id || ' area' || p.area_id
           || coalesce((SELECT ' ' || group_concat('topic' || tt.tag_id, ' ')
                        FROM catalog_taggedtopic tt
                        WHERE tt.content_object_id = n.id), '')
    FROM catalog_note n JOIN catalog_paper p ON p.id = n.paper_id
    WHERE n.is_live AND ({where})
"""


def index_notes(cursor, ids: list[int]) -> None:
    """Replace the rows of these notes: the live ones indexed, others gone."""
    placeholders = ", ".join(["%s"] * len(ids))
    cursor.execute(_DELETE.format(ids=placeholders), ids)
    cursor.execute(_INSERT.format(where=f"n.id IN ({placeholders})"), ids)


def index_rebuild(cursor) -> None:
    """Index every live note anew."""
    cursor.execute("DELETE FROM catalog_note_fts")
    cursor.execute(_INSERT.format(where="1"))
    # Merge the index into one b-tree, as after any bulk load.
    cursor.execute(
        "INSERT INTO catalog_note_fts (catalog_note_fts) VALUES ('optimize')"
    )
