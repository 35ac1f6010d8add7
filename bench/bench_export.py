"""Export benchmark: 100,000 filtered activities to CSV three ways, on the scale database.

1. wenming's export (reports.exports: the list's FilterSet; the export resource's
   columns compiled by core.export_columns into ``values_list`` lookups and render
   functions, the organisers read by two more queries per 10,000 rows; streamed CSV
   chunks) — what /activities/export/csv/ sends;
2. django-import-export's default: ``resource.export(queryset=...)`` then ``dataset.csv``,
   with the same resource and the same rows;
3. a bare ``csv.writer`` over ``values_list`` of the same rows and plain columns
   (no choice labels, no organiser names): the floor.

Targets (issue 6): wenming ≥ 5× faster than (2) and ≥ 0.5× the speed of (3);
peak Python memory (tracemalloc) flat as rows grow from 10k to 100k.

    .venv/bin/python bench/bench_export.py            # large database (1M activities)
    .venv/bin/python bench/bench_export.py --size small --rows 10000,30000,60000
    # django-import-export's default takes some 12 minutes for 100,000 rows: its code path
    # does not involve wenming's export, so an earlier measurement may be carried over
    .venv/bin/python bench/bench_export.py --default-time 736.74 --default-measured-at "2026-11-25 16:23 UTC"

The database is created and filled on first use (see bench/_common.py).
"""

from __future__ import annotations

import argparse
import csv
import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SIZES, ensure_size, machine, setup_django, table, write_section  # noqa: E402

FILTERS = {"kind": "volunteer", "date_after": "2018-01-01"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="large")
    parser.add_argument("--rows", default="10000,30000,100000", help="row counts, the largest is timed")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of wenming's and the bare export")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing the doc")
    parser.add_argument(
        "--default-time",
        type=float,
        help="seconds django-import-export's default took for the largest row count in an earlier run: "
        "not timed again (its peak memory at the smaller counts still is)",
    )
    parser.add_argument("--default-measured-at", default="", help="when --default-time was measured")
    args = parser.parse_args()
    if args.default_time is not None and not args.default_measured_at:
        parser.error("--default-time needs --default-measured-at")
    size = SIZES[args.size]
    row_counts = sorted(int(n) for n in args.rows.split(","))
    ensure_size(size)
    setup_django(size.url)
    section = run(size, row_counts, args.repeat, args.default_time, args.default_measured_at)
    if args.no_write:
        print(section)
    else:
        write_section("export", section)


def run(size, row_counts: list[int], repeat: int, default_time: float | None, default_measured_at: str) -> str:
    from django.http import QueryDict

    from campaigns.models import Activity
    from core.exports import csv_chunks, export_rows
    from reports.exports import EXPORTS

    spec = EXPORTS["activities"]
    query = QueryDict(mutable=True)
    query.update(FILTERS)

    def project_queryset(n):
        return spec.queryset(spec.filterset(data=query))[:n]

    available = spec.filterset(data=query).result().count()
    if available < row_counts[-1]:
        raise SystemExit(f"the filter {FILTERS} finds {available:,} activities, fewer than {row_counts[-1]:,}")

    def project(n) -> int:
        resource = spec.resource()
        written = 0
        for chunk in csv_chunks(resource.get_export_headers(), export_rows(resource, project_queryset(n))):
            written += len(chunk)
        return written

    def import_export_default(n) -> int:
        return len(spec.resource().export(queryset=project_queryset(n)).csv)

    plain_columns = [
        "id", "title", "campaign__name", "date", "date_precision", "place", "kind", "participants",
        "description", "article__content_hash", "article__title", "evidence", "evidence_start", "evidence_end",
        "review_status", "reviewed_by__username", "reviewed_at", "review_note",
    ]  # fmt: skip

    def bare(n) -> int:
        rows = spec.filterset(data=query).result().values_list(*plain_columns)[:n]
        written = 0

        class Sink:
            def write(self, line):
                nonlocal written
                written += len(line)

        writer = csv.writer(Sink())
        writer.writerow(plain_columns)
        for row in rows.iterator(chunk_size=2000):
            writer.writerow(row)
        return written

    def timed(function, n) -> tuple[float, int]:
        gc.collect()
        started = time.perf_counter()
        written = function(n)
        return time.perf_counter() - started, written

    def peak_kib(function, n) -> float:
        gc.collect()
        tracemalloc.start()
        function(n)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak / 1024

    largest = row_counts[-1]
    print(f"exporting {largest:,} rows, {repeat} runs each of wenming and bare csv", file=sys.stderr)
    project(1000)  # warm caches: the first query of a process pays for connection and plan setup
    # Alternated, so that other work on the machine weighs on both alike.
    project_runs, bare_runs = [], []
    for _ in range(repeat):
        project_runs.append(timed(project, largest))
        bare_runs.append(timed(bare, largest))
    if default_time is None:
        print("django-import-export default export (one run)", file=sys.stderr)
        default_time, default_chars = timed(import_export_default, largest)
        default_output = f"{default_chars / 1e6:.1f} M chars"
        default_note = "one run"
    else:
        default_output = f"not re-run: measured {default_measured_at}"
        default_note = f"one run on {default_measured_at}, carried over: its code path is unchanged since"
    project_time = statistics.median(t for t, _ in project_runs)
    bare_time = statistics.median(t for t, _ in bare_runs)
    project_chars = project_runs[0][1]

    print("peak memory at each row count", file=sys.stderr)
    memory_rows = []
    for n in row_counts:
        # django-import-export's default holds every row in a Dataset: measured at the
        # smaller counts only, where it already shows the growth (tracemalloc doubles its time).
        default_peak = f"{peak_kib(import_export_default, n):,.0f} KiB" if n < largest else "not measured"
        memory_rows.append(
            [f"{n:,}", f"{peak_kib(project, n):,.0f} KiB", f"{peak_kib(bare, n):,.0f} KiB", default_peak]
        )

    speedup = default_time / project_time
    floor_ratio = bare_time / project_time
    verdict_default = "met" if speedup >= 5 else "NOT met"
    verdict_bare = "met" if floor_ratio >= 0.5 else "NOT met"
    total = Activity.objects.count()
    lines = [
        "## Export (bench/bench_export.py)",
        "",
        f"Machine: {machine()}.",
        f"Data: {size.describe()} in `{size.database}` (PostgreSQL); {total:,} activities in the table.",
        f"Rows: the activity list filtered by `{'&'.join(f'{k}={v}' for k, v in FILTERS.items())}` "
        f"(accepted only, the list's default; {available:,} rows match), the first {largest:,} in the list's order, "
        f"the {len(spec.resource().get_export_headers())} columns of the activity export (organisers by name, "
        "choices as Chinese labels, source article).",
        "",
        table(
            ["method", f"time for {largest:,} rows", "rows/s", "output", "ratio"],
            [
                [
                    "wenming export (streamed CSV)",
                    f"{project_time:.2f} s",
                    f"{largest / project_time:,.0f}",
                    f"{project_chars / 1e6:.1f} M chars",
                    "1",
                ],
                [
                    "django-import-export `resource.export()` + `.csv`",
                    f"{default_time:.2f} s",
                    f"{largest / default_time:,.0f}",
                    default_output,
                    f"wenming is **{speedup:.1f}×** faster (target ≥ 5×: {verdict_default})",
                ],
                [
                    f"bare `csv.writer` over `values_list` ({len(plain_columns)} plain columns: "
                    "no organisers, codes instead of labels)",
                    f"{bare_time:.2f} s",
                    f"{largest / bare_time:,.0f}",
                    "",
                    f"wenming runs at **{floor_ratio:.2f}×** its speed (target ≥ 0.5×: {verdict_bare})",
                ],
            ],
        ),
        "",
        f"Times are the median of {repeat} runs, wenming's and the bare writer's alternated (django-import-export: "
        f"{default_note}), output consumed and discarded as a streaming response would send it. "
        f"wenming reads the same rows and the same {len(plain_columns)} columns as the bare writer, "
        "plus the organisers (two more queries per 10,000 rows), and renders them as the resource does "
        "(labels for codes, natural keys, dates, formula escaping).",
        "",
        "Peak Python memory (tracemalloc) while exporting:",
        "",
        table(["rows", "wenming export", "bare csv.writer", "django-import-export default"], memory_rows),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
