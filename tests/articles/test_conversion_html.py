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


NEWS_SITE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>图书馆开展读书分享会_某某新闻网</title>
<script src="/js/jquery.js"></script></head><body>
<header class="site-header"><h1 class="logo">某某新闻网</h1><ul class="menu"><li><a href="/">首页</a></li>
<li><a href="/news/">本地新闻</a></li><li><a href="/wm/">文明创建</a></li></ul></header>
<div class="crumbs">您当前的位置：<a href="/">首页</a> &gt; <a href="/news/">本地新闻</a></div>
<div class="wrap"><div class="article-main">
<h2 class="article-title">图书馆开展读书分享会</h2>
<div class="article-info">发布时间：2024-02-04 10:12　来源：某某日报　作者：李华</div>
<div class="article-content">2月3日，市图书馆在少儿阅览室举办寒假读书分享会，
三十多名小读者轮流讲述自己最喜欢的一本书。<br>
<br>活动由市图书馆联合团市委组织，志愿者们为小读者准备了书签和绘本，现场气氛热烈。</div>
<div class="share">分享到：<a href="#">微信</a></div></div>
<div class="sidebar"><h3>热点新闻</h3><ul><li><a href="/1.html">一条热点新闻的标题</a></li></ul></div>
<h3>猜你喜欢</h3></div>
<div class="foot">Copyright 某某新闻网 All Rights Reserved</div></body></html>"""


def test_a_news_site_page_gives_its_article_and_nothing_of_the_site():
    converted = page_convert("news.html", NEWS_SITE.encode("gbk"))
    blocks = [b for b in converted.text.split("\n\n") if b.strip()]
    assert blocks[:2] == ["# 图书馆开展读书分享会", "发布时间：2024-02-04 10:12 来源：某某日报 作者：李华"]
    assert blocks[2].startswith("2月3日，市图书馆") and blocks[-1].startswith("活动由市图书馆联合团市委组织")
    assert len(blocks) == 4
