"""Trigram indexes on unit names and aliases, on PostgreSQL only.

Every keyword search that names a unit first finds the matching units
(reports.unit_filters.matching_unit_ids); with these indexes a word of three or more
characters (教育局) is a bitmap index scan instead of a test of every unit
name. SQLite has no such index and needs none at its sizes. pg_trgm is a
trusted extension: the database owner may create it without superuser rights.
"""

from django.db import migrations

INDEXES = (
    ("unit_name_trgm", "units_unit", "name"),
    ("unit_short_name_trgm", "units_unit", "short_name"),
    ("unit_alias_name_trgm", "units_unitalias", "name"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("units", "0005_review_queue_indexes")]

    operations = [migrations.RunPython(create, drop)]
