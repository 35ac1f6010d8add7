"""Exports too large for one request: written by a background job into a file that
the person who asked for it downloads afterwards (reports/export_jobs.py)."""

import uuid

from django.conf import settings
from django.db import models


class ExportFile(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    key = models.UUIDField("编号", unique=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.CASCADE)
    list_key = models.CharField("列表", max_length=32)
    fmt = models.CharField("格式", max_length=8)
    # The list's GET parameters, each with its list of values.
    query = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField("行数", default=0)
    file = models.FileField("文件", upload_to="exports/", blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出文件"
        verbose_name_plural = "导出文件"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.list_key}.{self.fmt}（{self.get_status_display()}）"
