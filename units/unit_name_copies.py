"""Copies of a unit's name on the records that lists sort by it, kept by the database.

The honour lists sort by year, newest first, then by unit name; the volunteer list by
period, then by unit name. With the name only on the unit, a first page had to join
and sort every record of the newest year or date (3,000 awards at 100,000 units, and
more with every round): the first page grew with the data. With a copy on the record,
one index (year or period, unit name, id) hands the page over in order.

Triggers keep a copy, so that no write can miss it: a record inserted or moved to
another unit (imports, bulk loads, merges and their undo) takes its unit's name; a
unit renamed or inserted (a fixture may bring a unit after its records) passes its
name to its records. Python never writes the column.

SQLite drops a table's triggers when a migration rebuilds the table, and a trigger
that names a table being rebuilt can break the rebuild. The triggers are therefore
dropped before every `migrate` and created again after it, and the copies brought up
to date then (one UPDATE of the records whose copy differs): a migration runs without
them, and whatever it wrote is caught up. The app that owns the table connects its
copy's `drop` and `create` to pre_migrate and post_migrate.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections

UNITS = "units_unit"
COLUMN = "unit_name"


@dataclass(frozen=True)
class UnitNameCopy:
    """The `unit_name` column of `table` (which has `unit_id`), named in its
    triggers as `record` and `records` (honour_award, honour_awards)."""

    table: str
    record: str
    records: str

    @property
    def triggers(self) -> tuple[tuple[str, str], ...]:
        takes, passes = f"{self.record}_takes_unit_name", f"unit_name_to_{self.records}"
        on_insert = "_on_insert"
        return ((self.table, takes), (self.table, takes + on_insert), (UNITS, passes), (UNITS, passes + on_insert))

    def drop(self, *, using: str = "default", **signal_kwargs) -> None:
        connection = connections[using]
        tables = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            for table, trigger in self.triggers:
                if table in tables:
                    on_table = f" ON {table}" if connection.vendor == "postgresql" else ""
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}{on_table}")

    def create(self, *, using: str = "default", **signal_kwargs) -> None:
        """Create the triggers (again) and bring every copy up to date."""
        connection = connections[using]
        if not self._has_column(connection):
            return  # migrated back to before the copy existed
        self.drop(using=using)
        statements = self._postgresql() if connection.vendor == "postgresql" else self._sqlite()
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            cursor.execute(self._catch_up(connection.vendor))

    def _name_or_empty(self) -> str:
        return f"coalesce((SELECT name FROM {UNITS} WHERE {UNITS}.id = {self.table}.unit_id), '')"

    def _catch_up(self, vendor: str) -> str:
        # `IS NOT` compares with NULL as SQLite means it; PostgreSQL spells that IS DISTINCT FROM.
        differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
        name = self._name_or_empty()
        return f"UPDATE {self.table} SET {COLUMN} = {name} WHERE {COLUMN} {differs} {name}"

    def _postgresql(self) -> tuple[str, ...]:
        (_, takes), _, (_, passes), _ = self.triggers
        return (
            f"""
            CREATE OR REPLACE FUNCTION {takes}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- A unit inserted later in the same transaction passes its name on (below).
                NEW.{COLUMN} := coalesce((SELECT name FROM {UNITS} WHERE id = NEW.unit_id), '');
                RETURN NEW;
            END $$
            """,
            f"""
            CREATE TRIGGER {takes} BEFORE INSERT OR UPDATE OF unit_id, {COLUMN} ON {self.table}
            FOR EACH ROW EXECUTE FUNCTION {takes}()
            """,
            f"""
            CREATE OR REPLACE FUNCTION {passes}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE {self.table} SET {COLUMN} = NEW.name
                WHERE unit_id = NEW.id AND {COLUMN} IS DISTINCT FROM NEW.name;
                RETURN NULL;
            END $$
            """,
            f"""
            CREATE TRIGGER {passes} AFTER INSERT OR UPDATE OF name ON {UNITS}
            FOR EACH ROW EXECUTE FUNCTION {passes}()
            """,
        )

    def _sqlite(self) -> tuple[str, ...]:
        # SQLite's triggers cannot change NEW: they update the row just written instead.
        (_, takes), (_, takes_on_insert), (_, passes), (_, passes_on_insert) = self.triggers
        own_row = f"UPDATE {self.table} SET {COLUMN} = {self._name_or_empty()} WHERE id = NEW.id;"
        return (
            f"CREATE TRIGGER {takes} AFTER UPDATE OF unit_id, {COLUMN} ON {self.table} BEGIN {own_row} END",
            f"CREATE TRIGGER {takes_on_insert} AFTER INSERT ON {self.table} BEGIN {own_row} END",
            f"""
            CREATE TRIGGER {passes} AFTER UPDATE OF name ON {UNITS} BEGIN
                UPDATE {self.table} SET {COLUMN} = NEW.name WHERE unit_id = NEW.id AND {COLUMN} IS NOT NEW.name;
            END
            """,
            f"""
            CREATE TRIGGER {passes_on_insert} AFTER INSERT ON {UNITS} BEGIN
                UPDATE {self.table} SET {COLUMN} = NEW.name WHERE unit_id = NEW.id;
            END
            """,
        )

    def _has_column(self, connection) -> bool:
        if self.table not in connection.introspection.table_names():
            return False
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(cursor, self.table)
        return any(column.name == COLUMN for column in columns)


HONOUR_AWARDS = UnitNameCopy("units_honouraward", "honour_award", "honour_awards")
