"""How rounds are written: 首批, 第二批, 第四届, 2019年度 (honours.md A1: "label
drift" — the same round is called 批 by some papers and 届 by others)."""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_EDITION_RE = re.compile(r"第?(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})(?:届|批|轮)|(?P<first>首)(?:届|批)")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (the rounds' own way of writing, up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _from_chinese(text: str) -> int | None:
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)


def round_number(edition: str) -> int | None:
    """第四届 / 第4批 / 首批 → its number; text naming no round → None."""
    found = _EDITION_RE.search(edition or "")
    if found is None:
        return None
    if found["first"]:
        return 1
    n = found["n"]
    return int(n) if n.isdigit() else _from_chinese(n)


def round_label(number: int, label: str) -> str:
    """The round as papers write it: 首批 is 第一批 too, but 第一届 reads as such."""
    if label == "annual":
        return f"{number}年度"
    word = "批" if label == "batch" else "届"
    return f"第{chinese_number(number)}{word}"


def round_of_event(rounds: list[tuple[int, str, int]], edition: str, year: int | None) -> int | None:
    """The number of the round an event belongs to, among the honour's rounds as
    (number, label, year): the round its text names (第四届), else the yearly round
    of its year (2019年度), else the round in force in its year (a 2018 review of a
    2017 naming belongs to the 2017 round)."""
    named = round_number(edition)
    numbers = {number for number, _, _ in rounds}
    if named is not None:
        return named if named in numbers else None
    if year is None:
        return None
    for number, label, _ in rounds:
        if label == "annual" and number == year:
            return number
    in_force = [(round_year, number) for number, label, round_year in rounds if round_year <= year]
    return max(in_force)[1] if in_force else None
