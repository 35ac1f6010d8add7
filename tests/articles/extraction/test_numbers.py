"""Numbers: Arabic and Chinese numerals, multipliers, hedges, ranges."""

import pytest

from articles.extraction.numbers import chinese_to_int, find_quantities, parse_number


@pytest.mark.parametrize(
    "text, value, approximate",
    [
        ("268", 268, False),
        ("三十六", 36, False),
        ("两千", 2000, False),
        ("十余", 10, True),
        ("300余", 300, True),
        ("1500多", 1500, True),
        ("超4000", 4000, True),
        ("近万", 10000, True),
        ("约260", 260, True),
        ("逾百", 100, True),
        ("2.5万", 25000, False),
        ("百余", 100, True),
    ],
)
def test_it_reads_numerals_with_their_hedges(text, value, approximate):
    q = parse_number(text)
    assert (q.value, q.approximate) == (value, approximate)


def test_a_range_keeps_its_bounds_and_is_approximate():
    q = parse_number("20-30")
    assert (q.value, q.high, q.approximate) == (20, 30, True)


def test_adjacent_chinese_numerals_are_a_range():
    q = parse_number("五六十")
    assert (q.value, q.high, q.approximate) == (50, 60, True)


def test_what_is_no_numeral_gives_none():
    assert parse_number("若干") is None
    assert chinese_to_int("名单") is None


def test_it_finds_quantities_before_their_measure_words():
    found = find_quantities("累计服务时长超2.4万小时，服务群众3000余人次。", ("小时", "人次"))
    assert [(q.value, q.unit, q.approximate) for q in found] == [(24000, "小时", True), (3000, "人次", True)]


def test_quantity_spans_point_into_the_text():
    text = "共有志愿者86名"
    (q,) = find_quantities(text, ("名",))
    assert text[q.start : q.end] == "86名"


def test_a_numeral_inside_a_word_is_not_a_quantity():
    assert find_quantities("统一名称，第一名", ("名",)) == []


@pytest.mark.parametrize("text", ["时长-5小时", "时长−8小时", "时长为－3.5万小时", "时长 - 6小时", "时长负5小时"])
def test_a_negative_figure_is_not_read_as_a_positive_one(text):
    assert find_quantities(text, ("小时",)) == []


def test_a_range_dash_is_not_a_minus_sign():
    (q,) = find_quantities("每周服务10-20小时", ("小时",))
    assert (q.value, q.high) == (10, 20)
