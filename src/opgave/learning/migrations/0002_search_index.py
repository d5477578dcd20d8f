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
    """Index the lessons recorded before the academy existed (data-preserving)."""
    from opgave.learning import search_index

    Lesson = apps.get_model("collaborations", "Lesson")
    search_index.index_lessons(Lesson.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("collaborations", "0004_lesson_academy_fields"),
    ]

    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
