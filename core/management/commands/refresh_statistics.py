from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from core.statistics import statistics_refresh


class Command(BaseCommand):
    help = (
        "刷新数据库的查询规划统计信息（PostgreSQL：VACUUM ANALYZE；SQLite：ANALYZE）。"
        "手工批量导入数据（如 loaddata 大文件）之后运行，否则查询规划按旧的行数估计，大数据量下页面变慢。"
        "generate_synthetic 结束时会自动运行。"
    )

    def handle(self, *args, **options):
        try:
            statistics_refresh()
        except DatabaseError as exc:
            raise CommandError(f"刷新统计信息失败：{exc}") from exc
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("已刷新统计信息。"))
