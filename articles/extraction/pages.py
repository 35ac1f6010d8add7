"""A newspaper page as text → the articles on it.

What comes in is a page dump: headlines, ——subtitles, bylines in several forms,
photo captions, public-service ads and slogans, sentences broken across
columns, and now and then a block the layout repeated. `split_page` turns it
into `RawArticle`s with a title, subtitle, bylines and clean paragraphs.

Decisions worth knowing:
- A headline is a short line without sentence-final punctuation that is followed
  by body text. Inside an article, such a line (or a ``##`` line) is a section
  heading unless something says a new article starts: a byline or 本报讯 right
  after it, a ——subtitle, the previous article having closed with its byline,
  the previous article being a 本报讯 news story (news stories carry no section
  headings), or the text under the line being photo news (a paragraph or three
  signed "X 摄").
- A piece of body text without its own headline (a photo caption signed
  "石玉成 摄", a story whose headline was lost) is a `RawArticle` with
  `title=None`; the pipeline reads its records on their own and then files the
  piece under the article before it, because staff know articles by headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .bylines import PHOTO_RE, parse_dateline
from .page_blocks import Block, read_blocks
from .text import normalise_page, sentences
from .web import is_site_name


@dataclass
class RawArticle:
    title: str | None
    subtitle: str = ""
    bylines: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)  # indexes of paragraphs that are section headings
    dateline_date: str = ""
    raw_lines: list[str] = field(default_factory=list)
    closed: bool = False
    news: bool = False  # opened with a 本报讯 dateline: a news story, which has no section headings
    photo: bool = False  # a captioned photo without a headline of its own

    @property
    def has_body(self) -> bool:
        return any(i not in self.headings for i in range(len(self.paragraphs)))

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class SplitPage:
    articles: list[RawArticle]
    warnings: list[str]
    text: str  # the normalised page
    date: date | None = None  # a web page's publication date, from its date line


def _dedupe_sentences(paragraphs: list[str], warnings: list[str]) -> list[str]:
    """Sentences repeated inside an article (a layout error pasted a block mid-paragraph)."""
    seen: set[str] = set()
    out = []
    for paragraph in paragraphs:
        kept = []
        for s in sentences(paragraph):
            key = re.sub(r"\s", "", s.text)
            if len(key) >= 20 and key in seen:
                warnings.append(f"删除重复句子：{s.text[:20]}…")
                continue
            if len(key) >= 20:
                seen.add(key)
            kept.append(s.text)
        text = "".join(kept).strip()
        if text:
            out.append(text)
    return out


_PHOTO_NEWS_PARAGRAPHS = 3


def _photo_ahead(blocks: list[Block], index: int) -> bool:
    """blocks[index] opens photo news: at most three paragraphs, then a "X 摄" byline."""
    for block in blocks[index : index + _PHOTO_NEWS_PARAGRAPHS + 1]:
        if block.kind == "byline":
            return PHOTO_RE.search(block.text) is not None
        if block.kind != "body":
            return False
    return False


def _choose_title(zone: list[Block]) -> tuple[str | None, str, list[str], list[Block]]:
    """Title, subtitle, bylines and the other (caption) lines of a headline zone."""
    subtitle = ""
    bylines: list[str] = []
    candidates: list[Block] = []
    for block in zone:
        if block.kind == "subtitle" and not subtitle:
            subtitle = block.text
        elif block.kind == "byline":
            bylines.extend(block.names)
        elif block.kind in ("short", "heading"):
            candidates.append(block)
    if not candidates:
        return None, subtitle, bylines, []
    dated = [b for b in candidates if b.above_date_line]
    named = [b for b in candidates if not is_site_name(b.text)]
    headings = [b for b in candidates if b.kind == "heading"]
    dated = [b for b in dated if not is_site_name(b.text)] or dated
    if dated:
        title_block = dated[-1]
    elif len(named) < len(candidates) and named:
        # 新浪财经 / 企业动态 above the headline name the site or its section.
        title_block = max(named, key=lambda b: len(b.text))
    elif headings:
        title_block = min(headings, key=lambda b: b.level)
    elif any(b.ad_before for b in candidates):
        # After an ad block the slogans come first; the headline is the line nearest the article.
        fresh = [b for b in candidates if not b.ad_before]
        title_block = fresh[0] if fresh else candidates[-1]
    else:
        title_block = candidates[0]
    others = [b for b in candidates if b is not title_block]
    return title_block.text, subtitle, bylines, others


def split_page(text: str) -> SplitPage:
    """Normalise a page and cut it into articles."""
    page = normalise_page(text)
    blocks, warnings, chrome = read_blocks(page)

    articles: list[RawArticle] = []
    current: RawArticle | None = None
    zone: list[Block] = []

    def start(title: str | None, subtitle: str = "", bylines: list[str] | None = None) -> RawArticle:
        nonlocal current
        current = RawArticle(title=title, subtitle=subtitle, bylines=list(bylines or []))
        articles.append(current)
        return current

    for index, block in enumerate(blocks):
        if block.kind in ("short", "heading", "subtitle", "caption"):
            zone.append(block)
            continue
        if block.kind == "byline":
            if zone or current is None or not current.has_body:
                zone.append(block)
            else:
                current.bylines.extend(n for n in block.names if n not in current.bylines)
                current.raw_lines.append(block.text)
                current.closed = True
            continue

        # body text
        body = block.text
        dateline = parse_dateline(body)
        names: list[str] = []
        date_text = ""
        if dateline:
            body, names, date_text = dateline
        next_block = blocks[index + 1] if index + 1 < len(blocks) else None
        photo_caption = (
            next_block is not None and next_block.kind == "byline" and PHOTO_RE.search(next_block.text) is not None
        )
        photo_news = _photo_ahead(blocks, index)
        if zone:
            real = [b for b in zone if b.kind != "caption"]
            new_article = (
                current is None
                or current.closed
                or dateline is not None
                or any(b.kind in ("byline", "subtitle") for b in real)
                or any(b.kind == "heading" and b.level == 1 for b in real)
                or any(b.above_date_line for b in real)
                or any(b.ad_before for b in real)
                or not current.has_body
                # after a news story a short line is the next story's headline, unless a
                # photo caption stands with it (参会代表认真做笔记 / 会议现场: two captions)
                or (current.news and not any(b.kind == "caption" for b in zone))
                or (photo_news and any(b.kind == "short" for b in real))
            )
            if new_article and real:
                title, subtitle, bylines, deck = _choose_title(real)
                if title is None and current is not None and not current.closed and not dateline:
                    for b in real:
                        if b.kind == "byline":
                            current.bylines.extend(b.names)
                else:
                    start(title, subtitle, bylines)
                    # Lines around the headline (关于表彰2024年…的决定) still say what the article is about.
                    for b in deck:
                        current.headings.add(len(current.paragraphs))
                        current.paragraphs.append(b.text)
                current.raw_lines.extend(b.text for b in zone)
            elif real:
                for b in real:
                    if b.kind in ("short", "heading"):
                        current.headings.add(len(current.paragraphs))
                        current.paragraphs.append(b.text)
                        current.raw_lines.append(b.text)
                    elif b.kind == "byline":
                        current.bylines.extend(b.names)
            zone = []
            if current is None:
                start(None)  # only captions stood above the first body text
        elif current is None or current.closed or (photo_caption and block.gap >= 2 and current.has_body):
            start(None)
            current.photo = photo_caption
        if dateline:
            if not current.has_body:
                current.news = True
            current.dateline_date = current.dateline_date or date_text
            current.bylines.extend(n for n in names if n not in current.bylines)
        if body:
            current.paragraphs.append(body)
        current.raw_lines.append(block.text)

    for article in articles:
        kept_headings = {article.paragraphs[i] for i in article.headings}
        body_paragraphs = _dedupe_sentences(article.paragraphs, warnings)
        article.paragraphs = body_paragraphs
        article.headings = {i for i, p in enumerate(body_paragraphs) if p in kept_headings}
        seen: list[str] = []
        for name in article.bylines:
            if name not in seen:
                seen.append(name)
        article.bylines = seen
    articles = [a for a in articles if a.has_body]
    return SplitPage(articles, warnings, page, chrome.date)
