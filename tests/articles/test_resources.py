import json

import pytest
from import_export.formats.base_formats import CSV, XLSX

from articles.models import Article, ImportRun, PageFile, Source
from articles.resources import ArticleResource, ImportRunResource, PageFileResource, SourceResource

FORMATS = [pytest.param(CSV(), id="csv"), pytest.param(XLSX(), id="xlsx")]


def import_csv(resource_class, text: str, **kwargs):
    return resource_class().import_data(CSV().create_dataset(text), **kwargs)


def messages(result) -> list[str]:
    return [message for row in result.invalid_rows for errors in row.error_dict.values() for message in errors]


@pytest.mark.parametrize("file_format", FORMATS)
def test_sources_round_trip(assert_round_trip, heze_daily, file_format):
    Source.objects.create(name="大众日报")
    assert_round_trip(SourceResource, file_format, lambda: Source.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_articles_round_trip(assert_round_trip, article, file_format):
    Article.objects.create(title="敬老院里暖意浓", text="重阳节前夕……", content_hash="c" * 64)
    assert_round_trip(ArticleResource, file_format, lambda: Article.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_import_runs_round_trip(assert_round_trip, import_run, file_format):
    assert_round_trip(ImportRunResource, file_format, lambda: ImportRun.objects.all().delete())


@pytest.mark.parametrize("file_format", FORMATS)
def test_page_files_round_trip(assert_round_trip, page_file, file_format):
    assert_round_trip(PageFileResource, file_format, lambda: PageFile.objects.all().delete())


def test_json_columns_keep_chinese_readable(import_run):
    cell = ImportRunResource().export().dict[0]["统计"]
    assert '"文章": 1' in cell
    assert json.loads(cell) == {"文章": 1, "单位": 1}


def test_the_start_of_an_import_run_is_exported_but_not_imported(import_run):
    sheet = f"运行编号,开始时间,状态\n{import_run.key},2000-01-01 08:00:00,成功\n"

    result = import_csv(ImportRunResource, sheet)

    assert not result.has_validation_errors(), messages(result)
    import_run.refresh_from_db()
    assert import_run.started_at.year != 2000
    assert "开始时间" in ImportRunResource().export().headers


def test_a_hand_made_source_sheet_imports(heze):
    result = import_csv(SourceResource, "名称,所属地区,网址\n菏泽日报,山东省菏泽市,http://www.hezeribao.com/\n")

    assert not result.has_validation_errors(), messages(result)
    assert Source.objects.get().region == heze


def test_a_source_in_an_unknown_region_is_a_row_error(db):
    result = import_csv(SourceResource, "名称,所属地区\n菏泽日报,山东省不存在市\n")

    assert any("找不到地区“山东省不存在市”（按全称查找）" in message for message in messages(result))
    assert not Source.objects.exists()


def test_an_article_of_an_unknown_import_run_is_a_row_error(db):
    sheet = "内容散列,标题,正文（清洗后）,导入批次\n" + "d" * 64 + ",标题,正文,不是运行编号\n"

    result = import_csv(ArticleResource, sheet)

    assert any("不是有效的导入批次运行编号" in message for message in messages(result))
    assert not Article.objects.exists()


def test_reimporting_an_article_sheet_updates_on_the_content_hash(article):
    sheet = CSV().export_data(ArticleResource().export()).replace("勇担职责使命 谱写文明新篇", "勇担职责使命")

    result = import_csv(ArticleResource, sheet)

    assert result.totals["update"] == 1
    assert Article.objects.get().title == "勇担职责使命"
