"""Done when (issue 4): a reviewer imports a page, reviews every pending record, merges
a duplicate unit, and an administrator reads each of those actions back from the
audit log."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.services import PageInput, run_import
from core.models import ReviewStatus
from core.review import reviewable_models
from tests.test_roles import run_roles_migration
from units.models import Unit, UnitMerge

PAGE = Path(settings.BASE_DIR) / "fixtures" / "pages" / "000_75310adb731b7d0d.txt"


def member(username, role):
    user = get_user_model().objects.create_user(username, first_name=username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def pending():
    return [r for m in reviewable_models() for r in m.objects.filter(review_status=ReviewStatus.PENDING)]


def audit(client, **params):
    response = client.get(reverse("audit_log"), {"page": 1, **params})
    assert response.status_code == 200
    rows = list(response.context["entries"])
    for number in range(2, response.context["page"].paginator.num_pages + 1):
        rows += client.get(reverse("audit_log"), {**params, "page": number}).context["entries"]
    return rows


@pytest.fixture
def office(db):
    run_roles_migration()
    call_command("loaddata", "regions", "honours", verbosity=0)
    reviewer, administrator = member("审核员小赵", "编辑"), member("管理员老王", "管理员")
    reviewer_browser, admin_browser = Client(), Client()
    reviewer_browser.force_login(reviewer)
    admin_browser.force_login(administrator)
    return reviewer, reviewer_browser, admin_browser


def test_import_review_merge_and_read_it_all_back_from_the_audit_log(office):
    reviewer, browser, admin_browser = office

    # 1. Import a page: its records wait for review, each created under the run's name.
    run = run_import(pages=[PageInput.from_path(PAGE)], user=reviewer)
    imported = pending()
    assert run.counts["files_imported"] == 1 and imported

    # 2. Review every pending record: correct one unit, reject one record, accept the rest by keyboard.
    unit = next(r for r in imported if isinstance(r, Unit))
    rejected = next(r for r in imported if r != unit)
    review = reverse("curation:review_record", args=[unit._meta.label_lower, unit.pk])
    form = browser.get(review).context["correction_form"]
    data = {f"correct-{k}": "" if v is None else v for k, v in form.initial.items()}
    browser.post(
        review, {**data, "decision": "correct", "correct-version": unit.version, "correct-short_name": "简称甲"}
    )
    review = reverse("curation:review_record", args=[rejected._meta.label_lower, rejected.pk])
    browser.post(review, {"decision": "reject", "reject-version": rejected.version, "reject-reason": "不是本市单位"})
    url = browser.get(reverse("curation:review_queue")).context["first_url"]
    while url and url != reverse("curation:review_queue"):
        page = browser.get(url)
        url = browser.post(
            url, {"decision": "accept", "accept-version": page.context["accept_form"]["version"].value()}
        )["Location"]
    assert pending() == []

    # 3. Merge a duplicate the duplicates page finds.
    unit.refresh_from_db()
    twin = Unit.objects.create(name=f"中共{unit.name}", region=unit.region)
    pairs = browser.get(reverse("curation:unit_duplicates")).context["rows"]
    assert any({row["pair"].first, row["pair"].second} == {unit, twin} for row in pairs)
    browser.post(
        reverse("curation:unit_merge"), {"ids": f"{unit.pk},{twin.pk}", "survivor": unit.pk, "reason": "同一单位"}
    )
    merge = UnitMerge.objects.get()
    assert not Unit.objects.filter(pk=twin.pk).exists()

    # 4. The administrator reads it all back.
    created = audit(admin_browser, reason=str(run.key))
    assert len([e for e in created if e.action == "新建"]) >= len(imported)
    assert all(e.user == "审核员小赵" for e in created)
    assert any(e.import_run_link for e in created)

    reviews = audit(admin_browser, user=reviewer.pk, reason="审核：")
    decided = {(e.model_label, e.object_id) for e in reviews}
    assert decided >= {(r._meta.label_lower, str(r.pk)) for r in imported}
    assert any(e.reason == "审核：驳回（不是本市单位）" for e in reviews)
    correction = next(e for e in reviews if e.reason.startswith("审核：更正后采纳"))
    assert ("简称", "简称甲") in {(c.label, c.new) for c in correction.changes}

    merged = audit(admin_browser, reason=f"单位合并 #{merge.pk}")
    assert ("单位", "删除", twin.name) in {(e.model_name, e.action, e.object_repr) for e in merged}
    assert any(e.model_label == "units.unitmerge" and "同一单位" in e.reason for e in merged)

    export = admin_browser.get(reverse("audit_log_export", args=["csv"]), {"reason": f"单位合并 #{merge.pk}"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert any(row[3] == "单位" and row[2] == "删除" and row[5] == twin.name for row in rows[1:])
