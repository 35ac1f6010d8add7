"""Large exports as background jobs: past WENMING_EXPORT_JOB_ROWS rows, an export is
written by a worker into a file (ExportFile) instead of inside the request, so a
proxy's timeout can never cut it off; the person who asked downloads it afterwards
from its page, which follows the job."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django_tasks import task

from core.exports import csv_chunks, export_rows, write_xlsx
from reports.exports import EXPORTS, export_filename
from reports.ledger_bundle import LEDGER_BUNDLE, ledger_bundle_name
from reports.models import ExportFile


def export_enqueue(*, user, list_key: str, fmt: str, query: QueryDict) -> ExportFile:
    export = ExportFile.objects.create(requested_by=user, list_key=list_key, fmt=fmt, query=dict(query.lists()))
    transaction.on_commit(lambda: export_job.enqueue(export.pk))
    return export


@task()
def export_job(export_pk: int) -> int:
    return export_file_write(export_pk=export_pk)


def export_file_write(*, export_pk: int) -> int:
    """Writes the export's rows into its file; returns how many rows it wrote."""
    export = ExportFile.objects.get(pk=export_pk)
    with export.writing():
        spec = EXPORTS[export.list_key]
        query = QueryDict(mutable=True)
        for name, values in export.query.items():
            query.setlist(name, values)
        queryset = spec.queryset(spec.filterset(data=query))
        resource = spec.resource()
        headers = resource.get_export_headers()
        with tempfile.TemporaryFile() as target:
            if export.fmt == "csv":
                for chunk in csv_chunks(headers, export_rows(resource, queryset)):
                    target.write(chunk.encode("utf-8"))
            else:
                write_xlsx(target, headers, export_rows(resource, queryset, native=True), title=spec.label)
            target.seek(0)
            export.file.save(f"{export.key}.{export.fmt}", File(target), save=False)
        export.rows = queryset.count()
    return export.rows


def export_download_name(export: ExportFile) -> str:
    if export.list_key == LEDGER_BUNDLE:
        return ledger_bundle_name(export)
    return export_filename(EXPORTS[export.list_key], export.fmt)
