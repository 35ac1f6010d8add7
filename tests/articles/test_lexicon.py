"""The Django side of the extraction lexicon: the registry read into plain data."""

from __future__ import annotations

from articles.extraction.units import compile_lexicon
from articles.lexicon import build_lexicon
from units.models import Unit, UnitAlias


def test_the_lexicon_carries_registered_units_with_their_aliases(db):
    unit = Unit.objects.create(name="菏泽市委办公室")
    UnitAlias.objects.create(unit=unit, name="市委办公室")
    lexicon = build_lexicon()
    assert [(u.name, u.aliases) for u in lexicon.units] == [("菏泽市委办公室", ("市委办公室",))]


def test_two_reads_of_an_unchanged_registry_share_one_compiled_recogniser(db):
    Unit.objects.create(name="菏泽市委办公室")
    first, second = build_lexicon(), build_lexicon()
    assert first == second
    assert hash(first) == hash(second)
    assert compile_lexicon(first) is compile_lexicon(second)


def test_a_registry_change_gives_a_different_lexicon(db):
    first = build_lexicon()
    hash(first)  # the kept hash must not outlive a change to the registry
    Unit.objects.create(name="菏泽市委办公室")
    second = build_lexicon()
    assert first != second
    assert compile_lexicon(first) is not compile_lexicon(second)
