"""Planner statistics after a bulk load (core/statistics.py, manage.py refresh_statistics)."""

import pytest
from django.core.management import call_command
from django.db import connection

from units.models import Honour


def honours_estimated() -> float:
    """What the planner believes the honour table holds."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Honour._meta.db_table])
            return cursor.fetchone()[0]
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [Honour._meta.db_table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else -1


@pytest.mark.django_db(transaction=True)
def test_refresh_statistics_gives_the_planner_the_rows_of_a_fixture_loaded_table():
    Honour.objects.bulk_create(
        Honour(name=f"第{n}种测试荣誉", level=Honour.Level.NATIONAL, category=Honour.Category.OTHER) for n in range(29)
    )

    call_command("refresh_statistics", verbosity=0)

    assert honours_estimated() == Honour.objects.count()
