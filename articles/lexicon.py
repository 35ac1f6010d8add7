"""The Django side of the extraction lexicon: what the database knows, as plain data.

`build_lexicon()` reads the unit registry (names and aliases), the honour
catalogue and the campaigns from the database into an
`articles.extraction.Lexicon`, for the importer. The registry only resolves a
finished name to a known unit (市委办公室 → the registered 菏泽市委办公室); it never
changes where a name starts or ends. Where the tables do not exist yet, it falls back
to the package's own data.
"""

from __future__ import annotations

from django.db import DatabaseError, connection

from articles.extraction import Campaign, CatalogueHonour, HashedOnceLexicon, Lexicon, RegisteredUnit
from articles.extraction.lexicon import builtin_campaigns, honour_from_fields
from campaigns.models import Campaign as CampaignRow
from core.models import ReviewStatus
from units.models import Honour, HonourRound, Unit, UnitAlias


def _tables_exist(*names: str) -> bool:
    try:
        existing = set(connection.introspection.table_names())
    except DatabaseError:
        return False
    return all(name in existing for name in names)


def _registered_units() -> tuple[RegisteredUnit, ...]:
    if not _tables_exist(Unit._meta.db_table, UnitAlias._meta.db_table):
        return ()
    aliases: dict[int, list[str]] = {}
    for unit_id, name in (
        UnitAlias.objects.exclude(review_status=ReviewStatus.REJECTED).values_list("unit_id", "name").iterator()
    ):
        aliases.setdefault(unit_id, []).append(name)
    units = []
    for unit_id, name, short_name, kind, region in (
        Unit.objects.exclude(review_status=ReviewStatus.REJECTED)
        .values_list("id", "name", "short_name", "kind", "region__full_name")
        .iterator()
    ):
        forms = [a for a in aliases.get(unit_id, []) if a and a != name]
        if short_name and short_name != name:
            forms.append(short_name)
        units.append(RegisteredUnit(name=name, aliases=tuple(dict.fromkeys(forms)), kind=kind, region=region))
    return tuple(units)


def _catalogue() -> tuple[CatalogueHonour, ...]:
    if not _tables_exist(Honour._meta.db_table):
        return ()
    round_years: dict[int, dict[str, int]] = {}
    for honour_id, number, year in HonourRound.objects.values_list("honour_id", "number", "year"):
        round_years.setdefault(honour_id, {})[str(number)] = year
    out = []
    for fields in Honour.objects.values("pk", "name", "aliases", "level", "category", "awarding_body"):
        honour = honour_from_fields({**fields, "round_years": round_years.get(fields["pk"], {})})
        if honour is not None:
            out.append(honour)
    return tuple(out)


def _campaigns() -> tuple[Campaign, ...]:
    builtin = builtin_campaigns()
    if not _tables_exist(CampaignRow._meta.db_table):
        return builtin
    rows = tuple(
        Campaign(name=name, signals=tuple(dict.fromkeys([name, *(a for a in (aliases or []) if isinstance(a, str))])))
        for name, aliases in CampaignRow.objects.values_list("name", "aliases")
    )
    known = {c.name for c in rows}
    return rows + tuple(c for c in builtin if c.name not in known)


class RegistryLexicon(HashedOnceLexicon):
    """A Lexicon read from the database: the registry read for a run does not
    change during it, so its hash is computed once (see HashedOnceLexicon)."""


def build_lexicon(*, source_region: str | None = None) -> Lexicon:
    """The lexicon for extraction: registry, catalogue and campaigns from the database, else from files."""
    files = Lexicon.from_files(source_region=source_region)
    try:
        units = _registered_units()
        # The database's honours (staff's own names and aliases) resolve first; the
        # built-in national catalogue backs them up.
        honours = _catalogue() + files.honours
        campaigns = _campaigns()
    except DatabaseError:
        return files
    return RegistryLexicon(units=units, honours=honours, campaigns=campaigns, source_region=source_region)
