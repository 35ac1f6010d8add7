from datetime import date
from decimal import Decimal

import pytest
from import_export.formats.base_formats import CSV, XLSX

from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from campaigns.resources import (
    ActivityOrganiserResource,
    ActivityResource,
    CampaignResource,
    VolunteerRecordResource,
)
from core.models import ReviewStatus
from units.models import Unit

FORMATS = [pytest.param(CSV(), id="csv"), pytest.param(XLSX(), id="xlsx")]


def import_csv(resource_class, text: str, **kwargs):
    return resource_class().import_data(CSV().create_dataset(text), **kwargs)


def messages(result) -> list[str]:
    return [message for row in result.invalid_rows for errors in row.error_dict.values() for message in errors]


@pytest.fixture
def civilisation_office(heze) -> Unit:
    return Unit.objects.create(name="菏泽市文明办", kind=Unit.Kind.PARTY_GOVERNMENT, region=heze)


# --- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_campaigns_round_trip(assert_round_trip, civilised_city, file_format):
    Campaign.objects.create(name="学雷锋志愿服务月", level=Campaign.Level.NATIONAL, start_date=date(2024, 3, 1))
    assert_round_trip(CampaignResource, file_format, lambda: Campaign.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_activities_round_trip(assert_round_trip, lei_feng_activity, civilisation_office, file_format):
    ActivityOrganiser.objects.create(activity=lei_feng_activity, unit=civilisation_office)
    Activity.objects.create(title="文明交通劝导", date=date(2024, 3, 1), date_precision="month")
    assert_round_trip(ActivityResource, file_format, lambda: Activity.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_activity_organisers_round_trip(assert_round_trip, lei_feng_activity, civilisation_office, file_format):
    ActivityOrganiser.objects.create(
        activity=lei_feng_activity, unit=civilisation_office, role=ActivityOrganiser.Role.CO_HOST
    )
    assert_round_trip(ActivityOrganiserResource, file_format, lambda: ActivityOrganiser.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_volunteer_records_round_trip(assert_round_trip, party_office_volunteering, civilisation_office, file_format):
    VolunteerRecord.objects.create(unit=civilisation_office, hours=Decimal("36"), approximate=False)
    assert_round_trip(VolunteerRecordResource, file_format, lambda: VolunteerRecord.objects.all().delete())


def test_rows_added_after_an_import_with_ids_get_fresh_ids(lei_feng_activity):
    # PostgreSQL keeps a sequence per table; importing rows with their 编号 must move it on.
    dataset = ActivityResource().export()
    Activity.objects.all().delete()
    ActivityResource().import_data(dataset)

    added = Activity.objects.create(title="新时代文明实践活动")

    assert added.pk > lei_feng_activity.pk


# --- the sheet a person makes ------------------------------------------------------------


def test_organisers_are_read_from_one_cell_as_hosts(party_office, civilisation_office):
    sheet = "名称,日期,类型,组织单位\n学雷锋志愿服务进社区,2024/3/5,志愿服务,菏泽市委办公室、菏泽市文明办\n"

    result = import_csv(ActivityResource, sheet)

    assert not result.has_validation_errors(), messages(result)
    activity = Activity.objects.get()
    assert activity.date == date(2024, 3, 5)
    assert activity.review_status == ReviewStatus.ACCEPTED
    roles = {(role.unit.name, role.role) for role in activity.organiser_roles.all()}
    assert roles == {("菏泽市委办公室", "host"), ("菏泽市文明办", "host")}


def test_organisers_are_exported_in_one_cell(lei_feng_activity, civilisation_office):
    ActivityOrganiser.objects.create(activity=lei_feng_activity, unit=civilisation_office)
    row = ActivityResource().export().dict[0]
    assert row["组织单位"] == "菏泽市委办公室、菏泽市文明办"


def test_reimporting_an_activity_keeps_the_roles_of_its_organisers(lei_feng_activity, civilisation_office):
    ActivityOrganiser.objects.create(
        activity=lei_feng_activity, unit=civilisation_office, role=ActivityOrganiser.Role.EXECUTOR
    )
    dataset = ActivityResource().export()

    ActivityResource().import_data(dataset)

    assert ActivityOrganiser.objects.get(unit=civilisation_office).role == ActivityOrganiser.Role.EXECUTOR


def test_an_unknown_organiser_is_a_row_error_and_changes_nothing(party_office):
    sheet = "名称,组织单位\n学雷锋志愿服务进社区,菏泽市委办公室、菏泽市不存在局\n"

    result = import_csv(ActivityResource, sheet)

    assert result.has_validation_errors()
    assert any("“菏泽市不存在局”" in message for message in messages(result))
    assert not Activity.objects.exists()


def test_a_hand_made_volunteer_sheet_imports(party_office):
    sheet = (
        "单位,服务时长（小时）,服务人次,统计起始,统计截止,统计期间（原文）,约数\n"
        "菏泽市委办公室,1200.5,520,2023年1月1日,2023-12-31,去年以来,是\n"
    )

    result = import_csv(VolunteerRecordResource, sheet)

    assert not result.has_validation_errors(), messages(result)
    record = VolunteerRecord.objects.get()
    assert record.hours == Decimal("1200.5")
    assert record.period_start == date(2023, 1, 1)
    assert record.approximate is True
    assert record.review_status == ReviewStatus.ACCEPTED


def test_a_volunteer_row_for_an_unknown_unit_is_a_row_error(db):
    result = import_csv(VolunteerRecordResource, "单位,服务人次\n菏泽市不存在局,30\n")

    assert any("找不到单位“菏泽市不存在局”" in message for message in messages(result))
    assert not VolunteerRecord.objects.exists()


def test_a_volunteer_row_without_any_figure_is_a_row_error(party_office):
    result = import_csv(VolunteerRecordResource, "单位,统计期间（原文）\n菏泽市委办公室,去年以来\n")

    assert result.has_validation_errors()
    assert not VolunteerRecord.objects.exists()


def test_an_unreadable_date_is_a_row_error(db):
    result = import_csv(CampaignResource, "名称,开始日期\n创建全国文明城市,三月初\n")

    assert any("无法识别日期“三月初”" in message for message in messages(result))
    assert not Campaign.objects.exists()


def test_an_organiser_row_names_its_activity_by_id(lei_feng_activity, civilisation_office):
    sheet = f"活动编号,单位,角色\n{lei_feng_activity.pk},菏泽市文明办,承办\n"

    result = import_csv(ActivityOrganiserResource, sheet)

    assert not result.has_validation_errors(), messages(result)
    assert ActivityOrganiser.objects.get(unit=civilisation_office).role == ActivityOrganiser.Role.EXECUTOR


def test_an_organiser_row_for_a_missing_activity_is_a_row_error(civilisation_office):
    result = import_csv(ActivityOrganiserResource, "活动编号,单位,角色\n999,菏泽市文明办,主办\n")

    assert any("找不到活动" in message for message in messages(result))
    assert not ActivityOrganiser.objects.exists()


# --- numbers as people type them ---------------------------------------------------------


def errors_by_column(result) -> dict[str, list[str]]:
    return {column: list(errors) for row in result.invalid_rows for column, errors in row.error_dict.items()}


def test_hours_in_words_are_a_row_error_under_the_hours_column(party_office):
    result = import_csv(VolunteerRecordResource, "单位,服务时长（小时）\n菏泽市委办公室,很多\n")

    assert errors_by_column(result) == {"服务时长（小时）": ["“很多”不是数字，请只填阿拉伯数字，如 120 或 12.5"]}
    assert not VolunteerRecord.objects.exists()


@pytest.mark.parametrize("hours", ["-5", "−5"])
def test_negative_hours_are_a_row_error_under_the_hours_column(party_office, hours):
    result = import_csv(VolunteerRecordResource, f"单位,服务时长（小时）\n菏泽市委办公室,{hours}\n")

    assert errors_by_column(result) == {"服务时长（小时）": ["-5是负数，此列不能为负数"]}
    assert not VolunteerRecord.objects.exists()


def test_hours_beyond_ten_million_are_a_row_error_under_the_hours_column(party_office):
    result = import_csv(VolunteerRecordResource, "单位,服务时长（小时）\n菏泽市委办公室,1000000000000\n")

    assert errors_by_column(result) == {"服务时长（小时）": ["1,000,000,000,000超过了合理上限10,000,000，请核对"]}


def test_ten_million_hours_are_still_accepted(party_office):
    result = import_csv(VolunteerRecordResource, "单位,服务时长（小时）\n菏泽市委办公室,10000000\n")

    assert not result.has_validation_errors(), messages(result)
    assert VolunteerRecord.objects.get().hours == Decimal("10000000")


def test_full_width_digits_and_thousands_separators_are_read(party_office):
    result = import_csv(VolunteerRecordResource, '单位,服务时长（小时）,服务人次\n菏泽市委办公室,"1,200.5",５２０\n')

    assert not result.has_validation_errors(), messages(result)
    record = VolunteerRecord.objects.get()
    assert (record.hours, record.person_times) == (Decimal("1200.5"), 520)


def test_negative_person_times_are_a_row_error(party_office):
    result = import_csv(VolunteerRecordResource, "单位,服务人次,志愿者人数\n菏泽市委办公室,-3,-1\n")

    assert errors_by_column(result) == {
        "服务人次": ["-3是负数，此列不能为负数"],
        "志愿者人数": ["-1是负数，此列不能为负数"],
    }


def test_a_fraction_of_a_volunteer_is_a_row_error(party_office):
    result = import_csv(VolunteerRecordResource, "单位,志愿者人数\n菏泽市委办公室,12.5\n")

    assert errors_by_column(result) == {"志愿者人数": ["12.5不是整数，此列应填整数，如 300"]}


# --- sheets that are not ours ------------------------------------------------------------


def test_a_sheet_with_none_of_the_columns_is_refused_naming_the_expected_headers(party_office):
    result = import_csv(VolunteerRecordResource, "名字,数量,日期\n菏泽市委办公室,120,2024-01-01\n")

    assert result.has_errors()
    (error,) = result.base_errors
    assert "第一行没有一个可识别的列名（现有：“名字”、“数量”、“日期”）" in str(error.error)
    assert "单位、活动编号、服务时长（小时）、服务人次" in str(error.error)
    assert error.traceback == ""
    assert not VolunteerRecord.objects.exists()


def test_headers_with_blanks_around_them_are_read(party_office):
    result = import_csv(VolunteerRecordResource, " 单位 ,服务时长（小时） \n菏泽市委办公室,36\n")

    assert not result.has_errors() and not result.has_validation_errors(), messages(result)
    assert VolunteerRecord.objects.get().hours == Decimal("36")


def test_a_sheet_of_export_only_columns_is_refused(party_office):
    result = import_csv(VolunteerRecordResource, "活动名称\n学雷锋志愿服务\n")

    assert "第一行没有一个可识别的列名（现有：“活动名称”）" in str(result.base_errors[0].error)
