"""Page benchmark: every staff list (plain and filtered), detail page, the dashboard
and every admin changelist, at two data sizes on PostgreSQL.

For each page: p50/p95/p99 over at least 30 requests through Django's test client
(the whole middleware stack, template rendering included; no network; a fast page
gets more, enough to fill a second, so that its p95 is not one hiccup) and the
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
import math
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, ROOT, SIZES, bench_env, ensure_size, percentile, setup_django, write_section  # noqa: E402
from _pages_report import calibration_text, report  # noqa: E402

MIN_REPEAT = 30  # fewer, and p95 is little more than the slowest request
# A fast page gets more timed requests, enough to fill this much time at each size (up to
# MAX_REPEAT): over 30 requests of 10 ms, p95 is the second slowest, and one hiccup of
# the host decides it.
MIN_TIMED_MS = 1000
MAX_REPEAT = 200
BATCH = 5  # timed requests of one page at one size before the other size's turn
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
    method = (
        f"2 warm-up requests, then at least {args.repeat} timed requests through Django's test client as a "
        f"superuser (DEBUG off), more for a fast page: as many as fill {MIN_TIMED_MS / 1000:.0f} s at the "
        f"faster size (at most {MAX_REPEAT}), the same number at each size, alternating between the sizes "
        f"in batches of {BATCH}"
    )
    section = report(sizes, results, method)
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
        count = timed_count(repeat, [row.get("warm_ms") for row in rows.values()])
        for done in range(0, count, BATCH):
            for name, worker in workers.items():
                if rows[name]["status"] == 200:
                    batch = min(BATCH, count - done)
                    answer = worker.ask(do="time", url=url_of[name][label], count=batch)
                    if "error" in answer:
                        rows[name]["status"] = answer["error"]
                    times[name] += answer.get("times", [])
        for name, row in rows.items():
            timed = row["status"] == 200 and times[name]
            row["timed"] = len(times[name])
            for p in (50, 95, 99):
                row[f"p{p}"] = percentile(times[name], p) if timed else None
            results[name]["pages"].append(row)
            timing = f"{row['p50']:8.1f} ms p50 {row['p95']:8.1f} ms p95 {row['queries']:3} queries" if timed else ""
            print(f"[{name}] {label:45} {row['status']} {timing}", file=sys.stderr)
    return results


def timed_count(repeat: int, warm_ms: list[float | None]) -> int:
    """How many requests to time at each size: at least `repeat`, and for a fast page
    enough to fill MIN_TIMED_MS at the faster size, judged by its warm-up request."""
    fastest = min((ms for ms in warm_ms if ms), default=None)
    if fastest is None:
        return repeat
    wanted = min(MAX_REPEAT, math.ceil(MIN_TIMED_MS / fastest))
    return max(repeat, math.ceil(wanted / BATCH) * BATCH)


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


def prepare_page(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The first request also fills what the pages cache until the ledger changes
    # (dashboard figures, volunteer totals, campaign counts): its cost is shown apart.
    # The second tells how long a timed request will take (timed_count).
    first, warm = time_requests(client, url, 2)
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
        "warm_ms": warm,
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


if __name__ == "__main__":
    main()
