"""Queued import on background workers against the local process pool, same pages,
same machine, same run.

    .venv/bin/python bench/bench_queue.py [--database sqlite|postgres] [--mb 4] [--workers 2] [--repeat 3] [--no-write]

Copies of the seed pages (varied as bench_import.py varies them) are imported into a
fresh database each time (SQLite: a copy of one migrated file; PostgreSQL: a
database made from one migrated template), three ways:

- pool: `manage.py import_articles DIR --workers N` (extraction in N forked worker
  processes, storing in the importing process);
- queue, workers running (as deployed: workers wait for jobs all day): N `manage.py
  db_worker` processes started and warmed up beforehand, timed from `manage.py
  import_articles DIR --enqueue` until the run is finished;
- queue, cold: the enqueue, then N `manage.py db_worker --batch` processes started
  together, timed until the last worker exits (their start-up, Django's and
  jieba's, counted as the pool's is).

Wall time, fastest of --repeat alternating runs each. The target (issue 14): the
queue within 10 % of the pool. Not a test: timings belong here, never in tests/.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import SERVER, bench_env, machine, psql, write_section
from bench_import import REFERENCE_FIXTURES, ROOT, SEEDS, varied_copies

TARGET = 1.10
WORKER_WARM_UP = 5.0  # seconds for idle workers to load Django and start polling
RUN_ACTIVE = ("queued", "running")


class SQLiteDatabases:
    label = "SQLite (WAL), a fresh copy of one migrated file each time"

    def __init__(self, folder: Path):
        self.folder = folder
        self.template = folder / "template.sqlite3"
        self.current = self.template

    def template_url(self) -> str:
        return f"sqlite:///{self.template}"

    def fresh(self, name: str) -> str:
        self.current = self.folder / f"{name}.sqlite3"
        shutil.copyfile(self.template, self.current)
        return f"sqlite:///{self.current}"

    def scalar(self, sql: str):
        with sqlite3.connect(self.current, timeout=30) as connection:
            row = connection.execute(sql).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        pass


class PostgresDatabases:
    label = "PostgreSQL, a fresh database made from one migrated template each time"
    TEMPLATE = "wenming_queue_template"
    CURRENT = "wenming_queue_run"

    def __init__(self, folder: Path):
        for name in (self.CURRENT, self.TEMPLATE):
            psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        psql("postgres", f'CREATE DATABASE "{self.TEMPLATE}"')

    def template_url(self) -> str:
        return f"{SERVER}/{self.TEMPLATE}"

    def fresh(self, name: str) -> str:
        psql("postgres", f'DROP DATABASE IF EXISTS "{self.CURRENT}" WITH (FORCE)')
        psql("postgres", f'CREATE DATABASE "{self.CURRENT}" TEMPLATE "{self.TEMPLATE}"')
        return f"{SERVER}/{self.CURRENT}"

    def scalar(self, sql: str):
        return psql(self.CURRENT, sql) or None

    def close(self) -> None:
        for name in (self.CURRENT, self.TEMPLATE):
            psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=bench_env(url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run(url: str, *args: str) -> None:
    if manage(url, *args).wait() != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed")


def pool(databases, url: str, folder: Path, workers: int) -> float:
    started = time.perf_counter()
    run(url, "import_articles", str(folder), "--workers", str(workers), "-v", "0")
    return time.perf_counter() - started


def queue_running(databases, url: str, folder: Path, workers: int) -> float:
    processes = [manage(url, "db_worker", "--interval", "0.1", "--no-startup-delay") for _ in range(workers)]
    try:
        time.sleep(WORKER_WARM_UP)
        started = time.perf_counter()
        run(url, "import_articles", str(folder), "--enqueue", "-v", "0")
        while databases.scalar("SELECT status FROM articles_importrun ORDER BY id DESC LIMIT 1") in RUN_ACTIVE:
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
            process.wait()


def queue_cold(databases, url: str, folder: Path, workers: int) -> float:
    started = time.perf_counter()
    run(url, "import_articles", str(folder), "--enqueue", "-v", "0")
    processes = [manage(url, "db_worker", "--batch", "--no-startup-delay") for _ in range(workers)]
    if any(process.wait() != 0 for process in processes):
        raise SystemExit("db_worker failed")
    return time.perf_counter() - started


WAYS = {"pool": pool, "queue": queue_running, "queue_cold": queue_cold}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--mb", type=float, default=4.0, help="megabytes of page text (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for both ways (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each way; the fastest counts")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    options = parser.parse_args()

    seeds = [(path.name, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]
    pages = varied_copies(seeds, int(options.mb * 1024 * 1024))
    times: dict[str, list[float]] = {way: [] for way in WAYS}
    stored: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="wenming-queue-") as tmp:
        tmp_path = Path(tmp)
        folder = tmp_path / "pages"
        folder.mkdir()
        for name, text in pages:
            (folder / name).write_text(text, encoding="utf-8")
        databases = (SQLiteDatabases if options.database == "sqlite" else PostgresDatabases)(tmp_path)
        try:
            template = databases.template_url()
            run(template, "migrate", "--noinput", "-v", "0")
            run(template, "loaddata", "-v", "0", *(str(ROOT / "fixtures" / name) for name in REFERENCE_FIXTURES))
            for attempt in range(options.repeat):
                for way, timed in WAYS.items():
                    url = databases.fresh(f"{way}{attempt}")
                    times[way].append(timed(databases, url, folder, options.workers))
                    stored[way] = int(databases.scalar("SELECT COUNT(*) FROM articles_article"))
        finally:
            databases.close()
    report = section(options, pages, times, stored, databases.label)
    print(report)
    if not options.no_write:
        write_section("queue" if options.database == "sqlite" else "queue_postgres", report)
    return 0


def section(options, pages, times: dict[str, list[float]], stored: dict[str, int], label: str) -> str:
    best = {way: min(runs) for way, runs in times.items()}
    ratio = best["queue"] / best["pool"]
    cold_ratio = best["queue_cold"] / best["pool"]
    size = sum(len(text.encode()) for _, text in pages)
    database = "SQLite" if options.database == "sqlite" else "PostgreSQL"

    def row(way: str, text: str) -> str:
        return f"| {text} | {', '.join(f'{t:.2f}' for t in times[way])} | {best[way]:.2f} | {stored[way]} |"

    return "\n".join(
        [
            f"## Queued import against the process pool, {database} (`bench/bench_queue.py`)",
            "",
            f"Command: `.venv/bin/python bench/bench_queue.py --database {options.database} --mb {options.mb:g}"
            f" --workers {options.workers} --repeat {options.repeat}`",
            "",
            f"Machine: {machine()}",
            "",
            f"{len(pages)} pages ({size / 1024 / 1024:.1f} MB, copies of the seed pages) into {label}; "
            f"{options.workers} workers every way; wall time, fastest of {options.repeat} alternating runs.",
            "",
            "| way | runs (s) | fastest (s) | articles stored |",
            "| --- | --- | --- | --- |",
            row("pool", f"pool: `import_articles --workers {options.workers}`"),
            row(
                "queue", f"queue, {options.workers} `db_worker` running: `import_articles --enqueue` until the run ends"
            ),
            row(
                "queue_cold",
                f"queue, cold: `import_articles --enqueue` + {options.workers} × `db_worker --batch` started after",
            ),
            "",
            f"**Queue / pool: {ratio:.2f}** with the workers running, as deployed (target ≤ {TARGET:.2f}: "
            f"{'met' if ratio <= TARGET else 'missed'}); {cold_ratio:.2f} when the workers start with the import. "
            f"Same articles stored every way: {'yes' if len(set(stored.values())) == 1 else 'no'}.",
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
