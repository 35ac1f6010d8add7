"""Import runs: a killed import shows as interrupted, a re-run finishes it, its workers die with it;
labels in Beijing time."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import ImportRun, PageFile
from articles.services import run_import, runs_interrupted_mark

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "fixtures" / "pages"


def dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


def running_run(pid: int) -> ImportRun:
    return ImportRun.objects.create(
        key=uuid.uuid4(), status=ImportRun.Status.RUNNING, process_id=pid, host=socket.gethostname()
    )


def test_a_run_whose_process_is_gone_is_marked_interrupted(db):
    run = running_run(dead_pid())

    assert runs_interrupted_mark() == 1

    run.refresh_from_db()
    assert run.status == ImportRun.Status.INTERRUPTED
    assert run.finished_at is not None
    assert "再次导入" in run.errors[-1]["error"]


def test_a_run_whose_process_lives_stays_running(db):
    run = running_run(os.getpid())

    assert runs_interrupted_mark() == 0

    run.refresh_from_db()
    assert run.status == ImportRun.Status.RUNNING


def test_the_import_runs_list_shows_a_dead_run_as_interrupted(admin_client):
    running_run(dead_pid())

    page = admin_client.get(reverse("admin:articles_importrun_changelist"))

    assert '<td class="field-status">已中断</td>' in page.content.decode()


def test_importing_the_files_again_finishes_an_interrupted_run(db, tmp_path):
    pages = sorted(SEEDS.glob("*.txt"))
    first = run_import(pages=pages[:2])
    ImportRun.objects.filter(pk=first.pk).update(status=ImportRun.Status.RUNNING, process_id=dead_pid())
    runs_interrupted_mark()

    again = run_import(pages=pages)

    statuses = [p.status for p in again.page_file_results]
    assert statuses == [PageFile.Status.SKIPPED] * 2 + [PageFile.Status.IMPORTED] * (len(pages) - 2)
    assert again.status == ImportRun.Status.SUCCEEDED


def _marked_processes(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"WENMING_TEST_MARK={marker}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_the_workers_of_a_killed_import_die_with_it(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for number in range(1500):
        (folder / f"p{number:04d}.txt").write_text(seeds[number % len(seeds)] + f"\n第{number}版", encoding="utf-8")
    marker = uuid.uuid4().hex
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.sqlite3'}", "WENMING_TEST_MARK": marker}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(PROJECT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=PROJECT, capture_output=True)
    importer = subprocess.Popen(
        [*manage, "import_articles", str(folder), "--workers", "2"],
        env=env,
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_marked_processes(marker)) < 4 and time.monotonic() < deadline:
            time.sleep(0.2)  # the importer, its fork server and two workers
        assert len(_marked_processes(marker)) >= 4, "the workers never started"
        importer.send_signal(signal.SIGKILL)
        importer.wait()

        deadline = time.monotonic() + 15
        while _marked_processes(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _marked_processes(marker) == []
    finally:
        for pid in _marked_processes(marker):
            os.kill(pid, signal.SIGKILL)


def test_an_import_run_is_labelled_in_beijing_time(db):
    import datetime as dt

    from django.utils import timezone

    run = ImportRun.objects.create(key=uuid.uuid4(), status=ImportRun.Status.SUCCEEDED)
    ImportRun.objects.filter(pk=run.pk).update(started_at=dt.datetime(2024, 3, 13, 0, 30, tzinfo=dt.UTC))
    run.refresh_from_db()

    assert str(run) == "导入 2024-03-13 08:30（成功）"
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"
