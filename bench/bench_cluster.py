"""Several machines, played on one: two gunicorn servers on two ports and two
background workers (`manage.py db_worker`) against one PostgreSQL database, importing
1,000 queued pages while 8 clients browse both servers.

    .venv/bin/python bench/bench_cluster.py [--size small] [--pages 1000] [--clients 8] [--no-write]

Reports the import's pages per second (from the enqueue to the run's end), the
clients' requests per second and p50/p95 page times, the errors (any status other
than 200, any connection error: target 0), and whether the queued run's counts match
what a one-process dry run of the same pages reports. The pages are copies of the
seed pages with every paragraph stamped with this run's time, so every run imports
new articles.
Not a test: timings belong here, never in tests/.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, SIZES, bench_env, ensure_size, machine, percentile, setup_django, write_section  # noqa: E402
from bench_load import free_port, make_session, start_gunicorn, wait_until_up  # noqa: E402

SEEDS = ROOT / "fixtures" / "pages"
BROWSED = ["/", "/activities/", "/activities/?q=志愿服务", "/units/", "/units/?q=教育局", "/volunteer/", "/honours/"]


def write_pages(folder: Path, count: int) -> None:
    """Copies of the seed pages, every paragraph stamped with this run's time and the
    copy's number, so that every article is new to the database, run after run."""
    seeds = sorted(SEEDS.glob("*.txt"))
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    for number in range(count):
        text = seeds[number % len(seeds)].read_text(encoding="utf-8")
        lines = [re.sub(r"。$", f"（{stamp}第{number}版）。", line) for line in text.splitlines()]
        (folder / f"{stamp}_{number:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def browse(bases: list[str], session: str, stop: threading.Event, times: list[float], errors: list[str]) -> None:
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session}")]
    step = 0
    while not stop.is_set():
        url = bases[step % len(bases)] + BROWSED[step % len(BROWSED)]
        step += 1
        started = time.perf_counter()
        try:
            with opener.open(urllib.parse.quote(url, safe=":/?=&"), timeout=30) as response:
                response.read()
                if response.status != 200:
                    errors.append(f"{response.status} {url}")
        except Exception as error:  # noqa: BLE001  (every failure counts as an error)
            errors.append(f"{type(error).__name__} {url}")
        times.append((time.perf_counter() - started) * 1000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()
    size = SIZES[options.size]
    ensure_size(size)
    setup_django(size.url)
    from articles.models import ImportRun
    from articles.services import run_import

    session, _ = make_session()
    with tempfile.TemporaryDirectory(prefix="wenming-cluster-") as tmp:
        folder = Path(tmp)
        write_pages(folder, options.pages)
        expected = run_import(pages=sorted(folder.glob("*.txt")), dry_run=True).counts
        ports = [free_port(), free_port()]
        servers = [start_gunicorn(size, port, 2) for port in ports]
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        workers: list[subprocess.Popen] = []
        try:
            for base, server in zip(bases, servers, strict=True):
                wait_until_up(base, session, server)
            stop = threading.Event()
            times: list[float] = []
            errors: list[str] = []
            clients = [
                threading.Thread(target=browse, args=(bases, session, stop, times, errors))
                for _ in range(options.clients)
            ]
            for client in clients:
                client.start()
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "manage.py", "import_articles", str(folder), "--enqueue", "-v", "0"],
                cwd=ROOT,
                env=bench_env(size.url),
                check=True,
            )
            run = ImportRun.objects.order_by("-pk").first()
            workers = [
                subprocess.Popen(
                    [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                    cwd=ROOT,
                    env=bench_env(size.url),
                )
                for _ in range(2)
            ]
            for worker in workers:
                worker.wait(timeout=3600)
            elapsed = time.perf_counter() - started
            stop.set()
            for client in clients:
                client.join(timeout=60)
        finally:
            for process in [*servers, *workers]:
                if process.poll() is None:
                    process.terminate()
                    process.wait(timeout=30)
        run.refresh_from_db()
    names = ("articles", "units", "unit_aliases", "honour_awards", "activities", "volunteer_records")
    match = all(run.counts.get(name) == expected.get(name) for name in names)
    requests = len(times)
    lines = [
        "## Several machines on one (`bench/bench_cluster.py`)",
        "",
        f"Command: `.venv/bin/python bench/bench_cluster.py --size {options.size} --pages {options.pages}"
        f" --clients {options.clients}`",
        "",
        f"Machine: {machine()}",
        "",
        f"Two gunicorn servers (2 processes each) on two ports and two `db_worker` processes against one "
        f"PostgreSQL database ({size.describe()}), all on this machine; {options.clients} clients browse both "
        f"servers ({', '.join(BROWSED)}) while {options.pages} queued pages import.",
        "",
        "| measure | figure |",
        "| --- | --- |",
        f"| import | {options.pages} pages in {elapsed:.1f} s: **{options.pages / elapsed:.1f} pages/s**; "
        f"run status {run.status} |",
        f"| browsing | {requests} requests, {requests / elapsed:.1f}/s; p50 {percentile(times, 50):.0f} ms, "
        f"**p95 {percentile(times, 95):.0f} ms** |",
        f"| errors | **{len(errors)}** (target 0){': ' + '; '.join(errors[:5]) if errors else ''} |",
        f"| counts match a one-process dry run | {'yes' if match else 'no'} "
        f"({', '.join(f'{name} {run.counts.get(name)}' for name in names)}) |",
    ]
    report = "\n".join(lines)
    print(report)
    if not options.no_write:
        write_section("cluster", report)
    return 0 if not errors and match else 1


if __name__ == "__main__":
    raise SystemExit(main())
