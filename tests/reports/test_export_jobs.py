"""Exports past WENMING_EXPORT_JOB_ROWS rows are written by a background job into a
file the person who asked downloads from its page (reports/export_jobs.py)."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from reports.models import ExportFile
from tests.helpers import jobs_queued_on_commit, run_queued_jobs


@pytest.fixture
def mudan_national(site_ledger) -> dict:
    return {"region": site_ledger.mudan.pk, "honour_level": "national"}


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def export(client, fmt: str, query: dict):
    return client.get(reverse("units:unit_export", args=[fmt]), query)


def queued_export(client, fmt: str, query: dict, settings):
    settings.WENMING_EXPORT_JOB_ROWS = 1
    with jobs_queued_on_commit():
        return export(client, fmt, query)


def test_a_large_export_is_queued_and_its_page_says_so(viewer_client, mudan_national, settings):
    response = queued_export(viewer_client, "csv", mudan_national, settings)

    export_file = ExportFile.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exports:export_file", args=[export_file.key])
    page = viewer_client.get(response.url).content.decode()
    assert "排队中" in page and 'http-equiv="refresh"' in page


def test_the_file_a_job_writes_has_the_rows_of_the_export_in_the_request(viewer_client, mudan_national, settings):
    direct = streamed(export(viewer_client, "csv", mudan_national))
    response = queued_export(viewer_client, "csv", mudan_national, settings)

    run_queued_jobs()

    page = viewer_client.get(response.url).content.decode()
    assert "已完成" in page and 'http-equiv="refresh"' not in page
    download = viewer_client.get(reverse("exports:export_download", args=[ExportFile.objects.get().key]))
    written = streamed(download)
    assert list(csv.reader(io.StringIO(written.decode("utf-8-sig")))) == list(
        csv.reader(io.StringIO(direct.decode("utf-8-sig")))
    )


def test_an_xlsx_export_can_be_written_by_a_job(viewer_client, mudan_national, settings):
    queued_export(viewer_client, "xlsx", mudan_national, settings)

    run_queued_jobs()

    download = viewer_client.get(reverse("exports:export_download", args=[ExportFile.objects.get().key]))
    sheet = openpyxl.load_workbook(io.BytesIO(streamed(download))).active
    assert sheet.cell(row=1, column=1).value == "单位全称"
    assert sheet.max_row == 3


def test_someone_else_cannot_see_or_download_the_file(viewer_client, mudan_national, settings, django_user_model):
    queued_export(viewer_client, "csv", mudan_national, settings)
    run_queued_jobs()
    other = Client()
    other.force_login(django_user_model.objects.create_user("other", password="other-password-42"))
    key = ExportFile.objects.get().key

    assert other.get(reverse("exports:export_file", args=[key])).status_code == 404
    assert other.get(reverse("exports:export_download", args=[key])).status_code == 404
