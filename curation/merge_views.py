"""Admin pages for unit merges: confirm a merge (choose the survivor, give a reason),
confirm an undo, and the list of possible duplicates. The work is done by
curation.merging.unit_merge / unit_merge_undo; the list by curation.duplicates."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from core.freshness import CachedPieces, cached_until_ledger_changes
from curation.duplicates import (
    REASON_CONTAINS,
    REASON_SAME_NAME,
    REASON_SHARED_ALIAS,
    DuplicatePair,
    unit_possible_duplicates,
)
from curation.merge_undo import unit_merge_undo
from curation.merging import unit_merge
from units.forms import RegionChoiceField
from units.models import Region, Unit, UnitMerge
from units.queries import region_descendant_ids

PAGE_SIZE = 50


def may_merge(user) -> bool:
    return user.has_perm("units.add_unitmerge") and user.has_perm("units.change_unit")


def may_undo(user) -> bool:
    return user.has_perm("units.change_unitmerge") and user.has_perm("units.change_unit")


def _ids(values) -> list[int]:
    ids = []
    for value in values:
        for part in str(value).split(","):
            if part.strip().isdigit() and int(part) not in ids:
                ids.append(int(part))
    return ids


def _url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def merge_url(unit_ids) -> str:
    return reverse("curation:unit_merge") + "?" + urlencode({"ids": ",".join(str(pk) for pk in unit_ids)})


class MergeForm(forms.Form):
    survivor = forms.TypedChoiceField(label="保留哪个单位", coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(label="合并理由", required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(u.pk, u.name) for u in units]


def _with_counts(ids):
    return list(
        Unit.objects.filter(pk__in=ids)
        .select_related("region", "parent")
        .annotate(
            alias_count=Count("aliases", distinct=True),
            award_count=Count("honour_awards", distinct=True),
            role_count=Count("activity_roles", distinct=True),
            volunteer_count=Count("volunteer_records", distinct=True),
            child_count=Count("children", distinct=True),
        )
        .order_by("pk")
    )


def _default_survivor(units) -> int:
    """The unit with the most attached rows; among equals the oldest."""
    return max(
        units,
        key=lambda u: (u.alias_count + u.award_count + u.role_count + u.volunteer_count + u.child_count, -u.pk),
    ).pk


def merge_confirm(request):
    if not may_merge(request.user):
        raise PermissionDenied("您没有合并单位的权限。")
    ids = _ids(request.POST.getlist("ids") if request.method == "POST" else request.GET.getlist("ids"))
    units = _with_counts(ids)
    if len(units) < 2:
        messages.warning(request, "请至少选择两个单位进行合并。")
        return HttpResponseRedirect(_url("admin:units_unit_changelist") or reverse("admin:index"))

    if request.method == "POST":
        form = MergeForm(request.POST, units=units)
        if form.is_valid():
            survivor = next(u for u in units if u.pk == form.cleaned_data["survivor"])
            others = [u for u in units if u.pk != survivor.pk]
            try:
                merge = unit_merge(
                    survivor=survivor, others=others, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    f"已将 {'、'.join(merge.merged_names)} 合并到“{survivor.name}”（合并记录 #{merge.pk}，可撤销）。",
                )
                return HttpResponseRedirect(_url("admin:units_unit_change", survivor.pk) or reverse("admin:index"))
    else:
        form = MergeForm(units=units, initial={"survivor": _default_survivor(units)})

    context = {
        **admin.site.each_context(request),
        "title": "合并单位",
        "opts": Unit._meta,
        "units": units,
        "form": form,
        "ids": ",".join(str(u.pk) for u in units),
    }
    return TemplateResponse(request, "admin/curation/unit_merge.html", context)


class UndoForm(forms.Form):
    reason = forms.CharField(label="撤销理由", required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))


def merge_undo_confirm(request):
    if not may_undo(request.user):
        raise PermissionDenied("您没有撤销合并的权限。")
    ids = _ids(request.POST.getlist("ids") if request.method == "POST" else request.GET.getlist("ids"))
    merges = list(UnitMerge.objects.filter(pk__in=ids).select_related("survivor", "merged_by").order_by("-merged_at"))
    back = _url("admin:units_unitmerge_changelist") or reverse("admin:index")
    if not merges:
        messages.warning(request, "请选择要撤销的合并记录。")
        return HttpResponseRedirect(back)
    form = UndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Newest first: a later merge may have moved the survivor of an earlier one.
        for merge in merges:
            try:
                unit_merge_undo(merge=merge, user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                messages.error(request, f"合并记录 #{merge.pk}（{merge}）未撤销：{'；'.join(exc.messages)}")
            else:
                messages.success(request, f"已撤销合并记录 #{merge.pk}：{'、'.join(merge.merged_names)} 已恢复。")
        return HttpResponseRedirect(back)
    context = {
        **admin.site.each_context(request),
        "title": "撤销单位合并",
        "opts": UnitMerge._meta,
        "merges": merges,
        "form": form,
        "ids": ",".join(str(m.pk) for m in merges),
    }
    return TemplateResponse(request, "admin/curation/unit_merge_undo.html", context)


class DuplicateFilterForm(forms.Form):
    region = RegionChoiceField(
        label="地区（含下级）", queryset=Region.objects.order_by("full_name"), required=False, empty_label="全部地区"
    )
    reason = forms.ChoiceField(
        label="依据",
        required=False,
        choices=[("", "全部"), *((r, r) for r in (REASON_SAME_NAME, REASON_CONTAINS, REASON_SHARED_ALIAS))],
    )


def duplicates(request):
    if not request.user.has_perm("units.view_unit"):
        raise PermissionDenied("您没有查看单位的权限。")
    form = DuplicateFilterForm(request.GET or None)
    units = Unit.objects.all()
    reason = ""
    region = None
    if form.is_valid():
        region = form.cleaned_data["region"]
        if region is not None:
            units = units.filter(region_id__in=region_descendant_ids(region=region))
        reason = form.cleaned_data["reason"]

    # Comparing the names of a province's hundred thousand units takes seconds:
    # done once per region until the ledger changes, and kept as plain ids and
    # words (a cache copies what it keeps; a hundred thousand pairs of units
    # would take longer to copy than to find). A page reads its own piece.
    def every_pair() -> list:
        return cached_until_ledger_changes(
            f"unit-duplicates:{region.pk if region else ''}",
            lambda: [
                (pair.first.pk, pair.second.pk, tuple(pair.reasons), tuple(pair.shared_names))
                for pair in unit_possible_duplicates(queryset=units)
            ],
        )

    found = CachedPieces(
        f"unit-duplicate-pages:{region.pk if region else ''}:{reason}",
        lambda: [entry for entry in every_pair() if not reason or reason in entry[2]],
    )
    paginator = Paginator(found, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    shown = Unit.objects.select_related("region").in_bulk({pk for entry in page.object_list for pk in entry[:2]})
    can_merge = may_merge(request.user)
    rows = [
        {
            "pair": DuplicatePair(shown[first], shown[second], list(reasons), list(shared)),
            "first_url": _url("admin:units_unit_change", first),
            "second_url": _url("admin:units_unit_change", second),
            "merge_url": merge_url([first, second]) if can_merge else "",
        }
        for first, second, reasons, shared in page.object_list
        if first in shown and second in shown
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **admin.site.each_context(request),
        "title": "可能重复的单位",
        "opts": Unit._meta,
        "form": form,
        "page": page,
        "rows": rows,
        "total": paginator.count,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "admin/curation/unit_duplicates.html", context)
