"""A note's searched head, `Note.search_head`: title (A), topics and keywords
(B) and summary (C), without the body, so that it stays small and in the
row, where `search_vector` with a long body is stored apart (TOAST).

On PostgreSQL it is filled for the live notes and indexed by three GIN
indexes: the title's words, the title's and tags', and the whole head (see
`catalog.search`). On SQLite the column stays empty: FTS5 has its own index.
The SQL is a frozen copy of `catalog.search` as it was when this migration
was written.
"""

import django.contrib.postgres.search
from django.db import migrations

POSTGRESQL_CREATE = [
    "CREATE INDEX catalog_note_search_head_gin ON catalog_note USING gin (search_head)",
    "CREATE INDEX catalog_note_search_title_gin ON catalog_note "
    "USING gin (ts_filter(search_head, '{a}'))",
    "CREATE INDEX catalog_note_search_tags_gin ON catalog_note "
    "USING gin (ts_filter(search_head, '{a,b}'))",
]
POSTGRESQL_FILL = """
    UPDATE catalog_note AS n
    SET search_head = CASE WHEN n.is_live THEN
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
    END
    FROM catalog_paper AS p
    WHERE p.id = n.paper_id AND n.is_live
"""
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS catalog_note_search_head_gin",
    "DROP INDEX IF EXISTS catalog_note_search_title_gin",
    "DROP INDEX IF EXISTS catalog_note_search_tags_gin",
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FILL)
        for sql in POSTGRESQL_CREATE:
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_note_visibility_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="note",
            name="search_head",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
