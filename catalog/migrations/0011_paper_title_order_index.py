"""An index in the listings' title order, so a long listing's first page is
read in order instead of sorting every note (a topic of 25,000 notes sorted
its 100,000 papers on disk on PostgreSQL to show 50).

The expression must be the one querysets.title_key() sorts by: lower(title),
with the "C" collation on PostgreSQL (SQLite has no such collation, and its
default one already compares code points). Not a Meta index, because the
collation differs by database.
"""

from django.db import migrations

INDEX = "paper_title_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        key = '(lower("title") COLLATE "C")'
    else:
        key = 'lower("title")'
    schema_editor.execute(f'CREATE INDEX "{INDEX}" ON "catalog_paper" ({key}, "id")')
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE")


def drop(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("catalog", "0010_note_search_head")]

    operations = [migrations.RunPython(create, drop, elidable=True)]
