"""The regions a unit's name is written under: 河南省漯河市 + 市场监督管理局.

Also the county cores (甘肃 + 天祝) and the organs that stand for their place
(菏泽高新区党工委 is 菏泽高新区): the grammar and the resolution both read names
this way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .regions import COUNTY, PREFECTURE, PROVINCE, ZONE_SUFFIXES, Division, _strip_ethnic, gazetteer
from .text import CJK
from .unit_lexicon import ABBREVIATIONS, GOVERNING_ORGANS

ZONE_RE = re.compile("(?:" + "|".join(ZONE_SUFFIXES) + ")$")
TOWN_LEAD_RE = re.compile(f"^[{CJK}]{{2,5}}?(?:镇|乡|街道|苏木)")


def is_county_core(word: str, previous: str) -> bool:
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


def governing_place(name: str) -> str | None:
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
            zone = ZONE_RE.search(form)
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
