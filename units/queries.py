"""Finding units and regions: named like a word, below a region, merged into another.

Shared by the admin, the staff lists and curation."""

from __future__ import annotations

import hashlib

from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q

from core.filtering import (
    text_contains_q,
)
from core.freshness import cached_until_ledger_changes
from core.models import ReviewStatus
from units.models import Honour, HonourAward, Region, Unit, UnitAlias, UnitMerge


def region_descendant_ids(*, region: Region | int) -> list[int]:
    """The region's id and the ids of every region below it.

    One query per level of the tree (five levels at most: province to
    village), whatever the number of regions.
    """
    root_id = region if isinstance(region, int) else region.pk
    found = [root_id]
    frontier = [root_id]
    seen = {root_id}
    while frontier:
        children = [
            pk for pk in Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True) if pk not in seen
        ]
        seen.update(children)
        found.extend(children)
        frontier = children
    return found


def unit_merged_into(*, unit_id: int) -> Unit | None:
    """The unit a merged-away unit now lives on as: the survivor of the merge that took
    it, followed through later merges (a survivor may have been merged in turn)."""
    survivor_of: dict[int, int] = {}
    for merge in UnitMerge.objects.filter(undone_at__isnull=True, survivor__isnull=False).order_by("merged_at"):
        for row in (merge.snapshot or {}).get("units", []):
            survivor_of[row["pk"]] = merge.survivor_id
    current, seen = unit_id, set()
    while current in survivor_of and current not in seen:
        seen.add(current)
        current = survivor_of[current]
    return Unit.objects.filter(pk=current).first() if current != unit_id else None


def unit_alias_q(prefix: str):
    """Lookup for WordSearchFilter on another model: the word appears in the full
    name, short name or an alias of the unit that ``prefix`` reaches
    (``unit__``), always as subqueries: the text filters combine it with other
    lookups in one OR, where a list of ids would not help the planner."""

    def build(word: str) -> Q:
        return unit_named_in_q(prefix.removesuffix("__"), word)

    return build


def unit_named_in_q(field: str, word: str) -> Q:
    """``field`` (a unit id) is one of the units named like the word, as three
    subqueries — by full name, by short name, by alias — which the database
    computes once each, through that column's index, and hashes. One subquery
    over the units with the three tests in an OR could use no index: it read every
    unit, and computed every name's bigrams (a second at 100,000 units).

    A word that names many of the units (社区) is tested on each row's own unit
    instead (unit_row_named_q): hashing every unit it names cost more than the
    first page (34,000 ids for 社区 at 100,000 units, 18 ms, growing with the
    units), while a list sorted its own way meets a match every few rows."""
    if names_many_units(word):
        return unit_row_named_q(field, word)
    found = (
        Unit.objects.filter(name_contains_q("name", word)).order_by().values("pk"),
        Unit.objects.filter(name_contains_q("short_name", word)).order_by().values("pk"),
        UnitAlias.objects.filter(name_contains_q("name", word)).order_by().values("unit_id"),
    )
    q = Q()
    for ids in found:
        q |= Q(**{f"{field}__in": ids})
    return q


def unit_row_named_q(field: str, word: str) -> Q:
    """The unit that ``field`` reaches ("pk" for the unit itself) has the word in
    its full name, short name or one of its aliases, tested on that unit's row."""
    prefix = "" if field == "pk" else f"{field}__"
    aliased = UnitAlias.objects.filter(text_contains_q("name", word), unit=OuterRef(field))
    return text_contains_q(f"{prefix}name", word) | text_contains_q(f"{prefix}short_name", word) | Q(Exists(aliased))


# A word that names more than this share of the units is common (names_many_units).
COMMON_WORD_SHARE = 0.05


def names_many_units(word: str) -> bool:
    """More than COMMON_WORD_SHARE of the units are named like the word. Kept
    until the ledger changes, as the counts behind it are."""

    def decide() -> bool:
        limit = int(Unit.objects.count() * COMMON_WORD_SHARE)
        return matching_unit_ids(word, limit=limit) is None

    return cached_until_ledger_changes(f"common-unit-word:{_word_key(word)}", decide)


class BigramsContain(Func):
    """PostgreSQL: every two-character piece of the word is in the column's
    (`wenming_bigrams`, indexed by units 0008 on unit names and aliases)."""

    template = "wenming_bigrams(%(expressions)s) @> wenming_bigrams(%(word)s)"
    output_field = BooleanField()

    def __init__(self, field: str, word: str):
        super().__init__(F(field))
        self.word = word

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, word="%s", **extra_context)
        return sql, (*params, self.word)


def name_contains_q(field: str, word: str) -> Q:
    """A unit name or alias column contains the word (text_contains_q). On
    PostgreSQL a caseless word of two or more characters is looked up in the
    column's bigram index first: a two-character word has no trigram, and without
    it every name is read."""
    contains = text_contains_q(field, word)
    if connection.vendor == "postgresql" and len(word) >= 2 and word.upper() == word.lower():
        return Q(BigramsContain(field, word)) & contains
    return contains


# Past this many ids (of aliases matching a word, of units named like it), a query
# tests them as a subquery instead of writing them into the SQL.
IDS_IN_SQL_LIMIT = 1_000


def unit_named_q(word: str) -> Q:
    """The unit's full name, short name or one of its aliases contains `word`. The
    aliases' units are found first and tested by id (no join, so no DISTINCT): then
    the database combines the name indexes with the list (5 ms for 教育局 at
    100,000 units). Past IDS_IN_SQL_LIMIT aliases, three subqueries instead
    (unit_named_in_q)."""
    aliased = UnitAlias.objects.filter(name_contains_q("name", word)).order_by().values("unit_id")
    unit_ids = [row["unit_id"] for row in aliased[: IDS_IN_SQL_LIMIT + 1]]
    if len(unit_ids) > IDS_IN_SQL_LIMIT:
        return unit_named_in_q("pk", word)
    return name_contains_q("name", word) | name_contains_q("short_name", word) | Q(pk__id_in=unit_ids)


def matching_unit_ids(word: str, *, limit: int) -> list[int] | None:
    """The ids of the units whose name, short name or an alias contains the
    word, or None when there are more than ``limit`` of them.

    Found first, in a query of their own, the ids tell the database how many
    rows to expect; a text match inside a bigger query leaves it guessing half
    the table, and its plan then reads far more than it needs for a rare word.
    """

    def find() -> list[int] | None:
        # Two queries, not one OR: each can then use its trigram index (PostgreSQL).
        named = name_contains_q("name", word) | name_contains_q("short_name", word)
        ids = set(Unit.objects.filter(named).order_by().values_list("pk", flat=True)[: limit + 1])
        if len(ids) <= limit:
            aliased = UnitAlias.objects.filter(name_contains_q("name", word))
            ids.update(aliased.values_list("unit_id", flat=True)[: limit + 1])
        return sorted(ids) if len(ids) <= limit else None

    # A two-character word reads every unit name (no trigram to look up), and the
    # same words come back page after page: kept until the ledger changes.
    return cached_until_ledger_changes(f"unit-ids:{limit}:{_word_key(word)}", find)


def _word_key(word: str) -> str:
    return hashlib.sha256(word.encode()).hexdigest()[:32]


# A unit-list search naming up to this many units lists them by id.
FEW_UNITS = 5_000


def unit_named_like_q(word: str, field: str = "unit", *, limit: int = IDS_IN_SQL_LIMIT) -> Q:
    """The unit (``field``: "unit" on a record, "pk" on the unit list) is named like
    the word (unit_named_q). Up to ``limit`` units are found first and listed by id,
    so the record table is read without a join to the units; past it the names are
    tested inside the query."""
    ids = matching_unit_ids(word, limit=limit)
    if ids is not None:
        return Q(**{f"{field}__id_in": ids})
    if field == "pk":
        return unit_named_q(word)
    return unit_named_in_q(field, word)


def unit_search_q(word: str) -> Q:
    """The unit list's search by name (through unit_named_like_q)."""
    return unit_named_like_q(word, "pk", limit=FEW_UNITS)


def unit_honour_q(word: str) -> Q:
    """The unit holds an accepted honour whose name contains the word: a search for
    文明单位 finds the units that are 文明单位, not only those with it in their name.

    The catalogue is read first (a few dozen rows): a word no honour is named by
    (教育局) adds nothing to the search, where a subquery in its OR kept the
    database from estimating the rest, and it read 45,000 units in name order to
    find 50."""
    honours = list(Honour.objects.filter(text_contains_q("name", word)).values_list("pk", flat=True))
    if not honours:
        return Q(pk__in=[])
    awards = HonourAward.objects.filter(honour__in=honours, review_status=ReviewStatus.ACCEPTED).exclude(
        status__in=HOLDING_STATUSES_EXCLUDED
    )
    return Q(pk__in=awards.values("unit_id"))


# Awards that mean a unit holds (or held) the honour; a revoked or lapsed row
# records the loss, not a holding.
HOLDING_STATUSES_EXCLUDED = (HonourAward.Status.REVOKED, HonourAward.Status.LAPSED)
