"""No lost updates: a save based on an outdated copy of a record is refused.

Extracted records (units, aliases, awards, activities, volunteer records) carry a
`version`; a save claims the row with ``UPDATE … SET version = v + 1 WHERE version = v``
for the version the editor started from, so of two editors who opened version v
only the first one's save succeeds. Reference models without `version` (Honour,
Campaign, Region, Source, …) use the id of their latest django-simple-history row as
the token instead: every save writes a history row, so a newer one means somebody
else saved in between. That needs no schema change; the history row is also where
the conflict message takes "who changed what" from, for both kinds.

`OptimisticLockAdminMixin` puts the token into admin change forms (a hidden field)
and checks it; `save_with_version` is the service-level guard that review and admin
saves go through.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone

from core.history import Change

LOCK_FIELD = "lock_token"
# Fields every save touches; they say nothing to the person reading a conflict.
_NOISE_FIELDS = {"version", "updated_at"}


@dataclass(frozen=True)
class OtherEdit:
    """One save somebody else made after the editor opened the record."""

    user: str
    when: object
    kind: str
    reason: str
    changes: tuple[Change, ...]

    def __str__(self):
        when = timezone.localtime(self.when).strftime("%Y-%m-%d %H:%M:%S") if self.when else "时间不详"
        text = f"{self.user} 于 {when} {self.kind}"
        if self.changes:
            text += "：" + "；".join(str(c) for c in self.changes)
        if self.reason:
            text += f"（理由：{self.reason}）"
        return text


class ConcurrentEditError(Exception):
    """Raised when a save is based on an outdated version of the record."""

    def __init__(self, record: models.Model, edits: list[OtherEdit]):
        self.record = record
        self.edits = edits
        super().__init__(conflict_message(record, edits))


def has_version(model_or_obj) -> bool:
    try:
        model_or_obj._meta.get_field("version")
    except FieldDoesNotExist:
        return False
    return True


def _history(model) -> models.Manager | None:
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


def current_token(obj: models.Model) -> str:
    """What an editor's copy of `obj` is based on: its version, or its latest history id."""
    if has_version(obj):
        return str(obj.version)
    history = _history(type(obj))
    if history is None:
        return ""
    latest = history.filter(**{obj._meta.pk.attname: obj.pk}).order_by("-history_id").values_list("history_id")
    first = latest.first()
    return str(first[0]) if first else "0"


def stored_token(model, pk) -> str:
    """The token of the row as stored now (a history form's instance is an old version)."""
    if has_version(model):
        version = model._default_manager.filter(pk=pk).values_list("version", flat=True).first()
        return "" if version is None else str(version)
    return current_token(model(pk=pk))


def _display(field: models.Field | None, value) -> str:
    if value is None or value == "":
        return "（空）"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else f"#{value}（已删除）"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def history_changes(record, model) -> tuple[Change, ...]:
    """The fields a historical row changed against the previous one, old → new."""
    previous = record.prev_record
    if previous is None:
        return ()
    delta = record.diff_against(previous)
    changes = []
    for change in delta.changes:
        if change.field in _NOISE_FIELDS:
            continue
        try:
            field = model._meta.get_field(change.field)
        except FieldDoesNotExist:
            field = None
        label = str(field.verbose_name) if field is not None else change.field
        changes.append(Change(change.field, label, _display(field, change.old), _display(field, change.new)))
    return tuple(changes)


_KINDS = {"+": "新建", "~": "修改", "-": "删除"}


def edits_since(model, pk, token: str) -> list[OtherEdit]:
    """Saves of the record made after the copy identified by `token`, oldest first."""
    history = _history(model)
    if history is None or not token:
        return []
    rows = history.filter(**{model._meta.pk.attname: pk}).select_related("history_user")
    try:
        number = int(token)
    except ValueError:
        return []
    rows = rows.filter(version__gt=number) if has_version(model) else rows.filter(history_id__gt=number)
    edits = []
    for row in rows.order_by("history_date", "history_id"):
        user = row.history_user
        edits.append(
            OtherEdit(
                user=(user.get_full_name() or user.get_username()) if user else "（系统）",
                when=row.history_date,
                kind=_KINDS.get(row.history_type, "修改"),
                reason=row.history_change_reason or "",
                changes=history_changes(row, model),
            )
        )
    return edits


def conflict_message(record: models.Model, edits: list[OtherEdit]) -> str:
    name = record._meta.verbose_name
    lines = [f"未保存：您打开此{name}后，它已被他人修改。"]
    lines += [str(edit) for edit in edits] or ["（修改详情未记录）"]
    return "\n".join(lines)


def check_token(model, pk, token: str) -> list[OtherEdit]:
    """Lock the row for the rest of the transaction and return the edits made since
    `token`; empty when the editor's copy is current. An empty token is not checked
    (a client that sends none is treated as current, e.g. scripted posts)."""
    if not token:
        return []
    # Inside the admin's change-form transaction the row lock lasts until the save;
    # the atomic block only keeps select_for_update legal when called outside one.
    with transaction.atomic():
        current = model._default_manager.select_for_update().filter(pk=pk).first()
    if current is None:
        return []
    if current_token(current) == token:
        return []
    edits = edits_since(model, pk, token)
    if not edits:
        # The token moved without a history row (e.g. a queryset update): still a conflict.
        edits = [OtherEdit(user="（未知）", when=None, kind="修改", reason="", changes=())]
    return edits


def save_with_version(
    record: models.Model, *, expected_version: int | None = None, user=None, reason: str = "", update_fields=None
) -> models.Model:
    """Save `record` only if the row still has `expected_version` (default: the version
    `record` was loaded with); bump the version; write one history row with user and reason.
    Raises ConcurrentEditError (nothing written) when someone saved in between."""
    model = type(record)
    expected = record.version if expected_version is None else int(expected_version)
    with transaction.atomic():
        claimed = model._default_manager.filter(pk=record.pk, version=expected).update(version=expected + 1)
        if not claimed:
            raise ConcurrentEditError(record, edits_since(model, record.pk, str(expected)))
        record.version = expected + 1
        if user is not None:
            record._history_user = user
        if reason:
            record._change_reason = reason
        if update_fields is not None:
            update_fields = {*update_fields, "version", "updated_at"}
        record.save(update_fields=update_fields)
    return record


# -- admin ----------------------------------------------------------------------


class OptimisticLockFormMixin:
    """Adds the hidden token field and checks it in clean(). On a conflict the form is
    shown again with the other editor's changes and carries the current token, so
    saving once more is a deliberate choice to keep one's own values.

    The field is added per form instance, not declared: admin fieldsets never list it
    (a view-only page would otherwise try to show it as a model field); templates
    render it with ``{{ form.lock_token }}`` (see templates/admin/curation/change_form.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[LOCK_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=stored_token(type(self.instance), self.instance.pk)
            )

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None or LOCK_FIELD not in self.fields:
            return cleaned
        token = cleaned.get(LOCK_FIELD) or ""
        edits = check_token(type(instance), instance.pk, token)
        if edits:
            self.data = self.data.copy()
            self.data[self.add_prefix(LOCK_FIELD)] = stored_token(type(instance), instance.pk)
            raise ValidationError(
                conflict_message(instance, edits)
                + "\n请核对以上修改：如仍以您填写的内容为准，请再次保存；否则请重新打开本页。",
                code="stale",
            )
        return cleaned


def locking_form(base_form: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """`base_form` with the hidden token field and its check."""
    if issubclass(base_form, OptimisticLockFormMixin):
        return base_form
    return type(base_form.__name__, (OptimisticLockFormMixin, base_form), {})


class OptimisticLockAdminMixin:
    """For ModelAdmin classes: no change form silently overwrites somebody else's save.

    Put it before ModelAdmin among the bases. The change form template must render
    ``{{ adminform.form.lock_token }}``; core.record_admin.CurationAdminMixin
    brings such a template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ModelAdmin.get_form builds every form from self.form.
        self.form = locking_form(self.form)

    def save_model(self, request, obj, form, change):
        if change and has_version(obj):
            # Without a token (a history revert, a scripted post) the save builds on
            # the stored row as it is now: it still gets a new version, and a form
            # opened before it is refused.
            token = form.cleaned_data.get(LOCK_FIELD) or stored_token(type(obj), obj.pk)
            reason = getattr(obj, "_change_reason", "")
            save_with_version(obj, expected_version=int(token), user=request.user, reason=reason)
            return
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEditError as exc:
            # The row changed between the form check and the save (SQLite has no row
            # locks): the transaction was rolled back, nothing of this save is stored.
            self.message_user(request, str(exc), level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
