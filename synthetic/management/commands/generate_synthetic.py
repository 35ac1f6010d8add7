"""Fills the database with synthetic units, activities, volunteer records and
honour awards for benchmarks (see bench/ and docs/benchmarks.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from synthetic.generator import SyntheticDataError, synthetic_generate


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "生成模拟数据（用于性能测试）：按地区名和单位后缀构造单位名称，荣誉取自荣誉目录，"
        "活动日期跨越多年，少数单位承担大量活动（齐夫分布）。同一 --seed 在同一初始数据库上生成相同数据。"
        "数据以批量插入写入，不产生历史记录。例：generate_synthetic --units 100000 --activities 1000000 "
        "--volunteer-records 1000000 --seed 1"
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=_non_negative, required=True, help="单位数")
        parser.add_argument("--activities", type=_non_negative, default=0, help="活动数（默认 0）")
        parser.add_argument("--volunteer-records", type=_non_negative, default=0, help="志愿服务记录数（默认 0）")
        parser.add_argument(
            "--honour-awards", type=_non_negative, default=None, help="荣誉记录数（默认为单位数的一半）"
        )
        parser.add_argument(
            "--articles",
            type=_non_negative,
            default=None,
            help="来源文章数（默认为活动与志愿服务记录总数的 1/50）；待审核与已驳回的记录均来自文章",
        )
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
        parser.add_argument("--first-year", type=int, default=2016, help="最早年份（默认 2016）")
        parser.add_argument("--last-year", type=int, default=2025, help="最晚年份（默认 2025）")
        parser.add_argument("--batch", type=_positive, default=5000, help="每批插入行数（默认 5000）")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        started = time.perf_counter()
        try:
            counts = synthetic_generate(
                units=options["units"],
                activities=options["activities"],
                volunteer_records=options["volunteer_records"],
                honour_awards=options["honour_awards"],
                articles=options["articles"],
                seed=options["seed"],
                first_year=options["first_year"],
                last_year=options["last_year"],
                batch_size=options["batch"],
                progress=verbosity >= 1,
            )
        except SyntheticDataError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        if verbosity >= 2:
            for label, value in [
                ("地区", counts.regions),
                ("单位", counts.units),
                ("单位别名", counts.aliases),
                ("来源文章", counts.articles),
                ("荣誉记录", counts.honour_awards),
                ("活动", counts.activities),
                ("活动组织单位", counts.organisers),
                ("志愿服务记录", counts.volunteer_records),
            ]:
                self.stdout.write(f"  {label}：{value}")
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已生成 {counts.units} 个单位、{counts.activities} 条活动、"
                    f"{counts.volunteer_records} 条志愿服务记录、"
                    f"{counts.honour_awards} 条荣誉记录（共 {counts.rows} 行，用时 {elapsed:.1f} 秒，"
                    f"{counts.rows / max(elapsed, 1e-9):.0f} 行/秒）"
                )
            )
