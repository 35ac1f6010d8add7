from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "文明台账"
admin.site.site_title = "文明台账"
admin.site.index_title = "管理首页"
# The index with a box of curation pages (review queue, duplicates, merges, audit log).
admin.site.index_template = "admin/curation/index.html"

urlpatterns = [
    path("admin/articles/import/", include("articles.upload")),
    path("admin/audit-log/", include("wenming.audit_views")),
    path("admin/curation/", include("wenming.curation_urls")),
    path("admin/", admin.site.urls),
    # The staff site (login required throughout): login/logout, lists, exports, dashboard.
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("campaigns.urls")),
    path("", include("units.urls")),
    path("", include("articles.urls")),
]
