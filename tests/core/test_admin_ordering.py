"""The admin lists' order (core.admin.NullsLastChangeList): NULLs last, except for
a list ordered by its primary key alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def list_sql(admin_client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(url).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_list_ordered_by_its_primary_key_alone_keeps_the_plain_order(admin_client):
    sql = list_sql(admin_client, "/admin/campaigns/activityorganiser/")
    order = 'ORDER BY "campaigns_activityorganiser"."id" DESC'
    assert order in sql and f"{order} NULLS" not in sql


def test_a_list_with_nullable_columns_puts_nulls_last(admin_client):
    sql = list_sql(admin_client, "/admin/campaigns/volunteerrecord/")
    assert '"campaigns_volunteerrecord"."period_start" DESC NULLS LAST' in sql
