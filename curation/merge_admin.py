"""Admin pieces for unit merges: the "合并所选单位" action on the unit change list, and
the merge records' admin with its "撤销合并" action. Both hand over to the
confirmation pages in curation.merge_views."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from core.admin import GuardedHistoryAdmin, ValidFiltersMixin
from curation.merge_views import may_merge, may_undo, merge_url


@admin.action(description="合并所选单位…")
def merge_selected(modeladmin, request, queryset):
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    if len(ids) < 2:
        modeladmin.message_user(request, "请至少勾选两个单位再合并。", level="warning")
        return None
    return HttpResponseRedirect(merge_url(ids))


class UnitMergeActionMixin:
    """Adds "合并所选单位" to the unit change list of people who may merge."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if may_merge(request.user):
            func, name, description = self.get_action(merge_selected)
            actions.setdefault(name, (func, name, description))
        return actions


@admin.action(description="撤销合并…")
def undo_selected(modeladmin, request, queryset):
    ids = ",".join(str(pk) for pk in queryset.order_by("pk").values_list("pk", flat=True))
    return HttpResponseRedirect(reverse("curation:unit_merge_undo") + "?" + urlencode({"ids": ids}))


class UnitMergeAdmin(ValidFiltersMixin, GuardedHistoryAdmin):
    """Merge records are written by unit_merge and closed by unit_merge_undo; here they
    are read, and undone through the action. Nobody edits or deletes them by hand: the
    snapshot is what an undo needs."""

    list_display = ("merged_at", "survivor_link", "merged_names_text", "merged_by", "reason", "undone_at")
    list_filter = ("undone_at",)
    list_select_related = ("survivor", "merged_by")
    search_fields = ("survivor_name", "merged_names", "reason")
    date_hierarchy = "merged_at"
    readonly_fields = (
        "survivor",
        "survivor_name",
        "merged_names",
        "merged_by",
        "merged_at",
        "reason",
        "undone_at",
        "undone_by",
        "undo_reason",
    )
    fields = readonly_fields
    actions = [undo_selected]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_undo(request.user):
            actions.pop("undo_selected", None)
        return actions

    @admin.display(description="保留单位", ordering="survivor_name")
    def survivor_link(self, obj):
        if obj.survivor_id is None:
            return obj.survivor_name
        url = reverse("admin:units_unit_change", args=[obj.survivor_id])
        return format_html('<a href="{}">{}</a>', url, obj.survivor_name)

    @admin.display(description="被合并单位")
    def merged_names_text(self, obj):
        return "、".join(obj.merged_names)
