"""Spreadsheet formats for django-import-export."""

from __future__ import annotations

from import_export.formats.base_formats import CSV

BOM = "\ufeff"


class CSVWithBOM(CSV):
    """CSV that Excel opens as UTF-8: a byte-order mark first, so Chinese text stays
    readable (as the staff site's exports write it)."""

    def export_data(self, dataset, **kwargs):
        return BOM + super().export_data(dataset, **kwargs)
