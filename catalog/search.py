"""Full-text search of the published notes, inside the database.

Two backends behave the same way, and `tests/test_search.py` runs on both:

* SQLite, the embedded default: the FTS5 table `catalog_note_fts` (made by
  migration 0005 only on SQLite), one row per live note with rowid = note id.
  Text columns title, tags (topics and keywords), summary and body, tokenised
  by `porter unicode61` so that "models" finds "model"; ranked by `bm25()`.
  A fifth column, facets, holds tokens for the note's venue, area and topics
  (`venue3 area7 topic12`): the filters are matched inside the index, so a
  search never reads a matching note's row, which on SQLite means its whole
  body.
* PostgreSQL: the tsvector column `Note.search_vector` with a GIN index (made
  by the same migration only on PostgreSQL), the same four fields weighted A,
  B, C and D in the `english` configuration; ranked by `ts_rank()`.

A match in the title ranks above one in the tags, above one in the summary,
above one in the body: ts_rank counts the best-weighted occurrence in full
and the others at a fraction, and the bm25 column weights are ten times
apart, more than bm25's term-frequency and length factors can make up for.
On SQLite the rule is kept strictly, and it is what keeps a search fast: a
note's field is the best one holding any wanted phrase (with several words,
a title holding all of them before a title holding some); notes are ranked
by field, then by bm25 of the query; and bm25, costly at 100,000 notes, is
computed only for the fields the page reaches (only the title matches, for
the first pages of a common word), since FTS5 finds and counts the notes
of a field cheaply. For one word or phrase this is bm25's own order.
PostgreSQL orders by the same fields, then by ts_rank, and in the same
way: `Note.search_head` (title, tags and summary, without the body; small
enough to stay in the row) has GIN indexes for its title, title and tags,
and whole, so only the fields the page reaches are ranked, and the body's
vector, stored apart, is read only past every match of the head.
A search shows and counts the best `MAX_RESULTS` matches only, on both:
counting every match of a word found in every note was most of its cost.

Keywords share the tags column (weight B) with topics: both are short labels
an editor chose for the paper, so a keyword match says more than a word of
the summary; PostgreSQL has only four weights to give.

The reader's words are parsed once here (`parse_query`) and compiled for
each backend, so both match the same things and no input can reach the FTS5
query syntax or raise a database error: every word becomes a quoted phrase.
What the parser understands, on both backends: words (all must match),
"quoted phrases", -word or -"phrase" to leave out, and `or` between two
alternatives. Stop words (PostgreSQL's English list) are dropped on both.

Only live notes are indexed (`search_index_notes`, called by
`public_content_changed`); the search keeps to the published ones, so a
scheduled note appears once its time has come, with no re-indexing.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connections
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from catalog.models import Area, Note, Topic, Venue

CONFIG = "english"
# ts_rank weights, in PostgreSQL's order D, C, B, A: body, summary, tags, title.
POSTGRESQL_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
SQLITE_TEXT_COLUMNS = ("title", "tags", "summary", "body")
# bm25 weights of the FTS5 columns: the text columns, then facets (no weight).
SQLITE_WEIGHTS = (1000.0, 100.0, 10.0, 1.0, 0.0)
SNIPPET_WORDS = 32
MAX_QUERY_LENGTH = 200
MAX_PHRASES = 12
# The most notes a search shows, and counts: the best-ranked ones.
MAX_RESULTS = 1000

# PostgreSQL's english.stop: both backends drop these words from a query.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he
    him his himself she her hers herself it its itself they them their theirs
    themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into
    through during before after above below to from up down in out on off
    over under again further then once here there when where why how all any
    both each few more most other some such no nor not only own same so than
    too very s t can will just don should now
    """.split()
)

# Punctuation separates words on both backends. FTS5's tokenizer does so
# already; PostgreSQL's parser would instead keep "GPT-4", "input/output" or
# "arxiv.org" as single tokens that a search for "output" cannot find, so the
# indexed text and the query both have it turned into spaces.
_NO_PUNCTUATION = str.maketrans(string.punctuation, " " * len(string.punctuation))

# Around a matched word in a snippet, before the snippet is escaped: control
# characters no note contains, turned into <mark> once the text is safe.
START, STOP = "\x02", "\x03"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
# What "<" and ">" become in the text given to ts_headline, and back after.
_TAG_STANDINS = "\x01\x04"

_ITEM = re.compile(r'(?P<exclude>-?)"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')


# --- The reader's query -------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in this order (often just one)."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """Every clause must match (AND); a clause matches if any of its phrases
    does (OR); no excluded phrase may match."""

    clauses: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()

    def __bool__(self) -> bool:
        # Excluded words alone cannot be searched for: they would match nearly
        # everything, and FTS5 has no query for "everything but".
        return bool(self.clauses)


def _phrase(text: str) -> Phrase | None:
    """The searchable words of `text`, without stop words at either end."""
    words = [
        word
        for word in text.translate(_NO_PUNCTUATION).lower().split()
        if any(char.isalnum() for char in word)
    ]
    while words and words[0] in STOP_WORDS:
        words.pop(0)
    while words and words[-1] in STOP_WORDS:
        words.pop()
    return Phrase(tuple(words)) if words else None


def parse_query(text: str) -> ParsedQuery:
    """Read a search box: words, "phrases", -excluded and `a or b`.

    Never fails: what cannot be searched for (punctuation, stop words, FTS
    syntax) is dropped, and an empty result means there was nothing to find.
    """
    clauses: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    after_or = False
    for item in _ITEM.finditer(text[:MAX_QUERY_LENGTH]):
        raw = item["phrase"] if item["phrase"] is not None else item["word"]
        exclude = bool(item["exclude"])
        if item["word"] is not None:
            if raw.lower() == "or":
                after_or = bool(clauses)
                continue
            if raw.startswith("-") and len(raw) > 1:
                exclude, raw = True, raw[1:]
        phrase = _phrase(raw)
        if phrase is None:
            continue
        if exclude:
            excluded.append(phrase)
        elif after_or:
            clauses[-1].append(phrase)
        else:
            clauses.append([phrase])
        after_or = False
    # A long paste stays a cheap query.
    clauses, excluded = clauses[:MAX_PHRASES], excluded[:MAX_PHRASES]
    return ParsedQuery(tuple(tuple(clause) for clause in clauses), tuple(excluded))


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


def _phrase_query(phrase: Phrase) -> SearchQuery:
    return SearchQuery(phrase.text, search_type="phrase", config=CONFIG)


def postgresql_query(query: ParsedQuery) -> SearchQuery:
    """The tsquery of a parsed query: each phrase a `phraseto_tsquery`."""
    tsquery = reduce(
        and_, (reduce(or_, map(_phrase_query, clause)) for clause in query.clauses)
    )
    for phrase in query.excluded:
        tsquery &= ~_phrase_query(phrase)
    return tsquery


def postgresql_highlight_query(query: ParsedQuery) -> SearchQuery:
    """Any of the wanted phrases: ts_headline marks nothing in a text that
    does not match its query as a whole, and a summary rarely holds every
    word of a note's match. FTS5's snippet() marks each phrase found."""
    return reduce(or_, (_phrase_query(p) for clause in query.clauses for p in clause))


# --- Searching ----------------------------------------------------------------


# Note fields a result never shows: not loaded.
_UNSHOWN = ("summary_html", "body_html")


@dataclass(frozen=True)
class SearchHit:
    note: Note
    # Escaped text of the note with the matched words in <mark>.
    snippet: SafeString


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    # How many notes match in all, up to the most a search shows; 0 also when
    # the page is past the last one.
    total: int
    # More notes match than a search shows: `total` is that most.
    more: bool = False


def search_notes(
    *,
    query: ParsedQuery,
    venue: Venue | None = None,
    area: Area | None = None,
    topic: Topic | None = None,
    offset: int = 0,
    limit: int = 20,
    snippets: bool = True,
    most: int = MAX_RESULTS,
    using: str = "default",
) -> SearchPage:
    """The published notes that match `query` (and the filters), best first.

    One page of them, with paper, venue and area loaded, and how many match in
    all. Only the best `most` notes are shown, and counted: counting every
    match of a word found in most notes would cost more than the rest of the
    search. Two queries whatever the number of notes: the ranked page with
    the count, then the page's notes. Without `snippets`, snippets are empty.
    """
    limit = min(limit, most - offset)
    if not query or limit <= 0:
        return SearchPage([], 0)
    filters = {"venue": venue, "area": area, "topic": topic}
    search = _sqlite_search
    if connections[using].vendor == "postgresql":
        search = _postgresql_search
    page = search(query, filters, offset, limit, snippets, using, most + 1)
    return SearchPage(page.hits, min(page.total, most), page.total > most)


def fts5_field_match(query: ParsedQuery, match: str, fields: int) -> str:
    """`match` narrowed to the notes with a wanted phrase in one of the first
    `fields` text columns (title; title or tags; …)."""
    wanted = " OR ".join(
        _quoted(phrase.text) for clause in query.clauses for phrase in clause
    )
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


def _sqlite_search(
    query: ParsedQuery,
    filters: dict,
    offset: int,
    limit: int,
    snippets: bool,
    using: str,
    cap: int,
) -> SearchPage:
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
        .defer(*_UNSHOWN)
        .in_bulk([row[0] for row in rows])
    )
    hits = [
        SearchHit(found[pk], snippet_html(summary, body))
        for pk, _total, summary, body in rows
        if pk in found
    ]
    return SearchPage(hits, rows[0][1])


def _postgresql_search(
    query: ParsedQuery,
    filters: dict,
    offset: int,
    limit: int,
    snippets: bool,
    using: str,
    cap: int,
) -> SearchPage:
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

    wanted = " || ".join(phrase(p) for clause in query.clauses for p in clause)
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
    found = Note.objects.using(using).for_listing()
    if snippets:
        # Headlines are the costly part of a search: made for the page only.
        # The body is loaded too, unlike a listing: headlines are checked
        # against it.
        wanted = postgresql_highlight_query(query)
        found = (
            found.defer(None)
            .defer(*_UNSHOWN)
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
    return SearchPage(hits, rows[0][1])


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


def snippet_html(*candidates: str | None) -> SafeString:
    """The first candidate with a matched word (else the first), as safe HTML:
    the note's text escaped, the matched words in <mark>."""
    texts = [text or "" for text in candidates]
    chosen = next((text for text in texts if START in text), texts[0])
    escaped = _MARKED.sub(r"<mark>\1</mark>", html.escape(chosen, quote=False))
    return mark_safe(escaped.replace(START, "").replace(STOP, ""))


# --- Indexing -----------------------------------------------------------------

_SQLITE_DELETE = "DELETE FROM catalog_note_fts WHERE rowid IN ({ids})"
_SQLITE_INSERT = """
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


def _words(sql: str) -> str:
    """`sql` with punctuation turned into spaces, as FTS5 reads it (a regular
    expression: several times faster than translate() on a long body)."""
    return f"regexp_replace({sql}, '[[:punct:]]', ' ', 'g')"


def _weighted(sql: str, weight: str) -> str:
    return f"setweight(to_tsvector('{CONFIG}', {_words(sql)}), '{weight}')"


# The names of a note's topics and of its paper's keywords, in one string.
_POSTGRESQL_TAGS = """concat_ws(' ',
    (SELECT string_agg(t.name, ' ')
     FROM catalog_taggedtopic tt JOIN catalog_topic t ON t.id = tt.tag_id
     WHERE tt.content_object_id = n.id),
    (SELECT string_agg(k.name, ' ')
     FROM catalog_taggedkeyword tk JOIN catalog_keyword k ON k.id = tk.tag_id
     WHERE tk.content_object_id = p.id))"""
_POSTGRESQL_HEAD = " || ".join(
    [
        _weighted("p.title", "A"),
        _weighted(_POSTGRESQL_TAGS, "B"),
        _weighted("n.summary", "C"),
    ]
)
# One statement sets or clears the vectors of every given note: the head
# (title, tags, summary) and the whole note, head and body.
_POSTGRESQL_UPDATE = f"""
    UPDATE catalog_note AS n
    SET search_head = CASE WHEN n.is_live THEN {_POSTGRESQL_HEAD} END,
        search_vector = CASE WHEN n.is_live THEN
            {_POSTGRESQL_HEAD} || {_weighted("n.body", "D")}
        END
    FROM catalog_paper AS p
    WHERE p.id = n.paper_id AND ({{where}})
"""
# SQLite's limit on bound parameters is far above this.
_BATCH = 500


def search_index_notes(notes, *, using: str = "default") -> None:
    """Write the search index of these notes (Note objects or ids) as they are
    in the database: a live note's words indexed, any other note's removed.

    Two statements per 500 notes, whatever their content: cheap enough for
    every save and for an import of thousands of notes.
    """
    ids = sorted({note if isinstance(note, int) else note.pk for note in notes})
    ids = [pk for pk in ids if pk is not None]
    with connections[using].cursor() as cursor:
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            placeholders = ", ".join(["%s"] * len(batch))
            if connections[using].vendor == "postgresql":
                cursor.execute(
                    _POSTGRESQL_UPDATE.format(where="n.id = ANY(%s)"), [batch]
                )
            else:
                cursor.execute(_SQLITE_DELETE.format(ids=placeholders), batch)
                cursor.execute(
                    _SQLITE_INSERT.format(where=f"n.id IN ({placeholders})"), batch
                )


def search_index_rebuild(*, using: str = "default") -> int:
    """Index every note anew, in one pass of set-based SQL; returns how many
    notes the index now holds (the live ones)."""
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            cursor.execute(_POSTGRESQL_UPDATE.format(where="TRUE"))
        else:
            cursor.execute("DELETE FROM catalog_note_fts")
            cursor.execute(_SQLITE_INSERT.format(where="1"))
            # Merge the index into one b-tree, as after any bulk load.
            cursor.execute(
                "INSERT INTO catalog_note_fts (catalog_note_fts) VALUES ('optimize')"
            )
    return Note.objects.using(using).filter(is_live=True).count()
