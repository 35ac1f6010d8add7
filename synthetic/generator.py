"""Synthetic ledger data for benchmarks: many units, activities, volunteer
records and honour awards, with the skew real data has.

Only `manage.py generate_synthetic` and the benchmarks call this. Rows go in
with bulk_create, so simple-history writes no historical rows for them: the
audit trail of synthetic data is empty, which is what a bulk load should give.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from articles.models import Article, Source
from synthetic import vocabulary as vocab
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from campaigns.tallies import refresh_unit_tallies
from core.models import DatePrecision, ReviewStatus
from units.models import Honour, HonourAward, Region, Unit, UnitAlias
from campaigns.models import UnitTally

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# Zipf–Mandelbrot weights 1 / (rank + Q) ** S: with 100,000 units the busiest
# unit runs about 1% of all activities and the median unit a handful.
ZIPF_S = 1.0
ZIPF_Q = 10

UNIT_KIND_WEIGHTS = {
    Unit.Kind.COMMUNITY: 30,
    Unit.Kind.ENTERPRISE: 25,
    Unit.Kind.SCHOOL: 15,
    Unit.Kind.PARTY_GOVERNMENT: 10,
    Unit.Kind.PUBLIC_INSTITUTION: 7,
    Unit.Kind.TOWNSHIP: 5,
    Unit.Kind.SOCIAL_ORGANISATION: 4,
    Unit.Kind.MASS_ORGANISATION: 3,
    Unit.Kind.OTHER: 1,
}
ACTIVITY_KIND_WEIGHTS = {
    Activity.Kind.VOLUNTEER: 35,
    Activity.Kind.PUBLICITY: 20,
    Activity.Kind.MEETING: 10,
    Activity.Kind.TRAINING: 10,
    Activity.Kind.CHARITY: 8,
    Activity.Kind.CULTURE: 7,
    Activity.Kind.INSPECTION: 5,
    Activity.Kind.OTHER: 5,
}
REVIEW_WEIGHTS = {ReviewStatus.ACCEPTED: 90, ReviewStatus.PENDING: 8, ReviewStatus.REJECTED: 2}
AWARD_STATUS_WEIGHTS = {
    HonourAward.Status.AWARDED: 70,
    HonourAward.Status.RETAINED: 15,
    HonourAward.Status.CONFIRMED: 8,
    HonourAward.Status.WARNED: 3,
    HonourAward.Status.REVOKED: 2,
    HonourAward.Status.RESTORED: 1,
    HonourAward.Status.LAPSED: 1,
}
HONOUR_LEVEL_WEIGHTS = {"county": 4, "city": 3, "provincial": 2, "national": 1, "other": 1}
# Which honours a kind of unit plausibly holds; cities' and families' honours go to no unit.
HONOUR_CATEGORIES_BY_KIND = {
    Unit.Kind.SCHOOL: {"civilised_campus", "civilised_unit", "youth_civilisation", "women_civilisation"},
    Unit.Kind.COMMUNITY: {"civilised_village", "lei_feng", "party_organisation", "advanced_collective"},
    Unit.Kind.TOWNSHIP: {"civilised_village", "civilised_unit", "lei_feng", "party_organisation"},
    Unit.Kind.ENTERPRISE: {"civilised_unit", "worker_pioneer", "youth_civilisation", "women_civilisation"},
}
DEFAULT_HONOUR_CATEGORIES = {
    "civilised_unit",
    "youth_civilisation",
    "women_civilisation",
    "worker_pioneer",
    "party_organisation",
    "lei_feng",
    "advanced_collective",
}


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


@dataclass(frozen=True)
class _Area:
    region_id: int
    prefix: str  # how unit names start: 菏泽市, 菏泽市牡丹区, 郓城县
    prefecture: str


class _ZipfPicker:
    """Draws ids with Zipf-like weights in O(log n) per draw."""

    def __init__(self, rng: random.Random, ids: list[int]):
        ranked = list(ids)
        rng.shuffle(ranked)
        self.ids = ranked
        self.cum = list(accumulate(1.0 / (rank + ZIPF_Q) ** ZIPF_S for rank in range(1, len(ranked) + 1)))
        self.total = self.cum[-1]
        self.rng = rng

    def pick(self) -> int:
        return self.ids[bisect.bisect_left(self.cum, self.rng.random() * self.total)]


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _load_if_empty(model, fixture: str) -> None:
    path = FIXTURES / fixture
    if not model.objects.exists() and path.exists():
        call_command("loaddata", str(path), verbosity=0)


def _ensure_regions() -> list[_Area]:
    """Loads fixtures/regions.json when the table is empty, then makes sure every
    prefecture and county of the word list exists beneath the province."""
    _load_if_empty(Region, "regions.json")
    province, _ = Region.objects.get_or_create(
        parent=None, name=vocab.PROVINCE, defaults={"full_name": vocab.PROVINCE, "level": Region.Level.PROVINCE}
    )
    areas = []
    for prefecture_name, counties in vocab.PREFECTURES.items():
        prefecture, _ = Region.objects.get_or_create(
            parent=province,
            name=prefecture_name,
            defaults={"full_name": f"{province.full_name}{prefecture_name}", "level": Region.Level.PREFECTURE},
        )
        areas.append(_Area(prefecture.pk, prefecture_name, prefecture_name))
        for county_name in counties:
            county, _ = Region.objects.get_or_create(
                parent=prefecture,
                name=county_name,
                defaults={"full_name": f"{prefecture.full_name}{county_name}", "level": Region.Level.COUNTY},
            )
            # Districts are named with their city (two cities have a 市中区); counties stand alone.
            prefix = f"{prefecture_name}{county_name}" if county_name.endswith("区") else county_name
            areas.append(_Area(county.pk, prefix, prefecture_name))
    return areas


def _ensure_honours() -> list[Honour]:
    _load_if_empty(Honour, "honours.json")
    honours = list(Honour.objects.order_by("name"))
    if not honours:
        raise SyntheticDataError(f"荣誉称号目录为空，且找不到 {FIXTURES / 'honours.json'}：请先导入荣誉目录。")
    return honours


def _unit_name(rng: random.Random, kind: str, area: _Area) -> tuple[str, str]:
    """Returns (full name, short name) for a unit of this kind in this area."""
    p = area.prefix
    level = p[-1]  # 市, 区, 县: how staff abbreviate (市教育局, 县人民医院)
    if kind == Unit.Kind.PARTY_GOVERNMENT:
        dept = rng.choice(vocab.DEPARTMENTS)
        return p + dept, level + dept
    if kind == Unit.Kind.PUBLIC_INSTITUTION:
        inst = rng.choice(vocab.PUBLIC_INSTITUTIONS)
        return p + inst, level + inst
    if kind == Unit.Kind.MASS_ORGANISATION:
        org = rng.choice(vocab.MASS_ORGANISATIONS)
        return p + org, level + org
    if kind == Unit.Kind.SOCIAL_ORGANISATION:
        org = rng.choice(vocab.SOCIAL_ORGANISATIONS)
        return p + org, org
    if kind == Unit.Kind.SCHOOL:
        school_type = rng.choice(vocab.SCHOOL_TYPES)
        if rng.random() < 0.6:
            short = rng.choice(vocab.ORDINALS) + school_type
        else:
            short = rng.choice(vocab.STREETS) + school_type
        return p + short, short
    if kind == Unit.Kind.TOWNSHIP:
        short = rng.choice(vocab.STREETS) + "街道" if rng.random() < 0.5 else rng.choice(vocab.TOWNS) + "镇"
        return p + short, short
    if kind == Unit.Kind.COMMUNITY:
        if rng.random() < 0.55:
            short = rng.choice(vocab.COMMUNITIES) + "社区"
            return p + rng.choice(vocab.STREETS) + "街道" + short, short
        village = rng.choice(vocab.VILLAGE_SURNAMES) + rng.choice(vocab.VILLAGE_SUFFIXES) + "村"
        return p + rng.choice(vocab.TOWNS) + "镇" + village, village
    if kind == Unit.Kind.ENTERPRISE:
        if rng.random() < 0.3:
            bank = rng.choice(vocab.BANKS)
            where = rng.choice([area.prefecture, p])
            return bank + where + rng.choice(vocab.BANK_BRANCH_FORMS), ""
        brand = rng.choice(vocab.BRAND_CHARS) + rng.choice(vocab.BRAND_CHARS)
        industry = rng.choice(vocab.INDUSTRIES)
        where = rng.choice(["山东", area.prefecture, p])
        return where + brand + industry + rng.choice(vocab.COMPANY_FORMS), brand + industry
    short = rng.choice(vocab.STREETS) + rng.choice(["商会", "物业服务中心", "商业综合体", "市场服务中心"])
    return p + short, short


def _random_date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    # Later years weigh more: coverage (and the office's reach) grows year by year.
    years = list(range(first_year, last_year + 1))
    year = rng.choices(years, weights=[1 + 0.15 * i for i in range(len(years))])[0]
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _reviewed_at(day: dt.date | None, rng: random.Random) -> dt.datetime:
    base = day or dt.date(2020, 1, 1)
    moment = dt.datetime.combine(base, dt.time(9)) + dt.timedelta(days=rng.randrange(1, 30), minutes=rng.randrange(600))
    return timezone.make_aware(moment, timezone.get_default_timezone())


class _Provenance:
    """Gives records the review state and source article of extracted data:
    pending and rejected records always come from an article; accepted ones
    were either read from one or typed in by hand."""

    def __init__(self, rng: random.Random, article_ids: list[int]):
        self.rng = rng
        self.article_ids = article_ids

    def fields(self, evidence: str, day: dt.date | None) -> dict:
        status = _weighted(self.rng, REVIEW_WEIGHTS)
        from_article = self.article_ids and (status != ReviewStatus.ACCEPTED or self.rng.random() < 0.3)
        if not from_article:
            return {"review_status": ReviewStatus.ACCEPTED}
        fields = {
            "review_status": status,
            "article_id": self.rng.choice(self.article_ids),
            "evidence": evidence,
        }
        if status != ReviewStatus.PENDING:
            fields["reviewed_at"] = _reviewed_at(day, self.rng)
        if status == ReviewStatus.REJECTED:
            fields["review_note"] = self.rng.choice(["单位识别有误", "重复记录", "日期不可信", "非本单位活动"])
        return fields


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
            article_ids = _create_articles(rng, articles, areas, source_ids, first_year, last_year, batch_size, bar)
            provenance = _Provenance(rng, article_ids)
            unit_rows, alias_count = _create_units(rng, units, areas, provenance, batch_size, bar)
            award_count = _create_awards(
                rng, honour_awards, unit_rows, honours, provenance, first_year, last_year, batch_size, bar
            )
            picker = _ZipfPicker(rng, [pk for pk, _, _ in unit_rows]) if unit_rows else None
            short_names = {pk: short for pk, short, _ in unit_rows}
            activity_count, organiser_count, volunteer_activities = _create_activities(
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
            volunteer_count = _create_volunteer_records(
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
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics, or the planner guesses row counts from empty tables; and a
        # visibility map, without which index-only scans (counts) visit every heap page.
        with connection.cursor() as cursor:
            for model in (
                Unit,
                UnitAlias,
                Article,
                HonourAward,
                Activity,
                ActivityOrganiser,
                VolunteerRecord,
                UnitTally,
            ):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
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


def _create_articles(rng, count, areas, source_ids, first_year, last_year, batch_size, bar) -> list[int]:
    # Salted with the rows already there, so a second run adds new articles instead of clashing.
    salt = Article.objects.count()
    ids: list[int] = []
    batch: list[Article] = []
    for i in range(count):
        area = rng.choice(areas)
        theme = rng.choice(vocab.THEMES)
        title = f"{area.prefix}扎实推进“{theme}”工作"
        sentences = [
            f"{area.prefix}坚持以{theme}为抓手，推动精神文明建设高质量发展。",
            f"今年以来，全{area.prefix[-1]}累计开展各类活动{rng.randrange(10, 900)}场次。",
            f"志愿者{rng.randrange(50, 5000)}余人次参与，服务时长{rng.randrange(100, 90000)}小时。",
        ]
        text = "".join(rng.sample(sentences, len(sentences)))
        batch.append(
            Article(
                source_id=rng.choice(source_ids) if source_ids else None,
                title=title,
                published_on=_random_date(rng, first_year, last_year),
                text=text,
                raw_text=text,
                file_name=f"synthetic_{i // 12:06d}.txt",
                position=i % 12,
                content_hash=hashlib.sha256(f"synthetic:{salt}:{i}:{title}".encode()).hexdigest(),
            )
        )
        if len(batch) >= batch_size:
            ids += [a.pk for a in Article.objects.bulk_create(batch, batch_size=batch_size)]
            bar.update(len(batch))
            batch = []
    if batch:
        ids += [a.pk for a in Article.objects.bulk_create(batch, batch_size=batch_size)]
        bar.update(len(batch))
    return ids


def _create_units(rng, count, areas, provenance, batch_size, bar) -> tuple[list[tuple[int, str, str]], int]:
    """Returns [(pk, short name, kind)] in creation order, and the number of aliases."""
    used = set(Unit.objects.values_list("name", flat=True))
    # Prefectures run more units than any one county.
    area_weights = list(accumulate(3 if area.prefix == area.prefecture else 1 for area in areas))
    rows: list[tuple[int, str, str]] = []
    alias_count = 0
    batch: list[tuple[Unit, bool]] = []

    def flush():
        nonlocal alias_count
        created = Unit.objects.bulk_create([unit for unit, _ in batch], batch_size=batch_size)
        aliases = [
            UnitAlias(unit_id=unit.pk, name=unit.short_name, review_status=ReviewStatus.ACCEPTED)
            for unit, with_alias in zip(created, (w for _, w in batch), strict=True)
            if with_alias
        ]
        UnitAlias.objects.bulk_create(aliases, batch_size=batch_size)
        alias_count += len(aliases)
        rows.extend((unit.pk, unit.short_name or unit.name, unit.kind) for unit in created)
        bar.update(len(created))

    for _ in range(count):
        kind = _weighted(rng, UNIT_KIND_WEIGHTS)
        for attempt in range(40):
            area = areas[bisect.bisect_left(area_weights, rng.random() * area_weights[-1])]
            # Small pools (a county has one 教育局) run dry: companies never do.
            name, short = _unit_name(rng, kind if attempt < 20 else Unit.Kind.ENTERPRISE, area)
            if name not in used:
                break
        else:
            name, short = f"{name}（{len(used)}）", short
        if attempt >= 20:
            kind = Unit.Kind.ENTERPRISE
        used.add(name)
        unit = Unit(
            name=name,
            short_name=short,
            kind=kind,
            region_id=area.region_id,
            **provenance.fields(f"{name}积极参与文明创建工作。", None),
        )
        batch.append((unit, bool(short) and rng.random() < 0.15))
        if len(batch) >= batch_size:
            flush()
            batch = []
    if batch:
        flush()
    return rows, alias_count


def _create_awards(rng, count, unit_rows, honours, provenance, first_year, last_year, batch_size, bar) -> int:
    if not unit_rows or not count:
        return 0
    by_kind: dict[str, list[Honour]] = {}
    for kind in Unit.Kind.values:
        allowed = HONOUR_CATEGORIES_BY_KIND.get(kind, DEFAULT_HONOUR_CATEGORIES)
        by_kind[kind] = [h for h in honours if h.category in allowed] or honours
    weights = {kind: [HONOUR_LEVEL_WEIGHTS.get(h.level, 1) for h in hs] for kind, hs in by_kind.items()}
    picker = _ZipfPicker(rng, list(range(len(unit_rows))))
    taken: set[tuple[int, int, int | None]] = set(HonourAward.objects.values_list("unit_id", "honour_id", "year"))
    batch: list[HonourAward] = []
    created = 0
    for _ in range(count):
        for _attempt in range(20):
            # Half the awards go to the busy units, half to anyone.
            pk, _short, kind = unit_rows[picker.pick() if rng.random() < 0.5 else rng.randrange(len(unit_rows))]
            honour = rng.choices(by_kind[kind], weights=weights[kind])[0]
            rounds = [
                (key, year)
                for key, year in sorted(honour.round_years.items())
                if isinstance(year, int) and first_year - 10 <= year <= last_year
            ]
            if rounds and rng.random() < 0.8:
                key, year = rng.choice(rounds)
                edition = f"第{key}届"
            else:
                year = None if rng.random() < 0.05 else rng.randrange(first_year - 5, last_year + 1)
                edition = ""
            if (pk, honour.pk, year) not in taken:
                break
        else:
            continue
        taken.add((pk, honour.pk, year))
        batch.append(
            HonourAward(
                unit_id=pk,
                honour_id=honour.pk,
                year=year,
                edition=edition,
                status=_weighted(rng, AWARD_STATUS_WEIGHTS),
                **provenance.fields(f"{_short}荣获“{honour.name}”称号。", dt.date(year or 2020, 6, 1)),
            )
        )
        if len(batch) >= batch_size:
            created += len(HonourAward.objects.bulk_create(batch, batch_size=batch_size))
            bar.update(len(batch))
            batch = []
    if batch:
        created += len(HonourAward.objects.bulk_create(batch, batch_size=batch_size))
        bar.update(len(batch))
    bar.update(count - created)  # draws that found no free (unit, honour, year) slot
    return created


def _create_activities(
    rng, count, picker, short_names, areas, campaign_ids, provenance, first_year, last_year, batch_size, bar
) -> tuple[int, int, list[tuple[int, int]]]:
    """Returns (activities, organisers, [(volunteer activity pk, host unit pk)])."""
    if not count or picker is None:
        return 0, 0, []
    roles = [ActivityOrganiser.Role.CO_HOST, ActivityOrganiser.Role.EXECUTOR, ActivityOrganiser.Role.PARTICIPANT]
    activity_count = organiser_count = 0
    volunteer_activities: list[tuple[int, int]] = []
    batch: list[Activity] = []
    organisers: list[list[tuple[int, str]]] = []

    def flush():
        nonlocal activity_count, organiser_count
        created = Activity.objects.bulk_create(batch, batch_size=batch_size)
        links = [
            ActivityOrganiser(activity_id=activity.pk, unit_id=unit_id, role=role)
            for activity, units in zip(created, organisers, strict=True)
            for unit_id, role in units
        ]
        ActivityOrganiser.objects.bulk_create(links, batch_size=batch_size)
        volunteer_activities.extend(
            (activity.pk, units[0][0])
            for activity, units in zip(created, organisers, strict=True)
            if activity.kind == Activity.Kind.VOLUNTEER
        )
        activity_count += len(created)
        organiser_count += len(links)
        bar.update(len(created))

    for _ in range(count):
        host = picker.pick()
        kind = _weighted(rng, ACTIVITY_KIND_WEIGHTS)
        title = (
            f"{short_names[host]}{rng.choice(vocab.VERBS)}“{rng.choice(vocab.THEMES)}”"
            f"{rng.choice(vocab.KIND_WORDS[kind])}"
        )
        roll = rng.random()
        if roll < 0.005:
            day, precision = None, DatePrecision.DAY
        else:
            day = _random_date(rng, first_year, last_year)
            if roll < 0.03:
                day, precision = day.replace(month=1, day=1), DatePrecision.YEAR
            elif roll < 0.15:
                day, precision = day.replace(day=1), DatePrecision.MONTH
            else:
                precision = DatePrecision.DAY
        units = [(host, ActivityOrganiser.Role.HOST)]
        if rng.random() < 0.25:
            for _extra in range(rng.randint(1, 3)):
                other = picker.pick()
                if all(other != unit_id for unit_id, _ in units):
                    units.append((other, rng.choice(roles)))
        area = rng.choice(areas)
        batch.append(
            Activity(
                title=title[:300],
                campaign_id=rng.choice(campaign_ids) if campaign_ids and rng.random() < 0.6 else None,
                date=day,
                date_precision=precision,
                place=area.prefix + rng.choice(vocab.PLACES) if rng.random() < 0.7 else "",
                kind=kind,
                participants=min(int(rng.lognormvariate(3.5, 1.0)), 100_000) if rng.random() < 0.8 else None,
                description=f"{title}，进一步营造了崇德向善、文明和谐的社会氛围。",
                **provenance.fields(title + "。", day),
            )
        )
        organisers.append(units)
        if len(batch) >= batch_size:
            flush()
            batch, organisers = [], []
    if batch:
        flush()
    return activity_count, organiser_count, volunteer_activities


def _create_volunteer_records(
    rng, count, picker, volunteer_activities, provenance, first_year, last_year, batch_size, bar
) -> int:
    if not count or picker is None:
        return 0
    created = 0
    batch: list[VolunteerRecord] = []
    for _ in range(count):
        if volunteer_activities and rng.random() < 0.5:
            activity_id, unit_id = rng.choice(volunteer_activities)
        else:
            activity_id, unit_id = None, picker.pick()
        start = _random_date(rng, first_year, last_year)
        figures = rng.choice(["hours", "person_times", "all", "all", "hours_person_times"])
        hours = person_times = volunteers = None
        if figures in {"hours", "all", "hours_person_times"}:
            hours = Decimal(int(rng.lognormvariate(6, 1.5) * 10) % 100_000_000) / 10
        if figures in {"person_times", "all", "hours_person_times"}:
            person_times = int(rng.lognormvariate(5, 1.3)) + 1
        if figures == "all":
            volunteers = int(rng.lognormvariate(4, 1.2)) + 1
        with_period = rng.random() < 0.7
        batch.append(
            VolunteerRecord(
                unit_id=unit_id,
                activity_id=activity_id,
                hours=hours,
                person_times=person_times,
                volunteers=volunteers,
                period_start=start if with_period else None,
                period_end=start + dt.timedelta(days=rng.randrange(0, 366)) if with_period else None,
                period_text="" if with_period else rng.choice(vocab.PERIOD_TEXTS),
                approximate=rng.random() < 0.3,
                **provenance.fields(f"累计志愿服务{hours or person_times or volunteers}。", start),
            )
        )
        if len(batch) >= batch_size:
            created += len(VolunteerRecord.objects.bulk_create(batch, batch_size=batch_size))
            bar.update(len(batch))
            batch = []
    if batch:
        created += len(VolunteerRecord.objects.bulk_create(batch, batch_size=batch_size))
        bar.update(len(batch))
    return created
