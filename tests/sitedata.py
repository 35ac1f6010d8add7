"""Test data for the staff site (lists, exports, dashboard, browser tests),
built with the ORM.

Who may see what: `viewer` has the view permissions of the six lists and
nothing else (the everyday staff member); `outsider` is logged in but has no
permission at all. The ledger is small and shaped by the three questions the
site answers: national honours in 牡丹区 (with a village two levels down),
bureaus' (局) volunteer hours in 2024, and what 创城 did in March 2024.

tests/conftest.py imports the fixtures below, so every test module can ask for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from articles.models import Article, Source
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from core.models import ReviewStatus
from units.models import Honour, HonourAward, Region, Unit, UnitAlias

VIEW_PERMISSIONS = (
    ("units", "view_unit"),
    ("units", "view_honouraward"),
    ("campaigns", "view_activity"),
    ("campaigns", "view_volunteerrecord"),
    ("campaigns", "view_campaign"),
    ("articles", "view_article"),
)
PASSWORD = "site-test-password"

ACCEPTED = ReviewStatus.ACCEPTED
PENDING = ReviewStatus.PENDING

ARTICLE_TEXT = (
    "本报讯 3月5日，牡丹区市场监督管理局组织志愿服务活动进社区。"
    "该局2020年被评为全国文明单位。"
    "今年以来，该局志愿服务时长达120.5小时。"
    "<script>alert('x')</script>"
)


def make_viewer(username: str = "viewer"):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    for app_label, codename in VIEW_PERMISSIONS:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@dataclass
class Ledger:
    shandong: Region
    heze: Region
    mudan: Region
    xicheng: Region
    heping: Region
    dongming: Region
    national_unit: Honour
    provincial_unit: Honour
    youth: Honour
    market_bureau: Unit  # 牡丹区市场监督管理局, region 牡丹区
    community: Unit  # 和平社区, two levels below 牡丹区
    education_bureau: Unit  # 东明县教育局, outside 牡丹区
    party_office: Unit  # 菏泽市委办公室, region 菏泽市
    pending_unit: Unit
    civilised_city: Campaign  # 创城
    lei_feng: Campaign
    article: Article


def _evidence(article: Article, sentence: str) -> dict:
    start = article.text.index(sentence)
    return {"article": article, "evidence": sentence, "evidence_start": start, "evidence_end": start + len(sentence)}


def build_ledger() -> Ledger:
    def region(name, level, parent=None):
        full_name = (parent.full_name if parent else "") + name
        return Region.objects.create(name=name, full_name=full_name, level=level, parent=parent)

    shandong = region("山东省", Region.Level.PROVINCE)
    heze = region("菏泽市", Region.Level.PREFECTURE, shandong)
    mudan = region("牡丹区", Region.Level.COUNTY, heze)
    xicheng = region("西城街道", Region.Level.TOWNSHIP, mudan)
    heping = region("和平社区", Region.Level.VILLAGE, xicheng)
    dongming = region("东明县", Region.Level.COUNTY, heze)

    national_unit = Honour.objects.create(
        name="全国文明单位", level=Honour.Level.NATIONAL, category=Honour.Category.CIVILISED_UNIT
    )
    provincial_unit = Honour.objects.create(
        name="山东省文明单位", level=Honour.Level.PROVINCIAL, category=Honour.Category.CIVILISED_UNIT
    )
    youth = Honour.objects.create(
        name="全国青年文明号", level=Honour.Level.NATIONAL, category=Honour.Category.YOUTH_CIVILISATION
    )

    source = Source.objects.create(name="牡丹晚报", region=heze)
    article = Article.objects.create(
        source=source,
        title="牡丹区市场监管局志愿服务进社区",
        published_on=date(2024, 3, 6),
        text=ARTICLE_TEXT,
        content_hash="c" * 64,
    )

    market_bureau = Unit.objects.create(
        name="牡丹区市场监督管理局", short_name="区市场监管局", kind=Unit.Kind.PARTY_GOVERNMENT, region=mudan
    )
    UnitAlias.objects.create(unit=market_bureau, name="牡丹区市场监管局")
    community = Unit.objects.create(name="西城街道和平社区", kind=Unit.Kind.COMMUNITY, region=heping)
    education_bureau = Unit.objects.create(name="东明县教育局", kind=Unit.Kind.PARTY_GOVERNMENT, region=dongming)
    party_office = Unit.objects.create(name="菏泽市委办公室", kind=Unit.Kind.PARTY_GOVERNMENT, region=heze)
    pending_unit = Unit.objects.create(
        name="牡丹区某待审单位", kind=Unit.Kind.OTHER, region=mudan, review_status=PENDING
    )

    HonourAward.objects.create(
        unit=market_bureau, honour=national_unit, year=2020, **_evidence(article, "该局2020年被评为全国文明单位。")
    )
    HonourAward.objects.create(unit=community, honour=youth, year=2021)
    HonourAward.objects.create(unit=education_bureau, honour=national_unit, year=2017)
    HonourAward.objects.create(unit=party_office, honour=provincial_unit, year=2015)
    HonourAward.objects.create(unit=party_office, honour=national_unit, year=2023, review_status=PENDING)

    civilised_city = Campaign.objects.create(
        name="菏泽市创建全国文明城市", aliases=["创城"], level=Campaign.Level.CITY, region=heze
    )
    lei_feng = Campaign.objects.create(name="学雷锋志愿服务月", level=Campaign.Level.CITY, region=heze)

    def activity(title, day, campaign, organisers, **extra):
        created = Activity.objects.create(title=title, date=day, campaign=campaign, **extra)
        for unit in organisers:
            ActivityOrganiser.objects.create(activity=created, unit=unit)
        return created

    serve = activity(
        "志愿服务活动进社区",
        date(2024, 3, 5),
        civilised_city,
        [market_bureau],
        kind=Activity.Kind.VOLUNTEER,
        participants=40,
        **_evidence(article, "本报讯 3月5日，牡丹区市场监督管理局组织志愿服务活动进社区。"),
    )
    activity("文明交通劝导", date(2024, 3, 20), civilised_city, [education_bureau], kind=Activity.Kind.PUBLICITY)
    activity("创城工作推进会", date(2024, 4, 2), civilised_city, [party_office], kind=Activity.Kind.MEETING)
    activity("志愿者服务培训", date(2023, 3, 10), lei_feng, [community], kind=Activity.Kind.TRAINING)
    activity("待审核的巡查活动", date(2024, 3, 15), civilised_city, [market_bureau], review_status=PENDING)

    VolunteerRecord.objects.create(
        unit=market_bureau,
        activity=serve,
        hours=Decimal("120.5"),
        person_times=300,
        period_start=date(2024, 1, 1),
        period_text="今年以来",
        **_evidence(article, "今年以来，该局志愿服务时长达120.5小时。"),
    )
    VolunteerRecord.objects.create(
        unit=education_bureau, hours=Decimal("80"), person_times=120, period_start=date(2024, 2, 1)
    )
    VolunteerRecord.objects.create(unit=education_bureau, hours=Decimal("400"), period_start=date(2023, 5, 1))
    VolunteerRecord.objects.create(unit=party_office, hours=Decimal("50"), period_start=date(2024, 3, 1))
    VolunteerRecord.objects.create(
        unit=community, hours=Decimal("30"), period_start=date(2024, 3, 1), review_status=PENDING
    )

    return Ledger(
        shandong=shandong,
        heze=heze,
        mudan=mudan,
        xicheng=xicheng,
        heping=heping,
        dongming=dongming,
        national_unit=national_unit,
        provincial_unit=provincial_unit,
        youth=youth,
        market_bureau=market_bureau,
        community=community,
        education_bureau=education_bureau,
        party_office=party_office,
        pending_unit=pending_unit,
        civilised_city=civilised_city,
        lei_feng=lei_feng,
        article=article,
    )


def add_units(count: int, *, region: Region, honour: Honour, campaign: Campaign, prefix: str = "批量单位") -> None:
    """``count`` more units, each with an alias, an award, an activity and a
    volunteer record: every related row a list page could load per row."""
    for index in range(count):
        unit = Unit.objects.create(name=f"{prefix}{index:03d}", kind=Unit.Kind.ENTERPRISE, region=region)
        UnitAlias.objects.create(unit=unit, name=f"{prefix}别名{index:03d}")
        HonourAward.objects.create(unit=unit, honour=honour, year=2000 + index % 25)
        activity = Activity.objects.create(title=f"{prefix}活动{index:03d}", date=date(2024, 5, 1), campaign=campaign)
        ActivityOrganiser.objects.create(activity=activity, unit=unit)
        VolunteerRecord.objects.create(
            unit=unit, activity=activity, hours=Decimal(index), period_start=date(2024, 5, 1)
        )


@pytest.fixture
def site_ledger(db) -> Ledger:
    return build_ledger()


@pytest.fixture
def viewer(db):
    return make_viewer()


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def outsider_client(client, db):
    client.force_login(get_user_model().objects.create_user(username="outsider", password=PASSWORD))
    return client
