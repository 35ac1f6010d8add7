"""Telling a page file's format (articles.conversion.page_convert)."""

from pathlib import Path

import pytest

from articles.conversion import ConversionError, page_convert, page_format
from articles.extraction import decode_page
from tests.articles.formats import SeedArticle, docx_page, pdf_page

SEEDS = sorted((Path(__file__).resolve().parents[3] / "shared" / "seeds").glob("*.txt"))
PAGE = "\n\n文明新风进社区\n\n3月5日，东城街道开展学雷锋志愿服务活动，为居民义务理发、量血压。\n".encode()


def test_a_txt_page_is_only_decoded():
    for data in [PAGE, *(path.read_bytes() for path in SEEDS)]:
        converted = page_convert("page.txt", data)
        assert (converted.text, converted.encoding, converted.format) == (*decode_page(data), "text")


def test_the_first_bytes_tell_the_format_whatever_the_name():
    article = SeedArticle(title="标题", blocks=[("p", "正文。")])
    assert page_format("page.txt", pdf_page([article])) == "pdf"
    assert page_format("page.bin", docx_page([article])) == "docx"
    assert page_format("saved", b"<!DOCTYPE html><html></html>") == "html"


def test_an_undecodable_txt_page_is_refused_with_the_reason():
    with pytest.raises(ConversionError, match="二进制"):
        page_convert("page.txt", b"\x00\x01\x02" * 100)
