import re
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import VolunteerRecord
from reports.campaign_selectors import (
    DASHBOARD_SECTIONS,
    activities_by_campaign,
    dashboard_totals,
    honours_by_level_and_year,
    volunteer_hours_by_month,
    volunteer_hours_by_unit,
)
from reports.charts import bar_chart, column_chart, format_axis, format_large, format_number, nice_ceiling
from tests import sitedata

EVERY_SECTION = set(DASHBOARD_SECTIONS)


def test_the_dashboard_requires_login(client, db):
    response = client.get(reverse("campaigns:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_any_view_permission_is_refused(outsider_client, site_ledger):
    assert outsider_client.get(reverse("campaigns:dashboard")).status_code == 403


def test_a_user_sees_only_the_parts_they_may_view(client, site_ledger):
    user = get_user_model().objects.create_user(username="units-only")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="units", codename="view_unit"))
    client.force_login(user)
    response = client.get(reverse("campaigns:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="total-units"' in page
    assert 'id="total-hours"' not in page and "东明县教育局" not in page
    assert [name for name, _ in response.context["charts"]] == []
    assert [item.label for item in response.context["totals"].pending] == ["单位", "单位别名"]


def test_the_totals_count_accepted_records(site_ledger):
    totals = dashboard_totals(sections=EVERY_SECTION)
    assert totals.units == 4
    assert totals.honours == 4
    assert dict((level, count) for level, _, count in totals.honours_by_level)["national"] == 3
    assert totals.activities == 4
    assert totals.volunteer_hours == Decimal("650.5")


def test_the_totals_count_records_waiting_for_review(site_ledger):
    totals = dashboard_totals(sections=EVERY_SECTION)
    pending = {item.label: item.count for item in totals.pending}
    assert pending == {"单位": 1, "单位别名": 0, "荣誉记录": 1, "活动": 1, "志愿服务记录": 1}
    assert totals.pending_total == 4


def test_hours_by_month_fill_the_months_without_records(site_ledger):
    series = volunteer_hours_by_month()
    assert series[0] == (date(2023, 5, 1), Decimal("400"))
    assert (date(2023, 6, 1), Decimal("0")) in series
    assert series[-1] == (date(2024, 3, 1), Decimal("50"))
    assert len(series) == 11


def test_hours_by_month_cover_at_most_the_months_asked_for(site_ledger):
    assert [month for month, _ in volunteer_hours_by_month(months=3)] == [
        date(2024, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]


def test_hours_by_unit_rank_the_units(site_ledger):
    ranking = [(unit.name, hours) for unit, hours in volunteer_hours_by_unit()]
    assert ranking == [
        ("东明县教育局", Decimal("480")),
        ("牡丹区市场监督管理局", Decimal("120.5")),
        ("菏泽市委办公室", Decimal("50")),
    ]


def test_honours_by_level_and_year_span_every_year(site_ledger):
    table = dict(honours_by_level_and_year())
    assert list(table) == list(range(2015, 2022))
    assert table[2020] == {"national": 1}
    assert table[2018] == {}


def test_activities_by_campaign_count_accepted_activities(site_ledger):
    counts = [(campaign.name, count) for campaign, count in activities_by_campaign()]
    assert counts == [("菏泽市创建全国文明城市", 3), ("学雷锋志愿服务月", 1)]


def test_the_dashboard_draws_its_charts_as_svg_bars(viewer_client, site_ledger):
    page = viewer_client.get(reverse("campaigns:dashboard")).content.decode()
    for chart in ("hours-by-month", "hours-by-unit", "honours-by-year", "activities-by-campaign"):
        figure = re.search(rf'<figure class="chart-card" id="{chart}">(.*?)</figure>', page, re.S).group(1)
        assert "<svg" in figure, chart
        assert '<rect class="bar' in figure, chart
    assert "东明县教育局：480 小时" in page  # a bar's tooltip
    assert "志愿服务时长前十的单位" in page


def test_a_dashboard_bar_links_to_the_records_it_counts(viewer_client, site_ledger):
    page = viewer_client.get(reverse("campaigns:dashboard")).content.decode()
    assert "/volunteer/?period_after=2024-03-01&amp;period_before=2024-03-31" in page
    assert f"/activities/?campaign={site_ledger.civilised_city.pk}" in page


def test_an_empty_dashboard_says_there_is_no_data(viewer_client):
    page = viewer_client.get(reverse("campaigns:dashboard")).content.decode()
    assert page.count("暂无数据") == 4


def test_the_dashboard_costs_the_same_queries_however_many_rows(viewer_client, site_ledger):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer_client.get(reverse("campaigns:dashboard")).status_code == 200
        return len(captured)

    before = queries()
    sitedata.add_units(40, region=site_ledger.heze, honour=site_ledger.youth, campaign=site_ledger.lei_feng)
    VolunteerRecord.objects.create(unit=site_ledger.party_office, hours=Decimal("5"), period_start=date(2022, 1, 1))
    assert queries() == before


def test_nice_ceiling_rounds_up_to_a_readable_axis_maximum():
    assert [nice_ceiling(value) for value in (0, 7, 13, 240, 1300, 48000)] == [1, 10, 20, 250, 2000, 50000]


def test_numbers_are_printed_the_way_chinese_statistics_print_them():
    assert format_number(Decimal("13380.0")) == "13,380"
    assert format_number(Decimal("1200.5")) == "1,200.5"
    assert format_axis(25000) == "2.5万"
    assert format_large(Decimal("17096723.7")) == "1,709.7万"


def test_a_bar_is_as_long_as_its_share_of_the_axis():
    chart = bar_chart([("甲", 50, None), ("乙", 100, None)], title="t", unit="小时")
    first, second = chart.bars
    assert second.width == 2 * first.width
    assert chart.ticks[-1].label == "100"


def test_narrow_columns_print_only_the_peak_value():
    points = [(f"{month}月", "2024年", month * 10, None) for month in range(1, 13)] * 2
    chart = column_chart(points, title="t", unit="小时")
    assert [bar.compact for bar in chart.bars if bar.compact] == ["120"]


def test_logging_out_returns_to_the_login_page(viewer_client):
    response = viewer_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert viewer_client.get(reverse("campaigns:dashboard")).status_code == 302


def test_the_login_page_is_in_chinese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "用户名" in page and "密码" in page and "登录" in page


def test_a_chart_of_whole_counts_has_whole_ticks():
    chart = bar_chart([("甲", 2, None), ("乙", 1, None)], title="t", unit="条", whole=True)
    assert [tick.label for tick in chart.ticks] == ["0", "1", "2"]
    larger = bar_chart([("甲", 13, None)], title="t", unit="条", whole=True)
    assert all(float(tick.label) == int(float(tick.label)) for tick in larger.ticks)


def test_the_monthly_chart_shows_hours_without_a_start_date_as_date_unknown(viewer_client, site_ledger):
    VolunteerRecord.objects.create(unit=site_ledger.party_office, hours=Decimal("13380"), period_start=None)
    content = viewer_client.get(reverse("campaigns:dashboard")).content.decode()
    chart = content.split("每月志愿服务时长", 1)[1].split("</svg>", 1)[0]
    assert "日期不详" in chart and "13,380" in chart
