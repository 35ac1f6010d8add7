"""Lists of units in award sentences: 九江市、宜春市、上饶市等11个城市被授予…, 授予A等62个车间、
班组、科室安徽省工人先锋号, a 名单 heading over a paragraph of names.

Award lists are written as names between separators (、，和), so an item is read whole,
not built up from word tokens: a list item is a unit when, once its list words are
trimmed (我省, 其中, 等131个村镇), it ends the way unit names end (局, 有限公司, 行车班,
总承包部 …) or names a place. Persons (李亮等412名职工), families (胡剑峰家庭) and counts
(202个城市) are not units, and a list that holds them is not a list of units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .regions import gazetteer
from .text import CJK
from .unit_lexicon import NOT_HEADS, PRONOUN_UNIT_RE, SUFFIX_KIND
from .unit_names import QUOTED_TEAM_RE
from .unit_regions import split_regions

_NUMERAL = r"[\d一二两三四五六七八九十百千万余多]+"
# What a count says it counts: 等170个单位, 等62个车间、班组、科室, 共11个城市.
_COUNTED = (
    r"(?:先进)?(?:(?:地级|县级|副省级|省会)(?:城市|市)|单位|集体|城市|城区|县城|县|市|区|村镇|村|镇|乡镇|乡|社区|街道|学校|校园|医院|企业|公司|车间|班组|科室|"
    r"岗位|岗|窗口|家庭|组织|项目|团队|部门|机关|行业|党组织|基层党组织|团组织|团支部|团委|志愿服务组织|志愿服务队|"
    r"示范点|站|所|中心|队|家|户|个)"
)
COUNT_RE = re.compile(
    rf"(?:(?:等|共|共计|合计|计)\s*{_NUMERAL}\s*(?:个|家|所|户|支|处|座|批|名|位|人)?|(?<![第\d]){_NUMERAL}\s*(?:个|家|所|户|支|处|座))\s*"
    rf"(?:{_COUNTED}(?:(?:、|和|及|与){_COUNTED})*)?"
)
# 五家站镇: a place name that opens like a count (五家), as the town word after it shows.
_PLACE_GOES_ON_RE = re.compile(f"[{CJK}]{{0,4}}?(?:镇|乡|村|街道)")
_BARE_COUNT_RE = re.compile(rf"^(?:等|共)?\s*{_NUMERAL}\s*(?:个|家|所|户|支|处|座|批|名|位|人|项)")
# 412名职工, 等5人, 同志, 家庭, but not 第二人民医院 (二 and 人 inside a name).
_PERSONS_RE = re.compile(
    r"(?:(?:\d+|等[一二两三四五六七八九十百千]+)\s*(?:名|位|人)(?!民|大|代)|同志|职工|个人|先生|女士|家庭|户家庭|户$|家庭$"
    r"|\(女\)|（女）)"
)
_LEAD_RE = re.compile(
    r"^(?:\s|[“”\"]|其中|此外|另外|同时|还有|以及|并|我省|我市|我县|我区|我州|我旗|全省|全市|全县|全区|本市|"
    r"本省|本县|我校|我院|本校|本院|我局|我单位|我公司|来自|包括|分别是|分别为|分别|依次是|依次为|名单如下|如下|是|为|有|对|给予|授予|撤销|被|"
    r"经复查|经|由|据|"
    r"[(（]?[一二三四五六七八九十\d]+[)）、.．]|[①②③④⑤⑥⑦⑧⑨⑩]|[:：])+"
)
_TAIL_RE = re.compile(
    r"(?:[:：]|等|等单位|等集体|榜上有名|上榜|入选|名列其中|在列|"
    r"经过?(?:层层|严格|综合)?(?:考核|评选|评审|审核|复查|推荐|检查|验收|测评))+$"
)
_SEPARATORS_RE = re.compile(r"[、，,；;]")

# Endings that close a unit's name in a list, beyond the registry's (data/unit_suffixes.tsv):
# teams, sub-units and branches are honoured in lists on their own.
LIST_ENDINGS = (
    "部",
    "科",
    "室",
    "处",
    "股",
    "组",
    "班",
    "队",
    "站",
    "所",
    "馆",
    "院",
    "校",
    "园",
    "岗",
    "厂",
    "矿",
    "场",
    "段",
    "区",
    "台",
    "社",
    "会",
    "团",
    "线",
    "路",
    "号",
    "车间",
    "工区",
    "机组",
    "中心",
    "大厅",
    "窗口",
    "营业厅",
    "工作室",
    "支部",
    "团支部",
    "党支部",
    "行业",
    "系统",
    "机关",
    "集团",
    "公司",
    "银行",
    "嘎查",
    "(机关)",
    "（机关）",
    "(公司)",
    "（公司）",
)
_LIST_ENDING_RE = re.compile("(?:" + "|".join(map(re.escape, sorted(LIST_ENDINGS, key=len, reverse=True))) + ")$")
_TOWN_RE = re.compile(f"[{CJK}]{{2,}}(?:镇|乡|街道|苏木|村|社区|嘎查)$")
# Words that end like a unit but are phrases: 全部, 内部, 大会, 社会, 机会.
_NOT_UNIT_TAIL = {
    "全部",
    "内部",
    "外部",
    "干部",
    "局部",
    "大会",
    "社会",
    "机会",
    "晚会",
    "会上",
    "学校",
    "单位",
} | NOT_HEADS
_AWARD_WORDS_RE = re.compile(r"被|命名|授予|评为|获评|荣获|获得|入选|称号|荣誉|殊荣|\d{4}年")
_VERBISH_RE = re.compile(
    r"(?:开展|组织|举办|举行|召开|推进|坚持|通过|获得|荣获|表彰|评选|实现|成为|作为|积极|不断|进行|参加|推荐|决定)"
)


# 太原理工大学“螺丝钉之家”: a list item that ends with a team its owner named.
_QUOTED_TEAM_END_RE = re.compile(QUOTED_TEAM_RE.pattern + "$")


@dataclass(frozen=True)
class ListItem:
    start: int
    end: int
    name: str
    person: bool = False  # a person or family in the list: it keeps its place, it names no unit


@lru_cache(maxsize=1)
def _unit_suffix_re() -> re.Pattern:
    endings = sorted(SUFFIX_KIND, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, endings)) + ")$")


def is_person_or_family(item: str) -> bool:
    """李亮等412名职工, 胡剑峰家庭, 贺 彪: not units."""
    if _PERSONS_RE.search(item):
        return True
    compact = item.replace(" ", "").replace("\u3000", "")
    return bool(re.fullmatch(f"[{CJK}]{{2,3}}", compact)) and " " in item.strip()


def unit_like(name: str) -> bool:
    """A cleaned list item that can name a unit: a known ending, a place, no verb inside."""
    name = re.sub(r"[（(][^）)]{1,8}[）)]$", "", name)  # 白银有色集团股份有限公司（本部）
    if not (2 <= len(name) <= 50) or name in _NOT_UNIT_TAIL or PRONOUN_UNIT_RE.fullmatch(name):
        return False
    if any(name.endswith(w) for w in ("全部", "内部", "大会", "社会", "会上", "机会", "晚会", "年会", "峰会")):
        return False
    if _AWARD_WORDS_RE.search(name):
        return False
    if _VERBISH_RE.search(name) and not re.search(r"(?:中心|公司|协会|服务队|大学|学院)$", name):
        return False
    team = _QUOTED_TEAM_END_RE.search(name)
    if team and team.start() >= 2 and "“" not in name[: team.start()]:
        return unit_like(name[: team.start()])
    if re.search(r"[。！？\"《》：:]", name) or name.count("“") != name.count("”") or name.endswith("”"):
        return False  # 西部矿业“李英菊”公益志愿服务队 keeps its quotes; a quoted title does not end a name
    if _unit_suffix_re().search(name) or _LIST_ENDING_RE.search(name):
        return len(name) >= 3 or name in SUFFIX_KIND
    if gazetteer().lookup(name):
        return True
    if len(name) >= 2 and any(gazetteer().lookup(name + level) for level in ("市", "县")):
        return True  # 巩义、登封2个县级城市: county-level cities listed by their core name
    parts, rest = split_regions(name)
    if parts and not rest:
        return True
    return bool(_TOWN_RE.search(name))


def clean_item(raw: str) -> str:
    """我省南昌市新建区溪霞镇等131个村镇 → 南昌市新建区溪霞镇."""
    item = raw.strip()
    if "的" in item:
        # 昆山开发区的江苏昆山交通发展控股集团有限公司客运中心: what comes before 的 only places it.
        tail = item.rsplit("的", 1)[1]
        if unit_like(clean_item(tail)):
            item = tail
    bare = _BARE_COUNT_RE.match(item)
    if bare and not _PLACE_GOES_ON_RE.match(item, bare.end()):
        return ""  # 7个学校: a count, no name
    count = COUNT_RE.search(item)
    if count and count.start() > 0:
        item = item[: count.start()]
    previous = None
    while previous != item:
        previous = item
        item = _LEAD_RE.sub("", item).strip()
        item = _TAIL_RE.sub("", item).strip()
        item = item.strip("\"' ")
        if item.count("“") != item.count("”"):
            item = item.strip("“”")
    return item


ENUMERATION_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,3}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*"
)


def split_list(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """The raw items of a list, with spans: separators, and 和/及 between two units.
    A leading enumeration (1、 / （二）) is no item."""
    out = []
    enumeration = ENUMERATION_RE.match(text)
    start = enumeration.end() if enumeration else 0
    for match in _SEPARATORS_RE.finditer(text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    items = []
    for a, b in out:
        piece = text[a:b]
        joined = re.search(r"(?<=.)(?:和|及|以及|与)(?=.)", piece)
        if joined:
            left, right = piece[: joined.start()], piece[joined.end() :]
            # 长沙市烟草专卖局等152个单位及徐林家庭等100户家庭: a unit group, then a family group.
            family = is_person_or_family(right) and joined.group(0) != "和"
            if unit_like(clean_item(left)) and (family or unit_like(clean_item(right))):
                items.append((offset + a, offset + a + joined.start(), left))
                items.append((offset + a + joined.end(), offset + b, right))
                continue
        items.append((offset + a, offset + b, piece))
    return items


def _item(start: int, end: int, raw: str) -> ListItem | None:
    name = clean_item(raw)
    if not name or not unit_like(name):
        return None
    at = raw.find(name)
    return ListItem(start + max(at, 0), start + max(at, 0) + len(name), name)


def units_before(text: str, end: int, floor: int) -> tuple[list[ListItem], bool]:
    """The items listed right before `end` (back to `floor`), first first, and whether the
    list names only persons or families (then it is nobody's unit list).

    Persons and families inside a list of units (…等152个单位及徐林家庭等100户家庭) are
    kept as `person` items, so the list's groups still line up with its honours."""
    items: list[ListItem] = []
    for start, stop, raw in reversed(split_list(text[floor:end], floor)):
        if not raw.strip():
            if items:
                break
            continue
        if is_person_or_family(raw):
            items.insert(0, ListItem(start, stop, raw.strip(), person=True))
            continue
        found = _item(start, stop, raw)
        if found is None:
            break
        items.insert(0, found)
    units = [i for i in items if not i.person]
    return (items if units else []), bool(items) and not units


def groups_of(text: str, items: list[ListItem]) -> list[list[ListItem]]:
    """A list split where counts close its groups: 邵阳市等9个城市、永州市零陵区等3个城区 → two groups."""
    groups: list[list[ListItem]] = [[]]
    for item in items:
        groups[-1].append(item)
        if COUNT_RE.match(text, item.end) and text[item.end] == "等":
            groups.append([])
    return [g for g in groups if g]


def units_in(text: str, start: int, end: int) -> tuple[list[ListItem], bool]:
    """Every item of text[start:end] when all of them are units (a pure list). The last
    item may be a name the page cut off (…辽渔集团有) when two or more came before it."""
    items = []
    persons = False
    raw_items = [(a, b, raw) for a, b, raw in split_list(text[start:end], start) if raw.strip()]
    for position, (a, b, raw) in enumerate(raw_items):
        if is_person_or_family(raw):
            persons = True
            continue
        found = _item(a, b, raw)
        if found is None:
            if position == len(raw_items) - 1 and len(items) >= 2:
                break
            return [], persons
        items.append(found)
    return items, persons


def bare_count(text: str) -> bool:
    """202个城市(区), 4688个单位: a count standing where a list would."""
    return bool(_BARE_COUNT_RE.match(text.strip()))
