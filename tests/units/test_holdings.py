"""Holdings: status and term derived from a unit's events, in Python and in SQL alike."""

from datetime import date

import pytest

from core.models import ReviewStatus
from units.holdings import HoldingState, due_q, latest_events, state_in, state_q, unit_holdings
from units.models import Honour, HonourAward, HonourRound, Unit

Status = HonourAward.Status
TODAY = date(2026, 6, 1)


@pytest.fixture
def national(db):
    honour = Honour.objects.create(name="全国文明单位", level=Honour.Level.NATIONAL, category="civilised_unit")
    terms = (
        (5, date(2017, 11, 17), date(2020, 11, 19)),
        (6, date(2020, 11, 20), date(2025, 5, 22)),
        (7, date(2025, 5, 23), date(2028, 5, 22)),
    )
    for number, decided, end in terms:
        HonourRound.objects.create(honour=honour, number=number, year=decided.year, decided_on=decided, term_end=end)
    return honour


@pytest.fixture
def provincial(db):
    return Honour.objects.create(name="山东省文明单位", level=Honour.Level.PROVINCIAL, category="civilised_unit")


def holder(name, honour, *events, review_status=ReviewStatus.ACCEPTED):
    unit = Unit.objects.create(name=name)
    for year, status in events:
        HonourAward.objects.create(unit=unit, honour=honour, year=year, status=status, review_status=review_status)
    return unit


def python_view(unit, year=TODAY.year):
    (holding,) = unit_holdings(unit)
    return holding.state(date(year, 6, 1)), holding.term_end, holding.due_in(year)


def test_a_naming_holds_until_its_round_s_term_ends(national):
    unit = holder("甲单位", national, (2017, Status.AWARDED))
    assert python_view(unit) == (HoldingState.EXPIRED, date(2020, 11, 19), False)


def test_a_retention_in_a_later_round_carries_the_term_on(national):
    unit = holder("乙单位", national, (2020, Status.AWARDED), (2025, Status.RETAINED))
    assert python_view(unit) == (HoldingState.HELD, date(2028, 5, 22), True)


def test_a_warning_keeps_the_holding_under_warning_and_due(national):
    unit = holder("丙单位", national, (2025, Status.AWARDED), (2026, Status.WARNED))
    assert python_view(unit)[0] == HoldingState.WARNED
    assert python_view(unit)[2] is True


def test_a_restoration_in_the_year_of_the_warning_comes_after_it(national):
    unit = holder("丁单位", national, (2025, Status.RESTORED), (2025, Status.WARNED), (2025, Status.AWARDED))
    (holding,) = unit_holdings(unit)
    assert [e.status for e in holding.events] == [Status.AWARDED, Status.WARNED, Status.RESTORED]
    assert holding.state(TODAY) == HoldingState.HELD


def test_a_revocation_ends_the_holding(national):
    unit = holder("戊单位", national, (2025, Status.AWARDED), (2026, Status.REVOKED))
    assert python_view(unit)[0::2] == (HoldingState.REVOKED, False)


def test_rejected_events_do_not_count(national):
    unit = holder("己单位", national, (2025, Status.AWARDED))
    HonourAward.objects.create(
        unit=unit, honour=national, year=2026, status=Status.REVOKED, review_status=ReviewStatus.REJECTED
    )
    assert python_view(unit)[0] == HoldingState.HELD


def test_an_honour_without_rounds_runs_three_years_from_its_event(provincial):
    unit = holder("庚单位", provincial, (2025, Status.AWARDED))
    assert python_view(unit, 2027) == (HoldingState.HELD, date(2027, 12, 31), True)
    assert python_view(unit, 2028)[0::2] == (HoldingState.EXPIRED, False)


def test_an_event_is_filed_under_the_round_in_force_in_its_year(national):
    unit = holder("辛单位", national, (2021, Status.RETAINED))
    assert unit.honour_awards.get().round.number == 6


def test_the_sql_lists_derive_what_the_timelines_derive(national, provincial):
    holder("甲单位", national, (2017, Status.AWARDED))
    holder("乙单位", national, (2020, Status.AWARDED), (2025, Status.RETAINED))
    holder("丙单位", national, (2025, Status.AWARDED), (2026, Status.WARNED))
    holder("丁单位", national, (2025, Status.RESTORED), (2025, Status.WARNED), (2025, Status.AWARDED))
    holder("戊单位", national, (2025, Status.AWARDED), (2026, Status.REVOKED))
    holder("庚单位", provincial, (2025, Status.AWARDED))
    holder("壬单位", national, (2025, Status.AWARDED), review_status=ReviewStatus.REJECTED)

    rows = latest_events().annotate(state=state_in(2026))
    in_sql = {(row.unit.name, row.state) for row in rows.select_related("unit")}
    in_python = {(h.unit.name, h.state(TODAY).value) for unit in Unit.objects.all() for h in unit_holdings(unit)}
    assert in_sql == in_python
    due = set(rows.filter(due_q(2026)).values_list("unit__name", flat=True))
    assert due == {h.unit.name for unit in Unit.objects.all() for h in unit_holdings(unit) if h.due_in(2026)}
    assert due == {"乙单位", "丙单位", "丁单位", "庚单位"}


def test_a_year_less_event_in_a_round_whose_term_runs_on_is_due(national):
    unit = Unit.objects.create(name="癸单位")
    HonourAward.objects.create(unit=unit, honour=national, year=None, edition="第七届")

    assert python_view(unit)[2] is True
    due = latest_events(term_ends_from=2026).annotate(state=state_in(2026)).filter(due_q(2026))
    assert list(due.values_list("unit__name", flat=True)) == ["癸单位"]


def test_the_column_tests_of_a_state_pick_what_the_derived_state_says(national, provincial):
    holder("甲单位", national, (2017, Status.AWARDED))
    holder("乙单位", national, (2020, Status.AWARDED), (2025, Status.RETAINED))
    holder("丙单位", national, (2025, Status.AWARDED), (2026, Status.WARNED))
    holder("丁单位", national, (2024, Status.AWARDED), (2025, Status.LAPSED))
    holder("戊单位", national, (2025, Status.AWARDED), (2026, Status.REVOKED))
    holder("己单位", provincial, (2019, Status.WARNED))
    yearless = Unit.objects.create(name="庚单位")
    HonourAward.objects.create(unit=yearless, honour=provincial, year=None, status=Status.AWARDED)

    rows = latest_events().annotate(state=state_in(2026))
    for state in HoldingState:
        by_columns = set(rows.filter(state_q([state], 2026)).values_list("unit__name", flat=True))
        assert by_columns == set(rows.filter(state=state).values_list("unit__name", flat=True)), state
    assert set(rows.filter(state_q(list(HoldingState), 2026)).values_list("unit__name", flat=True)) == set(
        Unit.objects.values_list("name", flat=True)
    )
