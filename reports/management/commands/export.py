"""manage.py export MODEL [--filter key=value ...] --format csv|xlsx -o FILE"""

import os
import sys
import tempfile
from argparse import RawDescriptionHelpFormatter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from tqdm import tqdm

from core.exports import FORMATS, export_rows, write_csv, write_xlsx
from reports.exports import EXPORTS, find_export


def filter_keys(spec) -> list[str]:
    """The parameter names the list's URL (and so --filter) accepts."""
    form = spec.filterset(data={}).form
    keys = []
    for name, field in form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        if suffixes:
            keys.extend(f"{name}_{suffix}" for suffix in suffixes)
        else:
            keys.append(name)
    return keys


def models_help() -> str:
    lines = ["可导出的列表（MODEL）及其筛选参数（与网页列表地址栏中的参数相同）："]
    for spec in EXPORTS.values():
        lines.append(f"  {spec.key:<11} {spec.label}：{', '.join(filter_keys(spec))}")
    lines.append("审核状态默认只导出已采纳（review_status=accepted），可用 review_status=pending|rejected|all。")
    lines.append("例：manage.py export units --filter region=12 --filter honour_level=national -o 国家级单位.xlsx")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "把一个列表按筛选条件导出为 CSV（UTF-8 带 BOM，Excel 可直接打开）或 XLSX，与网页上的导出完全相同。"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = models_help()
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("model", metavar="MODEL", help=f"要导出的列表：{', '.join(EXPORTS)}")
        parser.add_argument(
            "--filter",
            dest="filters",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="筛选条件，可重复；如 --filter q=志愿服务 --filter date_after=2024-03-01",
        )
        parser.add_argument("--format", dest="fmt", choices=FORMATS, help="文件格式（默认按输出文件的扩展名）")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件")

    def handle(self, *args, model, filters, fmt, output, **options):
        spec = find_export(model)
        if spec is None:
            raise CommandError(f"没有名为“{model}”的列表，可选：{', '.join(EXPORTS)}")
        path = Path(output)
        fmt = fmt or path.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"无法从“{output}”判断文件格式，请用 --format csv 或 --format xlsx")

        data = self.parse_filters(spec, filters)
        filterset = spec.filterset(data=data)
        if not filterset.is_valid():
            problems = "；".join(f"{name}：{'、'.join(errors)}" for name, errors in filterset.errors.items())
            raise CommandError(f"筛选条件有误：{problems}")

        resource = spec.resource()
        queryset = spec.queryset(filterset)
        verbosity = options["verbosity"]
        total = queryset.count() if verbosity else None
        rows = export_rows(resource, queryset, native=fmt == "xlsx")
        progress = tqdm(rows, total=total, unit="行", desc=f"导出{spec.label}", file=sys.stderr, disable=verbosity == 0)
        written = 0

        def counted():
            nonlocal written
            for row in progress:
                written += 1
                yield row

        if not path.parent.exists():
            raise CommandError(f"输出目录不存在：{path.parent}")
        # Written next to the target and renamed at the end, so a failed
        # export never leaves a half-written file under the requested name.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            if fmt == "csv":
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as target:
                    write_csv(target, resource.get_export_headers(), counted())
            else:
                os.close(handle)
                write_xlsx(temporary, resource.get_export_headers(), counted(), title=spec.label)
            os.replace(temporary, path)
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error}") from error
        finally:
            progress.close()
            if os.path.exists(temporary):
                os.unlink(temporary)
        if verbosity:
            self.stdout.write(f"已导出 {written} 条{spec.label}到 {path}")

    def parse_filters(self, spec, filters: list[str]) -> QueryDict:
        allowed = filter_keys(spec)
        data = QueryDict(mutable=True)
        for item in filters:
            key, sep, value = item.partition("=")
            key = key.strip()
            if not sep or not key:
                raise CommandError(f"筛选条件“{item}”应写成 KEY=VALUE")
            if key not in allowed:
                raise CommandError(f"{spec.label}列表没有筛选参数“{key}”，可用：{', '.join(allowed)}")
            data.appendlist(key, value.strip())
        return data
