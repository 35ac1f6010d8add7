"""Units on a page: registered units, telling actors from bystanders, one name per unit."""

from articles.extraction import Lexicon, RegisteredUnit

from .conftest import all_of, unit_forms, unit_names

# ---------------------------------------------------------------- registry


def test_a_registered_unit_is_found_and_not_duplicated(extract):
    lexicon = Lexicon.from_files().with_units((RegisteredUnit("聊城市公安局交通警察支队", ("市交警支队",)),))
    page = extract(
        "文明出行\n\n近日，市交警支队开展文明交通志愿服务活动。聊城市公安局交通警察支队组织民警走进校园宣传。\n",
        lexicon=lexicon,
    )
    assert unit_names(page) == {"聊城市公安局交通警察支队"}


# ---------------------------------------------------------------- who counts as a unit


PAGE = (
    "文明花开别样红\n\n——聊城市委办公室推进文明单位创建纪实\n\n"
    "近年来，市委办公室坚持把文明创建作为重要工作，各项工作取得新成效。\n\n"
    "“我们不断丰富学习形式。”市委办公室副主任、市档案局局长赵刚说。\n\n"
    "张华是聊城振华机械有限公司的一名员工，也是一名志愿者。\n\n"
    "该办组织党员到光明路幸福养老院开展志愿服务，在东昌湖广场开展宣传。\n\n"
    "记者 周明远\n"
)


def test_a_unit_that_acts_is_recorded_with_its_forms(extract):
    page = extract(PAGE)
    assert "聊城市委办公室" in unit_names(page)
    assert "市委办公室" in unit_forms(page)


def test_a_workplace_of_a_person_is_not_a_unit(extract):
    names = unit_names(extract(PAGE))
    assert "聊城振华机械有限公司" not in names and "聊城市档案局" not in names


def test_a_place_visited_is_not_a_unit(extract):
    assert not any("养老院" in n for n in unit_names(extract(PAGE)))


def test_pronoun_like_forms_are_not_aliases(extract):
    forms = unit_forms(extract(PAGE))
    assert "该办" not in forms and "我市" not in forms


def test_units_are_merged_across_the_articles_of_a_page(extract):
    page = extract(
        "第一篇\n\n近日，市机关工委组织开展文明创建观摩活动。\n\n记者 周明远\n\n\n"
        "第二篇\n\n本报讯（记者 许磊）聊城市委市直机关工委开展志愿服务活动，各单位积极参与。\n"
    )
    units = all_of(page, "units")
    assert {u.name for u in units} == {"聊城市委市直机关工委"}
    assert all("市机关工委" in u.aliases for u in units)


def test_an_article_unrelated_to_civic_campaigns_yields_no_units(extract):
    page = extract("防汛工作\n\n7月22日，聊城市水利局组织人员检查河道堤防，排查安全隐患。\n")
    assert all_of(page, "units") == []


def test_an_office_whose_spokesman_speaks_is_not_a_unit(extract):
    page = extract(
        "志愿之城\n\n截至目前，全市注册志愿者突破50万名。"
        "市文明办有关负责人介绍，将持续完善志愿服务激励机制。\n\n记者 周明远\n"
    )
    assert unit_names(page) == set()


def test_a_committee_that_announces_review_results_is_not_an_acting_unit(extract):
    page = extract(
        "文明单位复查结果公布\n\n近日，山东省精神文明建设委员会通报2023年度省级文明单位复查结果，"
        "德州市人民医院继续保留山东省文明单位称号。\n\n记者 周明远\n"
    )
    assert "山东省精神文明建设委员会" not in unit_names(page)


def test_a_village_named_with_and_without_its_town_is_one_unit(extract):
    page = extract(
        "小山村里的文明新风\n\n——陵城区神头镇前孙村创建文明村纪实\n\n记者 周明远\n\n"
        "2020年，陵城区前孙村被授予全国文明村镇称号。村里成立志愿服务队，常态化开展志愿服务。\n"
    )
    names = unit_names(page)
    assert len(names) == 1 and names.pop().endswith("前孙村")


def test_a_bank_s_short_name_resolves_to_its_full_name(extract):
    page = extract(
        "农行德城支行：志愿服务暖民心\n\n通讯员 张琳\n\n"
        "近年来，中国农业银行德城支行先后荣获“全国青年文明号”称号，常态化开展志愿服务。\n"
    )
    assert unit_names(page) == {"中国农业银行德城支行"}
    assert "农行德城支行" in unit_forms(page)


def test_a_town_the_page_named_in_full_is_found_on_its_own(extract):
    page = extract(
        "文明新风进万家\n\n走进德州市德城区学院街道，街巷干净整洁。\n\n"
        "5月18日，学院街道联合德城区卫生健康局在社区广场开展义诊志愿服务活动。\n\n记者 周明远\n"
    )
    (a,) = all_of(page, "activities")
    assert [o.unit for o in a.organisers] == ["德州市德城区学院街道", "德州市德城区卫生健康局"]


def test_a_colon_title_abbreviating_the_body_s_full_name_is_an_alias_of_it(extract):
    page = extract(
        "华能电厂：文明之花绽放\n\n周凯 王静\n\n"
        "2017年，华能山东发电有限公司德州电厂被授予全国文明单位称号，常态化开展志愿服务。\n"
    )
    assert unit_names(page) == {"华能山东发电有限公司德州电厂"}
    assert "华能电厂" in unit_forms(page)


def test_a_national_body_is_read_from_the_list_under_its_short_form(extract):
    page = extract("学雷锋活动\n\n3月5日，中宣部、团中央在安平市举行学雷锋志愿服务活动。\n")
    units = {u.name: set(u.aliases) for a in page.articles for u in a.units}
    assert units["中共中央宣传部"] == {"中宣部"} and units["共青团中央"] == {"团中央"}


def test_a_province_s_bare_organs_take_the_province_of_the_page_s_city(extract):
    page = extract(
        "兰州市召开文明委全体会议\n\n5月8日，兰州市文明委召开全体会议。会议指出，省委、省政府高度重视精神文明建设，省文明办发来贺信。\n"
    )
    names = {u.name for a in page.articles for u in a.units}
    assert {"甘肃省委", "甘肃省政府", "甘肃省文明办"} <= names


def test_a_bare_city_committee_of_a_city_never_named_is_no_unit(extract):
    page = extract("会议\n\n3月5日，市委、市政府召开创建全国文明城市动员大会。\n")
    assert not any(u.name in ("市委", "市政府") for a in page.articles for u in a.units)


def test_a_town_under_a_county_gets_the_county_s_city_not_an_abolished_prefecture_s(extract):
    page = extract("喜报\n\n嵊泗县嵊山镇被评为全国文明村镇。\n")
    assert [u.name for a in page.articles for u in a.units] == ["舟山市嵊泗县嵊山镇"]


def test_a_team_s_branch_is_one_unit_with_the_team_s_name(extract):
    page = extract("志愿服务\n\n衡阳市南丁格尔志愿服务队雁峰分队全年开展志愿服务活动50余次，志愿服务时长2843.5小时。\n")
    assert [(u.name, u.kind) for a in page.articles for u in a.units] == [
        ("衡阳市南丁格尔志愿服务队雁峰分队", "social_organisation")
    ]


def test_a_youth_league_committee_with_its_level_first_in_an_autonomous_region(extract):
    page = extract("宁夏志愿服务\n\n4月17日，区团委发布了评选表彰活动通知。银川市志愿者协会积极参与。\n")
    assert "共青团宁夏区委" in {u.name for a in page.articles for u in a.units}
