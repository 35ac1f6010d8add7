"""The region context of an article: what 市, 区, 县 and 镇 mean in it.

The regions its names are written under are counted, in the article and over the
page; the most named ones (or the paper's own region) fill the context.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .regions import COUNTY, PREFECTURE, PROVINCE, gazetteer
from .text import CJK
from .unit_grammar import Mention
from .unit_regions import TOWN_LEAD_RE, ZONE_RE, split_regions


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
                previous_city = short_city_name(d.name)
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
        town = TOWN_LEAD_RE.match(rest)
        if town:
            counts.town[town.group(0)] += 1
        elif re.fullmatch(f"[{CJK}]{{2,5}}(?:镇|乡|街道)", rest):
            counts.town[rest] += 1
    return counts


def short_city_name(name: str) -> str:
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
        fields["city_short"] = short_city_name(fields["city"])
        if fields["province"] is None:
            # 兰州市 … 省文明办: the province is the city's own.
            fields["province"] = _province_of(fields["city"])
    district, city_short = fields["district"], fields["city_short"]
    if district and ZONE_RE.search(district) and city_short:
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
