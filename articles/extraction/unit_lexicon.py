"""The words unit names are made of, and the lexicon compiled for finding them.

Suffixes, short names, stop words and position titles come from data files; the
word sets that follow are the grammar's own. `compile_lexicon` adds what a
registry knows and teaches jieba our words, once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import segment
from .lexicon import DATA_DIR, Lexicon, load_honour_catalogue
from .names import EXPANSIONS
from .national import BODY_FORMS
from .regions import ZONE_SUFFIXES, gazetteer


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
# A place's party committee or government named by its level alone.
BARE_ORGANS = {f"{level}{organ}" for level in "省市县区州旗" for organ in ("委", "政府")}


def suffix_of(word: str) -> str | None:
    for k in range(min(len(word), _MAX_SUFFIX), 0, -1):
        tail = word[-k:]
        if tail in SUFFIX_KIND:
            return tail
    return None


def kind_of(name: str) -> str:
    suffix = suffix_of(name)
    return SUFFIX_KIND.get(suffix, "other") if suffix else "other"


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
