from django.urls import path

from reports import holding_views
from reports import unit_views as views
from reports.ledger_views import UnitLedgerView
from reports.site import export_list

app_name = "units"

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/ledger/", UnitLedgerView.as_view(), name="unit_ledger"),
    path("units/export/<str:fmt>/", export_list, {"key": "units"}, name="unit_export"),
    path("units/<int:pk>/honours/", holding_views.UnitHonourTimelineView.as_view(), name="unit_honours"),
    path("honours/due/", holding_views.DueReviewListView.as_view(), name="due_review_list"),
    path("honours/due/ledgers/", holding_views.LedgerBundleView.as_view(), name="due_ledger_bundle"),
    path("honours/due/export/<str:fmt>/", export_list, {"key": "due_reviews"}, name="due_review_export"),
    path("honours/expiring/", holding_views.ExpiringListView.as_view(), name="expiring_list"),
    path("honours/expiring/export/<str:fmt>/", export_list, {"key": "expiring"}, name="expiring_export"),
    path("honours/", views.HonourAwardListView.as_view(), name="honour_list"),
    path("honours/<int:pk>/", views.HonourAwardDetailView.as_view(), name="honour_detail"),
    path("honours/export/<str:fmt>/", export_list, {"key": "honours"}, name="honour_export"),
]
