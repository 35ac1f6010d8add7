"""Write operations on units: merging duplicates into a survivor, and undoing a merge.

A merge moves every row that points at a merged unit over to the survivor, turns
the merged units' names into aliases of the survivor, records what it did in a
`UnitMerge` and deletes the merged units. Nothing is thrown away: where a moved
row collides with one the survivor already has (same alias, same honour event in the
same year, same activity), one row is kept, the other's evidence is written into
the kept row, and the dropped row is stored in the merge snapshot, from which
`unit_merge_undo` puts every row back exactly where it was.

Snapshot layout (JSON, `UnitMerge.snapshot`):
    format   — layout version (1)
    survivor — survivor pk at merge time
    units    — the merged units' rows (Django "json" serializer dicts)
    moved    — [{"model", "pk", "field", "from", "to"}] rows re-pointed at the survivor
    created  — [{"model", "pk"}] rows the merge created (aliases from merged names)
    removed  — serializer dicts of rows dropped as duplicates, with their original unit
    changed  — [{"model", "pk", "field", "before", "after"}] values the merge changed
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from campaigns.models import ActivityOrganiser, VolunteerRecord
from campaigns.tallies import refresh_unit_tallies
from core.lossless_json import LosslessJSONEncoder
from core.models import ReviewStatus
from units.models import HonourAward, Unit, UnitAlias, UnitMerge

SNAPSHOT_FORMAT = 1

# Review outcome ranks an award when two collide: the trusted one is kept.
_REVIEW_RANK = {ReviewStatus.ACCEPTED: 2, ReviewStatus.PENDING: 1, ReviewStatus.REJECTED: 0}
# When two organiser rows of one activity collapse, the stronger role survives.
_ROLE_RANK = {
    ActivityOrganiser.Role.HOST: 3,
    ActivityOrganiser.Role.CO_HOST: 2,
    ActivityOrganiser.Role.EXECUTOR: 1,
    ActivityOrganiser.Role.PARTICIPANT: 0,
}
# Relations the merge handles with their own conflict rules; every other
# foreign key to Unit is moved as it is (see _move_other_relations).
_HANDLED_RELATIONS = {
    ("units.unitalias", "unit"),
    ("units.honouraward", "unit"),
    ("campaigns.activityorganiser", "unit"),
    ("campaigns.volunteerrecord", "unit"),
    ("units.unit", "parent"),
    # Derived figures: recounted after the merge, never moved.
    ("campaigns.unittally", "unit"),
}


def _label(model_or_obj) -> str:
    return model_or_obj._meta.label_lower


def _serialize(obj: models.Model) -> dict:
    # JSON-safe strings for dates and decimals; the "python" deserializer turns
    # them back (Field.to_python).
    return json.loads(json.dumps(serializers.serialize("python", [obj])[0], cls=LosslessJSONEncoder))


def stamp_change(obj: models.Model, *, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason


def bump_version(obj: models.Model, now) -> list[str]:
    """Moved provenance records get a new version so that a form opened before the
    merge cannot overwrite them (see core.locking)."""
    if hasattr(obj, "version"):
        obj.version += 1
        obj.updated_at = now
        return ["version", "updated_at"]
    return []


@dataclass
class _MergeLog:
    survivor_id: int
    units: list[dict] = field(default_factory=list)
    moved: list[dict] = field(default_factory=list)
    created: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    # (model label, pk) → original unit pk, for rows moved earlier in this merge.
    origin: dict[tuple[str, int], int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "format": SNAPSHOT_FORMAT,
            "survivor": self.survivor_id,
            "units": self.units,
            "moved": self.moved,
            "created": self.created,
            "removed": self.removed,
            "changed": self.changed,
        }


class _Merger:
    """One merge in progress; all methods run inside the merge transaction."""

    def __init__(self, *, merge: UnitMerge, survivor: Unit, others: list[Unit], user, history_reason: str):
        self.merge = merge
        self.survivor = survivor
        self.others = others
        self.user = user
        self.reason = history_reason
        self.now = timezone.now()
        self.log = _MergeLog(survivor_id=survivor.pk)
        self.unit_ids = {survivor.pk, *(o.pk for o in others)}

    # -- bookkeeping ---------------------------------------------------------

    def _move_all(self, model, objs: list, fk: str, source: Unit) -> None:
        """Re-point `objs` from `source` to the survivor, with one history row each."""
        if not objs:
            return
        attname = model._meta.get_field(fk).attname
        fields = [fk]
        for obj in objs:
            self.log.moved.append(
                {"model": _label(model), "pk": obj.pk, "field": attname, "from": source.pk, "to": self.survivor.pk}
            )
            self.log.origin[(_label(model), obj.pk)] = source.pk
            setattr(obj, attname, self.survivor.pk)
            extra = bump_version(obj, self.now)
            fields = [fk, *extra]
        bulk_update_with_history(
            objs, model, fields, batch_size=500, default_user=self.user, default_change_reason=self.reason
        )

    def _remove(self, obj: models.Model, fk_attname: str) -> None:
        """Delete a duplicate row, keeping it in the snapshot pointed at its original unit."""
        row = _serialize(obj)
        origin = self.log.origin.get((_label(obj), obj.pk))
        if origin is not None:
            row["fields"][fk_attname.removesuffix("_id")] = origin
        self.log.removed.append(row)
        stamp_change(obj, user=self.user, reason=self.reason)
        obj.delete()

    def _change(self, obj: models.Model, **values) -> None:
        for attname, after in values.items():
            self.log.changed.append(
                {"model": _label(obj), "pk": obj.pk, "field": attname, "before": getattr(obj, attname), "after": after}
            )
            setattr(obj, attname, after)
        bump_version(obj, self.now)
        stamp_change(obj, user=self.user, reason=self.reason)
        obj.save()

    # -- the relations -------------------------------------------------------

    def move_aliases(self, other: Unit, taken: set[str]) -> None:
        to_move = []
        for alias in other.aliases.select_for_update().order_by("pk"):
            if alias.name in taken or alias.name == self.survivor.name:
                self._remove(alias, "unit_id")
            else:
                taken.add(alias.name)
                to_move.append(alias)
        self._move_all(UnitAlias, to_move, "unit", other)

    def move_awards(self, other: Unit) -> None:
        held = {(a.honour_id, a.year, a.status): a for a in self.survivor.honour_awards.select_for_update()}
        to_move = []
        for award in other.honour_awards.select_for_update().order_by("pk"):
            key = (award.honour_id, award.year, award.status)
            kept = held.get(key)
            if kept is None:
                held[key] = award
                to_move.append(award)
                continue
            if _REVIEW_RANK[award.review_status] > _REVIEW_RANK[kept.review_status]:
                # The incoming award is the trusted one: drop the survivor's, then move it.
                self._remove(kept, "unit_id")
                self._move_all(HonourAward, [award], "unit", other)
                held[key] = award
                self._change(award, note=_join_note(award.note, _award_evidence_note(kept, self.survivor)))
            else:
                self._remove(award, "unit_id")
                self._change(kept, note=_join_note(kept.note, _award_evidence_note(award, other)))
        self._move_all(HonourAward, to_move, "unit", other)

    def move_organiser_roles(self, other: Unit) -> None:
        held = {r.activity_id: r for r in self.survivor.activity_roles.select_for_update()}
        to_move = []
        for role in other.activity_roles.select_for_update().order_by("pk"):
            kept = held.get(role.activity_id)
            if kept is None:
                held[role.activity_id] = role
                to_move.append(role)
                continue
            self._remove(role, "unit_id")
            if _ROLE_RANK[role.role] > _ROLE_RANK[kept.role]:
                self._change(kept, role=role.role)
        self._move_all(ActivityOrganiser, to_move, "unit", other)

    def move_volunteer_records(self, other: Unit) -> None:
        records = list(VolunteerRecord.objects.select_for_update().filter(unit=other).order_by("pk"))
        self._move_all(VolunteerRecord, records, "unit", other)

    def move_children(self, other: Unit) -> None:
        children = list(
            Unit.objects.select_for_update().filter(parent=other).exclude(pk__in=self.unit_ids).order_by("pk")
        )
        self._move_all(Unit, children, "parent", other)

    def move_other_relations(self, other: Unit) -> None:
        """Foreign keys to Unit added after this service was written still move,
        so that deleting the merged unit never cascades over them."""
        for rel in Unit._meta.related_objects:
            if rel.many_to_many or (_label(rel.related_model), rel.field.name) in _HANDLED_RELATIONS:
                continue
            model = rel.related_model
            rows = list(model._default_manager.select_for_update().filter(**{rel.field.name: other}).order_by("pk"))
            if not rows:
                continue
            if hasattr(model, "history"):
                self._move_all(model, rows, rel.field.name, other)
            else:
                for row in rows:
                    self.log.moved.append(
                        {
                            "model": _label(model),
                            "pk": row.pk,
                            "field": rel.field.attname,
                            "from": other.pk,
                            "to": self.survivor.pk,
                        }
                    )
                    setattr(row, rel.field.attname, self.survivor.pk)
                    row.save(update_fields=[rel.field.name])

    def add_names_as_aliases(self, other: Unit, taken: set[str]) -> None:
        for name in (other.name, other.short_name):
            if not name or name == self.survivor.name or name in taken:
                continue
            taken.add(name)
            alias = UnitAlias(
                unit=self.survivor,
                name=name,
                article_id=other.article_id,
                evidence=other.evidence,
                evidence_start=other.evidence_start,
                evidence_end=other.evidence_end,
                review_status=ReviewStatus.ACCEPTED,
                reviewed_by=self.user,
                reviewed_at=self.now,
                review_note=f"由单位合并 #{self.merge.pk} 生成",
            )
            stamp_change(alias, user=self.user, reason=self.reason)
            alias.save()
            self.log.created.append({"model": _label(alias), "pk": alias.pk})

    def fill_survivor_blanks(self) -> None:
        """The survivor takes over what only a merged unit knew (region, kind, parent, short name)."""
        survivor = self.survivor
        values: dict[str, object] = {}
        if survivor.parent_id in self.unit_ids:
            merged_parent = next(o for o in self.others if o.pk == survivor.parent_id)
            values["parent_id"] = merged_parent.parent_id if merged_parent.parent_id not in self.unit_ids else None
        current_parent = values.get("parent_id", survivor.parent_id)
        for other in self.others:
            if survivor.region_id is None and "region_id" not in values and other.region_id is not None:
                values["region_id"] = other.region_id
            if survivor.kind == Unit.Kind.OTHER and "kind" not in values and other.kind != Unit.Kind.OTHER:
                values["kind"] = other.kind
            if not survivor.short_name and "short_name" not in values and other.short_name:
                values["short_name"] = other.short_name
            if current_parent is None and other.parent_id is not None and other.parent_id not in self.unit_ids:
                values["parent_id"] = current_parent = other.parent_id
        if values:
            self._change(survivor, **values)


def _join_note(note: str, addition: str) -> str:
    return f"{note}\n{addition}" if note else addition


def _award_evidence_note(award: HonourAward, owner: Unit) -> str:
    source = f"文章 #{award.article_id}" if award.article_id else "手工录入"
    evidence = award.evidence or "（无原句）"
    extra = f"；原备注：{award.note}" if award.note else ""
    status = award.get_review_status_display()
    return f"[合并] 并入原属“{owner.name}”的重复记录（{source}，{status}）：{evidence}{extra}"


def _history_reason(merge: UnitMerge, reason: str) -> str:
    number = f" #{merge.pk}" if merge.pk else ""
    text = f"单位合并{number}：{'、'.join(merge.merged_names)} → {merge.survivor_name}"
    return f"{text}；理由：{reason}" if reason else text


def unit_merge(*, survivor: Unit, others: Iterable[Unit], user, reason: str = "") -> UnitMerge:
    """Merge `others` into `survivor`; returns the `UnitMerge` that records it."""
    others = list(others)
    if not others:
        raise ValidationError("请至少选择一个要并入的单位。")
    other_ids = [o.pk for o in others]
    if survivor.pk in other_ids:
        raise ValidationError("保留单位不能同时被合并。")
    if len(set(other_ids)) != len(other_ids):
        raise ValidationError("被合并单位有重复。")

    with transaction.atomic():
        locked = Unit.objects.select_for_update().in_bulk([survivor.pk, *other_ids])
        missing = [u.name for u in [survivor, *others] if u.pk not in locked]
        if missing:
            raise ValidationError(f"单位已不存在：{'、'.join(missing)}")
        survivor = locked[survivor.pk]
        others = [locked[pk] for pk in other_ids]

        merge = UnitMerge(
            survivor=survivor,
            survivor_name=survivor.name,
            merged_names=[o.name for o in others],
            merged_by=user,
            reason=reason,
        )
        stamp_change(merge, user=user, reason=_history_reason(merge, reason))
        merge.save()
        history_reason = _history_reason(merge, reason)
        # The creation row was written before the merge had its number; give it the full reason.
        merge.history.filter(history_type="+").update(history_change_reason=history_reason)

        merger = _Merger(merge=merge, survivor=survivor, others=others, user=user, history_reason=history_reason)
        merger.log.units = [_serialize(o) for o in others]
        taken = set(survivor.aliases.values_list("name", flat=True))
        for other in others:
            merger.move_aliases(other, taken)
            merger.move_awards(other)
            merger.move_organiser_roles(other)
            merger.move_volunteer_records(other)
            merger.move_children(other)
            merger.move_other_relations(other)
        for other in others:
            merger.add_names_as_aliases(other, taken)
        merger.fill_survivor_blanks()
        for other in others:
            stamp_change(other, user=user, reason=history_reason)
            other.delete()

        UnitMerge.objects.filter(pk=merge.pk).update(snapshot=merger.log.as_json())
        merge.snapshot = merger.log.as_json()
        # The moves were bulk updates, which send no signals.
        refresh_unit_tallies(unit_ids=[survivor.pk])
    return merge


# -- undo ---------------------------------------------------------------------
