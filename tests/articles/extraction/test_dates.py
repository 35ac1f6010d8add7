"""Dates: absolute, partial with an inferred year, relative, impossible."""

from datetime import date

import pytest

from articles.extraction.dates import (
    DateContext,
    date_from_file_name,
    date_from_page_header,
    event_year_in,
    find_dates,
    year_for,
)
from articles.extraction.records import PartialDate


def only(text, **kwargs):
    found = find_dates(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2023年6月18日上午", "2023-06-18"),
        ("二〇二二年十月一日", "2022-10-01"),
        ("会议于2021.9.30召开", "2021-09-30"),
        ("截止2020-11-05", "2020-11-05"),
        ("2019年12月", "2019-12"),
        ("2018年", "2018"),
    ],
)
def test_it_reads_absolute_dates_to_the_precision_given(text, iso):
    mention = only(text)
    assert mention.kind == "absolute" and mention.date.iso() == iso


def test_a_month_and_day_without_a_year_stay_partial():
    mention = only("5月20日，活动开始")
    assert mention.kind == "partial" and mention.date == PartialDate(None, 5, 20)
    assert mention.date.iso() == "????-05-20"


def test_a_year_period_is_marked_as_a_period():
    assert only("2019年以来，该局").is_period


def test_relative_years_resolve_against_the_reference_date():
    mention = only("去年以来，该局", reference=date(2024, 4, 2))
    assert mention.relative == "去年以来" and mention.date.year == 2023 and mention.date.year_inferred


def test_relative_words_without_a_reference_keep_their_wording_and_no_date():
    mention = only("近日，该局开展活动")
    assert mention.relative == "近日" and mention.date is None


def test_this_year_with_a_month_keeps_month_precision():
    mention = only("今年9月，在交流会上", reference=date(2023, 11, 1))
    assert mention.date.iso() == "2023-09" and mention.precision == "month"


def test_an_impossible_date_is_rejected_not_crashed_on():
    assert find_dates("2024年13月40日召开") == []
    assert find_dates("2月30日举行") == []


def test_years_outside_1949_to_2100_are_not_dates():
    assert find_dates("公元1200年建成") == []


def test_a_duration_is_not_a_month():
    assert find_dates("为期3个月的培训") == []


def test_the_sentence_year_completes_a_partial_date_first():
    context = DateContext(article_year=2019, reference=date(2024, 1, 1))
    assert context.complete(PartialDate(None, 3, 9), sentence_year=2021).iso() == "2021-03-09"


def test_then_the_article_year():
    context = DateContext(article_year=2019, reference=date(2024, 1, 1))
    assert context.complete(PartialDate(None, 3, 9)).iso() == "2019-03-09"


def test_then_the_reference_date_never_far_in_its_future():
    context = DateContext(reference=date(2024, 1, 5))
    assert context.complete(PartialDate(None, 12, 28)).iso() == "2023-12-28"
    assert context.complete(PartialDate(None, 1, 3)).iso() == "2024-01-03"


def test_without_any_source_the_year_stays_open():
    completed = DateContext().complete(PartialDate(None, 7, 1))
    assert completed.year is None and completed.iso() == "????-07-01"


def test_an_inferred_year_is_flagged():
    assert DateContext(reference=date(2024, 5, 1)).complete(PartialDate(None, 4, 30)).year_inferred


def test_a_day_is_never_made_up():
    completed = DateContext(reference=date(2024, 5, 1)).complete(PartialDate(None, 4, None))
    assert completed.day is None and completed.iso() == "2024-04"


def test_year_for_rolls_back_only_for_dates_well_after_the_page():
    assert year_for(12, 30, date(2024, 1, 2)) == 2023
    assert year_for(2, 1, date(2024, 1, 20)) == 2024


def test_event_year_is_the_one_year_a_sentence_names():
    assert event_year_in("7月1日，2022年“七一”表彰大会召开") == 2022
    assert event_year_in("2019年以来，共开展活动30次") is None
    assert event_year_in("2019年和2021年两次获评") is None


def test_a_page_date_comes_from_the_file_name_or_the_masthead():
    assert date_from_file_name("日报_2023-05-18_A3.txt") == date(2023, 5, 18)
    assert date_from_file_name("page_20230518.txt") == date(2023, 5, 18)
    assert date_from_file_name("001_2cd036c55728d414.txt") is None
    assert date_from_page_header("某某日报\n2023年5月18日 星期四\n") == date(2023, 5, 18)


def test_a_page_without_a_date_is_of_the_day_its_articles_report(extract):
    page = extract(
        "志愿服务暖人心\n\n本报讯（记者 张明） 2023年6月2日，某某市文明办组织志愿者开展志愿服务活动。\n\n"
        "书香满校园\n\n本报讯（记者 李华） 某某市第一中学举办读书节，师生踊跃参加文明实践活动。\n\n"
        "清洁家园\n\n本报讯（记者 王芳） 6月1日，某某街道组织志愿者开展清洁家园志愿服务活动。\n"
    )
    dates = [article.date.iso() if article.date else None for article in page.articles]
    assert dates == ["2023-06-02", "2023-06-02", "2023-06-01"]
