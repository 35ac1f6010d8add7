"""The ledgers of a region's units due for review, bundled as one ZIP by a background job."""

import zipfile
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from curation.demo import FIXTURES, REFERENCE_FIXTURES
from reports.export_jobs import export_download_name
from reports.ledger_bundle import due_units, ledger_bundle_enqueue, ledger_bundle_write
from reports.models import ExportFile
from units.models import Region

DUE_IN_MUDAN = 6  # tests/reports/test_holding_views.py: the six 牡丹区 holders of the demo


@pytest.fixture
def mudan(db):
    call_command("loaddata", *(str(FIXTURES / name) for name in (*REFERENCE_FIXTURES, "demo.json")), verbosity=0)
    return Region.objects.get(full_name="山东省菏泽市牡丹区")


def test_the_units_due_are_those_of_the_due_list(mudan):
    assert due_units(region=mudan, year=2026).count() == DUE_IN_MUDAN


def test_the_bundle_holds_one_workbook_per_due_unit(mudan, reviewer, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    bundle = ledger_bundle_enqueue(user=reviewer, region=mudan, year=2026, system="national-2012", formats=["xlsx"])

    assert ledger_bundle_write(export_pk=bundle.pk) == DUE_IN_MUDAN
    bundle.refresh_from_db()
    with zipfile.ZipFile(bundle.file.open("rb")) as archive:
        names = archive.namelist()
        cover = load_workbook(BytesIO(archive.read("菏泽市牡丹区人民医院_2026年度创建台账.xlsx")))["封面"]
    assert len(names) == DUE_IN_MUDAN and all(name.endswith("_2026年度创建台账.xlsx") for name in names)
    assert any(row[0] == "全国文明单位" for row in cover.iter_rows(values_only=True))
    assert (bundle.status, bundle.rows) == (ExportFile.Status.DONE, DUE_IN_MUDAN)
    assert export_download_name(bundle).startswith("牡丹区_2026年度应复查单位创建台账")


def test_the_due_list_starts_a_bundle_and_shows_its_progress_page(admin_client, mudan):
    response = admin_client.post(
        reverse("units:due_ledger_bundle"), {"region": mudan.pk, "year": 2026, "system": "national-2012"}
    )

    bundle = ExportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:export_file", args=[bundle.key])
    assert (
        '已完成 <span id="export-progress">0</span> 个单位' in admin_client.get(response["Location"]).content.decode()
    )


def test_a_bundle_without_a_region_is_refused_with_a_message(admin_client, mudan):
    response = admin_client.post(
        reverse("units:due_ledger_bundle"), {"year": 2026, "system": "national-2012"}, follow=True
    )

    assert not ExportFile.objects.exists()
    assert "请先选择地区" in response.content.decode()


def test_the_due_list_offers_the_bundle_once_a_region_is_chosen(admin_client, mudan):
    url = reverse("units:due_review_list")
    assert "build-ledger-bundle" not in admin_client.get(url, {"year": 2026}).content.decode()
    assert "build-ledger-bundle" in admin_client.get(url, {"year": 2026, "region": mudan.pk}).content.decode()
