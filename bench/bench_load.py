"""Load benchmark: 8 concurrent staff clients browsing and filtering the staff site
for 60 s against gunicorn on PostgreSQL, all on 127.0.0.1.

wrk (Debian's package; installed when missing and we are root) drives the load
with bench/load.lua, logged in through a session cookie made for the bench user.
Reports throughput, latency percentiles and errors: any connection error, timeout
or response other than 200 counts (a redirect would mean the session was lost).

Target (issue 6): zero errors; throughput and p95 reported.

    .venv/bin/python bench/bench_load.py                       # large database, 60 s
    .venv/bin/python bench/bench_load.py --size small --duration 10 --no-write
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, SIZES, bench_env, ensure_size, machine, setup_django, table, write_section  # noqa: E402

BENCH_USER = "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="large")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--duration", type=int, default=60, help="seconds (default 60)")
    parser.add_argument(
        "--warmup", type=int, default=20, help="seconds of unrecorded load first: workers load jieba on first search"
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing the doc")
    args = parser.parse_args()
    size = SIZES[args.size]
    wrk = ensure_wrk()
    ensure_size(size)
    setup_django(size.url)
    session, ranges = make_session()
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(size, port, args.workers)
    try:
        wait_until_up(base, session, server)

        def load(seconds: int) -> subprocess.CompletedProcess:
            command = [
                wrk, "-t", str(min(args.clients, os.cpu_count() or 1)), "-c", str(args.clients),
                "-d", f"{seconds}s", "--timeout", "10s", "-s", str(ROOT / "bench" / "load.lua"), base,
                "--", session, *(str(n) for n in ranges),
            ]  # fmt: skip
            print(" ".join(command[:-5]), file=sys.stderr)
            return subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)

        if args.warmup:
            load(args.warmup)
        finished = load(args.duration)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    sys.stderr.write(finished.stderr)
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    section = report(size, args, result, finished.stdout)
    if args.no_write:
        print(section)
    else:
        write_section("load", section)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: apt-get install wrk (as root)")
    print("installing wrk (Debian package)", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
    return shutil.which("wrk")


def make_session() -> tuple[str, tuple[int, int, int, int]]:
    """A session of the bench superuser, as a login would leave it; and the id ranges
    of units and activities the script opens detail pages from."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db.models import Max, Min

    from campaigns.models import Activity
    from units.models import Unit

    user, created = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    units = Unit.objects.aggregate(low=Min("pk"), high=Max("pk"))
    activities = Activity.objects.aggregate(low=Min("pk"), high=Max("pk"))
    return store.session_key, (units["low"], units["high"], activities["low"], activities["high"])


def start_gunicorn(size, port: int, workers: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        raise SystemExit(f"{gunicorn} is missing: scripts/setup --dev installs it")
    command = [
        str(gunicorn), "wenming.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    print(" ".join(command), file=sys.stderr)
    return subprocess.Popen(command, cwd=ROOT, env=bench_env(size.url))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, session: str, server: subprocess.Popen) -> None:
    request = urllib.request.Request(base + "/", headers={"Cookie": f"sessionid={session}"})
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status == 200 and response.url.rstrip("/") == base:
                    return
                raise SystemExit(f"the session cookie did not log in: {response.status} {response.url}")
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with status {server.returncode}") from None
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer on {base} within 60 s") from None
            time.sleep(0.5)


def report(size, args, result: dict, raw: str) -> str:
    seconds = result["duration_us"] / 1e6
    errors = {key: result[key] for key in ("connect", "read", "write", "timeout", "status", "not_ok") if result[key]}
    verdict = "met: zero errors" if not errors else f"NOT met: {errors}"
    rows = [
        ["requests", f"{result['requests']:,} in {seconds:.1f} s"],
        ["throughput",
         f"**{result['requests'] / seconds:,.1f} requests/s** ({result['bytes'] / seconds / 1e6:.1f} MB/s)"],
        ["latency p50 / p95 / p99 / max",
         f"{result['p50_us'] / 1000:.0f} / **{result['p95_us'] / 1000:.0f}** / {result['p99_us'] / 1000:.0f} / "
         f"{result['max_us'] / 1000:.0f} ms"],
        ["errors (connect, read, write, timeout, HTTP ≥ 400, not 200)", verdict],
    ]  # fmt: skip
    return "\n".join(
        [
            "## Concurrency (bench/bench_load.py)",
            "",
            f"Machine: {machine()}.",
            f"Data: {size.describe()} in `{size.database}`. Server: gunicorn, {args.workers} sync workers, "
            f"DEBUG off, on 127.0.0.1; load generator wrk on the same 2 cores: {args.clients} connections for "
            f"{args.duration} s (after {args.warmup} s of unrecorded warm-up), each request a random pick of "
            "15 staff lists and filters (dashboard included) "
            "and unit and activity detail pages of random ids, logged in with a session cookie (bench/load.lua).",
            "",
            table(["measure", "result"], rows),
        ]
    )


if __name__ == "__main__":
    main()
