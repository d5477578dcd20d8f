"""The academy's GIN index writes every lesson straight into the index (``fastupdate = off``).

With the default pending list, lessons written since the last (auto)vacuum sit in an unsorted list
that every search reads from start to end, up to 4 MB: a search after a bulk import or a busy
day is slower until autovacuum comes by. Lessons are written rarely and one at a time, so the
slower write costs little (ADR 0049).
"""

from django.db import migrations


def set_fastupdate(value: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER INDEX learning_lessondocument_vector_gin SET (fastupdate = {value})"
            )
            if value == "off":  # move what waits in the pending list into the index now
                schema_editor.execute("SELECT gin_clean_pending_list('learning_lessondocument_vector_gin')")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_search_document_narrow"),
    ]

    operations = [
        migrations.RunPython(set_fastupdate("off"), set_fastupdate("on")),
    ]
