"""One unit, one name, per page: names of one unit told apart from names of two.

An abbreviation (市机关工委 for 市委市直机关工委) or a village named with and without
its town is the same unit; the articles of a page then all call it by one name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .records import ArticleExtraction, Organiser, UnitMention
from .text import CJK
from .unit_lexicon import NOT_HEADS, PLACE_KINDS, kind_of, suffix_of
from .unit_regions import split_regions


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


def merge_units_across_page(articles: list[ArticleExtraction], registered: set[str]) -> list[ArticleExtraction]:
    """Units named differently in different articles (or by abbreviation) become one unit."""
    groups: list[dict] = []  # {"name": canonical, "forms": set}
    for article in articles:
        for unit in article.units:
            forms = {unit.name, *unit.aliases}
            target = None
            for group in groups:
                if (
                    group["forms"] & forms
                    or abbreviates(unit.name, group["name"])
                    or abbreviates(group["name"], unit.name)
                    or same_unit_under_places(unit.name, group["name"])
                ):
                    target = group
                    break
            if target is None:
                groups.append({"name": unit.name, "forms": forms, "kind": unit.kind, "region": unit.region})
            else:
                target["forms"] |= forms
                # The most complete form names the unit, unless the registry already knows it by one name.
                if target["name"] not in registered and (
                    unit.name in registered or len(unit.name) > len(target["name"])
                ):
                    target["name"] = unit.name
    rename = {}
    for group in groups:
        for form in group["forms"]:
            rename.setdefault(form, group["name"])
    by_name = {g["name"]: g for g in groups}

    def canonical(name: str) -> str:
        return rename.get(name, name)

    out = []
    for article in articles:
        units = {}
        for unit in article.units:
            name = canonical(unit.name)
            group = by_name.get(name)
            aliases = tuple(sorted(f for f in (group["forms"] if group else unit.aliases) if f != name))
            units[name] = UnitMention(name=name, aliases=aliases, kind=unit.kind, region=unit.region)
        out.append(
            replace(
                article,
                units=tuple(units.values()),
                honours=tuple(replace(h, unit=canonical(h.unit)) for h in article.honours),
                activities=tuple(
                    replace(a, organisers=tuple(Organiser(canonical(o.unit), o.role) for o in a.organisers))
                    for a in article.activities
                ),
                volunteer_service=tuple(replace(v, unit=canonical(v.unit)) for v in article.volunteer_service),
            )
        )
    return out
