"""python manage.py import_articles PATH... — import newspaper page files."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.conversion import supported_suffixes
from articles.import_jobs import run_enqueue
from articles.models import ImportRun, PageFile, Source
from articles.services import run_import, run_summary, source_get_or_create


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，而不是 {value!r}") from None


def page_paths(paths: list[str]) -> list[Path]:
    """The page files named on the command line: files as given, folders searched
    recursively for the formats the importer reads (.txt, .html, .pdf, .docx …) in name
    order. A path that does not exist is an error before anything is imported."""
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        raise CommandError("路径不存在：" + "、".join(missing))
    found: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            found.extend(
                sorted(
                    path for path in given.rglob("*") if path.is_file() and path.suffix.lower() in supported_suffixes()
                )
            )
        else:
            found.append(given)
    return found


class Command(BaseCommand):
    help = (
        "Import newspaper page files: plain text (UTF-8, UTF-8 with BOM or GB18030/GBK), saved web pages "
        "(.html, as the page declares its encoding), PDF with a text layer, and Word documents (.docx). "
        "Each file is split into articles, and the units, honours, activities and volunteer "
        "figures they report are stored as pending review, each with its evidence sentence. "
        "Each file is imported in its own transaction; a file or article imported before is "
        "skipped. Exits non-zero when any file fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="page files, or folders searched recursively for .txt, .html/.htm, .pdf and .docx files "
            "(imported in name order)",
        )
        parser.add_argument(
            "--source",
            metavar="NAME",
            help="the newspaper the pages come from (an articles.Source; created when it does not exist yet)",
        )
        parser.add_argument(
            "--date",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="reference date: the year for dates the pages give without one (3月13日)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            metavar="N",
            help="decode and extract pages in N worker processes (default 1: all in this process); "
            "storing stays in this process, one transaction per file, in file order",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="do the whole import and report what it would add, then roll it back",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="store the files and queue the import as background jobs (run `manage.py db_worker` "
            "to take them, on this or any machine sharing the database); returns at once",
        )

    def handle(self, *args, paths, source, date, workers, dry_run, enqueue, verbosity, **options):
        if workers < 1:
            raise CommandError(f"--workers 至少为 1，而不是 {workers}（--workers must be at least 1）")
        if enqueue and dry_run:
            raise CommandError("--enqueue 与 --dry-run 不能同时使用：试运行不进入后台队列")
        pages = page_paths(paths)
        if not pages:
            raise CommandError("没有找到页面文件（.txt、.html、.pdf、.docx）：" + "、".join(paths))
        source_row = self._source(source, dry_run)
        if enqueue:
            run = run_enqueue(pages=pages, source=source_row, reference_date=date)
            if verbosity >= 1:
                self.stdout.write(f"已加入后台导入队列：{run.files_total} 个文件，导入批次 {run.key}")
            return

        # tqdm redraws its line with carriage returns, which Django's OutputWrapper would
        # break up with newlines: the bar writes to the wrapped stream itself.
        bar = tqdm(
            total=len(pages),
            unit="页",
            file=getattr(self.stderr, "_out", sys.stderr),
            disable=verbosity == 0,
            dynamic_ncols=True,
        )

        def progress(page_file: PageFile) -> None:
            bar.update(1)
            # Skipped files are said at -v 1; failures are listed at the end in any case.
            shown = verbosity >= 2 or (verbosity == 1 and page_file.status == PageFile.Status.SKIPPED)
            if shown:
                bar.clear()
                stream = self.stderr if page_file.status == PageFile.Status.FAILED else self.stdout
                if page_file.status == PageFile.Status.FAILED:
                    stream.write(f"失败：{page_file.message}")
                else:
                    stream.write(f"{page_file.get_status_display()}：{page_file.file_name}（{page_file.message}）")
                bar.refresh()

        try:
            run = run_import(
                pages=pages,
                source=source_row,
                reference_date=date,
                dry_run=dry_run,
                progress=progress,
                workers=workers,
            )
        finally:
            bar.close()

        if verbosity >= 1:
            self.stdout.write(self.summary(run))
        failed = run.errors
        if failed:
            raise CommandError(
                f"{len(failed)} 个文件导入失败：\n" + "\n".join(f"  {error['error']}" for error in failed)
            )

    def _source(self, name: str | None, dry_run: bool) -> Source | None:
        if not name:
            return None
        if dry_run:
            # A dry run writes nothing, not even a new source.
            source = Source.objects.filter(name=name.strip()).first()
            if source is None:
                self.stderr.write(f"试运行：报刊来源“{name}”尚不存在，正式导入时将新建")
            return source
        source, created = source_get_or_create(name=name)
        if created:
            self.stderr.write(f"新建报刊来源：{source.name}")
        return source

    @staticmethod
    def summary(run: ImportRun) -> str:
        line = run_summary(run)
        if run.counts["articles_skipped"]:
            line += f"（重复文章跳过 {run.counts['articles_skipped']}）"
        if run.status == ImportRun.Status.DRY_RUN:
            line = f"试运行，未写入数据库。{line}"
        return line
