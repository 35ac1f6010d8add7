from django.urls import path

from wenming.views import export_list

from . import views

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("articles/export/<str:fmt>/", export_list, {"key": "articles"}, name="article_export"),
]
