"""import_articles --workers N: pages extracted in worker processes, stored as with one."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles import run_importer
from articles.models import Article, ImportRun, PageFile
from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from units.models import Honour, HonourAward, Unit, UnitAlias

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
PAPER = "牡丹晚报"


def import_articles(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, "--source", PAPER, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def reference(db):
    call_command("loaddata", "regions", "honours", "campaigns", "sources", verbosity=0)


@pytest.fixture
def seed_pages(tmp_path) -> Path:
    folder = tmp_path / "pages"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def with_a_bad_file(seed_pages) -> Path:
    # Among the seed pages in name order, so that good files come before and after it.
    (seed_pages / "002_bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    return seed_pages


def stored() -> dict[str, list]:
    """Every row an import writes, without ids, timestamps or the run's key."""
    provenance = ("article__content_hash", "review_status", "evidence", "evidence_start", "evidence_end")
    return {
        "page_files": list(PageFile.objects.order_by("pk").values_list("file_name", "status", "sha256", "message")),
        "articles": list(Article.objects.order_by("pk").values_list("content_hash", "title", "page_file__sha256")),
        "units": list(Unit.objects.order_by("pk").values_list("name", "kind", "region__full_name", *provenance)),
        "aliases": list(UnitAlias.objects.order_by("pk").values_list("unit__name", "name", *provenance)),
        "honours": list(Honour.objects.order_by("pk").values_list("name", "level", "category")),
        "awards": list(HonourAward.objects.order_by("pk").values_list("unit__name", "honour__name", "year")),
        "activities": list(Activity.objects.order_by("pk").values_list("title", "date", *provenance)),
        "organisers": list(ActivityOrganiser.objects.order_by("pk").values_list("activity__title", "unit__name")),
        "volunteer_records": list(VolunteerRecord.objects.order_by("pk").values_list("unit__name", "hours")),
    }


# --workers 1 against --workers 2, each as `manage.py import_articles` in a new process
# on a SQLite file of its own. Not in this process: the in-process extraction keeps
# the words of every lexicon it has compiled in its jieba dictionary, so after other
# tests it may read a page differently from a new process, as the workers are.

ROOT = Path(__file__).resolve().parents[2]
VARYING = {
    "created_at",
    "updated_at",
    "started_at",
    "finished_at",
    "key",
    "history_date",
    "history_change_reason",
    "process_id",
    "host",
}


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "wenming.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def empty_ledger(tmp_path_factory) -> Path:
    """A migrated SQLite ledger holding the reference data, before any import."""
    database = tmp_path_factory.mktemp("ledger") / "empty.sqlite3"
    for args in (("migrate", "-v", "0"), ("loaddata", "regions", "honours", "campaigns", "sources", "-v", "0")):
        assert manage(database, *args).returncode == 0
    return database


def rows(database: Path) -> dict[str, list[tuple]]:
    """Every table's rows in insertion order, without what two runs cannot share: times and the run's key."""
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        out = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            kept = ", ".join(f'"{column}"' for column in columns if column not in VARYING)
            out[table] = connection.execute(f'SELECT {kept} FROM "{table}" ORDER BY rowid').fetchall()
        return out
    finally:
        connection.close()


def imported_with(workers: int, folder: Path, empty_ledger: Path, tmp_path: Path):
    database = tmp_path / f"workers-{workers}.sqlite3"
    shutil.copyfile(empty_ledger, database)
    result = manage(database, "import_articles", str(folder), "--source", PAPER, "--workers", str(workers), "-v", "0")
    return result, rows(database)


def test_two_workers_store_the_same_rows_as_one(empty_ledger, seed_pages, tmp_path):
    one, expected = imported_with(1, seed_pages, empty_ledger, tmp_path)
    two, got = imported_with(2, seed_pages, empty_ledger, tmp_path)
    assert (one.returncode, two.returncode) == (0, 0), one.stderr + two.stderr
    assert len(expected["articles_article"]) > 0 and len(expected["units_unit"]) > 0
    assert got == expected


def test_with_a_bad_file_two_workers_name_it_and_store_the_others_as_one(empty_ledger, with_a_bad_file, tmp_path):
    one, expected = imported_with(1, with_a_bad_file, empty_ledger, tmp_path)
    two, got = imported_with(2, with_a_bad_file, empty_ledger, tmp_path)
    assert one.returncode != 0 and two.returncode != 0
    assert "1 个文件导入失败" in two.stderr
    assert f"{with_a_bad_file / '002_bad.txt'}：" in two.stderr
    assert got == expected
    assert len(expected["articles_pagefile"]) == 6 and len(expected["articles_article"]) > 0


def test_a_rerun_with_two_workers_skips_every_file_and_stores_nothing(reference, seed_pages):
    import_articles(str(seed_pages), "--workers", "2")
    before = stored()
    out, _ = import_articles(str(seed_pages), "--workers", "2")
    assert "5 个文件：导入 0，跳过 5，失败 0" in out
    after = stored()
    first_run, second_run = before.pop("page_files"), after.pop("page_files")[5:]
    assert after == before
    assert [(name, status, sha256) for name, status, sha256, *_ in second_run] == [
        (name, PageFile.Status.SKIPPED, sha256) for name, _, sha256, *_ in first_run
    ]


def test_files_imported_before_are_never_sent_to_a_worker(reference, seed_pages, monkeypatch):
    import_articles(str(seed_pages))

    def no_workers(**kwargs):
        raise AssertionError("a worker pool was started for files that were all imported before")

    monkeypatch.setattr(run_importer, "ExtractionPool", no_workers)
    out, _ = import_articles(str(seed_pages), "--workers", "2")
    assert "5 个文件：导入 0，跳过 5，失败 0" in out


def test_the_same_content_twice_in_one_run_is_imported_once_with_workers(reference, seed_pages):
    shutil.copy(seed_pages / "000_75310adb731b7d0d.txt", seed_pages / "005_copy.txt")
    out, _ = import_articles(str(seed_pages), "--workers", "2")
    copy = PageFile.objects.get(file_name=str(seed_pages / "005_copy.txt"))
    assert copy.status == PageFile.Status.SKIPPED
    assert "000_75310adb731b7d0d.txt" in copy.message
    assert "6 个文件：导入 5，跳过 1，失败 0" in out


@pytest.mark.parametrize("workers", ["0", "-2"])
def test_fewer_than_one_worker_is_refused(reference, seed_pages, workers):
    with pytest.raises(CommandError, match="--workers 至少为 1"):
        import_articles(str(seed_pages), "--workers", workers)
    assert not ImportRun.objects.exists()


def test_a_dry_run_with_two_workers_stores_nothing_and_reports_what_the_import_adds(reference, seed_pages):
    out, _ = import_articles(str(seed_pages), "--workers", "2", "--dry-run")
    assert "试运行，未写入数据库" in out
    assert not Article.objects.exists()
    dry_run = ImportRun.objects.get()
    import_articles(str(seed_pages), "--workers", "2")
    run = ImportRun.objects.exclude(pk=dry_run.pk).get()
    assert dry_run.status == ImportRun.Status.DRY_RUN
    assert dry_run.counts == run.counts
    assert run.counts["articles"] == Article.objects.count() > 0
