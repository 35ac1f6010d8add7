"""Trigram indexes on the activity text the keyword search reads, on PostgreSQL only.

With them a rare word of three or more characters (教育局) is found through
the indexes — a union of bitmap index scans with the activities of the
matching organisers (reports.campaign_filters.organiser_name_q) — instead of a test
of every activity; for a common word PostgreSQL's statistics still choose to
walk the list's order and stop after a page. SQLite has none and needs none.
"""

from django.db import migrations

COLUMNS = ("title", "place", "description")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS activity_{column}_trgm ON campaigns_activity USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS activity_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_review_queue_indexes"), ("units", "0006_unit_name_trigram")]

    operations = [migrations.RunPython(create, drop)]
