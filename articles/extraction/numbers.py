"""Quantities as newspapers write them: 13380, 1.2万, 十余, 520余, 超1000, 三四十.

`parse_number` reads one numeral with its hedges; `find_quantities` finds
numerals followed by a measure word (小时, 人次, 名 ...) in running text.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

with warnings.catch_warnings():
    # cn2an pulls in a deprecated setuptools API on import; nothing we can act on.
    warnings.simplefilter("ignore")
    import cn2an

CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
# 21,083.68: thousands separated by commas, as web pages print them.
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{CN_NUMERALS}]+)"
APPROX_PREFIXES = ("超过", "将近", "大约", "接近", "约", "近", "超", "逾", "上", "约有")
APPROX_SUFFIXES = ("余", "多", "来", "左右", "以上", "上下", "许")
EXACT_PREFIXES = ("达到", "达", "共计", "共", "累计", "合计", "总计", "计")

_PREFIX = "|".join(sorted(APPROX_PREFIXES + EXACT_PREFIXES, key=len, reverse=True))
_SUFFIX = "|".join(sorted(APPROX_SUFFIXES, key=len, reverse=True))
_RANGE_RE = re.compile(rf"^(?P<a>{_NUM})\s?(?:-|~|—|–|至|到)\s?(?P<b>{_NUM})$")
_ADJACENT_RE = re.compile(r"^(?P<a>[一二三四五六七八九])(?P<b>[一二三四五六七八九])(?P<rest>[十百千万]+)$")

NUMBER_PATTERN = (
    rf"(?P<pre>{_PREFIX})?\s?(?P<num>{_NUM}(?:\s?(?:-|~|至|到)\s?{_NUM})?)"
    rf"(?P<mult>万|千|百|亿)?(?P<suf>{_SUFFIX})?"
)


@dataclass(frozen=True)
class Quantity:
    value: float
    approximate: bool
    unit: str = ""
    start: int = 0
    end: int = 0
    high: float | None = None  # upper bound of a range (10-20)

    @property
    def as_int(self) -> int:
        return int(round(self.value))


@lru_cache(maxsize=4096)
def chinese_to_int(text: str) -> int | None:
    """十 → 10, 两千 → 2000, 百 → 100; None when it is not a numeral."""
    value = _to_number(text)
    if value is None or value != int(value):
        return None
    return int(value)


@lru_cache(maxsize=4096)
def _to_number(text: str) -> float | None:
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text[0] in "十百千万亿":
        text = "一" + text
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


MULTIPLIERS = {"万": 10_000, "千": 1_000, "百": 100, "亿": 100_000_000}


def parse_number(text: str) -> Quantity | None:
    """One numeral with its hedges: 超13380 → 13380 approximate; 1.2万 → 12000."""
    text = text.strip()
    m = re.fullmatch(NUMBER_PATTERN, text)
    if not m:
        return None
    return _from_match(m)


def _from_match(m: re.Match, unit: str = "", offset: int = 0) -> Quantity | None:
    num, mult, pre, suf = m["num"], m["mult"], m["pre"] or "", m["suf"] or ""
    high = None
    approximate = pre in APPROX_PREFIXES or bool(suf)
    ranged = _RANGE_RE.match(num)
    if ranged:
        low_v, high_v = _to_number(ranged["a"]), _to_number(ranged["b"])
        if low_v is None or high_v is None:
            return None
        value, high, approximate = low_v, high_v, True
    else:
        adjacent = _ADJACENT_RE.match(num)
        if adjacent:
            # 三四十 = "thirty or forty": keep the lower bound and say it is approximate.
            value = _to_number(adjacent["a"] + adjacent["rest"])
            high = _to_number(adjacent["b"] + adjacent["rest"])
            approximate = True
        else:
            value = _to_number(num)
    if value is None:
        return None
    factor = MULTIPLIERS.get(mult or "", 1)
    value *= factor
    if high is not None:
        high *= factor
    return Quantity(
        value=value, approximate=approximate, unit=unit, start=offset + m.start(), end=offset + m.end(), high=high
    )


@lru_cache(maxsize=64)
def _quantity_re(units: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    return re.compile(rf"{NUMBER_PATTERN}\s?(?P<unit>{alternatives})")


def find_quantities(text: str, units: tuple[str, ...]) -> list[Quantity]:
    """Numerals directly followed by one of `units`, with their spans (unit included)."""
    out = []
    for m in _quantity_re(tuple(units)).finditer(text):
        # A Chinese numeral glued to a preceding character is usually part of a word (统一名).
        if m["num"][0] in CN_NUMERALS and not m["pre"] and m.start() and _glued(text, m.start()):
            continue
        if _negative(text, m.start()):
            continue  # 服务时长-5小时 is a data error; a negative figure never becomes a positive one
        q = _from_match(m, unit=m["unit"])
        if q is not None:
            out.append(Quantity(q.value, q.approximate, q.unit, m.start(), m.end(), q.high))
    return out


_MINUS_SIGNS = "-−－﹣‐‑–"


def _negative(text: str, start: int) -> bool:
    """A minus sign (or 负) right before the numeral, not a range dash after another number."""
    at = start
    while at and text[at - 1] == " ":
        at -= 1
    if not at:
        return False
    sign = text[at - 1]
    if sign == "负":
        return True
    if sign not in _MINUS_SIGNS:
        return False
    return at < 2 or not (text[at - 2].isdigit() or text[at - 2] in CN_NUMERALS)


def _glued(text: str, start: int) -> bool:
    # 统一, 唯一, 第一, 星期一, 之一: the numeral belongs to the word before it.
    return text[start - 1] in "统唯专单初周第之期拜万千百十几数某"
