"""Synthetic ledger data for benchmarks: many units, activities, volunteer
records and honour awards, with the skew real data has.

Only `manage.py generate_synthetic` and the benchmarks call this. Rows go in
with bulk_create, so simple-history writes no historical rows for them: the
audit trail of synthetic data is empty, which is what a bulk load should give.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from tqdm import tqdm

from articles.models import Source
from campaigns.models import Campaign
from campaigns.tallies import refresh_unit_tallies
from core.statistics import statistics_refresh
from synthetic import place_words as places
from synthetic.rows import create_activities, create_articles, create_awards, create_units, create_volunteer_records
from synthetic.sampling import Area, Provenance, ZipfPicker
from units.models import Honour, Region

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class SyntheticDataError(Exception):
    """The database lacks something the generator needs (e.g. the honour catalogue)."""


@dataclass(frozen=True)
class SyntheticCounts:
    regions: int
    units: int
    aliases: int
    articles: int
    honour_awards: int
    activities: int
    organisers: int
    volunteer_records: int

    @property
    def rows(self) -> int:
        return (
            self.units
            + self.aliases
            + self.articles
            + self.honour_awards
            + self.activities
            + self.organisers
            + self.volunteer_records
        )


def _load_if_empty(model, fixture: str) -> None:
    path = FIXTURES / fixture
    if not model.objects.exists() and path.exists():
        call_command("loaddata", str(path), verbosity=0)


def _ensure_regions() -> list[Area]:
    """Loads fixtures/regions.json when the table is empty, then makes sure every
    prefecture and county of the word list exists beneath the province."""
    _load_if_empty(Region, "regions.json")
    province, _ = Region.objects.get_or_create(
        parent=None, name=places.PROVINCE, defaults={"full_name": places.PROVINCE, "level": Region.Level.PROVINCE}
    )
    areas = []
    for prefecture_name, counties in places.PREFECTURES.items():
        prefecture, _ = Region.objects.get_or_create(
            parent=province,
            name=prefecture_name,
            defaults={"full_name": f"{province.full_name}{prefecture_name}", "level": Region.Level.PREFECTURE},
        )
        areas.append(Area(prefecture.pk, prefecture_name, prefecture_name))
        for county_name in counties:
            county, _ = Region.objects.get_or_create(
                parent=prefecture,
                name=county_name,
                defaults={"full_name": f"{prefecture.full_name}{county_name}", "level": Region.Level.COUNTY},
            )
            # Districts are named with their city (two cities have a 市中区); counties stand alone.
            prefix = f"{prefecture_name}{county_name}" if county_name.endswith("区") else county_name
            areas.append(Area(county.pk, prefix, prefecture_name))
    return areas


def _ensure_honours() -> list[Honour]:
    _load_if_empty(Honour, "honours.json")
    honours = list(Honour.objects.order_by("name").prefetch_related("rounds"))
    if not honours:
        raise SyntheticDataError(f"荣誉称号目录为空，且找不到 {FIXTURES / 'honours.json'}：请先导入荣誉目录。")
    return honours


def synthetic_generate(
    *,
    units: int,
    activities: int,
    volunteer_records: int,
    seed: int,
    honour_awards: int | None = None,
    articles: int | None = None,
    first_year: int = 2016,
    last_year: int = 2025,
    batch_size: int = 5000,
    progress: bool = False,
) -> SyntheticCounts:
    """Adds synthetic rows to the database in one transaction and returns what it added.

    The same seed on the same starting database gives the same rows (ids and
    timestamps aside)."""
    if units < 1 and (activities or volunteer_records or honour_awards):
        raise SyntheticDataError("没有单位就无法生成活动、志愿服务记录或荣誉记录：--units 至少为 1。")
    if first_year > last_year:
        raise SyntheticDataError(f"起始年份 {first_year} 晚于截止年份 {last_year}。")
    honour_awards = units // 2 if honour_awards is None else honour_awards
    articles = max(1, (activities + volunteer_records) // 50) if articles is None else articles
    rng = random.Random(seed)

    with transaction.atomic():
        areas = _ensure_regions()
        honours = _ensure_honours()
        _load_if_empty(Campaign, "campaigns.json")
        _load_if_empty(Source, "sources.json")
        campaign_ids = list(Campaign.objects.order_by("name").values_list("pk", flat=True))
        source_ids = list(Source.objects.order_by("name").values_list("pk", flat=True))
        total = units + articles + honour_awards + activities + volunteer_records
        with tqdm(total=total, unit="行", disable=not progress, desc="生成模拟数据", smoothing=0.05) as bar:
            article_ids = create_articles(rng, articles, areas, source_ids, first_year, last_year, batch_size, bar)
            provenance = Provenance(rng, article_ids)
            unit_rows, alias_count = create_units(rng, units, areas, provenance, batch_size, bar)
            award_count = create_awards(
                rng, honour_awards, unit_rows, honours, provenance, first_year, last_year, batch_size, bar
            )
            picker = ZipfPicker(rng, [pk for pk, _, _ in unit_rows]) if unit_rows else None
            short_names = {pk: short for pk, short, _ in unit_rows}
            activity_count, organiser_count, volunteer_activities = create_activities(
                rng,
                activities,
                picker,
                short_names,
                areas,
                campaign_ids,
                provenance,
                first_year,
                last_year,
                batch_size,
                bar,
            )
            volunteer_count = create_volunteer_records(
                rng,
                volunteer_records,
                picker,
                volunteer_activities,
                provenance,
                first_year,
                last_year,
                batch_size,
                bar,
            )
        # Bulk inserts send no signals: count every unit's activities and hours once.
        refresh_unit_tallies()
    if not connection.in_atomic_block:
        statistics_refresh()
    return SyntheticCounts(
        regions=len(areas),
        units=len(unit_rows),
        aliases=alias_count,
        articles=len(article_ids),
        honour_awards=award_count,
        activities=activity_count,
        organisers=organiser_count,
        volunteer_records=volunteer_count,
    )
