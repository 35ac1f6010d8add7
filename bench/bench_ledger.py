"""Ledger benchmark: one unit's creation ledger (reports/ledger.py) of a year with 1,000
and with 5,000 activities, as XLSX and as PDF: time and peak memory, and their ratios.

    .venv/bin/python bench/bench_ledger.py [--database sqlite|postgres] [--sizes 1000,5000] [--repeat 3] [--no-write]

Builds its own data in a fresh database (SQLite: a file in a temporary folder;
PostgreSQL: `wenming_bench_ledger` on the local server, dropped and made again), with
bulk creation as synthetic/ does: for each size, one unit with that many activities in
2024 (a quarter of them with one or two partner units, 5 % pending or rejected, each
with a title, place, figures, a newspaper-length evidence sentence and its source
article) and a tenth as many volunteer records.

Each measurement runs in a fresh process (`--measure`), so that one run's memory
high-water mark is not the next one's. The process loads Django, imports WeasyPrint
and builds a ledger of an empty unit first (what a running server has already done),
then times `ledger_build` and the writer together, wall clock and CPU. Peak memory is
measured twice: the Python heap's peak during the build (tracemalloc, in a separate run,
as it slows Python down) and the growth of the process's resident high-water mark
(ru_maxrss, which also sees Pango's and fontconfig's allocations in C).

Targets (issue 16): 5,000 activities in under 10 s; memory that grows with the records
only by the records' own output. Not a test: timings belong here, never in tests/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, ROOT, SERVER, bench_env, machine, psql, table, write_section  # noqa: E402

DATABASE = "wenming_bench_ledger"
YEAR = 2024
TARGET_SECONDS = 10.0
SEED = 20240305
FORMATS = ("xlsx", "pdf")
WARM_UP_UNIT = "预热用的空单位"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--sizes", default="1000,5000", help="activities of the measured units")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each size and format")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing the doc")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--unit", help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=FORMATS, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.url, args.unit, args.format, trace=args.trace)))
        return
    sizes = sorted(int(n) for n in args.sizes.split(","))
    url, label = fresh_database(args.database)
    os.environ.update(bench_env(url))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    print(f"migrating {label}", file=sys.stderr)
    call_command("migrate", "--noinput", verbosity=0)
    from units.models import Unit

    Unit.objects.create(name=WARM_UP_UNIT, kind=Unit.Kind.OTHER)
    units = {size: create_unit_with_records(size) for size in sizes}
    results = {(size, fmt): run(url, units[size], fmt, args.repeat) for size in sizes for fmt in FORMATS}
    section = report(label, sizes, units, results, args.repeat)
    if args.no_write:
        print(section)
    else:
        write_section("ledger", section)


def fresh_database(kind: str) -> tuple[str, str]:
    if kind == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="wenming-bench-ledger-")) / "db.sqlite3"
        return f"sqlite:///{path}", "SQLite (a fresh file)"
    psql("postgres", f'DROP DATABASE IF EXISTS "{DATABASE}"')
    psql("postgres", f'CREATE DATABASE "{DATABASE}"')
    return f"{SERVER}/{DATABASE}", f"PostgreSQL {psql('postgres', 'SHOW server_version')} (`{DATABASE}`, made afresh)"


def create_unit_with_records(size: int) -> str:
    """A unit with `size` activities in YEAR and size // 10 volunteer records; returns its name."""
    from articles.models import Article, Source
    from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
    from core.models import ReviewStatus
    from synthetic import place_words as places
    from synthetic import vocabulary as vocab
    from units.models import Region, Unit

    rng = random.Random(SEED + size)
    print(f"creating a unit with {size:,} activities", file=sys.stderr)
    province, _ = Region.objects.get_or_create(
        name="山东省", parent=None, defaults={"full_name": "山东省", "level": Region.Level.PROVINCE}
    )
    region, _ = Region.objects.get_or_create(
        name="菏泽市", parent=province, defaults={"full_name": "山东省菏泽市", "level": Region.Level.PREFECTURE}
    )
    name = f"菏泽市文明实践示范局（{size}）"
    short = "示范局"
    unit = Unit.objects.create(name=name, short_name=short, kind=Unit.Kind.PARTY_GOVERNMENT, region=region)
    partners = Unit.objects.bulk_create(
        Unit(name=f"菏泽市{department}（{size}-{n}）", kind=Unit.Kind.PARTY_GOVERNMENT, region=region)
        for n, department in enumerate(rng.sample(vocab.DEPARTMENTS, 12))
    )
    sources = [Source.objects.get_or_create(name=paper)[0] for paper in ("菏泽日报", "牡丹晚报")]
    campaigns = [
        Campaign.objects.get_or_create(name=campaign, defaults={"level": Campaign.Level.CITY, "region": region})[0]
        for campaign in ("菏泽市创建全国文明城市", "学雷锋志愿服务月")
    ]

    def day() -> dt.date:
        return dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(366))

    articles = Article.objects.bulk_create(
        Article(
            source=rng.choice(sources),
            title=f"{short}扎实推进“{rng.choice(vocab.THEMES)}”工作",
            published_on=day(),
            text=f"{name}坚持以文明创建为抓手，推动精神文明建设。" * 20,
            content_hash=hashlib.sha256(f"bench-ledger:{size}:{n}".encode()).hexdigest(),
        )
        for n in range(max(1, size // 10))
    )
    statuses = [ReviewStatus.ACCEPTED] * 95 + [ReviewStatus.PENDING] * 4 + [ReviewStatus.REJECTED]
    kinds = list(vocab.KIND_WORDS)
    activities = []
    for _ in range(size):
        on = day()
        kind = rng.choice(kinds)
        theme = rng.choice(vocab.THEMES)
        place = rng.choice(places.PLACES)
        title = f"{short}{rng.choice(vocab.VERBS)}“{theme}”{rng.choice(vocab.KIND_WORDS[kind])}"
        people = rng.randrange(10, 300)
        activities.append(
            Activity(
                title=title,
                campaign=rng.choice(campaigns) if rng.random() < 0.6 else None,
                date=on,
                place=f"菏泽市{place}",
                kind=kind,
                participants=people,
                description=f"{title}，进一步营造了崇德向善、文明和谐的社会氛围。",
                article=rng.choice(articles),
                evidence=(
                    f"{on.month}月{on.day}日，{name}{rng.choice(vocab.VERBS)}“{theme}”主题活动，"
                    f"组织{people}名干部职工和志愿者走进{place}，开展政策宣讲、环境整治和便民服务，受到群众好评。"
                ),
                review_status=rng.choice(statuses),
            )
        )
    activities = Activity.objects.bulk_create(activities, batch_size=1000)
    roles = list(ActivityOrganiser.Role)
    organisers = []
    for activity in activities:
        organisers.append(ActivityOrganiser(activity=activity, unit=unit, role=rng.choice(roles[:2])))
        if rng.random() < 0.25:
            for partner in rng.sample(partners, rng.randint(1, 2)):
                organisers.append(ActivityOrganiser(activity=activity, unit=partner, role=rng.choice(roles)))
    ActivityOrganiser.objects.bulk_create(organisers, batch_size=1000)
    VolunteerRecord.objects.bulk_create(
        (
            VolunteerRecord(
                unit=unit,
                activity=rng.choice(activities) if rng.random() < 0.5 else None,
                hours=Decimal(rng.randrange(10, 5000)) / 2,
                person_times=rng.randrange(5, 800),
                volunteers=rng.randrange(5, 200),
                period_start=(start := day()),
                period_end=start,
                article=rng.choice(articles),
                evidence=f"{start.month}月以来，{short}志愿服务队累计开展志愿服务{rng.randrange(2, 40)}次。",
                review_status=rng.choice(statuses),
            )
            for _ in range(size // 10)
        ),
        batch_size=1000,
    )
    return name


def run(url: str, unit: str, fmt: str, repeat: int) -> dict:
    """`repeat` timed runs and one traced run, each in a fresh process."""
    command = [PYTHON, __file__, "--measure", "--url", url, "--unit", unit, "--format", fmt]
    runs = []
    for attempt in range(repeat):
        print(f"{unit} {fmt}: run {attempt + 1} of {repeat}", file=sys.stderr)
        runs.append(json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
    print(f"{unit} {fmt}: traced run", file=sys.stderr)
    traced = json.loads(subprocess.run(command + ["--trace"], check=True, capture_output=True, text=True).stdout)
    return {"runs": runs, "traced": traced}


def measure(url: str, unit_name: str, fmt: str, *, trace: bool) -> dict:
    os.environ.update(bench_env(url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import weasyprint  # noqa: F401  (a running server has it loaded since its first PDF)

    from reports.ledger import ledger_build
    from reports.ledger_pdf import ledger_write_pdf
    from reports.ledger_xlsx import ledger_write_xlsx
    from units.models import Unit

    write = {"xlsx": ledger_write_xlsx, "pdf": ledger_write_pdf}[fmt]
    unit = Unit.objects.select_related("region", "parent").get(name=unit_name)
    with tempfile.TemporaryDirectory() as folder:
        # Warm-up: fonts, templates and the database connection, on a unit without records.
        empty = Unit.objects.get(name=WARM_UP_UNIT)
        write(ledger_build(unit=empty, year=YEAR), Path(folder) / f"warm.{fmt}")
        target = Path(folder) / f"ledger.{fmt}"
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if trace:
            tracemalloc.start()
        wall, cpu = time.perf_counter(), time.process_time()
        ledger = ledger_build(unit=unit, year=YEAR)
        built = time.perf_counter() - wall
        write(ledger, target)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak = tracemalloc.get_traced_memory()[1] if trace else None
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {
            "wall": wall,
            "cpu": cpu,
            "build": built,
            "entries": ledger.entry_count,
            "left_out": len(ledger.left_out),
            "bytes": target.stat().st_size,
            "pages": _pages(target) if fmt == "pdf" else None,
            "python_peak": peak,
            "rss_growth": (rss_after - rss_before) * 1024,
        }


def _pages(path: Path) -> int:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    for line in result.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def _mib(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def report(label: str, sizes: list[int], units: dict, results: dict, repeat: int) -> str:
    rows = []
    for fmt in FORMATS:
        for size in sizes:
            result = results[(size, fmt)]
            first, traced = result["runs"][0], result["traced"]
            wall = statistics.median(r["wall"] for r in result["runs"])
            cpu = statistics.median(r["cpu"] for r in result["runs"])
            build = statistics.median(r["build"] for r in result["runs"])
            rss = statistics.median(r["rss_growth"] for r in result["runs"])
            output = _mib(first["bytes"]) + (f", {first['pages']} pages" if first["pages"] else "")
            rows.append(
                [
                    fmt.upper(),
                    f"{size:,}",
                    f"{first['entries']:,} + {first['left_out']:,} left out",
                    f"{wall:.2f} s (max {max(r['wall'] for r in result['runs']):.2f})",
                    f"{cpu:.2f} s",
                    f"{build:.2f} s",
                    _mib(traced["python_peak"]),
                    _mib(rss),
                    output,
                ]
            )
    small, large = sizes[0], sizes[-1]
    ratio_rows = []
    for fmt in FORMATS:
        a, b = results[(small, fmt)], results[(large, fmt)]
        time_ratio = statistics.median(r["wall"] for r in b["runs"]) / statistics.median(r["wall"] for r in a["runs"])
        peak_ratio = b["traced"]["python_peak"] / a["traced"]["python_peak"]
        per_record = (b["traced"]["python_peak"] - a["traced"]["python_peak"]) / (large - small)
        output_ratio = b["runs"][0]["bytes"] / a["runs"][0]["bytes"]
        ratio_rows.append(
            [
                fmt.upper(),
                f"{time_ratio:.2f}×",
                f"{peak_ratio:.2f}×",
                f"{per_record / 1024:.1f} KiB",
                f"{output_ratio:.2f}×",
            ]
        )

    def median_wall(fmt: str) -> float:
        return statistics.median(r["wall"] for r in results[(large, fmt)]["runs"])

    def per_record_kib(fmt: str) -> float:
        a, b = results[(small, fmt)]["traced"], results[(large, fmt)]["traced"]
        return (b["python_peak"] - a["python_peak"]) / (large - small) / 1024

    verdicts = {fmt: "met" if median_wall(fmt) < TARGET_SECONDS else "NOT met" for fmt in FORMATS}
    records = results[(large, "pdf")]["runs"][0]["entries"] + results[(large, "pdf")]["runs"][0]["left_out"]
    pdf_ms = median_wall("pdf") / records * 1000
    return "\n".join(
        [
            "## Ledger (bench/bench_ledger.py)",
            "",
            f"Machine: {machine()}.",
            f"Data: {label}; per size one unit with that many activities in {YEAR} (5 % pending or rejected, a "
            "quarter shared with partner units, each with an evidence sentence of some 60 characters and its "
            "source article) and a tenth as many volunteer records, bulk-created by the benchmark.",
            f"Each figure: `ledger_build` and the writer, in a fresh process after a warm-up (Django, WeasyPrint "
            f"and the fonts loaded, as in a running server); median of {repeat} runs. Python peak: tracemalloc "
            "during the build (a separate run); RSS growth: the process's resident high-water mark over the "
            "warm-up's (it also counts Pango's allocations).",
            "",
            table(
                [
                    "format",
                    "activities",
                    "records in the ledger",
                    "wall",
                    "CPU",
                    "of which reading",
                    "Python peak",
                    "RSS growth",
                    "output",
                ],
                rows,
            ),  # fmt: skip
            "",
            f"From {small:,} to {large:,} activities ({large / small:.0f}× the records):",
            "",
            table(["format", "time", "Python peak", "peak per added record", "output size"], ratio_rows),
            "",
            f"Target: {large:,} activities in under {TARGET_SECONDS:.0f} s — XLSX {verdicts['xlsx']} "
            f"({median_wall('xlsx'):.2f} s), PDF {verdicts['pdf']} ({median_wall('pdf'):.2f} s).",
            "",
            f"**Decision.** WeasyPrint lays out and draws a ledger record in about {pdf_ms:.1f} ms here (three "
            "lines of some 60 characters), so 5,000 activities take well over 10 s however the page is styled: "
            "measured while choosing the layout, the records as table rows were 5× slower than as lines of text, "
            "and dropping the bold first line and the rules, a smaller type or a landscape page each gained under "
            "15 %. The PDF keeps the workbook's whole content in a compact layout (each record three plain-text "
            "lines at 7.5 pt in one paragraph, the unit and the year only in the running head), the XLSX meets "
            "the target, and the web view refuses a PDF of more than 8,000 records (some 35 s, near gunicorn's "
            "60 s timeout) with a message pointing to the workbook and to `manage.py build_ledger`, which has no "
            "such limit.",
            "",
            f"**Memory.** The XLSX grows by {per_record_kib('xlsx'):.1f} KiB per record: the ledger's own lines "
            "and openpyxl's table of shared strings, both the file's content (the workbook is write-only, the "
            "records read 500 at a time with their organisers). The PDF grows by "
            f"{per_record_kib('pdf'):.0f} KiB per record: WeasyPrint holds the layout of the whole document "
            "until it writes it (the page count and the table of contents' page numbers need it), the output's "
            "own layout; nothing else grows with the records.",
        ]
    )


if __name__ == "__main__":
    main()
