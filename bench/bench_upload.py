"""How long the admin upload of many pages takes to answer, now that it queues the
import instead of running it (issue 14: 300 pages in under a second).

    .venv/bin/python bench/bench_upload.py [--size small] [--pages 300] [--repeat 5] [--no-write]

Posts --pages page files (copies of the seed pages, each made unique) to the upload
page through Django's test client, in this process, against the size's PostgreSQL
database, logged in as the bench's staff user: the whole middleware stack, the form,
storing the files and queueing the jobs, with production settings (DEBUG off). Each
queued run is deleted afterwards, so no worker imports it. Network transfer is not
included. Not a test: timings belong here, never in tests/.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, SIZES, ensure_size, machine, setup_django, write_section  # noqa: E402

TARGET_SECONDS = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()
    size = SIZES[options.size]
    ensure_size(size)
    setup_django(size.url)
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from articles.models import ImportRun

    user, _ = get_user_model().objects.get_or_create(
        username="bench-upload", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    seeds = [path.read_bytes() for path in sorted((ROOT / "fixtures" / "pages").glob("*.txt"))]
    size_bytes = 0
    times: list[float] = []
    for attempt in range(options.repeat):
        stamp = f"{time.time_ns()}-{attempt}"
        files = [
            SimpleUploadedFile(f"{stamp}_{n:04d}.txt", seeds[n % len(seeds)] + f"\n（{stamp}第{n}版）\n".encode())
            for n in range(options.pages)
        ]
        size_bytes = sum(upload.size for upload in files)
        started = time.perf_counter()
        response = client.post(reverse("articles_import:upload"), {"files": files})
        times.append(time.perf_counter() - started)
        if response.status_code != 302:
            raise SystemExit(f"the upload answered {response.status_code}, not a redirect to its run")
        run = ImportRun.objects.get(key=response.url.rstrip("/").rsplit("/", 1)[-1])
        jobs = list(run.queued_pages.values_list("job_id", flat=True).distinct())
        DBTaskResult.objects.filter(id__in=[job for job in jobs if job]).delete()
        run.delete()
    median, slowest = statistics.median(times), max(times)
    lines = [
        "## Uploading many pages (`bench/bench_upload.py`)",
        "",
        f"Command: `.venv/bin/python bench/bench_upload.py --size {options.size} --pages {options.pages}"
        f" --repeat {options.repeat}`",
        "",
        f"Machine: {machine()}",
        "",
        f"{options.pages} page files ({size_bytes / 1024 / 1024:.1f} MB) posted to the admin upload page "
        f"through Django's test client, DEBUG off, PostgreSQL ({size.describe()}); the page stores the files "
        "and queues the import, then answers with a redirect to the run's page. Network transfer not included.",
        "",
        "| uploads | times (s) | median (s) | slowest (s) |",
        "| --- | --- | --- | --- |",
        f"| {options.repeat} | {', '.join(f'{t:.2f}' for t in times)} | {median:.2f} | {slowest:.2f} |",
        "",
        f"**Slowest upload: {slowest:.2f} s** (target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if slowest < TARGET_SECONDS else 'missed'}).",
    ]
    report = "\n".join(lines)
    print(report)
    if not options.no_write:
        write_section("upload", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
