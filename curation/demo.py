"""The demo ledger (fixtures/demo.json) as the product really makes it: the seed pages
imported by the importer, then reviewed by the decisions recorded in
fixtures/demo_decisions.json, then written out with natural keys.

Rebuilt with ``manage.py build_demo`` on an empty database; the same pages and
decisions give the same file, byte for byte (timestamps are set to one fixed
instant, the people who reviewed are left out).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

from articles.models import Article
from articles.services import run_import, source_get_or_create
from core.models import ReviewStatus
from core.review import record_correct, records_accept, records_reject, reviewable_models

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REFERENCE_FIXTURES = ("regions.json", "honours.json", "campaigns.json", "sources.json")
# The seed pages, then pages we wrote for the demo (a district's 复查 results), so the
# honour lists have holders due for review.
DEMO_PAGES = (FIXTURES / "pages", FIXTURES / "demo_pages")
DEMO_SOURCE = "牡丹晚报"
# Every timestamp of the demo: the seed pages' week, so the file does not change
# each time it is rebuilt.
DEMO_INSTANT = "2024-03-14T00:00:00Z"
TIMESTAMPS = ("created_at", "updated_at", "reviewed_at")
# What the demo holds, in loading order: the reference rows its records point at,
# then the articles and the records read from them.
RECORD_MODELS = (
    "articles.article",
    "units.unit",
    "units.unitalias",
    "units.honouraward",
    "campaigns.activity",
    "campaigns.activityorganiser",
    "campaigns.volunteerrecord",
)


class DemoRefused(Exception):
    """The demo cannot be built here; the message says why."""


def demo_build(*, pages: Sequence[Path], decisions: Path) -> str:
    """Import the page folders ``pages`` into this (empty) database, apply ``decisions``
    and return the demo fixture as JSON text."""
    if Article.objects.exists():
        raise DemoRefused("数据库中已有文章：请在一个刚迁移的空数据库上生成演示数据（设置 DATABASE_URL）。")
    page_files = [page for folder in pages for page in sorted(folder.glob("*.txt"))]
    if not page_files:
        raise DemoRefused(f"{'、'.join(map(str, pages))} 中没有 .txt 页面文件。")
    with transaction.atomic():
        call_command("loaddata", *(str(FIXTURES / name) for name in REFERENCE_FIXTURES), verbosity=0)
        source, _ = source_get_or_create(name=DEMO_SOURCE)
        run_import(pages=page_files, source=source)
        _apply(_read_decisions(decisions))
        for model in reviewable_models():
            records_accept(records=model.objects.filter(review_status=ReviewStatus.PENDING), user=None)
        return _fixture_text()


def _read_decisions(path: Path) -> list[dict]:
    try:
        decisions = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DemoRefused(f"无法读取审核决定文件 {path}：{error}") from error
    if not isinstance(decisions, list):
        raise DemoRefused(f"{path}：应为审核决定的列表。")
    return decisions


def _apply(decisions: list[dict]) -> None:
    """Each decision names one record by its model and evidence sentence (plus the
    field values that tell apart records of one sentence) and says what to do:
    reject with a reason, or correct fields and accept."""
    for number, decision in enumerate(decisions, 1):
        model = apps.get_model(decision["model"])
        matches = list(model.objects.filter(evidence=decision["evidence"], **decision.get("match", {})))
        if len(matches) != 1:
            raise DemoRefused(f"审核决定第 {number} 条匹配到 {len(matches)} 条记录，应为 1 条。")
        record = matches[0]
        if decision["action"] == "reject":
            records_reject(records=[record], user=None, reason=decision["reason"])
        elif decision["action"] == "correct":
            record_correct(record=record, user=None, changes=decision["changes"], note=decision["reason"])
        else:
            raise DemoRefused(f"审核决定第 {number} 条：未知操作 {decision['action']!r}。")


def _fixture_text() -> str:
    records = [row for label in RECORD_MODELS for row in _rows(apps.get_model(label).objects.order_by("pk"))]
    reference = _rows(_referenced_regions()) + _rows(_referenced("articles.source", "source", "articles.article"))
    reference += _rows(_referenced("units.honour", "honour", "units.honouraward"))
    reference += _rows(_referenced("units.honourround", "round", "units.honouraward"))
    reference += _rows(_referenced("campaigns.campaign", "campaign", "campaigns.activity"))
    return json.dumps(reference + records, ensure_ascii=False, indent=1) + "\n"


def _rows(queryset) -> list[dict]:
    rows = json.loads(
        serializers.serialize("json", queryset, use_natural_foreign_keys=True, use_natural_primary_keys=True)
    )
    for row in rows:
        for name in TIMESTAMPS:
            if row["fields"].get(name):
                row["fields"][name] = DEMO_INSTANT
        if "reviewed_by" in row["fields"]:
            row["fields"]["reviewed_by"] = None
        for name in ("import_run", "page_file"):
            row["fields"].pop(name, None)
    return rows


def _referenced(label: str, field: str, by: str):
    model = apps.get_model(label)
    used = apps.get_model(by).objects.values(f"{field}_id")
    return model.objects.filter(pk__in=used).order_by("pk")


def _referenced_regions():
    """The regions the demo's units and sources name, with every region above them."""
    Region = apps.get_model("units.Region")
    wanted = set(apps.get_model("units.Unit").objects.exclude(region=None).values_list("region_id", flat=True))
    wanted |= set(apps.get_model("articles.Source").objects.exclude(region=None).values_list("region_id", flat=True))
    frontier = set(wanted)
    while frontier:
        parents = set(Region.objects.filter(pk__in=frontier).exclude(parent=None).values_list("parent_id", flat=True))
        frontier = parents - wanted
        wanted |= parents
    # Parents before children, so the fixture loads in one pass.
    return sorted(Region.objects.filter(pk__in=wanted), key=lambda region: (len(region.full_name), region.pk))
