"""Honours read from lists: a list named after its honour (获评X的集体分别是A、B),
a list an earlier part of the sentence names (公布…名单，A、B入选), and a heading over
lines of names (全国文明单位名单 over its units).
"""

from __future__ import annotations

import re

from .analysis import strip_trailing_adverbs
from .award_lists import units_before, units_in
from .honour_names import HonourItem
from .honour_recording import AwardRecorder, home_place
from .text import Span
from .unit_lexicon import PRONOUN_PLACE_RE

_NAMED_LIST_RE = re.compile(
    r"(?:获评|荣获|获得|被评为|被授予|被命名为|入选|获)(?P<honour>[^，。；：:]{3,40}?)(?:荣誉)?(?:称号)?的"
    r"(?:先进)?(?:集体|单位|组织|城市|村镇|学校|社区|企业|班组|岗位|项目)?(?:[(（][^)）]{1,4}[)）])?"
    r"(?:(?:有|共有|共)[\d一二三四五六七八九十百]+(?:个|家|所)[，,])?(?:分别|依次)?(?:是|为|有|包括)[：:]?"
    r"|(?P<honour2>[^，。；：:]{3,40}?)名单(?:如下)?[：:]"
)
_NAMED_LIST_HINT_RE = re.compile(r"获|被评|被授|被命|入选|名单")
_HEADING_RE = re.compile(
    r"(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?P<honour>.{3,40}?)"
    r"(?:(?:获奖|获得者|拟命名|拟表彰|表彰|推荐)?(?:名单|名录|集体)?)?(?:[(（][^)）]{0,20}[)）])?[：:]?"
)
_JOINED_LIST_RE = re.compile(
    r"(?:成功)?(?:入选|上榜|榜上有名|获此殊荣|获得此项殊荣|获得该荣誉|名列其中|位列其中|受到表彰|受表彰|获得表彰)(?=[，。；,]|$)"
)
# 第五届全国文明单位2318个: an honour and how many received it, before the local names.
_COUNTED_HONOUR_RE = re.compile(
    r"(?:表彰|授予|命名)?(?P<honour>[^，。；、]{3,40}?)(?:[(（][^)）]{1,6}[)）])?\d+(?:个|所|家|户)"
)
_LIST_NAME_RE = re.compile(
    r"(?:公布|发布|揭晓|出炉|公示|印发|下发)(?:了)?(?P<honour>[^，。；]{3,40}?)(?:名单|榜单|评选结果)"
)
_INLINE_LIST_RE = re.compile(r"(?P<honour>[^，。；：:、]{3,40}?)(?:名单)?(?:[(（][^)）]{0,20}[)）])?[：:](?P<list>.+)")
_SENTENCE_END_RE = re.compile(r"[。！？，；、]")


def read_named_list(recorder: AwardRecorder, sentence: Span) -> None:
    """获评X的集体分别是A、B、C / X名单：A、B: the list follows the honour."""
    text = recorder.analysis.text
    if _NAMED_LIST_HINT_RE.search(sentence.text) is None:
        return  # neither a verb of the first form nor 名单: the long search is for nothing
    for found in _NAMED_LIST_RE.finditer(sentence.text):
        items = recorder.honours_in(found["honour"] or found["honour2"])
        if not items:
            continue
        start = sentence.start + found.end()
        listed, _ = units_in(text, start, _list_end(text, start, sentence.end))
        if listed:
            recorder.record(recorder.units_of(listed), items, sentence, year_hint=None, status="awarded")


def read_list_reference(recorder: AwardRecorder, sentence: Span) -> None:
    """公布2024年全国工人先锋号名单，A、B入选 / 第五届全国文明单位2318个，我市A、B受到表彰:
    the honour is the one the list was named under, earlier in the sentence."""
    text = recorder.analysis.text
    for found in _JOINED_LIST_RE.finditer(sentence.text):
        at = sentence.start + found.start()
        floor = max(sentence.start, text.rfind("；", sentence.start, at) + 1)
        named, items = None, []
        for pattern in (_LIST_NAME_RE, _COUNTED_HONOUR_RE):
            for listing in pattern.finditer(text, floor, at):
                honours = recorder.honours_in(re.split(r"表彰|授予|命名|评选出|产生", listing["honour"])[-1])
                if honours and (named is None or listing.end() > named.end()):
                    named, items = listing, honours
        if named is None:
            continue
        head = strip_trailing_adverbs(text[named.end() : at])
        listed, persons = units_before(text, named.end() + len(head), named.end())
        honourees = recorder.units_of(listed)
        if not listed and not persons and PRONOUN_PLACE_RE.search(head[-3:]):
            honourees = [u for u in [home_place(recorder.analysis)] if u is not None]  # 我市获得此项殊荣
        if items and honourees:
            year = re.search(r"((?:19|20)\d{2})年", text[floor:at])
            hint = int(year.group(1)) if year else None
            recorder.record(honourees, items, sentence, year_hint=hint, status="awarded")


def read_headed_lists(recorder: AwardRecorder) -> None:
    """全国文明单位名单(延边州10个) over a paragraph (or lines) of names: each gets the honour."""
    text = recorder.analysis.text
    current: list[HonourItem] = []
    heading_year = None
    title = recorder.analysis.title
    if "名单" in title and (heading := _HEADING_RE.fullmatch(title.strip())):
        current = recorder.honours_in(heading["honour"])  # the headline is the list's heading
    position = 0
    for line in text.split("\n"):
        start, position = position, position + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        inline = _INLINE_LIST_RE.fullmatch(stripped)
        if inline:
            # 第七届全国文明单位：大同市司法局、国家税务总局大同市云冈区税务局、…
            items = recorder.honours_in(inline["honour"])
            offset = start + line.find(stripped) + inline.start("list")
            listed, _ = units_in(text, offset, offset + len(inline["list"].rstrip("。；")))
            if items and listed:
                current = items
                span = Span(offset, offset + len(inline["list"]), inline["list"])
                recorder.record(recorder.units_of(listed), items, span, year_hint=None, status="awarded")
                continue
        heading = _HEADING_RE.fullmatch(stripped)
        if heading and not _SENTENCE_END_RE.search(stripped):
            items = recorder.honours_in(heading["honour"])
            if items:
                current = items
                year = re.search(r"(\d{4})年度?", stripped)
                heading_year = int(year.group(1)) if year else None
                continue
        if not current:
            continue
        offset = start + line.find(stripped)
        listed, persons = units_in(text, offset, offset + len(stripped))
        if listed:
            span = Span(offset, offset + len(stripped), stripped)
            recorder.record(recorder.units_of(listed), current, span, year_hint=heading_year, status="awarded")
        elif not persons:
            current = []


def _list_end(text: str, start: int, limit: int) -> int:
    end = start
    while end < limit and text[end] not in "。；;\n":
        end += 1
    return end
