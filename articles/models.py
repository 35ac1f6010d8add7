"""Newspaper pages, the articles cut from them, and the import runs that read them."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.indexes import ListOrderIndex
from core.models import DatePrecision


class SourceManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Source(models.Model):
    """A newspaper or website that pages come from."""

    NATURAL_KEY_FIELD = "name"  # how a spreadsheet names it (core.resources)

    name = models.CharField("名称", max_length=100, unique=True)
    region = models.ForeignKey(
        "units.Region", verbose_name="所属地区", null=True, blank=True, on_delete=models.SET_NULL
    )
    url = models.URLField("网址", blank=True)
    note = models.TextField("备注", blank=True)
    history = HistoricalRecords()

    objects = SourceManager()

    class Meta:
        verbose_name = "报刊来源"
        verbose_name_plural = "报刊来源"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class ImportRunManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class ImportRun(models.Model):
    """One run of the importer over one or more page files."""

    NATURAL_KEY_FIELD = "key"  # how a spreadsheet names it (core.resources)

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "成功"
        PARTIAL = "partial", "部分失败"
        FAILED = "failed", "失败"
        DRY_RUN = "dry_run", "试运行"
        INTERRUPTED = "interrupted", "已中断"

    key = models.UUIDField("运行编号", unique=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RUNNING)
    source = models.ForeignKey(Source, verbose_name="报刊来源", null=True, blank=True, on_delete=models.SET_NULL)
    reference_date = models.DateField("参考日期", null=True, blank=True, help_text="页面未写年份时据此推断")
    counts = models.JSONField("统计", default=dict, blank=True)
    # Queued imports (articles.import_jobs): how many files the run was given, so its
    # page can say how far the jobs have got.
    files_total = models.PositiveIntegerField("文件总数", default=0, editable=False)
    progressed_at = models.DateTimeField("最近进展", null=True, blank=True, editable=False)
    errors = models.JSONField("错误", default=list, blank=True)
    # Which process runs it, so that a run whose process was killed can be told from
    # one still going (articles.services.runs_interrupted_mark).
    process_id = models.PositiveIntegerField("进程号", null=True, blank=True, editable=False)
    host = models.CharField("主机", max_length=255, blank=True, editable=False)

    objects = ImportRunManager()

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-started_at"]

    def __str__(self):
        # Shown in Beijing time, as every time the site shows (the database keeps UTC).
        return f"导入 {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}（{self.get_status_display()}）"

    def natural_key(self):
        return (str(self.key),)


class PageFormat(models.TextChoices):
    """The formats the importer reads (articles.conversion.FORMATS)."""

    TEXT = "text", "纯文本"
    HTML = "html", "网页"
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"


class PageFile(models.Model):
    """A page file seen by an import run; its content hash makes re-imports idempotent."""

    class Status(models.TextChoices):
        IMPORTED = "imported", "已导入"
        SKIPPED = "skipped", "已跳过（重复）"
        FAILED = "failed", "失败"

    import_run = models.ForeignKey(
        ImportRun, verbose_name="导入批次", on_delete=models.CASCADE, related_name="page_files"
    )
    file_name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("字节数", default=0)
    sha256 = models.CharField("内容散列", max_length=64, db_index=True)
    encoding = models.CharField("编码", max_length=32, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices)
    message = models.TextField("说明", blank=True)
    article_count = models.PositiveIntegerField("文章数", default=0)
    # Pages that are not plain text (articles.conversion): the file as it came, under
    # MEDIA_ROOT and named by its hash (sha256 is of these bytes), the text it was
    # converted to (where every article and evidence span was read), and for a PDF
    # the offset in that text where each printed page starts.
    format = models.CharField("格式", max_length=8, choices=PageFormat.choices, default=PageFormat.TEXT)
    original = models.FileField("原始文件", upload_to="pages/", max_length=255, blank=True)
    converted_text = models.TextField("转换后的文本", blank=True)
    pdf_page_starts = models.JSONField("PDF 各页起始位置", default=list, blank=True)

    class Meta:
        verbose_name = "页面文件"
        verbose_name_plural = "页面文件"
        ordering = ["import_run", "file_name"]

    def __str__(self):
        return self.file_name

    def pdf_page_at(self, offset: int) -> int | None:
        """The printed page (from 1) of a PDF that holds `converted_text[offset]`."""
        number = None
        for index, start in enumerate(self.pdf_page_starts or (), start=1):
            if start > offset:
                break
            number = index
        return number


class QueuedPage(models.Model):
    """A page file uploaded for a queued import, kept in the database until a job has
    imported it, so that a worker on any machine sharing the database can read it."""

    import_run = models.ForeignKey(
        ImportRun, verbose_name="导入批次", on_delete=models.CASCADE, related_name="queued_pages"
    )
    position = models.PositiveIntegerField("顺序")
    file_name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("字节数", default=0)
    # Empty for a file over its size limit (articles.page_files.page_size_limit): the job refuses it by its size.
    content = models.BinaryField("内容")
    # The background job (django-tasks result id) that takes the page.
    job_id = models.CharField("后台任务", max_length=64, blank=True)

    class Meta:
        verbose_name = "待导入页面"
        verbose_name_plural = "待导入页面"
        ordering = ["import_run", "position"]

    def __str__(self):
        return self.file_name


class ArticleManager(models.Manager):
    def get_by_natural_key(self, content_hash):
        return self.get(content_hash=content_hash)


class Article(models.Model):
    NATURAL_KEY_FIELD = "content_hash"  # how a spreadsheet names it (core.resources)

    source = models.ForeignKey(
        Source, verbose_name="报刊来源", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    title = models.CharField("标题", max_length=300)
    subtitle = models.CharField("副标题", max_length=300, blank=True)
    bylines = models.JSONField("作者", default=list, blank=True)
    published_on = models.DateField("日期", null=True, blank=True, db_index=True)
    date_precision = models.CharField(
        "日期精度", max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY, blank=True
    )
    text = models.TextField("正文（清洗后）")
    raw_text = models.TextField("原文", blank=True)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    position = models.PositiveIntegerField("版面顺序", default=0)
    pdf_page = models.PositiveIntegerField("PDF 页码", null=True, blank=True, help_text="文章标题所在的 PDF 页")
    # Hash of the cleaned title and text: the same article on two pages is stored once.
    content_hash = models.CharField("内容散列", max_length=64, unique=True)
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    page_file = models.ForeignKey(
        PageFile, verbose_name="页面文件", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["raw_text"])

    objects = ArticleManager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-published_on", "file_name", "position"]
        indexes = [
            # The article list's default order (date, file, position, then pk; core.filtering).
            ListOrderIndex(
                F("published_on").desc(nulls_last=True),
                F("file_name").asc(nulls_last=True),
                F("position").asc(nulls_last=True),
                F("id").desc(nulls_last=True),
                name="article_list_order",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.content_hash,)
