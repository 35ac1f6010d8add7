from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.admin import RELATED_SHOWN
from campaigns.models import Activity, VolunteerRecord
from core.models import ReviewStatus
from tests.helpers import admin_url, organised_activities, queries_for
from units.models import Honour, HonourAward, Unit, UnitAlias


def test_a_unit_is_found_by_its_alias(admin_client, party_office_alias):
    response = admin_client.get(admin_url(Unit, "changelist"), {"q": "市委办公室"})
    assert list(response.context["cl"].result_list) == [party_office_alias.unit]


def test_autocomplete_finds_units_by_a_chinese_substring(admin_client, party_office, hotline_centre):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "units", "model_name": "honouraward", "field_name": "unit", "term": "电话"},
    )
    assert [result["text"] for result in response.json()["results"]] == ["菏泽市市长公开电话受理中心"]


def test_the_unit_page_edits_aliases_and_awards_inline(admin_client, ledger, party_office):
    response = admin_client.get(admin_url(Unit, "change", party_office.pk))

    shown = {
        formset.opts.model._meta.model_name: formset.formset.queryset.count()
        for formset in response.context["inline_admin_formsets"]
    }
    assert shown == {"unitalias": 1, "honouraward": 1}


def test_the_unit_page_links_to_all_its_activities_with_their_count(admin_client, party_office):
    organised_activities(party_office, 2)

    page = admin_client.get(admin_url(Unit, "change", party_office.pk)).content.decode()

    activities = admin_url(Activity, "changelist") + f"?organisers__id__exact={party_office.pk}"
    assert f'<a href="{activities}">该单位的全部活动（2 条）→</a>' in page


def test_the_unit_page_links_to_all_its_volunteer_records_with_their_count(admin_client, party_office):
    organised_activities(party_office, 3)

    page = admin_client.get(admin_url(Unit, "change", party_office.pk)).content.decode()

    records = admin_url(VolunteerRecord, "changelist") + f"?unit__id__exact={party_office.pk}"
    assert f'<a href="{records}">该单位的全部志愿服务记录（3 条）→</a>' in page


def test_the_unit_page_lists_only_its_latest_activities(admin_client, party_office):
    activities = organised_activities(party_office, RELATED_SHOWN + 2)

    page = admin_client.get(admin_url(Unit, "change", party_office.pk)).content.decode()

    assert activities[-1].title in page
    assert activities[0].title not in page


def test_the_links_from_the_unit_page_list_its_activities_and_records(admin_client, party_office, hotline_centre):
    ours = organised_activities(party_office, 2)
    organised_activities(hotline_centre, 1, first_title="别家活动")

    activities = admin_client.get(admin_url(Activity, "changelist"), {"organisers__id__exact": party_office.pk})
    records = admin_client.get(admin_url(VolunteerRecord, "changelist"), {"unit__id__exact": party_office.pk})

    assert set(activities.context["cl"].result_list) == set(ours)
    assert {record.activity for record in records.context["cl"].result_list} == set(ours)


def _like(unit: Unit) -> Unit:
    """Another unit with the same related fields set (each costs the form a query)."""
    return Unit.objects.create(name=f"{unit.name}（二）", kind=unit.kind, region=unit.region)


def test_the_unit_page_query_count_does_not_grow_with_its_activities(admin_client, party_office):
    busy = _like(party_office)
    organised_activities(party_office, 1)
    organised_activities(busy, RELATED_SHOWN + 5)

    assert queries_for(admin_client, admin_url(Unit, "change", busy.pk)) == queries_for(
        admin_client, admin_url(Unit, "change", party_office.pk)
    )


def test_the_unit_page_query_count_does_not_grow_with_its_awards(admin_client, party_office):
    busy = _like(party_office)
    honours = [
        Honour.objects.create(name=name, level=Honour.Level.NATIONAL, category=Honour.Category.CIVILISED_UNIT)
        for name in ("全国文明单位", "青年文明号", "巾帼文明岗")
    ]
    HonourAward.objects.create(unit=party_office, honour=honours[0], year=2020)
    for honour in honours:
        HonourAward.objects.create(unit=busy, honour=honour, year=2021)

    assert queries_for(admin_client, admin_url(Unit, "change", busy.pk)) == queries_for(
        admin_client, admin_url(Unit, "change", party_office.pk)
    )


def test_the_award_rows_show_their_honour(admin_client, party_office_award):
    page = admin_client.get(admin_url(Unit, "change", party_office_award.unit_id)).content.decode()
    assert f'<option value="{party_office_award.honour_id}" selected>全国文明单位</option>' in page


def test_the_unit_change_page_links_to_its_history(admin_client, party_office):
    response = admin_client.get(admin_url(Unit, "change", party_office.pk))
    assert admin_url(Unit, "history", party_office.pk) in response.content.decode()


def test_the_history_page_lists_the_changes(admin_client, party_office):
    party_office.short_name = "市委办公室"
    party_office.save()

    response = admin_client.get(admin_url(Unit, "history", party_office.pk))

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 2


def test_a_change_made_in_the_admin_is_recorded_with_its_author(admin_client, admin_user, party_office_award):
    response = admin_client.post(
        admin_url(HonourAward, "change", party_office_award.pk),
        {
            "unit": party_office_award.unit_id,
            "honour": party_office_award.honour_id,
            "year": 2020,
            "edition": "第六届",
            "date_precision": "year",
            "status": HonourAward.Status.CONFIRMED,
            "note": "",
            "review_status": ReviewStatus.ACCEPTED,
            "review_note": "",
        },
    )

    assert response.status_code == 302
    assert party_office_award.history.latest().history_user == admin_user


def test_provenance_cannot_be_changed_from_the_form(admin_client, party_office_award, reviewer):
    admin_client.post(
        admin_url(HonourAward, "change", party_office_award.pk),
        {
            "unit": party_office_award.unit_id,
            "honour": party_office_award.honour_id,
            "year": 2020,
            "status": HonourAward.Status.AWARDED,
            "review_status": ReviewStatus.ACCEPTED,
            "article": "",
            "evidence": "改过的原句",
            "reviewed_by": "",
        },
    )

    party_office_award.refresh_from_db()
    assert party_office_award.article is not None
    assert party_office_award.evidence == "市委办公室先后荣获全国文明单位等称号。"
    assert party_office_award.reviewed_by == reviewer


def test_an_extracted_record_links_to_its_article_in_the_list(admin_client, party_office_alias):
    response = admin_client.get(admin_url(UnitAlias, "changelist"))
    assert reverse("admin:articles_article_change", args=[party_office_alias.article_id]) in response.content.decode()


def test_an_extracted_record_links_to_its_article_on_its_page(admin_client, party_office_alias):
    response = admin_client.get(admin_url(UnitAlias, "change", party_office_alias.pk))

    page = response.content.decode()
    assert reverse("admin:articles_article_change", args=[party_office_alias.article_id]) in page
    assert "市委办公室先后荣获全国文明单位等称号。" in page


def test_a_record_typed_in_by_hand_says_so_instead_of_linking(admin_client, party_office):
    response = admin_client.get(admin_url(Unit, "changelist"))
    assert "手工录入" in response.content.decode()


def test_the_changelist_offers_import_and_export(admin_client, party_office):
    page = admin_client.get(admin_url(Unit, "changelist")).content.decode()
    assert admin_url(Unit, "import") in page
    assert admin_url(Unit, "export") in page


def test_an_admin_import_runs_dry_then_imports_on_confirmation(admin_client, heze):
    # Excel's "CSV UTF-8" starts the file with a byte order mark.
    sheet = "\ufeff单位全称,类型,所属地区\n菏泽市文明办,党政机关,山东省菏泽市\n".encode()
    upload = SimpleUploadedFile("单位.csv", sheet, content_type="text/csv")

    dry_run = admin_client.post(admin_url(Unit, "import"), {"resource": "0", "format": "0", "import_file": upload})

    assert not Unit.objects.exists()
    confirm = dry_run.context["confirm_form"]
    response = admin_client.post(admin_url(Unit, "process_import"), confirm.initial)
    assert response.status_code == 302
    assert Unit.objects.get().name == "菏泽市文明办"


def test_an_admin_import_with_an_unknown_unit_shows_the_row_error_and_offers_no_confirmation(
    admin_client, civilised_unit
):
    upload = SimpleUploadedFile("荣誉.csv", "单位,荣誉称号,年份\n菏泽市不存在局,全国文明单位,2020\n".encode())

    response = admin_client.post(
        admin_url(HonourAward, "import"), {"resource": "0", "format": "0", "import_file": upload}
    )

    assert "找不到单位“菏泽市不存在局”" in response.content.decode()
    assert "confirm_form" not in response.context
    assert not HonourAward.objects.exists()


def test_an_admin_export_has_chinese_headers(admin_client, party_office):
    response = admin_client.post(admin_url(Unit, "export"), {"format": "0", "resource": "0", "unitresource_name": "on"})

    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[:2] == ["单位全称", "菏泽市委办公室"]


def test_the_award_search_finds_an_award_by_its_units_short_name(admin_client, party_office_award):
    response = admin_client.get(admin_url(HonourAward, "changelist"), {"q": "市委办"})
    assert list(response.context["cl"].result_list) == [party_office_award]
