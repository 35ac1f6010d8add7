"""HTML pages (articles.conversion.from_html): e-paper pages made by tests/articles/formats.py."""

import pytest

from articles.conversion import ConversionError, page_convert
from articles.extraction import extract_page
from tests.articles.formats import SeedArticle, html_page

ARTICLE = SeedArticle(
    title="社区志愿者清扫街巷迎新春",
    subtitle="东城街道开展环境整治志愿服务",
    blocks=[
        ("p", "记者 王晓明"),
        (
            "p",
            "1月20日，东城街道组织辖区12个社区的志愿者走上街头，清扫背街小巷，清理卫生死角，为居民营造整洁的节日环境。",
        ),
        ("p", "活动中，志愿者们分组包片，一边清扫一边向过往群众宣传文明城市创建知识，共清理垃圾3吨。"),
    ],
)
OTHER = SeedArticle(
    title="图书馆开展读书分享会",
    blocks=[("p", "2月3日，市图书馆在少儿阅览室举办寒假读书分享会，三十多名小读者轮流讲述自己最喜欢的一本书。")],
)


def convert(data: bytes, name: str = "page.html") -> str:
    return page_convert(name, data).text


def test_it_keeps_headline_subtitle_date_line_and_paragraphs():
    text = convert(html_page([ARTICLE], date_line="2024-01-21 08:30"))
    lines = [line for line in text.split("\n") if line]
    assert lines[:3] == [
        "# 社区志愿者清扫街巷迎新春",
        "——东城街道开展环境整治志愿服务",
        "2024-01-21 08:30 来源：牡丹晚报",
    ]
    assert "记者 王晓明" in lines
    assert lines[-1].startswith("活动中，志愿者们分组包片")


def test_it_drops_navigation_article_lists_related_news_comments_and_scripts():
    text = convert(html_page([ARTICLE]))
    for furniture in (
        "版面导航",
        "当前位置",
        "相关新闻",
        "（上期）",
        "网友评论",
        "说得好",
        "统计代码",
        "Copyright",
        "zoomIn",
    ):
        assert furniture not in text


def test_a_page_that_prints_several_articles_gives_several_articles():
    page = extract_page(convert(html_page([ARTICLE, OTHER])))
    assert [article.title for article in page.articles] == ["社区志愿者清扫街巷迎新春", "图书馆开展读书分享会"]


def test_it_reads_a_gbk_page_as_the_page_declares():
    converted = page_convert("page.htm", html_page([ARTICLE], encoding="gbk"))
    assert converted.encoding == "HTML/GB18030"
    assert "东城街道组织辖区12个社区的志愿者" in converted.text


def test_a_page_without_an_article_is_refused():
    page = html_page([SeedArticle(title="本版目录", blocks=[("p", "更多内容请见下一版")])])
    with pytest.raises(ConversionError, match="没有找到正文"):
        convert(page)
