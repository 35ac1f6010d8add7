"""Curation pages inside the admin (review queue, record review, unit merges,
possible duplicates), mounted under admin/curation/ in wenming/urls.py.

admin_view gives them the admin's login, staff check and no-cache headers; each
view checks its own model permissions."""

from django.contrib import admin
from django.urls import path

from curation import merge_views, review_views

app_name = "curation"

urlpatterns = [
    path("review/", admin.site.admin_view(review_views.queue), name="review_queue"),
    path("review/<str:model>/<int:pk>/", admin.site.admin_view(review_views.record), name="review_record"),
    path("units/merge/", admin.site.admin_view(merge_views.merge_confirm), name="unit_merge"),
    path("units/merge/undo/", admin.site.admin_view(merge_views.merge_undo_confirm), name="unit_merge_undo"),
    path("units/duplicates/", admin.site.admin_view(merge_views.duplicates), name="unit_duplicates"),
]
