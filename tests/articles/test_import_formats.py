"""HTML, PDF and Word pages through the importer (articles.services.run_import), the
upload and the queued jobs: the same records as the .txt page, provenance kept, each
file once, and broken files refused by name while the rest of the batch imports."""

from __future__ import annotations

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles.models import Article, ImportRun, PageFile
from articles.page_files import PageInput
from articles.services import run_import
from campaigns.models import Activity
from tests.articles.formats import bad_files, docx_page, html_page, pdf_page, seed_articles
from tests.articles.pages import HONOUR_PAGE, OTHER_PAGE, PAGE
from tests.articles.test_bad_input import snapshot, table_counts
from units.models import HonourAward

TEXT = "\n\n\n\n".join([PAGE, OTHER_PAGE, HONOUR_PAGE])
ARTICLES = seed_articles(TEXT)
RENDER = {"html": html_page, "pdf": pdf_page, "docx": docx_page}


def imported(*pages: tuple[str, bytes], **options) -> ImportRun:
    return run_import(pages=[PageInput.from_bytes(name, data) for name, data in pages], **options)


def records(page_file: PageFile) -> dict:
    return {
        "articles": sorted(page_file.articles.values_list("title", flat=True)),
        "honours": sorted(
            HonourAward.objects.filter(article__page_file=page_file).values_list("unit__name", "honour__name", "year")
        ),
        "activities": sorted(Activity.objects.filter(article__page_file=page_file).values_list("date", "title")),
    }


@pytest.fixture
def txt_records(db):
    run = imported(("page.txt", TEXT.encode()), dry_run=True)
    (page_file,) = run.page_file_results
    return page_file.article_count, page_file.counts.as_dict()


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_a_page_in_each_format_gives_what_the_txt_page_gives(txt_records, fmt):
    run = imported((f"page.{fmt}", RENDER[fmt](ARTICLES)))
    (page_file,) = run.page_file_results
    assert page_file.status == PageFile.Status.IMPORTED, page_file.message
    assert (page_file.article_count, page_file.counts.as_dict()) == txt_records


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_the_original_file_is_kept_under_its_hash_with_the_converted_text(db, fmt):
    data = RENDER[fmt](ARTICLES)
    (page_file,) = imported((f"page.{fmt}", data)).page_file_results
    assert page_file.format == fmt
    assert page_file.sha256 == hashlib.sha256(data).hexdigest()
    with default_storage.open(page_file.original.name, "rb") as kept:
        assert kept.read() == data
    assert "社区志愿者走进敬老院" in page_file.converted_text


def test_evidence_is_a_span_of_the_converted_text(db):
    (page_file,) = imported(("page.html", html_page(ARTICLES))).page_file_results
    award = HonourAward.objects.get(article__page_file=page_file)
    assert award.evidence in page_file.converted_text
    assert award.article.text[award.evidence_start : award.evidence_end] == award.evidence


def test_a_pdf_article_knows_its_page(db):
    articles = seed_articles(TEXT)
    filler = "街道志愿服务队坚持每周开展环境清扫、政策宣讲和助老服务，并把服务情况记入台账，接受群众监督。"
    articles[0].blocks += [("p", f"{filler}（{number}）") for number in range(60)]
    (page_file,) = imported(("long.pdf", pdf_page(articles, columns=1))).page_file_results
    pages = dict(page_file.articles.values_list("title", "pdf_page"))
    assert len(page_file.pdf_page_starts) >= 2
    assert pages["社区志愿者走进敬老院"] == 1
    assert pages["市税务局再获殊荣"] == page_file.pdf_page_at(page_file.converted_text.index("# 市税务局再获殊荣"))
    assert pages["市税务局再获殊荣"] > 1


def test_a_text_page_keeps_no_copy(db):
    (page_file,) = imported(("page.txt", TEXT.encode())).page_file_results
    assert (page_file.format, page_file.original.name, page_file.converted_text) == ("text", "", "")


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_the_same_file_imported_again_is_skipped(db, fmt):
    data = RENDER[fmt](ARTICLES)
    imported((f"page.{fmt}", data))
    (again,) = imported((f"copy.{fmt}", data)).page_file_results
    assert again.status == PageFile.Status.SKIPPED
    assert Article.objects.count() == 3


BAD = bad_files(ARTICLES)


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_refused_naming_it_and_nothing_is_stored_while_the_rest_imports(db, name):
    counts_before = table_counts()
    before = snapshot()
    run = imported((name, BAD[name]), ("good.html", html_page(ARTICLES)))
    bad, good = run.page_file_results
    assert bad.status == PageFile.Status.FAILED
    assert bad.message.startswith(f"{name}：")
    assert bad.articles.count() == 0 and not bad.original
    assert good.status == PageFile.Status.IMPORTED and good.article_count == 3
    assert Article.objects.count() - counts_before["articles.Article"] == 3
    assert all(snapshot().get(key) == row for key, row in before.items())


def test_a_50_mb_pdf_is_refused_unread(db):
    def never():
        raise AssertionError("a file over the limit is not read")

    run = run_import(pages=[PageInput(file_name="整版合集.pdf", size=50 * 1024 * 1024, read=never)])
    (page_file,) = run.page_file_results
    assert page_file.status == PageFile.Status.FAILED
    assert page_file.message.startswith("整版合集.pdf：文件过大")


def test_import_articles_reads_a_folder_of_every_format_in_worker_processes(db, tmp_path):
    folder = tmp_path / "版面"
    folder.mkdir()
    (folder / "a.html").write_bytes(html_page(seed_articles(PAGE)))
    (folder / "b.pdf").write_bytes(pdf_page(seed_articles(OTHER_PAGE)))
    (folder / "c.docx").write_bytes(docx_page(seed_articles(HONOUR_PAGE)))
    (folder / "d.pdf").write_bytes(BAD["截断.pdf"])
    (folder / "notes.md").write_text("不是页面文件", encoding="utf-8")
    with pytest.raises(CommandError, match="1 个文件导入失败"):
        call_command("import_articles", str(folder), "--workers", "2", stdout=StringIO(), stderr=StringIO())
    statuses = dict(PageFile.objects.values_list("file_name", "status"))
    assert {Path(name).name: status for name, status in statuses.items()} == {
        "a.html": "imported",
        "b.pdf": "imported",
        "c.docx": "imported",
        "d.pdf": "failed",
    }
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted(
        ["社区志愿者走进敬老院", "文明交通劝导进路口", "市税务局再获殊荣"]
    )


def test_a_dry_run_keeps_no_original_file(db):
    data = pdf_page(ARTICLES, running_head="试运行用的版面")  # bytes no other test stores
    (page_file,) = imported(("page.pdf", data), dry_run=True).page_file_results
    name = f"pages/{page_file.sha256[:2]}/{page_file.sha256}.pdf"
    assert page_file.status == PageFile.Status.IMPORTED
    assert not default_storage.exists(name)
