"""Units: finding names, resolving them in their region, telling actors from bystanders."""

from articles.extraction import Lexicon, RegisteredUnit
from articles.extraction.segment import tokenize
from articles.extraction.units import (
    RegionContext,
    abbreviates,
    compile_lexicon,
    expand_body,
    find_mentions,
    resolve,
    split_regions,
)

from .conftest import all_of, unit_forms, unit_names

LIAOCHENG = RegionContext(province="山东省", city="聊城市", city_short="聊城", district="东昌府区", county="阳谷县")


def mentions(text, lexicon):
    return [m.surface for m in find_mentions(text, tokenize(text), compile_lexicon(lexicon))]


def resolved(surface_text, lexicon, ctx=LIAOCHENG):
    compiled = compile_lexicon(lexicon)
    (m,) = [m for m in find_mentions(surface_text, tokenize(surface_text), compiled)]
    return resolve(m, ctx, compiled)


# ---------------------------------------------------------------- finding names


def test_it_finds_names_from_their_region_to_their_ending(lexicon):
    text = "5月8日，东昌府区综合行政执法局联合市文明办、市生态环境局在人民广场开展宣传活动。"
    found = mentions(text, lexicon)
    assert found[:3] == ["东昌府区综合行政执法局", "市文明办", "市生态环境局"]


def test_a_name_stops_at_the_verb_before_it(lexicon):
    assert "阳谷县人民医院" in mentions("张强组织阳谷县人民医院的医生义诊", lexicon)


def test_a_generic_name_without_anything_proper_is_no_unit(lexicon):
    assert mentions("成立党员志愿服务队和文明创建办公室", lexicon) == []


def test_a_branch_after_a_school_belongs_to_it(lexicon):
    assert mentions("聊城市实验小学东校区组织学生参观", lexicon) == ["聊城市实验小学东校区"]


def test_a_company_known_by_its_trade_keeps_it(lexicon):
    assert mentions("近日，鲁能集团聊城热电公司华丰电力开展活动", lexicon)[0] == "鲁能集团聊城热电公司华丰电力"


def test_places_are_found_on_their_own(lexicon):
    assert mentions("今年以来，山东省聊城市阳谷县持续推进创建工作", lexicon) == ["山东省聊城市阳谷县"]


def test_a_county_core_after_its_province_is_a_place(lexicon):
    assert mentions("甘肃天祝：好日子", lexicon) == ["甘肃天祝"]


def test_a_township_name_split_by_jieba_is_kept_whole(lexicon):
    assert mentions("西大滩镇新时代文明实践所接单", lexicon) == ["西大滩镇新时代文明实践所"]


# ---------------------------------------------------------------- resolving


def test_a_city_abbreviation_takes_the_article_city(lexicon):
    assert resolved("市委办公室", lexicon).name == "聊城市委办公室"


def test_standard_short_forms_are_expanded(lexicon):
    assert resolved("市检察院", lexicon).name == "聊城市人民检察院"
    assert resolved("市市场监管局", lexicon).name == "聊城市市场监督管理局"
    assert resolved("市消防支队", lexicon).name == "聊城市消防救援支队"


def test_the_surface_form_stays_an_alias(lexicon):
    unit = resolved("市检察院", lexicon)
    assert "市检察院" in unit.aliases


def test_district_and_county_abbreviations_take_their_regions(lexicon):
    assert resolved("区总工会", lexicon).name == "聊城市东昌府区总工会"
    assert resolved("团县委", lexicon).name == "共青团阳谷县委"


def test_a_province_before_the_city_is_dropped(lexicon):
    assert resolved("山东省聊城市教育和体育局", lexicon).name == "聊城市教育和体育局"


def test_a_city_short_name_inside_a_name_is_kept(lexicon):
    assert resolved("聊城银行", lexicon).name == "聊城银行"


def test_a_township_unit_is_filed_under_its_county(lexicon):
    assert resolved("石佛镇新时代文明实践所", lexicon).name == "聊城市阳谷县石佛镇新时代文明实践所"


def test_a_zone_gets_its_city(lexicon):
    assert resolved("高新区党群工作部", lexicon).name == "聊城高新区党群工作部"


def test_a_place_takes_its_official_name(lexicon):
    unit = resolved("甘肃天祝", lexicon)
    assert unit.name == "天祝藏族自治县" and unit.is_place and "甘肃天祝" in unit.aliases


def test_a_place_s_party_committee_is_the_place(lexicon):
    unit = resolved("阳谷县委", lexicon)
    assert unit.name == "阳谷县" and unit.is_place


def test_split_regions_reads_the_region_chain():
    parts, rest = split_regions("河南省许昌市建安区卫生健康委员会")
    assert [p.form for p in parts] == ["河南省", "许昌市", "建安区"] and rest == "卫生健康委员会"


def test_expansions_do_not_double_up():
    assert expand_body("人民检察院") == "人民检察院"
    assert expand_body("中级法院") == "中级人民法院"


def test_abbreviation_allows_only_dropped_connectors():
    assert abbreviates("市机关工委", "市委市直机关工委")
    assert abbreviates("陕煤黄陵矿业", "陕煤集团黄陵矿业")
    assert not abbreviates("第一中学", "第一实验中学")


# ---------------------------------------------------------------- registry


def test_a_registered_alias_resolves_to_the_registered_unit():
    lexicon = Lexicon.from_files().with_units(
        (RegisteredUnit("聊城市精神文明建设委员会办公室", ("市文明办", "聊城市文明办")),)
    )
    assert resolved("市文明办", lexicon).name == "聊城市精神文明建设委员会办公室"


def test_a_registered_unit_is_found_and_not_duplicated(extract):
    lexicon = Lexicon.from_files().with_units((RegisteredUnit("聊城市公安局交通警察支队", ("市交警支队",)),))
    page = extract(
        "文明出行\n\n近日，市交警支队开展文明交通志愿服务活动。聊城市公安局交通警察支队组织民警走进校园宣传。\n",
        lexicon=lexicon,
    )
    assert unit_names(page) == {"聊城市公安局交通警察支队"}


def test_the_registry_never_moves_a_name_boundary():
    # A registered name that runs into the next words must not glue them on (issue #11.3).
    lexicon = Lexicon.from_files().with_units((RegisteredUnit("聊城市委办公室充分发挥市委"),))
    text = "近日，聊城市委办公室充分发挥市委中枢作用，开展志愿服务"
    assert mentions(text, lexicon) == mentions(text, Lexicon.from_files())


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


def test_departments_of_a_city_and_of_its_district_stay_two_units():
    from articles.extraction.units import same_unit_under_places

    assert not same_unit_under_places("德州市教育局", "德州市德城区教育局")
    assert not same_unit_under_places("神头镇前孙村", "郑家寨镇前孙村")


def test_a_branch_name_runs_on_after_its_parent_s_name(lexicon):
    assert "德州银行德城支行营业部" in mentions("近日，德州银行德城支行营业部荣获全国巾帼文明岗称号。", lexicon)


def test_a_bank_s_short_name_resolves_to_its_full_name(extract):
    page = extract(
        "农行德城支行：志愿服务暖民心\n\n通讯员 张琳\n\n"
        "近年来，中国农业银行德城支行先后荣获“全国青年文明号”称号，常态化开展志愿服务。\n"
    )
    assert unit_names(page) == {"中国农业银行德城支行"}
    assert "农行德城支行" in unit_forms(page)


def test_a_community_whose_name_a_dictionary_word_swallows_is_found(lexicon):
    assert "新华社区" in mentions("近日，德城区新湖街道新华社区组织志愿者开展文明劝导。", lexicon)[-1]


def test_zhongxin_before_more_name_words_is_part_of_the_name(lexicon):
    assert "德州市中心人民医院" in mentions("5月9日，德州市中心人民医院组织医疗队开展义诊。", lexicon)


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
