"""On PostgreSQL, trigram indexes make substring search on the normalised names fast; SQLite keeps its plain
index and scans, which is enough for the sizes an embedded install holds."""

from django.db import migrations

INDEXES = (
    ("awards_record_search_trgm", "awards_awardrecord"),
    ("awards_subject_search_trgm", "awards_subject"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
