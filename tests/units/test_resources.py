import pytest
from import_export.formats.base_formats import CSV, XLSX

from core.models import ReviewStatus
from units.models import Honour, HonourAward, Region, Unit, UnitAlias
from units.resources import (
    HonourAwardResource,
    HonourResource,
    RegionResource,
    UnitAliasResource,
    UnitResource,
    parents_first,
)

FORMATS = [pytest.param(CSV(), id="csv"), pytest.param(XLSX(), id="xlsx")]


def import_csv(resource_class, text: str, **kwargs):
    return resource_class().import_data(CSV().create_dataset(text), **kwargs)


def row_errors(result) -> dict[int, list[str]]:
    return {
        row.number: [message for messages in row.error_dict.values() for message in messages]
        for row in result.invalid_rows
    }


# --- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_regions_round_trip(assert_round_trip, heze, file_format):
    Region.objects.create(name="牡丹区", full_name="山东省菏泽市牡丹区", level=Region.Level.COUNTY, parent=heze)

    def empty_table():
        for region in reversed(parents_first(list(Region.objects.all()))):
            region.delete()

    assert_round_trip(RegionResource, file_format, empty_table)


@pytest.mark.parametrize("file_format", FORMATS)
def test_units_round_trip(assert_round_trip, party_office, hotline_centre, article, file_format):
    Unit.objects.filter(pk=party_office.pk).update(
        article=article, evidence="市委办公室", evidence_start=1, evidence_end=6, review_status=ReviewStatus.PENDING
    )
    assert_round_trip(UnitResource, file_format, lambda: Unit.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_unit_aliases_round_trip(assert_round_trip, party_office_alias, file_format):
    UnitAlias.objects.create(unit=party_office_alias.unit, name="中共菏泽市委办公室")
    assert_round_trip(UnitAliasResource, file_format, lambda: UnitAlias.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_honours_round_trip(assert_round_trip, civilised_unit, file_format):
    Honour.objects.create(
        name="全国青年文明号", level=Honour.Level.NATIONAL, category=Honour.Category.YOUTH_CIVILISATION
    )
    assert_round_trip(HonourResource, file_format, lambda: Honour.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_honour_awards_round_trip(assert_round_trip, party_office_award, file_format):
    # A mention without a year is keyed on (unit, honour, no year).
    HonourAward.objects.create(unit=party_office_award.unit, honour=party_office_award.honour, year=None)
    assert_round_trip(HonourAwardResource, file_format, lambda: HonourAward.objects.all().delete())


def test_the_export_lists_parents_before_their_children(hotline_centre):
    dataset = UnitResource().export()
    names = dataset["单位全称"]
    assert names.index("菏泽市政府办公室") < names.index("菏泽市市长公开电话受理中心")


def test_parents_first_puts_every_parent_before_its_children(heze):
    county = Region.objects.create(
        name="牡丹区", full_name="山东省菏泽市牡丹区", level=Region.Level.COUNTY, parent=heze
    )
    province = heze.parent
    ordered = parents_first([county, heze, province])
    assert ordered == [province, heze, county]


# --- the sheet a person makes ------------------------------------------------------------


def test_the_export_has_chinese_headers_and_choice_labels(party_office):
    dataset = UnitResource().export()
    assert dataset.headers[:5] == ["单位全称", "简称", "类型", "所属地区", "上级单位"]
    assert dataset.dict[0]["类型"] == "党政机关"
    assert dataset.dict[0]["所属地区"] == "山东省菏泽市"
    assert dataset.dict[0]["审核状态"] == "已采纳"


def test_a_hand_made_unit_sheet_with_chinese_headers_imports(heze):
    sheet = (
        "单位全称,简称,类型,所属地区,上级单位\n"
        "菏泽市政府办公室,市政府办,党政机关,山东省菏泽市,\n"
        " 菏泽市市长公开电话受理中心 ,,public_institution,山东省菏泽市,菏泽市政府办公室\n"
    )
    result = import_csv(UnitResource, sheet)

    assert not result.has_errors() and not result.has_validation_errors(), row_errors(result)
    centre = Unit.objects.get(name="菏泽市市长公开电话受理中心")
    assert centre.kind == Unit.Kind.PUBLIC_INSTITUTION
    assert centre.parent.name == "菏泽市政府办公室"
    assert centre.region == heze


def test_records_imported_by_hand_are_accepted(party_office, civilised_unit):
    result = import_csv(HonourAwardResource, "单位,荣誉称号,年份\n菏泽市委办公室,全国文明单位,2020\n")

    assert not result.has_validation_errors(), row_errors(result)
    award = HonourAward.objects.get()
    assert award.review_status == ReviewStatus.ACCEPTED
    assert award.article is None
    assert award.status == HonourAward.Status.AWARDED


def test_reimporting_a_hand_made_sheet_updates_instead_of_duplicating(party_office, civilised_unit):
    import_csv(HonourAwardResource, "单位,荣誉称号,年份,届次\n菏泽市委办公室,全国文明单位,2020,第六届\n")
    result = import_csv(
        HonourAwardResource, "单位,荣誉称号,年份,届次,状态,备注\n菏泽市委办公室,全国文明单位,2020,第六届,命名,补录\n"
    )

    assert result.totals["update"] == 1
    award = HonourAward.objects.get()
    assert award.note == "补录"


def test_another_event_of_the_same_year_is_added_to_the_holding(party_office, civilised_unit):
    import_csv(HonourAwardResource, "单位,荣誉称号,年份\n菏泽市委办公室,全国文明单位,2020\n")
    import_csv(HonourAwardResource, "单位,荣誉称号,年份,状态\n菏泽市委办公室,全国文明单位,2020,黄牌警告\n")

    assert sorted(HonourAward.objects.values_list("status", flat=True)) == ["awarded", "warned"]


def test_an_unchanged_row_is_skipped_on_reimport(party_office, civilised_unit):
    sheet = "单位,荣誉称号,年份\n菏泽市委办公室,全国文明单位,2020\n"
    import_csv(HonourAwardResource, sheet)
    result = import_csv(HonourAwardResource, sheet)
    assert result.totals["skip"] == 1


def test_a_row_naming_an_unknown_unit_is_a_row_error_and_changes_nothing(party_office, civilised_unit):
    sheet = "单位,荣誉称号,年份\n菏泽市委办公室,全国文明单位,2020\n菏泽市不存在局,全国文明单位,2021\n"

    result = import_csv(HonourAwardResource, sheet)

    assert result.has_validation_errors()
    errors = row_errors(result)
    assert list(errors) == [2]
    assert any("找不到单位“菏泽市不存在局”" in message for message in errors[2])
    assert not HonourAward.objects.exists()
    assert not Unit.objects.filter(name="菏泽市不存在局").exists()


def test_the_row_error_names_the_column_at_fault(party_office, civilised_unit):
    result = import_csv(HonourAwardResource, "单位,荣誉称号,年份\n菏泽市不存在局,全国文明单位,2021\n")
    assert "单位" in result.invalid_rows[0].error_dict


def test_an_unknown_choice_is_a_row_error_listing_the_choices(heze):
    result = import_csv(UnitResource, "单位全称,类型\n菏泽市某某局,机关单位\n")

    message = row_errors(result)[1][0]
    assert "“机关单位”不是可选的值" in message
    assert "党政机关" in message
    assert not Unit.objects.exists()


def test_a_missing_required_value_is_a_row_error(db):
    result = import_csv(HonourResource, "称号,级别,类别\n全国文明单位,,文明单位\n")

    assert result.invalid_rows[0].error_dict.keys() == {"级别"}
    assert not Honour.objects.exists()


def test_honour_aliases_are_read_from_one_cell(db):
    import_csv(
        HonourResource, "称号,其他写法,级别,类别\n全国文明单位,全国文明单位称号、全国文明单位标兵,国家级,文明单位\n"
    )
    assert Honour.objects.get().aliases == ["全国文明单位称号", "全国文明单位标兵"]


def test_an_alias_of_an_unknown_unit_is_not_created(db):
    result = import_csv(UnitAliasResource, "单位,别名\n菏泽市不存在局,不存在局\n")

    assert result.has_validation_errors()
    assert not UnitAlias.objects.exists()
    assert not Unit.objects.exists()


def test_a_unit_sheet_without_the_name_column_is_refused(db):
    result = import_csv(UnitResource, "简称,类型\n文明办,党政机关\n")

    assert result.has_errors()
    assert "缺少用于识别记录的列：单位全称" in str(result.base_errors[0].error)
    assert not Unit.objects.exists()


def test_an_implausible_award_year_is_a_row_error(party_office, civilised_unit):
    result = import_csv(HonourAwardResource, f"单位,荣誉称号,年份\n{party_office.name},{civilised_unit.name},20240\n")

    assert row_errors(result) == {1: ["20,240超过了合理上限2,100，请核对"]}
    assert not HonourAward.objects.exists()


# --- text a spreadsheet would run as a formula -----------------------------------------


@pytest.fixture
def formula_unit(db):
    return Unit.objects.create(name='=HYPERLINK("http://evil.example/","点我")', short_name="@SUM(1)", note="+1+1")


def test_text_starting_like_a_formula_is_exported_with_an_apostrophe(formula_unit):
    row = UnitResource().export().dict[0]

    assert (row["单位全称"], row["简称"], row["备注"]) == (
        '\'=HYPERLINK("http://evil.example/","点我")',
        "'@SUM(1)",
        "'+1+1",
    )


@pytest.mark.parametrize("file_format", FORMATS)
def test_text_starting_like_a_formula_round_trips(assert_round_trip, formula_unit, file_format):
    assert_round_trip(UnitResource, file_format, lambda: Unit.objects.all().delete())
