"""Exports too large for one request, written by a background job into a file that
the person who asked for it downloads afterwards (reports/export_jobs.py); and the
ledger items staff filed records under by hand (reports/ledger_filing.py)."""

import uuid
from contextlib import contextmanager

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


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

    @contextmanager
    def writing(self):
        """A job writing this file: running while the block runs, then done, or failed
        with the error kept (and raised again); finished either way."""
        self.status, self.rows = self.Status.RUNNING, 0
        self.save(update_fields=["status", "rows"])
        try:
            yield self
            self.status = self.Status.DONE
        except Exception as error:
            self.status = self.Status.FAILED
            self.error = repr(error)[:2000]
            raise
        finally:
            self.finished_at = timezone.now()
            self.save()


class LedgerFiling(models.Model):
    """A record staff filed under another assessment item of a ledger than the one its
    words place it in (reports.ledger_items): remembered for every ledger built with
    that system, and audited like every change (who, when, why)."""

    system = models.CharField("测评体系", max_length=32)
    activity = models.ForeignKey(
        "campaigns.Activity",
        verbose_name="活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ledger_filings",
    )
    volunteer_record = models.ForeignKey(
        "campaigns.VolunteerRecord",
        verbose_name="志愿服务记录",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ledger_filings",
    )
    item = models.CharField("测评项目", max_length=60)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="归类人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField("归类时间", auto_now=True)
    reason = models.TextField("理由", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "台账归类"
        verbose_name_plural = "台账归类"
        ordering = ["-filed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, volunteer_record__isnull=True)
                | Q(activity__isnull=True, volunteer_record__isnull=False),
                name="ledger_filing_one_record",
            ),
            models.UniqueConstraint(
                fields=["system", "activity"], condition=Q(activity__isnull=False), name="ledger_filing_activity_once"
            ),
            models.UniqueConstraint(
                fields=["system", "volunteer_record"],
                condition=Q(volunteer_record__isnull=False),
                name="ledger_filing_volunteer_once",
            ),
        ]

    def __str__(self):
        return f"{self.activity or self.volunteer_record} → {self.item}"
