"""Finding organisation and place names: from their region to their ending."""

from articles.extraction import Lexicon, RegisteredUnit
from articles.extraction.segment import tokenize
from articles.extraction.unit_lexicon import compile_lexicon
from articles.extraction.unit_names import find_mentions


def mentions(text, lexicon):
    return [m.surface for m in find_mentions(text, tokenize(text), compile_lexicon(lexicon))]


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


def test_the_registry_never_moves_a_name_boundary():
    # A registered name that runs into the next words must not glue them on (issue #11.3).
    lexicon = Lexicon.from_files().with_units((RegisteredUnit("聊城市委办公室充分发挥市委"),))
    text = "近日，聊城市委办公室充分发挥市委中枢作用，开展志愿服务"
    assert mentions(text, lexicon) == mentions(text, Lexicon.from_files())


def test_a_branch_name_runs_on_after_its_parent_s_name(lexicon):
    assert "德州银行德城支行营业部" in mentions("近日，德州银行德城支行营业部荣获全国巾帼文明岗称号。", lexicon)


def test_a_community_whose_name_a_dictionary_word_swallows_is_found(lexicon):
    assert "新华社区" in mentions("近日，德城区新湖街道新华社区组织志愿者开展文明劝导。", lexicon)[-1]


def test_zhongxin_before_more_name_words_is_part_of_the_name(lexicon):
    assert "德州市中心人民医院" in mentions("5月9日，德州市中心人民医院组织医疗队开展义诊。", lexicon)
