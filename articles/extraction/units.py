"""Organisations and places: finding their names, resolving them, telling who acts.

Recognition works on jieba tokens. A name ends with a unit suffix (局, 办公室,
大学, 街道 …, see data/unit_suffixes.tsv) and reaches left over name-like tokens
to its leftmost *anchor*: a region (菏泽市, 鲁西新区), an abbreviation of one
(市, 团市委), a proper noun (the dictionary tags it ns/nt/nz/nr/j, or jieba had to
guess it), or a registered unit. A name without an anchor (党员志愿服务队,
文明创建办公室) is generic and not a unit.

Resolution turns a surface form into the canonical name staff would file it
under, using the article's region context: 市委办公室 in a Heze article is
菏泽市委办公室, 市检察院 is 菏泽市人民检察院; a registered unit's alias resolves
to the registered name, never to a new unit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .names import EXPANSIONS, expand_body

from . import segment
from .lexicon import DATA_DIR, Lexicon, load_honour_catalogue
from .national import BODY_FORMS, body_spans, national_body
from .regions import (
    COUNTY,
    PREFECTURE,
    PROVINCE,
    ZONE_EXPANSIONS,
    ZONE_SUFFIXES,
    Division,
    _strip_ethnic,
    gazetteer,
    short_forms,
)
from .segment import Token
from .text import CJK

# ---------------------------------------------------------------- lexicon data


def _data_lines(name: str) -> list[str]:
    return [
        line
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _data_words(name: str) -> set[str]:
    return {w for line in _data_lines(name) for w in line.split()}


SUFFIX_KIND: dict[str, str] = dict(line.split("\t")[:2] for line in _data_lines("unit_suffixes.tsv"))
_MAX_SUFFIX = max(map(len, SUFFIX_KIND))
SHORT_NAMES: list[tuple[str, str]] = sorted(
    (tuple(line.split("\t")[:2]) for line in _data_lines("org_short_names.tsv")), key=lambda p: -len(p[0])
)
STOPWORDS = _data_words("stopwords.txt")
POSITION_TITLES = _data_words("position_titles.txt")
PLACE_KINDS = {"township", "community"}

# Common words that end like an organisation but are not one.
NOT_HEADS = {
    "全局",
    "大局",
    "格局",
    "布局",
    "结局",
    "当局",
    "开局",
    "局面",
    "农村",
    "乡村",
    "城乡",
    "家乡",
    "故乡",
    "城镇",
    "乡镇",
    "村镇",
    "全村",
    "本村",
    "该村",
    "进村",
    "驻村",
    "山村",
    "下乡",
    "返乡",
    "老乡",
    "他乡",
    "水乡",
    "全镇",
    "本镇",
    "该镇",
    "重镇",
    "古镇",
    "集镇",
    "全部",
    "内部",
    "外部",
    "局部",
    "干部",
    "东部",
    "西部",
    "南部",
    "北部",
    "中部",
    "本部",
    "总部",
    "头部",
    "底部",
    "顶部",
    "基部",
    "部分",
    "团队",
    "军队",
    "部队",
    "排队",
    "带队",
    "领队",
    "梯队",
    "车队",
    "球队",
    "工厂",
    "车站",
    "网站",
    "站点",
    "驿站",
    "大院",
    "小院",
    "庭院",
    "住院",
    "出院",
    "入院",
    "全院",
    "本院",
    "该院",
    "我院",
    "法院",
    "医院",
    "学院",
    "大学",
    "中学",
    "小学",
    "公司",
    "集团",
    "银行",
    "社区",
    "中心",
    "街道",
    "党委",
    "政府",
    "办公室",
    "机关",
    "委员会",
    "协会",
    "工会",
    "支部",
    "党支部",
    "学校",
    "幼儿园",
    "研究所",
    "厂",
    "局",
    "镇",
    "乡",
    "村",
}
# A bare suffix is generic on its own but fine after an anchor: 菏泽市 + 中心医院.
BARE_SUFFIX_OK_AFTER_ANCHOR = NOT_HEADS & {
    "团队",
    "法院",
    "医院",
    "学院",
    "大学",
    "中学",
    "小学",
    "公司",
    "集团",
    "银行",
    "社区",
    "中心",
    "街道",
    "党委",
    "政府",
    "办公室",
    "委员会",
    "协会",
    "工会",
    "学校",
    "幼儿园",
    "研究所",
    "厂",
    "局",
    "镇",
    "乡",
    "村",
    "支部",
    "党支部",
}

ABBREVIATIONS = {"市", "县", "区", "省", "州", "镇", "乡", "旗"}
ABBREVIATION_WORDS = {
    "市委",
    "县委",
    "区委",
    "省委",
    "州委",
    "市直",
    "县直",
    "区直",
    "省直",
    "市政府",
    "县政府",
    "区政府",
    "省政府",
    "团市委",
    "团县委",
    "团区委",
    "团省委",
    "市人大",
    "县人大",
    "区人大",
    "市政协",
    "县政协",
    "区政协",
}
ORG_STARTS = {"中共", "共青团", "中国", "中华", "国家", "中央", "国网", "中铁", "中建", "中石化", "中石油"}
PROPER_TAGS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j"}
FUNCTION_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "y", "e", "o", "q", "x", "w", "k", "h"}
GOVERNING_ORGANS = (
    "党工委",
    "工委",
    "党委",
    "市委",
    "县委",
    "区委",
    "省委",
    "州委",
    "人民政府",
    "政府",
    "管委会",
    "管理委员会",
    "办事处",
)
# Enterprise short names end with the trade instead of 公司: 陕煤集团黄陵矿业公司双龙煤业.
COMPANY_TRADES = (
    "煤业",
    "矿业",
    "电力",
    "化工",
    "能源",
    "药业",
    "实业",
    "钢铁",
    "水泥",
    "置业",
    "物流",
    "传媒",
    "电气",
    "机械",
    "纺织",
    "食品",
    "建工",
    "建设",
    "燃气",
    "热力",
    "水务",
    "交通",
    "文旅",
)
# A branch is a unit of its own under its parent's name, and may have branches in turn.
BRANCH_ENDINGS = ("支行", "分行", "分公司", "营业部", "分理处", "车队", "校区", "分院", "分队", "分会")
SUBUNIT_ENDINGS = ("大厅", "窗口", "班组", "车间", "营业厅", "服务台", "分中心", "工作室")

# Pronoun-like references: 该局 stands for the article's unit, 我市 for its city.
PRONOUN_UNIT_RE = re.compile(
    r"(?:该|本|我|此)(?:志愿服务队|志愿者协会|服务队|志愿队|协会|联合会|服务站|服务中心|支队|大队|中队|团队|分会|团委|"
    r"支部|组织|医院|学院|大学|中学|小学|支行|分行|分公司|"
    r"局|院|校|中心|单位|所|站|馆|公司|集团|行|委|办|队|会|部|社|厂|街道|社区|村|镇|乡)"
    r"|(?<![市县区省])(?:局机关|院机关)|(?<![\u4e00-\u9fff])(?:市局|县局|区局|省局)"
)
PRONOUN_PLACE_RE = re.compile(r"(?:我|本|该)(?:市|县|区|省|镇|乡|村)")
_CJK_TOKEN_RE = re.compile(f"^[{CJK}·]+$")
_ORDINAL_RE = re.compile(r"^第[\d一二三四五六七八九十百]+$")
_ZONE_RE = re.compile("(?:" + "|".join(ZONE_SUFFIXES) + ")$")
_TOWNSHIP_START_RE = re.compile(f"^[{CJK}]{{2,5}}?(?:镇|乡|街道|苏木)(?=[{CJK}])")
_TOWN_LEAD_RE = re.compile(f"^[{CJK}]{{2,5}}?(?:镇|乡|街道|苏木)")


def suffix_of(word: str) -> str | None:
    for k in range(min(len(word), _MAX_SUFFIX), 0, -1):
        tail = word[-k:]
        if tail in SUFFIX_KIND:
            return tail
    return None


def kind_of(name: str) -> str:
    suffix = suffix_of(name)
    return SUFFIX_KIND.get(suffix, "other") if suffix else "other"


# ---------------------------------------------------------------- mentions


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


@dataclass
class CompiledLexicon:
    lexicon: Lexicon
    # Any registered form → canonical name. Only a finished name is looked up here: what the
    # registry holds never moves a name's boundaries (the same page gives the same names
    # against an empty registry and a full one).
    registry: dict[str, str] = field(default_factory=dict)
    registry_kind: dict[str, str] = field(default_factory=dict)
    resolved: dict = field(default_factory=dict)  # (surface, kind, is_place, registry, context) → ResolvedUnit

    def may_hold_name(self, block: str) -> bool:
        """False when `block` can yield no mention: no unit ending (every head word of
        find_mentions ends with one) and no start of a place name occurs in it. Such
        text need not be segmented."""
        # Plain set look-ups: a regex alternation of every ending or of thousands of place
        # names is several times slower over the mostly name-free text of a page.
        endings, lengths_by_last, place_starts = _name_signs()
        for at, char in enumerate(block):
            for length in lengths_by_last.get(char, ()):
                if length <= at + 1 and block[at + 1 - length : at + 1] in endings:
                    return True
        return any(block[at : at + 2] in place_starts for at in range(len(block) - 1))


@lru_cache(maxsize=1)
def _name_signs() -> tuple[frozenset[str], dict[str, tuple[int, ...]], frozenset[str]]:
    """Every unit ending, their lengths by last character, and the first two characters of
    every place name."""
    # 区 on its own: zone words (高新区) are places without a listed ending.
    endings = frozenset({*SUFFIX_KIND, "区"})
    lengths: dict[str, set[int]] = {}
    for ending in endings:
        lengths.setdefault(ending[-1], set()).add(len(ending))
    starts = frozenset(form[:2] for form in gazetteer().by_form if len(form) >= 2)
    return endings, {last: tuple(sorted(found)) for last, found in lengths.items()}, starts


_BASE_READY = False


def _prepare_base_dictionary() -> None:
    """Teach jieba our suffixes, standard names and every region form (once per process)."""
    global _BASE_READY
    if _BASE_READY:
        return
    words = [s for s in SUFFIX_KIND if len(s) >= 2]
    words += [full for _, full in EXPANSIONS] + [short for short, _ in EXPANSIONS]
    words += list(BODY_FORMS)
    words += [
        "新时代文明实践中心",
        "新时代文明实践所",
        "新时代文明实践站",
        "文明实践中心",
        "文明实践所",
        "文明实践站",
        "党群工作部",
        "综合行政执法局",
        "市场监督管理局",
        "消防救援支队",
        "消防救援大队",
        "人民检察院",
        "人民法院",
    ]
    segment.add_words(words, freq=2000, tag_name="n")
    segment.add_words(ZONE_SUFFIXES, freq=2000, tag_name="n")
    forms = [f for f in gazetteer().forms() if len(f) >= 2]
    segment.add_words(forms, freq=30, tag_name="ns")
    honours = load_honour_catalogue()
    segment.add_words([form for h in honours for form in (h.name, *h.aliases)], freq=3000)
    _BASE_READY = True


segment.on_first_use(_prepare_base_dictionary)


@lru_cache(maxsize=16)
def compile_lexicon(lexicon: Lexicon) -> CompiledLexicon:
    segment.tokenizer()
    compiled = CompiledLexicon(lexicon)
    for unit in lexicon.units:
        for form in (unit.name, *unit.aliases):
            form = form.strip()
            if len(form) >= 2 and not PRONOUN_UNIT_RE.fullmatch(form):
                compiled.registry.setdefault(form, unit.name)
                compiled.registry_kind.setdefault(form, unit.kind)
    return compiled


def _is_cjk(word: str) -> bool:
    return bool(_CJK_TOKEN_RE.match(word))


def _anchor_type(word: str, first: bool, compiled: CompiledLexicon) -> str | None:
    if gazetteer().lookup(word) or _ZONE_RE.search(word):
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


def find_mentions(text: str, tokens: list[Token], compiled: CompiledLexicon) -> list[Mention]:
    """Organisation and place names in `text`, longest first where they overlap."""
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
        is_place = kind in PLACE_KINDS or _governing_place(surface) is not None
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
            if word in forms or (word[-1] == "区" and _ZONE_RE.search(word)):
                last = k
            elif last is not None and k == last + 1 and _county_core(word, tokens[last].text):
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
            _ZONE_RE.search(tokens[first].text)
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
    mentions = _with_own_units(text, _with_village_names(text, mentions))
    mentions = _with_youth_league(text, mentions)
    mentions = _with_national_bodies(text, mentions)
    return _with_quoted_teams(text, [_unglued(m) for m in mentions])


def _with_national_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """共青团中央, 中宣部: a listed national body replaces whatever the grammar read inside it."""
    spans = body_spans(text)
    if not spans:
        return mentions
    for start, end, body in spans:
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in mentions):
            continue  # part of a longer name (中华全国总工会办公厅)
        mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
        mentions.append(Mention(start, end, text[start:end], body.kind, False))
    return sorted(mentions, key=lambda m: m.start)


# 团州委, 团德令哈市委, 团广东省委: the Communist Youth League committee of a place, in short.
_YOUTH_LEAGUE_RE = re.compile(f"(?<![{CJK}])团(?P<place>[{CJK}]{{0,8}}?)(?P<level>市|县|区|州|省|旗)委(?!员)")
# 团德令哈市200名青年志愿者: the committee named without 委, before the young people it sends.
_YOUTH_LEAGUE_BARE_RE = re.compile(
    f"(?<![{CJK}])团(?P<place>[{CJK}]{{2,8}}?)(?P<level>市|县|区|州|旗)"
    r"(?=\d|[一二两三四五六七八九十百]+(?:名|位)|青年|志愿者|团员|团干部)"
)
_YOUTH_LEAGUE_NAME_RE = re.compile(f"团(?P<place>[{CJK}]{{0,8}}?)(?P<level>市|县|区|州|省|旗)委?")
# 区团委 / 市团委: the same committees, the level word first.
_YOUTH_LEAGUE_INVERTED_RE = re.compile(f"(?<![{CJK}])(?P<place>)(?P<level>市|县|区|州|省|旗)团委(?!员)")


def _with_youth_league(text: str, mentions: list[Mention]) -> list[Mention]:
    added = []
    for found in [
        *_YOUTH_LEAGUE_RE.finditer(text),
        *_YOUTH_LEAGUE_BARE_RE.finditer(text),
        *_YOUTH_LEAGUE_INVERTED_RE.finditer(text),
    ]:
        start, end = found.span()
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in mentions):
            continue
        place = found["place"]
        if place and not (gazetteer().lookup(place + found["level"]) or gazetteer().lookup(place)):
            continue
        mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
        added.append(Mention(start, end, found.group(0), "mass_organisation", False))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


# 我校青年志愿者协会, 我院团委: a body of the page's own institution, named without its owner.
_OWN_UNIT_RE = re.compile(
    f"(?:我校|我院|本校|本院|我局|我司|我公司|该校|该院)(?P<name>[{CJK}]{{0,8}}?"
    "(?:青年志愿者协会|志愿者协会|志愿服务队|服务队|协会|团委|团支部|学生会|志愿服务站|工作站))"
)


def _with_own_units(text: str, mentions: list[Mention]) -> list[Mention]:
    added = []
    for found in _OWN_UNIT_RE.finditer(text):
        start, end = found.span("name")
        if any(m.start < end and start < m.end for m in mentions):
            continue
        name = found["name"]
        added.append(Mention(start, end, name, kind_of(name), False))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


# 真州镇万年社区, 五家站镇许林村: a community or village under its town, whatever words its own
# name is made of (万年 is a common word, 许林 a guessed one).
_UNDER_TOWN_RE = re.compile(
    f"(?P<town>[{CJK}]{{2,6}}?(?:镇|乡|街道|苏木))(?P<own>[{CJK}]{{2,4}}?)(?P<end>社区|村委会|村|居委会|嘎查)(?![{CJK}]{{0,1}}(?:民|委员会))"
)


def _with_village_names(text: str, mentions: list[Mention]) -> list[Mention]:
    added = []
    for found in _UNDER_TOWN_RE.finditer(text):
        start, end = found.span()
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        if not any(m.start == start for m in inside) or found["own"] in STOPWORDS:
            continue  # only where the town itself was found as a name
        if any(m.start < end and start < m.end and not (start <= m.start and m.end <= end) for m in mentions):
            continue
        kind = kind_of(found["end"])
        added.append((inside, Mention(start, end, found.group(0), kind, True)))
    for inside, mention in added:
        mentions = [m for m in mentions if m not in inside] + [mention]
    return sorted(mentions, key=lambda m: m.start)


# Words that jieba sometimes glues onto the start of a name: 据市文明办, 由省文明办, 现将济宁市文明委.
_GLUED_LEAD_RE = re.compile(
    r"^(?:据|由|经|现将|将|对|在|于|向|给|为|从|和|与|及|把|被|让|使|以|是|即|系|获|我校|我院|我局|我市|我县|我区|本校|该校|"
    r"涉改单位|各单位|单位)(?=.{3})"
)


def _unglued(m: Mention) -> Mention:
    lead = _GLUED_LEAD_RE.match(m.surface)
    if lead is None or m.registry:
        return m
    surface = m.surface[lead.end() :]
    return Mention(m.start + lead.end(), m.end, surface, m.kind, m.is_place)


# 许昌学院“编外雷锋营”, 大同市永安出租汽车有限责任公司“雷锋车队”: a team its owner has named.
QUOTED_TEAM_RE = re.compile(
    f"“(?P<team>[{CJK}A-Za-z0-9·]{{2,12}}(?:营|队|站|之家|工作室|小组|团|社|坊|中心|联盟|服务社|协会|俱乐部|书屋|驿站))”"
)


def _with_quoted_teams(text: str, mentions: list[Mention]) -> list[Mention]:
    out = []
    for m in mentions:
        team = QUOTED_TEAM_RE.match(text, m.end)
        if team and not m.is_place:
            m = Mention(m.start, team.end(), text[m.start : team.end()], "social_organisation", False)
        out.append(m)
    return out


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
# A place's party committee or government named by its level alone.
BARE_ORGANS = {f"{level}{organ}" for level in "省市县区州旗" for organ in ("委", "政府")}
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


def _county_core(word: str, previous: str) -> bool:
    """甘肃 + 天祝: a county's bare core name right after its province or prefecture."""
    parents = gazetteer().lookup(previous)
    if not parents or len(word) < 2:
        return False
    return any(_core_matches(word, parent) for parent in parents if parent.level in (PROVINCE, PREFECTURE))


def _county_cores(prefix: str) -> dict[str, Division]:
    """The counties under a province's (2-digit) or prefecture's (4-digit) code prefix, by core name."""
    return _all_county_cores().get(prefix, {})


@lru_cache(maxsize=1)
def _all_county_cores() -> dict[str, dict[str, Division]]:
    # One pass over the gazetteer for every province and prefecture at once.
    out: dict[str, dict[str, Division]] = {}
    for division in gazetteer().by_code.values():
        if division.level != COUNTY:
            continue
        name = division.name
        if name.endswith(("自治县", "自治旗")):
            core = _strip_ethnic(name, name[-3:])
        else:
            core = re.sub(r"(?:县|区|市|旗)$", "", name)
        if len(core) >= 2:
            for prefix in (division.code[:2], division.code[:4]):
                out.setdefault(prefix, {}).setdefault(core, division)
    return out


def _core_matches(word: str, parent: Division) -> bool:
    prefix = parent.code[:2] if parent.level == PROVINCE else parent.code[:4]
    return word in _county_cores(prefix)


def county_from_core(word: str, parent: Division) -> Division | None:
    prefix = parent.code[:2] if parent.level == PROVINCE else parent.code[:4]
    return _county_cores(prefix).get(word)


def _governing_place(name: str) -> str | None:
    """菏泽高新区党工委 → 菏泽高新区: a place's own party committee or government is the place."""
    for organ in GOVERNING_ORGANS:
        if name.endswith(organ) and len(name) > len(organ):
            place = name[: -len(organ)]
            if organ in ("市委", "县委", "区委", "省委", "州委"):
                place = place + organ[0]
                if place in ABBREVIATIONS:
                    return place
            regions, rest = split_regions(place)
            if regions and not rest:
                return place
            if _TOWNSHIP_ONLY_RE.fullmatch(place):
                return place
    return None


_TOWNSHIP_ONLY_RE = re.compile(f"(?:[{CJK}]{{0,12}}?[区县市])?[{CJK}]{{2,5}}(?:镇|乡|街道|苏木)")

# ---------------------------------------------------------------- regions in names


_MAX_FORM = 12


@dataclass(frozen=True)
class RegionPart:
    form: str
    level: str  # province / prefecture / county / zone
    division: Division | None = None


@lru_cache(maxsize=20000)
def _split_regions_cached(name: str) -> tuple[tuple[RegionPart, ...], str]:
    parts, rest = _split_regions(name)
    return tuple(parts), rest


def split_regions(name: str) -> tuple[list[RegionPart], str]:
    """河南省漯河市市场监督管理局 → ([河南省, 漯河市], 市场监督管理局)."""
    parts, rest = _split_regions_cached(name)
    return list(parts), rest


def _split_regions(name: str) -> tuple[list[RegionPart], str]:
    parts: list[RegionPart] = []
    rest = name
    g = gazetteer()
    while rest:
        found = None
        for size in range(min(len(rest), _MAX_FORM), 1, -1):
            form = rest[:size]
            if form in g.by_form:
                near = [p.division for p in parts if p.division]
                division = g.best(form, near=near)
                # 菏泽市 + 委: the city's party committee, keep splitting after the city.
                found = RegionPart(form, division.level, division)
                break
            zone = _ZONE_RE.search(form)
            if zone and zone.end() == len(form) and len(form) > len(zone.group(0)) - 1:
                found = RegionPart(form, "zone")
                break
        if found is None and parts and parts[-1].division and parts[-1].level in (PROVINCE, PREFECTURE):
            for size in range(min(len(rest), 6), 1, -1):
                county = county_from_core(rest[:size], parts[-1].division)
                if county is not None:
                    found = RegionPart(rest[:size], COUNTY, county)
                    break
        if found is None:
            break
        parts.append(found)
        rest = rest[len(found.form) :]
    return parts, rest


# ---------------------------------------------------------------- region context


@dataclass(frozen=True)
class RegionContext:
    """The home regions of an article: what 市, 区, 县 and 镇 mean in it."""

    province: str | None = None
    city: str | None = None  # 菏泽市 (or a county-level city such as 格尔木市)
    city_short: str | None = None  # 菏泽
    district: str | None = None  # 菏泽高新区, 牡丹区
    county: str | None = None  # 天祝县
    town: str | None = None  # 马岭岗镇

    def for_abbreviation(self, abbreviation: str) -> str | None:
        return {
            "市": self.city,
            "区": self.district,
            "县": self.county,
            "镇": self.town,
            "乡": self.town,
            "省": self.province,
            "州": self.city,
            "旗": self.county,
        }.get(abbreviation)


@dataclass
class RegionCounts:
    province: Counter = field(default_factory=Counter)
    city: Counter = field(default_factory=Counter)
    district: Counter = field(default_factory=Counter)
    county: Counter = field(default_factory=Counter)
    town: Counter = field(default_factory=Counter)
    zone_city: dict = field(default_factory=dict)  # zone form → city short that was written before it

    def add(self, other: RegionCounts) -> None:
        for name in ("province", "city", "district", "county", "town"):
            getattr(self, name).update(getattr(other, name))
        for zone, city in other.zone_city.items():
            self.zone_city.setdefault(zone, city)


def count_regions(mentions: list[Mention]) -> RegionCounts:
    counts = RegionCounts()
    for m in mentions:
        parts, rest = split_regions(m.surface)
        previous_city = None
        for part in parts:
            d = part.division
            if part.level == PROVINCE and d:
                counts.province[d.name] += 1
            elif part.level == PREFECTURE and d:
                counts.city[d.name] += 1
                previous_city = _city_short(d.name)
            elif part.level == COUNTY and d:
                if d.name.endswith("市"):
                    counts.city[d.name] += 1
                elif d.name.endswith("区"):
                    counts.district[part.form] += 1
                else:
                    counts.county[part.form if part.form.endswith(("县", "旗")) else d.name] += 1
            elif part.level == "zone":
                zone = part.form
                if previous_city:
                    counts.zone_city.setdefault(zone, previous_city)
                    zone = previous_city + zone
                counts.district[zone] += 1
        town = _TOWN_LEAD_RE.match(rest)
        if town:
            counts.town[town.group(0)] += 1
        elif re.fullmatch(f"[{CJK}]{{2,5}}(?:镇|乡|街道)", rest):
            counts.town[rest] += 1
    return counts


def _city_short(name: str) -> str:
    return re.sub(r"(?:市|地区|盟)$", "", name)


def build_context(local: RegionCounts, page: RegionCounts, source_region: str | None = None) -> RegionContext:
    def pick(attr: str) -> str | None:
        for counts in (local, page):
            counter: Counter = getattr(counts, attr)
            if counter:
                return counter.most_common(1)[0][0]
        return None

    fields = dict(
        province=pick("province"),
        city=pick("city"),
        district=pick("district"),
        county=pick("county"),
        town=pick("town"),
        city_short=None,
    )
    if source_region:
        parts, _ = split_regions(source_region)
        for part in parts:
            if part.division is None:
                continue
            if part.level == PROVINCE and fields["province"] is None:
                fields["province"] = part.division.name
            elif part.level == PREFECTURE and fields["city"] is None:
                fields["city"] = part.division.name
            elif part.level == COUNTY and fields["county"] is None and fields["district"] is None:
                if part.division.name.endswith("区"):
                    fields["district"] = part.division.name
                else:
                    fields["county"] = part.division.name
    if fields["city"]:
        fields["city_short"] = _city_short(fields["city"])
        if fields["province"] is None:
            # 兰州市 … 省文明办: the province is the city's own.
            fields["province"] = _province_of(fields["city"])
    district, city_short = fields["district"], fields["city_short"]
    if district and _ZONE_RE.search(district) and city_short:
        zone_city = page.zone_city.get(district) or local.zone_city.get(district)
        if not district.startswith((city_short, zone_city or "\0")):
            fields["district"] = (zone_city or city_short) + district
    return RegionContext(**fields)


def _province_of(city: str) -> str | None:
    division = gazetteer().best(city)
    if division is None or division.level != PREFECTURE:
        return None
    top = division.chain()[0]
    return top.name if top.level == PROVINCE else None


# ---------------------------------------------------------------- resolution


@dataclass(frozen=True)
class ResolvedUnit:
    name: str
    aliases: tuple[str, ...]
    kind: str
    is_place: bool
    region: str | None = None


def resolve(mention: Mention, ctx: RegionContext, compiled: CompiledLexicon) -> ResolvedUnit | None:
    """The canonical name of a mention in its region context (None when it cannot name a unit)."""
    key = (mention.surface, mention.kind, mention.is_place, mention.registry, ctx)
    cache = compiled.resolved
    if key not in cache:
        if len(cache) > 50000:
            cache.clear()
        cache[key] = _resolve(mention, ctx, compiled)
    return cache[key]


def _resolve(mention: Mention, ctx: RegionContext, compiled: CompiledLexicon) -> ResolvedUnit | None:
    surface = mention.surface
    aliases = {surface}
    if mention.registry:
        return ResolvedUnit(
            mention.registry, tuple(sorted(aliases - {mention.registry})), mention.kind, mention.is_place
        )
    body = national_body(surface)
    if body is not None:
        return _registered(ResolvedUnit(body.name, tuple(sorted(aliases - {body.name})), body.kind, False), compiled)
    place = _governing_place(surface)
    if place is not None or mention.kind == "place":
        name = _place_name(place if place is not None else surface, ctx)
        if name is None:
            return None
        if place is not None:
            aliases.add(place if place not in ABBREVIATIONS else "")
        aliases.discard("")
        place_unit = ResolvedUnit(name, tuple(sorted(aliases - {name})), "place", True, region_of(name, ctx) or name)
        return _registered(place_unit, compiled)

    stripped = surface[2:] if surface.startswith("中共") and len(surface) > 4 else surface
    for short, full in SHORT_NAMES:
        if stripped.startswith(short) and len(stripped) > len(short):
            # 农行邹城支行 is 中国农业银行邹城支行.
            stripped = full + stripped[len(short) :]
            break
    parts, rest = split_regions(stripped)
    abbreviated = not parts and stripped[0] in ABBREVIATIONS and (len(stripped) > 2 or stripped in BARE_ORGANS)
    if abbreviated and not _YOUTH_LEAGUE_INVERTED_RE.fullmatch(stripped):
        region = ctx.for_abbreviation(stripped[0])
        if region is None and stripped in BARE_ORGANS:
            return None  # 市委 of a city the page never names
        if region is None:
            return _registered(
                ResolvedUnit(expand_body(stripped), (surface,), mention.kind, mention.is_place), compiled
            )
        # 区卫生健康局 is the page's district's bureau, named as if written whole.
        stripped = _written_form(region, stripped[0]) + stripped[1:]
        aliases.add(stripped)
        parts, rest = split_regions(stripped)
    qualified = None
    if not parts:
        league = _YOUTH_LEAGUE_NAME_RE.fullmatch(stripped) or _YOUTH_LEAGUE_INVERTED_RE.fullmatch(stripped)
        if league is not None:
            qualified = _youth_league_name(league, ctx)
            if qualified is None:
                # The page never says which city: the committee under the name it was given.
                return _registered(ResolvedUnit(stripped, (), mention.kind, mention.is_place), compiled)
        elif _TOWNSHIP_START_RE.match(stripped) or mention.is_place:
            parent = _under_city(_town_parent(ctx), ctx)
            town = _TOWNSHIP_START_RE.match(stripped)
            head = town.group(0) if town else stripped
            qualified = (parent + stripped) if parent and not head.startswith(parent) else stripped
        else:
            qualified = stripped
    else:
        lowest = max(reversed(range(len(parts))), key=lambda x: _LEVEL_ORDER[parts[x].level])
        lowest_part = parts[lowest]
        if lowest_part.level == PROVINCE:
            qualified = stripped
        elif lowest_part.level == "zone":
            zone_prefix = "".join(p.form for p in parts[lowest - 1 : lowest] if p.level == PREFECTURE)
            zone = lowest_part.form
            if not zone_prefix and ctx.city_short and not zone.startswith(ctx.city_short):
                zone_prefix = ctx.city_short
            qualified = zone_prefix + zone + rest
        else:
            # Written from its own region down (河南省漯河市市场监督管理局 → 漯河市市场监督管理局);
            # 济宁银行 stays 济宁银行: a city's short name inside a name is part of the name.
            qualified = "".join(p.form for p in parts[lowest:]) + rest
            city = _city_of_district(parts, lowest, ctx, place_below=bool(_TOWN_LEAD_RE.match(rest)))
            if city:
                # 城北区小桥街道新世纪社区: a district's name is shared by many cities, so its
                # city comes first (西宁市城北区…); as written, it stays an alias.
                aliases.add(qualified)
                qualified = city + qualified
        if _TOWNSHIP_START_RE.match(rest) is None and not rest:
            return None
    name = expand_body(qualified)
    aliases.add(qualified)
    if stripped != surface:
        aliases.add(stripped)
    unit = ResolvedUnit(name, tuple(sorted(aliases - {name})), mention.kind, mention.is_place, region_of(name, ctx))
    return _registered(unit, compiled)


def region_of(name: str, ctx: RegionContext) -> str | None:
    """The full name of the lowest division a unit's name is written under (菏泽市牡丹区教育局 →
    山东省菏泽市牡丹区), as the region reference data names it; a development zone counts
    as its city. None when the name names no region (中华全国总工会)."""
    parts, _ = split_regions(re.sub(r"^(?:中共|共青团|国家税务总局)", "", name))
    divisions = [p.division for p in parts if p.division is not None]
    if not divisions:
        if any(p.level == "zone" for p in parts) and ctx.city:
            city = gazetteer().best(ctx.city)
            return "".join(d.name for d in city.chain()) if city else None
        return None
    return "".join(d.name for d in divisions[-1].chain())


_LEVEL_ORDER = {PROVINCE: 0, PREFECTURE: 1, "zone": 2, COUNTY: 2}


def _written_form(region: str, abbreviation: str) -> str:
    """How papers write a region before an organ's name: 海西州 for 海西蒙古族藏族自治州."""
    if abbreviation == "州" and region.endswith("自治州") and (division := gazetteer().best(region)) is not None:
        return next((f for f in short_forms(division) if f.endswith("州") and f != region), region)
    if abbreviation == "区" and region.endswith("自治区") and (division := gazetteer().best(region)) is not None:
        # 宁夏回族自治区 → 宁夏区, as 团区委 is written out (共青团宁夏区委)
        core = min((f for f in short_forms(division) if not f.endswith("区")), key=len, default=None)
        return core + "区" if core else region
    return region


def _youth_league_name(league: re.Match, ctx: RegionContext) -> str | None:
    """团市委 → 共青团菏泽市委 (the context's city), 团德令哈市委 → 共青团德令哈市委,
    团州委 → 共青团海西州委 (an autonomous prefecture by its short name)."""
    level = league["level"]
    place = league["place"]
    if place:
        return f"共青团{place}{level}委"
    region = ctx.for_abbreviation(level)
    if region is None and level == "区" and ctx.province and ctx.province.endswith("自治区"):
        region = ctx.province  # 团区委 in 宁夏: the autonomous region's committee
    if region is None:
        return None
    return f"共青团{_written_form(region, level)}委"


def _city_of_district(
    parts: list[RegionPart], lowest: int, ctx: RegionContext, *, place_below: bool = False
) -> str | None:
    """The city above a name led by a district, or by a county when a town or village
    follows (大同市浑源县南榆林乡), when the city is not written: the context's city if the
    district or county is one of its own, else the only city with one of that name. None
    for other names under counties and county-level cities (they stand on their own) and
    for districts of municipalities (北京市东城区 is written whole or not at all)."""
    part = parts[lowest]
    if part.level != COUNTY or any(p.level == PREFECTURE for p in parts[:lowest]):
        return None
    if not (part.form.endswith("区") or (place_below and not part.form.endswith("市"))):
        return None
    cities = {
        d.parent.name
        for d in gazetteer().lookup(part.form)
        if d.level == COUNTY and d.parent is not None and d.parent.level == PREFECTURE
    }
    if ctx.city in cities:
        return ctx.city
    return cities.pop() if len(cities) == 1 else None


def _town_parent(ctx: RegionContext) -> str | None:
    """The place a town named alone lies in: the page's county or district, else its city
    when that is a county-level one (扶余市五家站镇)."""
    if ctx.county or ctx.district:
        return ctx.county or ctx.district
    city = gazetteer().best(ctx.city) if ctx.city else None
    return ctx.city if city is not None and city.level == COUNTY else None


def _under_city(parent: str | None, ctx: RegionContext) -> str | None:
    """A town's county or district with its city in front: 浑源县 → 大同市浑源县."""
    if not parent:
        return parent
    parts, rest = split_regions(parent)
    if rest or not parts:
        return parent
    city = _city_of_district(parts, len(parts) - 1, ctx, place_below=True)
    return city + parent if city and not parent.startswith(city) else parent


def _registered(unit: ResolvedUnit, compiled: CompiledLexicon) -> ResolvedUnit:
    """A resolved name that the registry knows under any of its forms becomes the registered unit."""
    for form in (unit.name, *unit.aliases):
        canonical = compiled.registry.get(form)
        if canonical:
            aliases = (set(unit.aliases) | {unit.name}) - {canonical}
            return ResolvedUnit(canonical, tuple(sorted(aliases)), unit.kind, unit.is_place, unit.region)
    return unit


def _place_name(surface: str, ctx: RegionContext) -> str | None:
    if surface in ABBREVIATIONS:
        region = ctx.for_abbreviation(surface)
        return _place_name(region, ctx) if region else None
    parts, rest = split_regions(surface)
    if parts and not rest:
        last = parts[-1]
        if last.level == "zone":
            city = next((p for p in reversed(parts[:-1]) if p.level == PREFECTURE), None)
            prefix = _city_short(city.division.name) if city and city.division else (ctx.city_short or "")
            zone = last.form if not prefix or last.form.startswith(prefix) else prefix + last.form
            for short, full in ZONE_EXPANSIONS.items():
                if zone.endswith(short):
                    return zone[: -len(short)] + full
            return zone
        if last.division is None:
            return last.form
        return _district_in_city(last.division)
    if not parts and (core := place_by_core(surface)):
        return core
    town = re.fullmatch(f"(?P<pre>.*?)(?P<town>[{CJK}]{{2,5}}(?:镇|乡|街道|苏木))", surface)
    if town:
        pre = town["pre"]
        parent = None
        if pre:
            pre_parts, pre_rest = split_regions(pre)
            if pre_parts and not pre_rest:
                parent = _place_name(pre, ctx)
                if pre_parts[-1].level == "zone":
                    parent = _zone_display(pre, ctx)
                elif pre_parts[-1].division and pre_parts[-1].level == COUNTY:
                    parent = _under_city(pre_parts[-1].form, ctx)
        if parent is None:
            parent = _under_city(_town_parent(ctx), ctx)
        return (parent or "") + town["town"]
    return None


def _district_in_city(division: Division) -> str:
    """A district's name with its city in front (西城区 → 北京市西城区): district names repeat
    from city to city, as the other units' canonical names already say."""
    parent = division.parent
    if division.level == COUNTY and division.name.endswith("区") and parent is not None:
        if parent.level == PREFECTURE or (parent.level == PROVINCE and parent.name.endswith("市")):
            return parent.name + division.name
    return division.name


def place_by_core(core: str) -> str | None:
    """巩义 in a list of cities: the county-level city or county of that core name, when only one has it."""
    for level in ("市", "县"):  # a county that became a city is found as both: the city is today's
        found = {d.name for d in gazetteer().lookup(core + level)}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _zone_display(zone: str, ctx: RegionContext) -> str:
    parts, _ = split_regions(zone)
    if parts and parts[0].level == PREFECTURE:
        return zone
    return (ctx.city_short or "") + zone


# ---------------------------------------------------------------- merging across a page


def subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


_CONNECTOR_CHARS = set("委市县区省直集团公司有限股份中共")


def abbreviates(short: str, long: str) -> bool:
    """市机关工委 abbreviates 市委市直机关工委; 陕煤黄陵矿业双龙煤业 abbreviates 陕煤集团黄陵矿业公司双龙煤业.

    Only dropped connectors (委, 市直, 集团, 公司 …) may differ; 第一中学 does not
    abbreviate 第一实验中学.
    """
    if len(short) < 4 or len(short) >= len(long) or short[0] != long[0] or short[-2:] != long[-2:]:
        return False
    if not subsequence(short, long):
        return False
    extra = list(long)
    for ch in short:
        extra.remove(ch)
    return all(ch in _CONNECTOR_CHARS for ch in extra)


_ROAD_START_RE = re.compile("(?:路|大道|大街|街(?!道)|巷|桥)")
_TOWN_PREFIX_RE = re.compile(f"^[{CJK}]{{2,5}}?(?:镇|乡|街道|苏木)(?=[{CJK}]{{2}})")


@lru_cache(maxsize=4096)
def place_chain(name: str) -> tuple[frozenset[str], str]:
    """涧西区重庆路街道天津路社区 → ({涧西区, 重庆路街道}, 天津路社区): the places a name is written under."""
    parts, rest = split_regions(name)
    # 天津路社区 is named after a road: a region word right before 路/街/巷 belongs to the own name.
    while parts and _ROAD_START_RE.match(rest):
        rest = parts.pop().form + rest
    prefixes = {p.form for p in parts}
    while True:
        town = _TOWN_PREFIX_RE.match(rest)
        if town is None or suffix_of(rest[town.end() :]) is None:
            break
        prefixes.add(town.group(0))
        rest = rest[town.end() :]
    return frozenset(prefixes), rest


def same_unit_under_places(a: str, b: str) -> bool:
    """游仙区青龙村 and 游仙区魏城镇青龙村 name one village: same own name, one place chain inside the other.

    魏城镇青龙村 and 石马镇青龙村 do not: each names a town the other lacks.
    """
    if a == b:
        return False
    places_a, core_a = place_chain(a)
    places_b, core_b = place_chain(b)
    if core_a != core_b or core_a in NOT_HEADS or kind_of(core_a) not in PLACE_KINDS:
        # Only villages, communities and towns have own names; 菏泽市教育局 and 菏泽市牡丹区教育局 are two units.
        return False
    if len(core_a) - len(suffix_of(core_a) or "") < 2:
        return False
    return places_a <= places_b or places_b <= places_a
