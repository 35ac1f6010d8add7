"""python manage.py extract FILE... [--json] — read page files, print what the pipeline finds.

Reads nothing from and writes nothing to the database: the output depends only on the
files and the package's own lexicons, so it is the same on every machine.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.conversion import ConversionError, page_convert
from articles.extraction import Lexicon, extract_page, page_to_json
from articles.page_files import page_size_limit


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，而不是 {value!r}") from None


class Command(BaseCommand):
    # Files in, JSON out: no database, nothing signed, so it runs where the site's
    # checks would stop it (no DJANGO_SECRET_KEY; shared/eval runs it bare).
    requires_system_checks = []
    help = (
        "从报纸版面文件中抽取文章、单位、荣誉、活动和志愿服务数据并输出，不写入数据库。"
        "加 --json 时输出评分脚本（shared/eval/score.py）读取的 JSON 文档；进度和警告写到标准错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="版面文件：纯文本（UTF-8 或 GB18030/GBK）、网页（.html）、PDF 或 Word（.docx）",
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON 文档，而不是可读摘要")
        parser.add_argument(
            "--date",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="参考日期：版面只写月日（如 3月13日）时据此推断年份",
        )
        parser.add_argument(
            "--source-region",
            metavar="NAME",
            help="报纸所在地区（如 山东省菏泽市）：版面未写明时，“市”“区”“县”据此理解",
        )

    def handle(self, *args, files, json: bool, date: date | None, source_region: str | None, verbosity, **options):
        lexicon = Lexicon.from_files(source_region=source_region)
        results = []
        for name in files:
            path = Path(name)
            data = self._read(path)
            try:
                converted = page_convert(path.name, data)
            except ConversionError as exc:
                raise CommandError(f"{path}：{exc}") from exc
            page = extract_page(converted.text, lexicon=lexicon, reference_date=date, file_name=path.name)
            if verbosity >= 2:
                self.stderr.write(f"{path.name}：{converted.encoding}，{len(page.articles)} 篇文章")
            for warning in page.warnings:
                if verbosity >= 1:
                    self.stderr.write(f"{path.name}：{warning}")
            results.append((path, page))

        if json:
            document = {"files": [page_to_json(page, path.name) for path, page in results]}
            self.stdout.write(_dumps(document))
        else:
            for path, page in results:
                self._summary(path, page)

    def _read(self, path: Path) -> bytes:
        if not path.exists():
            raise CommandError(f"{path}：文件不存在")
        if not path.is_file():
            raise CommandError(f"{path}：不是文件")
        limit = page_size_limit(str(path))
        size = path.stat().st_size
        if size > limit:
            raise CommandError(f"{path}：文件过大（{size:,} 字节，上限 {limit:,} 字节）")
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}：无法读取（{exc.strerror or exc}）") from exc

    def _summary(self, path: Path, page) -> None:
        out = self.stdout
        out.write(f"== {path.name}：{len(page.articles)} 篇文章")
        for article in page.articles:
            when = article.date.iso() if article.date else "日期不详"
            out.write(f"\n《{article.title}》 {when} {'、'.join(article.bylines)}")
            if article.subtitle:
                out.write(f"  ——{article.subtitle}")
            for unit in article.units:
                aliases = f"（又称 {'、'.join(unit.aliases)}）" if unit.aliases else ""
                out.write(f"  单位：{unit.name}{aliases}")
            for h in article.honours:
                year = f"{h.year}年 " if h.year else ""
                out.write(f"  荣誉：{h.unit} · {year}{h.honour}（{h.status}）")
            for a in article.activities:
                when = a.date.iso() if a.date else "日期不详"
                out.write(f"  活动：{when} {a.title} · {'、'.join(o.unit for o in a.organisers)}")
            for v in article.volunteer_service:
                figures = "，".join(
                    f"{label}{value:g}{unit}"
                    for label, value, unit in (
                        ("时长", v.hours, "小时"),
                        ("", v.person_times, "人次"),
                        ("志愿者", v.volunteers, "名"),
                    )
                    if value is not None
                )
                out.write(f"  志愿服务：{v.unit} · {figures}{'（约数）' if v.approximate else ''}")
        out.write("")


def _dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
