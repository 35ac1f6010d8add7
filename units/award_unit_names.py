"""Each honour award's copy of its unit's name (`HonourAward.unit_name`), kept by the database.

The honour lists sort by year, newest first, then by unit name. With the name only
on the unit, the first page had to join and sort every award of the newest year
(3,000 at 100,000 units, and more with every round): the one staff list whose first
page grew with the data. With a copy on the award, one index (year, unit name, id)
hands the page over in order.

Triggers keep the copy, so that no write can miss it: an award inserted or moved
to another unit (imports, bulk loads, merges and their undo) takes its unit's name;
a unit renamed or inserted (a fixture may bring a unit after its awards) passes its
name to its awards. Python never writes the column.

SQLite drops a table's triggers when a migration rebuilds the table, and a trigger
that names a table being rebuilt can break the rebuild. The triggers are therefore
dropped before every `migrate` and created again after it, and the copies brought
up to date then (one UPDATE of the awards whose copy differs): a migration runs
without them, and whatever it wrote is caught up.
"""

from __future__ import annotations

from django.db import connections

AWARDS = "units_honouraward"
UNITS = "units_unit"
TRIGGERS = (
    (AWARDS, "honour_award_takes_unit_name"),
    (AWARDS, "honour_award_takes_unit_name_on_insert"),
    (UNITS, "unit_name_to_honour_awards"),
    (UNITS, "unit_name_to_honour_awards_on_insert"),
)
UNIT_NAME = f"(SELECT name FROM {UNITS} WHERE {UNITS}.id = {AWARDS}.unit_id)"
NAME_OR_EMPTY = f"coalesce({UNIT_NAME}, '')"
# `IS NOT` compares with NULL as SQLite means it; PostgreSQL spells that IS DISTINCT FROM.
CATCH_UP = {
    vendor: f"UPDATE {AWARDS} SET unit_name = {NAME_OR_EMPTY} WHERE unit_name {differs} {NAME_OR_EMPTY}"
    for vendor, differs in (("postgresql", "IS DISTINCT FROM"), ("sqlite", "IS NOT"))
}

POSTGRESQL = (
    f"""
    CREATE OR REPLACE FUNCTION honour_award_takes_unit_name() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- A unit inserted later in the same transaction passes its name on (below).
        NEW.unit_name := coalesce((SELECT name FROM {UNITS} WHERE id = NEW.unit_id), '');
        RETURN NEW;
    END $$
    """,
    f"""
    CREATE TRIGGER honour_award_takes_unit_name BEFORE INSERT OR UPDATE OF unit_id, unit_name ON {AWARDS}
    FOR EACH ROW EXECUTE FUNCTION honour_award_takes_unit_name()
    """,
    f"""
    CREATE OR REPLACE FUNCTION unit_name_to_honour_awards() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {AWARDS} SET unit_name = NEW.name WHERE unit_id = NEW.id AND unit_name IS DISTINCT FROM NEW.name;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE TRIGGER unit_name_to_honour_awards AFTER INSERT OR UPDATE OF name ON {UNITS}
    FOR EACH ROW EXECUTE FUNCTION unit_name_to_honour_awards()
    """,
)

# SQLite's triggers cannot change NEW: they update the row just written instead.
SQLITE = (
    f"""
    CREATE TRIGGER honour_award_takes_unit_name AFTER UPDATE OF unit_id, unit_name ON {AWARDS}
    BEGIN
        UPDATE {AWARDS} SET unit_name = {NAME_OR_EMPTY} WHERE id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER honour_award_takes_unit_name_on_insert AFTER INSERT ON {AWARDS}
    BEGIN
        UPDATE {AWARDS} SET unit_name = {NAME_OR_EMPTY} WHERE id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER unit_name_to_honour_awards AFTER UPDATE OF name ON {UNITS}
    BEGIN
        UPDATE {AWARDS} SET unit_name = NEW.name WHERE unit_id = NEW.id AND unit_name IS NOT NEW.name;
    END
    """,
    f"""
    CREATE TRIGGER unit_name_to_honour_awards_on_insert AFTER INSERT ON {UNITS}
    BEGIN
        UPDATE {AWARDS} SET unit_name = NEW.name WHERE unit_id = NEW.id;
    END
    """,
)

STATEMENTS = {"postgresql": POSTGRESQL, "sqlite": SQLITE}


def drop_triggers(*, using: str = "default", **signal_kwargs) -> None:
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, trigger in TRIGGERS:
            if table in tables:
                on_table = f" ON {table}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}{on_table}")


def create_triggers(*, using: str = "default", **signal_kwargs) -> None:
    """Create the triggers (again) and bring every copy up to date."""
    connection = connections[using]
    if not _has_copy_column(connection):
        return  # migrated back to before the copy existed
    drop_triggers(using=using)
    with connection.cursor() as cursor:
        for statement in STATEMENTS[connection.vendor]:
            cursor.execute(statement)
        cursor.execute(CATCH_UP[connection.vendor])


def _has_copy_column(connection) -> bool:
    if AWARDS not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, AWARDS)
    return any(column.name == "unit_name" for column in columns)
