"""The token grammar of organisation and place names.

A name ends with a unit suffix (局, 办公室, 大学, 街道 …) and reaches left over
name-like tokens to its leftmost *anchor*: a region (菏泽市, 鲁西新区), an
abbreviation of one (市, 团市委), a proper noun (the dictionary tags it
ns/nt/nz/nr/j, or jieba had to guess it), or a registered unit. A name without
an anchor (党员志愿服务队, 文明创建办公室) is generic and not a unit. Places named
on their own (格尔木市, 甘肃天祝) are read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import segment
from .regions import ZONE_SUFFIXES, gazetteer
from .segment import Token
from .text import CJK
from .unit_lexicon import (
    ABBREVIATION_WORDS,
    ABBREVIATIONS,
    BARE_ORGANS,
    BARE_SUFFIX_OK_AFTER_ANCHOR,
    BRANCH_ENDINGS,
    COMPANY_TRADES,
    FUNCTION_TAGS,
    NOT_HEADS,
    ORG_STARTS,
    PLACE_KINDS,
    POSITION_TITLES,
    PROPER_TAGS,
    STOPWORDS,
    SUBUNIT_ENDINGS,
    SUFFIX_KIND,
    CompiledLexicon,
    kind_of,
    suffix_of,
)
from .unit_regions import ZONE_RE, governing_place, is_county_core

_CJK_TOKEN_RE = re.compile(f"^[{CJK}·]+$")
_ORDINAL_RE = re.compile(r"^第[\d一二三四五六七八九十百]+$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    kind: str  # a Unit.Kind value, or "place" for a region named on its own
    is_place: bool
    registry: str | None = None  # registered canonical name when the surface is a registered form

    def __len__(self) -> int:
        return self.end - self.start


def _is_cjk(word: str) -> bool:
    return bool(_CJK_TOKEN_RE.match(word))


def _anchor_type(word: str, first: bool, compiled: CompiledLexicon) -> str | None:
    if gazetteer().lookup(word) or ZONE_RE.search(word):
        return "region"
    if word in ABBREVIATION_WORDS:
        return "abbreviation"
    if word in ABBREVIATIONS:
        return "abbreviation" if first else None
    if word in ORG_STARTS:
        return "org"
    tag = segment.tag(word)
    if tag in PROPER_TAGS and segment.frequency(word) < 10000:
        # 城市 is tagged ns in jieba's dictionary; a word that common names nothing in particular.
        return "proper"
    if tag is None and len(word) >= 2 and _is_cjk(word) and word not in STOPWORDS and word[0] not in _NOT_NAME_START:
        return "proper"
    return None


# Words jieba had to guess that start like this are phrases (这是, 就是, 在此), not names.
_NOT_NAME_START = set("这那是也就都还在于对为把被将让使向从给和与及或但而且并其该本我你他她它每各全此")


def _and_inside_name(tokens: list[Token], at: int, head: int, suffix: str) -> bool:
    """教育和体育局, 住房和城乡建设局: 和 joins two fields of one department, not two units."""
    if SUFFIX_KIND.get(suffix) != "party_government" or head - at > 3 or at == 0:
        return False
    before = tokens[at - 1].text
    return _is_cjk(before) and _head_suffix(before) is None and segment.tag(before) not in FUNCTION_TAGS


def _name_internal(word: str) -> bool:
    if word in STOPWORDS or word in POSITION_TITLES:
        return False
    if not _is_cjk(word):
        return bool(_ORDINAL_RE.match(word))
    if _ORDINAL_RE.match(word):
        return True
    tag = segment.tag(word)
    if tag in FUNCTION_TAGS:
        return word in ABBREVIATIONS or suffix_of(word) is not None
    if tag == "m":
        return word.startswith("第")
    return True


def _head_suffix(word: str) -> str | None:
    if word in NOT_HEADS and word not in BARE_SUFFIX_OK_AFTER_ANCHOR:
        return None
    return suffix_of(word)


def grammar_mentions(text: str, tokens: list[Token], compiled: CompiledLexicon) -> list[Mention]:
    """The names the token grammar finds in `text`, in text order."""
    tokens = _unglue_townships(tokens)
    chunks: list[tuple[int, int]] = []  # token index ranges [k, i]
    n = len(tokens)
    for i, tok in enumerate(tokens):
        word = tok.text
        if word[-1] not in _SUFFIX_LAST_CHARS:
            continue
        suffix = _head_suffix(word)
        if suffix is None:
            continue
        j = i
        loose = False  # a verb or adverb has been passed: no other organisation name may join on the left
        while (
            j > 0
            and i - j < 9
            and tokens[j - 1].end == tokens[j].start
            and (_name_internal(tokens[j - 1].text) or tokens[j - 1].text == "和")
        ):
            word_left = tokens[j - 1].text
            if loose and suffix_of(word_left) and word_left not in ABBREVIATIONS:
                break
            if word_left == "和" and not _and_inside_name(tokens, j - 1, i, suffix):
                break
            if (
                j < i
                and _head_suffix(word_left)
                and word_left not in ABBREVIATIONS
                and word_left not in _MODIFIER_SUFFIXES
                and not any(_anchor_type(tokens[x].text, False, compiled) for x in range(j - 1, i))
            ):
                # 市委办公室 | 充分发挥市委: another name ends here and nothing of a name follows it.
                break
            tag_left = segment.tag(word_left) or ""
            if tag_left in ("v", "a", "ad", "an", "d", "vd", "i", "l") and suffix_of(word_left) is None:
                loose = True
            j -= 1
        anchor = None
        for k in range(j, i + 1):
            place_name = _place_name_before(tokens, k, i)
            if place_name:
                # 西 + 大滩 + 镇, 太白 + 湖 + 新区: the words right before 镇/新区 are the place's own name.
                anchor = k
                break
            if _anchor_type(tokens[k].text, k == j or tokens[k].text not in ABBREVIATIONS, compiled):
                anchor = k
                break
            if k < i and tokens[k].text + tokens[k + 1].text[0] in gazetteer().by_form:
                # 阳谷 + 县委: a county's core name before its 县委 / 县政府.
                anchor = k
                break
        if anchor is None and word in BARE_ORGANS and j == i:
            anchor = i  # 省委、省政府高度重视: the page's own province's, resolved in its context
        if anchor is None:
            continue
        standalone = word in _YOUTH_LEAGUE or word in BARE_ORGANS
        if anchor == i and (word in NOT_HEADS or (word == suffix and not standalone)):
            continue
        if anchor == i and not standalone and segment.tag(word) not in PROPER_TAGS:
            # A single guessed word is a name only with a clear ending: 吕陵镇, 莱商银行 — not 开新局.
            if len(word) - len(suffix) < 2 or (len(suffix) == 1 and suffix not in ("镇", "乡", "村")):
                continue
        end = i
        # 陕煤集团黄陵矿业公司 + 双龙煤业; 市政府办公室 … 接话大厅: a named part of the unit just found.
        # 洛阳银行 + 涧西支行 + 营业部, 公交集团有限公司 + 第一分公司 + 155路车队: branches nest.
        k, limit = i + 1, min(i + 4, n)
        while k < limit:
            nxt = tokens[k].text
            if tokens[k].start != tokens[k - 1].end:
                break
            if not _name_internal(nxt) and not (nxt.isdigit() and end > i):
                break
            department = k == i + 1 and len(nxt) >= 3 and nxt[-1] in "科部处室" and nxt not in NOT_HEADS
            if (
                department
                or nxt.endswith(SUBUNIT_ENDINGS)
                or (SUFFIX_KIND.get(suffix) == "enterprise" and nxt.endswith(COMPANY_TRADES))
            ):
                end = k
                break
            if nxt.endswith(BRANCH_ENDINGS):
                end = k
                limit = min(k + 4, n)
            k += 1
        if chunks and anchor <= chunks[-1][1]:
            anchor = min(anchor, chunks[-1][0])
            chunks.pop()
        chunks.append((anchor, end))

    mentions: list[Mention] = []
    covered = [False] * n
    for k, i in chunks:
        start, end = tokens[k].start, tokens[i].end
        surface = text[start:end]
        kind = compiled.registry_kind.get(surface) or kind_of(surface)
        if surface.endswith(COMPANY_TRADES):
            kind = "enterprise"
        is_place = kind in PLACE_KINDS or governing_place(surface) is not None
        mentions.append(Mention(start, end, surface, kind, is_place, compiled.registry.get(surface)))
        for x in range(k, i + 1):
            covered[x] = True

    # Places named on their own: 格尔木市, 青海省海西州格尔木市, 甘肃天祝, 菏泽高新区.
    forms = gazetteer().by_form
    i = 0
    while i < n:
        if covered[i]:
            i += 1
            continue
        k = i
        last = None
        while k < n and not covered[k] and (k == i or tokens[k].start == tokens[k - 1].end):
            word = tokens[k].text
            if word in forms or (word[-1] == "区" and ZONE_RE.search(word)):
                last = k
            elif last is not None and k == last + 1 and is_county_core(word, tokens[last].text):
                last = k
            else:
                break
            k += 1
        if last is None:
            i += 1
            continue
        first = i
        # 鲁西 + 新区: a proper noun right before a zone word belongs to it.
        if (
            ZONE_RE.search(tokens[first].text)
            and first > 0
            and not covered[first - 1]
            and tokens[first - 1].end == tokens[first].start
        ):
            prev = tokens[first - 1].text
            if _anchor_type(prev, True, compiled) in ("proper", "region"):
                first -= 1
        start, end = tokens[first].start, tokens[last].end
        surface = text[start:end]
        if len(surface) >= 2 and surface not in ("新区", "开发区"):
            mentions.append(Mention(start, end, surface, "place", True, compiled.registry.get(surface)))
        for x in range(first, last + 1):
            covered[x] = True
        i = last + 1

    mentions.sort(key=lambda m: m.start)
    return mentions


_GLUED_TOWNSHIP_WORDS = {"城镇": ("城", "镇"), "乡镇": ("乡", "镇")}


def _unglue_townships(tokens: list[Token]) -> list[Token]:
    """魏 + 城镇 → 魏城 + 镇: jieba reads the town 魏城镇 as a surname and 城镇 ("towns")."""
    # Nearly every text has no such pair: find that out with one set lookup per token.
    if not any(tok.text in _UNGLUE_TRIGGERS for tok in tokens):
        return tokens
    out: list[Token] = []
    for tok in tokens:
        split = _GLUED_TOWNSHIP_WORDS.get(tok.text)
        prev = out[-1] if out else None
        if (
            split
            and prev is not None
            and prev.end == tok.start
            and len(prev.text) == 1
            and segment.tag(prev.text) in ("nr", "ns", "nz")
        ):
            out[-1] = Token(prev.text + split[0], prev.start, tok.start + 1)
            out.append(Token(split[1], tok.start + 1, tok.end))
            continue
        if (
            prev is not None
            and prev.end == tok.start
            and len(tok.text) == 1
            and len(prev.text) >= 3
            and _is_cjk(prev.text)
            and prev.text[-1] + tok.text in _SPLIT_SUFFIXES
        ):
            # 新华社 + 区 → 新华 + 社区: a dictionary word ate the first character of a unit suffix.
            out[-1] = Token(prev.text[:-1], prev.start, prev.end - 1)
            out.append(Token(prev.text[-1] + tok.text, prev.end - 1, tok.end))
            continue
        out.append(tok)
    return out


_SPLIT_SUFFIXES = {"社区", "街道"}
_UNGLUE_TRIGGERS = set(_GLUED_TOWNSHIP_WORDS) | {suffix[1:] for suffix in _SPLIT_SUFFIXES}
# 宜昌市中心人民医院, 峄山镇中心幼儿园: 中心 before another name's words means "central", it ends nothing.
_MODIFIER_SUFFIXES = {"中心"}
_YOUTH_LEAGUE = {"团市委", "团县委", "团区委", "团省委"}
_TOWNSHIP_TOKENS = {"镇", "乡", "街道", "村", "社区", "苏木", "嘎查", *ZONE_SUFFIXES}


def _place_name_before(tokens: list[Token], k: int, last: int) -> bool:
    """Do tokens[k] (and maybe tokens[k+1]) name the place whose 镇/街道/新区 comes right after?"""
    for size in (2, 1):
        if k + size > last or tokens[k + size].text not in _TOWNSHIP_TOKENS:
            continue
        words = [tokens[x].text for x in range(k, k + size)]
        name = "".join(words)
        if not all(_is_cjk(w) for w in words) or len(name) > 4 or (size == 2 and len(name) < 3):
            continue
        # 城市社区, 农村社区: a common word before 社区 is a description, not a name.
        if segment.frequency(name) > 1500 or name in STOPWORDS or segment.tag(words[0]) in FUNCTION_TAGS:
            continue
        return True
    return False


_SUFFIX_LAST_CHARS = {s[-1] for s in SUFFIX_KIND} | {t[-1] for t in SUBUNIT_ENDINGS}
