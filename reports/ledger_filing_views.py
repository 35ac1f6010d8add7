"""The page where staff file an activity or volunteer record under another item of a
ledger's assessment system (reports.ledger_filing)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from campaigns.models import Activity, VolunteerRecord
from reports.ledger_filing import ledger_item_by_words, ledger_record_file
from reports.ledger_items import SYSTEMS
from reports.models import LedgerFiling
from reports.site import StaffViewMixin


class LedgerFilingForm(forms.Form):
    system = forms.ChoiceField(label="测评体系", choices=[(key, s.label) for key, s in SYSTEMS.items()])
    item = forms.CharField(label="测评项目", max_length=60)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class LedgerFilingView(StaffViewMixin, TemplateView):
    """Of an activity (ActivityLedgerFilingView) or a volunteer record (VolunteerLedgerFilingView)."""

    model: type[Activity] | type[VolunteerRecord]
    template_name = "reports/ledger_filing.html"
    permission_required = ("reports.add_ledgerfiling", "reports.change_ledgerfiling")

    def record(self):
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.record()
        field = "activity" if isinstance(record, Activity) else "volunteer_record"
        chosen = dict(LedgerFiling.objects.filter(**{field: record}).values_list("system", "item"))
        context.update(
            record=record,
            kind="activity" if self.model is Activity else "volunteer",
            form=kwargs.get("form") or LedgerFilingForm(),
            systems=[
                (system, chosen.get(key), ledger_item_by_words(record, system)) for key, system in SYSTEMS.items()
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        record = self.record()
        form = LedgerFilingForm(request.POST)
        if form.is_valid():
            try:
                filing = ledger_record_file(record=record, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已归入“{filing.item}”，以后生成的台账都按此归类。")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class ActivityLedgerFilingView(LedgerFilingView):
    model = Activity


class VolunteerLedgerFilingView(LedgerFilingView):
    model = VolunteerRecord
