"""Honours: the grammar of award sentences, editions, statuses, whose honour it is."""

from articles.extraction import Lexicon

from .conftest import all_of

HEAD = "文明花开\n\n——德州市人民医院推进文明单位创建纪实\n\n"


def honours(extract, body, **kwargs):
    page = extract(HEAD + body + "\n\n记者 周明远\n", **kwargs)
    return [(h.unit, h.honour, h.year, h.status) for h in all_of(page, "honours")]


def test_it_reads_a_list_of_quoted_honours(extract):
    found = honours(
        extract, "近年来，德州市人民医院先后获得“全国巾帼文明岗”“山东省青年文明号”“德州市工人先锋号”等荣誉称号。"
    )
    assert [h[1] for h in found] == ["全国巾帼文明岗", "山东省青年文明号", "德州市工人先锋号"]
    assert {h[0] for h in found} == {"德州市人民医院"}


def test_it_reads_a_list_of_unquoted_honours(extract):
    found = honours(extract, "德州市人民医院荣获全国文明单位、全国卫生先进单位和省级文明单位等称号。")
    assert [h[1] for h in found] == ["全国文明单位", "全国卫生先进单位", "山东省文明单位"] or [h[1] for h in found] == [
        "全国文明单位",
        "全国卫生先进单位",
        "省级文明单位",
    ]


def test_a_region_before_a_quoted_name_belongs_to_it(extract):
    found = honours(extract, "德州市人民医院急诊科被授予河北省“青年文明号”称号。")
    assert found[0][1] == "河北省青年文明号"


def test_a_year_in_the_sentence_is_the_award_year(extract):
    found = honours(extract, "2022年，德州市人民医院被中央文明委授予全国文明单位称号。")
    assert found == [("德州市人民医院", "全国文明单位", 2022, "awarded")]


def test_a_year_that_starts_a_period_is_not_the_award_year(extract):
    found = honours(extract, "2018年以来，德州市人民医院荣获全国文明单位称号。")
    assert found[0][2] is None


def test_an_edition_becomes_a_year_through_the_catalogue(extract):
    found = honours(extract, "德州市人民医院荣获第六届全国文明单位称号。")
    assert found == [("德州市人民医院", "全国文明单位", 2020, "awarded")]


def test_an_edition_is_kept_on_the_record(extract):
    page = extract(HEAD + "德州市人民医院团委被授予第20届“全国青年文明号”称号。\n")
    (honour,) = all_of(page, "honours")
    assert (honour.edition, honour.year) == ("第20届", 2021)


def test_retained_after_review(extract):
    found = honours(extract, "2023年，经复查确认，德州市人民医院继续保留全国文明单位荣誉称号。")
    assert found == [("德州市人民医院", "全国文明单位", 2023, "retained")]


def test_a_yellow_card_and_a_revocation(extract):
    assert honours(extract, "德州市人民医院被黄牌警告全国文明单位称号。")[0][3] == "warned"
    assert honours(extract, "德州市人民医院被撤销全国文明单位称号。")[0][3] == "revoked"


def test_a_run_of_years_is_still_one_record(extract):
    page = extract(HEAD + "德州市人民医院连续五年被评为省级文明单位。\n")
    (honour,) = all_of(page, "honours")
    assert honour.note == "连续五年"


def test_an_omitted_subject_is_the_one_named_earlier_in_the_paragraph(extract):
    found = honours(extract, "德州市人民医院护理部先后获得“巾帼文明岗”等称号。2021年，被授予“全国巾帼文明岗”称号。")
    assert {h[0] for h in found} == {"德州市人民医院护理部"}


def test_this_unit_means_the_article_s_unit(extract):
    found = honours(extract, "德州市人民医院坚持文明创建。2020年，该院被评为全国文明单位。")
    assert found[0][0] == "德州市人民医院"


def test_honours_to_persons_are_not_recorded(extract):
    assert honours(extract, "该院医生李明先后被评为全国劳动模范、山东省优秀共产党员。") == []
    assert honours(extract, "他本人也被评为德州市道德模范。") == []
    assert honours(extract, "2户家庭获得全市文明家庭称号。") == []


def test_a_tally_of_honours_is_not_an_honour(extract):
    assert honours(extract, "2020年以来，德州市人民医院共获得省、市级先进集体荣誉称号20余个。") == []


def test_a_prize_is_not_an_honour(extract):
    assert honours(extract, "德州市人民医院选送的作品被授予“一等奖”。") == []


def test_an_uncatalogued_honour_is_recognised_by_its_head(extract):
    found = honours(extract, "德州市人民医院被评为全省卫生健康系统行风建设先进集体。")
    assert found[0][1] == "全省卫生健康系统行风建设先进集体"


def test_a_place_honoured_is_a_unit(extract):
    page = extract("喜讯\n\n2020年，山东省德州市禹城市被评为全国文明城市。\n")
    assert [(h.unit, h.honour) for h in all_of(page, "honours")] == [("禹城市", "全国文明城市")]


def test_the_awarding_body_is_not_the_honouree(extract):
    page = extract(HEAD + "局机关被市总工会授予2021年度德州市模范职工之家称号。\n")
    assert [h.unit for h in all_of(page, "honours")] == ["德州市人民医院"]


def test_the_catalogue_name_is_used_for_an_alias(extract):
    lexicon = Lexicon.from_files()
    found = honours(extract, "德州市被评为全国双拥模范城市。", lexicon=lexicon)
    assert found[0][1] == "全国双拥模范城"


def test_every_unit_of_a_listed_subject_gets_the_honour(extract):
    found = honours(extract, "其中，德州市人民医院、德州市第一中学被授予全国文明单位称号。")
    assert [h[0] for h in found] == ["德州市人民医院", "德州市第一中学"]


def test_a_pronoun_inside_the_subject_phrase_names_the_unit(extract):
    found = honours(extract, "德州市第一中学被评为省级文明校园。这是该校继2019年获评省级文明单位后获得的又一项荣誉。")
    assert ("德州市第一中学", 2019) in [(h[0], h[2]) for h in found]


def test_the_school_on_its_own_is_the_article_s_school(extract):
    page = extract("书香校园\n\n——德州市第一中学文明校园创建纪实\n\n近年来，学校先后获得“全国文明校园”等荣誉称号。\n")
    assert [(h.unit, h.honour) for h in all_of(page, "honours")] == [("德州市第一中学", "全国文明校园")]


def test_the_status_is_read_per_clause(extract):
    found = honours(
        extract, "2017年，德州市人民医院被授予第五届全国文明单位称号，2023年经复查继续保留全国文明单位荣誉称号。"
    )
    assert found == [
        ("德州市人民医院", "全国文明单位", 2017, "awarded"),
        ("德州市人民医院", "全国文明单位", 2023, "retained"),
    ]


def test_a_review_before_retained_adds_no_honour_of_its_own(extract):
    found = honours(extract, "2020年，德州市人民医院经复查确认继续保留全国文明单位称号。")
    assert found == [("德州市人民医院", "全国文明单位", 2020, "retained")]


def test_each_unit_named_before_a_count_gets_the_honour(extract):
    found = honours(extract, "今年，德州市人民医院、德州市图书馆等8家单位获评2023年度山东省文明单位。")
    assert {(h[0], h[2]) for h in found} == {("德州市人民医院", 2023), ("德州市图书馆", 2023)}


def test_a_unit_after_wo_shi_is_the_subject_of_a_revocation(extract):
    found = honours(extract, "我市德州市人民医院因发生严重违纪问题，被撤销“山东省文明单位”称号。")
    assert found == [("德州市人民医院", "山东省文明单位", None, "revoked")]


def test_cities_listed_by_core_name_in_counted_groups_are_honoured(extract):
    page = extract("喜报\n\n在2020年的表彰中，洛阳、开封2个地级市和巩义、登封2个县级城市荣膺第六届全国文明城市称号。\n")
    holders = {h.unit for a in page.articles for h in a.honours}
    assert holders == {"洛阳市", "开封市", "巩义市", "登封市"}


def test_a_list_after_how_many_won_names_each_winner_and_districts_keep_their_city(extract):
    page = extract(
        "喜报\n\n第三批获得“全国文明城市（区）”称号的城市（区）有3个，分别是洛阳市、开封市、北京市西城区。\n"
    )
    holders = {h.unit for a in page.articles for h in a.honours}
    assert holders == {"洛阳市", "开封市", "北京市西城区"}


def test_held_again_in_the_next_round_is_a_retention(extract):
    found = honours(extract, "2025年，德州市人民医院蝉联全国文明单位。")
    assert found == [("德州市人民医院", "全国文明单位", 2025, "retained")]


def test_a_warning_that_names_no_title_is_about_the_title_named_before(extract):
    body = "经复查，德州市人民医院继续保留省级文明单位称号。德州市教育局因创建工作滑坡，被市文明委黄牌警告，限期整改。"
    found = honours(extract, body)
    assert found[-1][0] == "德州市教育局"
    assert found[-1][1:] == (found[0][1], found[0][2], "warned")


def test_a_warning_with_no_title_named_anywhere_is_not_an_honour(extract):
    assert honours(extract, "德州市教育局因创建工作滑坡，被市文明委黄牌警告，限期整改。") == []


def test_a_restructured_unit_confirmed_anew_is_recognised(extract):
    found = honours(extract, "机构改革后，德州市人民医院被重新认定为全国文明单位。")
    assert found[0][3] == "recognised"
