from django.contrib import admin
from django.urls import path

admin.site.site_header = "文明台账"
admin.site.site_title = "文明台账"
admin.site.index_title = "管理首页"

urlpatterns = [
    path("admin/", admin.site.urls),
]
