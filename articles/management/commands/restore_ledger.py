from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.backup import ledger_restore


class Command(BaseCommand):
    help = (
        "Load a backup written by `backup_ledger` into a migrated, empty database, in one "
        "transaction, and move every id sequence past the ids that history still names."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup JSON file")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: 找不到备份文件")
        try:
            ledger_restore(path=file)
        except Exception as exc:
            raise CommandError(f"{file}: 恢复失败，数据库未改动（{exc}）") from exc
        if options["verbosity"]:
            self.stdout.write(f"已从 {file} 恢复")
