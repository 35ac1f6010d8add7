"""Page benchmark: every staff list (plain and filtered), detail page, the dashboard
and every admin changelist, at two data sizes on PostgreSQL.

For each page: p50/p95/p99 over at least 30 requests through Django's test client
(the whole middleware stack, template rendering included; no network) and the
number of SQL queries one request makes. The two sizes show whether the query
count stays constant as data grows (no N+1) and whether the time does (scaling:
p95 at the largest size over p95 at the smallest, same run). The sizes are
measured side by side, one process each: a page's timed requests alternate
between them in batches of five, so that a host whose speed drifts weighs on
both sizes alike.

Each size's run starts with a calibration line timed in the same process: bare
`jieba.lcut` over the seed pages and a primary-key fetch. Absolute times compare
between machines and runs only through it.

Targets (issues 6 and 17): p95 ≤ 150 ms for staff pages, ≤ 500 ms for admin
pages, ≤ 100 ms for the activity change form; scaling ≤ 1.5; query counts equal at
both sizes.

    .venv/bin/python bench/bench_pages.py                 # small and large
    .venv/bin/python bench/bench_pages.py --sizes small --repeat 5 --no-write

Databases are created and filled on first use (see bench/_common.py). Settings
are production-like: DEBUG off, plain HTTP.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, ROOT, SIZES, bench_env, ensure_size, machine, percentile, setup_django, table, write_section  # noqa: E402

STAFF_TARGET_MS = 150
ADMIN_TARGET_MS = 500
ACTIVITY_FORM_TARGET_MS = 100
SCALING_TARGET = 1.5
# A page with this many times the table rows at the largest size shows other content (shows_more).
MORE_CONTENT = 1.2
MIN_REPEAT = 30  # fewer, and p95 is little more than the slowest request
BATCH = 5  # timed requests of one page at one size before the other size's turn
# More repeats of one statement than this in one request is a query per row.
N_PLUS_ONE = 5
BENCH_USER = "bench"
SEEDS = ROOT / "fixtures" / "pages"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="small,large", help="comma-separated, from: " + ", ".join(SIZES))
    parser.add_argument(
        "--repeat", type=int, default=MIN_REPEAT, help=f"timed requests per page, after 2 warm-ups (≥ {MIN_REPEAT})"
    )
    parser.add_argument("--only", default="", help="measure only pages whose label contains this text")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing the doc")
    parser.add_argument("--serve", metavar="SIZE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.repeat < MIN_REPEAT and not args.no_write:
        parser.error(f"--repeat below {MIN_REPEAT} gives no p95 worth writing down: add --no-write to try it")
    if args.serve:
        serve(SIZES[args.serve])
        return
    sizes = [SIZES[name] for name in args.sizes.split(",")]
    for size in sizes:
        ensure_size(size)
    # One process per size (Django's settings are fixed once set up), both alive at once.
    workers = {size.name: Worker(size) for size in sizes}
    try:
        results = measure(workers, args.repeat, args.only)
    finally:
        for worker in workers.values():
            worker.close()
    section = report(sizes, results, args.repeat)
    if args.no_write:
        print(section)
    else:
        write_section("pages", section)


class Worker:
    """A process that requests pages of one size's database when told to, one
    command at a time: JSON lines on its stdin, JSON lines back on its stdout."""

    def __init__(self, size):
        self.name = size.name
        self.process = subprocess.Popen(
            [PYTHON, __file__, "--serve", size.name], env=bench_env(size.url), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        hello = self._answer()
        self.calibration = hello["calibration"]
        self.pages = [tuple(page) for page in hello["pages"]]

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the {self.name} worker stopped (exit status {self.process.wait()})")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def measure(workers: dict[str, Worker], repeat: int, only: str) -> dict:
    """Every page at every size. A page's timed requests alternate between the sizes in
    batches of BATCH, so that a machine whose speed drifts (other work on a shared host)
    weighs on both sizes alike and the scaling ratio compares like with like."""
    results = {name: {"calibration": worker.calibration, "pages": []} for name, worker in workers.items()}
    for name, worker in workers.items():
        print(f"[{name}] calibration: {calibration_text(worker.calibration)}", file=sys.stderr)
    url_of = {name: {label: url for _, label, url in worker.pages} for name, worker in workers.items()}
    largest = list(workers.values())[-1]
    for group, label, _ in largest.pages:
        if only and only not in label:
            continue
        rows, times = {}, {}
        for name, worker in workers.items():
            rows[name] = {"group": group, "label": label, "url": url_of[name][label]}
            rows[name].update(worker.ask(do="prepare", url=url_of[name][label]))
            times[name] = []
        for done in range(0, repeat, BATCH):
            for name, worker in workers.items():
                if rows[name]["status"] == 200:
                    count = min(BATCH, repeat - done)
                    answer = worker.ask(do="time", url=url_of[name][label], count=count)
                    if "error" in answer:
                        rows[name]["status"] = answer["error"]
                    times[name] += answer.get("times", [])
        for name, row in rows.items():
            timed = row["status"] == 200 and times[name]
            for p in (50, 95, 99):
                row[f"p{p}"] = percentile(times[name], p) if timed else None
            results[name]["pages"].append(row)
            timing = f"{row['p50']:8.1f} ms p50 {row['p95']:8.1f} ms p95 {row['queries']:3} queries" if timed else ""
            print(f"[{name}] {label:45} {row['status']} {timing}", file=sys.stderr)
    return results


def pages(ids: dict) -> list[tuple[str, str, str]]:
    """(group, label, url) for every page measured."""
    staff = [
        ("dashboard", "dashboard /", "/"),
        ("list", "activities", "/activities/"),
        ("list", "activities: keyword 志愿服务", "/activities/?q=志愿服务"),
        (
            "list",
            "activities: kind + date range",
            "/activities/?kind=volunteer&date_after=2024-01-01&date_before=2024-12-31",
        ),
        ("list", "activities: prefecture (all its counties)", f"/activities/?region={ids['prefecture']}"),
        ("list", "activities: busiest unit", f"/activities/?unit={ids['busiest_unit']}"),
        (
            "list",
            "activities: campaign",
            f"/activities/?campaign={ids['campaign']}" if ids["campaign"] else "/activities/",
        ),
        ("list", "activities: pending review", "/activities/?review_status=pending"),
        ("list", "activities: sorted by participants", "/activities/?sort=-participants"),
        ("list", "activities: page 100", "/activities/?page=100"),
        ("list", "activities: keyword 教育局, page 30 (past the counted 1,000 rows)", "/activities/?q=教育局&page=30"),
        # 教育局 has some 200 matches at 100k activities, so its page 30 is a short last page there:
        # this keyword is past its counted rows at both sizes.
        ("list", "activities: keyword 志愿服务, page 30", "/activities/?q=志愿服务&page=30"),
        ("list", "volunteer records", "/volunteer/"),
        ("list", "volunteer: year 2024", "/volunteer/?year_min=2024&year_max=2024"),
        ("list", "volunteer: schools, most hours", "/volunteer/?unit_kind=school&sort=-hours"),
        ("list", "volunteer: keyword 社区", "/volunteer/?q=社区"),
        ("list", "volunteer: keyword 社区, page 2", "/volunteer/?q=社区&page=2"),
        ("list", "units", "/units/"),
        ("list", "units: keyword 教育局", "/units/?q=教育局"),
        ("list", "units: schools in a prefecture", f"/units/?kind=school&region={ids['prefecture']}"),
        ("list", "units: national honour holders", "/units/?honour_level=national"),
        ("list", "units: most activities", "/units/?sort=-activities"),
        ("list", "units: most volunteer hours", "/units/?sort=-hours"),
        ("list", "units: most honours", "/units/?sort=-honours"),
        ("list", "honour awards", "/honours/"),
        ("list", "honours: national, 2020", "/honours/?level=national&year_min=2020&year_max=2020"),
        ("list", "due for review (复查), this year", "/honours/due/"),
        (
            "list",
            "due for review: 文明单位 of a prefecture",
            f"/honours/due/?category=civilised_unit&region={ids['prefecture']}",
        ),
        ("list", "due for review: idle 12 months", "/honours/due/?idle=true"),
        ("list", "expiring and lapsed holdings", "/honours/expiring/"),
        ("list", "campaigns", "/campaigns/"),
        ("list", "campaigns: most activities", "/campaigns/?sort=-activities"),
        ("list", "articles", "/articles/"),
        ("list", "articles: keyword 志愿", "/articles/?q=志愿"),
        ("list", "articles: with pending records", "/articles/?has_pending=true"),
        ("detail", "unit (busiest)", f"/units/{ids['busiest_unit']}/"),
        ("detail", "unit (median)", f"/units/{ids['median_unit']}/"),
        ("detail", "unit honour timeline (busiest)", f"/units/{ids['busiest_unit']}/honours/"),
        ("detail", "activity", f"/activities/{ids['activity']}/"),
        ("detail", "article", f"/articles/{ids['article']}/"),
    ]
    return staff + ids["admin_pages"]


def collect_ids() -> dict:
    from django.contrib import admin
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article
    from campaigns.models import Activity, ActivityOrganiser, Campaign
    from core.models import ReviewStatus
    from units.models import Region, Unit

    busiest = ActivityOrganiser.objects.values("unit").annotate(n=Count("pk")).order_by("-n", "unit").first()["unit"]
    unit_count = Unit.objects.count()
    median_unit = Unit.objects.order_by("pk").values_list("pk", flat=True)[unit_count // 2]
    activity_count = Activity.objects.count()
    activity = Activity.objects.order_by("pk").values_list("pk", flat=True)[activity_count // 3]
    article = (
        Activity.objects.filter(review_status=ReviewStatus.ACCEPTED, article__isnull=False)
        .order_by("pk")
        .values_list("article", flat=True)
        .first()
    ) or Article.objects.order_by("pk").values_list("pk", flat=True).first()
    prefecture = Region.objects.filter(level=Region.Level.PREFECTURE, name="菏泽市").values_list("pk", flat=True)
    campaign = Campaign.objects.order_by("name").values_list("pk", flat=True).first()

    admin_pages = []
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        label = f"{meta.app_label}.{meta.model_name}"
        admin_pages.append(("admin", f"admin {label} changelist", changelist))
        if model_admin.search_fields and model in (Unit, Activity):
            admin_pages.append(("admin", f"admin {label} search", changelist + "?q=教育局"))
        if any(f.name == "review_status" for f in meta.fields):
            admin_pages.append(("admin", f"admin {label} pending", changelist + "?review_status__exact=pending"))
        first = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        if first is not None and model in (Unit, Activity, Article):
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first])
            admin_pages.append(("admin form", f"admin {label} change form", change))
    # The admin pages of our own beside the change lists: curation works from these.
    admin_pages += [
        ("admin", "admin review queue (pending records of every type)", "/admin/curation/review/"),
        ("admin", "admin audit log", "/admin/audit-log/"),
        ("admin", "admin possible duplicate units", "/admin/curation/units/duplicates/"),
    ]
    return {
        "busiest_unit": busiest,
        "median_unit": median_unit,
        "activity": activity,
        "article": article,
        "prefecture": prefecture.first(),
        "campaign": campaign,
        "admin_pages": admin_pages,
    }


def serve(size) -> None:
    """The worker's side of Worker: answers "prepare" (first request, warm-up, the
    queries of one request) and "time" (this many timed requests) for a URL."""
    protocol, sys.stdout = sys.stdout, sys.stderr  # whatever else prints goes to stderr
    setup_django(size.url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    user, created = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)

    def reply(answer: dict) -> None:
        protocol.write(json.dumps(answer) + "\n")
        protocol.flush()

    reply({"calibration": calibrate(), "pages": pages(collect_ids())})
    for line in sys.stdin:
        command = json.loads(line)
        try:
            if command["do"] == "prepare":
                answer = prepare_page(client, command["url"])
            else:
                answer = {"times": time_requests(client, command["url"], command["count"])}
        except Exception as exc:  # noqa: BLE001 - a failing page is a result, not the end of the run
            # Mostly the statement timeout (bench_env): a page that needs more than that has failed anyway.
            connection.close()
            client.force_login(user)
            error = f"error: {str(exc).splitlines()[0][:80]}"
            answer = (
                {"status": error, "queries": None, "slowest_query_ms": None, "first": None, "repeated": None}
                if command["do"] == "prepare"
                else {"error": error}
            )
        reply(answer)


def calibrate() -> dict:
    """This machine's speed, timed now: bare jieba.lcut over the seed pages (ten
    times over, the fastest of three) and a primary-key fetch (median of 200)."""
    import jieba

    from units.models import Unit

    jieba.initialize()
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))) * 10
    lcut = []
    for _ in range(3):
        started = time.perf_counter()
        jieba.lcut(text)
        lcut.append(time.perf_counter() - started)
    pk = Unit.objects.order_by("pk").values_list("pk", flat=True).first()
    fetch = []
    for _ in range(200):
        started = time.perf_counter()
        Unit.objects.filter(pk=pk).first()
        fetch.append(time.perf_counter() - started)
    return {"lcut_ms": min(lcut) * 1000, "chars": len(text), "pk_fetch_ms": percentile(fetch, 50) * 1000}


def calibration_text(calibration: dict) -> str:
    return (
        f"`jieba.lcut` over the seed pages ×10 ({calibration['chars']:,} characters) {calibration['lcut_ms']:.0f} ms; "
        f"primary-key fetch of a unit {calibration['pk_fetch_ms']:.2f} ms"
    )


def prepare_page(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    _consume(client.get(url))
    # The first request also fills what the pages cache until the ledger changes
    # (dashboard figures, volunteer totals, campaign counts): its cost is shown apart.
    first = (time.perf_counter() - started) * 1000
    _consume(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        table_rows = _consume(response)
    # Read them now: the next request's request_started signal empties the query log.
    slowest = max((float(q["time"]) * 1000 for q in queries.captured_queries), default=0)
    # The same statement with other numbers, many times over: one query per row (N+1).
    shapes = Counter(re.sub(r"\d+", "N", q["sql"]) for q in queries.captured_queries)
    return {
        "status": response.status_code,
        "first": first,
        "queries": len(queries.captured_queries),
        "slowest_query_ms": slowest,
        "repeated": max(shapes.values(), default=0),
        "table_rows": table_rows,
    }


def time_requests(client, url: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        _consume(client.get(url))
        times.append((time.perf_counter() - started) * 1000)
    return times


def _consume(response) -> int:
    """Reads the whole response, as a browser would; the table rows it shows."""
    if response.streaming:
        return sum(chunk.count(b"<tr") for chunk in response.streaming_content)
    return response.content.count(b"<tr")


def target_of(row: dict) -> int:
    if row["label"] == "admin campaigns.activity change form":
        return ACTIVITY_FORM_TARGET_MS
    return ADMIN_TARGET_MS if row["group"].startswith("admin") else STAFF_TARGET_MS


def within(row: dict) -> bool:
    return row["p95"] is not None and row["p95"] <= target_of(row) and row["status"] == 200


def scaling(row: dict, smallest: dict | None) -> float | None:
    """p95 at the largest size over p95 at the smallest, in the same run."""
    if row["p95"] is None or not smallest or not smallest.get("p95"):
        return None
    return row["p95"] / smallest["p95"]


def shows_more(row: dict, smallest: dict | None) -> bool:
    """The page shows more table rows at the largest size (a search whose first page
    is short at the smaller size, a page number past its end there): its scaling
    compares different pages, not the same page on more data."""
    return bool(smallest and smallest.get("table_rows") is not None) and (
        (row.get("table_rows") or 0) > smallest["table_rows"] * MORE_CONTENT
    )


def report(sizes, results: dict, repeat: int) -> str:
    largest, smallest = sizes[-1].name, sizes[0].name
    by_label = {name: {row["label"]: row for row in run["pages"]} for name, run in results.items()}
    pages_measured = results[largest]["pages"]
    rows, misses, query_changes, growing, more_content = [], [], [], [], []
    for row in pages_measured:
        target = target_of(row)
        met = within(row)
        counts = [by_label[size.name].get(row["label"], {}).get("queries") for size in sizes]
        constant = len(set(counts)) == 1 and counts[0] is not None
        ratio = scaling(row, by_label[smallest].get(row["label"])) if len(sizes) > 1 else None
        if not met:
            misses.append(row["label"])
        if not constant:
            query_changes.append(row["label"])
        unlike = ratio is not None and shows_more(row, by_label[smallest].get(row["label"]))
        if unlike:
            more_content.append(row["label"])
        elif ratio is not None and ratio > SCALING_TARGET:
            growing.append(row["label"])
        timed = row["p95"] is not None
        rows.append(
            [
                row["label"],
                f"`{row['url']}`" if len(row["url"]) < 70 else f"`{row['url'][:67]}…`",
                row["status"],
                f"{row['first']:.0f}" if timed else "–",
                f"{row['p50']:.0f}" if timed else "–",
                (f"{row['p95']:.0f}" if met else f"**{row['p95']:.0f}**") if timed else "–",
                f"{row['p99']:.0f}" if timed else "–",
                f"{target}",
                "–"
                if ratio is None
                else (f"{ratio:.2f}" if ratio <= SCALING_TARGET or unlike else f"**{ratio:.2f}**")
                + (" ‡" if unlike else ""),
                " / ".join("–" if c is None else str(c) for c in counts) + ("" if constant else " ⚠"),
                f"{row['slowest_query_ms']:.0f}" if timed else "–",
                (f"**{row['repeated']}**" if row["repeated"] > N_PLUS_ONE else row["repeated"]) if timed else "–",
            ]
        )
    staff = [r for r in pages_measured if not r["group"].startswith("admin")]
    admin = [r for r in pages_measured if r["group"].startswith("admin")]
    scaled = [r for r in pages_measured if len(sizes) > 1 and scaling(r, by_label[smallest].get(r["label"]))]
    lines = [
        "## Pages (bench/bench_pages.py)",
        "",
        f"Machine: {machine()}.",
        "",
        "Calibration, timed in the same run (absolute times compare between machines and runs only through it):",
        "",
        *(f"- {size.name}: {calibration_text(results[size.name]['calibration'])}" for size in sizes),
        "",
        "Data: " + "; ".join(f"**{s.name}** = {s.describe()} (`{s.database}`)" for s in sizes) + ", "
        "statistics fresh (`generate_synthetic` ends with VACUUM ANALYZE).",
        f"Each page: 2 warm-up requests, then {repeat} timed requests through Django's test client "
        f"as a superuser (DEBUG off), alternating between the sizes in batches of {BATCH}; "
        'times in ms at the largest size ("first": the first warm-up request, '
        "which also fills the figures a page caches until the ledger changes); "
        f'"scaling": p95 at {largest} over p95 at {smallest}; queries counted on one request at each size '
        "(" + " / ".join(s.name for s in sizes) + '); "slowest query" in ms; "same query ×": most repeats of one '
        "statement (numbers aside) in one request.",
        "",
        f"Staff pages meeting p95 ≤ {STAFF_TARGET_MS} ms: {sum(within(r) for r in staff)} of {len(staff)}; "
        f"admin pages meeting p95 ≤ {ADMIN_TARGET_MS} ms (the activity change form ≤ {ACTIVITY_FORM_TARGET_MS} ms): "
        f"{sum(within(r) for r in admin)} of {len(admin)}; "
        f"pages scaling ≤ {SCALING_TARGET}: {len(scaled) - len(growing) - len(more_content)} of "
        f"{len(scaled) - len(more_content)} that show as many rows at both sizes; {len(more_content)} more (‡) "
        f"show over {MORE_CONTENT}× the table rows at {largest}, so their scaling compares different pages. "
        f"Query counts that change with data size: {', '.join(query_changes) if query_changes else 'none'}. "
        f"Pages repeating one statement more than {N_PLUS_ONE} times (N+1): "
        f"{', '.join(r['label'] for r in pages_measured if (r.get('repeated') or 0) > N_PLUS_ONE) or 'none'}.",
        "",
        table(
            [
                "page",
                "url",
                "status",
                "first",
                "p50",
                "p95",
                "p99",
                "target",
                "scaling",
                "queries",
                "slowest query",
                "same query ×",
            ],
            rows,
        ),  # fmt: skip
    ]
    if misses:
        lines += ["", "Over target: " + ", ".join(misses) + "."]
    if growing:
        lines += ["", f"Growing more than {SCALING_TARGET}× from {smallest} to {largest}: " + ", ".join(growing) + "."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
