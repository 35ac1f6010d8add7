"""Admin mixins and actions of the curation workflow, shared by every wenming admin.

CurationAdminMixin (put it first among a ModelAdmin's bases) gives a change form:
- a "修改理由" field whose text becomes the history change reason of the save
  (and of the inline rows saved with it);
- the optimistic-lock token (core.locking): a save based on an outdated copy is
  refused with the other editor's changes;
- reviewer and time stored when the review status is changed on the form;
- a history revert that says which version it restored.

ExtractedRecordActionsMixin adds the review actions (accept / reject with a reason)
to change lists of extracted records; they call core.review.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.highlight import evidence_in_context, text_with_records
from core.locking import ConcurrentEditError, OptimisticLockAdminMixin, OptimisticLockFormMixin
from core.models import ReviewStatus
from core.review import records_accept, records_reject, review_url, reviewable_models

REASON_FIELD = "change_reason"
CHANGE_FORM_TEMPLATE = "admin/curation/change_form.html"


class CurationFormMixin(OptimisticLockFormMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[REASON_FIELD] = forms.CharField(
            label="修改理由",
            required=False,
            max_length=500,
            help_text="可不填；填写后记入修改历史，便于日后查证。",
        )

    def clean(self):
        cleaned = super().clean()
        if (
            "review_status" in self.fields
            and "review_status" in self.changed_data
            and cleaned.get("review_status") == ReviewStatus.REJECTED
            and not (cleaned.get("review_note") or "").strip()
        ):
            self.add_error("review_note", "驳回时请填写审核说明（驳回理由）。")
        return cleaned


def curation_form(base_form):
    if issubclass(base_form, CurationFormMixin):
        return base_form
    return type(base_form.__name__, (CurationFormMixin, base_form), {})


class CurationAdminMixin(OptimisticLockAdminMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = curation_form(self.form)
        # Our template adds the token and the reason to whatever change form the
        # admin would otherwise use (it extends that one).
        if self.change_form_template != CHANGE_FORM_TEMPLATE:
            self.curation_base_change_form_template = self.change_form_template or "admin/change_form.html"
            self.change_form_template = CHANGE_FORM_TEMPLATE

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["curation_base_change_form_template"] = getattr(
            self, "curation_base_change_form_template", "admin/change_form.html"
        )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def _reason(self, request, form, obj) -> str:
        reason = (form.cleaned_data.get(REASON_FIELD) or "").strip() if hasattr(form, "cleaned_data") else ""
        revert = getattr(request, "_curation_revert", None)
        if revert is not None:
            restored = f"恢复为历史版本（{timezone.localtime(revert.history_date):%Y-%m-%d %H:%M:%S}）"
            reason = f"{restored}：{reason}" if reason else restored
        return reason

    def save_model(self, request, obj, form, change):
        reason = self._reason(request, form, obj)
        if "review_status" in getattr(form, "changed_data", ()) and hasattr(obj, "reviewed_by_id"):
            obj.reviewed_by = request.user
            obj.reviewed_at = timezone.now()
            status = obj.get_review_status_display()
            reason = f"审核：{status}（编辑页）" + (f"；{reason}" if reason else "")
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = self._reason(request, form, None)
        if reason:
            for inline_form in formset.forms:
                inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            history = self.model._meta.simple_history_manager_attribute
            request._curation_revert = getattr(self.model, history).filter(history_id=version_id).first()
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ConcurrentEditError as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# -- review actions -----------------------------------------------------------------


class RejectForm(forms.Form):
    reason = forms.CharField(label="驳回理由", max_length=500, widget=forms.TextInput(attrs={"size": 60}))


def _report(modeladmin, request, result, verb):
    modeladmin.message_user(request, f"已{verb} {result.count} 条记录。", messages.SUCCESS)
    for record, message in result.conflicts:
        modeladmin.message_user(request, f"“{record}”未处理：{message}", messages.ERROR)


@admin.action(description="采纳所选记录", permissions=["change"])
def accept_selected(modeladmin, request, queryset):
    _report(modeladmin, request, records_accept(records=list(queryset), user=request.user), "采纳")


@admin.action(description="驳回所选记录…", permissions=["change"])
def reject_selected(modeladmin, request, queryset):
    if "confirm" in request.POST:
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                result = records_reject(records=list(queryset), user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error("reason", exc.messages)
            else:
                _report(modeladmin, request, result, "驳回")
                return None
    else:
        form = RejectForm()
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"驳回所选{opts.verbose_name}",
        "opts": opts,
        "form": form,
        "queryset": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "reject_selected",
    }
    return TemplateResponse(request, "admin/curation/reject_selected.html", context)


class ExtractedRecordActionsMixin:
    """For extracted-record admins: the review actions next to the admin's own, a
    review link on every change-list row, and the evidence shown inside its article
    (add "evidence_context" to the fields/readonly fields)."""

    class Media:
        css = {"all": ["curation/curation.css"]}

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            for action in (accept_selected, reject_selected):
                func, name, description = self.get_action(action)
                actions.setdefault(name, (func, name, description))
        return actions

    def get_list_display(self, request):
        return (*super().get_list_display(request), "review_link")

    @admin.display(description="审核")
    def review_link(self, obj):
        label = "审核" if obj.review_status == ReviewStatus.PENDING else "查看"
        return format_html('<a href="{}">{}</a>', review_url(obj), label)

    @admin.display(description="原句在文中")
    def evidence_context(self, obj):
        if obj.article_id is None:
            return "（手工录入，无原文）"
        context = evidence_in_context(obj.article.text, obj, context=200)
        return format_html('<div class="evidence-context">{}</div>', context)


class ArticleRecordsAdminMixin:
    """For the article admin: the cleaned text with every record read from it marked
    and linked to its review page (add "records_in_text" to the readonly fields)."""

    class Media:
        css = {"all": ["curation/curation.css"]}

    @admin.display(description="正文与提取的记录")
    def records_in_text(self, obj):
        if obj is None or obj.pk is None:
            return ""
        html, legend = article_records_html(obj)
        items = format_html_join("", '<li><a href="{}">[{}]</a> {}</li>', ((m.url, m.number, m.label) for m in legend))
        return format_html('<div class="article-text">{}</div><ol class="record-legend">{}</ol>', html, items)


def article_records_html(article):
    """The article's cleaned text with every record read from it marked and linked to
    its review page, and the numbered legend; for the Article change page."""
    records = []
    for model in reviewable_models():
        records += list(
            model._default_manager.filter(article=article).select_related(
                *[f.name for f in model._meta.concrete_fields if f.is_relation and f.name != "article"]
            )
        )
    records.sort(key=lambda r: (r.evidence_start if r.evidence_start is not None else 10**9, r._meta.label_lower))

    def label(r):
        return f"{r._meta.verbose_name}：{r}（{r.get_review_status_display()}）"

    html, marked = text_with_records(article.text, records, url_for=review_url, label_for=label)
    return html, marked
