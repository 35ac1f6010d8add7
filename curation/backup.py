"""Backup and restore of the whole ledger.

A backup is `dumpdata --natural-foreign` without content types, permissions and
sessions (rebuilt by `migrate`), in JSON that keeps timestamps to the microsecond
(core.lossless_json). Primary keys stay as they are: history rows and
unit-merge snapshots name objects by id. After loading, every id sequence is moved
past the largest id that any history row still names, so a row created after a
restore never takes the id of a deleted or merged-away row and inherits its history.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connection, models, transaction

from campaigns import tallies

# Rebuilt on restore rather than saved: migrate makes the first three, and the
# unit tallies are recounted from the records.
BACKUP_EXCLUDES = ("contenttypes", "auth.permission", "sessions", "campaigns.unittally")
LEDGER_APPS = ("units", "campaigns", "articles")


def ledger_backup(*, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--format=lossless-json",
            *(f"--exclude={label}" for label in BACKUP_EXCLUDES),
            indent=1,
            stdout=out,
        )


class LedgerNotEmpty(Exception):
    """The database already holds a ledger: restoring over it would mix two ledgers."""


def ledger_contents() -> dict[str, int]:
    """What the database holds that a restore would mix with: rows per model, by Chinese name."""
    found = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label not in LEDGER_APPS and label != "auth.user":
            continue
        if label in BACKUP_EXCLUDES or model.__name__.startswith("Historical"):
            continue
        count = model._default_manager.count()
        if count:
            found[str(model._meta.verbose_name)] = count
    return found


def ledger_restore(*, path: Path, replace: bool = False) -> None:
    """Load a backup into an empty database, or (`replace`) empty it first, in the same
    transaction: a failure anywhere leaves the database as it was."""
    with transaction.atomic():
        contents = ledger_contents()
        if contents and not replace:
            listed = "、".join(f"{name} {count} 条" for name, count in contents.items())
            raise LedgerNotEmpty(f"数据库中已有数据（{listed}），恢复会与现有台账混在一起")
        if contents:
            call_command("flush", interactive=False, verbosity=0)
        with tallies.paused():
            call_command("loaddata", str(path), verbosity=0)
        sequences_past_history()
        tallies.refresh_unit_tallies()


def sequences_past_history() -> None:
    """Move each model's id sequence past the largest id its history still names."""
    for model in apps.get_models():
        history = getattr(model, "history", None)
        manager_model = getattr(history, "model", None)
        if manager_model is None or not isinstance(model._meta.pk, models.AutoField):
            continue
        highest = max(
            model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0,
            manager_model._default_manager.aggregate(top=models.Max(model._meta.pk.attname))["top"] or 0,
        )
        if highest:
            _advance_sequence(model._meta.db_table, model._meta.pk.column, highest)


def _advance_sequence(table: str, column: str, highest: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, (SELECT last_value FROM "
                "pg_sequences WHERE schemaname = current_schema() AND sequencename = "
                "split_part(pg_get_serial_sequence(%s, %s), '.', 2))))",
                [table, column, highest, table, column],
            )
        elif connection.vendor == "sqlite":
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [highest, table])
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, highest])
