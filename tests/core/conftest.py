"""Fixtures of the core tests: the export ledger (tests/core/exportdata.py)."""

from tests.core.exportdata import export_ledger  # noqa: F401  (fixture)
