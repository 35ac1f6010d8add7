"""Word documents (articles.conversion.from_docx), made with python-docx in tests/articles/formats.py."""

import pytest

from articles.conversion import ConversionError, page_convert
from articles.extraction import extract_page
from tests.articles.formats import SeedArticle, bad_files, docx_page, zip_of

REPORT = SeedArticle(
    title="关于命名2023年度市级文明单位的决定",
    subtitle="市文明委办公室",
    blocks=[
        (
            "p",
            "经各单位申报、市文明委审核，决定命名以下单位为2023年度菏泽市文明单位，现予公布。希望受到命名的单位珍惜荣誉。",
        ),
        ("heading", "一、命名名单"),
        ("table", "序号|单位名称|荣誉称号|年度"),
        ("table", "1|菏泽市气象局|菏泽市文明单位|2023"),
        ("table", "2|菏泽市图书馆|菏泽市文明单位|2023"),
        ("table", "3|单县人民医院|山东省文明单位|2022"),
    ],
)


def test_paragraphs_and_headings_are_laid_out_as_a_page():
    text = page_convert("report.docx", docx_page([REPORT])).text
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    assert blocks[:3] == ["# 关于命名2023年度市级文明单位的决定", "——市文明委办公室", REPORT.blocks[0][1]]
    assert "## 一、命名名单" in blocks


def test_an_award_list_table_gives_one_honour_per_row():
    text = page_convert("report.docx", docx_page([REPORT])).text
    (article,) = extract_page(text).articles
    assert {(h.unit, h.honour, h.year) for h in article.honours} == {
        ("菏泽市气象局", "菏泽市文明单位", 2023),
        ("菏泽市图书馆", "菏泽市文明单位", 2023),
        ("单县人民医院", "山东省文明单位", 2022),
    }


def test_a_zip_of_something_else_is_refused():
    with pytest.raises(ConversionError, match="不是 Word 文档"):
        page_convert("photos.docx", zip_of({"说明.txt": "普通压缩包".encode()}))


def test_a_truncated_document_is_refused():
    with pytest.raises(ConversionError, match="损坏"):
        page_convert("cut.docx", bad_files([REPORT])["截断.docx"])
