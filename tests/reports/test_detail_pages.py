"""Detail pages of every record kind, the links that lead to them, and the way to edit a record."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import ImportRun
from campaigns.models import VolunteerRecord
from core.models import ReviewStatus
from units.models import HonourAward


def test_an_honour_record_has_a_page_with_its_unit_and_source(viewer_client, site_ledger):
    award = HonourAward.objects.filter(review_status=ReviewStatus.ACCEPTED).select_related("unit", "honour").first()
    content = viewer_client.get(reverse("units:honour_detail", args=[award.pk])).content.decode()
    assert award.unit.name in content and award.honour.name in content and "出处" in content


def test_the_honour_list_links_each_record_to_its_page(viewer_client, site_ledger):
    award = HonourAward.objects.filter(review_status=ReviewStatus.ACCEPTED).first()
    content = viewer_client.get(reverse("units:honour_list")).content.decode()
    assert reverse("units:honour_detail", args=[award.pk]) in content


def test_a_volunteer_record_has_a_page_linked_from_the_list(viewer_client, site_ledger):
    record = VolunteerRecord.objects.filter(review_status=ReviewStatus.ACCEPTED).select_related("unit").first()
    url = reverse("campaigns:volunteer_detail", args=[record.pk])
    assert url in viewer_client.get(reverse("campaigns:volunteer_list")).content.decode()
    assert record.unit.name in viewer_client.get(url).content.decode()


def test_a_campaign_has_a_page_with_its_activities(viewer_client, site_ledger):
    campaign = site_ledger.civilised_city
    url = reverse("campaigns:campaign_detail", args=[campaign.pk])
    assert url in viewer_client.get(reverse("campaigns:campaign_list")).content.decode()
    content = viewer_client.get(url).content.decode()
    assert campaign.name in content and f"?campaign={campaign.pk}" in content


def test_an_editor_sees_a_link_to_edit_the_record_in_the_admin(viewer_client, viewer, site_ledger):
    viewer.user_permissions.add(Permission.objects.get(codename="change_unit"))
    unit = site_ledger.party_office
    content = viewer_client.get(reverse("units:unit_detail", args=[unit.pk])).content.decode()
    assert reverse("admin:units_unit_change", args=[unit.pk]) in content and "在管理后台编辑" in content


def test_a_viewer_sees_no_edit_link(viewer_client, site_ledger):
    content = viewer_client.get(reverse("units:unit_detail", args=[site_ledger.party_office.pk])).content.decode()
    assert "在管理后台编辑" not in content


def test_the_units_pending_records_link_to_the_review_queue(viewer_client, site_ledger):
    unit = site_ledger.market_bureau
    HonourAward.objects.create(
        unit=unit, honour=site_ledger.youth, year=2023, review_status=ReviewStatus.PENDING, article=site_ledger.article
    )
    content = viewer_client.get(reverse("units:unit_detail", args=[unit.pk])).content.decode()
    assert f"{reverse('curation:review_queue')}?unit={unit.pk}" in content


def test_the_import_result_page_links_to_its_batch_in_the_review_queue(admin_client):
    run = ImportRun.objects.create(key=uuid.uuid4(), status=ImportRun.Status.SUCCEEDED)
    content = admin_client.get(reverse("articles_import:run", args=[run.key])).content.decode()
    assert f"{reverse('curation:review_queue')}?import_run={run.pk}" in content
