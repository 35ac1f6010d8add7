"""Export benchmark: 100,000 filtered activities to CSV three ways, on the scale database.

1. wenming's export (reports.exports: the list's FilterSet; the export resource's
   columns compiled by core.export_columns into ``values_list`` lookups and render
   functions, the organisers read by two more queries per 10,000 rows; streamed CSV
   chunks) — what /activities/export/csv/ sends;
2. django-import-export: ``resource.export(queryset=...)`` then ``dataset.csv``, with the
   same resource and the same rows, with ``IMPORT_EXPORT_CHUNK_SIZE = 10000`` (the
   baseline: the library as one would configure it for large exports) and with its
   default of 100 (which pages the sorted, prefetching queryset with OFFSET a
   thousand times: reported beside it, not a fair baseline);
3. a bare ``csv.writer`` over ``values_list`` of the same rows and plain columns
   (no choice labels, no organiser names): the floor.

Targets (issue 17), in every one of --repeat runs: wenming ≥ 5× faster than (2)
with chunks of 10,000 and ≥ 0.6× the speed of (3); peak Python memory
(tracemalloc) flat as rows grow from 10k to 100k.

    .venv/bin/python bench/bench_export.py            # large database (1M activities)
    .venv/bin/python bench/bench_export.py --size small --rows 10000,30000,60000
    # django-import-export's default chunk size takes some 12 minutes for 100,000 rows: its
    # code path does not involve wenming's export, so an earlier measurement may be carried over
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
BASELINE_CHUNK_SIZE = 10_000
SPEEDUP_TARGET = 5.0
FLOOR_TARGET = 0.6


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
    from django.test import override_settings

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

    def import_export_chunked(n) -> int:
        with override_settings(IMPORT_EXPORT_CHUNK_SIZE=BASELINE_CHUNK_SIZE):
            return import_export_default(n)

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
    # Untimed passes over all the rows first: whichever way ran first would otherwise
    # pay alone for reading the table into the cache (a first run measured 0.32× where
    # the next two measured 0.61× and 0.51×).
    project(largest)
    bare(largest)
    # Alternated, so that other work on the machine weighs on every way alike.
    project_runs, bare_runs, chunked_runs = [], [], []
    for attempt in range(repeat):
        print(f"run {attempt + 1} of {repeat}: wenming, bare csv.writer, django-import-export (chunks of "
              f"{BASELINE_CHUNK_SIZE:,})", file=sys.stderr)  # fmt: skip
        project_runs.append(timed(project, largest))
        bare_runs.append(timed(bare, largest))
        chunked_runs.append(timed(import_export_chunked, largest))
    if default_time is None:
        print("django-import-export with its default chunk size (one run)", file=sys.stderr)
        default_time, default_chars = timed(import_export_default, largest)
        default_output = f"{default_chars / 1e6:.1f} M chars"
        default_note = "one run"
    else:
        default_output = f"not re-run: measured {default_measured_at}"
        default_note = f"one run on {default_measured_at}, carried over: its code path is unchanged since"
    project_time = statistics.median(t for t, _ in project_runs)
    bare_time = statistics.median(t for t, _ in bare_runs)
    chunked_time = statistics.median(t for t, _ in chunked_runs)
    project_chars = project_runs[0][1]
    speedups = [c / p for (p, _), (c, _) in zip(project_runs, chunked_runs, strict=True)]
    floors = [b / p for (p, _), (b, _) in zip(project_runs, bare_runs, strict=True)]

    print("peak memory at each row count", file=sys.stderr)
    memory_rows = []
    for n in row_counts:
        # django-import-export's default holds every row in a Dataset: measured at the
        # smaller counts only, where it already shows the growth (tracemalloc doubles its time).
        default_peak = f"{peak_kib(import_export_default, n):,.0f} KiB" if n < largest else "not measured"
        memory_rows.append(
            [f"{n:,}", f"{peak_kib(project, n):,.0f} KiB", f"{peak_kib(bare, n):,.0f} KiB", default_peak]
        )

    default_speedup = default_time / project_time
    verdict_speedup = "met" if min(speedups) >= SPEEDUP_TARGET else "NOT met"
    verdict_floor = "met" if min(floors) >= FLOOR_TARGET else "NOT met"
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
                    f"django-import-export `resource.export()` + `.csv`, `IMPORT_EXPORT_CHUNK_SIZE = "
                    f"{BASELINE_CHUNK_SIZE:,}` (the baseline)",
                    f"{chunked_time:.2f} s",
                    f"{largest / chunked_time:,.0f}",
                    f"{chunked_runs[0][1] / 1e6:.1f} M chars",
                    f"wenming is **{min(speedups):.1f}×** faster in its slowest run "
                    f"(runs: {', '.join(f'{r:.1f}×' for r in speedups)}; target ≥ {SPEEDUP_TARGET:.0f}× in every run: "
                    f"{verdict_speedup})",
                ],
                [
                    "django-import-export, its default chunk size (100)",
                    f"{default_time:.2f} s",
                    f"{largest / default_time:,.0f}",
                    default_output,
                    f"wenming is {default_speedup:.0f}× faster (not a fair baseline: OFFSET paging of a sorted, "
                    "prefetching queryset)",
                ],
                [
                    f"bare `csv.writer` over `values_list` ({len(plain_columns)} plain columns: "
                    "no organisers, codes instead of labels)",
                    f"{bare_time:.2f} s",
                    f"{largest / bare_time:,.0f}",
                    "",
                    f"wenming runs at **{min(floors):.2f}×** its speed in its slowest run "
                    f"(runs: {', '.join(f'{r:.2f}×' for r in floors)}; target ≥ {FLOOR_TARGET}× in every run: "
                    f"{verdict_floor})",
                ],
            ],
        ),
        "",
        f"Times are the median of {repeat} runs, the three ways alternated in each (django-import-export's "
        f"default: {default_note}); the ratios are taken run by run; output consumed and discarded as a "
        "streaming response would send it. "
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
