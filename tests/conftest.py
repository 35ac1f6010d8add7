"""Shared test data: a small ledger from the seed pages (菏泽), built with the ORM.

Each fixture builds the rows its name says plus what those rows need, so a test
asks for exactly the rows it is about. pytest-django's `admin_user` and
`admin_client` are the superuser of the admin tests.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, ImportRun, PageFile, Source
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from core.models import ReviewStatus
from tests.sitedata import outsider_client, site_ledger, viewer, viewer_client  # noqa: F401  (fixtures for every test)
from units.models import Honour, HonourAward, HonourRound, Region, Unit, UnitAlias

EVIDENCE = "市委办公室先后荣获全国文明单位等称号。"
ARTICLE_TEXT = "“市委办公室坚持文明创建、业务工作‘两手抓’‘都要硬’。”" + EVIDENCE + "志愿服务累计520人次。"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The production hasher takes half a second per password on purpose; tests
    that create users (admin_user, admin_client …) do not need that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached figures are keyed by the newest history ids, which SQLite hands
    out again after a test's rollback: a later test must not see them."""
    cache.clear()


@pytest.fixture
def reviewer(db):
    """A staff member who reviewed extracted records (cannot log in)."""
    return get_user_model().objects.create_user(username="reviewer", is_staff=True)


@pytest.fixture
def heze(db) -> Region:
    """山东省菏泽市, under 山东省."""
    shandong = Region.objects.create(name="山东省", full_name="山东省", level=Region.Level.PROVINCE, code="370000")
    return Region.objects.create(
        name="菏泽市", full_name="山东省菏泽市", level=Region.Level.PREFECTURE, parent=shandong, code="371700"
    )


@pytest.fixture
def heze_daily(heze) -> Source:
    return Source.objects.create(name="菏泽日报", region=heze, url="http://www.hezeribao.com/")


@pytest.fixture
def import_run(heze_daily, reviewer) -> ImportRun:
    """A finished run that imported one page file."""
    return ImportRun.objects.create(
        key=uuid.UUID("6f1c2a4e-3b7d-4c1a-9e2f-5a8b7c6d4e3f"),
        started_by=reviewer,
        finished_at=timezone.make_aware(datetime(2024, 3, 14, 9, 30)),
        status=ImportRun.Status.SUCCEEDED,
        source=heze_daily,
        reference_date=date(2024, 3, 14),
        counts={"文章": 1, "单位": 1},
        errors=[],
    )


@pytest.fixture
def page_file(import_run) -> PageFile:
    return PageFile.objects.create(
        import_run=import_run,
        file_name="菏泽日报2024年3月14日第3版.txt",
        size=21480,
        sha256="a" * 64,
        encoding="utf-8",
        status=PageFile.Status.IMPORTED,
        article_count=1,
    )


@pytest.fixture
def article(heze_daily, import_run, page_file) -> Article:
    """The article the extracted records below were read from."""
    return Article.objects.create(
        source=heze_daily,
        title="勇担职责使命 谱写文明新篇",
        subtitle="——市委办公室高质量推进文明单位创建工作纪实",
        bylines=["记者 张三", "通讯员 李四"],
        published_on=date(2024, 3, 14),
        text=ARTICLE_TEXT,
        raw_text=ARTICLE_TEXT,
        file_name=page_file.file_name,
        position=1,
        content_hash="b" * 64,
        import_run=import_run,
        page_file=page_file,
    )


def _provenance(article: Article, sentence: str = EVIDENCE) -> dict:
    start = article.text.index(sentence)
    return {"article": article, "evidence": sentence, "evidence_start": start, "evidence_end": start + len(sentence)}


@pytest.fixture
def party_office(heze) -> Unit:
    """菏泽市委办公室, typed in by hand (no article, accepted)."""
    return Unit.objects.create(name="菏泽市委办公室", short_name="市委办", kind=Unit.Kind.PARTY_GOVERNMENT, region=heze)


@pytest.fixture
def hotline_centre(heze) -> Unit:
    """菏泽市市长公开电话受理中心, which belongs to 菏泽市政府办公室."""
    government_office = Unit.objects.create(name="菏泽市政府办公室", kind=Unit.Kind.PARTY_GOVERNMENT, region=heze)
    return Unit.objects.create(
        name="菏泽市市长公开电话受理中心",
        kind=Unit.Kind.PUBLIC_INSTITUTION,
        region=heze,
        parent=government_office,
    )


@pytest.fixture
def party_office_alias(party_office, article) -> UnitAlias:
    """市委办公室 → 菏泽市委办公室, extracted and waiting for review."""
    return UnitAlias.objects.create(
        unit=party_office, name="市委办公室", review_status=ReviewStatus.PENDING, **_provenance(article)
    )


@pytest.fixture
def honour(db) -> Honour:
    """全国文明单位 with only the fields it needs (no aliases, no rounds)."""
    return Honour.objects.create(
        name="全国文明单位", level=Honour.Level.NATIONAL, category=Honour.Category.CIVILISED_UNIT
    )


@pytest.fixture
def civilised_unit(db) -> Honour:
    """全国文明单位, with its sixth round (2020)."""
    honour = Honour.objects.create(
        name="全国文明单位",
        aliases=["全国文明单位称号"],
        level=Honour.Level.NATIONAL,
        category=Honour.Category.CIVILISED_UNIT,
        awarding_body="中央精神文明建设指导委员会",
    )
    HonourRound.objects.create(honour=honour, number=6, year=2020, decided_on=date(2020, 11, 20))
    return honour


@pytest.fixture
def party_office_award(party_office, civilised_unit, article, reviewer) -> HonourAward:
    """菏泽市委办公室 · 2020年全国文明单位, extracted and accepted by `reviewer`."""
    return HonourAward.objects.create(
        unit=party_office,
        honour=civilised_unit,
        year=2020,
        edition="第六届",
        status=HonourAward.Status.AWARDED,
        review_status=ReviewStatus.ACCEPTED,
        reviewed_by=reviewer,
        reviewed_at=timezone.make_aware(datetime(2024, 3, 15, 10, 0)),
        **_provenance(article),
    )


@pytest.fixture
def civilised_city(heze) -> Campaign:
    """创建全国文明城市 in 菏泽."""
    return Campaign.objects.create(
        name="创建全国文明城市",
        aliases=["创城", "创建文明城市"],
        level=Campaign.Level.CITY,
        region=heze,
        start_date=date(2021, 1, 1),
    )


@pytest.fixture
def lei_feng_activity(civilised_city, party_office, article) -> Activity:
    """学雷锋志愿服务进社区 on 2024-03-05, hosted by 菏泽市委办公室."""
    activity = Activity.objects.create(
        title="学雷锋志愿服务进社区",
        campaign=civilised_city,
        date=date(2024, 3, 5),
        place="牡丹区西城街道",
        kind=Activity.Kind.VOLUNTEER,
        participants=60,
        description="清扫街道、义诊、文明宣传",
        review_status=ReviewStatus.PENDING,
        **_provenance(article, "“市委办公室坚持文明创建、业务工作‘两手抓’‘都要硬’。”"),
    )
    ActivityOrganiser.objects.create(activity=activity, unit=party_office, role=ActivityOrganiser.Role.HOST)
    return activity


@pytest.fixture
def organiser_role(lei_feng_activity) -> ActivityOrganiser:
    """菏泽市委办公室 hosting 学雷锋志愿服务进社区."""
    return lei_feng_activity.organiser_roles.get()


@pytest.fixture
def party_office_volunteering(party_office, lei_feng_activity, article) -> VolunteerRecord:
    """菏泽市委办公室's volunteer service: 520人次, 1200.5 hours, 余."""
    return VolunteerRecord.objects.create(
        unit=party_office,
        activity=lei_feng_activity,
        hours=Decimal("1200.5"),
        person_times=520,
        volunteers=48,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        period_text="去年以来",
        approximate=True,
        **_provenance(article, "志愿服务累计520人次。"),
    )


@pytest.fixture
def ledger(
    party_office_alias, party_office_award, hotline_centre, party_office_volunteering, lei_feng_activity
) -> None:
    """At least one row of every model."""


# --- Spreadsheet round trips (units/, campaigns/, articles/ resources) -------------------


def _rows(resource) -> list[tuple[str, ...]]:
    """An export as comparable rows, without the export-only columns."""
    dataset = resource.export()
    kept = [i for i, field in enumerate(resource.get_export_fields()) if not field.readonly]
    return sorted(tuple(str(row[i]) for i in kept) for row in dataset)


def _describe_errors(result) -> str:
    errors = [f"第{number}行: {error.error!r}" for number, row_errors in result.row_errors() for error in row_errors]
    errors += [f"第{row.number}行: {row.error_dict}" for row in result.invalid_rows]
    errors += [repr(error.error) for error in result.base_errors]
    return "\n".join(errors)


@pytest.fixture
def assert_round_trip():
    """Exports every row of a resource to CSV or XLSX, empties the table, imports
    the file (dry run first, then for real) and checks that the same rows came
    back; importing the file again must add nothing."""

    def check(resource_class, file_format, empty_table) -> None:
        model = resource_class._meta.model
        before = _rows(resource_class())
        assert before, "the round trip needs rows to export"
        payload = file_format.export_data(resource_class().export(force_native_type=file_format.is_binary()))

        empty_table()
        assert not model.objects.exists()

        dry_run = resource_class().import_data(file_format.create_dataset(payload), dry_run=True)
        assert not dry_run.has_errors() and not dry_run.has_validation_errors(), _describe_errors(dry_run)
        assert not model.objects.exists(), "a dry run must not write"

        result = resource_class().import_data(file_format.create_dataset(payload))
        assert not result.has_errors() and not result.has_validation_errors(), _describe_errors(result)
        assert result.totals["new"] == len(before)
        assert _rows(resource_class()) == before

        again = resource_class().import_data(file_format.create_dataset(payload))
        assert not again.has_errors() and not again.has_validation_errors(), _describe_errors(again)
        assert again.totals["new"] == 0
        assert model.objects.count() == len(before)

    return check
