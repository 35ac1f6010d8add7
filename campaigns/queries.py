"""Finding activities and campaigns named like a word (by their organisers' names, by a
campaign's aliases); shared by the admin and the staff lists."""

from django.db.models import Exists, OuterRef, Q

from campaigns.models import ActivityOrganiser, Campaign
from units.queries import matching_unit_ids, unit_alias_q


def campaign_ids_with_alias(word: str) -> list[int]:
    # Aliases live in a JSON list, which SQLite stores \u-escaped, so a SQL
    # LIKE cannot see the Chinese in it; the campaign table is small enough to
    # match in Python.
    return [
        pk
        for pk, name, aliases in Campaign.objects.values_list("pk", "name", "aliases")
        if word.lower() in name.lower() or any(word.lower() in str(alias).lower() for alias in aliases or [])
    ]


def campaign_q(prefix: str = ""):
    def build(word: str) -> Q:
        return Q(**{f"{prefix}pk__in": campaign_ids_with_alias(word)})

    return build


# Up to this many units matching a word, the search names them by id; past it
# (局 names tens of thousands) it tests the units' names inside the query.
FEW_ORGANISERS = 500


# Up to this many of their activities are listed by id.
FEW_ACTIVITIES = 5_000


def organiser_name_q(word: str) -> Q:
    """The word is in the name, short name or an alias of one of the activity's
    organisers (see reports.unit_filters.matching_unit_ids)."""
    unit_ids = matching_unit_ids(word, limit=FEW_ORGANISERS)
    if unit_ids is not None:
        organised = ActivityOrganiser.objects.filter(unit_id__id_in=unit_ids).values_list("activity_id", flat=True)
        activity_ids = list(organised[: FEW_ACTIVITIES + 1])
        if len(activity_ids) <= FEW_ACTIVITIES:
            # A list the database can look up in the primary key, beside the
            # text columns' trigram indexes: a rare word reads only its rows.
            return Q(pk__id_in=activity_ids)
        named = Q(unit_id__id_in=unit_ids)
    else:
        named = unit_alias_q("unit__")(word)
    # Many activities: the database tests each activity's organisers, or hashes
    # the units' activities once, read from the (unit, activity) index.
    return Q(Exists(ActivityOrganiser.objects.filter(named, activity=OuterRef("pk"))))
