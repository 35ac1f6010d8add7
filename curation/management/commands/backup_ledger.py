from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curation.backup import ledger_backup


class Command(BaseCommand):
    help = (
        "Write a backup of the whole ledger (records, aliases, review states, history, users) "
        "to FILE as JSON with natural foreign keys. Restore it with `restore_ledger FILE` on a "
        "migrated, empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the JSON file to write")

    def handle(self, *args, file: Path, **options):
        if file.exists() and file.is_dir():
            raise CommandError(f"{file}: 是一个目录，请给出文件名")
        try:
            ledger_backup(path=file)
        except OSError as exc:
            raise CommandError(f"{file}: 无法写入备份（{exc.strerror}）") from exc
        if options["verbosity"]:
            self.stdout.write(f"备份已写入 {file}（{file.stat().st_size:,} 字节）")
