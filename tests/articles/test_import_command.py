"""python manage.py import_articles: paths in, a summary out, non-zero exit on failure."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.management.commands.import_articles import Command
from articles.models import Article, ImportRun, PageFile, Source
from tests.articles.pages import OTHER_PAGE, PAGE
from units.models import Unit


def import_articles(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    (folder / "june").mkdir(parents=True)
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "june" / "b.txt").write_text(OTHER_PAGE, encoding="utf-8")
    (folder / "notes.md").write_text("not a page", encoding="utf-8")
    return folder


def test_it_imports_a_folder_recursively_and_prints_a_summary(db, pages):
    out, _ = import_articles(str(pages))
    run = ImportRun.objects.get()
    assert sorted(PageFile.objects.values_list("file_name", flat=True)) == [
        str(pages / "a.txt"),
        str(pages / "june" / "b.txt"),
    ]
    assert run.status == ImportRun.Status.SUCCEEDED
    assert Article.objects.count() == 2
    assert out.strip().splitlines()[-1] == (
        f"2 个文件：导入 2，跳过 0，失败 0；文章 2，单位 {run.counts['units']}，荣誉 {run.counts['honour_awards']}，"
        f"活动 {run.counts['activities']}，志愿服务 {run.counts['volunteer_records']}"
    )


def test_it_imports_files_named_one_by_one(db, pages):
    import_articles(str(pages / "june" / "b.txt"), str(pages / "a.txt"))
    assert ImportRun.objects.get().counts["files_imported"] == 2


def test_a_second_import_skips_the_file_and_says_so(db, pages):
    import_articles(str(pages / "a.txt"))
    out, _ = import_articles(str(pages / "a.txt"))
    assert "已跳过（重复）" in out
    assert "1 个文件：导入 0，跳过 1，失败 0" in out
    assert Article.objects.count() == 1


def test_a_missing_path_is_an_error_and_imports_nothing(db, pages):
    with pytest.raises(CommandError, match="路径不存在：.*missing.txt"):
        import_articles(str(pages / "a.txt"), str(pages / "missing.txt"))
    assert ImportRun.objects.count() == 0
    assert Article.objects.count() == 0


def test_a_folder_without_pages_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="没有找到页面文件"):
        import_articles(str(tmp_path))


def test_a_failing_file_among_good_ones_exits_non_zero_after_importing_the_good_ones(db, pages):
    broken = pages / "broken.txt"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    with pytest.raises(CommandError) as error:
        import_articles(str(pages), "-v", "0")
    # manage.py exits with the CommandError's return code.
    assert error.value.returncode != 0
    assert str(broken) in str(error.value)
    assert Article.objects.count() == 2
    statuses = dict(PageFile.objects.values_list("file_name", "status"))
    assert statuses[str(broken)] == PageFile.Status.FAILED
    assert ImportRun.objects.get().status == ImportRun.Status.PARTIAL


def test_the_error_names_each_failed_file_and_its_problem(db, pages):
    (pages / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError) as error:
        import_articles(str(pages))
    assert "1 个文件导入失败" in str(error.value)
    assert f"{pages / 'empty.txt'}：文件为空" in str(error.value)


def test_a_dry_run_reports_the_counts_and_stores_nothing(db, pages):
    out, _ = import_articles(str(pages), "--dry-run")
    assert out.strip().splitlines()[-1].startswith("试运行，未写入数据库。2 个文件：导入 2")
    assert (Article.objects.count(), Unit.objects.count()) == (0, 0)
    assert ImportRun.objects.get().status == ImportRun.Status.DRY_RUN


def test_a_dry_run_does_not_create_the_source(db, pages):
    _, err = import_articles(str(pages / "a.txt"), "--dry-run", "--source", "牡丹晚报")
    assert Source.objects.count() == 0
    assert "牡丹晚报" in err


def test_an_unknown_source_is_created_and_given_to_the_articles(db, pages):
    _, err = import_articles(str(pages / "a.txt"), "--source", "牡丹晚报")
    source = Source.objects.get()
    assert source.name == "牡丹晚报"
    assert "新建报刊来源：牡丹晚报" in err
    assert list(Article.objects.values_list("source", flat=True)) == [source.pk]


def test_a_known_source_is_used_as_it_is(db, pages):
    source = Source.objects.create(name="菏泽日报")
    import_articles(str(pages / "a.txt"), "--source", "菏泽日报")
    assert Source.objects.count() == 1
    assert ImportRun.objects.get().source == source


def test_the_date_option_is_the_runs_reference_date(db, pages):
    import_articles(str(pages / "a.txt"), "--date", "2023-06-01")
    assert ImportRun.objects.get().reference_date == date(2023, 6, 1)


def test_a_malformed_date_is_refused(db, pages):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        import_articles(str(pages / "a.txt"), "--date", "2023/06/01")
    assert ImportRun.objects.count() == 0


def test_verbosity_two_prints_a_line_per_file(db, pages):
    out, _ = import_articles(str(pages), "-v", "2")
    assert f"已导入：{pages / 'a.txt'}" in out
    assert f"已导入：{pages / 'june' / 'b.txt'}" in out


def test_verbosity_zero_prints_nothing(db, pages):
    out, err = import_articles(str(pages), "-v", "0")
    assert (out, err) == ("", "")
    assert Article.objects.count() == 2


def test_the_help_describes_every_option():
    parser = Command().create_parser("manage.py", "import_articles")
    text = parser.format_help()
    for option in ("PATH", "--source", "--date", "--dry-run", "--verbosity"):
        assert option in text
