from django.urls import path

from reports import article_views as views
from reports.site import export_list

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("articles/export/<str:fmt>/", export_list, {"key": "articles"}, name="article_export"),
]
