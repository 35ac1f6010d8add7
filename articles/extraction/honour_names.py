"""Honour names: the catalogue, the heads an honour's name ends with, its level,
and the items of an award's object (A、B和C; 2021年度全省文明单位; 第六届 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import DATA_DIR, CatalogueHonour, Lexicon
from .numbers import chinese_to_int
from .regions import COUNTY, PREFECTURE, PROVINCE, gazetteer
from .text import strip_quotes
from .unit_regions import split_regions

_ITEM_TAIL_RE = re.compile(r"(?:等)?(?:的)?(?:荣誉称号|先进称号|称号|荣誉|殊荣|光荣称号)?(?:等)?$")
_SELECTION_ROUND_RE = re.compile(r"第[\d一二三四五六七八九十]+(?:届|批)")
_EDITION_RE = re.compile(r"第(?P<n>[\d一二三四五六七八九十]+)(?P<kind>届|批|轮)|(?P<first>首)(?:届|批)")
_PLACE_WORD_RE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|州|旗|盟)")
_YEAR_RANGE_RE = re.compile(r"\d{4}\s*(?:-|—|–|~|至|到)\s*\d{4}\s*年度?")
_YEAR_PREFIX_RE = re.compile(r"(?P<y>(?:19|20)\d{2})(?:年度|年)")
_LEVEL_WORDS = (
    ("全国", "national"),
    ("国家级", "national"),
    ("国家", "national"),
    ("中国", "national"),
    ("中华", "national"),
    ("全省", "provincial"),
    ("省级", "provincial"),
    ("全市", "city"),
    ("市级", "city"),
    ("县级", "county"),
    ("区级", "county"),
    ("全县", "county"),
    ("全区", "county"),
)


def _load_tsv(name: str) -> list[tuple[str, str]]:
    out = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            out.append((parts[0], parts[1] if len(parts) > 1 else ""))
    return out


HEADS = sorted(_load_tsv("honour_heads.tsv"), key=lambda p: -len(p[0]))
INDIVIDUAL = {
    w
    for line in (DATA_DIR / "individual_honours.txt").read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for w in line.split()
}


@dataclass(frozen=True)
class Catalogue:
    by_form: dict

    @classmethod
    def build(cls, honours: tuple[CatalogueHonour, ...]) -> Catalogue:
        by_form = {}
        for honour in honours:
            for form in (honour.name, *honour.aliases):
                by_form.setdefault(_norm(form), honour)
        return cls(by_form)

    def find(self, name: str) -> CatalogueHonour | None:
        return self.by_form.get(_norm(name))


_CATALOGUES: dict[int, Catalogue] = {}


def catalogue_for(lexicon: Lexicon) -> Catalogue:
    key = hash(lexicon.honours)
    if key not in _CATALOGUES:
        _CATALOGUES[key] = Catalogue.build(lexicon.honours)
    return _CATALOGUES[key]


def _norm(text: str) -> str:
    return re.sub(r"[\s“”‘’\"'《》「」（）()]", "", text)


def head_of(name: str) -> tuple[str, str] | None:
    for head, category in HEADS:
        if name.endswith(head):
            return head, category
    return None


_COLLECTIVE_RE = re.compile(
    r"单位|集体|组织|城市|城区|县城|村镇|社区|校园|学校|窗口|岗|号|班组|车间|团队|基地|示范点|项目|企业|机关|团支部|团委|行业"
)


def is_individual(name: str) -> bool:
    """An honour for persons (劳动模范, 最美志愿者), unless its name says it is a collective's
    (文明单位标兵, 最美志愿服务社区)."""
    if _COLLECTIVE_RE.search(name):
        return False
    if name.startswith(("最美", "十佳", "十大", "优秀个人")):
        return True
    return any(name.endswith(word) for word in INDIVIDUAL)


def level_of(name: str) -> str | None:
    for word, level in _LEVEL_WORDS:
        if name.startswith(word):
            return level
    g = gazetteer()
    for size in range(min(len(name), 10), 1, -1):
        division = g.best(name[:size])
        if division:
            return {PROVINCE: "provincial", PREFECTURE: "city", COUNTY: "county"}.get(division.level)
    if name.startswith("省"):
        return "provincial"
    return None


@dataclass(frozen=True)
class HonourItem:
    name: str
    edition: str
    year: int | None
    ranged: bool = False  # 2018-2020年度: a round over several years, so no one award year


def split_items(obj: str) -> list[str]:
    """山东省“青年文明号”“工人先锋号”等 → [山东省“青年文明号”, “工人先锋号”]; A、B和C → [A, B, C]."""
    items, buf, depth = [], "", 0
    i = 0
    while i < len(obj):
        ch = obj[i]
        if ch == "“":
            if depth == 0 and buf.endswith("”"):
                items.append(buf)
                buf = ""
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、,，":
            items.append(buf)
            buf = ""
            i += 1
            continue
        elif depth == 0 and obj.startswith(("和", "及", "以及"), i) and buf and not buf.endswith(("活", "创")):
            word = "以及" if obj.startswith("以及", i) else obj[i]
            rest = obj[i + len(word) :]
            quoted_pair = buf.endswith("”") and rest.startswith("“")  # “A”和“B”称号
            if quoted_pair or (head_of(_ITEM_TAIL_RE.sub("", strip_quotes(rest))) and head_of(strip_quotes(buf))):
                items.append(buf)
                buf = ""
                i += len(word)
                continue
        buf += ch
        i += 1
    if buf:
        items.append(buf)
    return [item.strip() for item in items if item.strip()]


def _trim_to_head(text: str) -> str:
    """省级文明单位后获得的又一项荣誉 → 省级文明单位: the honour ends where its head does."""
    if head_of(text):
        return text
    best = ""
    for head, _ in HEADS:
        at = text.find(head)
        if at > 0 and at + len(head) > len(best) and text[at + len(head) : at + len(head) + 1] in "后的以之，。":
            best = text[: at + len(head)]
    return best or text


def parse_item(raw: str) -> HonourItem | None:
    text = _trim_to_head(_ITEM_TAIL_RE.sub("", re.sub(r"^(?:的|了)", "", raw.strip())))
    text = strip_quotes(text).strip()
    year = None
    ranged = _YEAR_RANGE_RE.search(text)
    if ranged:
        text = text[: ranged.start()] + text[ranged.end() :]
    m = _YEAR_PREFIX_RE.search(text)
    if m and (
        m.start() == 0 or split_regions(text[: m.start()])[1] == "" or _PLACE_WORD_RE.fullmatch(text[: m.start()])
    ):
        # 2021年度全省文明单位, 坪山区2019年度先进义工组织: the year is the award's, not the name's.
        year = int(m["y"])
        text = text[: m.start()] + text[m.end() :]
    edition = ""
    e = _EDITION_RE.search(text)
    if e:
        edition = e.group(0)
        text = (text[: e.start()] + text[e.end() :]).strip()
    text = re.sub(r"\s+", "", text)
    if not (3 <= len(text) <= 40):
        return None
    return HonourItem(text, edition, year, ranged=bool(ranged))


def round_in(sentence: str) -> str:
    """在第五届“全国文明单位”和“全国文明村镇”评选中，…荣获…: the one round the sentence
    names for its selection, if it names exactly one."""
    rounds = {m.group(0) for m in _SELECTION_ROUND_RE.finditer(sentence)}
    return rounds.pop() if len(rounds) == 1 else ""


def edition_number(edition: str) -> int | None:
    m = _EDITION_RE.fullmatch(edition)
    if not m:
        return None
    if m["first"]:
        return 1
    n = m["n"]
    return int(n) if n.isdigit() else chinese_to_int(n)


def is_honour(name: str, catalogue: Catalogue, *, quoted: bool, marked: bool) -> bool:
    if is_individual(name) or re.search(r"奖$|奖章$|一等|二等|三等|金奖|银奖|铜奖|第[一二三]名", name):
        return False
    if catalogue.find(name) or head_of(name):
        return True
    return quoted and marked
