from django.contrib import admin
from django.urls import include, path

from core.health import health

admin.site.site_header = "文明台账"
admin.site.site_title = "文明台账"
admin.site.index_title = "管理首页"
# The index with a box of curation pages (review queue, duplicates, merges, audit log).
admin.site.index_template = "admin/curation/index.html"

urlpatterns = [
    path("healthz", health, name="health"),
    path("admin/articles/import/", include("articles.upload")),
    path("admin/audit-log/", include("curation.audit_views")),
    path("admin/curation/", include("curation.urls")),
    path("admin/", admin.site.urls),
    # The staff site (login required throughout): login/logout, lists, exports, dashboard.
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("reports.campaign_urls")),
    path("", include("reports.unit_urls")),
    path("", include("reports.article_urls")),
    path("", include("reports.export_views")),
]
