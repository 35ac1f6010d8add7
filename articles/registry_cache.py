"""The registry as one import run sees it: `ImportCache`, the units, aliases,
awards, honours, regions and campaigns looked up once and reused from file to
file, and `catalogue_key`, the key honour and campaign names are looked up by.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from campaigns.models import Campaign
from units.models import Honour, HonourAward, HonourRound, Region, Unit, UnitAlias

_FOLD_DROP = dict.fromkeys(map(ord, " \t\u3000“”‘’\"'《》「」"))


def catalogue_key(name: str) -> str:
    """A lookup key for catalogue names: NFKC, no spaces or quote marks."""
    return unicodedata.normalize("NFKC", name).translate(_FOLD_DROP)


_UnitKey = tuple[str, str | None]  # (canonical name, region named by the mention)
_AwardKey = tuple[int, int | None, str]  # (honour id, year, event) of a unit's award


class ImportCache:
    """Registry lookups an import run reuses from file to file (a paper names the
    same units on every page): units, their aliases, the awards they hold, the
    honour catalogue.

    What a file's transaction creates is staged, and kept only when that
    transaction went through (`commit`); a file that fails is `discard`ed, so
    no row it rolled back is ever handed out again. Regions and campaigns are
    only read, never written by the importer, so they are cached directly.
    """

    def __init__(self) -> None:
        self._units: dict[_UnitKey, Unit | None] = {}
        self._aliases: dict[int, frozenset[str]] = {}
        self._awards: dict[int, frozenset[_AwardKey]] = {}
        self._honours: dict[str, Honour] | None = None
        self._rounds: dict[int, list[HonourRound]] | None = None
        self._staged_units: dict[_UnitKey, Unit | None] = {}
        self._staged_aliases: dict[int, set[str]] = {}
        self._staged_awards: dict[int, set[_AwardKey]] = {}
        self._staged_honours: dict[str, Honour] = {}
        self._regions: tuple[dict[str, Region], dict[str, list[Region]]] | None = None
        self.campaigns: dict[str, Campaign] | None = None
        self._registry_names: set[str] | None = None

    def commit(self) -> None:
        self._units.update(self._staged_units)
        self._aliases.update({pk: frozenset(names) for pk, names in self._staged_aliases.items()})
        self._awards.update({pk: frozenset(keys) for pk, keys in self._staged_awards.items()})
        if self._honours is not None:
            self._honours.update(self._staged_honours)
        self.discard()

    def discard(self) -> None:
        self._staged_units, self._staged_aliases, self._staged_awards, self._staged_honours = {}, {}, {}, {}

    def forget(self) -> None:
        """Drop everything read from the database as well: after a unique
        constraint refused a row, another import has written rows this cache
        has not seen, so the next file looks them up afresh."""
        self.discard()
        self._units, self._aliases, self._awards, self._honours = {}, {}, {}, None
        self._registry_names = None

    def may_be_registered(self, names: Iterable[str]) -> bool:
        """False when no unit is named, or aliased, by any of `names`: then no query
        can find one. Every name and alias of the registry is read once per run (most
        mentions of a first import name no unit yet); the run adds what it creates."""
        if self._registry_names is None:
            self._registry_names = set(Unit.objects.values_list("name", flat=True))
            self._registry_names.update(UnitAlias.objects.values_list("name", flat=True))
        return any(name in self._registry_names for name in names)

    def registered(self, *names: str) -> None:
        if self._registry_names is not None:
            self._registry_names.update(names)

    def created(self, unit: Unit) -> None:
        """A unit this file created has no aliases nor awards yet: nothing to look up."""
        self.registered(unit.name)
        self._staged_aliases.setdefault(unit.pk, set())
        self._staged_awards.setdefault(unit.pk, set())

    def region(self, name: str) -> Region | None:
        """The region of that full name (山东省菏泽市牡丹区), else the only one of that short
        name; the whole list is read at the first call (a few thousand rows, one query)."""
        if self._regions is None:
            by_full: dict[str, Region] = {}
            by_name: dict[str, list[Region]] = {}
            for region in Region.objects.all():
                by_full[region.full_name] = region
                by_name.setdefault(region.name, []).append(region)
            self._regions = (by_full, by_name)
        by_full, by_name = self._regions
        if name in by_full:
            return by_full[name]
        same_name = by_name.get(name, [])
        return same_name[0] if len(same_name) == 1 else None

    def unit(self, key: _UnitKey) -> tuple[bool, Unit | None]:
        """(known, unit): unit is None for a unit reviewers rejected."""
        for layer in (self._staged_units, self._units):
            if key in layer:
                return True, layer[key]
        return False, None

    def unit_set(self, key: _UnitKey, unit: Unit | None) -> None:
        self._staged_units[key] = unit

    def alias_names(self, unit: Unit) -> set[str]:
        """The unit's alias names, as a set this file may add to."""
        names = self._staged_aliases.get(unit.pk)
        if names is None:
            known = self._aliases.get(unit.pk)
            names = set(known) if known is not None else set(unit.aliases.values_list("name", flat=True))
            self._staged_aliases[unit.pk] = names
        return names

    def awards(self, unit: Unit) -> set[_AwardKey]:
        """(honour id, year, event) of every award the unit holds, rejected ones included,
        as a set this file may add to: one query per unit and run, not per mention."""
        keys = self._staged_awards.get(unit.pk)
        if keys is None:
            known = self._awards.get(unit.pk)
            keys = (
                set(known)
                if known is not None
                else set(HonourAward.objects.filter(unit_id=unit.pk).values_list("honour_id", "year", "status"))
            )
            self._staged_awards[unit.pk] = keys
        return keys

    def honour(self, key: str) -> Honour | None:
        if self._honours is None:
            catalogue: dict[str, Honour] = {}
            honours = list(Honour.objects.all())
            for honour in honours:
                for alias in honour.aliases or ():
                    if isinstance(alias, str) and alias:
                        catalogue.setdefault(catalogue_key(alias), honour)
            for honour in honours:  # a catalogue name beats another entry's alias
                catalogue[catalogue_key(honour.name)] = honour
            self._honours = catalogue
        return self._staged_honours.get(key) or self._honours.get(key)

    def rounds(self, honour: Honour) -> list[HonourRound]:
        """The honour's rounds (read once a run: staff add rounds, imports never do)."""
        if self._rounds is None:
            self._rounds = {}
            for honour_round in HonourRound.objects.order_by("number"):
                self._rounds.setdefault(honour_round.honour_id, []).append(honour_round)
        return self._rounds.get(honour.pk, [])

    def honour_set(self, key: str, honour: Honour) -> None:
        self._staged_honours[key] = honour
