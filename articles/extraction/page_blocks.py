"""A page's lines read as blocks: body text, headlines, subtitles, bylines, captions.

Ads and slogans are dropped, a list set one name per line stays body text, a
paragraph cut by a column or page break is glued back, and a paragraph the layout
printed twice is kept once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import segment
from .award_lists import ENUMERATION_RE, clean_item, unit_like
from .bylines import DATELINE_RE, parse_byline
from .text import CJK, SENTENCE_END
from .web import Chrome, is_site_name, strip_chrome

MAX_TITLE = 60
BODY_MIN = 30

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


def read_blocks(page: str) -> tuple[list[Block], list[str], Chrome]:
    """The blocks of a normalised page, the warnings about what was dropped, the web chrome."""
    blocks, warnings, chrome = _blocks(page)
    _mark_name_lists(blocks)
    blocks = _join_broken(blocks)
    blocks = _drop_repeats(blocks, warnings)
    return blocks, warnings, chrome


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
    if DATELINE_RE.match(block.text) or block.text.startswith("本报"):
        return False
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
    if block.text.startswith("本报") or DATELINE_RE.match(block.text) or ENUMERATION_RE.match(block.text):
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
