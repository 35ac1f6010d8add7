"""Finding units named like a word (units/queries.py)."""

import pytest
from django.db import connection

from units import queries
from units.models import Unit, UnitAlias
from units.queries import unit_named_in_q, unit_named_q


@pytest.fixture
def units(heze) -> dict[str, Unit]:
    by_name = Unit.objects.create(name="牡丹区东城街道和平社区居委会", kind=Unit.Kind.COMMUNITY, region=heze)
    by_short_name = Unit.objects.create(
        name="牡丹区东城街道和平居委会", short_name="和平社区", kind=Unit.Kind.COMMUNITY, region=heze
    )
    by_alias = Unit.objects.create(name="菏泽市第一中学", kind=Unit.Kind.SCHOOL, region=heze)
    UnitAlias.objects.create(unit=by_alias, name="一中社区学校")
    other = Unit.objects.create(name="菏泽市教育局", kind=Unit.Kind.PARTY_GOVERNMENT, region=heze)
    return {"name": by_name, "short_name": by_short_name, "alias": by_alias, "other": other}


def test_a_two_character_word_finds_units_by_name_short_name_and_alias(units):
    found = set(Unit.objects.filter(unit_named_q("社区")))
    assert found == {units["name"], units["short_name"], units["alias"]}


def test_past_the_id_list_limit_the_aliases_are_a_subquery_and_find_the_same(units, monkeypatch):
    monkeypatch.setattr(queries, "IDS_IN_SQL_LIMIT", 0)
    found = set(Unit.objects.filter(unit_named_q("社区")))
    assert found == {units["name"], units["short_name"], units["alias"]}


@pytest.mark.parametrize("share", [1.0, 0.0], ids=["rare word: three subqueries", "common word: each row's unit"])
def test_records_of_units_named_like_a_word_are_found_either_way(units, monkeypatch, share):
    monkeypatch.setattr(queries, "COMMON_WORD_SHARE", share)
    aliases = UnitAlias.objects.filter(unit_named_in_q("unit", "社区"))
    assert [alias.name for alias in aliases] == ["一中社区学校"]


@pytest.mark.parametrize("share", [1.0, 0.0], ids=["rare word: three subqueries", "common word: each row's unit"])
def test_units_named_like_a_word_are_found_either_way(units, monkeypatch, share):
    monkeypatch.setattr(queries, "COMMON_WORD_SHARE", share)
    found = set(Unit.objects.filter(unit_named_in_q("pk", "社区")))
    assert found == {units["name"], units["short_name"], units["alias"]}


def test_a_word_naming_more_than_a_twentieth_of_the_units_is_common(units):
    assert queries.names_many_units("社区") is True  # three of four units


def test_a_word_naming_few_of_the_units_is_not_common(units, heze):
    Unit.objects.bulk_create(Unit(name=f"菏泽市第{n}小学", region=heze) for n in range(40))
    assert queries.names_many_units("教育局") is False  # one of 44 units


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index is PostgreSQL's")
def test_a_name_is_indexed_by_its_two_character_pieces(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT wenming_bigrams('和平社区')")
        pieces = sorted(cursor.fetchone()[0])
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'unit_name_bigrams'")
        definition = cursor.fetchone()[0]
    assert pieces == sorted(["和平", "平社", "社区"])
    assert "gin (wenming_bigrams((name)::text))" in definition
