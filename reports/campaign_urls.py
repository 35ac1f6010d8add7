from django.urls import path

from reports import campaign_views as views
from reports.ledger_filing_views import ActivityLedgerFilingView, VolunteerLedgerFilingView
from reports.site import export_list

app_name = "campaigns"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/ledger-filing/", ActivityLedgerFilingView.as_view(), name="activity_ledger_filing"),
    path("activities/export/<str:fmt>/", export_list, {"key": "activities"}, name="activity_export"),
    path("volunteer/", views.VolunteerRecordListView.as_view(), name="volunteer_list"),
    path("volunteer/<int:pk>/", views.VolunteerRecordDetailView.as_view(), name="volunteer_detail"),
    path("volunteer/<int:pk>/ledger-filing/", VolunteerLedgerFilingView.as_view(), name="volunteer_ledger_filing"),
    path("volunteer/export/<str:fmt>/", export_list, {"key": "volunteer"}, name="volunteer_export"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/export/<str:fmt>/", export_list, {"key": "campaigns"}, name="campaign_export"),
]
