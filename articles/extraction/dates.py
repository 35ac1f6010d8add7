"""Dates in newspaper Chinese: absolute, partial (month/day without a year) and relative.

A date is kept to the precision the text gives. A missing year may be inferred
(from the sentence, the article, the page or a reference date) and is then
flagged `year_inferred`; a missing day is never made up.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .numbers import chinese_to_int
from .records import PartialDate

MIN_YEAR, MAX_YEAR = 1949, 2100

_CN_DIGITS = "〇零一二三四五六七八九十"
_Y = r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})"
_M = rf"(?P<m>\d{{1,2}}|[{_CN_DIGITS}]{{1,3}}|元)"
_D = rf"(?P<d>\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})"

_FULL_RE = re.compile(rf"(?<!\d){_Y}\s?年\s?(?:{_M}\s?月(?:份)?\s?(?:{_D}\s?[日号])?)?")
_NUMERIC_RE = re.compile(r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])")
# 6月27上午: papers drop 日 before the time of day.
_MONTH_DAY_RE = re.compile(rf"(?<![\d年]){_M}\s?月(?:份)?(?:\s?{_D}\s?(?:[日号]|(?=上午|下午|晚上|早上|中午)))?")
_RELATIVE_YEAR_RE = re.compile(
    r"(?P<rel>今年|去年|前年|明年|本年|上年|当年|同年)(?:(?P<m>\d{1,2}|[〇零一二三四五六七八九十]{1,3})月(?:份)?(?:(?P<d>\d{1,2}|[〇零一二三四五六七八九十]{1,3})[日号])?)?"
)
_RELATIVE_DAY_RE = re.compile(
    r"近日|日前|近期|连日来|近年来|近年|近来|今天|昨天|昨日|今日|当天|当日|前天|本月|上月|上个月"
)
# 20日上午 after a dateline of 8月20日: a day of the page's month.
_DAY_ONLY_RE = re.compile(r"(?<![\d月年号日.\-/])(?P<d>\d{1,2})日(?=上午|下午|晚上|晚|早上|中午|凌晨|傍晚|，|,|\s)")
_PERIOD_AFTER_RE = re.compile(r"\s?(?:以来|至今|起(?!来)|开始|之后|后)")
_RELATIVE_YEAR_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: PartialDate | None
    kind: str  # absolute / partial / relative
    relative: str = ""  # 今年, 去年以来, 近日 ...
    is_period: bool = False  # "2020年以来": the start of a period, not an event date

    @property
    def precision(self) -> str | None:
        return self.date.precision if self.date else None


def _num(text: str | None) -> int | None:
    if text is None:
        return None
    if text == "元":  # 元月: January
        return 1
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in "〇零一二三四五六七八九" for ch in text):
        return int("".join(str("〇一二三四五六七八九".index(ch)) if ch != "零" else "0" for ch in text))
    return chinese_to_int(text)


def valid_parts(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not (MIN_YEAR <= year <= MAX_YEAR):
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    return 1 <= day <= last


def make_date(year: int | None, month: int | None = None, day: int | None = None, *, inferred: bool = False):
    """A PartialDate, or None when the parts cannot be a real date (2024年13月40日)."""
    if not valid_parts(year, month, day):
        return None
    if year is None and month is None:
        return None
    return PartialDate(year=year, month=month, day=day, year_inferred=inferred and year is not None)


def find_dates(text: str, *, reference: date | None = None) -> list[DateMention]:
    """Every date expression in `text`, left to right, none overlapping.

    `reference` resolves relative years (今年, 去年) and days (昨天); without it
    they are returned with `date=None` and their wording in `relative`.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(mention: DateMention) -> None:
        taken.append((mention.start, mention.end))
        found.append(mention)

    def period_after(end: int) -> tuple[bool, int]:
        m = _PERIOD_AFTER_RE.match(text, end)
        return (True, m.end()) if m else (False, end)

    for m in _NUMERIC_RE.finditer(text):
        parsed = make_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if parsed:
            add(DateMention(m.start(), m.end(), m.group(0), parsed, "absolute"))

    for m in _FULL_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        year, month, day = _num(m["y"]), _num(m["m"]), _num(m["d"])
        if month is None and text.startswith("度", m.end()):
            end = m.end() + 1
        else:
            end = m.end()
        parsed = make_date(year, month, day)
        if parsed is None:
            # 2024年13月40日 is no date at all: rejected whole rather than half-believed.
            continue
        is_period, _ = period_after(end)
        add(DateMention(m.start(), end, text[m.start() : end], parsed, "absolute", is_period=is_period))

    for m in _RELATIVE_YEAR_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        rel = m["rel"]
        month, day = _num(m["m"]), _num(m["d"])
        if not valid_parts(None, month, day):
            month = day = None
        end = m.start() + len(rel) + (len(m.group(0)) - len(rel) if month else 0)
        is_period, _ = period_after(end)
        parsed = None
        offset = _RELATIVE_YEAR_OFFSET.get(rel)
        if reference is not None and offset is not None:
            parsed = make_date(reference.year + offset, month, day, inferred=True)
        elif month is not None:
            parsed = make_date(None, month, day)
        label = rel + ("以来" if is_period and text.startswith("以来", end) else "")
        add(DateMention(m.start(), end, text[m.start() : end], parsed, "relative", relative=label, is_period=is_period))

    for m in _MONTH_DAY_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        month, day = _num(m["m"]), _num(m["d"])
        if month is None or not valid_parts(None, month, day):
            continue
        # 3个月 / 第一个月 are durations, not dates.
        if m.start() and text[m.start() - 1] in "个第数几多每":
            continue
        is_period, _ = period_after(m.end())
        add(DateMention(m.start(), m.end(), m.group(0), make_date(None, month, day), "partial", is_period=is_period))

    if reference is not None:
        for m in _DAY_ONLY_RE.finditer(text):
            day = int(m["d"])
            if not free(m.start(), m.end()) or day > 31:
                continue
            year, month = reference.year, reference.month
            if day > reference.day:  # a day after the page's: last month's
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            parsed = make_date(year, month, day, inferred=True)
            if parsed:
                add(DateMention(m.start(), m.end(), m.group(0), parsed, "partial"))

    for m in _RELATIVE_DAY_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        word = m.group(0)
        parsed = None
        if reference is not None and word in ("今天", "今日"):
            parsed = PartialDate(reference.year, reference.month, reference.day, year_inferred=True)
        elif reference is not None and word in ("昨天", "昨日"):
            prev = date.fromordinal(reference.toordinal() - 1)
            parsed = PartialDate(prev.year, prev.month, prev.day, year_inferred=True)
        elif reference is not None and word == "本月":
            parsed = PartialDate(reference.year, reference.month, year_inferred=True)
        add(DateMention(m.start(), m.end(), word, parsed, "relative", relative=word, is_period=word.endswith("来")))

    found.sort(key=lambda d: d.start)
    return found


def with_year(partial: PartialDate, year: int | None) -> PartialDate:
    if partial.year is not None or year is None or not valid_parts(year, partial.month, partial.day):
        return partial
    return PartialDate(year, partial.month, partial.day, year_inferred=True)


def year_for(month: int, day: int | None, reference: date) -> int:
    """The year of a month/day seen on a page dated `reference`: never far in its future."""
    candidate = (month, day or 1)
    ref = (reference.month, reference.day)
    # A page rarely reports a date more than a month ahead; 12月28日 on a January page is last year.
    if candidate[0] - ref[0] > 1 or (candidate[0] - ref[0] == 1 and candidate[1] > ref[1]):
        return reference.year - 1
    return reference.year


@dataclass(frozen=True)
class DateContext:
    """Where a missing year comes from, in order: the article, the page, the reference date."""

    article_year: int | None = None
    page_date: date | None = None
    reference: date | None = None

    def complete(self, partial: PartialDate, *, sentence_year: int | None = None) -> PartialDate:
        if partial.year is not None or partial.month is None:
            return partial
        for year in (sentence_year, self.article_year):
            if year is not None:
                return with_year(partial, year)
        for anchor in (self.page_date, self.reference):
            if anchor is not None:
                return with_year(partial, year_for(partial.month, partial.day, anchor))
        return partial


_FILE_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[-_.]?(?P<m>0[1-9]|1[0-2])[-_.]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
_HEADER_DATE_RE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*(?:星期|周)[一二三四五六日天]")


def _matched_date(m: re.Match | None) -> date | None:
    """The date a match's y, m and d groups name, if it exists and its year is in range."""
    if not m:
        return None
    try:
        parsed = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None


def date_from_file_name(name: str) -> date | None:
    return _matched_date(_FILE_DATE_RE.search(name))


def date_from_page_header(text: str) -> date | None:
    """A page's own date, from a masthead line like 2024年3月14日 星期四."""
    return _matched_date(_HEADER_DATE_RE.search(text[:2000]))


_YEAR_TOKEN_RE = re.compile(
    r"(?<!\d)(\d{4})年(?!\d{1,2}月)(?!度|以来|来|起|开始|至|到|前|后|底|末|以前|以后|之前|之后)"
    # 2017宁夏大型赛会志愿服务启动仪式: a year written straight before an event's name, not a count.
    r"|(?<![\d.])((?:19|20)\d{2})(?=[\u4e00-\u9fff])(?![年名位人个余多户家次项元万千百届批期号小天])"
)


_DOCUMENT_YEAR_RE = re.compile(r"[〔\[［(（]((?:19|20)\d{2})[〕\]］)）]\s*\d{1,4}\s*号")


def document_year(text: str) -> int | None:
    """The year of the document a notice cites (济文明委〔2011〕11号)."""
    found = _DOCUMENT_YEAR_RE.search(text)
    return int(found.group(1)) if found else None


_FOUNDED_RE = re.compile(r"\s*(?:正式)?(?:成立|组建|挂牌|揭牌|建立|创建|创办)")
_ANNIVERSARY_RE = re.compile(r"成立(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})周年")


def is_founding(text: str, mention: DateMention) -> bool:
    """于2018年4月16日成立: a unit's founding date, which dates neither an event nor the article."""
    return _FOUNDED_RE.match(text, mention.end) is not None


def _anniversary_of_founding(text: str, founded: int) -> int | None:
    """成立两周年 of a unit founded in 2018 is 2020."""
    found = _ANNIVERSARY_RE.search(text)
    number = _num(found["n"].replace("两", "二")) if found else None
    return founded + number if number else None


def event_year_in(sentence: str) -> int | None:
    """The one year a sentence names for its event (2024年“3·15”活动), if exactly one."""
    years = {int(y or bare) for y, bare in _YEAR_TOKEN_RE.findall(sentence)}
    years = {y for y in years if MIN_YEAR <= y <= MAX_YEAR}
    return years.pop() if len(years) == 1 else None


# Days counted from their first year: 第60个学雷锋纪念日 is 2023 (题词 1963), 第35个国际志愿者日
# is 2020 (first kept in 1986), 第25个中国青年志愿者服务日 is 2024 (first in 2000).
_COUNTED_DAYS = (
    (re.compile(r"第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,4})个[“\"]?(?:学雷锋|学习雷锋)(?:纪念)?日"), 1963),
    (re.compile(r"第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,4})个[“\"]?国际志愿者日"), 1985),
    (re.compile(r"第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,4})个[“\"]?中国青年志愿者服务日"), 1999),
    (re.compile(r"(?:题词|号召)(?P<n>\d{1,3}|[一二三四五六七八九十]{1,4})周年"), 1963),
)


def anniversary_year(text: str) -> int | None:
    """The year a counted day names (第60个学雷锋纪念日 → 2023), when the text names one."""
    for pattern, first in _COUNTED_DAYS:
        found = pattern.search(text)
        if found:
            number = _num(found["n"])
            if number:
                year = first + number
                return year if MIN_YEAR <= year <= MAX_YEAR else None
    return None


def article_year(text: str, dates: list[DateMention]) -> int | None:
    """The year an article reports in, from its own words: its first full date (a founding
    date aside), else a counted day (第60个学雷锋纪念日), the anniversary of a founding
    (成立两周年), or the document a notice cites (〔2011〕11号)."""
    full = [
        d
        for d in dates
        if d.kind == "absolute" and d.date and d.date.day is not None and not d.is_period and not is_founding(text, d)
    ]
    if full:
        return full[0].date.year
    founded = [d.date.year for d in dates if d.date and d.date.year and is_founding(text, d)]
    return (
        anniversary_year(text)
        or (_anniversary_of_founding(text, founded[0]) if founded else None)
        or document_year(text[:600])
    )
