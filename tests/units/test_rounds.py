"""How rounds are written and which round an event belongs to (units.rounds)."""

import pytest

from units.rounds import chinese_number, round_label, round_number, round_of_event

# 全国文明单位's rounds as the catalogue holds them: (number, label, year).
NATIONAL = [(1, "batch", 2005), (2, "batch", 2009), (3, "batch", 2011), (4, "session", 2015), (5, "session", 2017)]


@pytest.mark.parametrize(
    ("edition", "number"),
    [
        ("第四届", 4),
        ("第4届", 4),
        ("第二批", 2),
        ("首批", 1),
        ("首届", 1),
        ("第二十一届", 21),
        ("第十届", 10),
        ("", None),
    ],
)
def test_a_round_is_read_however_it_is_written(edition, number):
    assert round_number(edition) == number


def test_a_round_is_written_as_papers_write_it():
    assert [round_label(2, "batch"), round_label(4, "session"), round_label(2019, "annual")] == [
        "第二批",
        "第四届",
        "2019年度",
    ]
    assert [chinese_number(n) for n in (1, 10, 11, 20, 21)] == ["一", "十", "十一", "二十", "二十一"]


def test_an_event_belongs_to_the_round_its_text_names():
    assert round_of_event(NATIONAL, "第四批", 2016) == 4  # 批 for 届: the same round


def test_a_round_the_honour_never_had_is_no_round():
    assert round_of_event(NATIONAL, "第九届", None) is None


def test_an_event_without_a_round_belongs_to_the_round_in_force_in_its_year():
    assert round_of_event(NATIONAL, "", 2016) == 4
    assert round_of_event(NATIONAL, "", 2017) == 5
    assert round_of_event(NATIONAL, "", 2003) is None


def test_a_yearly_honour_s_event_belongs_to_its_year_s_round():
    yearly = [(2018, "annual", 2018), (2019, "annual", 2019)]
    assert round_of_event(yearly, "", 2019) == 2019
