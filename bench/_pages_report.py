"""The pages section of docs/benchmarks.md from bench_pages.py's measurements:
targets, scaling between the sizes, query counts, and the table."""

from __future__ import annotations

from _common import machine, table

STAFF_TARGET_MS = 150
ADMIN_TARGET_MS = 500
ACTIVITY_FORM_TARGET_MS = 100
SCALING_TARGET = 1.5
# A page with this many times the table rows at the largest size shows other content (shows_more).
MORE_CONTENT = 1.2
# More repeats of one statement than this in one request is a query per row.
N_PLUS_ONE = 5


def calibration_text(calibration: dict) -> str:
    return (
        f"`jieba.lcut` over the seed pages ×10 ({calibration['chars']:,} characters) {calibration['lcut_ms']:.0f} ms; "
        f"primary-key fetch of a unit {calibration['pk_fetch_ms']:.2f} ms"
    )


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


def report(sizes, results: dict, method: str) -> str:
    """The doc's section; `method` says how many requests were timed and how."""
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
                row["timed"],
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
        f"Each page: {method}; "
        'times in ms at the largest size ("n": timed requests at each size; "first": the first warm-up request, '
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
                "n",
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
