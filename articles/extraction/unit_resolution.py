"""Resolution: the canonical name staff would file a mention under.

It uses the article's region context: 市委办公室 in a Heze article is
菏泽市委办公室, 市检察院 is 菏泽市人民检察院; a registered unit's alias resolves
to the registered name, never to a new unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import expand_body
from .national import national_body
from .region_context import RegionContext, short_city_name
from .regions import COUNTY, PREFECTURE, PROVINCE, ZONE_EXPANSIONS, Division, gazetteer, short_forms
from .text import CJK
from .unit_grammar import Mention
from .unit_lexicon import ABBREVIATIONS, BARE_ORGANS, SHORT_NAMES, CompiledLexicon
from .unit_names import YOUTH_LEAGUE_INVERTED_RE
from .unit_regions import TOWN_LEAD_RE, RegionPart, governing_place, split_regions

_TOWN_RE = f"(?P<pre>.*?)(?P<town>[{CJK}]{{2,5}}(?:镇|乡|街道|苏木))"
_TOWNSHIP_START_RE = re.compile(f"^[{CJK}]{{2,5}}?(?:镇|乡|街道|苏木)(?=[{CJK}])")
_YOUTH_LEAGUE_NAME_RE = re.compile(f"团(?P<place>[{CJK}]{{0,8}}?)(?P<level>市|县|区|州|省|旗)委?")


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
    place = governing_place(surface)
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
    if abbreviated and not YOUTH_LEAGUE_INVERTED_RE.fullmatch(stripped):
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
        league = _YOUTH_LEAGUE_NAME_RE.fullmatch(stripped) or YOUTH_LEAGUE_INVERTED_RE.fullmatch(stripped)
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
            city = _city_of_district(parts, lowest, ctx, place_below=bool(TOWN_LEAD_RE.match(rest)))
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
            prefix = short_city_name(city.division.name) if city and city.division else (ctx.city_short or "")
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
    town = re.fullmatch(_TOWN_RE, surface)
    if town:
        pre, town_name = town["pre"], town["town"]
        # 牡丹区皇镇街道, 东昌府区古楼街道: the district is the town's parent, not part of
        # its name (a town's name is short, so the pattern alone cuts the district).
        region_parts, rest = split_regions(surface)
        rest_town = re.fullmatch(_TOWN_RE, rest) if region_parts else None
        if rest_town and not rest_town["pre"]:
            pre, town_name = surface[: len(surface) - len(rest)], rest
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
        return (parent or "") + town_name
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
