"""Small helpers the test modules share (fixtures live in conftest.py and sitedata.py)."""

from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from campaigns.apps import VOLUNTEER_RECORDS
from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from units.unit_name_copies import HONOUR_AWARDS

NAME_COPIES = (HONOUR_AWARDS, VOLUNTEER_RECORDS)


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


def job_worker(*, max_tasks: int | None = None, interval: float = 0) -> Worker:
    """django-tasks-db's worker, as `manage.py db_worker` builds it, for the default queue."""
    return Worker(
        queue_names=["default"],
        interval=interval,
        batch=max_tasks is None,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="tests",
        excluded_queue_names=[],
    )


def run_queued_jobs() -> None:
    """What a background worker (`manage.py db_worker`) does with every queued job, in
    this process and the test's transaction: the command itself would close the test's
    database connection (it drops connections that are not in autocommit)."""
    worker = job_worker()
    while (job := DBTaskResult.objects.ready().get_locked()) is not None:
        job.claim(worker.worker_id)
        worker.run_task(job)


@contextmanager
def jobs_queued_on_commit():
    """Inside a test's transaction nothing commits, so jobs queued on commit
    (articles.import_jobs) are queued when the block ends, as a commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def migrate_to(targets):
    """Migrates the test database to `targets` ([(app, migration)]) and returns the apps
    of that state, to write rows as the models were then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    for copy in NAME_COPIES:  # as the migrate command's signals do (units.unit_name_copies)
        copy.drop()
    executor.migrate(targets)
    for copy in NAME_COPIES:
        copy.create()
    return executor.loader.project_state(targets).apps


def latest_migrations():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
