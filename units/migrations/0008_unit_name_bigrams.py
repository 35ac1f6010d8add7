"""Bigram indexes on unit names and aliases, on PostgreSQL only.

A keyword of two characters (社区, 志愿) has no trigram, so the trigram indexes of
0006 cannot find the units named like it, and every such search read all unit
names (40 ms at 100,000 units, growing with them). `wenming_bigrams(text)` gives
the distinct two-character pieces of a text; a GIN index over it finds the
units whose name holds every piece of the word, and LIKE then confirms the
order (units.queries.name_contains_q). The index is an expression index, so
PostgreSQL keeps it up to date on every write, bulk loads included.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION wenming_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}')
    FROM generate_series(1, char_length(value) - 1) AS i
$$
"""

INDEXES = (
    ("unit_name_bigrams", "units_unit", "name"),
    ("unit_short_name_bigrams", "units_unit", "short_name"),
    ("unit_alias_name_bigrams", "units_unitalias", "name"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (wenming_bigrams({column}))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS wenming_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("units", "0007_unit_tally_moves_to_campaigns")]

    operations = [migrations.RunPython(create, drop)]
