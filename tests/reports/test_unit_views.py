from decimal import Decimal

from django.urls import reverse

from tests import sitedata
from tests.helpers import queries_for


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("units:unit_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_the_view_permission_is_refused(outsider_client):
    assert outsider_client.get(reverse("units:unit_list")).status_code == 403


def test_the_unit_list_shows_the_filtered_units(viewer_client, site_ledger):
    response = viewer_client.get(
        reverse("units:unit_list"), {"region": site_ledger.mudan.pk, "honour_level": "national"}
    )
    assert response.status_code == 200
    assert [unit.name for unit in response.context["rows"]] == ["牡丹区市场监督管理局", "西城街道和平社区"]
    assert response.context["count"] == 2
    assert "共 <strong>2</strong> 条单位" in response.content.decode()


def test_the_unit_list_costs_the_same_queries_for_5_or_50_units(viewer_client, site_ledger):
    args = {"region": site_ledger.heze, "honour": site_ledger.national_unit, "campaign": site_ledger.civilised_city}
    sitedata.add_units(1, **args)
    url = reverse("units:unit_list")
    with_few = queries_for(viewer_client, url)
    sitedata.add_units(45, prefix="更多单位", **args)
    assert queries_for(viewer_client, url) == with_few


def test_the_honour_list_costs_the_same_queries_for_5_or_50_awards(viewer_client, site_ledger):
    args = {"region": site_ledger.heze, "honour": site_ledger.youth, "campaign": site_ledger.civilised_city}
    url = reverse("units:honour_list")
    with_few = queries_for(viewer_client, url)
    sitedata.add_units(46, **args)
    assert queries_for(viewer_client, url) == with_few


def test_a_sort_link_keeps_the_filters_and_flips_the_direction(viewer_client, site_ledger):
    response = viewer_client.get(reverse("units:unit_list"), {"kind": "party_government", "sort": "name"})
    header = next(header for header in response.context["headers"] if header.column.sort == "name")
    assert header.direction == "asc"
    assert header.url == "?kind=party_government&sort=-name"


def test_page_links_keep_the_filters(viewer_client, site_ledger):
    sitedata.add_units(55, region=site_ledger.mudan, honour=site_ledger.youth, campaign=site_ledger.civilised_city)
    response = viewer_client.get(reverse("units:unit_list"), {"region": site_ledger.mudan.pk})
    assert response.context["count"] == 57
    assert f'href="?region={site_ledger.mudan.pk}&amp;page=2"' in response.content.decode()


def test_the_empty_state_names_the_filters_to_remove(viewer_client, site_ledger):
    response = viewer_client.get(reverse("units:unit_list"), {"q": "不存在的单位", "kind": "school"})
    page = response.content.decode()
    assert "没有找到符合条件的单位" in page
    assert "去掉条件“关键词：不存在的单位”" in page
    assert 'href="?kind=school"' in page
    assert "显示全部审核状态" in page


def test_an_invalid_filter_is_shown_next_to_its_field(viewer_client, site_ledger):
    response = viewer_client.get(reverse("units:unit_list"), {"honour_year_min": "去年"})
    assert response.context["rows"] == []
    assert "筛选条件有误" in response.content.decode()


def test_the_unit_page_shows_names_honours_volunteering_and_articles(viewer_client, site_ledger):
    response = viewer_client.get(reverse("units:unit_detail", args=[site_ledger.market_bureau.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "牡丹区市场监管局" in page  # alias
    assert "2020</span>全国文明单位" in page  # honours timeline
    detail = response.context["detail"]
    assert [(row.year, row.hours) for row in detail.volunteer_years] == [(2024, Decimal("120.5"))]
    assert [article.title for article in detail.articles] == ["牡丹区市场监管局志愿服务进社区"]
    assert [activity.title for activity in detail.activities] == ["志愿服务活动进社区"]


def test_the_unit_page_counts_pending_records_without_showing_them(viewer_client, site_ledger):
    response = viewer_client.get(reverse("units:unit_detail", args=[site_ledger.party_office.pk]))
    detail = response.context["detail"]
    assert [award.honour.name for award in detail.honours] == ["山东省文明单位"]
    assert detail.pending_count == 1


def test_an_unknown_unit_is_not_found(viewer_client, site_ledger):
    assert viewer_client.get(reverse("units:unit_detail", args=[999999])).status_code == 404


def test_a_merged_units_page_leads_to_the_unit_it_was_merged_into(viewer_client, db, admin_user):
    from curation.merging import unit_merge
    from units.models import Unit

    first = Unit.objects.create(name="菏泽市委办公室")
    second = Unit.objects.create(name="中共菏泽市委办公室")
    third = Unit.objects.create(name="菏泽市委办")
    unit_merge(survivor=first, others=[second], user=admin_user)
    unit_merge(survivor=third, others=[first], user=admin_user)

    response = viewer_client.get(reverse("units:unit_detail", kwargs={"pk": second.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("units:unit_detail", kwargs={"pk": third.pk})


def test_a_unit_that_never_existed_is_still_not_found(viewer_client, db):
    assert viewer_client.get(reverse("units:unit_detail", kwargs={"pk": 987654})).status_code == 404
