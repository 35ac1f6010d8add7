from core.filtering import search_words
from reports.unit_selectors import honour_award_filterset, unit_filterset
from units.models import HonourAward
from units.queries import region_descendant_ids


def names(units) -> set[str]:
    return {unit.name for unit in units}


def test_search_words_splits_a_compound_into_the_words_it_requires():
    assert search_words("志愿服务") == ["志愿", "服务"]


def test_search_words_drops_spaces_and_punctuation():
    assert search_words(" 文明， 单位 ") == ["文明", "单位"]


def test_search_words_keeps_only_the_longest_of_nested_words():
    # 全国文明单位 → 全国 / 文明 / 单位 / 文明单位: 文明单位 implies 文明 and 单位.
    assert search_words("全国文明单位") == ["全国", "文明单位"]


def test_region_descendants_include_every_level_below(site_ledger):
    ids = region_descendant_ids(region=site_ledger.mudan)
    assert set(ids) == {site_ledger.mudan.pk, site_ledger.xicheng.pk, site_ledger.heping.pk}


def test_region_descendants_cost_one_query_per_level(site_ledger, django_assert_num_queries):
    # 菏泽市 → 区县 → 街道 → 社区, and one query that finds nothing below.
    with django_assert_num_queries(4):
        region_descendant_ids(region=site_ledger.heze)


def test_a_region_filter_includes_units_in_its_sub_regions(site_ledger):
    found = names(unit_filterset(data={"region": site_ledger.mudan.pk}).result())
    assert found == {"牡丹区市场监督管理局", "西城街道和平社区"}


def test_units_in_mudan_holding_a_national_honour(site_ledger):
    found = names(unit_filterset(data={"region": site_ledger.mudan.pk, "honour_level": "national"}).result())
    assert found == {"牡丹区市场监督管理局", "西城街道和平社区"}


def test_a_pending_award_does_not_count_as_holding_the_honour(site_ledger):
    # 菏泽市委办公室's 2023 全国文明单位 is still waiting for review.
    found = names(unit_filterset(data={"region": site_ledger.heze.pk, "honour_level": "national"}).result())
    assert "菏泽市委办公室" not in found


def test_a_revoked_award_does_not_count_as_holding_the_honour(site_ledger):
    HonourAward.objects.create(
        unit=site_ledger.party_office, honour=site_ledger.youth, year=2019, status=HonourAward.Status.REVOKED
    )
    found = names(unit_filterset(data={"honour": site_ledger.youth.pk}).result())
    assert found == {"西城街道和平社区"}


def test_the_honour_year_range_applies_to_the_same_award_as_the_level(site_ledger):
    found = names(unit_filterset(data={"honour_level": "national", "honour_year_min": 2018}).result())
    assert found == {"牡丹区市场监督管理局", "西城街道和平社区"}


def test_units_are_accepted_only_by_default(site_ledger):
    assert "牡丹区某待审单位" not in names(unit_filterset(data={}).result())


def test_pending_units_are_listed_when_asked_for(site_ledger):
    assert names(unit_filterset(data={"review_status": "pending"}).result()) == {"牡丹区某待审单位"}


def test_all_review_statuses_can_be_listed_together(site_ledger):
    assert len(unit_filterset(data={"review_status": "all"}).result()) == 5


def test_a_unit_search_matches_its_aliases(site_ledger):
    assert names(unit_filterset(data={"q": "牡丹区市场监管局"}).result()) == {"牡丹区市场监督管理局"}


def test_a_unit_search_requires_every_word(site_ledger):
    assert names(unit_filterset(data={"q": "东明 教育"}).result()) == {"东明县教育局"}
    assert names(unit_filterset(data={"q": "牡丹 教育"}).result()) == set()


def test_an_honour_search_for_separate_words_finds_the_compound_title(site_ledger):
    found = honour_award_filterset(data={"q": "文明 单位"}).result()
    assert {award.honour.name for award in found} == {"全国文明单位", "山东省文明单位"}


def test_the_honour_year_range_is_inclusive(site_ledger):
    found = honour_award_filterset(data={"year_min": 2017, "year_max": 2020}).result()
    assert sorted(award.year for award in found) == [2017, 2020]


def test_honour_awards_filter_by_level_and_region(site_ledger):
    found = honour_award_filterset(data={"level": "national", "region": site_ledger.mudan.pk}).result()
    assert {award.unit.name for award in found} == {"牡丹区市场监督管理局", "西城街道和平社区"}


def test_an_invalid_filter_lists_nothing_and_says_why(site_ledger):
    filterset = honour_award_filterset(data={"year_min": "去年"})
    assert not filterset.is_valid()
    assert "year" in filterset.errors
    assert not filterset.result().exists()


def test_an_unknown_sort_key_is_ignored(site_ledger):
    filterset = unit_filterset(data={"sort": "-password"})
    assert filterset.is_valid()
    assert len(filterset.result()) == 4


def test_units_sort_by_volunteer_hours(site_ledger):
    ordered = [unit.name for unit in unit_filterset(data={"sort": "-hours"}).result()]
    assert ordered[:2] == ["东明县教育局", "牡丹区市场监督管理局"]


def test_a_word_naming_many_units_finds_them_without_listing_their_ids(site_ledger, monkeypatch):
    listed = {unit.name for unit in unit_filterset(data={"q": "局"}).result()}
    monkeypatch.setattr("units.queries.FEW_UNITS", 0)

    assert (
        {unit.name for unit in unit_filterset(data={"q": "局"}).result()}
        == listed
        == {"牡丹区市场监督管理局", "东明县教育局"}
    )


def test_a_keyword_finds_the_units_holding_an_honour_of_that_name(site_ledger):
    holders = set(
        HonourAward.objects.filter(honour=site_ledger.national_unit, review_status="accepted")
        .exclude(status__in=("revoked", "lapsed"))
        .values_list("unit__name", flat=True)
    )
    found = set(unit_filterset(data={"q": "文明单位"}).result().values_list("name", flat=True))
    assert holders and holders <= found
