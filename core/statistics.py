"""Planner statistics after a bulk load.

PostgreSQL's autovacuum gathers statistics some time after a large load, and never
inside the transaction that made it; until then the planner guesses row counts from
the tables as they were (one national honour where there are 29) and picks plans
that are slow at scale. Bulk loads therefore end by refreshing them.
"""

from __future__ import annotations

from django.db import connection


def statistics_refresh() -> None:
    """Fresh planner statistics for every table of the database, the reference
    tables loaded from fixtures included. On PostgreSQL, VACUUM also brings the
    visibility map up to date, without which index-only scans (the counts) visit
    every heap page. Must run outside a transaction (VACUUM cannot run in one)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
