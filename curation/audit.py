"""The audit log: every change kept by django-simple-history, across all models, as one
list ordered by time — who, when, what (fields old → new) and why.

All historical tables are read with one UNION ALL query (date, row id, model) that
the database sorts and pages; only the rows of the page are then loaded, per model,
with their previous versions and the labels of the objects they point to in a few
batched queries. Admin log entries of models without history (users, groups) are
part of the union, so user management shows up too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from core.history import Change
from core.queries import labelled_rows, union_newest_first

ADMINISTRATOR_GROUP = "管理员"
ADMIN_LOG = "admin.logentry"
ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}
_LOG_ACTIONS = {1: "+", 2: "~", 3: "-"}
# Bookkeeping fields every save touches; listing them would drown the real changes.
_NOISE = {"id", "version", "updated_at", "created_at"}
_MAX_VALUE = 200


def may_read_audit_log(user) -> bool:
    return bool(
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=ADMINISTRATOR_GROUP).exists())
    )


def tracked_models() -> dict[str, type[models.Model]]:
    """label → model, for every model with a simple-history manager."""
    found = {}
    for model in apps.get_models():
        if getattr(model._meta, "simple_history_manager_attribute", None):
            found[model._meta.label_lower] = model
    return dict(sorted(found.items(), key=lambda item: str(item[1]._meta.verbose_name)))


def _history_model(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def _untracked_content_types() -> list[ContentType]:
    """Content types the admin log covers that have no history of their own (users, groups)."""
    tracked = tracked_models()
    history_labels = {_history_model(m)._meta.label_lower for m in tracked.values()}
    result = []
    for ct in ContentType.objects.all():
        label = f"{ct.app_label}.{ct.model}"
        if label not in tracked and label not in history_labels and ct.model_class() is not None:
            result.append(ct)
    return result


def model_choices() -> list[tuple[str, str]]:
    choices = [(label, str(model._meta.verbose_name)) for label, model in tracked_models().items()]
    for ct in _untracked_content_types():
        if ct.app_label == "auth":
            choices.append((f"{ct.app_label}.{ct.model}", str(ct.model_class()._meta.verbose_name)))
    return choices


@dataclass(frozen=True)
class AuditFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    user_id: int | None = None
    model: str = ""
    action: str = ""
    reason: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_rows(f: AuditFilter):
    """A queryset of (time, row id, model label) for every change matching `f`, newest
    first; the label is admin.logentry for admin log rows. It can be counted and sliced."""
    parts = []
    tracked = tracked_models()
    for label, model in tracked.items():
        if f.model and f.model != label:
            continue
        qs = _history_model(model).objects.all()
        if f.start:
            qs = qs.filter(history_date__gte=_day_start(f.start))
        if f.end:
            qs = qs.filter(history_date__lt=_day_start(f.end + dt.timedelta(days=1)))
        if f.user_id:
            qs = qs.filter(history_user_id=f.user_id)
        if f.action:
            qs = qs.filter(history_type=f.action)
        if f.reason:
            qs = qs.filter(history_change_reason__icontains=f.reason)
        parts.append(labelled_rows(qs, at="history_date", pk="history_id", label=label))
    if not f.reason and (not f.model or f.model not in tracked):
        logs = LogEntry.objects.filter(content_type__in=_untracked_content_types())
        if f.model:
            app_label, _, model_name = f.model.partition(".")
            logs = logs.filter(content_type__app_label=app_label, content_type__model=model_name)
        if f.start:
            logs = logs.filter(action_time__gte=_day_start(f.start))
        if f.end:
            logs = logs.filter(action_time__lt=_day_start(f.end + dt.timedelta(days=1)))
        if f.user_id:
            logs = logs.filter(user_id=f.user_id)
        if f.action:
            flag = {v: k for k, v in _LOG_ACTIONS.items()}[f.action]
            logs = logs.filter(action_flag=flag)
        parts.append(labelled_rows(logs, at="action_time", pk="id", label=ADMIN_LOG))
    empty = _history_model(next(iter(tracked.values()))).objects.none().values_list("history_date")
    return union_newest_first(parts, empty=empty)


# -- turning rows into entries ------------------------------------------------


@dataclass
class AuditEntry:
    at: dt.datetime
    user: str
    user_id: int | None
    action: str
    action_code: str
    model_label: str
    model_name: str
    object_id: str
    object_repr: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    history_id: int | None = None

    @property
    def changes_text(self) -> str:
        return "；".join(str(c) for c in self.changes)


def _user_name(user) -> str:
    if user is None:
        return "（系统）"
    return user.get_full_name() or user.get_username()


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


class _Labels:
    """str() of related objects, loaded in one query per related model."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.loaded: dict[tuple[type[models.Model], object], str] = {}

    def want(self, model, pk) -> None:
        if pk is not None:
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            found = model._default_manager.in_bulk(list(pks))
            for pk in pks:
                obj = found.get(pk)
                self.loaded[(model, pk)] = str(obj) if obj is not None else f"#{pk}（已删除）"
        self.wanted.clear()

    def get(self, model, pk) -> str:
        return self.loaded.get((model, pk), f"#{pk}")


def _related(history_model, name):
    """The real model a historical field points to, or None for plain fields."""
    try:
        f = history_model._meta.get_field(name)
    except FieldDoesNotExist:
        return None, None
    if f.is_relation and f.related_model is not None and not f.many_to_many:
        return f, f.related_model
    return f, None


def _display(f, related, value, labels: _Labels) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "（空）"
    if related is not None:
        return labels.get(related, value)
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if timezone.is_aware(value) else str(value)
    return _shorten(str(value))


_LABEL_FKS = ("unit", "activity", "honour")
_LABEL_TEXTS = ("full_name", "name", "title", "survivor_name", "file_name")


def _object_repr(model, row, labels: _Labels) -> str:
    """A readable name for the object of a historical row, without a query per row."""
    parts = []
    for name in _LABEL_FKS:
        f, related = _related(type(row), name)
        if related is not None and getattr(row, f.attname) is not None:
            parts.append(labels.get(related, getattr(row, f.attname)))
    for name in _LABEL_TEXTS:
        value = getattr(row, name, None)
        if value:
            parts.append(_shorten(str(value)))
            break
    if getattr(row, "year", None) and model._meta.label_lower == "units.honouraward":
        parts.append(f"{row.year}年")
    return " · ".join(parts) or f"{model._meta.verbose_name} #{getattr(row, model._meta.pk.attname)}"


def _history_entries(model, ids: list[int]) -> dict[int, AuditEntry]:
    history_model = _history_model(model)
    pk_name = model._meta.pk.attname
    rows = list(history_model.objects.filter(history_id__in=ids).select_related("history_user"))
    if not rows:
        return {}
    # Earlier versions of the same objects, for old → new; one query for the whole page.
    object_ids = {getattr(r, pk_name) for r in rows}
    latest = max(r.history_date for r in rows)
    versions = defaultdict(list)
    for v in history_model.objects.filter(**{f"{pk_name}__in": object_ids, "history_date__lte": latest}).order_by(
        "history_date", "history_id"
    ):
        versions[getattr(v, pk_name)].append(v)

    def previous(row):
        chain = versions[getattr(row, pk_name)]
        before = [v for v in chain if (v.history_date, v.history_id) < (row.history_date, row.history_id)]
        return before[-1] if before else None

    tracked = [f for f in history_model.tracked_fields if f.attname not in _NOISE]
    labels = _Labels()
    plan = []
    for row in rows:
        prev = previous(row) if row.history_type != "+" else None
        changed = []
        for f in tracked if row.history_type != "-" else ():
            new = getattr(row, f.attname)
            old = getattr(prev, f.attname) if prev is not None else None
            # A creation (or the first version history knows of) lists what was filled in.
            if new in (None, "", [], {}) if prev is None else old == new:
                continue
            hf, related = _related(history_model, f.name)
            if related is not None:
                labels.want(related, old)
                labels.want(related, new)
            changed.append((hf, related, f, old, new))
        for name in _LABEL_FKS:
            f, related = _related(history_model, name)
            if related is not None:
                labels.want(related, getattr(row, f.attname))
        plan.append((row, changed))
    labels.load()

    entries = {}
    for row, changed in plan:
        changes = [
            Change(
                field=f.name,
                label=str(f.verbose_name),
                old=_display(hf, related, old, labels),
                new=_display(hf, related, new, labels),
            )
            for hf, related, f, old, new in changed
        ]
        entries[row.history_id] = AuditEntry(
            at=row.history_date,
            user=_user_name(row.history_user),
            user_id=row.history_user_id,
            action=ACTIONS.get(row.history_type, row.history_type),
            action_code=row.history_type,
            model_label=model._meta.label_lower,
            model_name=str(model._meta.verbose_name),
            object_id=str(getattr(row, pk_name)),
            object_repr=_object_repr(model, row, labels),
            reason=row.history_change_reason or "",
            changes=changes,
            history_id=row.history_id,
        )
    return entries


def _log_entries(ids: list[int]) -> dict[int, AuditEntry]:
    entries = {}
    for log in LogEntry.objects.filter(pk__in=ids).select_related("user", "content_type"):
        code = _LOG_ACTIONS.get(log.action_flag, "~")
        model = log.content_type.model_class() if log.content_type else None
        message = log.get_change_message()
        entries[log.pk] = AuditEntry(
            at=log.action_time,
            user=_user_name(log.user),
            user_id=log.user_id,
            action=ACTIONS[code],
            action_code=code,
            model_label=f"{log.content_type.app_label}.{log.content_type.model}" if log.content_type else "",
            model_name=str(model._meta.verbose_name) if model else "",
            object_id=log.object_id or "",
            object_repr=log.object_repr,
            reason="",
            changes=[Change(field="", label="管理操作", old="", new=message)] if message else [],
        )
    return entries


def audit_entries(rows) -> list[AuditEntry]:
    """Entries for a slice of `audit_rows`, in the same order."""
    rows = list(rows)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for _, row_id, kind in rows:
        by_kind[kind].append(row_id)
    tracked = tracked_models()
    loaded: dict[tuple[str, int], AuditEntry] = {}
    for kind, ids in by_kind.items():
        found = _log_entries(ids) if kind == ADMIN_LOG else _history_entries(tracked[kind], ids)
        loaded.update({(kind, pk): entry for pk, entry in found.items()})
    return [loaded[(kind, row_id)] for _, row_id, kind in rows if (kind, row_id) in loaded]


def iter_audit_entries(f: AuditFilter, *, chunk: int = 1000) -> Iterator[AuditEntry]:
    """Every entry matching `f`, newest first, loaded a chunk at a time (for exports)."""
    qs = audit_rows(f)
    offset = 0
    while True:
        rows = list(qs[offset : offset + chunk])
        if not rows:
            return
        yield from audit_entries(rows)
        offset += chunk


def audit_users():
    """The people who appear in the log, for the user filter."""
    return get_user_model().objects.filter(is_staff=True).order_by("username")
