"""What the scale benchmarks share: the scale databases, the machine description,
percentiles, and writing one section of docs/benchmarks.md without touching the
others.

Benchmarks are scripts, not tests: run them with the project's Python from the
repository root (`.venv/bin/python bench/bench_export.py`)."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable
SERVER = os.environ.get("WENMING_BENCH_SERVER", "postgres://postgres@127.0.0.1:5432")


@dataclass(frozen=True)
class Size:
    """A data size the benchmarks run at, and the database that holds it."""

    name: str
    units: int
    activities: int
    volunteer_records: int
    database: str

    @property
    def url(self) -> str:
        return f"{SERVER}/{self.database}"

    def describe(self) -> str:
        return f"{self.units:,} 单位 / {self.activities:,} 活动 / {self.volunteer_records:,} 志愿服务记录"


SIZES = {
    "small": Size("small", 10_000, 100_000, 100_000, "wenming_scale_small"),
    "large": Size("large", 100_000, 1_000_000, 1_000_000, "wenming_scale"),
}
SEED = 20240313


def bench_env(url: str) -> dict[str, str]:
    """Production-like settings: no DEBUG (no query log, no debug pages), plain HTTP."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "wenming-bench-not-secret"),
        DJANGO_SETTINGS_MODULE="wenming.settings",
        # Production serves hashed static files collected here (setup_django collects them).
        WENMING_STATIC_ROOT=env.get("WENMING_STATIC_ROOT", str(Path(tempfile.gettempdir()) / "wenming-bench-static")),
        # A page whose query needs longer than this has failed anyway; the bench moves on.
        PGOPTIONS=env.get("PGOPTIONS", "-c statement_timeout=30000"),
    )
    return env


def setup_django(url: str) -> None:
    os.environ.update(bench_env(url))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", "--noinput", verbosity=0)


def manage(url: str, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=bench_env(url), check=True)


def psql(database: str, sql: str) -> str:
    server = SERVER.removeprefix("postgres://").removeprefix("postgresql://")
    user_host, _, port = server.rpartition(":")
    user, _, host = user_host.rpartition("@")
    result = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-h", host, "-p", port, "-U", user or "postgres", "-d", database, "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def ensure_size(size: Size) -> None:
    """Creates, migrates and fills the size's database unless it already holds the data."""
    if psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{size.database}'") != "1":
        print(f"creating database {size.database}", file=sys.stderr)
        psql("postgres", f'CREATE DATABASE "{size.database}"')
    manage(size.url, "migrate", "--noinput", "-v", "0")
    have = int(psql(size.database, "SELECT count(*) FROM campaigns_activity") or 0)
    if have >= size.activities:
        return
    if have:
        raise SystemExit(
            f"{size.database} holds {have:,} activities, fewer than the {size.activities:,} this size needs: "
            f"drop it (dropdb -h 127.0.0.1 -U postgres {size.database}) and run again"
        )
    print(f"generating {size.describe()} into {size.database}", file=sys.stderr)
    manage(
        size.url,
        "generate_synthetic",
        "--units", str(size.units),
        "--activities", str(size.activities),
        "--volunteer-records", str(size.volunteer_records),
        "--seed", str(SEED),
    )  # fmt: skip


def machine() -> str:
    mem_kib = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    cpu = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        postgres = psql("postgres", "SHOW server_version")
    except (subprocess.CalledProcessError, FileNotFoundError):
        postgres = "n/a"
    import django

    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem_kib / 1024 / 1024:.1f} GiB memory; "
        f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {postgres}; "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average {os.getloadavg()[0]:.1f} at the end "
        "(other work on the machine inflates wall-clock times)"
    )


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def write_section(name: str, markdown: str) -> None:
    """Replaces this benchmark's section of docs/benchmarks.md (or appends it),
    leaving every other section as it is."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote the {name} section of {DOC.relative_to(ROOT)}", file=sys.stderr)


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
