"""What the curation mixins add to every admin page: the 修改理由 field, review on the
change form, restorable history, review actions, evidence in its article."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from core.models import ReviewStatus
from tests.core.test_locking import change_url, form_data
from units.models import HonourAward

MERGES = reverse("admin:units_unitmerge_changelist")


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def pending_award(party_office_award):
    HonourAward.objects.filter(pk=party_office_award.pk).update(
        review_status=ReviewStatus.PENDING, reviewed_by=None, reviewed_at=None
    )
    return HonourAward.objects.get(pk=party_office_award.pk)


def test_the_change_reason_becomes_the_history_reason(admin_client, party_office_award):
    data = form_data(admin_client.get(change_url(party_office_award)))
    admin_client.post(change_url(party_office_award), {**data, "edition": "第七届", "change_reason": "据原文核对"})
    assert party_office_award.history.first().history_change_reason == "据原文核对"


def test_the_change_reason_is_written_for_inline_rows_too(admin_client, party_office, party_office_alias):
    data = form_data(admin_client.get(change_url(party_office)))
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS") and "aliases" in k).removesuffix("-TOTAL_FORMS")
    data |= {f"{prefix}-0-id": party_office_alias.pk, f"{prefix}-0-unit": party_office.pk}
    data |= {f"{prefix}-0-name": "市委办", f"{prefix}-0-review_status": ReviewStatus.ACCEPTED}
    data[f"{prefix}-INITIAL_FORMS"] = data[f"{prefix}-TOTAL_FORMS"] = 1
    response = admin_client.post(change_url(party_office), {**data, "change_reason": "统一简称"})
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert party_office_alias.history.first().history_change_reason == "统一简称"


def test_changing_the_review_status_on_the_form_stores_the_reviewer(admin_client, admin_user, pending_award):
    data = form_data(admin_client.get(change_url(pending_award)))
    admin_client.post(change_url(pending_award), {**data, "review_status": ReviewStatus.ACCEPTED})
    pending_award.refresh_from_db()
    assert (pending_award.review_status, pending_award.reviewed_by) == (ReviewStatus.ACCEPTED, admin_user)
    assert pending_award.history.first().history_change_reason == "审核：已采纳（编辑页）"


def test_rejecting_on_the_form_needs_a_note(admin_client, pending_award):
    data = form_data(admin_client.get(change_url(pending_award)))
    response = admin_client.post(change_url(pending_award), {**data, "review_status": ReviewStatus.REJECTED})
    assert response.status_code == 200
    assert "驳回时请填写审核说明" in response.content.decode()


def test_a_past_version_can_be_restored_and_the_history_says_so(admin_client, party_office_award):
    first = party_office_award.history.earliest()
    data = form_data(admin_client.get(change_url(party_office_award)))
    admin_client.post(change_url(party_office_award), {**data, "edition": "第七届"})
    revert_url = reverse("admin:units_honouraward_simple_history", args=[party_office_award.pk, first.history_id])
    response = admin_client.post(revert_url, form_data(admin_client.get(revert_url)))
    assert response.status_code == 302
    party_office_award.refresh_from_db()
    assert (party_office_award.edition, party_office_award.version) == ("第六届", 3)
    assert party_office_award.history.first().history_change_reason.startswith("恢复为历史版本")


def test_the_history_page_lists_who_changed_what(admin_client, party_office_award):
    data = form_data(admin_client.get(change_url(party_office_award)))
    admin_client.post(change_url(party_office_award), {**data, "edition": "第七届", "change_reason": "据原文核对"})
    history = reverse("admin:units_honouraward_history", args=[party_office_award.pk])
    content = admin_client.get(history).content.decode()
    assert "据原文核对" in content and "第七届" in content


def test_the_accept_action_accepts_the_selected_records(admin_client, admin_user, pending_award):
    admin_client.post(
        changelist_url(HonourAward), {"action": "accept_selected", ACTION_CHECKBOX_NAME: [pending_award.pk]}
    )
    pending_award.refresh_from_db()
    assert (pending_award.review_status, pending_award.reviewed_by) == (ReviewStatus.ACCEPTED, admin_user)


def test_the_reject_action_asks_for_a_reason_first(admin_client, pending_award):
    response = admin_client.post(
        changelist_url(HonourAward), {"action": "reject_selected", ACTION_CHECKBOX_NAME: [pending_award.pk]}
    )
    assert response.status_code == 200
    assert "驳回理由" in response.content.decode()
    pending_award.refresh_from_db()
    assert pending_award.review_status == ReviewStatus.PENDING


def test_the_reject_action_rejects_with_the_reason(admin_client, pending_award):
    admin_client.post(
        changelist_url(HonourAward),
        {"action": "reject_selected", ACTION_CHECKBOX_NAME: [pending_award.pk], "confirm": "yes", "reason": "重复"},
    )
    pending_award.refresh_from_db()
    assert (pending_award.review_status, pending_award.review_note) == (ReviewStatus.REJECTED, "重复")


def test_every_change_list_row_links_to_its_review_page(admin_client, pending_award):
    content = admin_client.get(changelist_url(HonourAward)).content.decode()
    assert reverse("curation:review_record", args=["units.honouraward", pending_award.pk]) in content


def test_the_change_page_shows_the_evidence_inside_its_article(admin_client, party_office_award):
    content = admin_client.get(change_url(party_office_award)).content.decode()
    assert '<mark class="evidence">市委办公室先后荣获全国文明单位等称号。</mark>' in content


def test_the_article_page_marks_and_links_every_record_read_from_it(
    admin_client, article, party_office_award, party_office_alias, lei_feng_activity, party_office_volunteering
):
    content = admin_client.get(change_url(article)).content.decode()
    for record in (party_office_award, party_office_alias, lei_feng_activity, party_office_volunteering):
        assert reverse("curation:review_record", args=[record._meta.label_lower, record.pk]) in content
    assert '<mark class="record"' in content


def test_the_admin_index_links_the_curation_pages(client, pending_award):
    from tests.test_roles import run_roles_migration

    run_roles_migration()
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    client.force_login(editor)
    content = client.get(reverse("admin:index")).content.decode()
    for url in (reverse("curation:review_queue"), reverse("curation:unit_duplicates"), MERGES):
        assert url in content
    assert "待审核 1 条" in content
    assert reverse("audit_log") not in content


def test_the_admin_index_links_the_audit_log_for_administrators(admin_client):
    assert reverse("audit_log") in admin_client.get(reverse("admin:index")).content.decode()
