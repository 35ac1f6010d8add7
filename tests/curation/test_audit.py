"""The administrators' audit log: every change of every model, filtered, paged, exported."""

import csv
import datetime as dt
import io
import uuid

import openpyxl
import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import ImportRun
from core.models import ReviewStatus
from core.review import record_correct, record_reject
from units.models import HonourAward, Unit

URL = reverse("audit_log")


def at(day: int, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2024, 3, day, hour, 0))


def saved(obj, *, user=None, when=None, reason=None):
    """Save as `user` at `when` with `reason`, as the history middleware and services would."""
    if user is not None:
        obj._history_user = user
    if when is not None:
        obj._history_date = when
    if reason is not None:
        obj._change_reason = reason
    obj.save()
    for name in ("_history_user", "_history_date", "_change_reason"):
        obj.__dict__.pop(name, None)
    return obj


@pytest.fixture
def administrator(db):
    user = get_user_model().objects.create_user("wang", first_name="王管理", password="x", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="管理员")[0])
    return user


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("zhao", first_name="赵编辑", password="x", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="编辑")[0])
    return user


@pytest.fixture
def admin_browser(client, administrator):
    client.force_login(administrator)
    return client


def entries(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context["entries"]


def test_an_administrator_may_read_the_audit_log(admin_browser):
    assert admin_browser.get(URL).status_code == 200


def test_a_superuser_may_read_the_audit_log(client, admin_user):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200


def test_an_editor_may_not_read_the_audit_log(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("audit_log_export", args=["csv"])).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_it_lists_changes_of_every_model_newest_first(admin_browser, editor, honour):
    unit = saved(Unit(name="菏泽市委办公室"), user=editor, when=at(1))
    saved(HonourAward(unit=unit, honour=honour, year=2020), user=editor, when=at(2))
    listed = [(e.model_name, e.action) for e in entries(admin_browser, start="2024-03-01", end="2024-03-31")]
    assert listed == [("荣誉记录", "新建"), ("单位", "新建")]


def test_it_shows_who_changed_which_fields_old_to_new(admin_browser, editor, honour):
    award = HonourAward.objects.create(
        unit=Unit.objects.create(name="菏泽市委办公室"), honour=honour, year=2020, review_status=ReviewStatus.PENDING
    )
    record_correct(record=award, user=editor, changes={"year": 2021})
    [latest] = entries(admin_browser, action="~", model="units.honouraward")
    assert latest.user == "赵编辑"
    assert {(c.label, c.old, c.new) for c in latest.changes} >= {
        ("年份", "2020", "2021"),
        ("审核状态", "待审核", "已采纳"),
    }


def test_it_shows_the_reason(admin_browser, editor, honour):
    award = HonourAward.objects.create(unit=Unit.objects.create(name="菏泽市委办公室"), honour=honour, year=2020)
    record_reject(record=award, user=editor, reason="年份有误")
    assert entries(admin_browser, action="~")[0].reason == "审核：驳回（年份有误）"


def test_it_names_the_related_objects_instead_of_their_ids(admin_browser, honour):
    HonourAward.objects.create(unit=Unit.objects.create(name="菏泽市委办公室"), honour=honour, year=2020)
    [created] = entries(admin_browser, model="units.honouraward")
    assert created.object_repr == "菏泽市委办公室 · 全国文明单位 · 2020年"
    assert ("单位", "菏泽市委办公室") in {(c.label, c.new) for c in created.changes}


def test_a_deleted_object_is_listed_under_its_name(admin_browser, editor):
    unit = Unit.objects.create(name="菏泽市委办公室")
    saved(unit, user=editor)
    unit._history_user = editor
    unit.delete()
    [deletion] = entries(admin_browser, action="-")
    assert (deletion.object_repr, deletion.user) == ("菏泽市委办公室", "赵编辑")


def test_it_filters_by_date_range(admin_browser, editor):
    saved(Unit(name="二月的单位"), user=editor, when=at(1) - dt.timedelta(days=10))
    saved(Unit(name="三月的单位"), user=editor, when=at(5))
    saved(Unit(name="四月的单位"), user=editor, when=at(5) + dt.timedelta(days=30))
    assert [e.object_repr for e in entries(admin_browser, start="2024-03-01", end="2024-03-31")] == ["三月的单位"]


def test_the_end_date_includes_its_whole_day(admin_browser, editor):
    saved(Unit(name="深夜的单位"), user=editor, when=at(5, hour=23))
    assert [e.object_repr for e in entries(admin_browser, start="2024-03-05", end="2024-03-05")] == ["深夜的单位"]


def test_it_filters_by_user(admin_browser, administrator, editor):
    saved(Unit(name="编辑建的单位"), user=editor)
    saved(Unit(name="管理员建的单位"), user=administrator)
    assert [e.object_repr for e in entries(admin_browser, user=editor.pk)] == ["编辑建的单位"]


def test_it_filters_by_model(admin_browser, honour):
    Unit.objects.create(name="菏泽市委办公室")
    assert {e.model_name for e in entries(admin_browser, model="units.honour")} == {"荣誉称号"}


def test_it_filters_by_reason(admin_browser, editor):
    run = ImportRun.objects.create(key=uuid.uuid4())
    saved(Unit(name="导入的单位"), user=editor, reason=f"导入批次 {run.key}")
    saved(Unit(name="手工的单位"), user=editor)
    assert [e.object_repr for e in entries(admin_browser, reason=str(run.key))] == ["导入的单位"]


def test_an_end_before_the_start_is_refused(admin_browser):
    response = admin_browser.get(URL, {"start": "2024-03-05", "end": "2024-03-01"})
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_it_lists_user_management_from_the_admin_log(admin_browser, administrator, editor):
    LogEntry.objects.log_actions(
        user_id=administrator.pk,
        queryset=[editor],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["Groups"]}}],
        single_object=True,
    )
    [entry] = entries(admin_browser, model="auth.user")
    assert (entry.user, entry.object_repr, entry.action) == ("王管理", "zhao", "修改")


def test_it_pages_fifty_changes_at_a_time(admin_browser):
    Unit.objects.bulk_create([Unit(name=f"单位{i}") for i in range(51)])
    for unit in Unit.objects.all():
        saved(unit)
    response = admin_browser.get(URL, {"model": "units.unit"})
    assert (len(response.context["entries"]), response.context["page"].paginator.num_pages) == (50, 2)
    assert len(admin_browser.get(URL, {"model": "units.unit", "page": 2}).context["entries"]) == 1


def test_a_page_costs_the_same_number_of_queries_however_many_changes(
    admin_browser, honour, django_assert_max_num_queries
):
    for i in range(30):
        unit = Unit.objects.create(name=f"单位{i}")
        HonourAward.objects.create(unit=unit, honour=honour, year=2000 + i)
    with django_assert_max_num_queries(25):
        admin_browser.get(URL)


def test_the_page_escapes_what_it_shows(admin_browser):
    Unit.objects.create(name="<script>alert(1)</script>")
    content = admin_browser.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_the_csv_export_has_a_bom_chinese_headers_and_the_filtered_rows(admin_browser, editor):
    saved(Unit(name="三月的单位"), user=editor, when=at(5), reason="手工录入")
    saved(Unit(name="四月的单位"), user=editor, when=at(5) + dt.timedelta(days=30))
    response = admin_browser.get(
        reverse("audit_log_export", args=["csv"]), {"start": "2024-03-01", "end": "2024-03-31"}
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["时间", "操作人", "操作", "类型", "编号", "对象", "变更（旧 → 新）", "理由"]
    assert [(r[1], r[2], r[3], r[5], r[7]) for r in rows[1:]] == [("赵编辑", "新建", "单位", "三月的单位", "手工录入")]


def test_the_xlsx_export_holds_the_same_rows(admin_browser, editor):
    saved(Unit(name="三月的单位"), user=editor, when=at(5))
    response = admin_browser.get(reverse("audit_log_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "时间"
    assert [(r[1], r[5]) for r in rows[1:]] == [("赵编辑", "三月的单位")]


def test_an_unknown_export_format_is_not_found(admin_browser):
    assert admin_browser.get(reverse("audit_log_export", args=["pdf"])).status_code == 404


def test_an_object_with_an_empty_link_is_named_without_none(admin_browser):
    from campaigns.models import VolunteerRecord

    VolunteerRecord.objects.create(unit=Unit.objects.create(name="菏泽市文明办"), activity=None, hours=12)
    [created] = entries(admin_browser, model="campaigns.volunteerrecord")
    assert "None" not in created.object_repr and created.object_repr.startswith("菏泽市文明办")


def _contrast_on_white(hex_colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_the_action_labels_are_readable_on_white(admin_browser):
    import re

    page = admin_browser.get(URL).content.decode()
    for action in ("create", "delete"):
        colour = re.search(rf"\.action-{action} \{{ color: (#[0-9a-fA-F]{{6}})", page).group(1)
        assert _contrast_on_white(colour) >= 4.5, (action, colour)
