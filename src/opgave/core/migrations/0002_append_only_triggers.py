"""On PostgreSQL, refuse UPDATE and DELETE on the two append-only logs in the database itself.

SQLite gets no trigger: test databases there are flushed with ``DELETE FROM``,
and the ORM already refuses changes. PostgreSQL flushes with ``TRUNCATE``,
which a row trigger does not see.
"""

from django.db import migrations

TABLES = ("core_auditrecord", "core_processinglogrecord")

FUNCTION = """
CREATE OR REPLACE FUNCTION opgave_refuse_log_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'opgave: % op % is niet toegestaan: dit log is alleen-aanvullen', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION opgave_refuse_log_change();"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS opgave_refuse_log_change();")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
