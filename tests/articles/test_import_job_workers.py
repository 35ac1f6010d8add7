"""Two worker processes on one PostgreSQL database take the jobs of one queued import
of 200 pages at the same time: the rows are those a one-process import reports, with
no unit, alias or award stored twice."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from articles.import_jobs import run_enqueue
from articles.models import Article, ImportRun
from articles.services import PageInput, run_import
from campaigns.models import Activity, VolunteerRecord
from units.models import HonourAward, Unit, UnitAlias

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = sorted((ROOT / "fixtures" / "pages").glob("*.txt"))
PAGES = 200

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="workers in other processes need a server database"
)


def pages() -> list[PageInput]:
    made = []
    for number in range(PAGES):
        data = SEEDS[number % len(SEEDS)].read_bytes() + f"\n（第{number}版）\n".encode()
        made.append(PageInput(file_name=f"page{number:03d}.txt", size=len(data), read=lambda data=data: data))
    return made


def worker(database: str) -> subprocess.Popen:
    settings_db = connection.settings_dict
    auth = settings_db["USER"] + (f":{settings_db['PASSWORD']}" if settings_db["PASSWORD"] else "")
    url = f"postgres://{auth}@{settings_db['HOST'] or '127.0.0.1'}:{settings_db['PORT'] or 5432}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "wenming.settings", "DJANGO_DEBUG": "true"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def duplicates(model, *fields) -> int:
    return model.objects.values(*fields).annotate(n=Count("pk")).filter(n__gt=1).count()


def test_two_workers_store_what_one_process_would(transactional_db):
    expected = run_import(pages=pages(), dry_run=True).counts
    run = run_enqueue(pages=pages(), job_files=20)

    workers = [worker(connection.settings_dict["NAME"]) for _ in range(2)]
    outputs = [process.communicate(timeout=900)[0] for process in workers]

    assert [process.returncode for process in workers] == [0, 0], outputs
    run.refresh_from_db()
    assert (run.status, run.counts["files"], run.counts["files_failed"]) == (ImportRun.Status.SUCCEEDED, PAGES, 0)
    stored = {
        "articles": Article.objects.count(),
        "units": Unit.objects.count(),
        "unit_aliases": UnitAlias.objects.count(),
        "honour_awards": HonourAward.objects.count(),
        "activities": Activity.objects.count(),
        "volunteer_records": VolunteerRecord.objects.count(),
    }
    assert stored == {name: expected[name] for name in stored}
    assert {name: run.counts[name] for name in stored} == stored
    assert duplicates(Unit, "name") == 0
    assert duplicates(UnitAlias, "name") == 0
    assert duplicates(HonourAward, "unit", "honour", "year", "edition", "status") == 0
