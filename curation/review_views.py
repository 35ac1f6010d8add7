"""Admin pages of the review workflow: the queue across record types, with bulk
decisions, and the one-record page a reviewer works through with the keyboard
(a 采纳, r 驳回理由, e 更正, n 下一条, q 返回队列; static/curation/review-keys.js).

Decisions go through core.review; these views only parse, check permissions,
and choose the next record.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelform_factory
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from articles.models import Article, ImportRun
from campaigns.models import Activity, Campaign
from core.forms import IdModelChoiceField
from core.highlight import evidence_in_context
from core.ids import parse_id
from core.locking import ConcurrentEditError
from core.models import ReviewStatus
from core.paging import LedgerCountPaginator
from core.review import (
    NOT_CORRECTABLE,
    record_accept,
    record_correct,
    record_reject,
    records_accept,
    records_reject,
    review_url,
    reviewable_models,
)
from curation.review_queue import QueueFilter, queue_neighbour, queue_records, queue_rows, reviewable_by_label
from units.models import HonourAward, Unit

PAGE_SIZE = 50


def _perm(user, model, action: str) -> bool:
    return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


def _visible_labels(user) -> set[str]:
    return {label for label, model in reviewable_by_label().items() if _perm(user, model, "view")}


def _admin_url(obj, view: str = "change") -> str:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _autocomplete(model, name):
    field = model._meta.get_field(name)
    related_admin = admin.site._registry.get(field.related_model)
    if related_admin is not None and related_admin.search_fields:
        return AutocompleteSelect(field, admin.site)
    return None


# -- the queue --------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="审核状态", choices=ReviewStatus.choices, required=False)
    model = forms.ChoiceField(label="类型", required=False)
    import_run = IdModelChoiceField(label="导入批次", queryset=ImportRun.objects.all(), required=False)
    article = IdModelChoiceField(label="来源文章", queryset=Article.objects.all(), required=False)
    unit = IdModelChoiceField(label="单位", queryset=None, required=False)
    campaign = IdModelChoiceField(label="创建活动", queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "全部类型")] + [
            (m._meta.label_lower, str(m._meta.verbose_name)) for m in reviewable_models()
        ]
        self.fields["unit"].queryset = Unit.objects.all()
        self.fields["campaign"].queryset = Campaign.objects.all()
        for name, model, field in (
            ("import_run", Article, "import_run"),
            ("article", HonourAward, "article"),
            ("unit", HonourAward, "unit"),
            ("campaign", Activity, "campaign"),
        ):
            widget = _autocomplete(model, field)
            if widget is not None:
                widget.choices = self.fields[name].choices
                self.fields[name].widget = widget

    def to_filter(self) -> QueueFilter:
        if not self.is_bound or not self.is_valid():
            return QueueFilter()
        data = self.cleaned_data
        return QueueFilter(
            status=data["status"] or ReviewStatus.PENDING,
            model=data["model"] or "",
            import_run=data["import_run"].pk if data["import_run"] else None,
            article=data["article"].pk if data["article"] else None,
            unit=data["unit"].pk if data["unit"] else None,
            campaign=data["campaign"].pk if data["campaign"] else None,
        )


def _filter_from(request) -> tuple[QueueFilterForm, QueueFilter]:
    """The queue's filter; one that names no record (?unit=abc, ?import_run=<a batch
    since deleted>) is dropped with a message, and the queue shows unfiltered."""
    data = request.GET if request.GET else None
    form = QueueFilterForm(data)
    if form.is_bound and not form.is_valid():
        dropped = [f"{name}={request.GET.get(name)}" for name in form.errors]
        messages.warning(request, f"已忽略无效的筛选条件：{'，'.join(dropped)}")
        kept = request.GET.copy()
        for name in form.errors:
            kept.pop(name, None)
        form = QueueFilterForm(kept or None)
    return form, form.to_filter()


def _record_row(record, query: dict) -> dict:
    article = record.article
    return {
        "record": record,
        "key": f"{record._meta.label_lower}:{record.pk}",
        "type": record._meta.verbose_name,
        "evidence": evidence_in_context(article.text, record, context=40) if article else record.evidence,
        "review_url": review_url(record, query),
        "change_url": _admin_url(record),
        "article_url": _admin_url(article) if article else "",
    }


def _selected(request, allowed_action: str):
    """The records picked on the queue page, grouped by model, each checked for permission."""
    grouped: dict[type, list[int]] = {}
    models = reviewable_by_label()
    for key in request.POST.getlist("selected"):
        label, _, pk = key.partition(":")
        model = models.get(label)
        if model is None or not pk.isdigit():
            continue
        if not _perm(request.user, model, allowed_action):
            raise PermissionDenied(f"您没有修改{model._meta.verbose_name}的权限。")
        grouped.setdefault(model, []).append(int(pk))
    return {model: list(model._default_manager.filter(pk__in=pks)) for model, pks in grouped.items()}


def _bulk_decide(request) -> None:
    action = request.POST.get("action")
    groups = _selected(request, "change")
    if not groups:
        messages.warning(request, "请先勾选要审核的记录。")
        return
    done, conflicts = 0, []
    try:
        for records in groups.values():
            if action == "accept":
                result = records_accept(records=records, user=request.user)
            elif action == "reject":
                result = records_reject(records=records, user=request.user, reason=request.POST.get("reason", ""))
            else:
                messages.error(request, "未知的操作。")
                return
            done += result.count
            conflicts += result.conflicts
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return
    verb = "采纳" if action == "accept" else "驳回"
    messages.success(request, f"已{verb} {done} 条记录。")
    for record, message in conflicts:
        messages.error(request, f"“{record}”未处理：{message}")


def queue(request):
    visible = _visible_labels(request.user)
    if not visible:
        raise PermissionDenied("您没有查看待审核记录的权限。")
    if request.method == "POST":
        _bulk_decide(request)
        return HttpResponseRedirect(request.get_full_path())
    form, queue_filter = _filter_from(request)
    query = queue_filter.as_query()
    paginator = LedgerCountPaginator(queue_rows(queue_filter, allowed=visible), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [_record_row(r, query) for r in queue_records(page.object_list)]
    context = {
        **admin.site.each_context(request),
        "title": "审核队列",
        "form": form,
        "page": page,
        "rows": rows,
        "total": paginator.count,
        "query": urlencode(query),
        "first_url": rows[0]["review_url"] if rows and page.number == 1 else "",
        "may_decide": any(_perm(request.user, m, "change") for m in reviewable_models()),
        "status_label": ReviewStatus(queue_filter.status).label,
    }
    return TemplateResponse(request, "admin/curation/review_queue.html", context)


# -- one record ---------------------------------------------------------------------


def correctable_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in NOT_CORRECTABLE
    ]


def correction_form_class(model):
    widgets = {}
    for name in correctable_fields(model):
        field = model._meta.get_field(name)
        if field.is_relation:
            widget = _autocomplete(model, name)
            if widget is not None:
                widgets[name] = widget
    return modelform_factory(model, fields=correctable_fields(model), widgets=widgets)


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="说明", required=False, max_length=500)


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="驳回理由", max_length=500)


def _record_context(request, record, *, query, correction=None, reject=None, accept=None):
    model = type(record)
    article = record.article
    fields = []
    for name in correctable_fields(model):
        field = model._meta.get_field(name)
        value = getattr(record, name)
        if field.choices:
            value = getattr(record, f"get_{name}_display")()
        fields.append((field.verbose_name, value))
    version = {"version": record.version}
    may_change = _perm(request.user, model, "change")
    next_key = queue_neighbour(QueueFilter(**_queue_kwargs(query)), model._meta.label_lower, record.pk)
    next_url = ""
    if next_key is not None:
        next_url = reverse("curation:review_record", args=list(next_key)) + (f"?{urlencode(query)}" if query else "")
    return {
        **admin.site.each_context(request),
        "title": f"审核{model._meta.verbose_name}",
        "record": record,
        "opts": model._meta,
        "fields": fields,
        "article": article,
        "evidence": evidence_in_context(article.text, record, context=300) if article else record.evidence,
        "article_url": _admin_url(article) if article else "",
        "change_url": _admin_url(record),
        "history_url": _admin_url(record, "history"),
        "next_url": next_url,
        "queue_url": reverse("curation:review_queue") + (f"?{urlencode(query)}" if query else ""),
        "may_change": may_change,
        "accept_form": accept or DecisionForm(initial=version, prefix="accept"),
        "reject_form": reject or RejectForm(initial=version, prefix="reject"),
        "correction_form": correction or correction_form_class(model)(instance=record, prefix="correct"),
        "correct_version": record.version,
        "query": urlencode(query),
    }


def _queue_kwargs(query: dict) -> dict:
    kwargs = {}
    for key, value in query.items():
        if key in {"import_run", "article", "unit", "campaign"}:
            kwargs[key] = parse_id(value)
        elif key in {"status", "model"}:
            kwargs[key] = value
    return kwargs


def _query_of(request) -> dict:
    form = QueueFilterForm(request.GET if request.GET else None)
    return form.to_filter().as_query()


def record(request, model, pk):
    model_class = reviewable_by_label().get(model)
    if model_class is None:
        raise Http404("没有这种记录类型。")
    if not _perm(request.user, model_class, "view"):
        raise PermissionDenied("您没有查看此类记录的权限。")
    obj = get_object_or_404(model_class.objects.select_related("article"), pk=pk)
    query = _query_of(request)
    if request.method != "POST":
        return TemplateResponse(
            request, "admin/curation/review_record.html", _record_context(request, obj, query=query)
        )

    if not _perm(request.user, model_class, "change"):
        raise PermissionDenied("您没有审核此类记录的权限。")
    # Chosen before deciding: once decided, the record leaves the queue.
    next_key = queue_neighbour(QueueFilter(**_queue_kwargs(query)), model, obj.pk)
    decision = request.POST.get("decision")
    forms_bound = {}
    done = ""
    try:
        if decision == "accept":
            form = forms_bound["accept"] = DecisionForm(request.POST, prefix="accept")
            if form.is_valid():
                record_accept(
                    record=obj,
                    user=request.user,
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                )
                done = "已采纳"
        elif decision == "reject":
            form = forms_bound["reject"] = RejectForm(request.POST, prefix="reject")
            if form.is_valid():
                record_reject(
                    record=obj,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
                done = "已驳回"
        elif decision == "correct":
            version = request.POST.get("correct-version", "")
            original = model_class.objects.get(pk=obj.pk)
            form = forms_bound["correction"] = correction_form_class(model_class)(
                request.POST, instance=obj, prefix="correct"
            )
            if form.is_valid() and not form.changed_data:
                form.add_error(None, "没有修改任何字段；如内容无误，请直接采纳。")
            if form.is_valid():
                changes = {name: form.cleaned_data[name] for name in form.changed_data}
                record_correct(
                    record=original,
                    user=request.user,
                    changes=changes,
                    # Not "correct-note": that is the record's own 备注 field in the prefixed form.
                    note=request.POST.get("correction_reason", ""),
                    expected_version=int(version) if version.isdigit() else None,
                )
                done = "已更正并采纳"
        else:
            raise Http404("未知的审核操作。")
    except ConcurrentEditError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(request.get_full_path())
    except ValidationError as exc:
        form.add_error(None, exc.messages)

    if not form.is_valid() or form.errors:
        obj = model_class.objects.select_related("article").get(pk=obj.pk)
        context = _record_context(request, obj, query=query, **forms_bound)
        return TemplateResponse(request, "admin/curation/review_record.html", context, status=400)

    messages.success(request, f"{done}：{model_class._meta.verbose_name}“{obj}”。")
    if next_key is None or next_key == (model, obj.pk):
        messages.info(request, "队列中已没有下一条记录。")
        return HttpResponseRedirect(reverse("curation:review_queue") + (f"?{urlencode(query)}" if query else ""))
    url = reverse("curation:review_record", args=list(next_key))
    return HttpResponseRedirect(url + (f"?{urlencode(query)}" if query else ""))
