"""Bylines and datelines: who wrote an article, and the agency line that opens it.

记者 张慧 / □牡丹晚报全媒体记者 姜培军 / 石玉成 摄 are bylines; 本报讯（记者 武霏）
7月24日, … opens a news story with its names and date.
"""

from __future__ import annotations

import re

from . import segment
from .lexicon import DATA_DIR
from .text import SENTENCE_END

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
DATELINE_RE = re.compile(
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
PHOTO_RE = re.compile(r"(?:\s|^)摄(?:影)?$")

_SURNAMES: set[str] = set()


def _surnames() -> set[str]:
    if not _SURNAMES:
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
    photo = bool(PHOTO_RE.search(text))
    text = PHOTO_RE.sub("", text).strip()
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
    m = DATELINE_RE.match(paragraph)
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
