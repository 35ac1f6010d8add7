"""The ledgers of every unit of a region due for review (复查) in a year, as one ZIP:
built by a background job into an ExportFile, whose page follows the job and offers
the download when it is done (reports/export_views.py)."""

from __future__ import annotations

import tempfile
import zipfile
from io import BytesIO

from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django_tasks import task

from reports.holding_filters import due_review_filterset
from reports.ledger import ledger_build, ledger_file_name
from reports.ledger_items import SYSTEMS
from reports.ledger_pdf import ledger_write_pdf
from reports.ledger_xlsx import ledger_write_xlsx
from reports.models import ExportFile
from units.models import Region, Unit

LEDGER_BUNDLE = "ledgers"  # ExportFile.list_key of a bundle
WRITERS = {"xlsx": ledger_write_xlsx, "pdf": ledger_write_pdf}


def due_units(*, region: Region, year: int):
    """The units of the region (and below it) holding an honour due for review in the year."""
    query = QueryDict(mutable=True)
    query["region"], query["year"] = str(region.pk), str(year)
    due = due_review_filterset(data=query)
    return Unit.objects.filter(pk__in=due.result().order_by().values("unit_id")).order_by("name")


def ledger_bundle_enqueue(*, user, region: Region, year: int, system: str, formats: list[str]) -> ExportFile:
    query = {"region": [str(region.pk)], "year": [str(year)], "system": [system], "formats": formats}
    bundle = ExportFile.objects.create(requested_by=user, list_key=LEDGER_BUNDLE, fmt="zip", query=query)
    transaction.on_commit(lambda: ledger_bundle_job.enqueue(bundle.pk))
    return bundle


@task()
def ledger_bundle_job(export_pk: int) -> int:
    return ledger_bundle_write(export_pk=export_pk)


def ledger_bundle_write(*, export_pk: int) -> int:
    """Writes one ledger per due unit into the bundle's ZIP; `rows` counts the units
    done so far, which the bundle's page shows while it runs."""
    bundle = ExportFile.objects.get(pk=export_pk)
    query = bundle.query
    region = Region.objects.get(pk=query["region"][0])
    year, system = int(query["year"][0]), query["system"][0]
    with bundle.writing(), tempfile.TemporaryFile() as target:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for unit in due_units(region=region, year=year).select_related("region", "parent"):
                ledger = ledger_build(unit=unit, year=year, system=system)
                for fmt in query["formats"]:
                    written = BytesIO()
                    WRITERS[fmt](ledger, written)
                    archive.writestr(ledger_file_name(unit, year, fmt), written.getvalue())
                bundle.rows += 1
                ExportFile.objects.filter(pk=bundle.pk).update(rows=bundle.rows)
        target.seek(0)
        bundle.file.save(f"{bundle.key}.zip", File(target), save=False)
    return bundle.rows


def ledger_bundle_name(bundle: ExportFile) -> str:
    region = Region.objects.filter(pk=bundle.query["region"][0]).values_list("name", flat=True).first() or ""
    system = SYSTEMS.get(bundle.query["system"][0])
    label = f"_{system.label}" if system else ""
    return f"{region}_{bundle.query['year'][0]}年度应复查单位创建台账{label}.zip"
