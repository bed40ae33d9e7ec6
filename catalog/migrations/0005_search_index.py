"""The full-text search index of the notes, on whichever database runs.

Written by hand, with no change to the models' state:

* SQLite: the FTS5 table `catalog_note_fts` (rowid = note id), and a trigger
  that removes a deleted note's row, as PostgreSQL removes a deleted note's
  vector with the row itself. (A later migration that rebuilds catalog_note
  on SQLite drops the trigger: then a deleted note's row stays until
  `rebuild_search_index`, never shown, as the search only returns published
  notes.)
* PostgreSQL: a GIN index on `catalog_note.search_vector`.

Both are then filled with the live notes. The SQL is a frozen copy of
`catalog.search` as it was when this migration was written, so that the
migration keeps working whatever that module becomes.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE catalog_note_fts USING fts5(
        title, tags, summary, body, facets,
        tokenize = 'porter unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER catalog_note_fts_delete AFTER DELETE ON catalog_note
    BEGIN
        DELETE FROM catalog_note_fts WHERE rowid = old.id;
    END
    """,
]
SQLITE_FILL = """
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
    WHERE n.is_live
"""
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_note_fts_delete",
    "DROP TABLE IF EXISTS catalog_note_fts",
]

POSTGRESQL_CREATE = [
    "CREATE INDEX catalog_note_search_vector_gin ON catalog_note "
    "USING gin (search_vector)"
]
POSTGRESQL_FILL = """
    UPDATE catalog_note AS n
    SET search_vector = CASE WHEN n.is_live THEN
        setweight(to_tsvector('english', regexp_replace(p.title, '[[:punct:]]', ' ', 'g')), 'A')
        || setweight(to_tsvector('english', regexp_replace(concat_ws(' ',
            (SELECT string_agg(t.name, ' ')
             FROM catalog_taggedtopic tt
             JOIN catalog_topic t ON t.id = tt.tag_id
             WHERE tt.content_object_id = n.id),
            (SELECT string_agg(k.name, ' ')
             FROM catalog_taggedkeyword tk
             JOIN catalog_keyword k ON k.id = tk.tag_id
             WHERE tk.content_object_id = p.id)
        ), '[[:punct:]]', ' ', 'g')), 'B')
        || setweight(to_tsvector('english', regexp_replace(n.summary, '[[:punct:]]', ' ', 'g')), 'C')
        || setweight(to_tsvector('english', regexp_replace(n.body, '[[:punct:]]', ' ', 'g')), 'D')
    END
    FROM catalog_paper AS p
    WHERE p.id = n.paper_id
"""
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS catalog_note_search_vector_gin",
    "UPDATE catalog_note SET search_vector = NULL",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)
        schema_editor.execute(SQLITE_FILL)
    elif vendor == "postgresql":
        for sql in POSTGRESQL_CREATE:
            schema_editor.execute(sql)
        schema_editor.execute(POSTGRESQL_FILL)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}
    for sql in statements.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_submission_decide_permission"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
