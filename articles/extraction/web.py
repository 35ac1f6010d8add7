"""What a saved web page adds around an article: navigation, date and source lines, share
buttons, image file names, footers and the markers of "related news" lists.

`strip_chrome` blanks those lines (so the page keeps its shape) and keeps what they say
that matters: the publication date (发布时间：2023-05-12 09:30, 2019-07-08, 时间:…)
and whether a line announces the headline's date line (a headline is the short line
right above it). A "相关新闻" / "推荐阅读" marker goes; the teasers after it are other
articles of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .text import CJK

# 07.03.2016 13:37: day, month, year, as some sites print it.
_DMY_RE = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?:\s+\d{1,2}:\d{2})?")
_DATETIME_RE = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}[:：]\d{2}")
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:-|/|\.|年)\s*(?P<m>\d{1,2})\s*(?:-|/|\.|月)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
_META_WORDS = (
    r"来源|本文来源|发布时间|发布日期|发表时间|发稿时间|更新时间|时间|日期|作者|编辑|责任编辑|责编|编审|审核|初审|复审|终审|"
    r"浏览|浏览次数|点击|点击数|阅读|阅读数|阅读量|访问量|字号|字体|打印|关闭|分享|分享到|关注热度|稿源|信息来源|文章来源|供稿|"
    r"摄影|通讯员|记者|编者|字数|视力保护色|【字体"
)
_META_LINE_RE = re.compile(rf"(?:^|\s|【|\[)(?:{_META_WORDS})\s*[:：]")
_BREADCRUMB_RE = re.compile(
    r"(?:当前位置|您的位置|您当前的位置|您当前所在的位置|所在位置|位置)\s*[:：]|^首页\s*(?:>|->|»|/)|\S\s*(?:>>|->|>|»)\s*(?:\S|$)"
)
_UI_LINE_RE = re.compile(
    r"^(?:[-+×xX\s\d]{1,6}|关注|分享|打印|关闭|关闭窗口|返回|返回顶部|返回首页|返回列表|收藏|点赞|评论|举报|扫码关注|扫一扫|"
    r"上一篇|下一篇|上一版|下一版|上一页|下一页|微信|微博|抖音|客户端|微信公众号?|微信扫一扫|图片|视频|附件|内容详情|正文|"
    r"返回.{0,8}|[◎●○■□◆◇★☆※]+|"
    r"【?字体[:：]?\s*[大中小\s]*】?|字号[:：]?\s*[大中小\s]*|A\+?\s*A-?|A[-+]\s*A[-+]|我要投稿|我要纠错|分享文章|分享到.*|"
    r"通版阅读.*|当前版[:：].*|本期发布[:：]?.*|媒体中心|参与评论|发表评论|立即下载|留言评论|本报首页|版面概览|本报首页\s*版面概览|"
    r"(?:上一篇|下一篇)[:：].*|[\d\s]*版[:：].*|\d{2}版|第?\d{1,2}版|.{0,12}(?:上一版|下一版).*)$"
)
_IMAGE_RE = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp)\s*$", re.I)
_FOOTER_RE = re.compile(
    r"Copyright|版权所有|版权声明|ICP备|ICP证|公网安备|违法和不良信息|举报电话|关于我们|联系我们|免责声明|All Rights|"
    r"统一刊号|主管主办|技术服务支持|技术支持[:：]",
    re.I,
)
_RELATED_RE = re.compile(
    r"^[【\[]?(?:相\s*关\s*新\s*闻|相关阅读|相关推荐|相关文章|相关链接|推荐阅读|延伸阅读|新闻推荐|热点推荐|热门推荐|精彩推荐|猜你喜欢|"
    r"更多新闻|更多阅读|热点新闻|热门新闻|往期回顾|标题导航|今日推荐|最新新闻|图片新闻)[】\]]?\s*[:：]?$"
)
# A line that names the site or its section, not the article: 新浪财经, 天津在线, 企业动态.
_SITE_NAME_RE = re.compile(
    rf"^(?:《[{CJK}]{{2,8}}》)?(?:[{CJK}A-Za-z·]{{2,14}}(?:网|在线|频道|客户端|公众号|日报|晚报|报|融媒体中心|网站|官网|门户)|"
    # 苏州发布, 中工娱乐: a short place or brand before a section word (a headline ending in
    # 发布 or 新闻 is longer: 第七届全国文明城市名单发布).
    rf"[{CJK}A-Za-z·]{{2,5}}(?:资讯|财经|娱乐|动态|新闻|原创|发布|之声|首页|专题|要闻|头条|时评|视点|快讯|文明|政务|社会|本地))$"
)


# A longer line is text: no furniture line (a footer with its licence numbers) runs longer.
_LONGEST_CHROME = 160


@dataclass(frozen=True)
class Chrome:
    """What the page's web furniture said, and which lines it took."""

    date: date | None
    date_lines: frozenset[int]  # line numbers of date/source lines (a headline sits above one)


def _date_in(line: str) -> date | None:
    for m in [*_DATE_RE.finditer(line), *_DMY_RE.finditer(line)]:
        try:
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
    return None


def is_meta_line(line: str) -> bool:
    """来源：…  发布时间：2023-12-04 09:50:10, or a bare date-time line."""
    if len(line) > 120:
        return False
    if _META_LINE_RE.search(line):
        return True
    if _DATETIME_RE.search(line) and len(line) <= 100 and not re.search(r"[，。；！？]", line):
        return True  # | 【图文记者 崔小远】 【编辑 峥辉】 | 2020-08-17 22:35:24
    stripped = _DMY_RE.sub("", _DATE_RE.sub("", line)).strip(" |·-—")
    return (
        bool(_DATE_RE.search(line) or _DMY_RE.search(line))
        and len(stripped) <= 16
        and not re.search(r"[，。；]", stripped)
    )


def is_site_name(line: str) -> bool:
    """新浪财经, 天津在线; 辽阳新闻网官方新闻门户-权威媒体 辽阳门户; 浙江日报 数字报纸."""
    line = line.strip()
    if _SITE_NAME_RE.match(line):
        return True
    parts = [p for p in re.split(r"[\s\-_|｜—·]+", line) if p]
    return (
        len(parts) > 1
        and not re.search(r"[，。！？]", line)
        and any(_SITE_NAME_RE.match(p) for p in parts)
        and (re.search(r"网|门户|数字报|报纸|电子报|频道|客户端|信息港", line) is not None)
    )


def strip_chrome(lines: list[str]) -> tuple[list[str], Chrome]:
    """The page's lines with the web furniture blanked, and what it said."""
    out: list[str] = []
    page_date = None
    date_lines: set[int] = set()
    for number, raw in enumerate(lines):
        line = raw.strip()
        if not line or len(line) > _LONGEST_CHROME:
            out.append(raw)
            continue
        if _RELATED_RE.match(line):
            # 相关新闻 / 新闻推荐: the teasers after it are read as further articles when they
            # carry a body (the page printed them), and a list of bare links makes none.
            out.append("")
            continue
        if is_meta_line(line):
            found = _date_in(line)
            if found and page_date is None:
                page_date = found
            date_lines.add(number)
            out.append("")
            continue
        if (
            _BREADCRUMB_RE.search(line)
            and len(line) <= 80
            and not re.search(r"[，。！？<]", line)  # a "<" makes the ">" an HTML tag's, not a path's
            or _UI_LINE_RE.match(line)
            or _IMAGE_RE.search(line)
            or _FOOTER_RE.search(line)
        ):
            out.append("")
            continue
        out.append(raw)
    return out, Chrome(page_date, frozenset(date_lines))
