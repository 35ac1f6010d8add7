import pytest

from core.models import ReviewStatus
from curation.duplicates import (
    REASON_CONTAINS,
    REASON_SAME_NAME,
    REASON_SHARED_ALIAS,
    _RegionIndex,
    normalise_unit_name,
    unit_possible_duplicates,
)
from units.models import Region, Unit, UnitAlias


@pytest.fixture
def regions(db):
    shandong = Region.objects.create(name="山东省", full_name="山东省", level=Region.Level.PROVINCE)
    heze = Region.objects.create(
        name="菏泽市", full_name="山东省菏泽市", level=Region.Level.PREFECTURE, parent=shandong
    )
    jinan = Region.objects.create(
        name="济南市", full_name="山东省济南市", level=Region.Level.PREFECTURE, parent=shandong
    )
    mudan = Region.objects.create(name="牡丹区", full_name="山东省菏泽市牡丹区", level=Region.Level.COUNTY, parent=heze)
    return {"山东": shandong, "菏泽": heze, "济南": jinan, "牡丹": mudan}


def pair_names(pairs):
    return {frozenset((p.first.name, p.second.name)): p.reasons for p in pairs}


def normalised(name, region):
    return normalise_unit_name(name, region.pk if region else None, _RegionIndex())


@pytest.mark.parametrize(
    "name",
    ["菏泽市委办公室", "市委办公室", "中共菏泽市委办公室", "山东省菏泽市委办公室", "中国共产党菏泽市委办公室"],
)
def test_the_city_committee_office_normalises_to_one_name(regions, name):
    assert normalised(name, regions["菏泽"]) == ("市委办公室", regions["菏泽"].pk)


def test_peoples_is_dropped_from_procuratorates(regions):
    assert normalised("菏泽市人民检察院", regions["菏泽"])[0] == normalised("市检察院", regions["菏泽"])[0]


def test_a_district_in_the_name_places_the_unit_in_the_district(regions):
    assert normalised("牡丹区人民法院", regions["菏泽"]) == ("区法院", regions["牡丹"].pk)


def test_a_unit_without_region_gets_the_region_its_name_starts_with(regions):
    assert normalised("菏泽市公安局", None) == ("市公安局", regions["菏泽"].pk)


def test_it_pairs_units_with_the_same_name_after_region_normalisation(regions):
    Unit.objects.create(name="菏泽市委办公室", region=regions["菏泽"])
    Unit.objects.create(name="中共菏泽市委办公室", region=regions["菏泽"])
    Unit.objects.create(name="市委办公室", region=regions["菏泽"])
    pairs = pair_names(unit_possible_duplicates())
    assert set(pairs) == {
        frozenset({"菏泽市委办公室", "中共菏泽市委办公室"}),
        frozenset({"菏泽市委办公室", "市委办公室"}),
        frozenset({"中共菏泽市委办公室", "市委办公室"}),
    }
    assert all(REASON_SAME_NAME in reasons for reasons in pairs.values())


def test_the_same_short_name_in_two_cities_is_not_a_duplicate(regions):
    Unit.objects.create(name="菏泽市委办公室", region=regions["菏泽"])
    Unit.objects.create(name="济南市委办公室", region=regions["济南"])
    assert unit_possible_duplicates() == []


def test_it_pairs_a_name_contained_in_another_in_the_same_region(regions):
    Unit.objects.create(name="菏泽市住房公积金", region=regions["菏泽"])
    Unit.objects.create(name="菏泽市住房公积金管理中心", region=regions["菏泽"])
    pairs = pair_names(unit_possible_duplicates())
    assert pairs == {frozenset({"菏泽市住房公积金", "菏泽市住房公积金管理中心"}): [REASON_CONTAINS]}


def test_a_child_unit_inside_its_parents_name_is_not_a_duplicate(regions):
    parent = Unit.objects.create(name="菏泽市公安局", region=regions["菏泽"])
    Unit.objects.create(name="菏泽市公安局交通警察支队", region=regions["菏泽"], parent=parent)
    assert unit_possible_duplicates() == []


def test_short_contained_names_do_not_count(regions):
    Unit.objects.create(name="市委", region=regions["菏泽"])
    Unit.objects.create(name="市委宣传部", region=regions["菏泽"])
    assert unit_possible_duplicates() == []


def test_it_pairs_units_sharing_an_alias(regions):
    first = Unit.objects.create(name="菏泽市文明办", region=regions["菏泽"])
    second = Unit.objects.create(name="菏泽市精神文明建设委员会办公室", region=regions["菏泽"])
    UnitAlias.objects.create(unit=first, name="市文明办")
    UnitAlias.objects.create(unit=second, name="市文明办")
    [pair] = unit_possible_duplicates()
    assert (pair.reasons, pair.shared_names) == ([REASON_SHARED_ALIAS], ["市文明办"])


def test_it_pairs_a_unit_whose_alias_is_another_units_name(regions):
    first = Unit.objects.create(name="菏泽市文明办", region=regions["菏泽"])
    Unit.objects.create(name="菏泽市精神文明建设委员会办公室", region=regions["菏泽"])
    UnitAlias.objects.create(unit=first, name="菏泽市精神文明建设委员会办公室")
    assert REASON_SHARED_ALIAS in unit_possible_duplicates()[0].reasons


def test_a_rejected_alias_does_not_make_a_pair(regions):
    first = Unit.objects.create(name="菏泽市文明办", region=regions["菏泽"])
    second = Unit.objects.create(name="菏泽市精神文明建设委员会办公室", region=regions["菏泽"])
    UnitAlias.objects.create(unit=first, name="市文明办")
    UnitAlias.objects.create(unit=second, name="市文明办", review_status=ReviewStatus.REJECTED)
    assert unit_possible_duplicates() == []


def test_a_rejected_unit_is_left_out(regions):
    Unit.objects.create(name="菏泽市委办公室", region=regions["菏泽"])
    Unit.objects.create(name="市委办公室", region=regions["菏泽"], review_status=ReviewStatus.REJECTED)
    assert unit_possible_duplicates() == []


def test_a_pair_found_for_several_reasons_is_listed_once(regions):
    first = Unit.objects.create(name="菏泽市委办公室", region=regions["菏泽"])
    second = Unit.objects.create(name="中共菏泽市委办公室", region=regions["菏泽"])
    UnitAlias.objects.create(unit=first, name="市委办")
    UnitAlias.objects.create(unit=second, name="市委办")
    [pair] = unit_possible_duplicates()
    assert set(pair.reasons) == {REASON_SAME_NAME, REASON_SHARED_ALIAS}


def test_the_number_of_queries_does_not_grow_with_the_units(regions, django_assert_max_num_queries):
    Unit.objects.bulk_create(
        [Unit(name=f"菏泽市第{i}中学", region=regions["菏泽"]) for i in range(200)]
        + [Unit(name=f"中共菏泽市第{i}中学", region=regions["菏泽"]) for i in range(200)]
    )
    with django_assert_max_num_queries(6):
        pairs = unit_possible_duplicates()
    assert len(pairs) >= 200


def test_a_unit_is_not_paired_with_its_named_sub_unit(regions):
    Unit.objects.create(name="菏泽市政府办公室", region=regions["菏泽"])
    Unit.objects.create(name="菏泽市政府办公室市长公开电话受理中心接话大厅", region=regions["菏泽"])
    assert pair_names(unit_possible_duplicates()) == {}


def test_the_full_and_the_usual_short_form_of_a_government_office_are_paired(regions):
    Unit.objects.create(name="菏泽市政府办公室", region=regions["菏泽"])
    Unit.objects.create(name="菏泽市人民政府办公室", region=regions["菏泽"])
    assert frozenset(("菏泽市政府办公室", "菏泽市人民政府办公室")) in pair_names(unit_possible_duplicates())


def test_a_bureau_under_its_short_and_its_full_name_is_paired(regions):
    Unit.objects.create(name="菏泽市市场监管局", region=regions["菏泽"])
    Unit.objects.create(name="菏泽市市场监督管理局", region=regions["菏泽"])
    assert frozenset(("菏泽市市场监管局", "菏泽市市场监督管理局")) in pair_names(unit_possible_duplicates())
