import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.forms import modelform_factory
from django.test import Client
from django.urls import reverse

from core.locking import LOCK_FIELD, ConcurrentEditError, locking_form, save_with_version
from units.models import Honour, HonourAward, Unit

AwardForm = locking_form(modelform_factory(HonourAward, fields=["unit", "honour", "year", "edition", "status", "note"]))
HonourForm = locking_form(modelform_factory(Honour, fields=["name", "level", "category", "awarding_body"]))


@pytest.fixture
def zhang(db):
    return get_user_model().objects.create_user("zhang", first_name="张三", password="x", is_staff=True)


@pytest.fixture
def li(db):
    return get_user_model().objects.create_user("li", first_name="李四", password="x", is_staff=True)


@pytest.fixture
def award(honour):
    return HonourAward.objects.create(unit=Unit.objects.create(name="菏泽市委办公室"), honour=honour, year=2020)


def opened(form_class, instance):
    """The POST data of a change form as the editor's browser would send it back."""
    form = form_class(instance=instance)
    return {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}


def submit(form_class, instance, data, user):
    form = form_class(data, instance=type(instance).objects.get(pk=instance.pk))
    if form.is_valid():
        obj = form.save(commit=False)
        if hasattr(obj, "version"):
            save_with_version(obj, expected_version=int(form.cleaned_data[LOCK_FIELD]), user=user)
        else:
            obj._history_user = user
            obj.save()
    return form


def test_a_save_from_the_current_version_succeeds_and_bumps_it(award, zhang):
    award.edition = "第六届"
    save_with_version(award, expected_version=1, user=zhang)
    award.refresh_from_db()
    assert (award.edition, award.version) == ("第六届", 2)


def test_the_second_of_two_saves_from_the_same_version_is_refused(award, zhang, li):
    first, second = HonourAward.objects.get(pk=award.pk), HonourAward.objects.get(pk=award.pk)
    first.edition = "第六届"
    save_with_version(first, user=zhang)
    second.note = "李四的备注"
    with pytest.raises(ConcurrentEditError):
        save_with_version(second, user=li)


def test_a_refused_save_changes_nothing(award, zhang, li):
    first, second = HonourAward.objects.get(pk=award.pk), HonourAward.objects.get(pk=award.pk)
    first.edition = "第六届"
    save_with_version(first, user=zhang)
    second.note = "李四的备注"
    with pytest.raises(ConcurrentEditError):
        save_with_version(second, user=li)
    award.refresh_from_db()
    assert (award.note, award.version, award.history.count()) == ("", 2, 2)


def test_the_refusal_names_who_changed_which_field_old_to_new(award, zhang, li):
    first, second = HonourAward.objects.get(pk=award.pk), HonourAward.objects.get(pk=award.pk)
    first.year = 2021
    save_with_version(first, user=zhang, reason="核对原文")
    with pytest.raises(ConcurrentEditError) as refused:
        save_with_version(second, user=li)
    message = str(refused.value)
    assert "张三" in message
    assert "年份：2020 → 2021" in message
    assert "核对原文" in message


def test_the_second_editors_form_is_refused_with_the_first_editors_change(award, zhang, li):
    zhangs, lis = opened(AwardForm, award), opened(AwardForm, award)
    submit(AwardForm, award, {**zhangs, "edition": "第六届"}, zhang)
    form = submit(AwardForm, award, {**lis, "note": "李四的备注"}, li)
    assert not form.is_valid()
    assert "届次：（空） → 第六届" in form.non_field_errors()[0]
    assert "张三" in form.non_field_errors()[0]
    award.refresh_from_db()
    assert (award.edition, award.note) == ("第六届", "")


def test_the_first_editors_form_saves(award, zhang):
    form = submit(AwardForm, award, {**opened(AwardForm, award), "edition": "第六届"}, zhang)
    assert form.is_valid()
    award.refresh_from_db()
    assert award.edition == "第六届"


def test_saving_again_after_seeing_the_conflict_keeps_ones_own_values(award, zhang, li):
    zhangs, lis = opened(AwardForm, award), opened(AwardForm, award)
    submit(AwardForm, award, {**zhangs, "edition": "第六届"}, zhang)
    refused = submit(AwardForm, award, {**lis, "edition": "第七届"}, li)
    again = submit(AwardForm, award, dict(refused.data.items()), li)
    assert again.is_valid()
    award.refresh_from_db()
    assert award.edition == "第七届"


def test_a_form_posted_without_a_token_is_not_checked(award, zhang):
    data = {**opened(AwardForm, award), "edition": "第六届", LOCK_FIELD: ""}
    form = AwardForm(data, instance=award)
    assert form.is_valid()


def test_a_reference_model_without_version_refuses_the_second_save(honour, zhang, li):
    zhangs, lis = opened(HonourForm, honour), opened(HonourForm, honour)
    assert submit(HonourForm, honour, {**zhangs, "awarding_body": "中央文明委"}, zhang).is_valid()
    form = submit(HonourForm, honour, {**lis, "awarding_body": "中央精神文明建设指导委员会"}, li)
    assert not form.is_valid()
    assert "授予机关：（空） → 中央文明委" in form.non_field_errors()[0]
    honour.refresh_from_db()
    assert honour.awarding_body == "中央文明委"


# -- in the admin -------------------------------------------------------------------


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(response):
    """What the browser posts back from an admin change page, as it was rendered."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    for inline in response.context.get("inline_admin_formsets", ()):
        management = inline.formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
    return data


@pytest.fixture
def editors(zhang, li):
    permissions = Permission.objects.filter(content_type__app_label="units")
    zhang.user_permissions.set(permissions)
    li.user_permissions.set(permissions)
    zhang_browser, li_browser = Client(), Client()
    zhang_browser.force_login(zhang)
    li_browser.force_login(li)
    return zhang_browser, li_browser


def test_in_the_admin_the_second_save_is_refused_with_the_first_editors_change(editors, award):
    zhang_browser, li_browser = editors
    zhangs, lis = form_data(zhang_browser.get(change_url(award))), form_data(li_browser.get(change_url(award)))
    assert zhang_browser.post(change_url(award), {**zhangs, "edition": "第六届"}).status_code == 302
    refused = li_browser.post(change_url(award), {**lis, "note": "李四的备注"})
    assert refused.status_code == 200
    message = str(refused.context["adminform"].form.non_field_errors())
    assert "张三" in message and "届次：（空） → 第六届" in message
    award.refresh_from_db()
    assert (award.edition, award.note) == ("第六届", "")


def test_in_the_admin_saving_again_after_the_refusal_keeps_ones_own_values(editors, award):
    zhang_browser, li_browser = editors
    zhangs, lis = form_data(zhang_browser.get(change_url(award))), form_data(li_browser.get(change_url(award)))
    zhang_browser.post(change_url(award), {**zhangs, "edition": "第六届"})
    refused = li_browser.post(change_url(award), {**lis, "edition": "第七届"})
    assert li_browser.post(change_url(award), form_data(refused)).status_code == 302
    award.refresh_from_db()
    assert (award.edition, award.version) == ("第七届", 3)


def test_in_the_admin_a_reference_model_refuses_the_second_save(editors, honour):
    zhang_browser, li_browser = editors
    zhangs, lis = form_data(zhang_browser.get(change_url(honour))), form_data(li_browser.get(change_url(honour)))
    assert zhang_browser.post(change_url(honour), {**zhangs, "awarding_body": "中央文明委"}).status_code == 302
    refused = li_browser.post(change_url(honour), {**lis, "description": "李四的说明"})
    assert refused.status_code == 200
    assert "授予机关：（空） → 中央文明委" in str(refused.context["adminform"].form.non_field_errors())
    honour.refresh_from_db()
    assert honour.description == ""


def test_a_view_only_change_page_has_no_token_field(client, award, db):
    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["view_honouraward"]))
    client.force_login(viewer)
    response = client.get(change_url(award))
    assert response.status_code == 200
    assert LOCK_FIELD not in response.content.decode()
