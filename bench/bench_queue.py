"""Queued import on background workers against the local process pool, same pages,
same machine, same run.

    .venv/bin/python bench/bench_queue.py [--mb 4] [--workers 2] [--repeat 3] [--no-write]

Copies of the seed pages (varied as bench_import.py varies them) are imported into a
fresh SQLite database, from a copy of the same migrated database each time, two ways:

- pool: `manage.py import_articles DIR --workers N` (extraction in N forked worker
  processes, storing in the importing process);
- queue, workers running (as deployed: workers wait for jobs all day): N `manage.py
  db_worker` processes started and warmed up beforehand, timed from `manage.py
  import_articles DIR --enqueue` until the run is finished;
- queue, cold: the enqueue, then N `manage.py db_worker --batch` processes started
  together, timed until the last worker exits (their start-up, Django's and
  jieba's, counted as the pool's is).

Wall time, fastest of --repeat alternating runs each. The target (issue 14): the
queue within 10 % of the pool.
Not a test: timings belong here, never in tests/.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import bench_env, machine, write_section
from bench_import import REFERENCE_FIXTURES, ROOT, SEEDS, varied_copies

TARGET = 1.10
WORKER_WARM_UP = 5.0  # seconds for idle workers to load Django and start polling


def manage(database: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=bench_env(f"sqlite:///{database}"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run(database: Path, *args: str) -> None:
    process = manage(database, *args)
    if process.wait() != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed")


def pool(database: Path, folder: Path, workers: int) -> float:
    started = time.perf_counter()
    run(database, "import_articles", str(folder), "--workers", str(workers), "-v", "0")
    return time.perf_counter() - started


def queue(database: Path, folder: Path, workers: int) -> float:
    started = time.perf_counter()
    run(database, "import_articles", str(folder), "--enqueue", "-v", "0")
    processes = [manage(database, "db_worker", "--batch", "--no-startup-delay") for _ in range(workers)]
    if any(process.wait() != 0 for process in processes):
        raise SystemExit("db_worker failed")
    return time.perf_counter() - started


def queue_running(database: Path, folder: Path, workers: int) -> float:
    processes = [manage(database, "db_worker", "--interval", "0.05", "--no-startup-delay") for _ in range(workers)]
    try:
        time.sleep(WORKER_WARM_UP)
        started = time.perf_counter()
        run(database, "import_articles", str(folder), "--enqueue", "-v", "0")
        while run_status(database) in {"queued", "running"}:
            time.sleep(0.02)
        return time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
            process.wait()


def run_status(database: Path) -> str:
    import sqlite3

    with sqlite3.connect(database, timeout=30) as connection:
        row = connection.execute("SELECT status FROM articles_importrun ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else "queued"


WAYS = {"pool": pool, "queue": queue_running, "queue_cold": queue}


def articles(database: Path) -> int:
    import sqlite3

    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="megabytes of page text (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for both ways (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each way; the fastest counts")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    options = parser.parse_args()

    seeds = [(path.name, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]
    pages = varied_copies(seeds, int(options.mb * 1024 * 1024))
    with tempfile.TemporaryDirectory(prefix="wenming-queue-") as tmp:
        tmp_path = Path(tmp)
        folder = tmp_path / "pages"
        folder.mkdir()
        for name, text in pages:
            (folder / name).write_text(text, encoding="utf-8")
        template = tmp_path / "template.sqlite3"
        run(template, "migrate", "--noinput", "-v", "0")
        run(template, "loaddata", "-v", "0", *(str(ROOT / "fixtures" / name) for name in REFERENCE_FIXTURES))
        times: dict[str, list[float]] = {way: [] for way in WAYS}
        stored: dict[str, int] = {}
        for attempt in range(options.repeat):
            for way, timed in WAYS.items():
                database = tmp_path / f"{way}{attempt}.sqlite3"
                shutil.copyfile(template, database)
                times[way].append(timed(database, folder, options.workers))
                stored[way] = articles(database)
    best = {way: min(runs) for way, runs in times.items()}
    ratio = best["queue"] / best["pool"]
    cold_ratio = best["queue_cold"] / best["pool"]
    size = sum(len(text.encode()) for _, text in pages)
    lines = [
        "## Queued import against the process pool (`bench/bench_queue.py`)",
        "",
        f"Command: `.venv/bin/python bench/bench_queue.py --mb {options.mb:g} --workers {options.workers}"
        f" --repeat {options.repeat}`",
        "",
        f"Machine: {machine()}",
        "",
        f"{len(pages)} pages ({size / 1024 / 1024:.1f} MB, copies of the seed pages), into a fresh SQLite "
        f"database each time; {options.workers} workers both ways; wall time, fastest of {options.repeat} "
        "alternating runs, Django's and jieba's start-up included.",
        "",
        "| way | runs (s) | fastest (s) | articles stored |",
        "| --- | --- | --- | --- |",
        f"| pool: `import_articles --workers {options.workers}` | "
        f"{', '.join(f'{t:.2f}' for t in times['pool'])} | {best['pool']:.2f} | {stored['pool']} |",
        f"| queue, {options.workers} `db_worker` running: `import_articles --enqueue` until the run ends | "
        f"{', '.join(f'{t:.2f}' for t in times['queue'])} | {best['queue']:.2f} | {stored['queue']} |",
        f"| queue, cold: `import_articles --enqueue` + {options.workers} × `db_worker --batch` started after | "
        f"{', '.join(f'{t:.2f}' for t in times['queue_cold'])} | {best['queue_cold']:.2f} | {stored['queue_cold']} |",
        "",
        f"**Queue / pool: {ratio:.2f}** with the workers running, as deployed (target ≤ {TARGET:.2f}: "
        f"{'met' if ratio <= TARGET else 'missed'}); {cold_ratio:.2f} when the workers start with the import. "
        f"Same articles stored every way: {'yes' if len(set(stored.values())) == 1 else 'no'}.",
    ]
    report = "\n".join(lines)
    print(report)
    if not options.no_write:
        write_section("queue", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
