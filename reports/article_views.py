"""Staff pages for articles: the list and an article with what was read from it."""

from articles.models import Article
from reports.article_selectors import article_detail
from reports.site import Column, FilteredListView, StaffDetailView


class ArticleListView(FilteredListView):
    export_key = "articles"
    template_name = "articles/article_list.html"
    columns = (
        Column("日期", "date", descending_first=True),
        Column("标题", "title"),
        Column("来源", "source"),
        Column("荣誉", numeric=True),
        Column("活动", numeric=True),
        Column("志愿服务", numeric=True),
        Column("待审核", numeric=True),
    )


class ArticleDetailView(StaffDetailView):
    model = Article
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.select_related("source").defer("raw_text")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = article_detail(article=self.object)
        return context
