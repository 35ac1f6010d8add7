import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from reports.ledger import ledger_build
from reports.ledger_items import DEFAULT_SYSTEM, SYSTEMS
from reports.ledger_pdf import LedgerPdfUnavailable, ledger_write_pdf
from reports.ledger_xlsx import ledger_write_xlsx
from units.models import Unit

WRITERS = {".xlsx": ledger_write_xlsx, ".pdf": ledger_write_pdf}


def unit_named(name: str) -> Unit:
    """The one unit of that full name, or else of that short name or alias."""
    exact = Unit.objects.filter(name=name).first()
    if exact is not None:
        return exact
    found = list(Unit.objects.filter(Q(short_name=name) | Q(aliases__name=name)).distinct()[:6])
    if not found:
        raise CommandError(f"没有名为“{name}”的单位（按全称、简称和别名查找）。")
    if len(found) > 1:
        names = "、".join(unit.name for unit in found[:5])
        raise CommandError(f"“{name}”指向多个单位：{names}。请用全称。")
    return found[0]


class Command(BaseCommand):
    help = (
        "生成一个单位某年度的创建台账（Excel 或 PDF，按输出文件的扩展名）：封面、按测评项目归档的活动和"
        "志愿服务记录（附原句和出处）、每个项目的说明报告草稿和待补充的图片资料、志愿服务月度和年度统计、"
        "所获荣誉，以及未纳入的待审核/未采纳记录。"
        "例：manage.py build_ledger 菏泽市委办公室 --year 2024 -o 台账.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("unit", help="单位全称、简称或别名")
        parser.add_argument("--year", type=int, required=True, help="台账年度，如 2024")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx 或 .pdf）")
        parser.add_argument(
            "--system",
            choices=sorted(SYSTEMS),
            default=DEFAULT_SYSTEM,
            help=f"测评体系（默认 {DEFAULT_SYSTEM}：{SYSTEMS[DEFAULT_SYSTEM].label}）",
        )

    def handle(self, *args, unit, year, output, system, verbosity, **options):
        path = Path(output)
        write = WRITERS.get(path.suffix.lower())
        if write is None:
            raise CommandError(f"{output}：台账文件须以 .xlsx 或 .pdf 结尾。")
        if not path.parent.exists():
            raise CommandError(f"{output}：输出目录不存在。")
        ledger = ledger_build(unit=unit_named(unit), year=year, system=system)
        # Written next to the target and renamed at the end, so a failed build never
        # leaves a half-written file under the requested name.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(handle)
        try:
            write(ledger, temporary)
            os.replace(temporary, path)
        except LedgerPdfUnavailable as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{output}：无法写入（{exc.strerror or exc}）。") from exc
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已生成 {ledger.unit.name} {year}年度台账：{ledger.entry_count} 条记录，"
                    f"{len(ledger.left_out)} 条未纳入 → {path}"
                )
            )
