"""Test pages in the formats staff receive, made here from text we own.

`seed_articles` reads a .txt page of ours (the seed pages, or text written for a
test) into articles; `html_page`, `pdf_page` and `docx_page` render them the way
such files come: an e-paper (数字报) page with its masthead, navigation, the
edition's article list, related news, comments and scripts around the articles;
a two-column print page set by ReportLab (its built-in CJK font STSong-Light) with
a running head and page numbers; a Word document with Title/Heading styles and
tables. `scripts/make_format_samples` writes them to a folder.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html import escape
from io import BytesIO

import docx
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph, Spacer

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass
class SeedArticle:
    title: str
    kicker: str = ""
    subtitle: str = ""
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): p / heading / table


def seed_articles(text: str) -> list[SeedArticle]:
    """A .txt page's articles: three blank lines apart, the first line the headline
    (the line above a ``# `` line is a 引题), ——lines subtitles, ``## `` lines section
    headings, lines with ``|`` cells table rows."""
    articles = []
    for group in re.split(r"\n[ \t]*\n[ \t]*\n[ \t]*\n+", text.strip("\n")):
        paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", group) if p.strip()]
        if not paragraphs:
            continue
        first, _, rest = paragraphs[0].partition("\n")
        short = [len(p) <= 40 and "\n" not in p for p in paragraphs]
        if articles and len(paragraphs) == 2 and all(short):
            # A photo caption under the last article, then the next headline.
            articles[-1].blocks.append(("p", paragraphs.pop(0)))
            first, rest = paragraphs[0], ""
        if articles and (len(first) > 40 or first.endswith(("。", "！", "？", "”")) or not _has_body(articles[-1])):
            article = articles.pop()  # body text after a wide gap, or captions over it: the article goes on
        else:
            paragraphs[0:1] = [first, rest] if rest.strip() else [first]
            article = SeedArticle(title=paragraphs.pop(0))
        if paragraphs and paragraphs[0].startswith("# "):
            article.kicker, article.title = article.title, paragraphs.pop(0)[2:].strip()
        if paragraphs and paragraphs[0].startswith("——"):
            article.subtitle = paragraphs.pop(0)[2:].strip()
        for paragraph in paragraphs:
            for line in paragraph.split("\n"):
                line = line.strip()
                if line.startswith("#"):
                    article.blocks.append(("heading", line.lstrip("#").strip()))
                elif "|" in line:
                    article.blocks.append(("table", line))
                elif line:
                    article.blocks.append(("p", line))
        articles.append(article)
    return articles


def _has_body(article: SeedArticle) -> bool:
    return any(kind == "p" and len(text) > 40 for kind, text in article.blocks)


# ---------------------------------------------------------------- HTML

_HTML_HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title} - {paper}数字报</title>
<link rel="stylesheet" href="../../../css/epaper.css">
<script>var _hmt = _hmt || [];
function zoomIn() {{ document.getElementById("ozoom").style.fontSize = "18px"; }}</script>
<style>.article h1 {{ font-size: 26px; }} #ozoom p {{ text-indent: 2em; }}</style>
</head><body>
<div class="header"><div class="logo">{paper}</div>
<div class="nav"><a href="/">首页</a> | <a href="node_1.html">版面导航</a> |
<a href="../index.html">往期回顾</a> | <a href="#">PDF下载</a></div>
<div class="date">{edition_date}</div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="node_3.html">第A3版：文明创建</a></div>
<div class="main"><div class="left"><div class="bmnr">
<div class="title-list"><ul>{toc}</ul></div></div>
<div class="pagenav"><a href="node_2.html">上一版</a> <a href="node_4.html">下一版</a></div></div>
<div class="right">
"""
_HTML_FOOT = """<div class="related"><h4>相关新闻</h4><ul>{related}</ul></div>
<div class="comment"><h4>网友评论</h4><form action="/comment" method="post"><textarea name="c"></textarea>
<button>发表评论</button></form><div class="comment-list"><p>游客：说得好！</p></div></div>
<div class="share bdshare">分享到：<a href="#">微信</a><a href="#">微博</a></div>
</div></div>
<div class="footer"><p>Copyright © {paper}社 版权所有 未经授权不得转载</p><p>鲁ICP备00000000号</p></div>
<script>document.write("<img src='/stat.gif'>"); console.log("统计代码");</script>
</body></html>
"""


def _html_article(article: SeedArticle, *, date_line: str | None, paper: str) -> str:
    out = ['<div class="article">']
    if article.kicker:
        out.append(f"<h3>{escape(article.kicker)}</h3>")
    out.append(f"<h1>{escape(article.title)}</h1>")
    if article.subtitle:
        out.append(f'<h2 class="subtitle">——{escape(article.subtitle)}</h2>')
    if date_line is not None:
        out.append(f'<div class="info"><span>{escape(date_line)}</span> <span>来源：{escape(paper)}</span></div>')
    out.append('<div id="ozoom" class="content">')
    rows: list[str] = []
    for kind, text in article.blocks:
        if kind != "table" and rows:
            out.append(_html_table(rows))
            rows = []
        if kind == "heading":
            out.append(f"<h3>{escape(text)}</h3>")
        elif kind == "table":
            rows.append(text)
        else:
            out.append(f"<p>\u3000\u3000{escape(text)}</p>")
    if rows:
        out.append(_html_table(rows))
    out.append("</div></div>")
    return "\n".join(out)


def _html_table(rows: list[str]) -> str:
    cells = ["".join(f"<td>{escape(c.strip())}</td>" for c in row.strip("|｜").split("|")) for row in rows]
    return "<table>" + "".join(f"<tr>{row}</tr>" for row in cells) + "</table>"


def html_page(
    articles: list[SeedArticle],
    *,
    encoding: str = "utf-8",
    date_line: str | None = None,
    paper: str = "牡丹晚报",
) -> bytes:
    """An e-paper page printing `articles` (one article page when given one), in `encoding`."""
    charset = "gb2312" if encoding.lower() in {"gbk", "gb2312", "gb18030"} else encoding
    toc = "".join(f'<li><a href="content_{i}.html">{escape(a.title)}</a></li>' for i, a in enumerate(articles, 1))
    related = "".join(
        f'<li><a href="content_9{i}.html">{escape(a.title)}（上期）</a></li>' for i, a in enumerate(articles)
    )
    head = _HTML_HEAD.format(
        charset=charset, title=escape(articles[0].title), paper=paper, edition_date="2024年3月13日 星期三", toc=toc
    )
    body = "\n".join(_html_article(a, date_line=date_line, paper=paper) for a in articles)
    html = head + body + _HTML_FOOT.format(paper=paper, related=related)
    return html.encode("gb18030" if charset == "gb2312" else encoding)


# ---------------------------------------------------------------- PDF


def _pdf_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK", firstLineIndent=20)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", base, fontSize=18, leading=24, firstLineIndent=0, spaceBefore=10, spaceAfter=6
        ),
        "kicker": ParagraphStyle("kicker", base, fontSize=12, leading=16, firstLineIndent=0),
        "banner": ParagraphStyle("banner", base, fontSize=24, leading=30, firstLineIndent=0, alignment=1),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, leading=16, firstLineIndent=0, spaceAfter=4),
        "heading": ParagraphStyle("heading", base, fontSize=12, leading=18, firstLineIndent=0, spaceBefore=4),
        "row": ParagraphStyle("row", base, firstLineIndent=0),
    }


def pdf_page(
    articles: list[SeedArticle],
    *,
    columns: int = 2,
    running_head: str = "牡丹晚报 2024年3月13日 星期三 文明创建",
    banner: bool = False,
) -> bytes:
    """A print page: `columns` columns, a running head over each page and its number under
    it; with `banner`, the first article's headline runs across the columns above them."""
    out = BytesIO()
    width, height = A4
    margin = 18 * mm
    gutter = 8 * mm
    banner_height = 45 * mm if banner else 0
    column_width = (width - 2 * margin - (columns - 1) * gutter) / columns

    def column_frames(top_taken: float, prefix: str) -> list[Frame]:
        return [
            Frame(
                margin + i * (column_width + gutter),
                margin,
                column_width,
                height - 2 * margin - top_taken,
                id=f"{prefix}{i}",
            )
            for i in range(columns)
        ]

    def furniture(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(margin, height - 12 * mm, running_head)
        canvas.drawRightString(width - margin, height - 12 * mm, f"第 A{document.page} 版")
        canvas.line(margin, height - 13.5 * mm, width - margin, height - 13.5 * mm)
        canvas.drawCentredString(width / 2, 10 * mm, f"- {document.page} -")
        canvas.restoreState()

    document = BaseDocTemplate(out, pagesize=A4, title="page", author="wenming tests")
    templates = [PageTemplate(id="page", frames=column_frames(0, "c"), onPage=furniture)]
    if banner:
        top = Frame(margin, height - margin - banner_height, width - 2 * margin, banner_height, id="banner")
        first = PageTemplate(id="first", frames=[top, *column_frames(banner_height, "f")], onPage=furniture)
        templates.insert(0, first)
    document.addPageTemplates(templates)
    styles = _pdf_styles()
    story: list = [NextPageTemplate("page")] if banner else []
    for number, article in enumerate(articles):
        if article.kicker:
            story.append(Paragraph(escape(article.kicker), styles["kicker"]))
        story.append(Paragraph(escape(article.title), styles["banner" if banner and number == 0 else "title"]))
        if article.subtitle:
            story.append(Paragraph(escape("——" + article.subtitle), styles["subtitle"]))
        if banner and number == 0:
            story.append(FrameBreak())
        for kind, text in article.blocks:
            story.append(
                Paragraph(escape(text), styles["body" if kind == "p" else kind if kind == "heading" else "row"])
            )
        story.append(Spacer(1, 12))
    document.build(story)
    return out.getvalue()


def pdf_lines(lines: list[str], *, size: float = 10) -> bytes:
    """A page set line by line, as a typesetter broke it (hyphens at line ends included)."""

    def draw(canvas):
        canvas.setFont(FONT, size)
        for number, line in enumerate(lines):
            canvas.drawString(60, 760 - number * size * 1.5, line)

    return _pdf_drawn(draw)


# ---------------------------------------------------------------- DOCX


def docx_page(articles: list[SeedArticle]) -> bytes:
    """A Word document: each headline in the Title style, 引题 and section headings as
    headings, ——subtitles in the Subtitle style, ``|`` rows as a table."""
    document = docx.Document()
    for article in articles:
        if article.kicker:
            document.add_heading(article.kicker, level=2)
        document.add_heading(article.title, level=0)
        if article.subtitle:
            document.add_paragraph("——" + article.subtitle, style="Subtitle")
        rows: list[list[str]] = []
        for kind, text in [*article.blocks, ("end", "")]:
            if kind != "table" and rows:
                table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
                for r, row in enumerate(rows):
                    for c, cell in enumerate(row):
                        table.cell(r, c).text = cell
                rows = []
            if kind == "heading":
                document.add_heading(text, level=2)
            elif kind == "table":
                rows.append([cell.strip() for cell in text.strip("|｜").split("|")])
            elif kind == "p":
                document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- bad files


def _pdf_drawn(draw, **canvas_options) -> bytes:
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, **canvas_options)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF as a scanner makes it: a picture of the page and no text layer."""

    def draw(canvas):
        for row in range(40):
            canvas.rect(60, 780 - row * 18, 470 - (row % 5) * 40, 8, fill=1, stroke=0)

    return _pdf_drawn(draw)


def encrypted_pdf(text: str = "本报讯 菏泽市文明办开展志愿服务活动。") -> bytes:
    def draw(canvas):
        canvas.setFont(FONT, 12)
        canvas.drawString(60, 760, text)

    return _pdf_drawn(draw, encrypt=StandardEncryption("mima-2024", ownerPassword="owner-2024"))


def zip_of(files: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def bad_files(articles: list[SeedArticle]) -> dict[str, bytes]:
    """One broken file of each kind, named for what is wrong with it."""
    pdf = pdf_page(articles)
    document = docx_page(articles)
    html = html_page(articles)
    return {
        "截断.html": html[: html.index(b'<div class="article">')],
        "截断.pdf": pdf[: len(pdf) // 3],
        "加密.pdf": encrypted_pdf(),
        "扫描件.pdf": scanned_pdf(),
        "截断.docx": document[: len(document) // 2],
        "其实是压缩包.docx": zip_of({"照片说明.txt": "这是一个普通压缩包。".encode()}),
        "改了扩展名.docx": "这只是一段文字，不是 Word 文档。".encode(),
        "只有导航.html": _HTML_HEAD.format(
            charset="utf-8", title="目录", paper="牡丹晚报", edition_date="2024年3月13日", toc=""
        ).encode()
        + _HTML_FOOT.format(paper="牡丹晚报", related="").encode(),
    }
