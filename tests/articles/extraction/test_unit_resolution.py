"""Resolving a name in its region: the canonical name staff would file it under."""

from articles.extraction import Lexicon, RegisteredUnit
from articles.extraction.region_context import RegionContext
from articles.extraction.segment import tokenize
from articles.extraction.unit_lexicon import compile_lexicon
from articles.extraction.unit_names import find_mentions
from articles.extraction.unit_resolution import resolve

LIAOCHENG = RegionContext(province="山东省", city="聊城市", city_short="聊城", district="东昌府区", county="阳谷县")


def resolved(surface_text, lexicon, ctx=LIAOCHENG):
    compiled = compile_lexicon(lexicon)
    (m,) = [m for m in find_mentions(surface_text, tokenize(surface_text), compiled)]
    return resolve(m, ctx, compiled)


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


def test_a_registered_alias_resolves_to_the_registered_unit():
    lexicon = Lexicon.from_files().with_units(
        (RegisteredUnit("聊城市精神文明建设委员会办公室", ("市文明办", "聊城市文明办")),)
    )
    assert resolved("市文明办", lexicon).name == "聊城市精神文明建设委员会办公室"


def test_a_town_named_with_its_district_is_filed_under_the_district_once(lexicon):
    assert resolved("东昌府区古楼街道办事处", lexicon).name == "聊城市东昌府区古楼街道"
