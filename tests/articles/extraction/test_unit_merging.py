"""One unit, one name, per page: which names are one unit's."""

from articles.extraction.unit_merging import abbreviates, same_unit_under_places


def test_abbreviation_allows_only_dropped_connectors():
    assert abbreviates("市机关工委", "市委市直机关工委")
    assert abbreviates("陕煤黄陵矿业", "陕煤集团黄陵矿业")
    assert not abbreviates("第一中学", "第一实验中学")


def test_departments_of_a_city_and_of_its_district_stay_two_units():
    assert not same_unit_under_places("德州市教育局", "德州市德城区教育局")
    assert not same_unit_under_places("神头镇前孙村", "郑家寨镇前孙村")
