"""Undoing a unit merge: the merged units, their aliases and records come back as the
merge's snapshot kept them, and the survivor loses what it took over."""

from __future__ import annotations

import json

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from campaigns.tallies import refresh_unit_tallies
from curation.merging import SNAPSHOT_FORMAT, bump_version, stamp_change
from units.models import Unit, UnitMerge


def _restore_row(row: dict, *, user, reason: str) -> models.Model:
    """Insert a serialized row again under its old primary key. Foreign keys whose
    target is gone since are cleared when nullable; otherwise the undo is refused."""
    obj = next(serializers.deserialize("python", [row], ignorenonexistent=True)).object
    model = type(obj)
    for f in model._meta.concrete_fields:
        if not f.is_relation or getattr(obj, f.attname) is None:
            continue
        target = f.related_model._default_manager.filter(pk=getattr(obj, f.attname))
        if target.exists():
            continue
        if f.null:
            setattr(obj, f.attname, None)
        else:
            raise ValidationError(
                f"无法恢复{model._meta.verbose_name}“{obj}”：其{f.verbose_name}（#{getattr(obj, f.attname)}）已不存在。"
            )
    if hasattr(obj, "version"):
        obj.version += 1
    stamp_change(obj, user=user, reason=reason)
    obj.save(force_insert=True)
    # auto_now_add fields were reset by the insert; put the original time back.
    original = {
        f.attname: f.to_python(row["fields"][f.name])
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False) and row["fields"].get(f.name)
    }
    if original:
        model._default_manager.filter(pk=obj.pk).update(**original)
    return obj


def unit_merge_undo(*, merge: UnitMerge, user, reason: str = "") -> UnitMerge:
    """Restore the units a merge deleted and move back exactly what it moved."""
    with transaction.atomic():
        merge = UnitMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.is_undone:
            when = timezone.localtime(merge.undone_at)
            raise ValidationError(f"合并记录 #{merge.pk} 已于 {when:%Y-%m-%d %H:%M} 撤销。")
        snapshot = merge.snapshot or {}
        if snapshot.get("format") != SNAPSHOT_FORMAT:
            raise ValidationError(f"合并记录 #{merge.pk} 没有可用的撤销快照。")
        if merge.survivor_id != snapshot["survivor"]:
            later = [
                m
                for m in UnitMerge.objects.filter(undone_at__isnull=True, merged_at__gt=merge.merged_at)
                if merge.survivor_name in m.merged_names
            ]
            hint = f"（见合并记录 #{later[0].pk}）" if later else ""
            raise ValidationError(
                f"保留单位“{merge.survivor_name}”后来已被合并或删除{hint}，请先撤销那次操作，再撤销本次合并。"
            )
        names = [row["fields"]["name"] for row in snapshot["units"]]
        taken = list(Unit.objects.filter(name__in=names).values_list("name", flat=True))
        if taken:
            raise ValidationError(f"无法撤销：单位名称已被其他单位使用：{'、'.join(taken)}")
        # After a restore from a backup the id sequence may hand a merged-away unit's id to a new unit.
        merged_ids = [row["pk"] for row in snapshot["units"]]
        reused = list(Unit.objects.filter(pk__in=merged_ids).values_list("name", flat=True))
        if reused:
            raise ValidationError(f"无法撤销：被合并单位原来的编号已被其他单位占用：{'、'.join(reused)}")

        history_reason = f"撤销单位合并 #{merge.pk}" + (f"；理由：{reason}" if reason else "")

        # 1. The merged units come back first (parents second: they may point at each other).
        restored_units = []
        for row in snapshot["units"]:
            row = json.loads(json.dumps(row))
            parent = row["fields"].get("parent")
            row["fields"]["parent"] = None
            unit = _restore_row(row, user=user, reason=history_reason)
            restored_units.append((unit, parent))
        for unit, parent in restored_units:
            if parent is not None and Unit.objects.filter(pk=parent).exists():
                unit.parent_id = parent
                stamp_change(unit, user=user, reason=history_reason)
                unit.save(update_fields=["parent"])

        # 2. Aliases the merge made from the merged names go.
        for entry in snapshot["created"]:
            model = apps.get_model(entry["model"])
            obj = model._default_manager.filter(pk=entry["pk"], unit_id=merge.survivor_id).first()
            if obj is not None:
                stamp_change(obj, user=user, reason=history_reason)
                obj.delete()

        # 3. Moved rows go back where they came from, unless someone has re-pointed them since.
        now = timezone.now()
        by_relation: dict[tuple[str, str], list[dict]] = {}
        for entry in snapshot["moved"]:
            by_relation.setdefault((entry["model"], entry["field"]), []).append(entry)
        for (label, attname), entries in by_relation.items():
            model = apps.get_model(label)
            rows = model._default_manager.select_for_update().in_bulk([e["pk"] for e in entries])
            back = []
            for entry in entries:
                obj = rows.get(entry["pk"])
                if obj is None or getattr(obj, entry["field"]) != entry["to"]:
                    continue
                setattr(obj, entry["field"], entry["from"])
                bump_version(obj, now)
                back.append(obj)
            if not back:
                continue
            field_name = next(f.name for f in model._meta.concrete_fields if f.attname == attname)
            fields = [field_name, *(["version", "updated_at"] if hasattr(model, "version") else [])]
            if hasattr(model, "history"):
                bulk_update_with_history(
                    back, model, fields, batch_size=500, default_user=user, default_change_reason=history_reason
                )
            else:
                model._default_manager.bulk_update(back, fields, batch_size=500)

        # 4. Rows dropped as duplicates come back.
        for row in reversed(snapshot["removed"]):
            try:
                with transaction.atomic():
                    _restore_row(row, user=user, reason=history_reason)
            except IntegrityError as exc:
                model = apps.get_model(row["model"])
                raise ValidationError(
                    f"无法恢复被合并的{model._meta.verbose_name} #{row['pk']}：已有相同的记录。"
                ) from exc

        # 5. Values the merge changed return, unless someone has edited them since.
        for entry in reversed(snapshot["changed"]):
            model = apps.get_model(entry["model"])
            obj = model._default_manager.filter(pk=entry["pk"]).first()
            if obj is None or getattr(obj, entry["field"]) != entry["after"]:
                continue
            setattr(obj, entry["field"], entry["before"])
            bump_version(obj, now)
            stamp_change(obj, user=user, reason=history_reason)
            obj.save()

        merge.undone_at = now
        merge.undone_by = user
        merge.undo_reason = reason
        stamp_change(merge, user=user, reason=history_reason)
        merge.save()
        refresh_unit_tallies(unit_ids=[merge.survivor_id, *merged_ids])
    return merge
