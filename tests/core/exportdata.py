"""The export ledger: the site ledger plus what an export must render with care
(reviews, several organisers, text a spreadsheet would take for a formula), shared
by the tests of core/export_columns.py and core/export_rows.py."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict

from articles.models import Article, ImportRun, PageFile, Source
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from core.filtering import ALL_STATUSES
from core.review import record_accept
from units.models import HonourAward, Unit

FORMULA = "=HYPERLINK(1)"


@pytest.fixture
def export_ledger(site_ledger):
    """The site ledger plus what its rows lack: reviews, several organisers,
    text a spreadsheet would take for a formula, an article with its import run."""
    ledger = site_ledger
    reviewer = get_user_model().objects.create_user(username="审核员")
    source = Source.objects.create(name="菏泽日报")
    run = ImportRun.objects.create(key=uuid.uuid4(), status=ImportRun.Status.SUCCEEDED, source=source)
    page = PageFile.objects.create(import_run=run, file_name="第3版.txt", status=PageFile.Status.IMPORTED)
    article = Article.objects.create(
        source=source,
        title="-文明新篇",
        bylines=["记者 张三", "@通讯员"],
        published_on=date(2024, 3, 14),
        text="正文",
        content_hash="d" * 64,
        import_run=run,
        page_file=page,
        position=2,
    )
    unit = Unit.objects.create(
        name="+甲单位", short_name="@简称", note=FORMULA, region=ledger.heze, parent=ledger.party_office
    )
    record_accept(record=unit, user=reviewer, note="-核对过")
    activity = Activity.objects.create(
        title=FORMULA,
        date=date(2024, 3, 8),
        campaign=ledger.civilised_city,
        kind=Activity.Kind.CHARITY,
        participants=0,
        place="-广场",
        article=article,
        evidence="正文",
    )
    # Created out of name order: the cell lists them in the units' order.
    for organiser, role in ((ledger.party_office, "host"), (unit, "co_host"), (ledger.community, "executor")):
        ActivityOrganiser.objects.create(activity=activity, unit=organiser, role=role)
    record_accept(record=activity, user=reviewer)
    record = VolunteerRecord.objects.create(
        unit=unit, activity=activity, hours=Decimal("0.5"), volunteers=3, approximate=True, period_text="=近年"
    )
    record_accept(record=record, user=reviewer)
    award = HonourAward.objects.create(unit=unit, honour=ledger.youth, year=None, edition="+第一批", article=article)
    record_accept(record=award, user=reviewer)
    Campaign.objects.create(name="@活动", aliases=["=别名", "创城"], start_date=date(2024, 1, 1))
    return ledger


def every_row_query(spec) -> QueryDict:
    query = QueryDict(mutable=True)
    if "review_status" in spec.filterset(data=QueryDict()).form.fields:
        query["review_status"] = ALL_STATUSES
    if spec.key in ("due_reviews", "expiring"):
        query["year"] = "2021"  # the site ledger's holdings are due then, or run out
    return query


def queryset_for(spec):
    return spec.queryset(spec.filterset(data=every_row_query(spec)))
