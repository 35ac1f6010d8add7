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

from .award_lists import ENUMERATION_RE, clean_item, unit_like
from .text import CJK, SENTENCE_END, normalise_page, sentences
from .web import Chrome, is_site_name, strip_chrome

MAX_TITLE = 60
BODY_MIN = 30


class PageError(ValueError):
    """The file cannot be read as a page of text (binary, empty, undecodable)."""


# ---------------------------------------------------------------- decoding


def decode_page(data: bytes) -> tuple[str, str]:
    """Bytes of a page file → (text, encoding name). Raises PageError for what is not text."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise PageError("文件为空")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:4096]:
            raise PageError("不是文本文件（含二进制内容）")
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        problem = _not_text(text)
        if problem:
            raise PageError(problem)
        return text, encoding
    raise PageError("无法识别的文本编码（支持 UTF-8、GB18030/GBK）")


# Control characters a text file does not hold (tab, newlines and form feed aside).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# What a wrong decoding makes of bytes: private use (GB18030 of random bytes),
# C1 controls, the replacement character, and the rare CJK extension planes.
_ODD_RE = re.compile("[\ue000-\uf8ff\x80-\x9f\ufffd\U00020000-\U0010ffff]")


def _not_text(text: str) -> str | None:
    if not text.strip():
        return "文件为空"
    sample = text[:20000]
    # Counted by regular expression: a character-by-character test cost as much as
    # segmenting a page's prose.
    if len(_CONTROL_RE.findall(sample)) > max(2, len(sample) // 200):
        return "不是文本文件（含控制字符）"
    if len(_ODD_RE.findall(sample)) > len(sample) // 10:
        return "不是可读的中文文本（疑似编码错误或二进制文件）"
    return None


# ---------------------------------------------------------------- bylines

_ROLE = (
    r"(?:本报|本刊|本台)?(?:首席|特约|见习|实习|驻[\u4e00-\u9fff]{1,4})?(?:全媒体|融媒体|新媒体|全媒|融媒)?"
    r"(?:摄影记者|记者|通讯员|实习生|摄影|编辑|撰稿|作者)"
)
# 文 and 图 alone are roles only when set apart: "文/图 张三", "文：张三", "图 李四".
_SHORT_ROLE_RE = re.compile(r"^(?:文/图|图/文|文图|文|图)(?:[:：](?=.)|$)")
_PAPER = r"(?:[\u4e00-\u9fff]{2,8}?(?:日报|晚报|早报|都市报|商报|时报|报社|报|电视台|广播电视台|融媒体中心|网|台|社))?"
_ROLE_RE = re.compile(rf"^{_PAPER}{_ROLE}[:：]?")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_BYLINE_DECOR = "□■◆◇●○▲△★☆▼▽※#＃ "
_DATELINE_RE = re.compile(
    r"^(?P<agency>本报讯|本报|本台讯|新华社|中新社|人民网|新华网|央视网|[\u4e00-\u9fff]{2,8}?(?:社|报|网|台))"
    r"(?P<place>[\u4e00-\u9fff]{0,6}?)(?P<date>\d{1,2}月\d{1,2}日)?(?:电|讯|消息)?\s*"
    r"[（(](?P<inner>[^（）()]{1,60})[)）]\s*"
)
_DATELINE_BARE_RE = re.compile(r"^本报讯\s*(?P<inner>(?:(?:" + _ROLE + r")\s*[\u4e00-\u9fff·]{2,4}\s*)+)")
# 本网讯 3月5日，… / 【本报讯】5月27日… / 辽阳日报讯 记者白惠娟报道 3月3日，… / 蒙商快讯12月1日，…:
# the agency without brackets, known by what follows it (a date, 近日, a quotation).
_DATELINE_PLAIN_RE = re.compile(
    r"^[【\[]?(?P<agency>(?:本报|本网|本台|本刊|本站)讯|[\u4e00-\u9fff]{2,10}?(?:快讯|讯|消息))[】\]]?[:：]?\s*"
    r"(?P<inner>(?:(?:记者|通讯员)\s*[\u4e00-\u9fff·]{2,4}\s*(?:报道)?\s*)*)"
    r"(?=\d{1,2}月\d{1,2}日|近日|日前|昨日|昨天|今天|今日|[“\"])"
)
_PHOTO_RE = re.compile(r"(?:\s|^)摄(?:影)?$")

_SURNAMES: set[str] = set()


def _surnames() -> set[str]:
    if not _SURNAMES:
        from .lexicon import DATA_DIR

        for line in (DATA_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                _SURNAMES.update(line.split())
    return _SURNAMES


def looks_like_name(word: str) -> bool:
    if not _NAME_RE.match(word):
        return False
    surnames = _surnames()
    if word[:2] in surnames and len(word) >= 3:
        return True
    if word[0] not in surnames or len(word) > 3:
        return False
    from . import segment

    # 王立彬 is no dictionary word; 高兴, 黄金, 安全 are.
    return segment.frequency(word) < 50


def parse_byline(line: str, *, trusted: bool = False) -> list[str] | None:
    """Names in a byline line, or None when the line is not a byline.

    Handles 记者 张慧 / □牡丹晚报全媒体记者 姜培军 / 通讯员 孙安琪 摄 / 石玉成 摄 /
    李连军 程浩 / 记者 武霏 通讯员 赵忠宇. `trusted` accepts bare names without the
    surname check (inside 本报讯(…) they can only be names).
    """
    text = line.strip().strip(_BYLINE_DECOR).strip()
    # 本报讯 记者 吴倩: the agency word opens the byline, it names nobody.
    text = re.sub(r"^(?:本报讯|本台讯|本报|本刊讯)\s*", "", text)
    if not text or len(text) > 40 or re.search(f"[{SENTENCE_END}，,；;]", text):
        return None
    photo = bool(_PHOTO_RE.search(text))
    text = _PHOTO_RE.sub("", text).strip()
    names: list[str] = []
    had_role = False
    for chunk in re.split(r"[\s、，,]+", text):
        if not chunk:
            continue
        m = _ROLE_RE.match(chunk) or _SHORT_ROLE_RE.match(chunk)
        if m and m.end() > 0:
            had_role = True
            chunk = chunk[m.end() :]
            if not chunk:
                continue
        chunk = chunk.removesuffix("摄").removesuffix("报道")
        if not chunk:
            continue
        if not _NAME_RE.match(chunk):
            return None
        names.append(chunk)
    if not names:
        return None
    if not (had_role or photo or trusted) and not all(looks_like_name(n) for n in names):
        return None
    return names


def parse_dateline(paragraph: str) -> tuple[str, list[str], str] | None:
    """本报讯(牡丹晚报全媒体记者 武霏) 7月24日,… → (body without it, names, the dateline's date text)."""
    m = _DATELINE_RE.match(paragraph)
    if m:
        names = parse_byline(m["inner"], trusted=True) or []
        if names or m["agency"].endswith(("讯", "电")) or m["date"]:
            return paragraph[m.end() :].lstrip(), names, m["date"] or ""
    m = _DATELINE_BARE_RE.match(paragraph)
    if m:
        names = parse_byline(m["inner"], trusted=True) or []
        return paragraph[m.end() :].lstrip(), names, ""
    m = _DATELINE_PLAIN_RE.match(paragraph)
    if m:
        inner = m["inner"].replace("报道", " ").strip()
        names = (parse_byline(inner, trusted=True) or []) if inner else []
        return paragraph[m.end() :], names, ""
    if paragraph.startswith("本报讯"):
        return paragraph[3:].lstrip(" ：:"), [], ""
    return None


# ---------------------------------------------------------------- ads and slogans

_CORE_VALUES = set("富强 民主 文明 和谐 自由 平等 公正 法治 爱国 敬业 诚信 友善".split())
_AD_MARKERS_RE = re.compile(r"公益广告|讲文明\s*树新风|广告$|^广告|扫码|二维码|热线电话[:：]?\s*\d")


def _is_core_values(line: str) -> bool:
    if len(line) > 4 * len(_CORE_VALUES):  # all twelve words, each with a separator or two
        return False
    compact = re.sub(r"[\s|｜·、，,“”\"]", "", line)
    if len(compact) < 4 or len(compact) % 2:
        return False
    return all(compact[i : i + 2] in _CORE_VALUES for i in range(0, len(compact), 2))


def _is_ad_marker(line: str) -> bool:
    return bool(_AD_MARKERS_RE.search(line)) or _is_core_values(line)


def _is_table_line(line: str) -> bool:
    return line.count("|") + line.count("｜") >= 2 or line.startswith(("|", "｜"))


# ---------------------------------------------------------------- classification


@dataclass
class Block:
    text: str
    kind: str  # body / short / heading / subtitle / byline / caption
    gap: int = 0  # blank lines before it
    level: int = 0  # markdown heading level
    names: list[str] = field(default_factory=list)
    ad_before: bool = False  # an ad or slogan block came right before
    fragment: bool = False  # reads as the start of a sentence cut off by the layout
    above_date_line: bool = False  # a web page's 发布时间/来源 line follows it: the headline
    listed: bool = False  # one name of a list set a name per line (全国文明村镇名单 over its villages)


def _classify(line: str) -> Block:
    heading = re.match(r"^(#{1,6})\s*(.+)$", line)
    if heading:
        return Block(heading.group(2).strip(), "heading", level=len(heading.group(1)))
    if re.match(r"^(?:——|--|－－|—)\s*\S", line) and len(line) <= MAX_TITLE + 20 and not _ends_sentence(line):
        return Block(re.sub(r"^(?:——|--|－－|—)\s*", "", line), "subtitle")
    names = parse_byline(line)
    if names:
        return Block(line, "byline", names=names)
    if re.match(r"^(?:图为|图[:：]|图片[:：]|\(图|（图)", line) or _SIGNED_PHOTO_RE.search(line):
        return Block(line, "caption")
    if _exclaimed_headline(line):
        return Block(line, "short")
    if _ends_sentence(line) or len(line) > MAX_TITLE:
        return Block(line, "body")
    if _sentence_fragment(line):
        return Block(line, "body", fragment=True)
    if re.fullmatch(f"[{CJK}]{{2,6}}(?:现场|合影|留影|剪影|掠影|瞬间|一角|风采)", line):
        return Block(line, "caption")
    return Block(line, "short")


# 志愿活动正在开展。衡欢 摄: a caption signed by its photographer.
_SIGNED_PHOTO_RE = re.compile(
    r"[。！)）]\s*[（(]?\s*(?:(?:记者|通讯员|摄影)\s*)?[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4})*\s*摄\s*[)）]?$"
    r"|[。！]?[\u4e00-\u9fff]{2,16}供图$"
)
_SAYING_RE = re.compile(r"(?:指出|强调|表示|介绍|要求|认为|说|坦言|告诉记者)[，：]")


def _exclaimed_headline(line: str) -> bool:
    """全省表彰！ / 文明城市，我们来了！: a short cry of one or two phrases, not a sentence."""
    return (
        bool(re.search(r"[！!？?]+$", line))
        and len(line) <= 20
        and not re.search(r"[。；：]", line)
        and line.count("，") <= 1
    )


def _sentence_fragment(line: str) -> bool:
    """Part of a sentence, not a headline: two clauses or more, a long clause, a speech opening."""
    marks = sum(line.count(ch) for ch in "，、；")
    if marks >= 2 or line.endswith(("，", "、", "；", "：")):
        return True
    if "，" in line and (len(line) >= 25 or _SAYING_RE.search(line)):
        return True
    # “我们的社会实践团来到这里… opens a quotation it does not close.
    return line.startswith("“") and "”" not in line and len(line) >= 12


def _ends_sentence(line: str) -> bool:
    return bool(re.search(f"[{SENTENCE_END}][”’」』）)]*$", line))


# ---------------------------------------------------------------- articles


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


def _blocks(text: str) -> tuple[list[Block], list[str], Chrome]:
    blocks: list[Block] = []
    warnings: list[str] = []
    gap = 0
    in_ad = False
    lines, chrome = strip_chrome(text.split("\n"))
    above = _lines_above(lines, chrome.date_lines)
    body_seen = False
    for number, raw in enumerate(lines):
        line = _page_title(_ORIGINAL_TITLE_RE.sub("", raw.strip()))
        if not line or (not body_seen and is_site_name(line)):
            # 新浪财经 / 中工娱乐 over the headline name the site, not an article.
            gap += 1
            continue
        if _is_table_line(line) or _is_ad_marker(line):
            in_ad = True
            gap = 0
            continue
        block = _classify(line)
        body_seen = body_seen or block.kind == "body"
        block.gap = gap
        block.above_date_line = number in above and block.kind in ("short", "heading", "body")
        if (
            block.above_date_line
            and block.kind == "body"
            and len(line) <= MAX_TITLE + 20
            and not re.search(f"[{SENTENCE_END}].", line)
        ):
            block.kind = "short"  # 全省表彰! / a headline that ends like a sentence
        gap = 0
        if in_ad and block.kind in ("short", "caption"):
            block.ad_before = True
        elif block.kind != "short":
            in_ad = False
        blocks.append(block)
    return blocks, warnings, chrome


_ORIGINAL_TITLE_RE = re.compile(r"^(?:原标题|正在阅读)\s*[:：]\s*")
# 经开区：落实责任_河北新闻网 / 考好“第一试” |: the browser title's site name and table bars.
_SITE_SUFFIX_RE = re.compile(r"(?:\s*[_｜|]\s*[^_｜|，。]{2,20}(?:网|频道|门户|日报|晚报|报)|\s*[|｜])\s*$")


def _page_title(line: str) -> str:
    stripped = _SITE_SUFFIX_RE.sub("", line)
    return stripped if len(stripped) >= 4 else line


def _lines_above(lines: list[str], marked: frozenset[int]) -> set[int]:
    """The nearest non-empty line above each marked line."""
    out = set()
    for number in marked:
        above = number - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        if above >= 0 and above not in marked:
            out.add(above)
    return out


def _mark_name_lists(blocks: list[Block]) -> None:
    """Lines that each hold one unit's name, two or more in a row, are a list, not headlines."""
    run: list[Block] = []
    for block in [*blocks, None]:
        if (
            block is not None
            and block.kind in ("short", "body")
            and not block.above_date_line
            and len(block.text) <= 50
            and _names_unit(block.text)
        ):
            run.append(block)
            continue
        if len(run) >= 2:
            for listed in run:
                listed.kind, listed.listed = "body", True
        run = []


def _names_unit(line: str) -> bool:
    line = ENUMERATION_RE.sub("", line)
    items = [clean_item(part) for part in re.split(r"[、，,；;]", line) if part.strip()]
    return bool(items) and all(unit_like(item) for item in items)


def _join_broken(blocks: list[Block]) -> list[Block]:
    """A paragraph cut by a column or page break ends mid-sentence: glue the next one on."""
    out: list[Block] = []
    for block in blocks:
        if out and out[-1].kind == "short" and _word_across(out[-1], block):
            out[-1].kind = "body"
            out[-1].fragment = True
        if out and _continues(out[-1], block):
            prev = out[-1]
            joiner = "" if _cjk_edge(prev.text[-1], block.text[0]) else " "
            prev.text = prev.text + joiner + block.text
            prev.kind = "body"
            continue
        out.append(block)
    return out


def _word_across(prev: Block, block: Block) -> bool:
    """山东理工大学的6名大学 | 生，在…: a dictionary word runs across the break, so it is one sentence."""
    if block.kind != "body" or " " in prev.text or prev.ad_before or len(prev.text) < 8:
        return False
    if _DATELINE_RE.match(block.text) or block.text.startswith("本报"):
        return False
    from . import segment

    left, right = prev.text[-4:], block.text[:4]
    offset = len(left)
    for token in segment.tokenize(left + right):
        if token.start < offset < token.end and len(token.text) >= 2 and segment.tag(token.text):
            return True
    return False


def _cjk_edge(a: str, b: str) -> bool:
    return not (a.isascii() and a.isalnum() and b.isascii() and b.isalnum())


def _continues(prev: Block, block: Block) -> bool:
    if prev.listed or block.listed:
        return False
    if prev.kind != "body" or _ends_sentence(prev.text) or (len(prev.text) < BODY_MIN and not prev.fragment):
        return False
    if prev.text[-1] in "：:":
        return False
    if block.kind not in ("body", "short"):
        return False
    if block.text.startswith("本报") or _DATELINE_RE.match(block.text) or ENUMERATION_RE.match(block.text):
        # 二、… / 3. … / （四）…: a numbered item starts a paragraph of its own.
        return False
    # A short line that ends a sentence (全力做好创城工作。) or more body text continues it.
    return block.kind == "body" or _ends_sentence(block.text)


def _drop_repeats(blocks: list[Block], warnings: list[str]) -> list[Block]:
    """Paragraphs the layout printed twice: keep the first copy."""
    seen: set[str] = set()
    out = []
    for block in blocks:
        key = re.sub(r"\s", "", block.text)
        if block.kind == "body" and len(key) >= 20:
            if key in seen:
                warnings.append(f"删除重复段落：{block.text[:20]}…")
                continue
            seen.add(key)
        out.append(block)
    return out


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
            return _PHOTO_RE.search(block.text) is not None
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
    blocks, warnings, chrome = _blocks(page)
    _mark_name_lists(blocks)
    blocks = _join_broken(blocks)
    blocks = _drop_repeats(blocks, warnings)

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
            next_block is not None and next_block.kind == "byline" and _PHOTO_RE.search(next_block.text) is not None
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
