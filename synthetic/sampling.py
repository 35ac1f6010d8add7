"""How synthetic data gets the skew real data has: Zipf-distributed unit activity,
weighted kinds and review outcomes, dates spread over the years, and a provenance
(article and evidence) for every record."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass
from itertools import accumulate

from django.utils import timezone

from campaigns.models import Activity
from core.models import ReviewStatus
from synthetic import place_words as places
from synthetic import vocabulary as vocab
from units.models import HonourAward, Unit

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


@dataclass(frozen=True)
class Area:
    region_id: int
    prefix: str  # how unit names start: 菏泽市, 菏泽市牡丹区, 郓城县
    prefecture: str


class ZipfPicker:
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


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def unit_name(rng: random.Random, kind: str, area: Area) -> tuple[str, str]:
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
            short = rng.choice(places.STREETS) + school_type
        return p + short, short
    if kind == Unit.Kind.TOWNSHIP:
        short = rng.choice(places.STREETS) + "街道" if rng.random() < 0.5 else rng.choice(places.TOWNS) + "镇"
        return p + short, short
    if kind == Unit.Kind.COMMUNITY:
        if rng.random() < 0.55:
            short = rng.choice(places.COMMUNITIES) + "社区"
            return p + rng.choice(places.STREETS) + "街道" + short, short
        village = rng.choice(places.VILLAGE_SURNAMES) + rng.choice(places.VILLAGE_SUFFIXES) + "村"
        return p + rng.choice(places.TOWNS) + "镇" + village, village
    if kind == Unit.Kind.ENTERPRISE:
        if rng.random() < 0.3:
            bank = rng.choice(vocab.BANKS)
            where = rng.choice([area.prefecture, p])
            return bank + where + rng.choice(vocab.BANK_BRANCH_FORMS), ""
        brand = rng.choice(vocab.BRAND_CHARS) + rng.choice(vocab.BRAND_CHARS)
        industry = rng.choice(vocab.INDUSTRIES)
        where = rng.choice(["山东", area.prefecture, p])
        return where + brand + industry + rng.choice(vocab.COMPANY_FORMS), brand + industry
    short = rng.choice(places.STREETS) + rng.choice(["商会", "物业服务中心", "商业综合体", "市场服务中心"])
    return p + short, short


def random_date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    # Later years weigh more: coverage (and the office's reach) grows year by year.
    years = list(range(first_year, last_year + 1))
    year = rng.choices(years, weights=[1 + 0.15 * i for i in range(len(years))])[0]
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def reviewed_at(day: dt.date | None, rng: random.Random) -> dt.datetime:
    base = day or dt.date(2020, 1, 1)
    moment = dt.datetime.combine(base, dt.time(9)) + dt.timedelta(days=rng.randrange(1, 30), minutes=rng.randrange(600))
    return timezone.make_aware(moment, timezone.get_default_timezone())


class Provenance:
    """Gives records the review state and source article of extracted data:
    pending and rejected records always come from an article; accepted ones
    were either read from one or typed in by hand."""

    def __init__(self, rng: random.Random, article_ids: list[int]):
        self.rng = rng
        self.article_ids = article_ids

    def fields(self, evidence: str, day: dt.date | None) -> dict:
        status = weighted(self.rng, REVIEW_WEIGHTS)
        from_article = self.article_ids and (status != ReviewStatus.ACCEPTED or self.rng.random() < 0.3)
        if not from_article:
            return {"review_status": ReviewStatus.ACCEPTED}
        fields = {
            "review_status": status,
            "article_id": self.rng.choice(self.article_ids),
            "evidence": evidence,
        }
        if status != ReviewStatus.PENDING:
            fields["reviewed_at"] = reviewed_at(day, self.rng)
        if status == ReviewStatus.REJECTED:
            fields["review_note"] = self.rng.choice(["单位识别有误", "重复记录", "日期不可信", "非本单位活动"])
        return fields
