"""Honour names: the items of an award's object, their year, edition, level, and who they are for."""

from articles.extraction.honour_names import is_individual, level_of, parse_item, split_items


def test_split_items_reads_quotes_and_lists():
    assert split_items("山东省“青年文明号”“工人先锋号”等") == ["山东省“青年文明号”", "“工人先锋号”等"]
    assert split_items("全国文明单位、全国巾帼文明岗") == ["全国文明单位", "全国巾帼文明岗"]


def test_parse_item_takes_year_and_edition_out_of_the_name():
    item = parse_item("2019年度第三批“全国学雷锋活动示范点”称号")
    assert (item.name, item.edition, item.year) == ("全国学雷锋活动示范点", "第三批", 2019)


def test_levels_come_from_the_name():
    assert level_of("全国文明单位") == "national"
    assert level_of("河北省青年文明号") == "provincial"
    assert level_of("德州市工人先锋号") == "city"
    assert level_of("禹城市文明单位") == "county"


def test_individual_honours_are_known():
    assert is_individual("全国劳动模范") and is_individual("最美志愿者") and not is_individual("全国文明单位")
