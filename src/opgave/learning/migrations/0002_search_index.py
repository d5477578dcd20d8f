"""The academy's full-text index: a GIN index on PostgreSQL, an FTS5 table on SQLite (ADR 0033)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX learning_lessondocument_vector_gin ON learning_lessondocument USING GIN (vector)"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE learning_lesson_fts USING fts5(title, body, tokenize='unicode61')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS learning_lessondocument_vector_gin")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS learning_lesson_fts")


def index_existing(apps, schema_editor):
    """Nothing any more: 0004 indexes every lesson once the search document has its final shape
    (the indexer writes today's columns, which do not all exist yet at this step)."""


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("collaborations", "0004_lesson_academy_fields"),
    ]

    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
