"""Search on PostgreSQL: the tsvector column `Note.search_vector`.

It has a GIN index (made by migration 0005 only on PostgreSQL) and holds the
four fields weighted A, B, C and D in the `english` configuration; ranked by
`ts_rank()`, which counts the best-weighted occurrence in full and the
others at a fraction. Notes are ordered by the same fields as on SQLite,
then by ts_rank, and in the same way: `Note.search_head` (title, tags and
summary, without the body; small enough to stay in the row) has GIN indexes
for its title, title and tags, and whole (migration 0010), so only the
fields the page reaches are ranked, and the body's vector, stored apart, is
read only past every match of the head.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connections
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.safestring import mark_safe

from catalog.models import Note
from catalog.search.parser import ParsedQuery, Phrase
from catalog.search.results import (
    SNIPPET_WORDS,
    START,
    STOP,
    UNSHOWN_FIELDS,
    SearchHit,
    SearchPage,
    snippet_html,
)

CONFIG = "english"
# ts_rank weights, in PostgreSQL's order D, C, B, A: body, summary, tags, title.
POSTGRESQL_WEIGHTS = [0.1, 0.2, 0.4, 1.0]

# What "<" and ">" become in the text given to ts_headline, and back after.
_TAG_STANDINS = "\x01\x04"


def _phrase_query(phrase: Phrase) -> SearchQuery:
    return SearchQuery(phrase.text, search_type="phrase", config=CONFIG)


def postgresql_highlight_query(query: ParsedQuery) -> SearchQuery:
    """Any of the wanted phrases: ts_headline marks nothing in a text that
    does not match its query as a whole, and a summary rarely holds every
    word of a note's match. FTS5's snippet() marks each phrase found."""
    return reduce(or_, map(_phrase_query, query.wanted))


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
    params: dict = {
        "now": timezone.now(),
        "end": offset + limit,
        "limit": limit,
        "offset": offset,
        "cap": cap,
        "weights": POSTGRESQL_WEIGHTS,
    }

    def phrase(item: Phrase) -> str:
        name = f"p{len(params)}"
        params[name] = item.text
        return f"phraseto_tsquery('{CONFIG}', %({name})s)"

    wanted = " || ".join(map(phrase, query.wanted))
    positive = " && ".join(
        "(" + " || ".join(map(phrase, clause)) + ")" for clause in query.clauses
    )
    tsquery = positive + "".join(f" && !!{phrase(p)}" for p in query.excluded)
    params.update(
        venue=getattr(filters["venue"], "pk", None),
        area=getattr(filters["area"], "pk", None),
        topic=getattr(filters["topic"], "pk", None),
    )
    # A note matches if its whole vector does; when nothing is excluded, its
    # head matching is enough, and is read without the body (TOAST). Among
    # the notes of a head's index, this is a test of each, not an index scan
    # (IS TRUE): the GIN lists of a common word are long.
    match = "n.search_vector @@ q.query"
    if not query.excluded:
        match = f"(n.search_head @@ q.query OR {match})"
    tested = f"({match}) IS TRUE"
    found = """catalog_note n WHERE n.is_live AND n.published_at <= %(now)s
        AND (%(venue)s::bigint IS NULL OR n.paper_id IN (
            SELECT id FROM catalog_paper WHERE venue_id = %(venue)s))
        AND (%(area)s::bigint IS NULL OR n.paper_id IN (
            SELECT id FROM catalog_paper WHERE area_id = %(area)s))
        AND (%(topic)s::bigint IS NULL OR n.id IN (
            SELECT content_object_id FROM catalog_taggedtopic
            WHERE tag_id = %(topic)s))"""
    # The head's tiers, best first, each through a GIN index (migration
    # 0010): with several words, the titles holding all of them, then the
    # titles holding any; the title or the tags; the whole head.
    tiers = [
        "ts_filter(n.search_head, '{a}') @@ q.wanted",
        "ts_filter(n.search_head, '{a,b}') @@ q.wanted",
        "n.search_head @@ q.wanted",
    ]
    if len(query.clauses) > 1:
        tiers.insert(0, "ts_filter(n.search_head, '{a}') @@ q.positive")
    body = len(tiers) + 1

    def count(condition: str, most: str) -> str:
        return f"""(SELECT count(*) FROM (SELECT 1 FROM {found} AND {condition}
                    LIMIT {most}) AS counted)"""

    # Up to `cap`: through the head's index alone when it holds enough.
    total = count(match, "%(cap)s")
    if not query.excluded:
        total = f"""CASE WHEN %(cap)s <= {count("n.search_head @@ q.query", "%(cap)s")}
                    THEN %(cap)s ELSE {total} END"""

    field = " ".join(
        f"WHEN {tier} THEN {number}" for number, tier in enumerate(tiers, start=1)
    )
    score = """CASE WHEN n.search_head @@ q.wanted
                    THEN ts_rank(%(weights)s::real[], n.search_head, q.query)
                    ELSE ts_rank(%(weights)s::real[], n.search_vector, q.query)
               END"""

    # The matches of each tier and those above it.
    in_head = [f"{tier} AND {tested}" for tier in tiers]

    def branch(fields: int, condition: str) -> str:
        return f"""SELECT n.id, CASE {field} ELSE {body} END AS field,
                   {score} AS score
                   FROM q, plan, {found} AND plan.fields = {fields}
                   AND {condition}"""

    reached = " ".join(
        f"WHEN %(end)s <= {count(condition, '%(end)s')} THEN {number}"
        for number, condition in enumerate(in_head, start=1)
    )
    branches = " UNION ALL ".join(
        [
            *(
                branch(number, condition)
                for number, condition in enumerate(in_head, start=1)
            ),
            branch(body, match),
        ]
    )

    # As on SQLite: `fields`, how many fields from the title down hold the
    # notes down to the page's last one (counted only as far as the page,
    # through the head's indexes), and only those notes are ranked; the
    # body, stored apart, is read only for a page past every head match.
    # The total is counted up to `cap`.
    sql = f"""
        WITH q AS MATERIALIZED (
            SELECT {tsquery} AS query, {wanted} AS wanted, {positive} AS positive
        ), plan AS MATERIALIZED (
            SELECT CASE {reached} ELSE {body} END AS fields
            FROM q
        ), page AS (
            {branches}
            ORDER BY field, score DESC, id
            LIMIT %(limit)s OFFSET %(offset)s
        )
        SELECT page.id, (SELECT {total} FROM q)
        FROM page ORDER BY field, score DESC, id
    """
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return SearchPage([], 0)
    return SearchPage(_hits(query, rows, snippets, using), rows[0][1])


def _hits(query: ParsedQuery, rows, snippets: bool, using: str) -> list[SearchHit]:
    """The page's notes in rank order, each with its headline if wanted."""
    found = Note.objects.using(using).for_listing()
    if snippets:
        # Headlines are the costly part of a search: made for the page only.
        # The body is loaded too, unlike a listing: headlines are checked
        # against it.
        wanted = postgresql_highlight_query(query)
        found = (
            found.defer(None)
            .defer(*UNSHOWN_FIELDS)
            .annotate(
                summary_headline=_headline("summary", wanted),
                body_headline=_headline("body", wanted),
            )
        )
    found = found.in_bulk([pk for pk, _total in rows])
    hits = []
    brackets = str.maketrans(_TAG_STANDINS, "<>")
    for pk, _total in rows:
        note = found.get(pk)
        if note is None:  # deleted since the first query
            continue
        snippet = mark_safe("")
        if snippets:
            snippet = snippet_html(
                _with_ellipses(note.summary_headline.translate(brackets), note.summary),
                _with_ellipses(note.body_headline.translate(brackets), note.body),
            )
        hits.append(SearchHit(note, snippet))
    return hits


def _headline(field: str, query: SearchQuery) -> SearchHeadline:
    # ts_headline leaves out whatever looks like an HTML tag ("<think>",
    # "<eos>"), which FTS5's snippet shows: the brackets go in as stand-ins.
    text = F(field)
    for bracket, standin in zip("<>", _TAG_STANDINS, strict=True):
        text = Replace(text, Value(bracket), Value(standin))
    return SearchHeadline(
        text,
        query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
    )


def _with_ellipses(headline: str, text: str) -> str:
    """Mark where a PostgreSQL headline cuts the text, as FTS5's snippet does."""
    plain = headline.replace(START, "").replace(STOP, "").strip()
    start = text.find(plain)
    if not plain or start < 0:
        return headline
    before = "…" if text[:start].strip() else ""
    after = "…" if text[start + len(plain) :].strip() else ""
    return f"{before}{headline.strip()}{after}"


# --- The index ----------------------------------------------------------------


def _words(sql: str) -> str:
    """`sql` with punctuation turned into spaces, as FTS5 reads it (a regular
    expression: several times faster than translate() on a long body)."""
    return f"regexp_replace({sql}, '[[:punct:]]', ' ', 'g')"


def _weighted(sql: str, weight: str) -> str:
    return f"setweight(to_tsvector('{CONFIG}', {_words(sql)}), '{weight}')"


# The names of a note's topics and of its paper's keywords, in one string.
_TAGS = """concat_ws(' ',
    (SELECT string_agg(t.name, ' ')
     FROM catalog_taggedtopic tt JOIN catalog_topic t ON t.id = tt.tag_id
     WHERE tt.content_object_id = n.id),
    (SELECT string_agg(k.name, ' ')
     FROM catalog_taggedkeyword tk JOIN catalog_keyword k ON k.id = tk.tag_id
     WHERE tk.content_object_id = p.id))"""
_HEAD = " || ".join(
    [_weighted("p.title", "A"), _weighted(_TAGS, "B"), _weighted("n.summary", "C")]
)
# One statement sets or clears the vectors of every given note: the head
# (title, tags, summary) and the whole note, head and body.
_UPDATE = f"""
    UPDATE catalog_note AS n
    SET search_head = CASE WHEN n.is_live THEN {_HEAD} END,
        search_vector = CASE WHEN n.is_live THEN
            {_HEAD} || {_weighted("n.body", "D")}
        END
    FROM catalog_paper AS p
    WHERE p.id = n.paper_id AND ({{where}})
"""


def index_notes(cursor, ids: list[int]) -> None:
    """Set the vectors of these notes: the live ones indexed, others cleared."""
    cursor.execute(_UPDATE.format(where="n.id = ANY(%s)"), [ids])


def index_rebuild(cursor) -> None:
    """Index every note anew."""
    cursor.execute(_UPDATE.format(where="TRUE"))
