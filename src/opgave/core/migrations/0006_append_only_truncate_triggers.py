"""On PostgreSQL, refuse TRUNCATE on the two append-only logs too (a row trigger does not see it).

A statement-level ``BEFORE TRUNCATE`` trigger raises unless the transaction has set
``opgave.allow_truncate`` to ``on`` (``SET LOCAL``): a deliberate act, as the test suite's
flush between transactional tests does (``tests/conftest.py``). SQLite has no TRUNCATE.
"""

from django.db import migrations

TABLES = ("core_auditrecord", "core_processinglogrecord")

FUNCTION = """
CREATE OR REPLACE FUNCTION opgave_refuse_log_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('opgave.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'opgave: TRUNCATE op % is niet toegestaan: dit log is alleen-aanvullen', TG_TABLE_NAME
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
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION opgave_refuse_log_truncate();"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS opgave_refuse_log_truncate();")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_auth_throttle_atomic_and_denial_tally")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
