"""Small helpers the test modules share (fixtures live in conftest.py and sitedata.py)."""

from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def queries_for(client, url: str) -> int:
    """How many queries a GET of `url` costs (the page must load)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def organised_activities(unit, count: int, *, first_title: str = "测试活动") -> list:
    """`count` activities organised by `unit`, a day apart, each with a volunteer record
    of the unit: the rows a unit's pages show per activity."""
    activities = []
    for index in range(count):
        activity = Activity.objects.create(
            title=f"{first_title}{index:03d}", date=date(2024, 1, 1) + timedelta(days=index)
        )
        ActivityOrganiser.objects.create(activity=activity, unit=unit)
        VolunteerRecord.objects.create(
            unit=unit, activity=activity, hours=Decimal(index + 1), period_start=activity.date
        )
        activities.append(activity)
    return activities


def run_queued_jobs() -> None:
    """What a background worker does: every queued job (django-tasks), then back."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@contextmanager
def jobs_queued_on_commit():
    """Inside a test's transaction nothing commits, so jobs queued on commit
    (articles.import_jobs) are queued when the block ends, as a commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
