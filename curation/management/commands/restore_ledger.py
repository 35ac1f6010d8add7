from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curation.backup import LedgerNotEmpty, ledger_restore


class Command(BaseCommand):
    help = (
        "Load a backup written by `backup_ledger` into a migrated, empty database, in one "
        "transaction, and move every id sequence past the ids that history still names. "
        "A database that already holds a ledger is refused, unless --replace empties it first "
        "(in the same transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup JSON file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="empty the database first (everything in it is replaced by the backup)",
        )

    def handle(self, *args, file: Path, replace: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: 找不到备份文件")
        try:
            ledger_restore(path=file, replace=replace)
        except LedgerNotEmpty as exc:
            raise CommandError(f"{file}: 未恢复。{exc}；请在空数据库中恢复，或加 --replace 先清空再恢复。") from exc
        except Exception as exc:
            raise CommandError(f"{file}: 恢复失败，数据库未改动（{exc}）") from exc
        if options["verbosity"]:
            self.stdout.write(f"已从 {file} 恢复")
