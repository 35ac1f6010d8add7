"""Read queries on units."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from articles.extraction.names import expand_body
from core.models import ReviewStatus
from units.models import Region, Unit, UnitAlias

# -- possible duplicates --------------------------------------------------------

REASON_SAME_NAME = "地区归一后同名"
REASON_CONTAINS = "名称包含"
REASON_SHARED_ALIAS = "共用别名"

# Party committees write their organ with or without the party's name.
_PARTY_PREFIXES = ("中国共产党", "中共")
# 菏泽市人民检察院 and 菏泽市检察院 are the same organ; so are 人民法院/法院, 人民政府/政府.
_PEOPLES = re.compile(r"人民(?=检察院|法院|政府|银行|医院)")
# The level word a region name ends with; what precedes it is the stem used in unit names
# (菏泽市 → 菏泽: 菏泽市委办公室 and 市委办公室 in 菏泽 reduce to 市委办公室).
_REGION_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "街道办事处",
    "街道",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "镇",
    "乡",
    "盟",
    "州",
    "村",
    "社区",
)
# How a complete unit name ends: a longer name that starts with one names a part of that unit.
_UNIT_ENDINGS = (
    "局",
    "办公室",
    "办",
    "委员会",
    "委",
    "中心",
    "公司",
    "集团",
    "银行",
    "院",
    "校",
    "学",
    "园",
    "队",
    "所",
    "站",
    "部",
    "处",
    "科",
    "室",
    "会",
    "厅",
    "社区",
    "村",
    "镇",
    "乡",
    "街道",
    "馆",
    "厂",
    "行",
)
# Containment only counts for names long enough to mean something on their own
# (市委 is inside every committee office of the city).
MIN_CONTAINED_LENGTH = 4
# Longer names are not compared by containment (costs grow with the square of the length).
MAX_CONTAINING_LENGTH = 40


def region_stem(name: str) -> str:
    for suffix in _REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class _RegionInfo:
    id: int
    name: str
    stem: str
    parent_id: int | None


class _RegionIndex:
    """All regions in memory (a few thousand at most), for prefix matching and ancestry."""

    def __init__(self):
        self.by_id: dict[int, _RegionInfo] = {}
        for pk, name, parent_id in Region.objects.values_list("pk", "name", "parent_id"):
            self.by_id[pk] = _RegionInfo(pk, name, region_stem(name), parent_id)
        # Prefix → regions it can name, longest prefixes tried first.
        self.by_prefix: dict[str, list[_RegionInfo]] = defaultdict(list)
        for info in self.by_id.values():
            self.by_prefix[info.name].append(info)
            if info.stem != info.name:
                self.by_prefix[info.stem].append(info)
        self.prefix_lengths = sorted({len(p) for p in self.by_prefix}, reverse=True)
        self._chains: dict[int, tuple[int, ...]] = {}

    def chain(self, region_id: int | None) -> tuple[int, ...]:
        """The region and its ancestors, nearest first."""
        if region_id is None:
            return ()
        if region_id not in self._chains:
            ids, node = [], self.by_id.get(region_id)
            while node is not None and node.id not in ids:
                ids.append(node.id)
                node = self.by_id.get(node.parent_id) if node.parent_id else None
            self._chains[region_id] = tuple(ids)
        return self._chains[region_id]

    def is_within(self, region_id: int, ancestor_id: int) -> bool:
        return ancestor_id in self.chain(region_id)

    def match_prefix(self, text: str, allowed) -> tuple[_RegionInfo, str] | None:
        """The longest region name or stem `text` starts with, among regions `allowed` accepts."""
        for length in self.prefix_lengths:
            if length >= len(text):
                continue
            for info in self.by_prefix.get(text[:length], ()):
                if allowed(info):
                    return info, text[:length]
        return None


def normalise_unit_name(name: str, region_id: int | None, regions: _RegionIndex) -> tuple[str, int | None]:
    """The name with party prefix, region names and 人民 taken out, and the region the
    name places the unit in (the unit's own region, or a sub-region its name starts with).

    菏泽市委办公室 (菏泽市), 市委办公室 (菏泽市) and 中共菏泽市委办公室 all give 市委办公室."""
    text = name.strip()
    for prefix in _PARTY_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    effective = region_id

    def allowed(info: _RegionInfo) -> bool:
        # A prefix names the unit's region, one of its ancestors, or (for a unit whose
        # region is a city) a district inside it; with no region, any region.
        if region_id is None:
            return effective is None or regions.is_within(info.id, effective)
        return info.id in regions.chain(region_id) or regions.is_within(info.id, effective)

    while True:
        found = regions.match_prefix(text, allowed)
        if found is None:
            break
        info, prefix = found
        rest = text[len(prefix) :]
        if prefix == info.name and regions.match_prefix(rest, allowed) is None:
            # 菏泽市委办公室: keep the level word 市 so that it reads like 市委办公室.
            rest = text[len(info.stem) :]
            if not rest or rest == text:
                break
        if effective is None or (info.id != effective and regions.is_within(info.id, effective)):
            effective = info.id
        text = rest
    text = _PEOPLES.sub("", expand_body(text))  # 市场监管局 is 市场监督管理局
    return text, effective


@dataclass
class DuplicatePair:
    first: Unit
    second: Unit
    reasons: list[str] = field(default_factory=list)
    # The alias names the two share, when that is a reason.
    shared_names: list[str] = field(default_factory=list)

    def __str__(self):
        return f"{self.first} ≈ {self.second}（{'、'.join(self.reasons)}）"


def unit_possible_duplicates(*, queryset=None, limit: int | None = None) -> list[DuplicatePair]:
    """Pairs of units that are probably the same organisation, each pair once with all
    its reasons: the same name after region normalisation, one name inside the other in
    the same region, or an alias (or name) that both answer to. Rejected units and
    aliases are left out.

    Units are bucketed by (region, normalised name) and names are looked up in per-region
    sets, so the cost grows with the number of units, not with its square."""
    units = queryset if queryset is not None else Unit.objects.all()
    units = units.exclude(review_status=ReviewStatus.REJECTED)
    regions = _RegionIndex()

    normalised: dict[int, tuple[str, int | None]] = {}
    names_by_id: dict[int, str] = {}
    parents: dict[int, int | None] = {}
    rows = units.values_list("pk", "name", "region_id", "parent_id")
    for pk, name, region_id, parent_id in rows.iterator(chunk_size=5000):
        names_by_id[pk] = name
        parents[pk] = parent_id
        normalised[pk] = normalise_unit_name(name, region_id, regions)

    pairs: dict[tuple[int, int], dict] = {}

    def add(a: int, b: int, reason: str, shared: str | None = None) -> None:
        if a == b:
            return
        key = (a, b) if a < b else (b, a)
        entry = pairs.setdefault(key, {"reasons": [], "shared": []})
        if reason not in entry["reasons"]:
            entry["reasons"].append(reason)
        if shared and shared not in entry["shared"]:
            entry["shared"].append(shared)

    # 1. Same normalised name in the same region.
    buckets: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for pk, (text, region_id) in normalised.items():
        buckets[(region_id, text)].append(pk)
    for ids in buckets.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                add(a, b, REASON_SAME_NAME)

    # 2. One normalised name inside another, in the same region.
    by_region: dict[int | None, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for pk, (text, region_id) in normalised.items():
        if len(text) >= MIN_CONTAINED_LENGTH:
            by_region[region_id][text].append(pk)
    for texts in by_region.values():
        lengths = sorted({len(t) for t in texts})
        for text, ids in texts.items():
            if len(text) > MAX_CONTAINING_LENGTH:
                continue
            seen = set()
            for length in lengths:
                if length >= len(text):
                    break
                for start in range(len(text) - length + 1):
                    part = text[start : start + length]
                    if part in seen:
                        continue
                    seen.add(part)
                    if start == 0 and part.endswith(_UNIT_ENDINGS):
                        # 市政府办公室 + 市长公开电话受理中心接话大厅: a part of the unit named after it,
                        # its child whether or not the registry says so, never a duplicate.
                        continue
                    for inner in texts.get(part, ()):
                        for outer in ids:
                            if parents.get(outer) != inner and parents.get(inner) != outer:
                                add(inner, outer, REASON_CONTAINS)

    # 3. Shared aliases: two units answering to the same alias, or one's alias being the other's name.
    holders: dict[str, set[int]] = defaultdict(set)
    for pk, name in names_by_id.items():
        holders[name].add(pk)
    alias_rows = (
        UnitAlias.objects.filter(unit_id__in=units.values("pk"))
        .exclude(review_status=ReviewStatus.REJECTED)
        .values_list("unit_id", "name")
    )
    for unit_id, name in alias_rows.iterator(chunk_size=5000):
        holders[name].add(unit_id)
    for name, ids in holders.items():
        if len(ids) < 2:
            continue
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                add(a, b, REASON_SHARED_ALIAS, shared=name)

    keys = sorted(pairs, key=lambda k: (names_by_id[k[0]], names_by_id[k[1]]))
    if limit is not None:
        keys = keys[:limit]
    wanted = {pk for key in keys for pk in key}
    loaded = Unit.objects.select_related("region").in_bulk(wanted)
    return [
        DuplicatePair(
            first=loaded[a], second=loaded[b], reasons=pairs[(a, b)]["reasons"], shared_names=pairs[(a, b)]["shared"]
        )
        for a, b in keys
    ]
