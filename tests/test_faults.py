"""Faults: a killed import, two imports at once, and backup and restore.

Backups are `dumpdata --natural-foreign` (not --natural-primary): content types and
permissions are named by natural key, so the dump loads into a fresh database whose
content-type ids differ, while every row keeps its primary key. The keys must stay:
history rows (simple-history) and unit-merge snapshots point at objects by id, and
with --natural-primary a restored unit could come back under another id and lose
its history.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core.models import ReviewStatus
from units.models import HonourAward, Unit, UnitAlias


def backup(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "backup.json"
    call_command("backup_ledger", str(path), verbosity=0)
    return path


def restore(path: Path) -> None:
    call_command("restore_ledger", str(path), verbosity=0)


def history_of_units() -> list[tuple]:
    return list(
        Unit.history.order_by("history_id").values_list(
            "history_id", "id", "history_type", "history_change_reason", "history_user__username", "review_status"
        )
    )


def row_counts() -> dict[str, int]:
    excluded = {"contenttypes", "sessions"}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in excluded and model._meta.label != "auth.Permission"
    }


@pytest.fixture
def curated_ledger(ledger, reviewer, party_office, party_office_alias, hotline_centre):
    """The shared ledger after a day of curation: an alias accepted, a duplicate
    unit merged away, an award rejected. Each step leaves history entries."""
    from curation.merging import unit_merge

    party_office_alias.review_status = ReviewStatus.ACCEPTED
    party_office_alias.reviewed_by = reviewer
    party_office_alias.reviewed_at = timezone.now()
    party_office_alias._change_reason = "审核通过"
    party_office_alias.save()
    duplicate = Unit.objects.create(name="中共菏泽市委办公室", kind=Unit.Kind.PARTY_GOVERNMENT)
    unit_merge(survivor=party_office, others=[duplicate], user=reviewer, reason="同一单位")
    hotline_centre.short_name = "市长热线"
    hotline_centre._change_reason = "补充简称"
    hotline_centre.save()
    award = HonourAward.objects.get()
    award.review_status = ReviewStatus.REJECTED
    award.review_note = "年份有误"
    award.save()


def test_a_restored_backup_gives_back_every_row(transactional_db, curated_ledger, tmp_path):
    before_counts = row_counts()
    dump = backup(tmp_path)

    call_command("flush", interactive=False, verbosity=0)
    assert not Unit.objects.exists() and not Unit.history.exists()
    restore(dump)

    assert row_counts() == before_counts
    again = backup(tmp_path / "again")
    assert json.loads(again.read_text(encoding="utf-8")) == json.loads(dump.read_text(encoding="utf-8"))


def test_a_restored_backup_keeps_aliases_review_states_and_history(transactional_db, curated_ledger, tmp_path):
    unit = Unit.objects.get(name="菏泽市委办公室")
    history_before = history_of_units()
    assert {entry[2] for entry in history_before} == {"+", "~", "-"}
    dump = backup(tmp_path)

    call_command("flush", interactive=False, verbosity=0)
    restore(dump)

    restored = Unit.objects.get(name="菏泽市委办公室")
    assert restored.pk == unit.pk
    assert set(restored.aliases.values_list("name", "review_status")) >= {("市委办公室", ReviewStatus.ACCEPTED)}
    assert UnitAlias.objects.filter(unit=restored, name="中共菏泽市委办公室").exists()
    award = HonourAward.objects.get()
    assert (award.review_status, award.review_note) == (ReviewStatus.REJECTED, "年份有误")
    assert award.reviewed_by.username == "reviewer"
    assert history_of_units() == history_before
    assert restored.history.count() == Unit.history.filter(id=unit.pk).count() > 0
    merged_away = Unit.history.filter(name="中共菏泽市委办公室").order_by("history_id")
    assert [entry.history_type for entry in merged_away][-1] == "-"
    assert merged_away.last().history_change_reason.startswith("单位合并")


def test_new_rows_can_be_added_after_a_restore(transactional_db, curated_ledger, tmp_path):
    units_before = Unit.objects.count()
    dump = backup(tmp_path)
    call_command("flush", interactive=False, verbosity=0)
    restore(dump)

    # PostgreSQL sequences must have moved past the restored keys.
    unit = Unit.objects.create(name="菏泽市文明办")
    UnitAlias.objects.create(unit=unit, name="市文明办")
    assert Unit.objects.count() == units_before + 1


def test_a_unit_created_after_a_restore_does_not_inherit_a_deleted_units_history(
    transactional_db, curated_ledger, tmp_path
):
    dump = backup(tmp_path)
    call_command("flush", interactive=False, verbosity=0)
    restore(dump)

    unit = Unit.objects.create(name="菏泽市文明办")
    assert list(unit.history.values_list("history_type", flat=True)) == ["+"]


# --- a killed import -------------------------------------------------------------------

BASE_DIR = Path(__file__).resolve().parent.parent
SEEDS = sorted((BASE_DIR / "fixtures" / "pages").glob("*.txt"))


def write_pages(folder: Path, copies: int) -> list[Path]:
    """Distinct pages made from the seeds: every sentence of copy i carries its own
    mark, so no two files share an article."""
    folder.mkdir()
    paths = []
    for i in range(copies):
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8").replace("。", f"（第{i}版）。")
            path = folder / f"{i:03d}_{seed.name}"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


class SubprocessDatabase:
    """A database of its own for manage.py subprocesses: a SQLite file, or a fresh
    PostgreSQL database on the server the suite runs against."""

    def __init__(self, tmp_path: Path):
        settings_db = connection.settings_dict
        self.postgres = connection.vendor == "postgresql"
        if self.postgres:
            self.name = f"h7faults_{uuid.uuid4().hex[:10]}"
            self.params = dict(
                host=settings_db["HOST"] or "127.0.0.1",
                port=settings_db["PORT"] or 5432,
                user=settings_db["USER"],
                password=settings_db["PASSWORD"] or None,
            )
            self._admin("CREATE DATABASE {}")
            auth = settings_db["USER"] + (f":{settings_db['PASSWORD']}" if settings_db["PASSWORD"] else "")
            self.url = f"postgres://{auth}@{self.params['host']}:{self.params['port']}/{self.name}"
        else:
            self.path = tmp_path / "faults.sqlite3"
            self.url = f"sqlite:///{self.path}"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
        self.env.update(
            DATABASE_URL=self.url, DJANGO_SETTINGS_MODULE="wenming.settings", DJANGO_DEBUG="true", PYTHONUNBUFFERED="1"
        )
        self.manage("migrate", "-v", "0")

    def _admin(self, statement: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as admin_connection:
            admin_connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def drop(self) -> None:
        if self.postgres:
            self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, statement: str) -> list[tuple]:
        if self.postgres:
            import psycopg

            with psycopg.connect(dbname=self.name, **self.params) as db:
                return db.execute(statement).fetchall()
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            return db.execute(statement).fetchall()


@pytest.fixture
def subprocess_db(tmp_path):
    database = SubprocessDatabase(tmp_path)
    yield database
    database.drop()


def articles_per_file(db: SubprocessDatabase) -> dict[str, int]:
    rows = db.query("SELECT file_name, COUNT(*) FROM articles_article GROUP BY file_name")
    return {Path(name).name: count for name, count in rows}


def imported_files(db: SubprocessDatabase) -> dict[str, tuple[int, int]]:
    """File name → (how many times imported, articles the import said it stored)."""
    rows = db.query(
        "SELECT file_name, COUNT(*), MAX(article_count) FROM articles_pagefile WHERE status = 'imported' "
        "GROUP BY file_name"
    )
    return {Path(name).name: (times, count) for name, times, count in rows}


def wait_for_imported_files(db: SubprocessDatabase, process: subprocess.Popen, at_least: int) -> None:
    while process.poll() is None:
        rows = db.query("SELECT COUNT(*) FROM articles_pagefile WHERE status = 'imported'")
        if rows[0][0] >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError("the import ended before it could be killed:\n" + process.stderr.read())


def in_write_transaction(db: SubprocessDatabase) -> bool:
    if db.postgres:
        statement = (
            f"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{db.name}' "
            "AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
        )
        return db.query(statement)[0][0] > 0
    # In WAL mode only one writer holds the reserved lock: if we cannot take it, the importer has it.
    probe = sqlite3.connect(db.path, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


def stop_inside_a_transaction(db: SubprocessDatabase, process: subprocess.Popen) -> None:
    """Freezes the importer (SIGSTOP) at a moment it is inside a transaction."""
    while process.poll() is None:
        if in_write_transaction(db):
            process.send_signal(signal.SIGSTOP)
            if in_write_transaction(db):
                return
            process.send_signal(signal.SIGCONT)
    raise AssertionError("the import ended before it could be killed:\n" + process.stderr.read())


def test_a_killed_import_leaves_no_half_imported_file_and_the_next_run_imports_the_rest(subprocess_db, tmp_path):
    pages = write_pages(tmp_path / "pages", copies=8)
    importer = subprocess_db.start("import_articles", str(tmp_path / "pages"), "-v", "0")
    wait_for_imported_files(subprocess_db, importer, at_least=3)
    stop_inside_a_transaction(subprocess_db, importer)
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=60)
    assert importer.returncode == -signal.SIGKILL
    if not subprocess_db.postgres:
        # The kill interrupted a write: its uncommitted frames sit in the WAL, which the
        # next connection ignores.
        assert Path(f"{subprocess_db.path}-wal").exists()

    after_kill = imported_files(subprocess_db)
    stored = articles_per_file(subprocess_db)
    assert 3 <= len(after_kill) < len(pages), "the kill must land in the middle of the run"
    # Files the killed run committed are whole; the file it was in has left nothing.
    assert {name: count for name, count in stored.items()} == {name: count for name, (_, count) in after_kill.items()}

    rerun = subprocess_db.manage("import_articles", str(tmp_path / "pages"), "-v", "0")
    assert rerun.returncode == 0

    final = imported_files(subprocess_db)
    assert set(final) == {page.name for page in pages}
    assert all(times == 1 for times, _ in final.values()), "a file was imported twice"
    assert articles_per_file(subprocess_db) == {name: count for name, (_, count) in final.items()}
    for name, (_, count) in after_kill.items():
        assert final[name][1] == count
    duplicates = subprocess_db.query(
        "SELECT content_hash FROM articles_article GROUP BY content_hash HAVING COUNT(*) > 1"
    )
    assert duplicates == []


# --- two imports at once ---------------------------------------------------------------


@pytest.fixture(scope="module")
def concurrent_imports(tmp_path_factory):
    """Two import_articles processes started together on the same folder (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrent imports are a PostgreSQL matter")
    tmp_path = tmp_path_factory.mktemp("concurrent")
    database = SubprocessDatabase(tmp_path)
    try:
        pages = write_pages(tmp_path / "pages", copies=3)
        processes = [database.start("import_articles", str(tmp_path / "pages"), "-v", "0") for _ in range(2)]
        outputs = [process.communicate(timeout=900) for process in processes]
        yield database, pages, [process.returncode for process in processes], outputs
    finally:
        database.drop()


def test_two_imports_of_the_same_files_at_once_store_each_article_and_record_once(concurrent_imports):
    database, pages, _, outputs = concurrent_imports
    (first_start, first_end), (second_start, second_end) = database.query(
        "SELECT started_at, finished_at FROM articles_importrun ORDER BY started_at"
    )
    assert second_start < first_end, "the two runs did not overlap"
    final = imported_files(database)
    assert set(final) == {page.name for page in pages}, outputs
    assert all(times == 1 for times, _ in final.values()), "a file was imported by both runs"
    assert articles_per_file(database) == {name: count for name, (_, count) in final.items()}
    for table, columns in {
        "articles_article": "content_hash",
        "units_unit": "name",
        "units_unitalias": "unit_id, name",
        "units_honour": "name",
        "units_honouraward": "unit_id, honour_id, year",
        "campaigns_activity": "article_id, title, evidence_start",
        "campaigns_volunteerrecord": "article_id, unit_id, evidence_start, hours, person_times, volunteers",
    }.items():
        twice = database.query(f"SELECT {columns} FROM {table} GROUP BY {columns} HAVING COUNT(*) > 1")
        assert twice == [], f"{table} has rows stored twice: {twice[:5]}"


def test_the_run_that_loses_a_race_for_a_file_skips_it_without_an_error(concurrent_imports):
    database, pages, returncodes, outputs = concurrent_imports
    assert returncodes == [0, 0], [err[-2000:] for _, err in outputs]
    assert all("Traceback" not in err for _, err in outputs)
    # Every file: imported by one run and skipped by the other.
    statuses = database.query("SELECT status, COUNT(*) FROM articles_pagefile GROUP BY status")
    assert dict(statuses) == {"imported": len(pages), "skipped": len(pages)}
