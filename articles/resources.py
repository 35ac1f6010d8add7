"""Spreadsheet export and import of sources, articles, import runs and page files
(the conventions are core.resources')."""

from articles.models import Article, ImportRun, PageFile, Source
from core.resources import WenmingResource, column
from core.sheet_widgets import TextListWidget


class SourceResource(WenmingResource):
    class Meta:
        model = Source
        fields = ("name", "region", "url", "note")
        import_id_fields = ("name",)


class ImportRunResource(WenmingResource):
    # auto_now_add: the database sets it on insert, so a sheet cannot.
    started_at = column(ImportRun, "started_at", readonly=True)

    class Meta:
        model = ImportRun
        fields = (
            "key",
            "started_by",
            "started_at",
            "finished_at",
            "status",
            "source",
            "reference_date",
            "counts",
            "errors",
        )
        import_id_fields = ("key",)


class PageFileResource(WenmingResource):
    class Meta:
        model = PageFile
        fields = (
            "id",
            "import_run",
            "file_name",
            "size",
            "sha256",
            "encoding",
            "format",
            "status",
            "message",
            "article_count",
        )


class ArticleResource(WenmingResource):
    bylines = column(Article, "bylines", TextListWidget())

    class Meta:
        model = Article
        fields = (
            "content_hash",
            "title",
            "subtitle",
            "bylines",
            "published_on",
            "date_precision",
            "source",
            "file_name",
            "position",
            "import_run",
            "page_file",
            "text",
            "raw_text",
        )
        import_id_fields = ("content_hash",)
